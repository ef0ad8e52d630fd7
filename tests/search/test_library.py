"""Good practices and guides in search: found once published, by those who may see them; a hidden
network's practice by no outsider, through any query."""

import pytest
from django.contrib.auth.models import Group

from community.library import services as library
from community.library.models import EDITORS_GROUP
from networks.models import Visibility
from tests.conftest import client_for
from tests.factories import UserFactory
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


def test_guide_forgets_a_practice_moved_into_a_hidden_network(db, committed):
    """A public guide lists a public practice by title; once the practice moves into a hidden network,
    outsiders must not find the guide by that title (nor read it in the guide's snippet)."""
    network = make_network(Visibility.HIDDEN)
    people = people_of(network)
    editor = people["staff"]
    editor.groups.add(Group.objects.get_or_create(name=EDITORS_GROUP)[0])
    practice = _practice(people["member"], None, committed)
    with committed():
        library.practice_submit(practice=practice, actor=people["member"])
        library.practice_publish(practice=practice, reviewer=editor)
        guide = library.guide_create(author=editor, title="Guía de oficios", introduction="Para empezar")
        library.guide_practice_add(guide=guide, actor=editor, practice=practice)
        library.guide_update(guide=guide, actor=editor, is_published=True)
    assert found(people["outsider"], "otavalo", kind="guide") == ["Guía de oficios"]

    with committed():
        library.practice_update(practice=practice, actor=people["member"], network=network)
    for persona in ("outsider", "anonymous"):
        assert found(people[persona], "otavalo") == [], persona
        assert client_as(people[persona]).get("/api/v1/search", {"q": "otavalo"}).json()["count"] == 0
    assert found(people["member"], "otavalo") == ["Mingas de telar en Otavalo"]


def test_guide_forgets_a_practice_deleted_in_the_admin(db, committed):
    people = people_of(make_network(Visibility.PUBLIC))
    editor = UserFactory(is_staff=True, is_superuser=True)
    editor.groups.add(Group.objects.get_or_create(name=EDITORS_GROUP)[0])
    practice = _practice(people["member"], None, committed)
    with committed():
        library.practice_submit(practice=practice, actor=people["member"])
        library.practice_publish(practice=practice, reviewer=editor)
        guide = library.guide_create(author=editor, title="Guía de oficios", introduction="Para empezar")
        library.guide_practice_add(guide=guide, actor=editor, practice=practice)
        library.guide_update(guide=guide, actor=editor, is_published=True)
    assert found(None, "otavalo") == ["Mingas de telar en Otavalo", "Guía de oficios"]
    with committed():
        response = client_for(editor).post(f"/admin/library/practice/{practice.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert found(None, "otavalo") == []
    assert found(None, "oficios") == ["Guía de oficios"]
