"""Every rate limit, applied and lifted: a clear translated refusal with a Retry-After header while it
holds, and the same request accepted once the window has passed. Nothing typed is lost on a refusal.

The clock of community/ratelimit.py is moved forward by the `clock` fixture; django-axes keeps its
failures in the database, so lifting the sign-in lockout backdates those rows by the cool-off."""

import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone

from community import ratelimit
from tests.factories import PASSWORD, CategoryFactory, OrganisationFactory, TopicFactory, UserFactory


class Clock:
    def __init__(self) -> None:
        self.now = time.time()

    def time(self) -> float:
        return self.now

    def monotonic(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(monkeypatch):
    fake = Clock()
    monkeypatch.setattr(ratelimit, "time", fake)
    return fake


def _retry_after(response) -> int:
    value = int(response["Retry-After"])
    assert value > 0
    return value


# Sign-in (django-axes): 5 failures per 30 minutes, per account and per address.


def _login(client, email, password, address="198.51.100.7", **extra):
    return client.post(
        reverse("accounts:login"), {"username": email, "password": password}, REMOTE_ADDR=address, **extra
    )


def _let_the_lockout_pass():
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))


@pytest.mark.django_db
def test_sign_in_locks_an_account_after_five_failures_and_lifts_after_the_cool_off(client):
    user = UserFactory()
    for _ in range(5):
        _login(client, user.email, "wrong")
    # From another address, and in English: still locked.
    locked = _login(client, user.email, PASSWORD, address="203.0.113.9", HTTP_ACCEPT_LANGUAGE="en")
    assert locked.status_code == 429
    assert _retry_after(locked) == 1800
    assert "30 minutes" in locked.content.decode()
    assert "_auth_user_id" not in client.session

    _let_the_lockout_pass()
    assert _login(client, user.email, PASSWORD).status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk


@pytest.mark.django_db
def test_sign_in_locks_an_address_that_tries_many_accounts(client):
    for n in range(5):
        _login(client, f"nobody{n}@example.org", "wrong", address="192.0.2.50")
    user = UserFactory()
    locked = _login(client, user.email, PASSWORD, address="192.0.2.50")
    assert locked.status_code == 429
    assert _login(client, user.email, PASSWORD, address="192.0.2.51").status_code == 302


@pytest.mark.django_db
def test_forwarded_for_is_not_trusted_without_the_proxy_setting(client):
    """Without BEHIND_PROXY a client cannot dodge the address lockout by inventing X-Forwarded-For."""
    for n in range(5):
        _login(client, f"nobody{n}@example.org", "wrong", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
    user = UserFactory()
    locked = _login(client, user.email, PASSWORD, HTTP_X_FORWARDED_FOR="10.0.0.99")
    assert locked.status_code == 429


@pytest.mark.django_db
def test_locked_page_speaks_spanish(client):
    user = UserFactory(preferred_language="es")
    for _ in range(5):
        _login(client, user.email, "wrong", HTTP_ACCEPT_LANGUAGE="es")
    locked = _login(client, user.email, PASSWORD, HTTP_ACCEPT_LANGUAGE="es")
    assert locked.status_code == 429
    assert "30 minutos" in locked.content.decode()


# Views limited with community.ratelimit: sign-up, password reset, inquiries, search.


@pytest.mark.django_db
def test_sign_up_is_limited_per_address_and_lifted_after_the_hour(client, clock):
    def signup(n):
        return client.post(
            reverse("accounts:signup"),
            {"email": f"a{n}@example.org", "display_name": "Ana", "password1": PASSWORD, "password2": "x"},
        )

    for n in range(10):
        assert signup(n).status_code == 200  # the form with its error: counted all the same
    refused = signup(10)
    assert refused.status_code == 429
    clock.advance(_retry_after(refused))
    assert signup(11).status_code == 200


@pytest.mark.django_db
def test_password_reset_is_limited_and_lifted(client, clock):
    user = UserFactory()
    url = reverse("accounts:password_reset")
    for _ in range(5):
        assert client.post(url, {"email": user.email}).status_code == 302
    refused = client.post(url, {"email": user.email})
    assert refused.status_code == 429
    assert "Demasiados intentos" in refused.content.decode()  # signed out: the site's language
    clock.advance(_retry_after(refused))
    assert client.post(url, {"email": user.email}).status_code == 302


@pytest.mark.django_db
def test_inquiries_are_limited_per_address_and_lifted(client, clock):
    organisation = OrganisationFactory()
    url = reverse("organisations:inquire", args=[organisation.slug])
    data = {"name": "Lucía", "email": "lucia@example.org", "message": "¿Tienen habitación el sábado?"}
    for _ in range(10):
        assert client.post(url, data).status_code in (200, 302)
    refused = client.post(url, data)
    assert refused.status_code == 429
    clock.advance(_retry_after(refused))
    assert client.post(url, data).status_code in (200, 302)


@pytest.mark.django_db
def test_search_page_and_api_are_limited_and_lifted(client, clock, settings):
    settings.SEARCH_RATE = "3/m"
    for _ in range(3):
        assert client.get(reverse("search:index"), {"q": "formacion"}).status_code == 200
    refused = client.get(reverse("search:index"), {"q": "formacion"})
    assert refused.status_code == 429
    api_refused = client.get("/api/v1/search", {"q": "formacion"})
    assert api_refused.status_code == 429
    assert api_refused.json()["error"]["code"] == "rate_limited"
    clock.advance(_retry_after(refused))
    assert client.get("/api/v1/search", {"q": "formacion"}).status_code == 200


# Writes limited in the services: forum posting (page, htmx and API), messaging (page and API).


@pytest.mark.django_db
def test_forum_replies_are_limited_keeping_the_text_and_lifted(login, clock, settings):
    settings.FORUM_POST_RATE = "2/m"
    member = UserFactory(date_joined="2020-01-01T00:00:00Z")
    topic = TopicFactory(category=CategoryFactory())
    client = login(member)
    url = reverse("forums:reply", args=[topic.pk])
    for n in range(2):
        assert client.post(url, {"body": f"Respuesta {n}"}).status_code == 302
    refused = client.post(url, {"body": "Texto que no se pierde"})
    assert refused.status_code == 429
    assert "posting too fast" in refused.content.decode()
    assert "Texto que no se pierde" in refused.content.decode()
    htmx = client.post(url, {"body": "Otra vez"}, HTTP_HX_REQUEST="true")
    assert "Retry-After" in htmx and "Otra vez" in htmx.content.decode()
    api = client.post(
        f"/api/v1/forums/topics/{topic.pk}/posts", {"body": "Por la API"}, content_type="application/json"
    )
    assert api.status_code == 429 and api.json()["error"]["code"] == "rate_limited"
    assert topic.posts.count() == 3  # the opening post and two replies

    clock.advance(_retry_after(refused))
    assert client.post(url, {"body": "Ya puedo"}).status_code == 302
    assert topic.posts.filter(body="Ya puedo").exists()


@pytest.mark.django_db
def test_messages_are_limited_keeping_the_text_and_lifted(login, clock, settings, organisation, member):
    from messaging.services import direct_open
    from tests.factories import MembershipFactory

    settings.MESSAGING_SEND_RATE = "2/10s"
    direct = direct_open(user=member, other=MembershipFactory(organisation=organisation).user)
    client = login(member)
    url = reverse("messaging:send", args=[direct.pk])
    for n in range(2):
        sent = client.post(url, {"body": f"Hola {n}", "client_id": f"00000000-0000-4000-8000-00000000000{n}"})
        assert sent.status_code == 302
    refused = client.post(url, {"body": "No se pierde", "client_id": "00000000-0000-4000-8000-000000000009"})
    assert refused.status_code == 429
    assert "No se pierde" in refused.content.decode()
    clock.advance(_retry_after(refused))
    again = client.post(url, {"body": "No se pierde", "client_id": "00000000-0000-4000-8000-000000000009"})
    assert again.status_code == 302
    assert direct.messages.count() == 3


# While the shared cache does not answer (Redis restarting): limits are counted per process, and the
# writes they guard are neither refused nor answered with a server error.


@pytest.mark.django_db
def test_replies_and_messages_are_accepted_and_still_limited_while_the_cache_does_not_answer(
    login, clock, settings, organisation, member, cache_down
):
    from django.core.cache import cache
    from redis.exceptions import ConnectionError as RedisConnectionError

    from messaging.services import direct_open
    from tests.factories import MembershipFactory

    with pytest.raises(RedisConnectionError):  # the cache really is out, as through a Redis restart
        cache.get("anything")
    settings.FORUM_POST_RATE = "2/m"
    settings.MESSAGING_SEND_RATE = "2/10s"
    topic = TopicFactory(category=CategoryFactory())
    direct = direct_open(user=member, other=MembershipFactory(organisation=organisation).user)
    client = login(member)
    reply_url = reverse("forums:reply", args=[topic.pk])
    send_url = reverse("messaging:send", args=[direct.pk])
    for n in range(2):
        assert client.post(reply_url, {"body": f"Respuesta {n}"}).status_code == 302
        sent = client.post(
            send_url, {"body": f"Hola {n}", "client_id": f"00000000-0000-4000-8000-00000000000{n}"}
        )
        assert sent.status_code == 302
    assert client.post(reply_url, {"body": "Una de más"}).status_code == 429
    refused = client.post(
        send_url, {"body": "Uno de más", "client_id": "00000000-0000-4000-8000-000000000009"}
    )
    assert refused.status_code == 429
    assert topic.posts.count() == 3 and direct.messages.count() == 2

    clock.advance(_retry_after(refused))
    again = client.post(send_url, {"body": "Uno de más", "client_id": "00000000-0000-4000-8000-000000000009"})
    assert again.status_code == 302
    assert direct.messages.count() == 3
