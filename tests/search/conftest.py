"""Search test helpers: what a persona finds, through the same selector the page and API use."""

from datetime import timedelta

import pytest
from django.utils import timezone

from community.search.selectors import search_documents
from tests.factories import UserFactory


class Anonymous:
    is_authenticated = False
    is_active = False
    is_staff = False
    pk = None


ANONYMOUS = Anonymous()


def found(user, query: str, **filters) -> list[str]:
    """Titles the user finds for `query`, best first."""
    return [doc.display_title for doc in search_documents(user=user or ANONYMOUS, query=query, **filters)]


def found_urls(user, query: str, **filters) -> list[str]:
    return [doc.url for doc in search_documents(user=user or ANONYMOUS, query=query, **filters)]


@pytest.fixture
def veteran(db):
    """A member whose account is old enough to post without the new-account limits."""
    return UserFactory(date_joined=timezone.now() - timedelta(days=30))


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run the after-commit callbacks of what happens inside the block, as a committed request would."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run
