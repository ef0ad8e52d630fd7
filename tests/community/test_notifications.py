"""Notifications centre: list, unread count in the header, mark read by POST only, live count."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext_noop
from notifications.models import Notification

from community.services import notify_members
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _notify(recipient, n=1, **kwargs):
    organisation = OrganisationFactory()
    for _ in range(n):
        notify_members(
            recipients=[recipient],
            actor=organisation,
            verb=gettext_noop("sent an inquiry to"),
            target=organisation,
            description=kwargs.get("description", "Hola"),
            url="/dashboard/",
        )
    return organisation


def test_header_shows_unread_count_and_list_shows_notifications(login):
    user = UserFactory()
    organisation = _notify(user, n=3)
    page = login(user).get(reverse("community:notifications")).content.decode()
    assert 'id="unread-count" data-count="3"' in page
    assert organisation.name in page


def test_mark_one_read_needs_post_and_only_touches_own_notifications(login):
    user, other = UserFactory(), UserFactory()
    _notify(user)
    _notify(other)
    mine = Notification.objects.get(recipient=user)
    theirs = Notification.objects.get(recipient=other)
    client = login(user)
    assert client.get(reverse("community:notification_read", args=[mine.pk])).status_code == 405
    mine.refresh_from_db()
    assert mine.unread
    client.post(reverse("community:notification_read", args=[theirs.pk]))
    theirs.refresh_from_db()
    assert theirs.unread
    client.post(reverse("community:notification_read", args=[mine.pk]))
    mine.refresh_from_db()
    assert not mine.unread


def test_mark_all_read(login):
    user = UserFactory()
    _notify(user, n=4)
    client = login(user)
    response = client.post(reverse("community:notifications_read_all"), follow=True)
    assert response.status_code == 200
    assert not Notification.objects.filter(recipient=user, unread=True).exists()
    assert 'data-count="0"' in response.content.decode()


def test_mark_read_redirects_only_to_this_site(login):
    user = UserFactory()
    _notify(user)
    notification = Notification.objects.get(recipient=user)
    response = login(user).post(
        reverse("community:notification_read", args=[notification.pk]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("community:notifications")


def test_notification_text_is_escaped(login):
    user = UserFactory()
    _notify(user, description='<img src=x onerror="alert(1)">')
    page = login(user).get(reverse("community:notifications")).content.decode()
    assert "<img src=x" not in page
    assert "&lt;img src=x" in page


def test_notifications_need_sign_in(client):
    response = client.get(reverse("community:notifications"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_deactivated_members_are_not_notified():
    user = UserFactory(is_active=False)
    _notify(user)
    assert not Notification.objects.filter(recipient=user).exists()


def test_members_who_opted_out_get_no_email(mailoutbox, django_capture_on_commit_callbacks):
    wants, opted_out = UserFactory(), UserFactory(email_notifications=False)
    organisation = OrganisationFactory()
    with django_capture_on_commit_callbacks(execute=True):
        notify_members(
            recipients=[wants, opted_out],
            actor=organisation,
            verb=gettext_noop("sent an inquiry to"),
            target=organisation,
            url="/dashboard/",
            email_template="organisations/email/inquiry_received",
            email_context={"inquiry": {"name": "Ana", "message": "Hola"}, "organisation": organisation},
        )
    assert [m.to for m in mailoutbox] == [[wants.email]]
    assert Notification.objects.filter(recipient=opted_out).count() == 1
