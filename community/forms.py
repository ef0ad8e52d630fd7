"""Helpers every app's views share for forms and redirects."""

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def form_error(form: forms.BaseForm, error: ValidationError) -> None:
    """Attach a service's ValidationError to the form, so nothing the user typed is lost."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def safe_next(request: HttpRequest, target: str | None) -> str | None:
    """`target` when it is a path or URL on this site, else None (never an open redirect)."""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return None
