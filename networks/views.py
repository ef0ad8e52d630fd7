"""Thin views for networks: list, space (about, members, activity), joining, moderation, invitations,
the partnership board, partnerships and indicators."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.accounts.models import User
from community.forms import form_error as _form_error
from community.http import AuthedRequest
from community.organisations.models import Organisation
from community.ratelimit import ratelimit
from networks import indicators, matching, permissions, selectors, services
from networks.forms import (
    BoardFilterForm,
    DecisionForm,
    InterestForm,
    InvitationForm,
    JoinRequestForm,
    MemberFilterForm,
    NetworkFilterForm,
    NetworkForm,
    OrganisationEnrolForm,
    PartnershipForm,
    PostForm,
    RemoveForm,
    RoleForm,
)
from networks.models import (
    JoinPolicy,
    JoinRequest,
    NetworkBan,
    NetworkInvitation,
    NetworkMembership,
    NetworkOrganisation,
    NetworkRole,
    PartnershipInterest,
    PartnershipStatus,
)

PAGE_SIZE = 20
# Per member and hour, one allowance shared with the API (networks/api.py): invitations and interests
# send e-mails, join requests notify every moderator.
INVITE_RATE = "30/h"
JOIN_REQUEST_RATE = "10/h"
INTEREST_RATE = "20/h"
FOUND_LIMIT = 10


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def index(request: HttpRequest) -> HttpResponse:
    form = NetworkFilterForm(request.GET or None)
    form.is_valid()
    filters = getattr(form, "cleaned_data", {})
    networks = selectors.network_list_for(request.user, q=filters.get("q", ""), kind=filters.get("kind", ""))
    page = Paginator(networks, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "networks/index.html",
        {
            "form": form,
            "page": page,
            "query": _query_without_page(request),
            "mine": selectors.networks_of(request.user),
        },
    )


@login_required
def create(request: AuthedRequest) -> HttpResponse:
    if not request.user.email_verified:
        messages.error(request, _("Confirm your e-mail address before creating a network."))
        return redirect("networks:index")
    form = NetworkForm(
        request.POST or None, request.FILES or None, hosts=permissions.managed_organisations(request.user)
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        logo = data.pop("logo", None) or None
        try:
            network = services.network_create(creator=request.user, logo=logo, **data)
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Your network is created. Now invite its first members."))
            return redirect(network)
    return render(request, "networks/form.html", {"form": form})


def detail(request: HttpRequest, slug: str) -> HttpResponse:
    network = permissions.get_network_for_user(request.user, slug)
    sees_content = permissions.can_see_network_content(request.user, network)
    role = permissions.network_role(request.user, network)
    services.visit_record(network=network)
    context: dict[str, Any] = {
        "network": network,
        "role": role,
        "role_label": dict(NetworkRole.choices).get(role or "", ""),
        "is_member": role is not None or permissions.is_member_through_organisation(request.user, network),
        "can_moderate": permissions.can_moderate(request.user, network),
        "sees_content": sees_content,
        "banned": permissions.is_banned(request.user, network),
        "last_request": selectors.pending_request_of(request.user, network),
        "join_form": JoinRequestForm(),
        "JoinPolicy": JoinPolicy,
    }
    if sees_content:
        context |= {
            "categories": selectors.network_categories(network),
            "practices": selectors.network_practices(request.user, network),
            "activity": selectors.activity_for(network),
            "organisation_count": network.organisation_memberships.count(),
            "member_count": network.memberships.count(),
        }
    if role is not None:
        enrollable = permissions.managed_organisations(request.user).exclude(
            network_memberships__network=network
        )
        context["enrol_form"] = (
            OrganisationEnrolForm(organisations=enrollable) if enrollable.exists() else None
        )
    return render(request, "networks/detail.html", context)


@login_required
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    network = permissions.get_network_for_user(request.user, slug)
    permissions.check_can_moderate(request.user, network)
    # The current host stays choosable even for a moderator who does not manage it.
    hosts = Organisation.objects.filter(
        Q(pk__in=permissions.managed_organisations(request.user).values("pk")) | Q(pk=network.host_id)
    )
    form = NetworkForm(request.POST or None, request.FILES or None, instance=network, hosts=hosts)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        logo = data.pop("logo", None)
        try:
            services.network_update(
                network=network,
                actor=request.user,
                logo=logo if logo and hasattr(logo, "content_type") else None,
                **data,
            )
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(network)
    return render(request, "networks/form.html", {"form": form, "network": network})


def members(request: HttpRequest, slug: str) -> HttpResponse:
    network = permissions.get_network_content_for_user(request.user, slug)
    form = MemberFilterForm(request.GET or None)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    filters = {
        "kind": data.get("kind", ""),
        "sector": data.get("sector", ""),
        "country": data.get("country", ""),
        "women_led": True if data.get("women_led") else None,
    }
    services.visit_record(network=network)
    people = Paginator(selectors.member_people(network, **filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    can_moderate = permissions.can_moderate(request.user, network)
    context = {
        "network": network,
        "form": form,
        "page": people,
        "query": _query_without_page(request),
        "organisations": selectors.member_organisations(network, **filters),
        "can_moderate": can_moderate,
        "managed": set(permissions.managed_organisations(request.user).values_list("pk", flat=True)),
        "role_choices": NetworkRole.choices,
        "remove_form": RemoveForm(),
        "bans": selectors.bans_of(network) if can_moderate else [],
    }
    return render(request, "networks/members.html", context)


def _after_join_error(request: HttpRequest, error: Exception, slug: str) -> HttpResponse:
    message = error.messages[0] if isinstance(error, ValidationError) else (str(error) or _("Not allowed."))
    messages.error(request, message)
    return redirect("networks:detail", slug=slug)


@login_required
@require_POST
def join(request: HttpRequest, slug: str) -> HttpResponse:
    network = permissions.get_network_for_user(request.user, slug)
    try:
        services.network_join(network=network, user=request.user)
    except (PermissionDenied, ValidationError) as error:
        return _after_join_error(request, error, slug)
    messages.success(request, _("Welcome to %(name)s.") % {"name": network.name})
    return redirect(network)


@login_required
@require_POST
@ratelimit(key="network-join-request", rate=JOIN_REQUEST_RATE)
def request_join(request: HttpRequest, slug: str) -> HttpResponse:
    network = permissions.get_network_for_user(request.user, slug)
    form = JoinRequestForm(request.POST)
    form.is_valid()
    try:
        services.join_request_create(
            network=network, user=request.user, message=form.cleaned_data.get("message", "")
        )
    except (PermissionDenied, ValidationError) as error:
        return _after_join_error(request, error, slug)
    messages.success(request, _("Your request is sent. The moderators will answer you."))
    return redirect(network)


@login_required
@require_POST
def leave(request: HttpRequest, slug: str) -> HttpResponse:
    network = permissions.get_network_for_user(request.user, slug)
    try:
        services.membership_leave(network=network, user=request.user)
    except ValidationError as error:
        return _after_join_error(request, error, slug)
    messages.success(request, _("You have left %(name)s.") % {"name": network.name})
    return redirect("networks:index")


@login_required
def requests(request: HttpRequest, slug: str) -> HttpResponse:
    network = permissions.get_network_for_user(request.user, slug)
    permissions.check_can_moderate(request.user, network)
    return render(
        request,
        "networks/requests.html",
        {"network": network, "requests": selectors.pending_requests(network), "form": DecisionForm()},
    )


@login_required
@require_POST
def request_decide(request: HttpRequest, slug: str, pk: int, decision: str) -> HttpResponse:
    network = permissions.get_network_for_user(request.user, slug)
    permissions.check_can_moderate(request.user, network)
    join_request = get_object_or_404(
        JoinRequest.objects.select_related("user", "network"), pk=pk, network=network
    )
    form = DecisionForm(request.POST)
    form.is_valid()
    service = services.join_request_approve if decision == "approve" else services.join_request_refuse
    try:
        service(join_request=join_request, actor=request.user, response=form.cleaned_data.get("response", ""))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        name = join_request.user.display_name
        messages.success(
            request,
            _("%(name)s is now a member.") % {"name": name}
            if decision == "approve"
            else _("Request from %(name)s refused.") % {"name": name},
        )
    return redirect("networks:requests", slug=slug)


@login_required
@ratelimit(key="network-invite", rate=INVITE_RATE, methods=["POST"])
def invite(request: HttpRequest, slug: str) -> HttpResponse:
    network = permissions.get_network_for_user(request.user, slug)
    permissions.check_can_moderate(request.user, network)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        member_pk = form.cleaned_data.get("member")
        invitee = get_object_or_404(User, pk=member_pk, is_active=True) if member_pk else None
        try:
            services.invitation_create(
                network=network, actor=request.user, email=form.cleaned_data.get("email") or "", user=invitee
            )
        except ValidationError as error:
            _form_error(form, error)
        else:
            who = invitee.display_name if invitee else form.cleaned_data["email"]
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": who})
            return redirect("networks:invite", slug=slug)
    q = request.GET.get("q", "").strip()[:100]
    # By name only: a search by address would tell who has an account.
    found = (
        User.objects.filter(is_active=True, display_name__icontains=q)
        .exclude(network_memberships__network=network)
        .order_by("display_name")[:FOUND_LIMIT]
        if len(q) >= 2
        else []
    )
    context = {
        "network": network,
        "form": form,
        "q": q,
        "found": found,
        "invitations": selectors.pending_invitations(network),
    }
    return render(request, "networks/invite.html", context)


@login_required
@require_POST
def invitation_cancel(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    network = permissions.get_network_for_user(request.user, slug)
    invitation = get_object_or_404(NetworkInvitation, pk=pk, network=network)
    services.invitation_cancel(invitation=invitation, actor=request.user)
    messages.success(request, _("Invitation cancelled."))
    return redirect("networks:invite", slug=slug)


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = services.invitation_find(token=token)
    except ValidationError as error:
        return render(request, "networks/invitation.html", {"error": error.messages[0]}, status=404)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.path)
        try:
            services.invitation_accept(token=token, user=request.user)
        except (ValidationError, PermissionDenied) as error:
            message = error.messages[0] if isinstance(error, ValidationError) else str(error)
            return render(
                request, "networks/invitation.html", {"invitation": invitation, "error": message}, status=400
            )
        messages.success(request, _("Welcome to %(name)s.") % {"name": invitation.network.name})
        return redirect(invitation.network)
    return render(request, "networks/invitation.html", {"invitation": invitation})


def _moderated_membership(request: HttpRequest, slug: str, pk: int) -> NetworkMembership:
    network = permissions.get_network_for_user(request.user, slug)
    permissions.check_can_moderate(request.user, network)
    return get_object_or_404(
        NetworkMembership.objects.select_related("user", "network"), pk=pk, network=network
    )


@login_required
@require_POST
def member_role(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = _moderated_membership(request, slug, pk)
    form = RoleForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose owner, moderator or member."))
        services.membership_set_role(
            membership=membership, actor=request.user, role=form.cleaned_data["role"]
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Role changed."))
    return redirect("networks:members", slug=slug)


@login_required
@require_POST
def member_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = _moderated_membership(request, slug, pk)
    form = RemoveForm(request.POST)
    form.is_valid()
    ban = bool(form.cleaned_data.get("ban"))
    try:
        services.membership_remove(
            membership=membership, actor=request.user, ban=ban, reason=form.cleaned_data.get("reason", "")
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Member removed and banned.") if ban else _("Member removed."))
    return redirect("networks:members", slug=slug)


@login_required
@require_POST
def ban_lift(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    network = permissions.get_network_for_user(request.user, slug)
    ban = get_object_or_404(NetworkBan, pk=pk, network=network)
    services.ban_lift(ban=ban, actor=request.user)
    messages.success(request, _("Ban lifted."))
    return redirect("networks:members", slug=slug)


@login_required
@require_POST
def organisation_add(request: HttpRequest, slug: str) -> HttpResponse:
    network = permissions.get_network_for_user(request.user, slug)
    form = OrganisationEnrolForm(request.POST, organisations=permissions.managed_organisations(request.user))
    if not form.is_valid():
        messages.error(request, _("Choose one of your organisations."))
        return redirect(network)
    organisation = form.cleaned_data["organisation"]
    services.network_organisation_add(network=network, organisation=organisation, actor=request.user)
    messages.success(request, _("%(name)s is now in the network.") % {"name": organisation.name})
    return redirect(network)


@login_required
@require_POST
def organisation_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    network = permissions.get_network_for_user(request.user, slug)
    link = get_object_or_404(
        NetworkOrganisation.objects.select_related("organisation"), pk=pk, network=network
    )
    services.network_organisation_remove(link=link, actor=request.user)
    messages.success(request, _("%(name)s has left the network.") % {"name": link.organisation.name})
    return redirect("networks:members", slug=slug)


# The partnership board.


def board(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    network = permissions.get_network_content_for_user(request.user, slug) if slug else None
    if network is not None:
        services.visit_record(network=network)
    form = BoardFilterForm(request.GET or None)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    posts = selectors.board_for(
        request.user, network=network, direction=data.get("direction", ""), kind=data.get("kind", "")
    )
    page = Paginator(posts, PAGE_SIZE).get_page(request.GET.get("page"))
    can_post = request.user.is_authenticated and (
        network is None or request.user.is_staff or permissions.is_network_member(request.user, network)
    )
    return render(
        request,
        "networks/board.html",
        {
            "network": network,
            "form": form,
            "page": page,
            "query": _query_without_page(request),
            "can_post": can_post,
        },
    )


@login_required
def post_create(request: AuthedRequest) -> HttpResponse:
    slug = request.GET.get("network") or request.POST.get("network") or ""
    network = permissions.get_network_content_for_user(request.user, slug) if slug else None
    organisations = request.user.organisations.all()
    form = PostForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("tags", None)
        organisation = data.pop("organisation", None)
        try:
            post = services.post_create(
                author=request.user, network=network, organisation=organisation, tags=form.tag_list(), **data
            )
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Posted. Here are the best matches we found."))
            return redirect(post)
    return render(request, "networks/post_form.html", {"form": form, "network": network})


@login_required
def post_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    post = permissions.get_post_for_user(request.user, pk)
    permissions.check_can_edit_post(request.user, post)
    form = PostForm(request.POST or None, instance=post, organisations=request.user.organisations.all())
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("tags", None)
        data.pop("organisation", None)
        try:
            services.post_update(post=post, actor=request.user, tags=form.tag_list(), **data)
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(post)
    return render(request, "networks/post_form.html", {"form": form, "network": post.network, "post": post})


@login_required
@require_POST
def post_close(request: HttpRequest, pk: int) -> HttpResponse:
    post = permissions.get_post_for_user(request.user, pk)
    services.post_update(post=post, actor=request.user, is_closed=not post.is_closed)
    messages.success(request, _("Post closed.") if post.is_closed else _("Post reopened."))
    return redirect(post)


def post_detail(request: HttpRequest, pk: int) -> HttpResponse:
    post = permissions.get_post_for_user(request.user, pk)
    user = request.user
    is_author = user.is_authenticated and post.author_id == user.pk
    can_propose = False
    if user.is_authenticated:
        try:
            permissions.check_can_propose_partnership(user, post)
            can_propose = True
        except PermissionDenied:
            pass
    context = {
        "post": post,
        # A site-wide post may come from a network the viewer may not know about: then it goes unnamed.
        "shows_network": post.network is not None and permissions.can_see_network(user, post.network),
        "tags": [t.name for t in post.tags.all()],
        "post_matches": matching.matching_posts(user, post),
        "organisation_matches": matching.matching_organisations(post),
        "is_author": is_author,
        "can_edit": permissions.can_edit_post(user, post),
        "can_propose": can_propose,
        "interests": selectors.interests_of(post) if can_propose else [],
        "my_interest": (
            PartnershipInterest.objects.filter(post=post, user=user).first()
            if user.is_authenticated
            else None
        ),
        "interest_form": InterestForm(organisations=user.organisations.all())
        if user.is_authenticated
        else None,
        "partnerships": selectors.partnerships_for(user).filter(origin_post=post),
    }
    return render(request, "networks/post_detail.html", context)


@login_required
@require_POST
@ratelimit(key="network-interest", rate=INTEREST_RATE)
def interest(request: AuthedRequest, pk: int) -> HttpResponse:
    post = permissions.get_post_for_user(request.user, pk)
    form = InterestForm(request.POST, organisations=request.user.organisations.all())
    if not form.is_valid():
        messages.error(request, _("Choose one of your organisations."))
        return redirect(post)
    try:
        services.interest_create(
            post=post,
            user=request.user,
            organisation=form.cleaned_data.get("organisation"),
            message=form.cleaned_data.get("message", ""),
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, error.messages[0] if isinstance(error, ValidationError) else str(error))
    else:
        messages.success(request, _("We told them you are interested. They will contact you."))
    return redirect(post)


@login_required
@require_POST
def partnership_propose(request: HttpRequest, pk: int, interest_pk: int) -> HttpResponse:
    post = permissions.get_post_for_user(request.user, pk)
    permissions.check_can_propose_partnership(request.user, post)
    interest = get_object_or_404(
        PartnershipInterest.objects.select_related("organisation"), pk=interest_pk, post=post
    )
    if post.organisation is None or interest.organisation is None:
        messages.error(request, _("A partnership is between organisations: both sides need one."))
        return redirect(post)
    try:
        partnership = services.partnership_create(
            actor=request.user,
            title=post.title,
            parties=[post.organisation, interest.organisation],
            origin_post=post,
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(post)
    messages.success(request, _("Partnership proposed. Agree its objectives and dates together."))
    return redirect(partnership)


def partnership_detail(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = permissions.get_partnership_for_user(request.user, pk)
    can_edit = permissions.can_edit_partnership(request.user, partnership)
    form = PartnershipForm(request.POST or None, instance=partnership) if can_edit else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(
                _("Only the partners and the network's moderators may change this partnership.")
            )
        if form.is_valid():
            try:
                services.partnership_update(partnership=partnership, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                _form_error(form, error)
            except PermissionDenied as error:  # only the other side confirms a proposal
                partnership.refresh_from_db()  # the form wrote its values on it
                form.add_error("status", str(error))
            else:
                messages.success(request, _("Changes saved."))
                return redirect(partnership)
    network = partnership.network
    return render(
        request,
        "networks/partnership_detail.html",
        {
            "partnership": partnership,
            "parties": partnership.parties.order_by("name"),
            "form": form,
            "shows_network": network is not None and permissions.can_see_network(request.user, network),
            "can_confirm": partnership.status == PartnershipStatus.PROPOSED
            and permissions.can_confirm_partnership(request.user, partnership),
        },
    )


def partnerships(request: HttpRequest, slug: str) -> HttpResponse:
    network = permissions.get_network_content_for_user(request.user, slug)
    page = Paginator(selectors.partnerships_for(request.user, network=network), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "networks/partnerships.html", {"network": network, "page": page, "query": ""})


# Indicators.


@login_required
def network_indicators(request: HttpRequest, slug: str) -> HttpResponse:
    network = permissions.get_network_for_user(request.user, slug)
    permissions.check_can_see_indicators(request.user, network)
    report = indicators.compute(network=network)
    return render(request, "networks/indicators.html", {"network": network, "report": report})


@login_required
def network_indicators_csv(request: HttpRequest, slug: str) -> HttpResponse:
    network = permissions.get_network_for_user(request.user, slug)
    permissions.check_can_see_indicators(request.user, network)
    return indicators.csv_response(
        indicators.compute(network=network), filename=f"{network.slug}-indicators.csv"
    )


@login_required
def site_indicators(request: HttpRequest) -> HttpResponse:
    permissions.check_can_see_indicators(request.user, None)
    return render(
        request, "networks/indicators.html", {"network": None, "report": indicators.compute(network=None)}
    )


@login_required
def site_indicators_csv(request: HttpRequest) -> HttpResponse:
    permissions.check_can_see_indicators(request.user, None)
    return indicators.csv_response(indicators.compute(network=None), filename="minga-indicators.csv")
