"""The machine-readable library: one dict per practice, as JSON and CSV (same fields, same filters)."""

import csv
import io
from collections.abc import Iterable
from typing import Any

from community.library.models import Practice

CSV_COLUMNS = [
    "url", "slug", "title", "summary", "country", "institutions", "sector", "training_area", "target_groups",
    "context", "method", "results", "resources", "lessons", "transfer_conditions", "contact_name", "tags",
    "language", "licence", "network", "authors", "version", "published_at", "endorsements", "adoptions",
]  # fmt: skip


def practice_record(practice: Practice, base_url: str) -> dict[str, Any]:
    """Everything public about a published practice. The contact e-mail is left out: people are reached
    through the site, and an export is easy to harvest."""
    return {
        "url": f"{base_url}{practice.get_absolute_url()}",
        "slug": practice.slug,
        "title": practice.title,
        "summary": practice.summary,
        "country": str(practice.country.code),
        "institutions": [o.name for o in practice.organisations.all()],
        "sector": practice.sector,
        "training_area": practice.training_area,
        "target_groups": list(practice.target_groups),
        "context": practice.context,
        "method": practice.method,
        "results": [
            {"value": str(i.value.normalize()), "unit": i.unit, "period": i.period}
            for i in practice.indicators.all()
        ],
        "resources": practice.resources,
        "lessons": practice.lessons,
        "transfer_conditions": practice.transfer_conditions,
        "contact_name": practice.contact_name,
        "tags": sorted(t.name for t in practice.tags.all()),
        "language": practice.language,
        "licence": practice.licence,
        "network": practice.network.slug if practice.network else None,
        "authors": [practice.author.display_name, *(u.display_name for u in practice.coauthors.all())],
        "version": practice.version,
        "published_at": practice.published_at.isoformat() if practice.published_at else None,
        "endorsements": practice.endorsement_count,
        "adoptions": practice.adoption_count,
    }


def _cell(value: Any) -> str:
    if isinstance(value, list):
        value = "; ".join(
            f"{v['value']} {v['unit']} ({v['period']})" if isinstance(v, dict) else str(v) for v in value
        )
    text = "" if value is None else str(value)
    # A cell starting with = + - @ would run as a formula in a spreadsheet.
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        text = "'" + text
    return text


def to_csv(records: Iterable[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for record in records:
        writer.writerow([_cell(record[column]) for column in CSV_COLUMNS])
    return out.getvalue()
