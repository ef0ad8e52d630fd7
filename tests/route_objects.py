"""The data set the route crawl requests every URL with: one public, one private and one hidden network
with everything that hangs off them, organisations, practices, guides, toolboxes; and the personas.

The personas (PERSONAS, in the column order of tests/authz_expectations.py): anonymous; an outsider with an
account and no role anywhere; a member (of each network, of the organisation, of the group and direct
conversations, and the one a toolbox is shared with); a moderator (moderator role in each network, named
moderator of the site-wide forum category, nothing in the organisation); the owner (created each network,
so its owner role, owns the organisation and writes its practices, guides, tools, board posts and
partnerships, administers the group conversation); and site staff (no role anywhere, `is_staff`).

`build_world()` returns the personas and `refs`, a flat table from a reference name (the names the crawl's
parameter table uses) to the value that goes into a URL. Every name that points at something inside the
hidden network contains "hidden": the crawl swaps exactly those for a missing value to check that a
hidden object answers like one that does not exist.
"""

import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from community.accounts import services as account_services
from community.library import services as library_services
from community.library.models import EDITORS_GROUP
from community.organisations import services as organisation_services
from community.organisations.models import Invitation, OfferingPhoto, Role
from community.services import notify_members
from community.tokens import token_digest
from community.toolbox import services as toolbox_services
from forums.models import Access, Suspension
from messaging import services as messaging_services
from messaging.models import Conversation
from networks import services as network_services
from networks.models import JoinPolicy, JoinRequest, NetworkMembership, NetworkRole, Visibility
from tests.factories import (
    CategoryFactory,
    FlagFactory,
    MembershipFactory,
    NetworkOrganisationFactory,
    OfferingFactory,
    OrganisationFactory,
    PartnershipPostFactory,
    PollFactory,
    PostFactory,
    TopicFactory,
    UserFactory,
)

PERSONAS = ("anonymous", "outsider", "member", "moderator", "owner", "staff")
GOOD_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@dataclass
class World:
    users: dict[str, Any]
    refs: dict[str, Any] = field(default_factory=dict)


def _practice(author, editor, *, title: str, network=None, publish: bool = True):
    practice = library_services.practice_create(
        author=author,
        title=title,
        summary="Cursos en línea para pequeños hoteles.",
        country="EC",
        sector="tourism_accommodation",
        training_area="digital_skills",
        target_groups=["business_owners"],
        context="Los hoteles no podían cerrar la recepción.",
        method="Taller participativo.",
        lessons="El gremio es decisivo.",
        language="es",
        licence="cc-by-4.0",
        network=network,
        tags=["turismo"],
        indicators=[{"value": "12", "unit": "hotels", "period": "6 months"}],
    )
    if publish:
        library_services.practice_submit(practice=practice, actor=author)
        library_services.practice_publish(practice=practice, reviewer=editor)
    return practice


def _network_space(world: World, name: str, visibility: str, org_a, org_b, editor) -> None:
    """A network owned by the owner persona and moderated by the moderator persona, its forum, board,
    partnerships and pending business."""
    users, refs = world.users, world.refs
    owner, member = users["owner"], users["member"]
    network = network_services.network_create(
        creator=owner,
        name=f"Red {name}",
        description="Una red de prueba.",
        visibility=visibility,
        join_policy=JoinPolicy.REQUEST,
    )
    membership = NetworkMembership.objects.create(network=network, user=member, role=NetworkRole.MEMBER)
    NetworkMembership.objects.create(network=network, user=users["moderator"], role=NetworkRole.MODERATOR)
    refs[f"{name}_network"] = network.slug
    refs[f"{name}_membership"] = membership.pk

    category = network.forum_categories.get()
    refs[f"{name}_category"] = category.slug
    _forum(world, name, category)

    requester = UserFactory(display_name=f"Requester {name}")
    # Written directly: in the hidden network only an invitee could ask, which the service checks.
    join_request = JoinRequest.objects.create(network=network, user=requester, message="Hola")
    refs[f"{name}_join_request"] = join_request.pk
    invitation, raw = network_services.invitation_create(
        network=network, actor=owner, email=f"invitee-{name}@example.org"
    )
    refs[f"{name}_net_invitation"] = invitation.pk
    refs[f"{name}_net_invitation_token"] = raw
    banned = UserFactory(display_name=f"Banned {name}")
    banned_membership = NetworkMembership.objects.create(network=network, user=banned)
    network_services.membership_remove(membership=banned_membership, actor=owner, ban=True, reason="spam")
    refs[f"{name}_ban"] = network.bans.get().pk
    link = NetworkOrganisationFactory(network=network, organisation=org_b, added_by=owner)
    refs[f"{name}_org_link"] = link.pk

    post = PartnershipPostFactory(network=network, author=owner, organisation=org_a)
    refs[f"{name}_board_post"] = post.pk
    interest = network_services.interest_create(post=post, user=member, message="Nos interesa")
    refs[f"{name}_interest"] = interest.pk
    partnership = network_services.partnership_create(
        actor=owner, title=f"Ruta {name}", parties=[org_a, org_b], network=network
    )
    refs[f"{name}_partnership"] = partnership.pk

    practice = _practice(owner, editor, title=f"Práctica {name}", network=network)
    refs[f"{name}_practice"] = practice.slug
    attachment = library_services.attachment_add(
        practice=practice, actor=owner, upload=SimpleUploadedFile("informe.pdf", GOOD_PDF)
    )
    refs[f"{name}_attachment"] = attachment.pk
    refs[f"{name}_attachment_practice"] = practice.slug
    draft = _practice(owner, editor, title=f"Borrador {name}", network=network, publish=False)
    refs[f"{name}_draft_practice"] = draft.slug
    guide = library_services.guide_create(author=owner, title=f"Guía {name}", network=network)
    item = library_services.guide_chapter_add(guide=guide, actor=owner, heading="Inicio", body="Texto.")
    library_services.guide_practice_add(guide=guide, actor=owner, practice=practice)
    refs[f"{name}_guide"] = guide.slug
    refs[f"{name}_guide_item"] = item.pk


def _forum(world: World, name: str, category) -> None:
    users, refs = world.users, world.refs
    moderator, member = users["moderator"], users["member"]
    topic = TopicFactory(category=category, author=member, title=f"Tema {name}")
    reply = PostFactory(topic=topic, author=member, body="Una respuesta.")
    topic.last_post = reply
    topic.save(update_fields=["last_post"])
    poll = PollFactory(topic=topic)
    flagged = PostFactory(topic=topic, author=UserFactory(), body="Compre ahora.")
    FlagFactory(post=flagged, reporter=member)
    suspended = UserFactory(display_name=f"Suspended {name}")
    suspension = Suspension.objects.create(
        user=suspended,
        category=category,
        until=timezone.now() + timedelta(days=3),
        reason="spam",
        created_by=moderator,
    )
    refs[f"{name}_topic"] = topic.pk
    refs[f"{name}_post"] = reply.pk
    refs[f"{name}_opening_post"] = topic.posts.order_by("pk").first().pk
    refs[f"{name}_poll"] = poll.pk
    refs[f"{name}_poll_option"] = poll.options.order_by("position").first().pk
    refs[f"{name}_flagged_post"] = flagged.pk
    refs[f"{name}_suspension"] = suspension.pk


def _messaging(world: World) -> None:
    """A message in each network's conversation, a group, a direct conversation, a message request to the
    member persona and a person the member persona blocks."""
    users, refs = world.users, world.refs
    owner, member = users["owner"], users["member"]

    def send(conversation, author, body: str) -> int:
        message, _created = messaging_services.message_send(
            conversation=conversation, author=author, body=body, client_id=uuid.uuid4()
        )
        return message.pk

    for name in ("public", "private", "hidden"):
        conversation = Conversation.objects.get(network__slug=refs[f"{name}_network"])
        refs[f"{name}_conversation"] = conversation.pk
        refs[f"{name}_message"] = send(conversation, member, f"Hola red {name}")
    group = messaging_services.group_create(creator=owner, title="Artesanas de Saraguro", members=[member])
    refs["group_conversation"] = group.pk
    refs["group_message"] = send(group, member, "¿Feria el sábado?")
    direct = messaging_services.direct_open(user=member, other=owner)
    refs["direct_conversation"] = direct.pk
    refs["direct_message"] = send(direct, member, "Hola Olga")
    stranger = UserFactory(display_name="Rita Requester")
    request = messaging_services.direct_open(user=stranger, other=member)
    send(request, stranger, "¿Vende artesanías?")
    refs["request_conversation"] = request.pk
    blocked = UserFactory(display_name="Bruno Blocked")
    messaging_services.block_create(blocker=member, blocked=blocked)
    refs["blocked_user"] = blocked.pk


def _messaging_pages(world: World) -> None:
    """A file in the direct conversation and one in the hidden network's, for the download page."""
    refs, member = world.refs, world.users["member"]
    for name in ("direct", "hidden"):
        conversation = Conversation.objects.get(pk=refs[f"{name}_conversation"])
        message, _created = messaging_services.message_send(
            conversation=conversation,
            author=member,
            body="Informe",
            client_id=uuid.uuid4(),
            files=[SimpleUploadedFile("informe.pdf", GOOD_PDF)],
        )
        refs[f"{name}_message_attachment"] = message.attachments.get().pk


def build_world() -> World:
    editor = UserFactory(display_name="Elena Editora")
    editor.groups.add(Group.objects.get_or_create(name=EDITORS_GROUP)[0])
    # Accounts older than the forums' new-account limits, which would otherwise answer before the permissions.
    joined = timezone.now() - timedelta(days=60)
    world = World(
        users={
            "anonymous": None,
            "outsider": UserFactory(display_name="Otto Outsider", date_joined=joined),
            "member": UserFactory(display_name="Mara Member", date_joined=joined),
            "moderator": UserFactory(display_name="Mateo Moderator", date_joined=joined),
            "owner": UserFactory(display_name="Olga Owner", date_joined=joined),
            "staff": UserFactory(display_name="Sara Staff", is_staff=True, date_joined=joined),
        }
    )
    users, refs = world.users, world.refs
    owner, member = users["owner"], users["member"]

    # Organisations: the owner persona owns org_a, the member persona belongs to it.
    org_a = OrganisationFactory(name="Hostal Andino", slug="hostal-andino")
    MembershipFactory(organisation=org_a, user=owner, role=Role.OWNER)
    org_membership = MembershipFactory(organisation=org_a, user=member, role=Role.MEMBER)
    org_b = OrganisationFactory(name="Cámara de Loja", slug="camara-loja")
    MembershipFactory(organisation=org_b, role=Role.OWNER)
    offering = OfferingFactory(organisation=org_a)
    photo = OfferingPhoto.objects.create(offering=offering, image="offerings/x.jpg", caption="Foto")
    inquiry = organisation_services.inquiry_create(
        organisation=org_a,
        requester=users["staff"],
        offering=offering,
        message="¿Tienen disponibilidad para 12 personas?",
        name="Sara",
        email="sara@example.org",
    )
    invitation = Invitation.objects.create(
        organisation=org_a,
        email="invitee@example.org",
        digest=token_digest("org-invitation-token"),
        invited_by=owner,
        expires_at=timezone.now() + timedelta(days=7),
    )
    refs.update(
        org=org_a.slug,
        org_membership=org_membership.pk,
        org_invitation=invitation.pk,
        org_invitation_token="org-invitation-token",
        offering=offering.pk,
        offering_photo=photo.pk,
        inquiry=inquiry.pk,
    )

    # A site-wide forum category (outside any network).
    site_category = CategoryFactory(read_access=Access.EVERYONE, slug="general")
    site_category.moderators.add(users["moderator"])
    refs["site_category"] = site_category.slug
    _forum(world, "site", site_category)

    for name, visibility in (
        ("public", Visibility.PUBLIC),
        ("private", Visibility.PRIVATE),
        ("hidden", Visibility.HIDDEN),
    ):
        _network_space(world, name, visibility, org_a, org_b, editor)

    # Library outside any network.
    practice = _practice(owner, editor, title="Formación virtual para hostales")
    refs["practice"] = practice.slug
    attachment = library_services.attachment_add(
        practice=practice, actor=owner, upload=SimpleUploadedFile("guia.pdf", GOOD_PDF)
    )
    refs["attachment"] = attachment.pk
    refs["attachment_practice"] = practice.slug
    refs["draft_practice"] = _practice(owner, editor, title="Borrador abierto", publish=False).slug
    # A site-wide guide is the library editors' to write.
    guide = library_services.guide_create(author=editor, title="Guía de formación")
    item = library_services.guide_chapter_add(guide=guide, actor=editor, heading="Inicio", body="Texto.")
    library_services.guide_practice_add(guide=guide, actor=editor, practice=practice)
    refs["guide"] = guide.slug
    refs["guide_item"] = item.pk

    # Toolboxes of the owner persona, one of them shared read-only with the member persona.
    plan = toolbox_services.business_plan_create(actor=owner, title="Plan del lodge")
    share = toolbox_services.tool_share_add(tool=plan, actor=owner, email=member.email)
    projection = toolbox_services.cashflow_create(
        actor=owner, title="Flujo 2026", start_month=timezone.now().date().replace(day=1)
    )
    line = toolbox_services.cashflow_line_create(
        projection=projection,
        actor=owner,
        kind="income",
        category="sales",
        name="Habitaciones",
        repeat_amount=Decimal("100"),
        repeat_from=None,
        repeat_until=None,
        amounts={},
    )
    marketing = toolbox_services.marketing_plan_create(actor=owner, title="Marketing 2026")
    action = toolbox_services.marketing_action_create(
        plan=marketing,
        actor=owner,
        date=timezone.now().date(),
        action="Publicar fotos",
        channel="instagram",
        cost=Decimal("10"),
    )
    refs.update(
        plan=plan.pk,
        plan_share=share.pk,
        cashflow=projection.pk,
        cashflow_line=line.pk,
        marketing=marketing.pk,
        marketing_action=action.pk,
    )

    _messaging(world)
    _messaging_pages(world)

    # Accounts.
    token, _raw = account_services.api_token_create(user=owner, name="script")
    refs.update(
        token=token.pk,
        member_user=member.pk,
        spare_user=UserFactory(display_name="Pablo Plain").pk,
        member_uidb64=urlsafe_base64_encode(force_bytes(member.pk)),
        reset_token=default_token_generator.make_token(member),
        bad_token="not-a-valid-token",
    )
    notify_members(actor=member, recipients=[owner], verb="test", target=org_a, url="/")
    refs["notification"] = owner.notifications.filter(verb="test").get().pk
    return world
