"""Request types for views behind @login_required, so the type checker knows the user is a member."""

from django.http import HttpRequest

from community.accounts.models import User


class AuthedRequest(HttpRequest):
    user: User  # type: ignore[assignment]
