"""load_demo_toolbox: the management toolboxes of two demo businesses, on top of load_demo.

Lodge Río Bombuscaro gets a business plan, a 12-month cash-flow projection (with a month where cash
runs out, so the warning shows) and a marketing plan, shared with the chamber's consultant; Carmen
Cango's handicraft association gets its own plan and projection. Everything goes through the toolbox
services; safe to run again: a tool whose title exists for its owner is skipped.
"""

from collections import Counter
from datetime import date
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.test.utils import override_settings

from community.accounts.models import User
from community.management.commands import _demo_data as data
from community.organisations.models import Membership, Organisation, Role
from community.toolbox import examples, services
from community.toolbox.models import BusinessPlan, CashFlowProjection, MarketingPlan

LODGE = "Lodge Río Bombuscaro"
HANDICRAFTS = "Asociación Artesanal Mullu Warmi"
CONSULTANT = "claudia.rueda"

# organisation, example, language
TOOLS = [(LODGE, "lodge", "es"), (HANDICRAFTS, "handicrafts", "es")]


class Command(BaseCommand):
    help = "Load demo business plans, cash-flow projections and marketing plans. Safe to run again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force", action="store_true", help="Load even though DATABASE_URL is set (a real deployment)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if getattr(settings, "DATABASE_URL", "") and not options["force"]:
            raise CommandError("DATABASE_URL is set, so this looks like a real deployment; pass --force.")
        if not Organisation.objects.filter(name=LODGE).exists():
            raise CommandError("Run load_demo first: the toolboxes belong to its organisations.")
        self.created: Counter[str] = Counter()
        consultant = User.objects.filter(email=f"{CONSULTANT}@{data.EMAIL_DOMAIN}").first()
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            for name, example, language in TOOLS:
                self._tools(Organisation.objects.get(name=name), example, language, consultant)
        made = ", ".join(f"{n} {what}" for what, n in self.created.items()) or "nothing, it was all there"
        self.stdout.write(self.style.SUCCESS(f"Demo toolboxes loaded (created now: {made})."))

    def _tools(self, organisation: Organisation, example: str, language: str, consultant: Any) -> None:
        owner = (
            Membership.objects.filter(organisation=organisation, role=Role.OWNER)
            .select_related("user")
            .order_by("joined_at")
            .first()
        )
        if owner is None:
            raise CommandError(f"{organisation.name} has no owner.")
        actor = owner.user
        index = examples.language_index(language)
        plan_title = examples.PLANS[example][language]["title"]
        plan = BusinessPlan.objects.filter(organisation=organisation, title=plan_title).first()
        if plan is None:
            plan = services.business_plan_create(
                actor=actor, title="", organisation=organisation, language=language, example=example
            )
            self.created["business plans"] += 1
            self._share(plan, actor, consultant)
        cash_title = examples.CASHFLOWS[example]["title"][index]
        if not CashFlowProjection.objects.filter(organisation=organisation, title=cash_title).exists():
            projection = services.cashflow_create(
                actor=actor,
                title="",
                organisation=organisation,
                language=language,
                months=12,
                start_month=date(2026, 1, 1),
                example=example,
            )
            self.created["cash-flow projections"] += 1
            self._share(projection, actor, consultant)
        marketing_title = examples.MARKETING[example][language]["title"]
        if not MarketingPlan.objects.filter(organisation=organisation, title=marketing_title).exists():
            services.marketing_plan_create(
                actor=actor, title="", organisation=organisation, language=language, example=example
            )
            self.created["marketing plans"] += 1

    def _share(self, tool: Any, actor: Any, consultant: Any) -> None:
        if consultant is not None:
            services.tool_share_add(tool=tool, actor=actor, email=consultant.email)
            self.created["shares"] += 1
