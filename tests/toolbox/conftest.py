"""Personas for the toolboxes: the member who owns a tool, an organisation's owner, administrator and
member (for its tools), a consultant it is shared with, an outsider and the anonymous visitor."""

import pytest

from tests.factories import UserFactory


@pytest.fixture
def author(db):
    return UserFactory(display_name="Carmen Cango")


@pytest.fixture
def consultant(db):
    return UserFactory(display_name="Claudia Rueda", email="claudia@camara.example.org")
