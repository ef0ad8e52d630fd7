"""In real Chromium, against a real daphne sending the production Content-Security-Policy: the pages, htmx,
the live socket and the API documentation all work, and the browser reports no violation at all.

A CSP breaks things silently (a refused script or socket is only a console line), so the test listens for
the browser's own `securitypolicyviolation` events and console reports, and checks each feature's effect.
"""

import time

import pytest

from forums.models import Post
from tests.factories import PASSWORD, CategoryFactory, TopicFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Playwright injects this through the DevTools protocol, which the page's CSP does not govern.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  window.__cspViolations.push(`${event.effectiveDirective} refused ${event.blockedURI} (${where})`);
});
"""


class Watched:
    """A page whose every document records the policy violations the browser reports."""

    def __init__(self, new_page) -> None:
        self.page = new_page("en")
        self.page.add_init_script(RECORD_VIOLATIONS)
        self.violations: list[str] = []
        self.frames: list[str] = []
        self.page.on(
            "websocket", lambda socket: socket.on("framereceived", lambda data: self.frames.append(str(data)))
        )

    def collect(self) -> list[str]:
        """The violations of the documents seen so far (call before leaving each one)."""
        self.violations += self.page.evaluate("window.__cspViolations || []")
        return self.violations

    def goto(self, url: str):
        self.collect()
        return self.page.goto(url)


def _wait_for(page, condition, what: str, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        page.wait_for_timeout(100)  # lets Playwright deliver events (time.sleep would not)


def test_pages_htmx_and_live_socket_work_under_the_policy_with_no_violation(daphne_server, new_page):
    member = UserFactory(date_joined="2020-01-01T00:00:00Z")
    topic = TopicFactory(category=CategoryFactory(), title="Ferias de emprendimiento en Loja")
    base = daphne_server.url
    watched = Watched(new_page)
    page = watched.page

    response = watched.goto(f"{base}/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    # minga.css applied (a refused stylesheet would leave the header a plain block) ...
    assert page.evaluate("getComputedStyle(document.querySelector('.site-header')).display") == "flex"
    # ... htmx.min.js ran, and added no inline <style> of its own (base.html turns that off).
    assert page.evaluate("typeof window.htmx") == "object"
    assert page.evaluate("document.querySelectorAll('style').length") == 0

    watched.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", member.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.stacked button[type=submit]")
    page.wait_for_url(f"{base}/dashboard/")

    # live.js opened ws://<this host>/ws/ and the server's hello came through it.
    _wait_for(page, lambda: any('"hello"' in frame for frame in watched.frames), "the live socket's hello")

    # htmx under the policy: a reply swapped in place, the page never reloaded.
    watched.goto(f"{base}/forums/topics/{topic.pk}/")
    page.evaluate("window.__stayed = true")
    page.fill("#reply textarea[name=body]", "Llevamos **artesanías** a la feria.")
    page.click("#reply button[type=submit]")
    page.wait_for_selector("strong:has-text('artesanías')")
    assert page.evaluate("window.__stayed") is True
    assert Post.objects.filter(topic=topic, author=member).count() == 1

    # The API documentation (Swagger UI from the project's own static files) renders.
    watched.goto(f"{base}/api/v1/docs")
    page.wait_for_selector(".swagger-ui .info .title")

    assert watched.collect() == []


def test_the_watcher_sees_a_refused_inline_script(daphne_server, new_page):
    # The check above cannot pass by not listening: an inline script added to the page is refused, and seen.
    watched = Watched(new_page)
    watched.goto(f"{daphne_server.url}/")
    watched.page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.__ran = true';"
        " document.body.append(s); }"
    )
    _wait_for(watched.page, lambda: watched.page.evaluate("window.__cspViolations.length") > 0, "a report")
    assert watched.page.evaluate("window.__ran === undefined")
    assert [v.split(" ")[0] for v in watched.collect()] == ["script-src-elem"]
