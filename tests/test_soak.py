"""Reliability soak (make soak; a short run in CI): virtual members browse, post forum replies and send
messages against two daphne processes sharing a private Redis (channel layer and cache) on PostgreSQL,
while the test kills and restarts that Redis (same port) and kill -9s and restarts one daphne.

Afterwards, from the database: every reply the server accepted (a redirect to it, or 201 with its id)
and every message it acknowledged is stored exactly once; nothing is stored twice, including what was
resent after an unknown outcome (both carry a client-chosen client_id, which the services deduplicate);
no 5xx outside the declared outage windows; and every member completes a clean round (pages, a reply, a
message, each answered at the first try by its own node) after the faults, without the test restarting
anything. SOAK_SECONDS bounds the load (SOAK_USERS the members); everything talks to 127.0.0.1 only.
"""

import asyncio
import concurrent.futures
import contextlib
import http.cookies
import json
import os
import random
import re
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
import requests
import websockets
from asgiref.sync import sync_to_async
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from community.accounts.services import api_token_create
from community.ratelimit import parse_rate
from forums.models import Post
from messaging import services as messaging_services
from messaging.models import Message
from networks.models import NetworkRole
from tests.factories import (
    CategoryFactory,
    MembershipFactory,
    NetworkFactory,
    NetworkMembershipFactory,
    OrganisationFactory,
    PracticeFactory,
    TopicFactory,
)
from tests.messaging.socket_helpers import session_cookie_sync
from tests.servers import Daphne, PrivateRedis, daphnes, database_env

pytestmark = [
    pytest.mark.soak,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("close_thread_connections"),
]

SOAK_SECONDS = float(os.environ.get("SOAK_SECONDS", "120"))
USERS = int(os.environ.get("SOAK_USERS", "10"))
# FORUM_POST_RATE is 20 per 10 minutes per member, counted in fixed windows: one reply every 31 s at
# most keeps a member under it in any window, so the soak runs with the production limits.
POST_EVERY_SECONDS = 31.0
# The first round after the faults posts without waiting for that pace (so the recovery time measures
# the server, not the pace) when the member is this far under the limit in the server's current window.
POST_LIMIT_MARGIN = 2
THINK_SECONDS = (0.3, 1.2)  # between two steps of a member
PAGES_PER_ROUND = 3
REDIS_DOWN_SECONDS = 3.0
DAPHNE_DOWN_SECONDS = 1.0
# After a restart the processes reconnect to Redis and the database by themselves; a 5xx this long
# after the restart completed counts against the server.
OUTAGE_GRACE_SECONDS = 10.0
ACK_TIMEOUT = 15.0  # no answer to a send in this long: the outcome is unknown, send it again
HTTP_TIMEOUT = (3.0, 30.0)  # connect, read
RECOVERY_TIMEOUT = 60.0  # after the load: how long a member may take to complete a clean round
HARD_LIMIT = SOAK_SECONDS + 300  # the whole run, faults, recovery and checks included

TOKEN = re.compile(r"soak-[0-9a-f]{32}")
FORM_FIELD = re.compile(r'name="(csrfmiddlewaretoken|client_id)" value="([^"]+)"')
POST_ID = re.compile(r"#post-(\d+)$")


class Unknown(Exception):
    """The request may or may not have been carried out: no answer, a reset, or a 5xx."""


@dataclass
class Outcome:
    """What the members saw, for the checks against the database."""

    http: list[tuple[float, str, int]] = field(default_factory=list)  # when, what, status
    connection_errors: int = 0
    failovers: int = 0  # requests answered by the other node because the member's own refused
    posts_accepted: dict[str, int] = field(default_factory=dict)  # token -> post id
    posts_unknown: set[str] = field(default_factory=set)  # tokens given up without an answer
    post_client_ids: dict[str, str] = field(default_factory=dict)  # token -> client_id
    messages_accepted: dict[str, int] = field(default_factory=dict)  # token -> message id
    messages_unknown: set[str] = field(default_factory=set)
    message_client_ids: dict[str, str] = field(default_factory=dict)
    ws_sends: int = 0
    ws_resends: int = 0
    ws_reconnects: int = 0
    duplicate_acks: int = 0
    refusals: Counter[str] = field(default_factory=Counter)  # 429s and error codes, retried later
    failures: list[str] = field(default_factory=list)  # answers that are wrong whenever they come


class Member:
    """One virtual member: an HTTP session (session cookie, CSRF cookie) that prefers one node and fails
    over to the other when it does not answer, as a load balancer would, and one WebSocket that resends
    its unacknowledged message (same client_id) after a reconnect, as the browser client does."""

    def __init__(
        self,
        index: int,
        world: dict[str, Any],
        nodes: list[Daphne],
        pool: concurrent.futures.Executor,
        outcome: Outcome,
    ) -> None:
        self.index = index
        self.user_pk = world["users"][index]
        self.session_cookie = world["cookies"][index]
        self.api_token = world["tokens"][index]
        self.conversation = world["conversations"][index // 2]
        self.pages = [*world["pages"], reverse("messaging:conversation", args=[self.conversation])]
        self.topics = world["topics"]
        self.nodes = nodes
        self.preferred = index % 2
        self.pool = pool
        self.outcome = outcome
        self.cookies: dict[str, str] = {}
        self.http = requests.Session()
        self.http.trust_env = False  # loopback only, whatever proxy the environment names
        self.socket: Any = None
        self.socket_node = -1
        self.acks: dict[str, asyncio.Future[dict[str, Any]]] = {}
        self.reader: asyncio.Task[None] | None = None
        self.last_post = -POST_EVERY_SECONDS
        self.posts_by_window: Counter[int] = Counter()  # replies begun per window of FORUM_POST_RATE
        self.posts_sent = 0
        self.clean_round_at: float | None = None  # end of the first clean round after the faults

    # HTTP.

    def _request_sync(self, node: Daphne, method: str, path: str, **kwargs: Any) -> requests.Response:
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        headers = {"Cookie": f"{self.session_cookie}; {cookie}".rstrip("; "), **kwargs.pop("headers", {})}
        if method == "POST":
            headers["Origin"] = node.url  # as a browser sends it; the CSRF check compares it with Host
        response = self.http.request(
            method, node.url + path, headers=headers, timeout=HTTP_TIMEOUT, allow_redirects=False, **kwargs
        )
        # The cookies are Secure (production settings), which a cookie jar would not send over plain
        # HTTP on loopback: keep them by hand, as the browser behind TLS would.
        for header in response.raw.headers.getlist("Set-Cookie"):
            parsed = http.cookies.SimpleCookie()
            parsed.load(header)
            for name, morsel in parsed.items():
                if name != settings.SESSION_COOKIE_NAME:
                    self.cookies[name] = morsel.value
        return response

    async def request(
        self, method: str, path: str, *, what: str, **kwargs: Any
    ) -> tuple[int, requests.Response]:
        """Send to the preferred node, or to the other if the preferred refuses the connection (nothing
        was sent then). Returns the node that answered and the answer; raises Unknown when the request
        may have been carried out without an answer (a reset or a timeout) or answered 5xx."""
        loop = asyncio.get_running_loop()
        for attempt in range(2):
            node_index = (self.preferred + attempt) % len(self.nodes)
            node = self.nodes[node_index]
            try:
                response = await loop.run_in_executor(
                    self.pool, lambda n=node: self._request_sync(n, method, path, **kwargs)
                )
            except requests.ConnectionError as exc:
                self.outcome.connection_errors += 1
                if _refused(exc):
                    continue  # not sent: the other node gets it
                raise Unknown(f"{what}: {exc.__class__.__name__}") from exc
            except requests.Timeout as exc:
                self.outcome.connection_errors += 1
                raise Unknown(f"{what}: timeout") from exc
            self.outcome.http.append((time.monotonic(), what, response.status_code))
            self.outcome.failovers += attempt
            if response.status_code >= 500:
                raise Unknown(f"{what}: {response.status_code}")
            return node_index, response
        raise Unknown(f"{what}: both nodes refused the connection")

    async def browse(self) -> bool:
        """A few pages; True when every one came from the preferred node at the first try."""
        clean = True
        for path in random.sample(self.pages, PAGES_PER_ROUND):
            try:
                node, response = await self.request("GET", path, what=f"GET {path}")
            except Unknown:
                clean = False
                continue
            clean = clean and node == self.preferred
            if response.status_code != 200:
                self.outcome.failures.append(
                    f"member {self.index}: GET {path} answered {response.status_code}"
                )
                clean = False
            await self.think()
        return clean

    # Posting: through the reply form (CSRF token and client_id from the page) or the REST API.

    async def post_reply(self, deadline: float) -> bool:
        """One reply, resent (same client_id) until accepted or refused, or until the deadline; True when
        it was accepted at the first try by the preferred node."""
        topic = random.choice(self.topics)
        token = f"soak-{uuid.uuid4().hex}"
        body = f"Respuesta del miembro {self.index}: {token}"
        by_form = self.posts_sent % 2 == 0
        self.posts_sent += 1
        self.last_post = time.monotonic()
        self.posts_by_window[_post_window()] += 1
        form: dict[str, str] | None = None
        client_id = str(uuid.uuid4())
        attempts = 0
        while time.monotonic() < deadline:
            attempts += 1
            try:
                if by_form:
                    if form is None:  # the page the member replies from; its form is resent as it is
                        _node, page = await self.request("GET", topic["url"], what="GET topic for reply")
                        form = dict(FORM_FIELD.findall(page.text))
                        if page.status_code != 200 or len(form) != 2:
                            self.outcome.failures.append(
                                f"member {self.index}: no reply form ({page.status_code})"
                            )
                            return False
                        client_id = form["client_id"]
                        self.outcome.post_client_ids[token] = client_id
                    node, response = await self.request(
                        "POST",
                        topic["reply"],
                        what="POST reply form",
                        data={**form, "body": body},
                    )
                    match = POST_ID.search(response.headers.get("Location", ""))
                    accepted = response.status_code == 302 and match is not None
                    post_id = int(match.group(1)) if match else 0
                else:
                    self.outcome.post_client_ids[token] = client_id
                    node, response = await self.request(
                        "POST",
                        topic["api"],
                        what="POST reply API",
                        json={"body": body, "client_id": client_id},
                        headers={"Authorization": f"Bearer {self.api_token}"},
                    )
                    accepted = response.status_code == 201
                    post_id = int(response.json()["id"]) if accepted else 0
            except Unknown:
                await asyncio.sleep(_backoff(attempts))
                continue
            if accepted:
                self.outcome.posts_accepted[token] = post_id
                self.outcome.posts_unknown.discard(token)
                return attempts == 1 and node == self.preferred
            if response.status_code == 429:
                self.outcome.refusals["post 429"] += 1
                await asyncio.sleep(min(float(response.headers.get("Retry-After", "5")), 30.0))
                continue
            self.outcome.failures.append(
                f"member {self.index}: reply answered {response.status_code}: {response.text[:300]}"
            )
            return False
        self.outcome.posts_unknown.add(token)
        return False

    # Messaging over the WebSocket.

    async def _connect(self, deadline: float) -> None:
        attempt = 0
        while time.monotonic() < deadline:
            node_index = (self.preferred + attempt) % len(self.nodes)
            node = self.nodes[node_index]
            try:
                connection = await websockets.connect(
                    node.ws_url,
                    origin=node.url,
                    additional_headers={"Cookie": self.session_cookie},
                    open_timeout=5,
                    max_queue=None,
                )
                hello = json.loads(await asyncio.wait_for(connection.recv(), 10))
                if hello.get("type") != "hello":
                    raise ConnectionError(f"first frame was {hello}")
            except (OSError, TimeoutError, websockets.exceptions.WebSocketException, ConnectionError):
                attempt += 1
                await asyncio.sleep(_backoff(attempt))
                continue
            self.socket, self.socket_node = connection, node_index
            self.reader = asyncio.create_task(self._read(connection))
            return
        raise TimeoutError("no node accepted the socket before the deadline")

    async def _read(self, connection: Any) -> None:
        with contextlib.suppress(websockets.exceptions.ConnectionClosed):
            async for raw in connection:
                event = json.loads(raw)
                waiter = self.acks.get(event.get("client_id") or "")
                if event.get("type") in ("message.ack", "error") and waiter and not waiter.done():
                    waiter.set_result(event)
        for waiter in self.acks.values():
            if not waiter.done():
                waiter.set_exception(ConnectionError("socket closed"))

    async def close_socket(self) -> None:
        if self.socket is not None:
            with contextlib.suppress(Exception):
                await self.socket.close()
        if self.reader is not None:
            self.reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self.reader
        self.socket, self.reader, self.socket_node = None, None, -1

    async def send_message(self, deadline: float) -> bool:
        """One message, resent with its client_id until acknowledged or refused, or until the deadline;
        True when acknowledged at the first try on the preferred node."""
        token = f"soak-{uuid.uuid4().hex}"
        client_id = str(uuid.uuid4())
        self.outcome.message_client_ids[token] = client_id
        frame = {
            "type": "message.send",
            "conversation": self.conversation,
            "client_id": client_id,
            "body": f"Mensaje {self.index}: {token}",
        }
        attempts = 0
        while time.monotonic() < deadline:
            if self.socket is None:
                try:
                    await self._connect(deadline)
                except TimeoutError:
                    break
                if attempts:
                    self.outcome.ws_reconnects += 1
            attempts += 1
            if attempts > 1:
                self.outcome.ws_resends += 1
            self.outcome.ws_sends += 1
            waiter = self.acks[client_id] = asyncio.get_running_loop().create_future()
            try:
                await self.socket.send(json.dumps(frame))
                reply = await asyncio.wait_for(waiter, ACK_TIMEOUT)
            except (ConnectionError, TimeoutError, websockets.exceptions.ConnectionClosed):
                await self.close_socket()  # unknown outcome: reconnect and send it again
                await asyncio.sleep(_backoff(attempts))
                continue
            finally:
                self.acks.pop(client_id, None)
            if reply["type"] == "message.ack":
                self.outcome.duplicate_acks += bool(reply["duplicate"])
                self.outcome.messages_accepted[token] = reply["id"]
                self.outcome.messages_unknown.discard(token)
                return attempts == 1 and self.socket_node == self.preferred
            self.outcome.refusals[f"message {reply['code']}"] += 1
            if reply["code"] not in ("server_error", "rate_limited"):
                self.outcome.failures.append(f"member {self.index}: message refused: {reply}")
                return False
            await asyncio.sleep(min(float(reply.get("retry_after") or _backoff(attempts)), 10.0))
        self.outcome.messages_unknown.add(token)
        return False

    # The member's life.

    async def think(self) -> None:
        await asyncio.sleep(random.uniform(*THINK_SECONDS))

    async def round(self, deadline: float, *, post: bool) -> bool:
        """Pages, maybe a reply, a message; True when every step succeeded at the first try on the
        member's own node."""
        if self.socket is not None and self.socket_node != self.preferred:
            await self.close_socket()  # back to its own node, as a new connection would be balanced
        clean = await self.browse()
        if post:
            clean = await self.post_reply(deadline) and clean
            await self.think()
        clean = await self.send_message(deadline) and clean
        await self.think()
        return clean

    def may_post_now(self) -> bool:
        """Whether a reply now stays under FORUM_POST_RATE, counted as community/ratelimit.py counts it."""
        limit, _window = parse_rate(settings.FORUM_POST_RATE)
        return self.posts_by_window[_post_window()] <= limit - POST_LIMIT_MARGIN

    async def live(self, until: float, faults_over: asyncio.Event, faults_ended: list[float]) -> None:
        """Rounds until `until`; notes the end of the first clean round begun after the faults."""
        while time.monotonic() < until:
            started = time.monotonic()
            after_faults = faults_over.is_set() and started > faults_ended[0]
            waiting_for_recovery = after_faults and self.clean_round_at is None
            post = started - self.last_post >= POST_EVERY_SECONDS or (
                waiting_for_recovery and self.may_post_now()
            )
            clean = await self.round(until + ACK_TIMEOUT * 2, post=post)
            if clean and post and waiting_for_recovery:
                self.clean_round_at = time.monotonic()

    async def recover(self) -> None:
        """After the load: a member without a clean round since the faults gets rounds until one is
        clean, within RECOVERY_TIMEOUT (posting at the pace that keeps it under the rate limit)."""
        deadline = time.monotonic() + RECOVERY_TIMEOUT
        while self.clean_round_at is None and time.monotonic() < deadline:
            wait = POST_EVERY_SECONDS - (time.monotonic() - self.last_post)
            if wait > 0 and not self.may_post_now():
                await asyncio.sleep(wait)
            if await self.round(deadline, post=True):
                self.clean_round_at = time.monotonic()


def _post_window() -> int:
    _limit, window = parse_rate(settings.FORUM_POST_RATE)
    now = int(time.time())
    return now - now % window


def _refused(exc: requests.ConnectionError) -> bool:
    """Whether the connection was refused (nothing sent), rather than reset or cut after sending."""
    return "Connection refused" in str(exc)


def _backoff(attempt: int) -> float:
    return min(5.0, 0.2 * 2 ** min(attempt, 5)) * random.uniform(0.5, 1.0)


async def run_faults(
    redis: PrivateRedis, servers: list[Daphne], windows: list[tuple[float, float]], log: list[str]
) -> None:
    """Cycles of (Redis kill -9, then daphne2 kill -9), spread over the middle of the run: one cycle per
    four minutes of load, at least one. Each fault is an outage window that ends OUTAGE_GRACE_SECONDS
    after the restarted process answers."""
    cycles = max(1, int(SOAK_SECONDS // 240))
    faults = [kind for _ in range(cycles) for kind in ("redis", "daphne")]
    start = time.monotonic()
    times = [SOAK_SECONDS * (0.2 + 0.5 * n / max(1, len(faults) - 1)) for n in range(len(faults))]
    for at, kind in zip(times, faults, strict=True):
        await asyncio.sleep(max(0.0, start + at - time.monotonic()))
        began = time.monotonic()
        if kind == "redis":
            redis.stop(kill=True)
            await asyncio.sleep(REDIS_DOWN_SECONDS)
            await asyncio.to_thread(redis.start)
        else:
            servers[1].stop(kill=True)
            await asyncio.sleep(DAPHNE_DOWN_SECONDS)
            await asyncio.to_thread(servers[1].start)
        ended = time.monotonic()
        windows.append((began, ended + OUTAGE_GRACE_SECONDS))
        log.append(f"{began - start:6.1f} s  {kind} kill -9, back after {ended - began:.1f} s")


async def report_progress(outcome: Outcome, started: float) -> None:
    while True:
        await asyncio.sleep(15)
        print(
            f"  {time.monotonic() - started:5.0f} s: requests {len(outcome.http)}, "
            f"posts {len(outcome.posts_accepted)}, messages {len(outcome.messages_accepted)}, "
            f"connection errors {outcome.connection_errors}, resends {outcome.ws_resends}",
            flush=True,
        )


@pytest.fixture
def world(transactional_db) -> dict[str, Any]:
    """Members of one organisation (old enough accounts: no new-account limits), paired in direct
    conversations; a public network they belong to, a forum category with two topics, a practice."""
    if not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        pytest.skip("the soak test runs on PostgreSQL, as production does: set DATABASE_URL=postgres://…")
    organisation = OrganisationFactory()
    joined = timezone.now() - timedelta(days=30)
    users = [
        MembershipFactory(organisation=organisation, user__date_joined=joined).user for _ in range(USERS)
    ]
    network = NetworkFactory()
    NetworkMembershipFactory(network=network, user=users[0], role=NetworkRole.OWNER)
    for user in users[1:]:
        NetworkMembershipFactory(network=network, user=user)
    category = CategoryFactory()
    topics = [TopicFactory(category=category, author=users[n]) for n in range(2)]
    practice = PracticeFactory(author=users[0])
    conversations = [
        messaging_services.direct_open(user=users[i], other=users[i + 1]).pk for i in range(0, USERS - 1, 2)
    ]
    pages = [
        reverse("community:home"),
        reverse("organisations:directory"),
        reverse("organisations:detail", args=[organisation.slug]),
        reverse("forums:index"),
        reverse("forums:category", args=[category.slug]),
        *[reverse("forums:topic", args=[topic.pk]) for topic in topics],
        reverse("library:index"),
        reverse("library:detail", args=[practice.slug]),
        reverse("networks:index"),
        reverse("networks:detail", args=[network.slug]),
        reverse("networks:members", args=[network.slug]),
        reverse("messaging:index"),
    ]
    return {
        "users": [user.pk for user in users],
        "cookies": [session_cookie_sync(user).decode() for user in users],
        "tokens": [api_token_create(user=user, name="soak")[1] for user in users],
        "conversations": conversations,
        "pages": pages,
        "topics": [
            {
                "url": reverse("forums:topic", args=[topic.pk]),
                "reply": reverse("forums:reply", args=[topic.pk]),
                "api": f"/api/v1/forums/topics/{topic.pk}/posts",
                "pk": topic.pk,
            }
            for topic in topics
        ],
    }


def stored(world: dict[str, Any]) -> tuple[list[tuple[int, Any, str]], list[tuple[int, Any, str]]]:
    posts = Post.objects.filter(author_id__in=world["users"], topic_id__in=[t["pk"] for t in world["topics"]])
    messages = Message.objects.filter(conversation_id__in=world["conversations"])
    return (
        list(posts.values_list("pk", "client_id", "body")),
        list(messages.values_list("pk", "client_id", "body")),
    )


def check_stored(
    kind: str,
    rows: list[tuple[int, Any, str]],
    accepted: dict[str, int],
    unknown: set[str],
    client_ids: dict[str, str],
) -> tuple[int, int, list[str]]:
    """(lost, duplicated, problems) for one kind of write: each accepted token stored exactly once with
    the id and client_id the member was given; each given-up token at most once; no other token."""
    by_token: dict[str, list[tuple[int, str]]] = {}
    for pk, client_id, body in rows:
        for token in TOKEN.findall(body):
            by_token.setdefault(token, []).append((pk, str(client_id)))
    problems = []
    lost = sum(1 for token in accepted if token not in by_token)
    duplicated = sum(len(found) - 1 for found in by_token.values() if len(found) > 1)
    for token, post_id in accepted.items():
        found = by_token.get(token, [])
        if found and found[0] != (post_id, client_ids[token]):
            problems.append(f"{kind} {token} accepted as {post_id}, stored as {found}")
    strangers = set(by_token) - set(accepted) - unknown
    problems += [f"{kind} {token} stored but never sent" for token in sorted(strangers)]
    return lost, duplicated, problems


async def test_accepted_writes_survive_redis_and_daphne_restarts_under_mixed_load(world):
    env = {
        **database_env(),
        "DATABASE_CONN_MAX_AGE": "60",  # as in production (config/settings/base.py)
        "LOG_LEVEL": "WARNING",
    }
    outcome = Outcome()
    windows: list[tuple[float, float]] = []
    fault_log: list[str] = []
    faults_over = asyncio.Event()
    faults_ended = [float("inf")]
    started = time.monotonic()
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=USERS + 2, thread_name_prefix="soak-http")
    with PrivateRedis() as redis, daphnes(2, env={**env, "REDIS_URL": redis.url}) as servers:
        members = [Member(i, world, servers, pool, outcome) for i in range(USERS)]
        load_until = time.monotonic() + SOAK_SECONDS
        async with asyncio.timeout(HARD_LIMIT):
            progress = asyncio.create_task(report_progress(outcome, started))
            lives = [asyncio.create_task(m.live(load_until, faults_over, faults_ended)) for m in members]
            try:
                await run_faults(redis, servers, windows, fault_log)
                faults_ended[0] = windows[-1][1] - OUTAGE_GRACE_SECONDS
                faults_over.set()
                await asyncio.gather(*lives)
                await asyncio.gather(*(m.recover() for m in members))
            finally:
                progress.cancel()
                for life in lives:
                    life.cancel()
                await asyncio.gather(*lives, return_exceptions=True)
                for member in members:
                    await member.close_socket()
                pool.shutdown(wait=True, cancel_futures=True)
        logs = {s.name: s.log.read_text(errors="replace") for s in servers}
    elapsed = time.monotonic() - started

    posts, messages = await sync_to_async(stored)(world)
    post_lost, post_duplicated, post_problems = check_stored(
        "post", posts, outcome.posts_accepted, outcome.posts_unknown, outcome.post_client_ids
    )
    message_lost, message_duplicated, message_problems = check_stored(
        "message", messages, outcome.messages_accepted, outcome.messages_unknown, outcome.message_client_ids
    )
    in_outage = Counter(
        f"{what} {s}"
        for when, what, s in outcome.http
        if s >= 500 and any(a <= when <= b for a, b in windows)
    )
    outside = [
        (round(when - started, 1), what, s)
        for when, what, s in outcome.http
        if s >= 500 and not any(a <= when <= b for a, b in windows)
    ]
    recovered = [m.clean_round_at - faults_ended[0] for m in members if m.clean_round_at is not None]
    statuses = Counter(s for _when, _what, s in outcome.http)
    figures = (
        f"members={USERS} seconds={SOAK_SECONDS:.0f} requests={len(outcome.http)} "
        f"ws_sends={outcome.ws_sends} posts_accepted={len(outcome.posts_accepted)} "
        f"messages_accepted={len(outcome.messages_accepted)} lost={post_lost + message_lost} "
        f"duplicated={post_duplicated + message_duplicated} 5xx_in_outages={in_outage.total()} "
        f"5xx_outside={len(outside)} recovery={max(recovered, default=float('nan')):.1f}s "
        f"elapsed={elapsed:.0f}s | statuses={dict(sorted(statuses.items()))} "
        f"connection_errors={outcome.connection_errors} failovers={outcome.failovers} "
        f"ws_resends={outcome.ws_resends} "
        f"ws_reconnects={outcome.ws_reconnects} duplicate_acks={outcome.duplicate_acks} "
        f"5xx_in_outages_by_request={dict(in_outage)} refusals={dict(outcome.refusals)} "
        f"unknown_posts={len(outcome.posts_unknown)} unknown_messages={len(outcome.messages_unknown)}"
    )
    print("\nsoak:", figures)
    print("faults:\n  " + "\n  ".join(fault_log))
    for name, text in logs.items():
        lines = Counter(
            line for line in text.splitlines() if line and not line.startswith((" ", "Traceback"))
        )
        print(f"{name} log: {text.count('Traceback')} tracebacks")
        for line, count in lines.most_common(8):
            print(f"  {count:5d}  {line[:200]}")

    assert len(windows) >= 2, fault_log
    assert not outcome.failures, outcome.failures[:10]
    assert post_problems + message_problems == [], (post_problems + message_problems)[:10]
    assert post_lost == message_lost == 0, figures
    assert post_duplicated == message_duplicated == 0, figures
    assert not outside, f"5xx outside the outage windows: {outside[:10]}"
    assert len(recovered) == USERS, f"members without a clean round after the faults: {figures}"
    # The load was real: every member posted and sent; writes went on after the last fault.
    assert len(outcome.posts_accepted) >= USERS * 2 and len(outcome.messages_accepted) >= USERS * 5, figures
