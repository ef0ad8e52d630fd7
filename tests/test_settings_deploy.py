"""Production settings come from the environment only, and `check --deploy` is clean with them."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.checks.registry import registry

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION = {
    "DATABASE_URL": "postgres://minga:secret@db.internal:5432/minga",
    "REDIS_URL": "redis://redis.internal:6379/0",
    "SECRET_KEY": "x7-production-like-secret-key-that-is-long-and-random-enough-9f3k2m1q8z",
    "ALLOWED_HOSTS": "minga.example.org",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.org:587",
    "DJANGO_SETTINGS_MODULE": "config.settings.base",
}


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG"}
    }
    return subprocess.run(  # noqa: S603 - fixed arguments, our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_reports_no_issue_with_production_variables():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    # Zero warnings, and none of them silenced (SILENCED_SYSTEM_CHECKS would hide one here).
    assert "System check identified no issues (0 silenced)." in result.stdout, result.stdout


def test_check_deploy_includes_the_content_security_policy_checks():
    # django-csp registers its checks (old-style settings, a string EXCLUDE_URL_PREFIXES) only when
    # "csp" is an installed app; the clean run above then covers them too.
    modules = {check.__module__ for check in registry.get_checks(include_deployment_checks=True)}
    assert "csp.checks" in modules
    assert not settings.SILENCED_SYSTEM_CHECKS


def test_a_deployment_without_secret_key_refuses_to_start():
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_embedded_default_needs_no_variable():
    result = _manage("check", env={"DJANGO_SETTINGS_MODULE": "config.settings.base"})
    assert result.returncode == 0, result.stderr
