"""Indicators for the people who run networks and report to funders, per network and site-wide.

Everything is computed with aggregate queries (one per figure, a fixed number whatever the size of
the network); Python only accumulates the monthly totals into running totals and scales the bars.
"""

import csv
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from community.library.models import Practice
from community.library.models import Status as PracticeStatus
from community.organisations.models import Sector
from forums.models import Post, Topic
from networks.models import (
    CONFIRMED_STATUSES,
    Network,
    NetworkMembership,
    NetworkOrganisation,
    NetworkVisitMonth,
    Partnership,
    PartnershipPost,
    PartnershipStatus,
    PostDirection,
)

DEFAULT_WOMEN_LED_TARGET = 25
BAR_WIDTH = 300  # px of the longest bar
ROW_HEIGHT = 24


@dataclass
class Bar:
    label: str
    value: int
    y: int = 0
    width: int = 0


@dataclass
class Chart:
    key: str
    title: str
    bars: list[Bar]
    height: int = 0
    summary: str = ""

    def __post_init__(self) -> None:
        top = max((b.value for b in self.bars), default=0) or 1
        for i, bar in enumerate(self.bars):
            bar.y = i * ROW_HEIGHT
            bar.width = round(BAR_WIDTH * bar.value / top)
        self.height = max(1, len(self.bars)) * ROW_HEIGHT
        # The text alternative: every bar in words, so nothing is only in the picture.
        self.summary = "; ".join(f"{b.label}: {b.value}" for b in self.bars) or _("No data yet.")


@dataclass
class Report:
    network: Network | None
    women_led_total: int
    women_led_count: int
    women_led_target: int
    charts: list[Chart] = field(default_factory=list)

    @property
    def women_led_share(self) -> int:
        return round(100 * self.women_led_count / self.women_led_total) if self.women_led_total else 0

    @property
    def target_met(self) -> bool:
        return self.women_led_total > 0 and self.women_led_share >= self.women_led_target


def _scope(qs: QuerySet[Any], network: Network | None, path: str = "network") -> QuerySet[Any]:
    return qs.filter(**{path: network}) if network is not None else qs


def _first_of_month(value: date | datetime) -> date:
    day = timezone.localtime(value).date() if isinstance(value, datetime) else value
    return day.replace(day=1)


def _calendar_months(first: date, last: date) -> list[date]:
    months = []
    while first <= last:
        months.append(first)
        first = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return months


def _running_totals(rows: list[dict[str, Any]]) -> list[Bar]:
    """One bar per calendar month up to this one, a month without news carrying the total on."""
    if not rows:
        return []
    counts = {_first_of_month(row["month"]): row["n"] for row in rows}
    total, bars = 0, []
    for month in _calendar_months(min(counts), _first_of_month(timezone.localdate())):
        total += counts.get(month, 0)
        bars.append(Bar(label=f"{month:%Y-%m}", value=total))
    return bars[-12:]


def _last_twelve_months(rows: list[dict[str, Any]]) -> list[Bar]:
    """The last twelve calendar months, a month without visits as 0."""
    if not rows:
        return []
    this_month = _first_of_month(timezone.localdate())
    index = this_month.year * 12 + this_month.month - 1 - 11
    start = date(index // 12, index % 12 + 1, 1)
    counts = {_first_of_month(row["month"]): row["n"] or 0 for row in rows}
    return [Bar(f"{month:%Y-%m}", counts.get(month, 0)) for month in _calendar_months(start, this_month)]


def _monthly(qs: QuerySet[Any], field_name: str, count: Any) -> list[dict[str, Any]]:
    return list(qs.annotate(month=TruncMonth(field_name)).values("month").annotate(n=count).order_by("month"))


def compute(*, network: Network | None) -> Report:
    memberships = _scope(NetworkMembership.objects.all(), network)
    orgs = _scope(NetworkOrganisation.objects.all(), network)
    distinct_org = Count("organisation", distinct=True)

    member_months = _monthly(memberships, "joined_at", Count("id"))
    org_months = _monthly(orgs, "joined_at", distinct_org)
    women = orgs.aggregate(
        total=distinct_org, women=Count("organisation", distinct=True, filter=Q(organisation__women_led=True))
    )
    sector_rows = (
        orgs.values("organisation__sector").annotate(n=distinct_org).order_by("-n", "organisation__sector")
    )
    country_rows = (
        orgs.values("organisation__country").annotate(n=distinct_org).order_by("-n", "organisation__country")
    )
    topics = _scope(Topic.objects.filter(is_hidden=False), network, "category__network").count()
    posts = _scope(
        Post.objects.filter(is_deleted=False, is_hidden=False), network, "topic__category__network"
    ).count()
    practices = _scope(Practice.objects.filter(status=PracticeStatus.PUBLISHED), network).count()
    board = _scope(PartnershipPost.objects.all(), network).aggregate(
        offers=Count("id", filter=Q(direction=PostDirection.OFFER)),
        needs=Count("id", filter=Q(direction=PostDirection.NEED)),
    )
    # A proposal counts once the other side has agreed to it.
    statuses = dict(
        _scope(Partnership.objects.filter(status__in=CONFIRMED_STATUSES), network)
        .values_list("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    visits = list(
        _scope(NetworkVisitMonth.objects.all(), network)
        .values("month")
        .annotate(n=Sum("views"))
        .order_by("-month")[:12]
    )

    sector_labels = dict(Sector.choices)
    charts = [
        Chart("members", _("Members over time (running total)"), _running_totals(member_months)),
        Chart("organisations", _("Organisations over time (running total)"), _running_totals(org_months)),
        Chart(
            "sectors",
            _("Organisations by sector"),
            [
                Bar(str(sector_labels.get(r["organisation__sector"], r["organisation__sector"])), r["n"])
                for r in sector_rows
            ],
        ),
        Chart(
            "countries",
            _("Organisations by country"),
            [
                Bar(str(countries.name(r["organisation__country"]) or r["organisation__country"]), r["n"])
                for r in country_rows
            ],
        ),
        Chart(
            "activity",
            _("Activity"),
            [
                Bar(_("Forum topics"), topics),
                Bar(_("Forum posts"), posts),
                Bar(_("Good practices"), practices),
                Bar(_("Offers"), board["offers"]),
                Bar(_("Needs"), board["needs"]),
            ],
        ),
        Chart(
            "partnerships",
            _("Partnerships by status"),
            [
                Bar(str(label), statuses.get(value, 0))
                for value, label in PartnershipStatus.choices
                if value in CONFIRMED_STATUSES
            ],
        ),
        Chart(
            "visits",
            _("Page views per month"),
            _last_twelve_months(visits),
        ),
    ]
    return Report(
        network=network,
        women_led_total=women["total"],
        women_led_count=women["women"],
        women_led_target=network.women_led_target if network else DEFAULT_WOMEN_LED_TARGET,
        charts=charts,
    )


def csv_response(report: Report, *, filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow([_("indicator"), _("label"), _("value")])
    writer.writerow([_("Women-led organisations"), _("count"), report.women_led_count])
    writer.writerow([_("Women-led organisations"), _("share (%)"), report.women_led_share])
    writer.writerow([_("Women-led organisations"), _("target (%)"), report.women_led_target])
    for chart in report.charts:
        for bar in chart.bars:
            writer.writerow([chart.title, bar.label, bar.value])
    return response
