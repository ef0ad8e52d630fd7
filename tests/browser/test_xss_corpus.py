"""The XSS corpus (tests/security/xss_payloads.py) written through the places members write text, then
rendered in real Chromium over a real daphne: no dialog opens, no payload script runs, and no page
holds an element with an event handler, a script that is not the site's own, a frame or a
javascript:/data: URL. Live events included: messages arriving over /ws/ on an open conversation."""

import asyncio
import json
import uuid
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote

import pytest
import websockets
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import Image

from community.organisations import services as organisation_services
from messaging import services as messaging_services
from tests.browser.conftest import LIVE_OPEN
from tests.factories import (
    CategoryFactory,
    MembershipFactory,
    NetworkFactory,
    NetworkMembershipFactory,
    OfferingFactory,
    OrganisationFactory,
    PartnershipPostFactory,
    PostFactory,
    PracticeFactory,
    TopicFactory,
    UserFactory,
)
from tests.messaging.socket_helpers import session_cookie_sync
from tests.security.xss_payloads import PAYLOADS
from tests.servers import Daphne, database_env

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Run in the page after it loaded: everything that would let script run, or show that it did.
SCAN = """() => {
  const found = [];
  if (window.__xss) found.push("window.__xss was set");
  const urlAttributes = ["href", "src", "action", "formaction", "xlink:href", "data", "background", "poster"];
  for (const el of document.querySelectorAll("*")) {
    for (const attribute of el.attributes) {
      const name = attribute.name.toLowerCase();
      const value = attribute.value.replace(/[\\s\\u0000-\\u001f]/g, "").toLowerCase();
      if (name.startsWith("on")) found.push(`${el.tagName} has ${name}`);
      if (name === "srcdoc") found.push(`${el.tagName} has srcdoc`);
      if (urlAttributes.includes(name) && /^(javascript|vbscript|data:text\\/html)/.test(value))
        found.push(`${el.tagName} ${name}=${attribute.value.slice(0, 60)}`);
    }
    if (el.tagName === "SCRIPT" && !(el.src && new URL(el.src).pathname.startsWith("/static/")))
      found.push("inline or foreign script: " + (el.src || el.textContent.slice(0, 60)));
    if (["IFRAME", "FRAME", "OBJECT", "EMBED", "BASE"].includes(el.tagName)) found.push(el.tagName);
    if (el.tagName === "META" && el.httpEquiv) found.push("meta http-equiv");
    if (el.tagName === "LINK" && el.rel !== "stylesheet") found.push("link rel=" + el.rel);
  }
  return found;
}"""

MAX_PAGES_PER_LIST = 12


def fit(model, field: str, text: str) -> str:
    limit = model._meta.get_field(field).max_length
    return text[:limit] if limit else text


def _png(name: str) -> SimpleUploadedFile:
    import io

    out = io.BytesIO()
    Image.new("RGB", (8, 8), (10, 120, 60)).save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


@pytest.fixture
def world(settings):
    """One visitor who may see everything, and the corpus in every text a member writes. Built in a
    thread of its own: the services publish live events, which cannot run in a thread where
    Playwright's event loop runs (the session's browser is set up before this fixture)."""
    settings.MESSAGING_SEND_RATE = "100000/10s"
    with ThreadPoolExecutor(max_workers=1) as builder:
        return builder.submit(_build_world).result(timeout=300)


def _build_world():
    from django.db import connection

    try:
        return _world()
    finally:
        connection.close()


def _world():
    from community.library.models import Practice
    from community.organisations.models import Offering, Organisation
    from forums.models import Topic
    from networks.models import Network, NetworkRole, PartnershipPost

    visitor = UserFactory(
        display_name="Visitante", preferred_language="es", date_joined="2020-01-01T00:00:00Z"
    )
    home = OrganisationFactory(name="Cooperativa Visitante", slug="cooperativa-visitante")
    MembershipFactory(organisation=home, user=visitor, role="owner")
    network = NetworkFactory(name="Red del corpus", slug="red-del-corpus", description=PAYLOADS[0])
    NetworkMembershipFactory(network=network, user=visitor, role=NetworkRole.OWNER)
    category = CategoryFactory(name="Foro del corpus", slug="foro-del-corpus")
    thread = TopicFactory(category=category, title="Hilo del corpus", author=visitor)
    writers = []
    for index, payload in enumerate(PAYLOADS):
        writer = UserFactory(display_name=fit(type(visitor), "display_name", payload), bio=payload)
        writers.append(writer)
        PostFactory(topic=thread, author=writer, body=payload)
        topic = TopicFactory(category=category, author=writer, title=fit(Topic, "title", payload))
        topic.tags.set([f"t{index}-{payload[:40]}"])
        organisation = OrganisationFactory(
            name=fit(Organisation, "name", payload),
            description=payload,
            city=fit(Organisation, "city", payload),
        )
        OfferingFactory(organisation=home, name=fit(Offering, "name", payload), description=payload)
        PracticeFactory(
            author=writer,
            title=fit(Practice, "title", payload),
            summary=payload,
            context=payload,
            lessons=payload,
            contact_name=fit(Practice, "contact_name", payload),
        )
        NetworkFactory(name=fit(Network, "name", payload), description=payload)
        PartnershipPostFactory(
            network=network, author=visitor, title=fit(PartnershipPost, "title", payload), description=payload
        )
        organisation_services.inquiry_create(
            organisation=home, requester=None, name=fit(Organisation, "name", payload)[:120],
            email=f"corpus{index}@example.org", message=payload,
        )  # fmt: skip
        del organisation
    corpus_practice = PracticeFactory(
        author=visitor, title="Práctica del corpus", context="\n\n".join(PAYLOADS)[:8000],
        lessons="\n\n".join(reversed(PAYLOADS))[:8000], method="\n".join(PAYLOADS)[:12000],
    )  # fmt: skip
    group = messaging_services.group_create(creator=writers[0], title=PAYLOADS[2][:120], members=[visitor])
    for index, payload in enumerate(PAYLOADS):
        files = [_png(f"{payload[:60]}.png")] if index < 15 else []
        messaging_services.message_send(
            conversation=group, author=writers[0], body=payload, client_id=uuid.uuid4(), files=files
        )
    call_command("search_reindex", verbosity=0)
    return {
        "visitor": visitor,
        "writer": writers[0],
        "group": group,
        "thread": thread,
        "home": home,
        "network": network,
        "category": category,
        "writers": writers,
        "practice": corpus_practice,
    }


def _scan(page, url: str, problems: list[str], dialogs: list[str]) -> None:
    response = page.goto(url)
    assert response is not None and response.status < 500, f"{url}: {response and response.status}"
    page.wait_for_timeout(50)  # let anything that was going to run, run
    problems.extend(f"{url}: {finding}" for finding in page.evaluate(SCAN))
    assert not dialogs, f"{url}: a dialog opened: {dialogs}"


def _scan_list(page, base: str, path: str, problems: list[str], dialogs: list[str]) -> int:
    """A list and every page it links to with rel=next / rel=prev (older messages), bounded."""
    seen: set[str] = set()
    queue = [base + path]
    while queue and len(seen) < MAX_PAGES_PER_LIST:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        _scan(page, url, problems, dialogs)
        for link in page.eval_on_selector_all("a[rel=next], a[rel=prev]", "els => els.map(a => a.href)"):
            if link not in seen:
                queue.append(link)
    return len(seen)


def test_no_payload_runs_anywhere_a_member_writes_text(world, new_page):
    visitor, group = world["visitor"], world["group"]
    with Daphne(env={**database_env(), "MESSAGING_SEND_RATE": "100000/10s"}) as server:
        page = new_page("es")
        name, _sep, value = session_cookie_sync(visitor).decode().partition("=")
        page.context.add_cookies([{"name": name, "value": value, "url": server.url}])
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        problems: list[str] = []
        base = server.url

        lists = [
            f"/forums/topics/{world['thread'].pk}/",
            world["category"].get_absolute_url(),
            "/organisations/",
            f"/organisations/{world['home'].slug}/",
            f"/organisations/{world['home'].slug}/inquiries/",
            "/library/",
            "/networks/",
            f"/networks/{world['network'].slug}/",
            "/networks/board/",
            "/notifications/",
            "/messages/",
            f"/messages/{group.pk}/",
        ]
        visited = sum(_scan_list(page, base, path, problems, dialogs) for path in lists)
        # The corpus really is on the pages, shown as text.
        page.goto(f"{base}/forums/topics/{world['thread'].pk}/")
        assert page.get_by_text("<script>alert(1)</script>", exact=True).count() >= 1
        _scan(page, f"{base}{world['practice'].get_absolute_url()}", problems, dialogs)
        for writer in world["writers"][:20]:
            _scan(page, f"{base}/accounts/members/{writer.pk}/", problems, dialogs)
        for payload in PAYLOADS:
            _scan(page, f"{base}/search/?q={quote(payload)}", problems, dialogs)
            visited += 1

        # Live: the same corpus arriving over the socket on the open conversation page.
        page.goto(f"{base}/messages/{group.pk}/")
        page.wait_for_function(LIVE_OPEN)
        shown = page.locator("#messages li.message[data-id]").count()
        # In a thread of its own: Playwright's event loop runs in this one.
        sender = ThreadPoolExecutor(max_workers=1)
        sender.submit(asyncio.run, _send_live(server, world["writer"], group.pk)).result(timeout=60)
        sender.shutdown()
        page.wait_for_function(
            "n => document.querySelectorAll('#messages li.message[data-id]').length >= n",
            arg=shown + len(PAYLOADS),
        )
        problems.extend(f"live: {finding}" for finding in page.evaluate(SCAN))

    assert not dialogs, dialogs
    assert not problems, "\n".join(problems[:40])
    assert visited > len(PAYLOADS) + len(lists)


def test_the_scan_catches_script_that_would_run(new_page):
    """The check above can fail: unsanitised payloads put straight into a page are all found."""
    page = new_page("es")
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for payload, expected in [
        ("<img src=x onerror=alert(1)>", "IMG has onerror"),
        ('<a href="javascript:alert(1)">x</a>', "A href=javascript"),
        ("<iframe srcdoc='x'></iframe>", "IFRAME"),
        ("<script>window.__xss=1</script>", "window.__xss was set"),
    ]:
        page.set_content(f"<main>{payload}</main>")
        page.wait_for_timeout(50)
        assert any(expected in finding for finding in page.evaluate(SCAN)), payload
    assert dialogs == ["1"]


async def _send_live(server, writer, conversation_id: int) -> None:
    """The corpus over several sockets: one socket may carry 60 frames per 10 s (docs/realtime.md)."""
    cookie = session_cookie_sync(writer).decode()  # a thread with no loop of Django's: plain ORM is fine
    chunks = [PAYLOADS[start : start + 50] for start in range(0, len(PAYLOADS), 50)]
    await asyncio.gather(*(_send_chunk(server, cookie, conversation_id, chunk) for chunk in chunks))


async def _send_chunk(server, cookie: str, conversation_id: int, payloads: list[str]) -> None:
    async with websockets.connect(
        server.ws_url, origin=server.url, additional_headers={"Cookie": cookie}
    ) as ws:
        for payload in payloads:
            frame = {"type": "message.send", "conversation": conversation_id, "client_id": str(uuid.uuid4())}
            await ws.send(json.dumps({**frame, "body": payload}))
        acks = 0
        async with asyncio.timeout(30):
            while acks < len(payloads):
                event = json.loads(await ws.recv())
                assert event["type"] != "error", event
                acks += event["type"] == "message.ack"
