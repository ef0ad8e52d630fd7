"""Every write to accounts: sign-up, verification, profile changes, deactivation, deletion, API tokens."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community.accounts.models import ApiToken, User
from community.emails import send_templated_mail
from community.tokens import new_token, token_digest

VERIFY_SALT = "minga.accounts.verify-email"
VERIFY_MAX_AGE = 60 * 60 * 24 * 3
TOKEN_PREFIX = "mga_"  # noqa: S105 - a public prefix that marks Minga tokens, not a secret


def normalise_email(email: str) -> str:
    return get_user_model().objects.normalize_email(email.strip()).lower()


def user_signup(*, email: str, password: str, display_name: str, preferred_language: str = "es") -> User:
    email = normalise_email(email)
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("An account with this e-mail address already exists.")})
    with transaction.atomic():
        user = User.objects.create_user(
            email=email,
            password=password,
            display_name=display_name.strip(),
            preferred_language=preferred_language,
        )
        transaction.on_commit(lambda: verification_email_send(user=user))
    return user


def verification_token_make(user: User) -> str:
    return signing.dumps({"uid": user.pk, "email": user.email}, salt=VERIFY_SALT)


def verification_email_send(*, user: User) -> None:
    token = verification_token_make(user)
    send_templated_mail(
        template="accounts/email/verify",
        to=user.email,
        language=user.preferred_language,
        context={"user": user, "path": f"/accounts/verify/{token}/"},
    )


def email_verify(*, token: str) -> User:
    """Mark the address in the token as verified. Raises ValidationError for a bad or old link."""
    try:
        data = signing.loads(token, salt=VERIFY_SALT, max_age=VERIFY_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise ValidationError(_("This link has expired. Sign in and we will send you a new one.")) from exc
    except signing.BadSignature as exc:
        raise ValidationError(_("This link is not valid. Check that you copied all of it.")) from exc
    user = User.objects.filter(pk=data.get("uid"), email=data.get("email")).first()
    if user is None:
        raise ValidationError(_("This link is not valid. Check that you copied all of it."))
    if not user.email_verified:
        user.email_verified = True
        user.save(update_fields=["email_verified"])
    return user


PROFILE_FIELDS = ("display_name", "preferred_language", "country", "city", "bio", "email_notifications")


def user_update_profile(
    *, user: User, skills: list[str] | None = None, avatar=None, **fields: object
) -> User:
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"Not profile fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(user, name, value)
    if avatar is not None:
        user.avatar = avatar
    user.full_clean(exclude=["password", "email"])
    # Only the profile's own columns: a stale object must not undo e.g. a verification.
    user.save(update_fields=[*fields, *(["avatar"] if avatar is not None else [])])
    if skills is not None:
        user.skills.set(skills[:30])
    return user


def user_deactivate(*, user: User) -> None:
    """Deactivate the account: the member can no longer sign in; their API tokens stop working."""
    with transaction.atomic():
        user.is_active = False
        user.save(update_fields=["is_active"])
        ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
        # Open sockets read the user once, at connect: close them now on every process.
        from messaging.services import user_deactivated

        user_deactivated(user=user)


def user_delete(*, user: User) -> None:
    """Delete the account: personal data removed, what the member wrote kept as by "Former member".

    The row stays as an anonymised tombstone; community/accounts/erasure.py says why and what goes.
    Raises ValidationError, changing nothing, while the member is the only owner of an organisation
    or a network.
    """
    from community.accounts.erasure import erase_user

    erase_user(user)


def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token; returns it with the raw value, which is never stored and shown only once."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name, e.g. the program that will use it.")})
    if (
        ApiToken.objects.filter(user=user, revoked_at__isnull=True).count()
        >= settings.MAX_API_TOKENS_PER_USER
    ):
        raise ValidationError(_("You have too many active tokens; revoke one first."))
    raw = TOKEN_PREFIX + new_token()
    token = ApiToken.objects.create(user=user, name=name[:80], prefix=raw[:12], digest=token_digest(raw))
    return token, raw


def api_token_revoke(*, user: User, token_id: int) -> None:
    updated = ApiToken.objects.filter(pk=token_id, user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if not updated:
        raise ValidationError(_("This token does not exist or was already revoked."))


def api_token_authenticate(raw: str) -> User | None:
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=token_digest(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        # Written at most once a minute: the API should not write on every read.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
