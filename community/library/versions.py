"""Published versions of a practice: the JSON snapshot of its fields and a line diff between two of them."""

from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from django.utils.translation import gettext_lazy as _

from community.library.models import Practice

# Shown on the practice page to signed-in members only, so the history keeps it from anonymous readers.
MEMBERS_ONLY_FIELDS = ("contact_email",)

# The fields a snapshot keeps, with their labels, in the order the diff shows them.
SNAPSHOT_FIELDS: tuple[tuple[str, Any], ...] = (
    ("title", _("Title")),
    ("summary", _("Summary")),
    ("country", _("Country")),
    ("institutions", _("Institutions")),
    ("sector", _("Sector")),
    ("training_area", _("Training area")),
    ("target_groups", _("Target groups")),
    ("context", _("Context and problem")),
    ("method", _("What was done")),
    ("indicators", _("Results")),
    ("resources", _("Resources and cost")),
    ("lessons", _("Lessons learned")),
    ("transfer_conditions", _("Conditions for transfer")),
    ("contact_name", _("Contact person")),
    ("contact_email", _("Contact e-mail")),
    ("tags", _("Tags")),
    ("language", _("Language")),
    ("licence", _("Licence")),
)


def snapshot_of(practice: Practice) -> dict[str, Any]:
    return {
        "title": practice.title,
        "summary": practice.summary,
        "country": str(practice.country.code),
        "institutions": sorted(o.name for o in practice.organisations.all()),
        "sector": practice.sector,
        "training_area": practice.training_area,
        "target_groups": list(practice.target_groups),
        "context": practice.context,
        "method": practice.method,
        "indicators": [i.as_text() for i in practice.indicators.all()],
        "resources": practice.resources,
        "lessons": practice.lessons,
        "transfer_conditions": practice.transfer_conditions,
        "contact_name": practice.contact_name,
        "contact_email": practice.contact_email,
        "tags": sorted(t.name for t in practice.tags.all()),
        "language": practice.language,
        "licence": practice.licence,
    }


@dataclass
class DiffLine:
    op: str  # "same", "added" or "removed"
    text: str


@dataclass
class FieldDiff:
    label: str
    lines: list[DiffLine]


def _lines(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    return str(value or "").splitlines()


def diff_snapshots(
    old: dict[str, Any], new: dict[str, Any], *, leave_out: Iterable[str] = ()
) -> list[FieldDiff]:
    """The changed fields, each as lines kept, removed and added. The text stays plain: templates
    escape it. Fields in `leave_out` are not compared (e.g. the contact e-mail for anonymous readers)."""
    changes = []
    left_out = set(leave_out)
    for key, label in SNAPSHOT_FIELDS:
        if key in left_out:
            continue
        before, after = _lines(old.get(key)), _lines(new.get(key))
        if before == after:
            continue
        lines: list[DiffLine] = []
        matcher = SequenceMatcher(a=before, b=after, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                lines.extend(DiffLine("same", line) for line in before[i1:i2])
                continue
            lines.extend(DiffLine("removed", line) for line in before[i1:i2])
            lines.extend(DiffLine("added", line) for line in after[j1:j2])
        changes.append(FieldDiff(str(label), lines))
    return changes
