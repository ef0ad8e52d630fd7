"""In real Chromium: htmx posts a reply and toggles a reaction without reloading the page, and the
same forms work with JavaScript turned off."""

import pytest

from forums.models import Post, Reaction
from tests.factories import PASSWORD, CategoryFactory, TopicFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, live_server, user):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.stacked button[type=submit]")
    page.wait_for_url(f"{live_server.url}/dashboard/")


def test_reply_and_reaction_swap_in_place_without_a_reload(live_server, new_page):
    member = UserFactory(date_joined="2020-01-01T00:00:00Z")
    topic = TopicFactory(category=CategoryFactory(), title="Turismo comunitario en Saraguro")
    page = new_page("es")
    _sign_in(page, live_server, member)
    page.goto(f"{live_server.url}/forums/topics/{topic.pk}/")
    # A marker that only survives if the page is never reloaded.
    page.evaluate("window.__stayed = true")

    page.fill("#reply textarea[name=body]", "Nosotras ofrecemos **hospedaje** comunitario.")
    page.click("#reply button[type=submit]")
    page.wait_for_selector("text=hospedaje")
    assert page.evaluate("window.__stayed") is True
    reply = Post.objects.get(topic=topic, author=member)
    assert "<strong>hospedaje</strong>" in reply.body_html
    assert page.locator("strong", has_text="hospedaje").count() == 1

    opening = topic.posts.order_by("pk").first()
    reactions = page.locator(f"#reactions-{opening.pk}")
    reactions.locator("button.reaction").first.click()
    page.wait_for_selector(f"#reactions-{opening.pk} button[aria-pressed=true]")
    assert page.evaluate("window.__stayed") is True
    assert Reaction.objects.filter(post=opening, user=member).count() == 1


def test_reply_works_without_javascript(live_server, browser):
    member = UserFactory(date_joined="2020-01-01T00:00:00Z")
    topic = TopicFactory(category=CategoryFactory())
    context = browser.new_context(java_script_enabled=False, locale="en")
    try:
        page = context.new_page()
        _sign_in(page, live_server, member)
        page.goto(f"{live_server.url}/forums/topics/{topic.pk}/")
        page.fill("#reply textarea[name=body]", "Plain form reply, no script at all.")
        with page.expect_navigation():
            page.click("#reply button[type=submit]")
        assert "Plain form reply, no script at all." in page.content()
        assert Post.objects.filter(topic=topic, author=member).count() == 1
    finally:
        context.close()
