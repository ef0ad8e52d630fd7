"""Organisations, their members, invitations, offerings (the showcase) and inquiries."""

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from community.uploads import generated_upload_path

phone_validator = RegexValidator(
    r"^\+?[0-9 ()-]{6,20}$",
    _("Enter a phone number with digits, spaces, brackets or dashes, e.g. +593 7 257 0000."),
)

WOMEN_LED_DEFINITION = _(
    "Women-led: at least 51% owned by one or more women, or a woman is the chief executive "
    "and at least 20% is owned by women."
)


class OrganisationKind(models.TextChoices):
    VTI = "vti", _("Vocational training institution")
    CHAMBER = "chamber", _("Chamber of commerce")
    BUSINESS = "business", _("Business")
    BDS = "bds", _("Business-development service provider")
    AGENCY = "agency", _("Public agency")
    NGO = "ngo", _("NGO")


class Sector(models.TextChoices):
    ACCOMMODATION = "tourism_accommodation", _("Tourism: accommodation")
    RESTAURANT = "tourism_restaurant", _("Tourism: restaurant")
    TOUR_OPERATOR = "tourism_tour_operator", _("Tourism: tour operator")
    HANDICRAFTS = "tourism_handicrafts", _("Tourism: handicrafts")
    AGRICULTURE = "agriculture", _("Agriculture")
    MANUFACTURING = "manufacturing", _("Manufacturing")
    SERVICES = "services", _("Services")
    EDUCATION = "education", _("Education")
    OTHER = "other", _("Other")


class Size(models.TextChoices):
    MICRO = "micro", _("Micro (1-9 people)")
    SMALL = "small", _("Small (10-49 people)")
    MEDIUM = "medium", _("Medium (50-199 people)")


class ContactVisibility(models.TextChoices):
    PUBLIC = "public", _("Everyone")
    MEMBERS = "members", _("Signed-in members")
    FORM_ONLY = "form_only", _("Nobody: people reach us through the inquiry form")


def logo_path(instance: "Organisation", filename: str) -> str:
    return generated_upload_path("logos", filename)


def photo_path(instance: "OfferingPhoto", filename: str) -> str:
    return generated_upload_path("offerings", filename)


class Organisation(models.Model):
    kind = models.CharField(_("kind"), max_length=16, choices=OrganisationKind.choices)
    name = models.CharField(_("name"), max_length=160)
    slug = models.SlugField(_("address name"), max_length=80, unique=True)
    country = CountryField(_("country"))
    region = models.CharField(_("region or province"), max_length=100, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    sector = models.CharField(_("sector"), max_length=32, choices=Sector.choices)
    size = models.CharField(_("size"), max_length=8, choices=Size.choices, blank=True)
    women_led = models.BooleanField(_("women-led"), default=False, help_text=WOMEN_LED_DEFINITION)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    logo = models.ImageField(_("logo"), upload_to=logo_path, blank=True)
    phone = models.CharField(_("phone"), max_length=24, blank=True, validators=[phone_validator])
    whatsapp = models.CharField(_("WhatsApp"), max_length=24, blank=True, validators=[phone_validator])
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    contact_visibility = models.CharField(
        _("who sees our contact details"),
        max_length=12,
        choices=ContactVisibility.choices,
        default=ContactVisibility.PUBLIC,
    )
    verified = models.BooleanField(_("verified"), default=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    members = models.ManyToManyField(  # type: ignore[var-annotated]
        settings.AUTH_USER_MODEL, through="Membership", related_name="organisations"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [models.Index(fields=["kind", "sector", "country"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisations:detail", args=[self.slug])

    @property
    def women_led_definition(self) -> str:
        return str(WOMEN_LED_DEFINITION)


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    ADMIN = "admin", _("Administrator")
    MEMBER = "member", _("Member")


class Membership(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=8, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="one_membership_per_user")
        ]
        ordering = ["organisation", "role", "joined_at"]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.role})"

    @property
    def can_manage(self) -> bool:
        return self.role in (Role.OWNER, Role.ADMIN)


class Invitation(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail"))
    role = models.CharField(_("role"), max_length=8, choices=Role.choices, default=Role.MEMBER)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"


class OfferingKind(models.TextChoices):
    PRODUCT = "product", _("Product")
    SERVICE = "service", _("Service")
    TRAINING = "training", _("Training")


class Offering(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="offerings")
    kind = models.CharField(
        _("kind"), max_length=10, choices=OfferingKind.choices, default=OfferingKind.SERVICE
    )
    name = models.CharField(_("name"), max_length=160)
    description = models.TextField(_("description"), max_length=3000, blank=True)
    price_min = models.DecimalField(
        _("price from"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    price_max = models.DecimalField(
        _("price up to"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    availability = models.CharField(
        _("availability"),
        max_length=200,
        blank=True,
        help_text=_("For example: all year, weekends, June to September."),
    )
    is_active = models.BooleanField(_("shown on the showcase"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organisation", "name"]
        verbose_name = _("offering")
        verbose_name_plural = _("offerings")

    def __str__(self) -> str:
        return self.name


class OfferingPhoto(models.Model):
    offering = models.ForeignKey(Offering, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=photo_path)
    caption = models.CharField(_("caption"), max_length=160, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.caption or self.image.name


class InquiryStatus(models.TextChoices):
    NEW = "new", _("New")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


class Inquiry(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="inquiries")
    offering = models.ForeignKey(
        Offering,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inquiries",
        verbose_name=_("offering"),
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inquiries_sent",
    )
    name = models.CharField(_("your name"), max_length=120)
    email = models.EmailField(_("your e-mail"))
    phone = models.CharField(_("your phone"), max_length=24, blank=True, validators=[phone_validator])
    date_from = models.DateField(_("from"), null=True, blank=True)
    date_to = models.DateField(_("until"), null=True, blank=True)
    party_size = models.PositiveSmallIntegerField(
        _("party size"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    message = models.TextField(_("message"), max_length=3000)
    status = models.CharField(
        _("status"), max_length=10, choices=InquiryStatus.choices, default=InquiryStatus.NEW
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("inquiry")
        verbose_name_plural = _("inquiries")

    def __str__(self) -> str:
        return f"{self.name} → {self.organisation}"
