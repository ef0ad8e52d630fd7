"""The foundation's promise, in a real browser: sign up, create an organisation with an offering,
receive an inquiry and see it notified, in Spanish and in English."""

import re

import pytest
from django.core import mail
from django.utils import translation

from community.accounts.models import User
from community.organisations.models import Inquiry, Organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _t(language: str, text: str) -> str:
    with translation.override(language):
        return translation.gettext(text)


@pytest.mark.parametrize("language", ["es", "en"])
def test_newcomer_signs_up_lists_an_offering_and_is_notified_of_an_inquiry(live_server, new_page, language):
    email = f"lucia.{language}@example.org"
    page = new_page(language)

    # Sign up and confirm the address from the e-mail.
    page.goto(f"{live_server.url}/accounts/signup/")
    assert page.locator("html").get_attribute("lang") == language
    page.fill("input[name=email]", email)
    page.fill("input[name=display_name]", "Lucía Cango")
    page.fill("input[name=password1]", "tejidos-de-saraguro-2026")
    page.fill("input[name=password2]", "tejidos-de-saraguro-2026")
    page.select_option("select[name=preferred_language]", language)
    page.click("form.stacked button[type=submit]")
    page.wait_for_selector(f"text={_t(language, 'Check your e-mail')}")
    link = re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[-1].body).group(1)
    page.goto(live_server.url + link)
    page.click("main form button[type=submit]")
    assert User.objects.get(email=email).email_verified

    # Sign in.
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", "tejidos-de-saraguro-2026")
    page.click("form.stacked button[type=submit]")
    page.wait_for_url(f"{live_server.url}/dashboard/")

    # Register a women-led organisation, then list an offering.
    page.goto(f"{live_server.url}/organisations/new/")
    page.select_option("select[name=kind]", "business")
    page.fill("input[name=name]", f"Tejidos Saraguro {language}")
    page.select_option("select[name=country]", "EC")
    page.fill("input[name=city]", "Saraguro")
    page.select_option("select[name=sector]", "tourism_handicrafts")
    page.check("input[name=women_led]")
    page.click("form.stacked button[type=submit]")
    page.wait_for_selector("h1")
    organisation = Organisation.objects.get(name=f"Tejidos Saraguro {language}")
    assert organisation.contact_visibility == "form_only"
    assert page.locator("h1").inner_text() == organisation.name

    page.goto(f"{live_server.url}/organisations/{organisation.slug}/offerings/new/")
    page.fill("input[name=name]", "Poncho de lana")
    page.fill("input[name=price_min]", "45")
    page.fill("input[name=price_max]", "80")
    page.click("form.stacked button[type=submit]")
    page.goto(f"{live_server.url}/organisations/{organisation.slug}/")
    assert "Poncho de lana" in page.content()

    # A visitor, not signed in, sends an inquiry from the showcase page.
    visitor = new_page(language)
    visitor.goto(f"{live_server.url}/organisations/{organisation.slug}/")
    visitor.fill("#inquiry input[name=name]", "Visiting Traveller")
    visitor.fill("#inquiry input[name=email]", "traveller@example.org")
    visitor.fill("#inquiry input[name=party_size]", "2")
    visitor.fill("#inquiry textarea[name=message]", "¿Tienen ponchos en talla M?")
    visitor.click("#inquiry button[type=submit]")
    visitor.wait_for_selector(f"text={_t(language, 'Inquiry sent')}")
    assert Inquiry.objects.filter(organisation=organisation).count() == 1
    assert any(m.to == ["traveller@example.org"] for m in mail.outbox)

    # The owner sees the unread count and the notification, and marks it read by POST.
    page.goto(f"{live_server.url}/dashboard/")
    assert page.locator("#unread-count").inner_text() == "1"
    assert "Visiting Traveller" in page.content()
    page.goto(f"{live_server.url}/notifications/")
    assert "Visiting Traveller" in page.locator(".notifications").inner_text()
    with page.expect_navigation():
        page.click(".notifications form button[type=submit]")
    page.wait_for_selector("#unread-count", state="hidden")
    assert page.locator(".notifications li.unread").count() == 0
