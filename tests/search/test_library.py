"""Good practices and guides in search: found once published, by those who may see them; a hidden
network's practice by no outsider, through any query."""

import pytest

from community.library import services as library
from networks.models import Visibility
from tests.networks.conftest import client_as, make_network, people_of
from tests.search.conftest import found

WORDS = ["mingas", "telar", "cochinilla", "formacion", "otavalo", "tintoreria"]


def _practice(author, network, committed):
    with committed():
        practice = library.practice_create(
            author=author,
            title="Mingas de telar en Otavalo",
            summary="Formación de **tejedoras** en tintorería natural",
            country="EC",
            sector="education",
            training_area=library.Practice._meta.get_field("training_area").choices[0][0],
            network=network,
            tags=["cochinilla"],
            method="Talleres de fin de semana",
        )
    return practice


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.mark.parametrize("visibility", [Visibility.HIDDEN, Visibility.PRIVATE, Visibility.PUBLIC])
def test_practice_is_found_once_published_and_only_by_who_sees_its_network(db, visibility, committed):
    network = make_network(visibility)
    people = people_of(network)
    practice = _practice(people["member"], network, committed)
    assert found(people["member"], "telar") == []  # a draft is in nobody's search
    with committed():
        library.practice_submit(practice=practice, actor=people["member"])
        library.practice_publish(practice=practice, reviewer=people["owner"])
    assert found(people["org_member"], "telar") == ["Mingas de telar en Otavalo"]
    for word in WORDS:
        for persona in ("outsider", "anonymous"):
            expected = ["Mingas de telar en Otavalo"] if visibility == Visibility.PUBLIC else []
            assert found(people[persona], word) == expected, (persona, word)
    if visibility == Visibility.HIDDEN:
        for word in WORDS:
            assert client_as(people["outsider"]).get("/api/v1/search", {"q": word}).json()["count"] == 0
