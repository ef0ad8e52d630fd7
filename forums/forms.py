"""Forms for starting topics, replying, editing posts, filtering topic lists, searching, polls and the
moderation tools (reasons, moves, flags, suspensions)."""

import uuid
from datetime import datetime, time, timedelta
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from community.uploads import clean_image as checked_image
from forums.models import Category, FlagReason, ResultsVisibility
from forums.services.moderation import NOTE_MAX_LENGTH, REASON_MAX_LENGTH
from forums.services.polls import QUESTION_MAX_LENGTH
from forums.services.posting import MAX_BODY_LENGTH, MAX_TAG_LENGTH, MAX_TAGS, MAX_TITLE_LENGTH, validate_tags

BODY_HELP = _(
    "Markdown works: **bold**, *italics*, [a link](https://example.org), > a quote, - a list. "
    "Mention a member with @**Their Name**."
)


def split_tags(text: str) -> list[str]:
    return [part for part in (p.strip() for p in text.split(",")) if part]


class _PostFields(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        max_length=MAX_BODY_LENGTH,
        strip=False,
        help_text=BODY_HELP,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    image = forms.ImageField(label=_("Image (optional)"), required=False)
    # A new one with every blank form: a resend of the same form is recognised and not posted twice.
    client_id = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("client_id", uuid.uuid4())

    def clean_body(self) -> str:
        body: str = self.cleaned_data["body"]
        if not body.strip():
            raise forms.ValidationError(_("Write a message."))
        return body

    def clean_image(self) -> UploadedFile | None:
        image = self.cleaned_data.get("image")
        return checked_image(image) if image else None


class TopicForm(_PostFields):
    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE_LENGTH)
    tags = forms.CharField(label=_("Tags"), required=False)

    field_order = ["title", "body", "tags", "image", "client_id"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tags"].help_text = gettext(
            "Separate tags with commas; at most %(max)s, each at most %(length)s characters."
        ) % {"max": MAX_TAGS, "length": MAX_TAG_LENGTH}

    def clean_tags(self) -> list[str]:
        try:
            return validate_tags(split_tags(self.cleaned_data.get("tags", "")))
        except forms.ValidationError as error:
            raise forms.ValidationError(error.message_dict["tags"]) from error


class ReplyForm(_PostFields):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].label = _("Your reply")


class PostEditForm(forms.Form):
    title = forms.CharField(label=_("Title of the topic"), max_length=MAX_TITLE_LENGTH)
    body = forms.CharField(
        label=_("Message"),
        max_length=MAX_BODY_LENGTH,
        strip=False,
        help_text=BODY_HELP,
        widget=forms.Textarea(attrs={"rows": 10}),
    )

    def __init__(self, *args: Any, with_title: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_title:
            del self.fields["title"]

    def clean_body(self) -> str:
        body: str = self.cleaned_data["body"]
        if not body.strip():
            raise forms.ValidationError(_("Write a message."))
        return body


class TopicFilterForm(forms.Form):
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("latest", _("Latest activity")), ("newest", _("Newest")), ("active", _("Most replies"))],
    )
    tag = forms.CharField(label=_("Tag"), required=False, max_length=MAX_TAG_LENGTH)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Words"), required=False, max_length=200)
    author = forms.CharField(label=_("Author"), required=False, max_length=80)
    tag = forms.CharField(label=_("Tag"), required=False, max_length=MAX_TAG_LENGTH)
    category = forms.ChoiceField(label=_("Category"), required=False)

    def __init__(self, *args: Any, categories: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [  # type: ignore[attr-defined]
            ("", _("All categories")),
            *((category.slug, category.name) for category in categories),
        ]


# Polls


class PollForm(forms.Form):
    question = forms.CharField(label=_("Question"), max_length=QUESTION_MAX_LENGTH)
    options = forms.CharField(
        label=_("Options"),
        help_text=_("One option per line, from 2 to 20."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    multiple = forms.BooleanField(label=_("Members may choose several options"), required=False)
    closes_at = forms.DateTimeField(
        label=_("Closes on"),
        required=False,
        help_text=_("Optional. Leave it empty to keep the poll open."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    results_visibility = forms.ChoiceField(
        label=_("Show the results"),
        choices=ResultsVisibility.choices,
        initial=ResultsVisibility.AFTER_VOTE,
        widget=forms.RadioSelect,
    )

    def clean_options(self) -> list[str]:
        # Blank lines are spacing, not options.
        return [line.strip() for line in self.cleaned_data["options"].splitlines() if line.strip()]


# Moderation


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Give a reason: it is kept in the moderation log."),
            "max_length": _("Keep the reason to 500 characters or fewer."),
        },
    )

    def __init__(self, *args: Any, reason_required: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["reason"]
        field.required = reason_required
        if not reason_required:
            field.label = _("Reason (optional)")


class MoveForm(ReasonForm):
    category = forms.ModelChoiceField(
        label=_("Move to"),
        queryset=Category.objects.none(),
        empty_label=_("Choose a category"),
        error_messages={"required": _("Choose the category to move the topic to.")},
    )
    field_order = ["category", "reason"]

    def __init__(self, *args: Any, categories: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories  # type: ignore[attr-defined]


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong with this post?"),
        choices=FlagReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose why you are flagging this post.")},
    )
    note = forms.CharField(
        label=_("Note for the moderators"),
        help_text=_("Needed when you choose “Other”."),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("Keep the note to 500 characters or fewer.")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("reason") == FlagReason.OTHER and not data.get("note", "").strip():
            self.add_error("note", gettext("Tell the moderators what is wrong with this post."))
        return data


PERIODS = [
    ("1", _("1 day")),
    ("7", _("7 days")),
    ("30", _("30 days")),
    ("date", _("Until a date (the member can post again from that day)")),
]


class SuspendForm(ReasonForm):
    period = forms.ChoiceField(
        label=_("For how long"),
        choices=PERIODS,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how long the suspension lasts.")},
    )
    until = forms.DateField(
        label=_("Date the suspension ends"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    field_order = ["period", "until", "reason"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, reason_required=True, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        period, day = data.get("period"), data.get("until")
        if period == "date":
            if day is None:
                self.add_error("until", gettext("Choose the date the suspension ends."))
            elif day <= timezone.localdate():
                self.add_error("until", gettext("Choose a date in the future."))
        return data

    def ends_at(self) -> datetime:
        period = self.cleaned_data["period"]
        if period == "date":
            return datetime.combine(
                self.cleaned_data["until"], time.min, tzinfo=timezone.get_current_timezone()
            )
        return timezone.now() + timedelta(days=int(period))
