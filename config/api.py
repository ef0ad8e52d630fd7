"""The REST API under /api/v1/: one NinjaAPI, the error format, and every app's router."""

import contextlib
import functools
import json
from collections.abc import Callable, Iterator
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.openapi.schema import OpenAPISchema

from community.accounts.api import router as accounts_router
from community.apibase import error_body
from community.library.api import router as library_router
from community.organisations.api import router as organisations_router
from community.ratelimit import RateLimited
from community.search.api import router as search_router
from community.toolbox.api import router as toolbox_router
from forums.api import router as forums_router
from messaging.api import router as messaging_router
from networks.api import router as networks_router

ERROR_REF = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


class MingaAPI(NinjaAPI):
    """Declares in the schema the answers every operation can give for bad input, not only those
    its endpoint lists: 422 (the error format) for a parameter or body that does not validate, and
    400 for a body that is not JSON at all."""

    def get_openapi_schema(self, **kwargs: Any) -> OpenAPISchema:
        schema = super().get_openapi_schema(**kwargs)
        for path_item in schema.get("paths", {}).values():
            for operation in path_item.values():
                # django-ninja keys the responses by int status codes.
                responses = operation.setdefault("responses", {})
                if operation.get("parameters") or operation.get("requestBody"):
                    responses.setdefault(422, {"description": "Some values are not valid.", **ERROR_REF})
                if operation.get("requestBody"):
                    responses.setdefault(400, {"description": "The body is not JSON.", **ERROR_REF})
        return schema


api = MingaAPI(
    title="Minga API",
    version="1",
    description="Organisations, offerings, inquiries and members of the Minga community.",
    urls_namespace="api",
    docs_url="/docs",
    # Swagger UI's default validator badge loads an image from validator.swagger.io: nothing external.
    docs=Swagger(settings={"validatorUrl": "none"}),
)


def _fields_with_nul(value: Any, path: str) -> Iterator[str]:
    if isinstance(value, str):
        if "\x00" in value:
            yield path or "__all__"
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _fields_with_nul(str(key), path)
            yield from _fields_with_nul(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for item in value:
            yield from _fields_with_nul(item, path)


def refuse_nul_characters(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """422 for a NUL character anywhere in the path, the query or a JSON body, before validation.

    PostgreSQL cannot store NUL in text and refuses it even in a query's parameters: any such value
    was a 500 on PostgreSQL (found by the fuzzer: GET /api/v1/networks?q=%00). Django's forms refuse
    it with this same message; a JSON API needs it said once, here.
    """

    @functools.wraps(run)
    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        fields = [name for name, value in kwargs.items() if isinstance(value, str) and "\x00" in value]
        for name, values in request.GET.lists():
            fields.extend(name for value in [name, *values] if "\x00" in value)
        if request.content_type == "application/json" and request.body:
            # Not JSON, or nested past the recursion limit: the operation answers 400.
            with contextlib.suppress(ValueError, RecursionError):
                fields.extend(_fields_with_nul(json.loads(request.body), ""))
        if not fields:
            return run(request, *args, **kwargs)
        message = str(ProhibitNullCharactersValidator.message)
        return api.create_response(
            request,
            error_body("invalid", _("Some values are not valid."), {name: [message] for name in fields}),
            status=422,
        )

    return checked


api.add_decorator(refuse_nul_characters, mode="view")
api.add_router("/", accounts_router)
api.add_router("/", organisations_router)
api.add_router("/", library_router)
api.add_router("/", networks_router)
api.add_router("/", forums_router)
api.add_router("/", search_router)
api.add_router("/", toolbox_router)
api.add_router("/", messaging_router)


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields: dict[str, list[str]] = {}
    for item in exc.errors:
        # loc is (source, field, ...) for query and path, (source, body parameter, field, ...) for bodies.
        loc = tuple(item.get("loc", ()))
        parts = loc[2:] if loc[:1] == ("body",) else loc[1:]
        fields.setdefault(".".join(map(str, parts)) or "__all__", []).append(str(item.get("msg", "")))
    return api.create_response(
        request, error_body("invalid", _("Some values are not valid."), fields), status=422
    )


@api.exception_handler(DjangoValidationError)
def on_django_validation_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        fields = {
            name: [str(m) for m in DjangoValidationError(errors).messages]
            for name, errors in exc.error_dict.items()
        }
        message = _("Some values are not valid.")
    else:
        fields = {}
        message = " ".join(exc.messages)
    return api.create_response(request, error_body("invalid", message, fields), status=422)


@api.exception_handler(AuthenticationError)
def on_authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request, error_body("unauthenticated", _("Sign in or send a valid API token.")), status=401
    )


@api.exception_handler(PermissionDenied)
def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    message = str(exc) or _("You do not have permission to do this.")
    return api.create_response(request, error_body("forbidden", message), status=403)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, error_body("not_found", _("Not found.")), status=404)


@api.exception_handler(Throttled)
def on_throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    response = api.create_response(
        request, error_body("rate_limited", _("Too many requests. Please try again later.")), status=429
    )
    if exc.wait:
        response["Retry-After"] = str(int(exc.wait))
    return response


@api.exception_handler(RateLimited)
def on_rate_limited(request: HttpRequest, exc: RateLimited) -> HttpResponse:
    response = api.create_response(request, error_body("rate_limited", str(exc)), status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    message = str(exc.message)
    if exc.status_code == 400 and message.startswith("Cannot parse request body"):
        # django-ninja's own words for a body that is not JSON: give the member's language instead.
        return api.create_response(
            request, error_body("bad_json", _("The request body is not valid JSON.")), status=400
        )
    return api.create_response(request, error_body("error", message), status=exc.status_code)
