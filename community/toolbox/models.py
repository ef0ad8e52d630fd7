"""The management toolboxes: business plans, cash-flow projections and marketing plans.

Each tool belongs to one member or to one organisation (never both), and can be shared read-only with
chosen members (e.g. the consultant at a chamber of commerce).
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from community.organisations.models import Organisation

MAX_AMOUNT = Decimal("9999999999.9999")
amount_validators = [MinValueValidator(Decimal(0)), MaxValueValidator(MAX_AMOUNT)]


class Tool(models.Model):
    """What every tool has: a title, an owner (a member or an organisation) and a language."""

    title = models.CharField(_("title"), max_length=160)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("member"),
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organisation"),
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="es")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
        ordering = ["-updated_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def owner_name(self) -> str:
        return str(self.organisation if self.organisation_id else self.owner)


def _one_owner(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(owner__isnull=False, organisation__isnull=True)
        | Q(owner__isnull=True, organisation__isnull=False),
        name=name,
    )


class ShareBase(models.Model):
    """A read-only share with one member."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.tool} → {self.user}"  # type: ignore[attr-defined]


# Business plans ----------------------------------------------------------------------------------


class BusinessPlan(Tool):
    summary = models.TextField(_("summary"), max_length=10000, blank=True)
    product = models.TextField(_("product or service"), max_length=10000, blank=True)
    market = models.TextField(_("market and customers"), max_length=10000, blank=True)
    competition = models.TextField(_("competition"), max_length=10000, blank=True)
    marketing = models.TextField(_("marketing"), max_length=10000, blank=True)
    operations = models.TextField(_("operations"), max_length=10000, blank=True)
    team = models.TextField(_("team"), max_length=10000, blank=True)
    finances = models.TextField(_("finances"), max_length=10000, blank=True)

    class Meta(Tool.Meta):
        verbose_name = _("business plan")
        verbose_name_plural = _("business plans")
        constraints = [_one_owner("businessplan_one_owner")]

    def get_absolute_url(self) -> str:
        return reverse("toolbox:plan_detail", args=[self.pk])


class BusinessPlanShare(ShareBase):
    tool = models.ForeignKey(BusinessPlan, on_delete=models.CASCADE, related_name="shares")

    class Meta(ShareBase.Meta):
        constraints = [models.UniqueConstraint(fields=["tool", "user"], name="businessplan_share_once")]


# Cash-flow projections ---------------------------------------------------------------------------


class CashFlowProjection(Tool):
    months = models.PositiveSmallIntegerField(
        _("months"), choices=[(12, _("12 months")), (24, _("24 months"))], default=12
    )
    start_month = models.DateField(_("first month"), help_text=_("The projection starts on this month."))
    opening_balance = models.DecimalField(
        _("opening balance"),
        max_digits=16,
        decimal_places=4,
        default=Decimal(0),
        validators=[MinValueValidator(-MAX_AMOUNT), MaxValueValidator(MAX_AMOUNT)],
        help_text=_("The cash you have at the start of the first month."),
    )
    currency = models.CharField(_("currency"), max_length=3, default="USD")

    class Meta(Tool.Meta):
        verbose_name = _("cash-flow projection")
        verbose_name_plural = _("cash-flow projections")
        constraints = [
            _one_owner("cashflow_one_owner"),
            models.CheckConstraint(condition=Q(months__in=[12, 24]), name="cashflow_12_or_24_months"),
        ]

    def get_absolute_url(self) -> str:
        return reverse("toolbox:cashflow_detail", args=[self.pk])


class CashFlowShare(ShareBase):
    tool = models.ForeignKey(CashFlowProjection, on_delete=models.CASCADE, related_name="shares")

    class Meta(ShareBase.Meta):
        constraints = [models.UniqueConstraint(fields=["tool", "user"], name="cashflow_share_once")]


class LineKind(models.TextChoices):
    INCOME = "income", _("Income")
    EXPENSE = "expense", _("Expense")


class Category(models.TextChoices):
    SALES = "sales", _("Sales")
    SERVICES = "services", _("Services")
    LOANS_RECEIVED = "loans_received", _("Loans received")
    GRANTS = "grants", _("Grants and subsidies")
    OWNER_CONTRIBUTION = "owner_contribution", _("Owner's contribution")
    MATERIALS = "materials", _("Materials and supplies")
    WAGES = "wages", _("Wages")
    RENT = "rent", _("Rent")
    UTILITIES = "utilities", _("Water, electricity and internet")
    MARKETING = "marketing", _("Marketing")
    TRANSPORT = "transport", _("Transport")
    LOAN_REPAYMENTS = "loan_repayments", _("Loan repayments")
    TAXES = "taxes", _("Taxes and fees")
    EQUIPMENT = "equipment", _("Equipment")
    OTHER = "other", _("Other")


class CashFlowLine(models.Model):
    """One income or expense line: per-month amounts, a repeating amount, or both.

    A month's amount is the one entered for that month if any, else the repeating amount when the
    month lies between repeat_from and repeat_until (month numbers, 1 = the first month).
    """

    projection = models.ForeignKey(CashFlowProjection, on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField(_("type"), max_length=8, choices=LineKind.choices)
    category = models.CharField(_("category"), max_length=24, choices=Category.choices)
    name = models.CharField(_("name"), max_length=120)
    repeat_amount = models.DecimalField(
        _("repeating amount"),
        max_digits=16,
        decimal_places=4,
        null=True,
        blank=True,
        validators=amount_validators,
        help_text=_("The same amount every month; leave empty to enter each month."),
    )
    repeat_from = models.PositiveSmallIntegerField(
        _("from month"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(24)]
    )
    repeat_until = models.PositiveSmallIntegerField(
        _("until month"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(24)]
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["kind", "position", "pk"]
        verbose_name = _("cash-flow line")
        verbose_name_plural = _("cash-flow lines")

    def __str__(self) -> str:
        return self.name


class CashFlowAmount(models.Model):
    line = models.ForeignKey(CashFlowLine, on_delete=models.CASCADE, related_name="amounts")
    month = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(24)])
    amount = models.DecimalField(max_digits=16, decimal_places=4, validators=amount_validators)

    class Meta:
        ordering = ["month"]
        constraints = [models.UniqueConstraint(fields=["line", "month"], name="cashflow_amount_once")]

    def __str__(self) -> str:
        return f"{self.line} #{self.month}: {self.amount}"


# Marketing plans ---------------------------------------------------------------------------------


class Channel(models.TextChoices):
    SHOWCASE = "showcase", _("Our showcase page on Minga")
    FACEBOOK = "facebook", _("Facebook")
    INSTAGRAM = "instagram", _("Instagram")
    WHATSAPP = "whatsapp", _("WhatsApp")
    TIKTOK = "tiktok", _("TikTok")
    WEBSITE = "website", _("Our website")
    BOOKING_SITES = "booking_sites", _("Booking sites and travel agencies")
    FAIRS = "fairs", _("Fairs and markets")
    PRINT = "print", _("Flyers, posters and radio")
    WORD_OF_MOUTH = "word_of_mouth", _("Word of mouth and partners")
    OTHER = "other", _("Other")


class MarketingPlan(Tool):
    target_customers = models.TextField(_("target customers"), max_length=5000, blank=True)
    offer = models.TextField(_("offer"), max_length=5000, blank=True)
    price = models.TextField(_("price"), max_length=3000, blank=True)
    channels = models.JSONField(_("channels"), default=list, blank=True)
    channel_notes = models.TextField(
        _("channel notes"),
        max_length=3000,
        blank=True,
        help_text=_("Your page addresses and how you use each channel."),
    )
    planned_budget = models.DecimalField(
        _("planned budget"),
        max_digits=14,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal("999999999999.99"))],
    )
    currency = models.CharField(_("currency"), max_length=3, default="USD")

    class Meta(Tool.Meta):
        verbose_name = _("marketing plan")
        verbose_name_plural = _("marketing plans")
        constraints = [_one_owner("marketingplan_one_owner")]

    def get_absolute_url(self) -> str:
        return reverse("toolbox:marketing_detail", args=[self.pk])

    @property
    def channel_labels(self) -> list[str]:
        labels = dict(Channel.choices)
        return [str(labels[c]) for c in self.channels if c in labels]


class MarketingPlanShare(ShareBase):
    tool = models.ForeignKey(MarketingPlan, on_delete=models.CASCADE, related_name="shares")

    class Meta(ShareBase.Meta):
        constraints = [models.UniqueConstraint(fields=["tool", "user"], name="marketingplan_share_once")]


class MarketingAction(models.Model):
    plan = models.ForeignKey(MarketingPlan, on_delete=models.CASCADE, related_name="actions")
    date = models.DateField(_("date"))
    action = models.CharField(_("action"), max_length=200)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    cost = models.DecimalField(
        _("cost"),
        max_digits=14,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal("999999999999.99"))],
    )

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("marketing action")
        verbose_name_plural = _("marketing actions")

    def __str__(self) -> str:
        return self.action
