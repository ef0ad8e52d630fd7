"""load_demo_library: demo practices (Spanish and English), a methodological guide, comments, endorsements
and adoptions, built on load_demo's members and organisations. Safe to run again: it skips what exists."""

from collections import Counter
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.test.utils import override_settings

from community.library import demo_data as data
from community.library import services
from community.library.models import Adoption, Comment, Endorsement, Guide, Practice, Status
from community.management.commands._demo_data import EMAIL_DOMAIN, STAFF
from community.organisations.models import Organisation, Role
from networks.models import Network, NetworkMembership


def _member(key: str) -> Any:
    return get_user_model().objects.get(email=f"{key}@{EMAIL_DOMAIN}")


def _owner(organisation: Organisation) -> Any:
    membership = organisation.memberships.filter(role=Role.OWNER).select_related("user").first()
    if membership is None:
        raise CommandError(f"{organisation.name} has no owner; run load_demo again.")
    return membership.user


class Command(BaseCommand):
    help = "Load demo good practices, a guide, comments, endorsements and adoptions (run load_demo first)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="Load even though DATABASE_URL is set.")

    def handle(self, *args: Any, **options: Any) -> None:
        if getattr(settings, "DATABASE_URL", "") and not options["force"]:
            raise CommandError("DATABASE_URL is set, so this looks like a real deployment; pass --force.")
        if not Organisation.objects.filter(name=data.INTEFOP).exists():
            raise CommandError("Run load_demo first: the library is built on its members and organisations.")
        self.created: Counter[str] = Counter()
        self.editor = _member(STAFF)
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            practices = [self._practice(spec) for spec in data.PRACTICES]
            self._reactions(practices)
            self._guide(practices)
        made = ", ".join(f"{n} {what}" for what, n in self.created.items()) or "nothing, it was all there"
        self.stdout.write(self.style.SUCCESS(f"Demo library loaded (created now: {made})."))
        published = Practice.objects.filter(status=Status.PUBLISHED).count()
        self.stdout.write(f"{published} published practices, {Guide.objects.count()} guides.")

    def _network(self, name: str, author: Any) -> Network | None:
        network = Network.objects.filter(name=name).first() if name else None
        if network is None:
            return None  # load_demo_networks was not run: the practice is site-wide
        if not NetworkMembership.objects.filter(network=network, user=author).exists():
            NetworkMembership.objects.create(network=network, user=author)
        return network

    def _practice(self, spec: data.DemoPractice) -> Practice:
        existing = Practice.objects.filter(title=spec.title).first()
        if existing is not None:
            return existing
        organisation = Organisation.objects.get(name=spec.organisation)
        author = _owner(organisation)
        partners = [Organisation.objects.get(name=name) for name in spec.partners]
        coauthors = [_owner(partners[0])] if partners else []
        practice = services.practice_create(
            author=author,
            title=spec.title,
            summary=spec.summary,
            country=spec.country,
            sector=spec.sector,
            training_area=spec.training_area,
            target_groups=list(spec.target_groups),
            context=spec.context,
            method=spec.method,
            resources=spec.resources,
            lessons=spec.lessons,
            transfer_conditions=spec.transfer,
            contact_name=author.display_name,
            contact_email=author.email,
            language=spec.language,
            licence=spec.licence,
            network=self._network(spec.network, author),
            organisations=[organisation, *partners],
            coauthors=coauthors,
            tags=list(spec.tags),
            indicators=[{"value": v, "unit": u, "period": p} for v, u, p in spec.indicators],
        )
        self.created["practices"] += 1
        if spec.status in (Status.SUBMITTED, Status.PUBLISHED):
            services.practice_submit(practice=practice, actor=author)
        if spec.status == Status.PUBLISHED:
            services.practice_publish(practice=practice, reviewer=self.editor, comment="")
            if spec.second_version:
                services.practice_update(
                    practice=practice, actor=author, lessons=f"{spec.lessons}\n\n{spec.second_version}"
                )
        return practice

    def _reactions(self, practices: list[Practice]) -> None:
        for index, key, body in data.COMMENTS:
            practice, user = practices[index], _member(key)
            if not Comment.objects.filter(practice=practice, author=user).exists():
                services.comment_create(practice=practice, author=user, body=body)
                self.created["comments"] += 1
        for index, keys in data.ENDORSEMENTS:
            practice = practices[index]
            for key in keys:
                user = _member(key)
                if not Endorsement.objects.filter(practice=practice, user=user).exists():
                    services.endorsement_toggle(practice=practice, user=user)
                    self.created["endorsements"] += 1
        for index, key, org_name, context, results in data.ADOPTIONS:
            practice, user = practices[index], _member(key)
            if Adoption.objects.filter(practice=practice, user=user).exists():
                continue
            organisation = Organisation.objects.filter(name=org_name).first() if org_name else None
            services.adoption_create(
                practice=practice, user=user, context=context, results=results, organisation=organisation
            )
            self.created["adoptions"] += 1

    def _guide(self, practices: list[Practice]) -> None:
        if Guide.objects.filter(title=data.GUIDE_TITLE).exists():
            return
        guide = services.guide_create(
            author=self.editor, title=data.GUIDE_TITLE, introduction=data.GUIDE_INTRO, language="es"
        )
        for heading, body in data.GUIDE_CHAPTERS:
            services.guide_chapter_add(guide=guide, actor=self.editor, heading=heading, body=body)
        for index in data.GUIDE_PRACTICES:
            practice = practices[index]
            # A practice of a network the editor does not belong to stays out of a site-wide guide.
            if practice.network is None:
                services.guide_practice_add(guide=guide, actor=self.editor, practice=practice)
        services.guide_update(guide=guide, actor=self.editor, is_published=True)
        self.created["guides"] += 1
