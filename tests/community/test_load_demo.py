"""load_demo: a realistic demo community, loaded once however often it runs, never on a deployment.

transaction=True: the command commits as it goes and its e-mails are sent on commit, as in a real run.
"""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Q
from taggit.models import Tag

from community.accounts.models import User
from community.organisations.models import (
    Inquiry,
    Invitation,
    Membership,
    Offering,
    Organisation,
    OrganisationKind,
    Role,
    Sector,
)

DEMO_PASSWORD = "minga-demo-2026"
STAFF_EMAIL = "equipo.minga@demo.minga.example"
CURRENCY = {"EC": "USD", "CO": "COP", "GT": "GTQ"}


@pytest.fixture(autouse=True)
def _local_database(settings):
    # CI also runs the suite with DATABASE_URL set; the command is about the local case.
    settings.DATABASE_URL = ""


def load_demo(*args: str) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def snapshot() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (User, Organisation, Membership, Invitation, Offering, Inquiry, Tag)
    }


@pytest.mark.django_db(transaction=True)
def test_load_demo_builds_the_community_once_however_often_it_runs(settings, capsys):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

    first_output = load_demo()
    after_first = snapshot()
    second_output = load_demo()

    assert snapshot() == after_first
    assert "created now: nothing" in second_output
    assert after_first["Organisation"] >= 40
    assert after_first["User"] >= 60
    women_led = Organisation.objects.filter(women_led=True).count()
    assert 0.20 <= women_led / after_first["Organisation"] <= 0.35
    assert set(Organisation.objects.values_list("kind", flat=True)) == set(OrganisationKind.values)
    assert set(Organisation.objects.values_list("sector", flat=True)) == set(Sector.values)
    assert Organisation.objects.filter(kind=OrganisationKind.CHAMBER, verified=True).exists()
    assert Inquiry.objects.exists()
    for output in (first_output, second_output):
        assert DEMO_PASSWORD in output
        assert STAFF_EMAIL in output
        assert "http://127.0.0.1:8000" in output
    # The invitation and inquiry e-mails went to the command's own mailbox, not to the console.
    assert "Subject:" not in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_load_demo_gives_every_organisation_one_owner_and_businesses_priced_offerings():
    load_demo()

    organisations = Organisation.objects.annotate(
        owners=Count("memberships", filter=Q(memberships__role=Role.OWNER))
    )
    assert {organisation.owners for organisation in organisations} == {1}
    assert Membership.objects.exclude(role=Role.OWNER).count() >= 20
    assert not Invitation.objects.filter(accepted_at__isnull=True).exists()
    businesses = Organisation.objects.filter(kind=OrganisationKind.BUSINESS).annotate(n=Count("offerings"))
    assert all(1 <= business.n <= 4 for business in businesses)
    for offering in Offering.objects.select_related("organisation"):
        assert offering.currency == CURRENCY[offering.organisation.country.code]
    members = User.objects.filter(is_staff=False)
    assert not members.filter(email_verified=False).exists()
    assert members.filter(preferred_language="en").count() < members.filter(preferred_language="es").count()
    assert members.filter(preferred_language="en").exists()
    assert all(user.bio and user.city and user.skills.exists() for user in members)


@pytest.mark.django_db(transaction=True)
def test_printed_demo_logins_sign_in_and_hold_the_roles_they_claim():
    output = load_demo()

    emails = re.findall(r"[\w.]+@demo\.minga\.example", output)
    assert len(emails) == 4
    users = {email: User.objects.get(email=email) for email in emails}
    assert all(user.check_password(DEMO_PASSWORD) for user in users.values())
    women_owner, chamber_staff, vti_expert, staff = users.values()
    assert women_owner.memberships.filter(role=Role.OWNER, organisation__women_led=True).exists()
    assert chamber_staff.memberships.filter(
        role__in=[Role.OWNER, Role.ADMIN],
        organisation__kind=OrganisationKind.CHAMBER,
        organisation__verified=True,
    ).exists()
    assert vti_expert.memberships.filter(organisation__kind=OrganisationKind.VTI).exists()
    assert staff.email == STAFF_EMAIL
    assert staff.is_staff and staff.is_superuser


@pytest.mark.django_db
def test_load_demo_refuses_a_database_url_without_force(settings):
    settings.DATABASE_URL = "postgres://minga@db.example.org/minga"

    with pytest.raises(CommandError, match="DATABASE_URL"):
        load_demo()

    assert snapshot()["Organisation"] == 0


@pytest.mark.django_db(transaction=True)
def test_load_demo_loads_despite_a_database_url_when_forced(settings):
    settings.DATABASE_URL = "postgres://minga@db.example.org/minga"

    load_demo("--force")

    assert Organisation.objects.count() >= 40


@pytest.mark.django_db
def test_logins_alone_are_printed_without_loading_anything():
    output = load_demo("--logins")
    assert STAFF_EMAIL in output
    assert "carmen.cango@demo.minga.example" in output
    assert User.objects.count() == 0
