"""Matching on the partnership board: the best counterpart posts and organisations for a post.

The score (shown on screen with the reasons that made it):

    posts (an offer is matched with needs, a need with offers; the other side only)
      same kind ................................... 40
      related kind (see RELATED_KINDS) ............ 20
      each shared tag ............................. 10 (at most 30)
      same sector ................................. 15
      same country ................................ 10, and same region + 5
      recency: posted in the last 30 days ......... 10, in the last 90 days 5

    organisations (those not already behind the post)
      kind of organisation suits the post's kind .. 20 (see ORGANISATION_FIT)
      same sector ................................. 15
      same country ................................ 10, and same region + 5
      women-led, when the post is in a women-led business network ... 5

Only posts that score on kind, tags or sector are suggested (a shared country alone is no reason).
Candidates are read in one query each and scored in Python; the board is small by nature (a few
hundred open posts), and the cap keeps the work bounded.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from community.organisations.models import Organisation, OrganisationKind
from networks import permissions
from networks.models import NetworkKind, PartnershipPost, PostDirection, PostKind

CANDIDATE_CAP = 300

RELATED_KINDS: dict[str, set[str]] = {
    PostKind.SUPPLY: {PostKind.PURCHASE},
    PostKind.PURCHASE: {PostKind.SUPPLY},
    PostKind.TRAINING: {PostKind.APPRENTICESHIP, PostKind.MENTORING},
    PostKind.APPRENTICESHIP: {PostKind.TRAINING},
    PostKind.MENTORING: {PostKind.TRAINING},
    PostKind.TOURISM_PACKAGE: {PostKind.CO_MARKETING},
    PostKind.CO_MARKETING: {PostKind.TOURISM_PACKAGE},
    PostKind.FUNDING: set(),
    PostKind.OTHER: set(),
}

ORGANISATION_FIT: dict[str, set[str]] = {
    PostKind.TRAINING: {OrganisationKind.VTI, OrganisationKind.BDS},
    PostKind.APPRENTICESHIP: {OrganisationKind.VTI, OrganisationKind.BUSINESS},
    PostKind.SUPPLY: {OrganisationKind.BUSINESS},
    PostKind.PURCHASE: {OrganisationKind.BUSINESS},
    PostKind.TOURISM_PACKAGE: {OrganisationKind.BUSINESS},
    PostKind.CO_MARKETING: {OrganisationKind.BUSINESS, OrganisationKind.CHAMBER},
    PostKind.MENTORING: {OrganisationKind.BDS, OrganisationKind.CHAMBER, OrganisationKind.NGO},
    PostKind.FUNDING: {OrganisationKind.AGENCY, OrganisationKind.NGO, OrganisationKind.CHAMBER},
    PostKind.OTHER: set(),
}


@dataclass
class Match:
    score: int
    reasons: list[str] = field(default_factory=list)
    post: PartnershipPost | None = None
    organisation: Organisation | None = None


def _place(
    score: int, reasons: list[str], post: PartnershipPost, sector: str, country: str, region: str
) -> int:
    if post.sector and sector == post.sector:
        score += 15
        reasons.append(_("same sector (+15)"))
    if post.country and country == str(post.country):
        score += 10
        reasons.append(_("same country (+10)"))
        if post.region and region.strip().lower() == post.region.strip().lower():
            score += 5
            reasons.append(_("same region (+5)"))
    return score


def score_posts(
    post: PartnershipPost, candidate: PartnershipPost, tags: set[str], candidate_tags: set[str]
) -> Match:
    score, reasons = 0, []
    if candidate.kind == post.kind:
        score += 40
        reasons.append(_("same kind: %(kind)s (+40)") % {"kind": candidate.get_kind_display()})
    elif candidate.kind in RELATED_KINDS.get(post.kind, set()):
        score += 20
        reasons.append(
            _("related kinds: %(a)s and %(b)s (+20)")
            % {"a": post.get_kind_display(), "b": candidate.get_kind_display()}
        )
    shared = sorted(tags & candidate_tags)
    if shared:
        points = min(30, 10 * len(shared))
        score += points
        reasons.append(
            _("shared tags: %(tags)s (+%(points)s)") % {"tags": ", ".join(shared), "points": points}
        )
    topical = score > 0 or bool(post.sector and candidate.sector == post.sector)
    score = _place(score, reasons, candidate, post.sector, str(post.country), post.region)
    age = timezone.now() - candidate.created_at
    if age <= timedelta(days=30):
        score += 10
        reasons.append(_("posted in the last 30 days (+10)"))
    elif age <= timedelta(days=90):
        score += 5
        reasons.append(_("posted in the last 90 days (+5)"))
    return Match(score=score if topical else 0, reasons=reasons, post=candidate)


def matching_posts(user: Any, post: PartnershipPost, *, limit: int = 5) -> list[Match]:
    other = PostDirection.NEED if post.direction == PostDirection.OFFER else PostDirection.OFFER
    candidates = (
        permissions.visible_posts(user)
        .filter(direction=other, is_closed=False)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=timezone.localdate()))
        .exclude(author=post.author)
        .select_related("organisation", "network")
        .prefetch_related("tags")  # type: ignore[misc]
        .order_by("-created_at")[:CANDIDATE_CAP]
    )
    tags = {t.name for t in post.tags.all()}
    matches = [score_posts(post, c, tags, {t.name for t in c.tags.all()}) for c in candidates]
    matches = [m for m in matches if m.score > 0]
    matches.sort(key=lambda m: (-m.score, -(m.post.pk if m.post else 0)))
    return matches[:limit]


def matching_organisations(post: PartnershipPost, *, limit: int = 5) -> list[Match]:
    fit = ORGANISATION_FIT.get(post.kind, set())
    condition = Q(kind__in=fit)
    if post.sector:
        condition |= Q(sector=post.sector)
    candidates = Organisation.objects.filter(condition)
    if post.organisation_id:
        candidates = candidates.exclude(pk=post.organisation_id)
    candidates = candidates.exclude(memberships__user=post.author).order_by("-created_at")[:CANDIDATE_CAP]
    women_network = post.network is not None and post.network.kind == NetworkKind.WOMEN_NETWORK
    matches = []
    for organisation in candidates:
        score, reasons = 0, []
        if organisation.kind in fit:
            score += 20
            reasons.append(
                _("a %(kind)s suits “%(post_kind)s” (+20)")
                % {"kind": organisation.get_kind_display(), "post_kind": post.get_kind_display()}
            )
        if post.sector and organisation.sector == post.sector:
            score += 15
            reasons.append(_("same sector (+15)"))
        if post.country and str(organisation.country) == str(post.country):
            score += 10
            reasons.append(_("same country (+10)"))
            if post.region and organisation.region.strip().lower() == post.region.strip().lower():
                score += 5
                reasons.append(_("same region (+5)"))
        if women_network and organisation.women_led:
            score += 5
            reasons.append(_("women-led (+5)"))
        matches.append(Match(score=score, reasons=reasons, organisation=organisation))
    matches.sort(key=lambda m: (-m.score, m.organisation.name if m.organisation else ""))
    return matches[:limit]
