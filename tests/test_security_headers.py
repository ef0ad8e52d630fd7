"""Security headers on real pages (home, sign-in, the API) as production sends them, the cookies' flags,
and templates free of inline code, so the Content-Security-Policy never has to allow any.

The pages are requested in-process with the test settings; test_test_settings_carry_productions_security
proves those are production's own (computed from the production variables in a child process), except
SECURE_SSL_REDIRECT, which the `production` fixture turns back on.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory
from tests.inline_code import inline_code, inline_code_in_template
from tests.test_settings_deploy import PRODUCTION, ROOT

HOST = "minga.example.org"

EXPECTED_HEADERS = {
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains; preload",
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def expected_policy(socket_origin: str) -> dict[str, list[str]]:
    return {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'", socket_origin],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }


def policy(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    directives = [part.split() for part in header.split(";") if part.strip()]
    return {name: sources for name, *sources in directives}


@pytest.fixture
def production(settings) -> Client:
    """A client for https://minga.example.org with production's security settings."""
    settings.ALLOWED_HOSTS = [HOST]
    settings.SECURE_SSL_REDIRECT = True  # config/settings/test.py turns it off
    return Client(HTTP_HOST=HOST, HTTP_ACCEPT_LANGUAGE="en")


PAGES = {
    "home page": "/",
    "sign-in page": "/accounts/login/",
    "API endpoint": "/api/v1/organisations",
    "API documentation": "/api/v1/docs",
}


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_page_sends_every_security_header_with_its_value(db, production, path):
    response = production.get(path, secure=True)
    assert response.status_code == 200
    for name, value in EXPECTED_HEADERS.items():
        assert response.headers.get(name) == value, name
    assert policy(response) == expected_policy(f"wss://{HOST}")
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert "unsafe-eval" not in response.headers["Content-Security-Policy"]


def test_api_answers_json_that_browsers_may_not_sniff(db, production):
    response = production.get("/api/v1/organisations", secure=True)
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_not_found_page_carries_the_policy_too(db, production):
    response = production.get("/no-such-page/", secure=True)
    assert response.status_code == 404
    assert policy(response) == expected_policy(f"wss://{HOST}")
    for name, value in EXPECTED_HEADERS.items():
        assert response.headers.get(name) == value, name


def test_plain_http_is_redirected_to_https(db, production):
    response = production.get("/accounts/login/?next=/dashboard/")
    assert response.status_code == 301
    assert response.headers["Location"] == f"https://{HOST}/accounts/login/?next=/dashboard/"


def test_local_http_page_allows_the_live_socket_on_its_own_host_and_port(db, client):
    # `make run`: http on a port. Browsers that do not count ws: as 'self' need the origin spelled out.
    response = client.get("/", HTTP_HOST="127.0.0.1:8000")
    assert response.status_code == 200
    assert policy(response)["connect-src"] == ["'self'", "ws://127.0.0.1:8000"]
    assert "Strict-Transport-Security" not in response.headers  # HSTS only ever goes out over https


def test_a_forged_host_header_never_reaches_the_policy(db, production):
    response = production.get("/", secure=True, HTTP_HOST="attacker.example")
    assert response.status_code == 400
    assert policy(response)["connect-src"] == ["'self'"]
    assert "attacker" not in response.headers["Content-Security-Policy"]


def test_session_and_csrf_cookies_are_secure_http_only_and_same_site_lax(db, production):
    user = UserFactory()
    production.get("/accounts/login/", secure=True)  # the form page sets the CSRF cookie
    response = production.post(
        reverse("accounts:login"), {"username": user.email, "password": PASSWORD}, secure=True
    )
    assert response.status_code == 302
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session["secure"] is True
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"
    csrf = production.cookies[settings.CSRF_COOKIE_NAME]
    assert csrf["secure"] is True
    assert csrf["samesite"] == "Lax"


def test_language_cookie_is_secure_http_only_and_same_site_lax(db, production):
    response = production.post(reverse("community:set_language"), {"language": "en"}, secure=True)
    assert response.status_code == 302
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert (cookie["secure"], cookie["httponly"], cookie["samesite"]) == (True, True, "Lax")


SECURITY_SETTINGS = [
    "DEBUG",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "X_FRAME_OPTIONS",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_SAMESITE",
    "LANGUAGE_COOKIE_SECURE",
    "LANGUAGE_COOKIE_HTTPONLY",
    "LANGUAGE_COOKIE_SAMESITE",
    "CONTENT_SECURITY_POLICY",
    "MIDDLEWARE",
]


def test_test_settings_carry_productions_security():
    script = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {SECURITY_SETTINGS!r} + "
        "['SECURE_SSL_REDIRECT']}))"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter, a fixed script
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", **PRODUCTION},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    in_production = json.loads(result.stdout)
    assert in_production.pop("SECURE_SSL_REDIRECT") is True
    here = json.loads(json.dumps({name: getattr(settings, name) for name in SECURITY_SETTINGS}))
    assert here == in_production


TEMPLATES_DIR = Path(ROOT) / "templates"


def test_no_template_carries_inline_script_handler_or_style():
    templates = sorted(TEMPLATES_DIR.rglob("*.html"))
    assert len(templates) > 100  # the scan really reads the project's templates
    problems = [
        f"{path.relative_to(ROOT)} {problem}"
        for path in templates
        for problem in inline_code_in_template(path.read_text(encoding="utf-8"))
    ]
    assert not problems, "the Content-Security-Policy refuses these:\n" + "\n".join(problems)


@pytest.mark.parametrize(
    ("markup", "found"),
    [
        ("<script>alert(1)</script>", "inline <script> (no src)"),
        ('<script type="module">import x from "y"</script>', "inline <script> (no src)"),
        ('<button type="button" onclick="go()">Go</button>', "event handler attribute onclick="),
        ('<body onload="start()">', "event handler attribute onload="),
        ('<p style="color: red">', "style= attribute"),
        ("<style>p { color: red }</style>", "inline <style> element"),
        ('<a href="javascript:go()">Go</a>', "javascript: URL in href="),
        ('<form hx-on:submit="go()">', "htmx attribute evaluated as code: hx-on:submit="),
        ('<a {% if x %}onmouseover="go()"{% endif %} href="/">', "event handler attribute onmouseover="),
    ],
)
def test_scanner_finds_each_kind_of_inline_code(markup, found):
    assert inline_code_in_template(markup) == [f"line 1: {found}"]


def test_scanner_accepts_external_scripts_and_json_data():
    markup = (
        "{% load static %}<script src=\"{% static 'js/htmx.min.js' %}\" defer></script>\n"
        '<script type="application/json" id="settings">{"a": 1}</script>\n'
        '<a class="button" href="{% url \'community:home\' %}" data-online="1">{{ name }}</a>'
    )
    assert inline_code_in_template(markup) == []


def test_rendered_pages_carry_no_inline_code(db, client):
    # Rendered output too: markup built in Python (format_html, widgets, Markdown) passes no template scan.
    user = UserFactory()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    for path in ("/", "/dashboard/", "/accounts/profile/", "/forums/", "/organisations/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert inline_code(response.content.decode()) == [], path
