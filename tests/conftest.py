"""Personas shared by every test: owner, admin, member, outsider, anonymous (the client), staff."""

import os

import pytest
from django.core.cache import cache
from django.test import Client

from community.organisations.models import Role
from tests.factories import PASSWORD, MembershipFactory, OfferingFactory, OrganisationFactory, UserFactory


@pytest.fixture(autouse=True)
def _isolate(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    cache.clear()


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def organisation(db):
    return OrganisationFactory()


@pytest.fixture
def owner(organisation):
    return MembershipFactory(organisation=organisation, role=Role.OWNER).user


@pytest.fixture
def admin_member(organisation, owner):
    return MembershipFactory(organisation=organisation, role=Role.ADMIN).user


@pytest.fixture
def member(organisation, owner):
    return MembershipFactory(organisation=organisation, role=Role.MEMBER).user


@pytest.fixture
def outsider(db):
    return UserFactory()


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True)


@pytest.fixture
def offering(organisation):
    return OfferingFactory(organisation=organisation)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def login():
    return client_for


@pytest.fixture
def daphne_server(transactional_db):
    """One real daphne process (tests/servers.py) on the test database, for end-to-end tests."""
    from tests.servers import Daphne, database_env

    with Daphne(env=database_env()) as server:
        yield server


@pytest.fixture
def cache_down(settings):
    """The shared cache as it is while Redis restarts: a Redis cache on a loopback port where nothing
    listens, so every cache call raises a connection error."""
    from community import ratelimit
    from tests.servers import free_port

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        }
    }
    ratelimit._fallback.clear()
    yield
    ratelimit._fallback.clear()


@pytest.fixture
async def close_thread_connections():
    """Async tests reach the database through sync_to_async's worker thread, whose connection pytest-django
    does not know about: close it, or the PostgreSQL test database cannot be dropped at the end."""
    yield
    from asgiref.sync import sync_to_async
    from django.db import connections

    await sync_to_async(connections.close_all)()


def pytest_sessionfinish(session, exitstatus):
    """With MINGA_NO_SKIPS=1 (set by the make targets of the long end-to-end tests) a skipped test fails
    the run: a soak that skipped for want of PostgreSQL must not pass as if it had run."""
    if os.environ.get("MINGA_NO_SKIPS") != "1" or exitstatus != pytest.ExitCode.OK:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter is not None else []
    if skipped:
        print(f"\nMINGA_NO_SKIPS=1: {len(skipped)} test(s) skipped, which fails this run (reasons above).")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
