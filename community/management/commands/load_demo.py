"""load_demo: fill a local database with a realistic, bilingual demo community (never a deployment's)."""

from collections import Counter
from contextlib import nullcontext
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.test.utils import override_settings
from django.utils import timezone

from community.accounts import services as account_services
from community.accounts.models import User
from community.management.commands import _demo_data as data
from community.organisations import services as organisation_services
from community.organisations.models import Organisation, OrganisationKind, Role

# Printed for everyone who runs the demo; the command refuses to run on a deployment.
DEMO_PASSWORD = "minga-demo-2026"  # noqa: S105
SITE = "http://127.0.0.1:8000"
DJANGO_PBKDF2 = "django.contrib.auth.hashers.PBKDF2PasswordHasher"


class DemoPasswordHasher(PBKDF2PasswordHasher):
    """PBKDF2 with few rounds, used only while loading, so that 70 accounts take a second, not half a minute.

    The hashes it makes name their rounds, so the standard PBKDF2 hasher checks them and stores a
    full-strength hash at each account's first sign-in.
    """

    iterations = 20_000


class Command(BaseCommand):
    help = (
        "Load demo organisations, members, offerings and inquiries. Safe to run again: it skips what exists."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force", action="store_true", help="Load even though DATABASE_URL is set (a real deployment)."
        )
        parser.add_argument("--logins", action="store_true", help="Only print the demo logins.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["logins"]:
            self._logins({key: _email(key) for _label, key, _organisation in data.DEMO_LOGINS})
            return
        if getattr(settings, "DATABASE_URL", "") and not options["force"]:
            raise CommandError(
                "DATABASE_URL is set, so this looks like a real deployment: load_demo would add accounts "
                "whose password is published. Run it on a local database, or pass --force if you mean it."
            )
        with (
            override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"),
            _quick_hashing(),
        ):
            loader = DemoLoader()
            loader.load()
        self._report(loader)

    def _report(self, loader: "DemoLoader") -> None:
        created = (
            ", ".join(f"{n} {what}" for what, n in loader.created.items()) or "nothing, it was all there"
        )
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded (created now: {created})."))
        self.stdout.write(
            f"{Organisation.objects.count()} organisations, {User.objects.count()} members. "
            f"Open {SITE} and sign in with password {DEMO_PASSWORD}:\n"
        )
        self._logins({key: user.email for key, user in loader.users.items()})

    def _logins(self, emails: dict[str, str]) -> None:
        rows = [("Who", "E-mail", "Organisation")]
        for label, key, organisation in data.DEMO_LOGINS:
            rows.append((label, emails[key], organisation or "-"))
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        for row in rows:
            line = "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            self.stdout.write(f"  {line}".rstrip())


def _quick_hashing() -> Any:
    hashers = list(settings.PASSWORD_HASHERS)
    if hashers and hashers[0] == DJANGO_PBKDF2:
        return override_settings(PASSWORD_HASHERS=[f"{__name__}.DemoPasswordHasher", *hashers])
    return nullcontext()  # e.g. the tests' fast hasher: nothing to gain


def _email(key: str) -> str:
    return f"{key}@{data.EMAIL_DOMAIN}"


def _money(value: int | str | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _phones(spec: data.Org, n: int) -> dict[str, str]:
    """Fictional numbers (an all-zero exchange) in each country's format; firms add a WhatsApp number."""
    if spec.country == "EC":
        phone, mobile = f"+593 7 000 {n:04d}", f"+593 99 000 {n:04d}"
    elif spec.country == "CO":
        area = {"Bogotá D.C.": "601", "Quindío": "606"}.get(spec.region, "607")
        phone, mobile = f"+57 {area} 000 {n:04d}", f"+57 300 000 {n:04d}"
    else:
        area = "2" if spec.region == "Guatemala" else "7"
        phone, mobile = f"+502 {area}000 {n:04d}", f"+502 5000 {n:04d}"
    if spec.kind == OrganisationKind.BUSINESS:
        return {"phone": phone, "whatsapp": mobile}
    return {"phone": phone}


class DemoLoader:
    """Creates what is missing, through the services, and remembers what it created."""

    def __init__(self) -> None:
        self.created: Counter[str] = Counter()
        self.users: dict[str, User] = {}
        self.organisations: dict[str, Organisation] = {}

    def load(self) -> None:
        self.users[data.STAFF] = self._staff()
        for member in data.MEMBERS:
            self.users[member.key] = self._member(member)
        for n, spec in enumerate(data.ORGANISATIONS, start=1):
            self.organisations[spec.name] = self._organisation(spec, n)
        # Staff verify the chambers first: a verified chamber's staff may then verify their members.
        for spec in sorted(data.ORGANISATIONS, key=lambda spec: spec.verified_by != data.STAFF):
            self._verify(spec)
        for ask in data.INQUIRIES:
            self._inquiry(ask)

    def _staff(self) -> User:
        email = _email(data.STAFF)
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            # No service appoints site staff; createsuperuser uses the manager just the same.
            user = User.objects.create_superuser(
                email=email, password=DEMO_PASSWORD, display_name=data.STAFF_NAME, preferred_language="es"
            )
            self.created["members"] += 1
        return user

    def _member(self, member: data.Member) -> User:
        email = _email(member.key)
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = account_services.user_signup(
                email=email,
                password=DEMO_PASSWORD,
                display_name=member.name,
                preferred_language=member.language,
            )
            self.created["members"] += 1
        if not user.email_verified:
            user = account_services.email_verify(token=account_services.verification_token_make(user))
        if not user.bio:
            account_services.user_update_profile(
                user=user,
                skills=list(member.skills),
                country=member.country,
                city=member.city,
                bio=member.bio,
            )
        return user

    def _organisation(self, spec: data.Org, n: int) -> Organisation:
        owner = self.users[spec.owner]
        # Found by name and owner rather than slug: a same-named organisation of someone else gets the
        # plain slug, and ours then gets "-2".
        organisation = Organisation.objects.filter(
            name=spec.name, memberships__user=owner, memberships__role=Role.OWNER
        ).first()
        if organisation is None:
            tld = "example.com" if spec.kind == OrganisationKind.BUSINESS else "example.org"
            organisation = organisation_services.organisation_create(
                creator=owner,
                kind=spec.kind,
                name=spec.name,
                country=spec.country,
                region=spec.region,
                city=spec.city,
                sector=spec.sector,
                size=spec.size,
                women_led=spec.women_led,
                description=spec.description,
                email=f"{spec.mailbox}@{spec.web}.{tld}",
                website=f"https://{spec.web}.{tld}/",
                **_phones(spec, n),
            )
            self.created["organisations"] += 1
        for key in spec.admins:
            self._join(organisation, owner, self.users[key], Role.ADMIN)
        for key in spec.members:
            self._join(organisation, owner, self.users[key], Role.MEMBER)
        for offer in spec.offerings:
            self._offering(organisation, owner, spec, offer)
        return organisation

    def _join(self, organisation: Organisation, owner: User, user: User, role: str) -> None:
        if organisation.memberships.filter(user=user).exists():
            return
        organisation_services.membership_add(
            organisation=organisation, actor=self.users[data.STAFF], user=user, role=role
        )
        self.created["memberships"] += 1

    def _offering(self, organisation: Organisation, owner: User, spec: data.Org, offer: data.Offer) -> None:
        if organisation.offerings.filter(name=offer.name).exists():
            return
        organisation_services.offering_create(
            organisation=organisation,
            actor=owner,
            kind=offer.kind,
            name=offer.name,
            description=offer.description,
            price_min=_money(offer.price_min),
            price_max=_money(offer.price_max),
            currency=data.CURRENCY[spec.country],
            availability=offer.availability,
        )
        self.created["offerings"] += 1

    def _verify(self, spec: data.Org) -> None:
        organisation = self.organisations[spec.name]
        if spec.verified_by is None or organisation.verified:
            return
        organisation_services.organisation_set_verified(
            organisation=organisation, actor=self.users[spec.verified_by], verified=True
        )
        self.created["verifications"] += 1

    def _inquiry(self, ask: data.Ask) -> None:
        organisation = self.organisations[ask.organisation]
        requester = self.users[ask.requester] if ask.requester else None
        email = requester.email if requester else ask.email
        if organisation.inquiries.filter(email__iexact=email).exists():
            return
        dates: dict[str, Any] = {}
        if ask.days_ahead is not None:
            start = timezone.localdate() + timedelta(days=ask.days_ahead)
            dates = {"date_from": start, "date_to": start + timedelta(days=ask.nights)}
        organisation_services.inquiry_create(
            organisation=organisation,
            requester=requester,
            offering=organisation.offerings.filter(name=ask.offering).first() if ask.offering else None,
            name=requester.display_name if requester else ask.name,
            email=email,
            phone=ask.phone,
            party_size=ask.party_size,
            message=ask.message,
            **dates,
        )
        self.created["inquiries"] += 1
