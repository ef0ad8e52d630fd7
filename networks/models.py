"""Networks and clusters, who belongs to them (people and organisations), how people get in, the
partnership board (offers, needs, interests, partnerships) and monthly visit counts for indicators."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from taggit.managers import TaggableManager

from community.organisations.models import Sector
from community.uploads import generated_upload_path


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public: anyone sees it and its content")
    PRIVATE = "private", _("Private: anyone sees that it exists, only members see its content")
    HIDDEN = "hidden", _("Hidden: only members and invitees know it exists")


class NetworkRole(models.TextChoices):
    OWNER = "owner", _("Owner")
    MODERATOR = "moderator", _("Moderator")
    MEMBER = "member", _("Member")


class NetworkKind(models.TextChoices):
    BUSINESS_CLUSTER = "business_cluster", _("Business cluster")
    WOMEN_NETWORK = "women_network", _("Women-led business network")
    VTI_NETWORK = "vti_network", _("Network of training institutions")
    CHAMBER_NETWORK = "chamber_network", _("Network of chambers")
    THEMATIC = "thematic", _("Thematic group")


class JoinPolicy(models.TextChoices):
    OPEN = "open", _("Open: anyone may join")
    REQUEST = "request", _("By request: moderators approve")
    INVITATION = "invitation", _("By invitation only")


def network_logo_path(instance: "Network", filename: str) -> str:
    return generated_upload_path("network-logos", filename)


class Network(models.Model):
    name = models.CharField(_("name"), max_length=160)
    slug = models.SlugField(_("address name"), max_length=80, unique=True)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=8, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=NetworkKind.choices, default=NetworkKind.BUSINESS_CLUSTER
    )
    join_policy = models.CharField(
        _("who may join"), max_length=10, choices=JoinPolicy.choices, default=JoinPolicy.REQUEST
    )
    # A list of Sector values: a cluster often spans a few (accommodation, restaurants, tours).
    sectors = models.JSONField(_("sectors"), default=list, blank=True)
    countries = CountryField(_("countries"), multiple=True, blank=True)
    logo = models.ImageField(_("logo"), upload_to=network_logo_path, blank=True)
    host = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hosted_networks",
        verbose_name=_("host organisation"),
    )
    women_led_target = models.PositiveSmallIntegerField(
        _("target share of women-led businesses (%)"),
        default=25,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("network")
        verbose_name_plural = _("networks")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("networks:detail", args=[self.slug])

    def sector_labels(self) -> list[str]:
        labels = dict(Sector.choices)
        return [str(labels.get(value, value)) for value in self.sectors]


class NetworkMembership(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="network_memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=NetworkRole.choices, default=NetworkRole.MEMBER)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["network", "user"], name="one_network_membership_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.network} ({self.role})"


class NetworkOrganisation(models.Model):
    """An organisation in a network, enrolled by one of its administrators; its members see the network."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="organisation_memberships")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="network_memberships"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["network", "organisation"], name="one_network_membership_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} @ {self.network}"


class NetworkBan(models.Model):
    """A removed member who may not come back by joining or by request (an invitation lifts nothing)."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="bans")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    banned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["network", "user"], name="one_ban_per_network_user")]

    def __str__(self) -> str:
        return f"{self.user} banned from {self.network}"


class JoinRequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class JoinRequest(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="join_requests")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    message = models.TextField(_("message to the moderators"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=JoinRequestStatus.choices, default=JoinRequestStatus.PENDING
    )
    response = models.TextField(_("answer"), max_length=2000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "user"],
                condition=Q(status="pending"),
                name="one_pending_join_request",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.network} ({self.status})"


class NetworkInvitation(models.Model):
    """An invitation by e-mail or to a member found by search; only the token's SHA-256 digest is kept.

    An invitation to a member keeps no address (the e-mail goes to theirs): moderators never learn it.
    """

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    digest = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email or self.user} → {self.network}"


class PostDirection(models.TextChoices):
    OFFER = "offer", _("Offer")
    NEED = "need", _("Need")


class PostKind(models.TextChoices):
    TRAINING = "training", _("Training programme")
    APPRENTICESHIP = "apprenticeship", _("Apprenticeship places")
    SUPPLY = "supply", _("Supply")
    PURCHASE = "purchase", _("Purchase")
    TOURISM_PACKAGE = "tourism_package", _("Joint tourism package")
    CO_MARKETING = "co_marketing", _("Co-marketing")
    MENTORING = "mentoring", _("Mentoring")
    FUNDING = "funding", _("Funding or project partner")
    OTHER = "other", _("Other")


class PostAudience(models.TextChoices):
    NETWORK = "network", _("Only the network's members")
    SITE = "site", _("Everyone on the site")


class PartnershipPost(models.Model):
    """An offer or a need on the partnership board."""

    network = models.ForeignKey(
        Network, null=True, blank=True, on_delete=models.CASCADE, related_name="partnership_posts"
    )
    audience = models.CharField(
        _("who sees it"), max_length=8, choices=PostAudience.choices, default=PostAudience.NETWORK
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="partnership_posts",
        verbose_name=_("on behalf of"),
    )
    direction = models.CharField(_("offer or need"), max_length=5, choices=PostDirection.choices)
    kind = models.CharField(_("kind"), max_length=16, choices=PostKind.choices)
    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("description"), max_length=5000)
    sector = models.CharField(_("sector"), max_length=32, choices=Sector.choices, blank=True)
    country = CountryField(_("country"), blank=True)
    region = models.CharField(_("region or province"), max_length=100, blank=True)
    tags = TaggableManager(_("tags"), blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    is_closed = models.BooleanField(_("closed"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("partnership post")
        verbose_name_plural = _("partnership posts")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("networks:post_detail", args=[self.pk])


class PartnershipInterest(models.Model):
    post = models.ForeignKey(PartnershipPost, on_delete=models.CASCADE, related_name="interests")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("on behalf of"),
    )
    message = models.TextField(_("message"), max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="one_interest_per_post_user")]

    def __str__(self) -> str:
        return f"{self.user} → {self.post}"


class PartnershipStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    AGREED = "agreed", _("Agreed")
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    ENDED = "ended", _("Ended")


# Agreed by both sides: only these are shown beyond the parties and counted in indicators.
CONFIRMED_STATUSES = (
    PartnershipStatus.AGREED,
    PartnershipStatus.ACTIVE,
    PartnershipStatus.COMPLETED,
    PartnershipStatus.ENDED,
)


class Partnership(models.Model):
    network = models.ForeignKey(
        Network, null=True, blank=True, on_delete=models.CASCADE, related_name="partnerships"
    )
    origin_post = models.ForeignKey(
        PartnershipPost, null=True, blank=True, on_delete=models.SET_NULL, related_name="partnerships"
    )
    parties = models.ManyToManyField(  # type: ignore[var-annotated]
        "organisations.Organisation", related_name="partnerships", verbose_name=_("parties")
    )
    title = models.CharField(_("title"), max_length=160)
    status = models.CharField(
        _("status"), max_length=10, choices=PartnershipStatus.choices, default=PartnershipStatus.PROPOSED
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    objectives = models.TextField(_("objectives"), max_length=5000, blank=True)
    outcomes = models.TextField(_("outcomes"), max_length=5000, blank=True)
    people_trained = models.PositiveIntegerField(_("people trained"), default=0)
    sales = models.DecimalField(
        _("sales"), max_digits=12, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("networks:partnership_detail", args=[self.pk])


class NetworkVisitMonth(models.Model):
    """Page views of a network's pages in one month: a counter, nothing about who visited."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="visit_months")
    month = models.DateField()
    views = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["network", "month"], name="one_visit_row_per_month")]

    def __str__(self) -> str:
        return f"{self.network_id} {self.month:%Y-%m}: {self.views}"
