"""What every API router shares: authentication (session or personal token) and the error format.

Every error answers {"error": {"code": ..., "message": ..., "fields": {...}}}.
"""

from typing import Any

from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination
from ninja.security import APIKeyCookie, HttpBearer

from community.accounts.services import api_token_authenticate


class TokenAuth(HttpBearer):
    """`Authorization: Bearer mga_...` with a personal access token from the profile page."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_authenticate(token)
        if user is not None:
            request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """The browser session; unsafe methods need the CSRF token, as for the pages."""

    param_name = "sessionid"

    def _get_key(self, request: HttpRequest) -> str | None:
        # Only a signed-in session is CSRF-checked: a caller without one (a program whose token is
        # wrong or revoked) must get 401, not a CSRF error.
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        return user if user.is_authenticated and user.is_active else None


AUTH = [TokenAuth(), SessionAuth()]

# Far past any real list, and small enough that (page - 1) * page size stays a 64-bit offset: an
# unbounded page number reached the database as an integer it cannot hold (a 500).
MAX_PAGE = 1_000_000


class Pages(PageNumberPagination):
    """django-ninja's page-number pagination with the page number bounded (422 beyond MAX_PAGE)."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1)


class ErrorDetail(Schema):
    code: str
    message: str
    fields: dict[str, list[str]] = {}


class Error(Schema):
    error: ErrorDetail


def error_body(code: str, message: str, fields: dict[str, list[str]] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def current_user(request: HttpRequest) -> Any:
    """The authenticated user of an endpoint that has auth=AUTH."""
    return request.auth  # type: ignore[attr-defined]


def optional_user(request: HttpRequest) -> Any:
    """The caller of an endpoint open to everyone: a personal token counts there too, else the session."""
    return TokenAuth()(request) or request.user
