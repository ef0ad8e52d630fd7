"""Polls on topics (training-needs surveys): creating one, voting, and exporting the results as CSV;
what a reader sees of a poll is read in forums/selectors.py (poll_state_for).

Results count voters, never show who voted; they are shown after voting or after closing, as the
poll's author chose, and always to the author and the category's moderators.
"""

import csv
import io
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from forums.models import Poll, PollOption, PollVote, ResultsVisibility, Topic
from forums.permissions import can_manage_poll, can_read_topic, check_can_create_poll, check_can_vote
from forums.selectors import poll_is_closed, poll_results

MIN_OPTIONS = 2
MAX_OPTIONS = 20
OPTION_MAX_LENGTH = PollOption._meta.get_field("label").max_length or 120
QUESTION_MAX_LENGTH = Poll._meta.get_field("question").max_length or 200
# A cell starting with one of these is run as a formula by spreadsheets (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _clean_options(options: list[str]) -> list[str]:
    cleaned = [option.strip() for option in options]
    if any(not option for option in cleaned):
        raise ValidationError({"options": _("Options cannot be empty.")})
    too_long = [option for option in cleaned if len(option) > OPTION_MAX_LENGTH]
    if too_long:
        raise ValidationError(
            {
                "options": _("Each option can have at most %(max)s characters: “%(option)s” is too long.")
                % {"max": OPTION_MAX_LENGTH, "option": too_long[0][:40] + "…"}
            }
        )
    seen: set[str] = set()
    for option in cleaned:
        if option.casefold() in seen:
            raise ValidationError(
                {
                    "options": _("“%(option)s” appears twice: each option must be different.")
                    % {"option": option}
                }
            )
        seen.add(option.casefold())
    if not MIN_OPTIONS <= len(cleaned) <= MAX_OPTIONS:
        raise ValidationError(
            {
                "options": _("A poll needs between %(min)s and %(max)s options.")
                % {"min": MIN_OPTIONS, "max": MAX_OPTIONS}
            }
        )
    return cleaned


def poll_create(
    *,
    topic: Topic,
    actor: Any,
    question: str,
    options: list[str],
    multiple: bool = False,
    closes_at: datetime | None = None,
    results_visibility: str = ResultsVisibility.AFTER_VOTE,
) -> Poll:
    """Add a poll to a topic: its author or a moderator, one poll per topic."""
    check_can_create_poll(actor, topic)
    question = question.strip()
    errors: dict[str, str] = {}
    if not question:
        errors["question"] = _("Write the question.")
    elif len(question) > QUESTION_MAX_LENGTH:
        errors["question"] = _("The question can have at most %(max)s characters.") % {
            "max": QUESTION_MAX_LENGTH
        }
    if closes_at is not None and closes_at <= timezone.now():
        errors["closes_at"] = _("The closing date must be in the future.")
    if results_visibility not in ResultsVisibility.values:
        errors["results_visibility"] = _("Choose when the results are shown.")
    try:
        labels = _clean_options(options)
    except ValidationError as error:
        errors.update({field: messages[0] for field, messages in error.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    if Poll.objects.filter(topic=topic).exists():
        raise ValidationError(_("This topic already has a poll."))
    try:
        with transaction.atomic():
            poll = Poll.objects.create(
                topic=topic,
                question=question,
                multiple=multiple,
                closes_at=closes_at,
                results_visibility=results_visibility,
            )
            PollOption.objects.bulk_create(
                PollOption(poll=poll, label=label, position=position) for position, label in enumerate(labels)
            )
    except IntegrityError:  # another request added one first
        raise ValidationError(_("This topic already has a poll.")) from None
    return poll


def poll_vote(*, poll: Poll, user: Any, option_ids: list[int]) -> None:
    """Record the member's choice, replacing any earlier one; refused once the poll has closed."""
    check_can_vote(user, poll.topic)
    chosen = set(option_ids)
    if not chosen:
        raise ValidationError(_("Choose an option before voting."))
    with transaction.atomic():
        # Locking the poll serialises one poll's votes, so a double submit cannot leave two
        # answers in a single-choice poll, and re-reads the closing date.
        locked = Poll.objects.select_for_update().get(pk=poll.pk)
        if poll_is_closed(locked):
            raise ValidationError(
                _("This poll closed on %(date)s: votes are no longer accepted.")
                % {"date": formats.date_format(timezone.localtime(locked.closes_at), "DATETIME_FORMAT")}
            )
        valid = set(PollOption.objects.filter(poll=locked, pk__in=chosen).values_list("pk", flat=True))
        if valid != chosen:
            raise ValidationError(_("That option is not part of this poll."))
        if not locked.multiple and len(chosen) > 1:
            raise ValidationError(_("This poll takes one answer: choose only one option."))
        PollVote.objects.filter(poll=locked, user=user).exclude(option_id__in=chosen).delete()
        PollVote.objects.bulk_create(
            [PollVote(poll=locked, option_id=option_id, user=user) for option_id in sorted(chosen)],
            ignore_conflicts=True,
        )


# The CSV export (a read with its own permission check, kept beside the writes it summarises).


def poll_csv(*, poll: Poll, user: Any) -> str:
    """The results as CSV text (option, votes, percentage) for the author and the moderators."""
    if not can_read_topic(user, poll.topic) or not can_manage_poll(user, poll.topic):
        raise PermissionDenied(_("Only the author of the topic or a moderator can download the results."))
    options, _voters = poll_results(poll)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Option"), _("Votes"), _("Percentage")])
    for result in options:
        label = result.option.label
        if label.startswith(FORMULA_STARTS):
            label = "'" + label
        writer.writerow([label, result.votes, f"{result.percentage:.1f}"])
    return out.getvalue()
