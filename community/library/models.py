"""The good-practice library: practices (structured records with a review workflow and published
versions), their indicators, attachments, comments, endorsements and adoptions, and methodological guides."""

import os
import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from taggit.managers import TaggableManager

from community.organisations.models import Sector

EDITORS_GROUP = "library editors"


class TrainingArea(models.TextChoices):
    DIGITAL = "digital_skills", _("Digital skills and ICT use")
    ECOMMERCE = "ecommerce", _("E-commerce and online marketing")
    ENTREPRENEURSHIP = "entrepreneurship", _("Entrepreneurship and business management")
    HOSPITALITY = "hospitality", _("Hospitality and customer service")
    TOURISM = "tourism_services", _("Tourism services and guiding")
    TRAINER = "trainer_training", _("Training of trainers")
    PRODUCTION = "production", _("Production and quality")
    OTHER = "other", _("Other")


class TargetGroup(models.TextChoices):
    WOMEN = "women_entrepreneurs", _("Women entrepreneurs")
    YOUTH = "young_people", _("Young people")
    TRAINERS = "trainers", _("Trainers and teachers")
    OWNERS = "business_owners", _("Owners and managers of small businesses")
    EMPLOYEES = "employees", _("Employees of small businesses")
    COMMUNITIES = "communities", _("Community organisations")
    OTHER = "other", _("Other")


class Licence(models.TextChoices):
    CC_BY = "cc-by-4.0", _("CC BY 4.0 (reuse with credit)")
    CC_BY_SA = "cc-by-sa-4.0", _("CC BY-SA 4.0 (reuse with credit, share alike)")
    CC_BY_NC = "cc-by-nc-4.0", _("CC BY-NC 4.0 (reuse with credit, not commercially)")
    CC0 = "cc0-1.0", _("CC0 1.0 (public domain)")
    RESERVED = "all-rights-reserved", _("All rights reserved")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for review")
    RETURNED = "returned", _("Returned with comments")
    PUBLISHED = "published", _("Published")


class Practice(models.Model):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("address name"), max_length=90, unique=True)
    summary = models.TextField(_("summary"), max_length=1500)
    country = CountryField(_("country"))
    organisations = models.ManyToManyField(  # type: ignore[var-annotated]
        "organisations.Organisation",
        blank=True,
        related_name="practices",
        verbose_name=_("institutions"),
    )
    sector = models.CharField(_("sector"), max_length=32, choices=Sector.choices)
    training_area = models.CharField(_("training area"), max_length=32, choices=TrainingArea.choices)
    # A list of TargetGroup values; filtered with a quoted icontains so it works on SQLite and PostgreSQL.
    target_groups = models.JSONField(_("target groups"), default=list, blank=True)
    context = models.TextField(_("context and problem"), max_length=8000, blank=True)
    method = models.TextField(_("what was done (method, steps)"), max_length=12000, blank=True)
    resources = models.TextField(_("resources and cost"), max_length=4000, blank=True)
    lessons = models.TextField(_("lessons learned"), max_length=8000, blank=True)
    transfer_conditions = models.TextField(_("conditions for transfer"), max_length=4000, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="es")
    licence = models.CharField(_("licence"), max_length=24, choices=Licence.choices, default=Licence.CC_BY)
    tags = TaggableManager(_("tags"), blank=True)
    network = models.ForeignKey(
        "networks.Network",
        null=True,
        blank=True,
        # Never SET_NULL: a hidden network's practice must not become public when the network goes.
        on_delete=models.CASCADE,
        related_name="practices",
        verbose_name=_("network"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practices", verbose_name=_("author")
    )
    coauthors = models.ManyToManyField(  # type: ignore[var-annotated]
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="coauthored_practices",
        verbose_name=_("co-authors"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    review_comment = models.TextField(_("reviewer's comments"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(_("published version"), default=0)
    comment_count = models.PositiveIntegerField(default=0)
    endorsement_count = models.PositiveIntegerField(default=0)
    adoption_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")
        indexes = [
            models.Index(fields=["status", "-published_at"]),
            models.Index(fields=["country", "sector", "training_area"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("library:detail", args=[self.slug])

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    def target_group_labels(self) -> list[str]:
        labels = dict(TargetGroup.choices)
        return [str(labels.get(value, value)) for value in self.target_groups]


class Indicator(models.Model):
    """A result in numbers: "187 people trained in 18 months" is value 187, unit "people trained",
    period "18 months"."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="indicators")
    position = models.PositiveSmallIntegerField(default=0)
    value = models.DecimalField(_("number"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=120)
    period = models.CharField(_("period"), max_length=80, blank=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.as_text()

    def value_text(self) -> str:
        return f"{self.value.normalize():f}"

    def as_text(self) -> str:
        text = f"{self.value_text()} {self.unit}"
        return f"{text} | {self.period}" if self.period else text


class PracticeVersion(models.Model):
    """The content of a practice as published: a JSON snapshot of its fields, one per publication or
    edit of a published practice. Readers always see the practice itself, which is the latest."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    snapshot = models.JSONField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["practice", "number"], name="one_practice_version_per_number")
        ]

    def __str__(self) -> str:
        return f"{self.practice} v{self.number}"


class PrivateStorage(FileSystemStorage):
    """Files under MEDIA_ROOT/private, never linked: they are served by a view that checks visibility.
    The location follows MEDIA_ROOT (FileSystemStorage resets it when the setting changes in tests)."""

    @cached_property
    def base_location(self) -> str:  # type: ignore[override]
        return os.path.join(settings.MEDIA_ROOT, "private")

    @cached_property
    def base_url(self) -> str:  # type: ignore[override]
        return ""


private_storage = PrivateStorage()


def _private_storage() -> FileSystemStorage:
    return private_storage


def attachment_path(instance: "Attachment", filename: str) -> str:
    """A random name; the extension is the one chosen from the content when it was checked."""
    extension = os.path.splitext(filename)[1].lower().lstrip(".") or "bin"
    return f"library/{uuid.uuid4().hex}.{extension}"


class Attachment(models.Model):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, storage=_private_storage, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("library:attachment", args=[self.pk])


class Comment(models.Model):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(_("comment"), max_length=5000)
    body_html = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.author} on {self.practice}"


class Endorsement(models.Model):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="endorsements")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["practice", "user"], name="one_endorsement_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.user} finds {self.practice} useful"


class Adoption(models.Model):
    """ "We applied this": who, for which organisation, in what context and with what results."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="adoptions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("on behalf of"),
    )
    context = models.TextField(_("your context"), max_length=4000)
    results = models.TextField(_("your results"), max_length=4000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        # One record per member and organisation (or none): a double submission is not a second adoption.
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "user"],
                condition=models.Q(organisation__isnull=True),
                name="one_personal_adoption_per_member",
            ),
            models.UniqueConstraint(
                fields=["practice", "user", "organisation"],
                condition=models.Q(organisation__isnull=False),
                name="one_adoption_per_member_and_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} applied {self.practice}"


class Guide(models.Model):
    """A methodological guide: an ordered collection of practices and text chapters."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("address name"), max_length=90, unique=True)
    introduction = models.TextField(_("introduction"), max_length=12000, blank=True)
    introduction_html = models.TextField(blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="es")
    network = models.ForeignKey(
        "networks.Network",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="guides",
        verbose_name=_("network"),
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="guides")
    is_published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("methodological guide")
        verbose_name_plural = _("methodological guides")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("library:guide", args=[self.slug])


class GuideItem(models.Model):
    """One entry of a guide: a text chapter (Markdown) or a practice, at a position."""

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(default=0)
    heading = models.CharField(_("heading"), max_length=200, blank=True)
    body = models.TextField(_("text (Markdown)"), max_length=30000, blank=True)
    body_html = models.TextField(blank=True)
    practice = models.ForeignKey(
        Practice, null=True, blank=True, on_delete=models.CASCADE, related_name="guide_items"
    )

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.heading or str(self.practice)
