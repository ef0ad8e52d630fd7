"""Request types for views behind @login_required, so the type checker knows the user is a member; and
the reason a permission check gives, for pages that show it instead of a form."""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from community.accounts.models import User


class AuthedRequest(HttpRequest):
    user: User  # type: ignore[assignment]


def refusal(check: Callable[..., None], *args: Any) -> str | None:
    """The reason a permission check gives, or None when the action is allowed."""
    try:
        check(*args)
    except PermissionDenied as error:
        return str(error)
    return None
