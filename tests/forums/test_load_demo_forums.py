"""load_demo_forums: bilingual demo forums on the demo community, loaded once however often it runs.

transaction=True: the command commits topic by topic, and its notifications and e-mails go out on commit,
as in a real run.
"""

from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.db.models import Count
from notifications.models import Notification
from taggit.models import Tag

from forums.models import (
    Category,
    Flag,
    ModerationAction,
    Poll,
    PollVote,
    Post,
    Reaction,
    Subscription,
    Topic,
)
from forums.services.categories import category_create, category_moderator_add
from tests.factories import UserFactory

CHAMBER_STAFF = "claudia.rueda@demo.minga.example"


@pytest.fixture(autouse=True)
def _local_database(settings):
    # CI also runs the suite with DATABASE_URL set; the command is about the local case.
    settings.DATABASE_URL = ""


def load_forums(*args: str) -> str:
    out = StringIO()
    call_command("load_demo_forums", *args, stdout=out)
    return out.getvalue()


def snapshot() -> dict[str, int]:
    models = (Category, Topic, Post, Reaction, Poll, PollVote, Subscription, Flag, ModerationAction)
    counts = {model.__name__: model.objects.count() for model in models}
    counts["Tag"] = Tag.objects.count()
    counts["Notification"] = Notification.objects.count()
    counts["moderators"] = Category.moderators.through.objects.count()
    return counts


@pytest.mark.django_db(transaction=True)
def test_demo_forums_load_once_with_questions_answers_a_poll_and_both_languages(settings, capsys):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    with pytest.raises(CommandError, match="Run load_demo"):
        load_forums()
    call_command("load_demo", stdout=StringIO())
    call_command("load_demo_networks", stdout=StringIO())

    first = load_forums()
    after_first = snapshot()
    second = load_forums()

    assert snapshot() == after_first
    assert "created now: nothing, it was all there" in second
    assert "created now: 5 categories" in first
    assert CHAMBER_STAFF in first and "minga-demo-2026" in first
    assert len(first.strip().splitlines()) == 1
    # Notifications and mentions went to the command's own mailbox, not to the console.
    assert "Subject:" not in capsys.readouterr().out

    site_wide = Category.objects.filter(network__isnull=True)
    assert site_wide.count() >= 4
    assert site_wide.filter(is_qa=True).exists()
    surveys = site_wide.get(slug="encuestas-necesidades-formacion")
    assert (surveys.read_access, surveys.start_access) == ("everyone", "moderators")
    assert site_wide.filter(moderators__email=CHAMBER_STAFF).count() >= 2
    # One pinned welcome topic in every site-wide category, and one old topic that takes no replies.
    pinned = Topic.objects.filter(is_pinned=True, category__network__isnull=True)
    assert sorted(pinned.values_list("category__slug", flat=True)) == sorted(
        site_wide.values_list("slug", flat=True)
    )
    locked = Topic.objects.get(is_locked=True)
    assert (
        locked.last_activity_at
        < Topic.objects.filter(is_locked=False).order_by("last_activity_at")[0].last_activity_at
    )

    topics = Topic.objects.all()
    assert 12 <= topics.count() <= 20
    assert all(2 <= topic.reply_count <= 8 for topic in topics)
    assert topics.filter(category__network__isnull=False).count() >= 3
    assert topics.filter(tags__isnull=False).distinct().count() == topics.count()
    assert topics.filter(accepted_answer__isnull=False).count() >= 2

    assert Post.objects.filter(body__contains="necesidades de formación").exists()
    english = Post.objects.filter(topic__category__slug="international-cooperation")
    assert english.filter(body__contains="indicators").exists()
    assert Post.objects.filter(body_html__contains='class="mention"').count() >= 5
    assert Post.objects.filter(body_html__contains="<li>").exists()
    assert Post.objects.filter(body_html__contains='href="https://herramientas-mipyme.example.org').exists()

    poll = Poll.objects.annotate(voters=Count("votes__user", distinct=True)).get(
        question="¿Qué capacitaciones necesita tu empresa este año?"
    )
    assert poll.voters >= 10
    assert {"Inglés para turismo", "Atención al turista"} <= set(poll.options.values_list("label", flat=True))
    assert Reaction.objects.count() >= 50
    # The flagged advertisement waits for the moderators, still visible.
    assert Flag.objects.filter(resolved_at__isnull=True, post__is_hidden=False).count() == 1
    # Members were mentioned and watchers told of replies.
    assert Notification.objects.filter(recipient__email=CHAMBER_STAFF).exists()


@pytest.mark.django_db
def test_demo_forums_refuse_a_deployment_unless_forced(settings):
    settings.DATABASE_URL = "postgres://minga@db/minga"

    with pytest.raises(CommandError, match="DATABASE_URL is set"):
        load_forums()
    assert not Category.objects.exists()


@pytest.mark.django_db
def test_only_site_staff_set_up_categories_and_their_moderators():
    staff, member = UserFactory(is_staff=True), UserFactory()

    with pytest.raises(PermissionDenied):
        category_create(name="Ferias", slug="ferias", actor=member)
    category = category_create(name="Ferias", slug="ferias", actor=staff, is_qa=True)
    with pytest.raises(ValidationError):
        category_create(name="Otras ferias", slug="ferias", actor=staff)
    with pytest.raises(PermissionDenied):
        category_moderator_add(category=category, user=member, actor=member)
    category_moderator_add(category=category, user=member, actor=staff)
    category_moderator_add(category=category, user=member, actor=staff)

    assert list(category.moderators.all()) == [member]
    assert category.is_qa and category.network is None
