"""Holes found in review: services check visibility themselves, double submissions make no duplicates,
the history shows nothing the practice page keeps from anonymous visitors, pages run fixed queries."""

from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet

from community.library import services
from community.library.models import Adoption, Endorsement
from tests.library.conftest import client_as, make_published

pytestmark = pytest.mark.django_db


# Services check who may see the practice, not only the views.


def test_comment_service_refuses_an_outsider_on_a_hidden_network_practice(hidden_practice, outsider):
    with pytest.raises(PermissionDenied):
        services.comment_create(practice=hidden_practice, author=outsider, body="Hola")
    hidden_practice.refresh_from_db()
    assert hidden_practice.comment_count == 0


def test_endorsement_service_refuses_an_outsider_on_a_hidden_network_practice(hidden_practice, outsider):
    with pytest.raises(PermissionDenied):
        services.endorsement_toggle(practice=hidden_practice, user=outsider)
    assert not Endorsement.objects.exists()


def test_adoption_service_refuses_an_outsider_on_a_hidden_network_practice(hidden_practice, outsider):
    with pytest.raises(PermissionDenied):
        services.adoption_create(practice=hidden_practice, user=outsider, context="Lo aplicamos.")
    assert not Adoption.objects.exists()


def test_network_member_still_reacts_to_a_hidden_network_practice(hidden_practice, network_member):
    services.comment_create(practice=hidden_practice, author=network_member, body="Muy útil")
    assert services.endorsement_toggle(practice=hidden_practice, user=network_member) is True


# Double submissions.


def test_a_concurrent_second_endorsement_is_not_an_error_nor_counted_twice(published, reader):
    """Two "useful" clicks racing: both see no endorsement, the second insert hits the unique constraint."""
    Endorsement.objects.create(practice=published, user=reader)  # the other request's insert
    real_delete = QuerySet.delete
    calls = []

    def delete_seeing_nothing(self):
        if self.model is Endorsement and not calls:
            calls.append(1)
            return 0, {}
        return real_delete(self)

    with mock.patch.object(QuerySet, "delete", delete_seeing_nothing):
        endorsed = services.endorsement_toggle(practice=published, user=reader)
    assert endorsed is True
    assert Endorsement.objects.filter(practice=published, user=reader).count() == 1
    published.refresh_from_db()
    assert published.endorsement_count == 0  # the other request counts its own insert


def test_recording_the_same_adoption_twice_keeps_one(published, reader):
    client = client_as(reader)
    data = {"context": "Lo aplicamos con 12 posadas.", "results": ""}
    assert client.post(f"/library/{published.slug}/adoptions/", data).status_code == 302
    second = client.post(f"/library/{published.slug}/adoptions/", data)
    assert second.status_code == 400
    assert "You have already recorded" in second.content.decode()
    published.refresh_from_db()
    assert published.adoption_count == 1
    assert Adoption.objects.filter(practice=published, user=reader).count() == 1


def test_the_database_refuses_a_duplicate_adoption(published, reader):
    services.adoption_create(practice=published, user=reader, context="Primera vez.")
    with mock.patch.object(Adoption.objects, "filter", wraps=Adoption.objects.filter) as filtered:
        filtered.return_value.exists = lambda: False  # the race: the check saw nothing
        with pytest.raises(ValidationError):
            services.adoption_create(practice=published, user=reader, context="Doble clic.")
    assert Adoption.objects.filter(practice=published, user=reader).count() == 1
    published.refresh_from_db()
    assert published.adoption_count == 1


# What the history shows.


def test_anonymous_diff_does_not_show_the_contact_email(published, author, client):
    services.practice_update(practice=published, actor=author, contact_email="ana@example.org")
    services.practice_update(practice=published, actor=author, contact_email="ana.nueva@example.org")
    url = f"/library/{published.slug}/diff/?from=2&to=3"
    anonymous = client_as(None).get(url).content.decode()
    assert "ana@example.org" not in anonymous and "ana.nueva@example.org" not in anonymous
    signed_in = client_as(author).get(url).content.decode()
    assert "ana.nueva@example.org" in signed_in


# Fixed query counts.


def test_guide_page_query_count_does_not_grow_with_practices(editor, author, django_assert_max_num_queries):
    guide = services.guide_create(author=editor, title="Guía de formación")
    services.guide_update(guide=guide, actor=editor, is_published=True)
    for n in range(5):
        practice = make_published(author, editor, title=f"Práctica {n}")
        services.guide_practice_add(guide=guide, actor=editor, practice=practice)
    client = client_as(None)
    client.get(f"/library/guides/{guide.slug}/")
    # session-less: guide, items, their indicators, the visible practices' networks subquery is inline
    with django_assert_max_num_queries(4):
        assert client.get(f"/library/guides/{guide.slug}/").status_code == 200


def test_history_page_query_count_does_not_grow_with_versions(published, author, django_assert_num_queries):
    for n in range(4):
        services.practice_update(practice=published, actor=author, lessons=f"Aprendizaje {n}")
    client = client_as(None)
    # the practice, its versions with their authors
    with django_assert_num_queries(2):
        assert client.get(f"/library/{published.slug}/history/").status_code == 200
