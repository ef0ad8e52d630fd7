"""Faults under load (make test-fault): ten members each send 1,000 messages into five direct
conversations, the two people of each on different daphne processes, while the test kills and
restarts the Redis both processes share and kill -9s and restarts one of the processes.

Every member must end with every message of their conversation exactly once and in the stored order,
from live events plus `sync` catch-up by last seen id (docs/realtime.md), and the database must hold
each sent message once. Messages sent once the faults are over must arrive live, without a sync: the
processes' live delivery must have come back by itself. Loopback only; every process is stopped in
`finally` by the context managers that started it.
"""

import asyncio
import contextlib
import json
import os
import random
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pytest
import websockets
from asgiref.sync import sync_to_async

from messaging import services
from messaging.models import Message
from tests.factories import MembershipFactory, OrganisationFactory
from tests.messaging.socket_helpers import session_cookie_sync
from tests.servers import Daphne, PrivateRedis, daphnes, database_env

pytestmark = [
    pytest.mark.fault,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("close_thread_connections"),
]

CLIENTS = 10
MESSAGES_PER_CLIENT = int(os.environ.get("MINGA_FAULT_MESSAGES", "1000"))
# A send costs the server 10-25 ms of CPU; on a 2-core machine shared with the clients and with other
# people's work, 10,000 sends went at 13 to 40 a second (SQLite 7 minutes at a load average of 13),
# hence the generous bound.
OVERALL_TIMEOUT = 900
ACK_TIMEOUT = 15  # no answer to a send in this long: send it again (the server deduplicates)
SETTLE_SECONDS = 5  # after the last fault: everything sent later must arrive live
LIVE_GRACE_SECONDS = 20  # how long the test waits for the last live events before the final sync


def body_of(client: int, n: int) -> str:
    return f"c{client}-{n}"


@dataclass
class Received:
    """One member's view of their conversation, as a client applies events."""

    log: list[int] = field(default_factory=list)  # ids accepted, in the order they were shown
    live: set[int] = field(default_factory=set)  # ids that arrived as live events
    cursor: int = 0  # last seen id: everything up to it is in the log
    overlaps: int = 0  # a live event and a replay both carried the same id (a race the client absorbs)
    duplicates: int = 0  # the server sent an id twice where the protocol says it must not


class FaultClient:
    """A member's socket client: sends in order with a client_id per message, resends whatever is not
    acknowledged after a reconnect (or after ACK_TIMEOUT), reconnects to whichever node answers, and
    sends `sync` with its last seen id on every (re)connect."""

    def __init__(self, index: int, user: Any, cookie: str, conversation_id: int, nodes: list[Daphne]):
        self.index = index
        self.user = user
        self.cookie = cookie
        self.conversation_id = conversation_id
        self.nodes = nodes
        self.preferred = index % 2
        self.node = self.preferred  # the node of the current connection
        self.outbox = [(body_of(index, n), str(uuid.uuid4())) for n in range(MESSAGES_PER_CLIENT)]
        self.acked: dict[str, int] = {}
        self.ack_times: dict[int, float] = {}  # stored id -> when the ack arrived (monotonic)
        self.next_to_send = 0
        self.received = Received()
        self.reconnects = 0
        self.resends = 0
        self.duplicate_acks = 0
        self.errors: Counter[str] = Counter()
        self.failures: list[str] = []
        self.connection: Any = None
        self._ack: asyncio.Future[dict[str, Any]] | None = None
        # Catch-up: one `sync` in flight at a time; generations tell a waiter that a sync sent after
        # its request has completed.
        self._sync_after = 0
        self._sync_in_flight = False
        self._sync_wanted = False
        self._sync_requested = self._sync_sent = self._sync_completed = 0
        self._sync_changed = asyncio.Event()
        self._closed = False
        self.gap_syncs = 0
        self._sent: set[str] = set()
        self.finish = asyncio.Event()
        self.pending: dict[int, int] = {}  # live events held back: id -> the id before it

    @property
    def done_sending(self) -> bool:
        return self.next_to_send >= len(self.outbox)

    # Connection.

    async def _connect(self) -> Any:
        attempt = 0
        while True:
            node = self.nodes[(self.preferred + attempt) % len(self.nodes)]
            try:
                connection = await websockets.connect(
                    node.ws_url,
                    origin=node.url,
                    additional_headers={"Cookie": self.cookie},
                    open_timeout=5,
                    max_queue=None,
                )
                hello = json.loads(await asyncio.wait_for(connection.recv(), 10))
                if hello.get("type") != "hello":
                    raise ConnectionError(f"first frame was {hello}")
                self.node = self.nodes.index(node)
                return connection
            except (OSError, TimeoutError, websockets.exceptions.WebSocketException, ConnectionError):
                attempt += 1
                await asyncio.sleep(min(1.0, 0.1 * attempt) * random.uniform(0.5, 1))  # noqa: S311

    async def run(self) -> None:
        while True:
            self.connection = await self._connect()
            self._closed = self._sync_in_flight = False
            reader = asyncio.create_task(self._read(self.connection))
            try:
                await self._sync()
                await self._send_all()
                await self.finish.wait()
                await self._sync()  # the final catch-up from the last seen id
                await self.connection.close()
                reader.cancel()
                return
            except (websockets.exceptions.ConnectionClosed, OSError, TimeoutError):
                self.reconnects += 1
            finally:
                reader.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await reader

    async def go_home(self) -> None:
        """Back to the preferred node once it is up again, as a load balancer would send a new
        connection (the send in flight is resent with its client_id)."""
        if self.node != self.preferred and self.connection is not None:
            await self.connection.close()

    async def _read(self, connection: Any) -> None:
        try:
            async for raw in connection:
                await self._handle(json.loads(raw))
        except websockets.exceptions.ConnectionClosed:
            pass
        # Wake whoever waits: the connection is gone.
        self._closed = True
        if self._ack is not None and not self._ack.done():
            self._ack.set_exception(websockets.exceptions.ConnectionClosedError(None, None))
        self._sync_changed.set()

    # Sending.

    async def _send_all(self) -> None:
        while not self.done_sending:
            body, client_id = self.outbox[self.next_to_send]
            frame = {
                "type": "message.send",
                "conversation": self.conversation_id,
                "client_id": client_id,
                "body": body,
            }
            reply = await self._request(frame)
            if reply["type"] == "message.ack":
                if reply["duplicate"]:
                    self.duplicate_acks += 1
                previous = self.acked.setdefault(client_id, reply["id"])
                if previous != reply["id"]:
                    self.failures.append(f"{client_id} acked as {previous} then {reply['id']}")
                self.ack_times.setdefault(reply["id"], time.monotonic())
                self.next_to_send += 1
            else:
                self.errors[reply["code"]] += 1
                if reply["code"] not in ("server_error", "rate_limited"):
                    self.failures.append(f"{body}: {reply}")
                    self.next_to_send += 1
                await asyncio.sleep(min(float(reply.get("retry_after", 0.2)), 2.0))

    async def _request(self, frame: dict[str, Any]) -> dict[str, Any]:
        while True:
            self._ack = asyncio.get_running_loop().create_future()
            if frame["client_id"] in self._sent:
                self.resends += 1
            self._sent.add(frame["client_id"])
            await self.connection.send(json.dumps(frame))
            with contextlib.suppress(TimeoutError):  # no answer: the same frame again
                return await asyncio.wait_for(asyncio.shield(self._ack), ACK_TIMEOUT)

    # Receiving.

    async def _sync(self) -> None:
        """Catch up from the last seen id, and wait until a sync sent after this call has completed."""
        self._sync_requested += 1
        wanted = self._sync_requested
        await self._want_sync()
        while not (self._sync_completed >= wanted and not self._sync_in_flight):
            if self._closed:
                raise websockets.exceptions.ConnectionClosedError(None, None)
            self._sync_changed.clear()
            await asyncio.wait_for(self._sync_changed.wait(), 30)

    async def _want_sync(self) -> None:
        self._sync_wanted = True
        if self._sync_in_flight:
            return  # sent again when the one in flight is done
        self._sync_wanted = False
        self._sync_in_flight = True
        self._sync_sent = self._sync_requested
        self._sync_after = self.received.cursor
        frame = {"type": "sync", "conversations": {str(self.conversation_id): self._sync_after}}
        await self.connection.send(json.dumps(frame))

    async def _handle(self, event: dict[str, Any]) -> None:
        kind = event.get("type")
        if kind in ("message.ack", "error") and event.get("client_id") is not None:
            waiting = self._ack is not None and not self._ack.done()
            current = self.outbox[min(self.next_to_send, len(self.outbox) - 1)][1]
            if waiting and event["client_id"] == current:
                self._ack.set_result(event)
        elif kind == "message.new":
            if self._message(event):
                self.gap_syncs += 1
                await self._want_sync()
        elif kind == "sync.done":
            summary = event["conversations"][str(self.conversation_id)]
            self._sync_in_flight = False
            self._sync_completed = self._sync_sent
            self._apply_pending()
            if summary.get("more") or self._sync_wanted or self._gaps():
                await self._want_sync()
            self._sync_changed.set()

    def _message(self, event: dict[str, Any]) -> bool:
        """Apply one message.new; returns whether it revealed a gap (then the client syncs)."""
        message = event["message"]
        if message["conversation"] != self.conversation_id:
            self.failures.append(f"message of another conversation: {message['id']}")
            return False
        seen = self.received
        message_id = message["id"]
        if event.get("replay"):
            if message_id <= self._sync_after:
                seen.duplicates += 1  # sync replays only what follows the last seen id
            elif message_id <= seen.cursor:
                seen.overlaps += 1
            else:
                self._show(message_id)
            return False
        if message_id in seen.live:
            seen.duplicates += 1  # the same live event twice
            return False
        seen.live.add(message_id)
        if message_id <= seen.cursor:
            seen.overlaps += 1
            return False
        if event["previous"] <= seen.cursor:
            self._show(message_id)
            self._apply_pending()
            return False
        self.pending[message_id] = event["previous"]  # something before it was missed
        return True

    def _show(self, message_id: int) -> None:
        self.received.log.append(message_id)
        self.received.cursor = message_id

    def _apply_pending(self) -> None:
        """Show the held live events that now follow on from the last seen id."""
        while True:
            cursor = self.received.cursor
            for message_id in [pk for pk in self.pending if pk <= cursor]:
                del self.pending[message_id]
                self.received.overlaps += 1
            ready = [pk for pk, previous in self.pending.items() if previous <= cursor]
            if not ready:
                return
            message_id = min(ready)
            del self.pending[message_id]
            self._show(message_id)

    def _gaps(self) -> bool:
        return any(pk > self.received.cursor for pk in self.pending)


async def faults(
    redis: PrivateRedis, servers: list[Daphne], clients: list[FaultClient], log: list[str]
) -> float:
    """Redis restarted, then daphne 2 kill -9'd and started again, then Redis once more, at fixed
    fractions of the messages acknowledged. Returns when the cluster is whole again (monotonic)."""
    total = CLIENTS * MESSAGES_PER_CLIENT
    start = time.monotonic()

    async def at(fraction: float) -> None:
        while sum(c.next_to_send for c in clients) < fraction * total:
            await asyncio.sleep(0.05)

    def note(what: str) -> None:
        log.append(f"{time.monotonic() - start:6.1f} s  {what}")

    async def restart_redis() -> None:
        note("redis kill -9")
        redis.stop(kill=True)
        await asyncio.sleep(1.0)
        await asyncio.to_thread(redis.start)
        note("redis started")

    await at(0.15)
    await restart_redis()
    await at(0.35)
    note("daphne2 kill -9")
    servers[1].stop(kill=True)
    await asyncio.sleep(0.5)
    await asyncio.to_thread(servers[1].start)
    note("daphne2 started")
    for client in clients:
        await client.go_home()  # its clients come back from daphne1, so pairs span both nodes again
    await at(0.55)
    await restart_redis()
    return time.monotonic()


async def report_progress(clients: list[FaultClient], started: float) -> None:
    """A line every 10 s, so a run that is slow or stuck says where it is."""
    while True:
        await asyncio.sleep(10)
        print(
            f"  {time.monotonic() - started:5.0f} s: acknowledged {sum(c.next_to_send for c in clients)}, "
            f"shown {sum(len(c.received.log) for c in clients)}, "
            f"reconnects {sum(c.reconnects for c in clients)}, resends {sum(c.resends for c in clients)}",
            flush=True,
        )


def stored_messages(conversation_ids: list[int]) -> dict[int, list[tuple[int, int, str]]]:
    stored: dict[int, list[tuple[int, int, str]]] = {pk: [] for pk in conversation_ids}
    rows = Message.objects.filter(conversation_id__in=conversation_ids).order_by("pk")
    for pk, conversation_id, author_id, body in rows.values_list(
        "pk", "conversation_id", "author_id", "body"
    ):
        stored[conversation_id].append((pk, author_id, body))
    return stored


@pytest.fixture
def people(transactional_db):
    """Ten members of one organisation (no message requests) and five direct conversations."""
    organisation = OrganisationFactory()
    users = [MembershipFactory(organisation=organisation).user for _ in range(CLIENTS)]
    conversations = [services.direct_open(user=users[i], other=users[i + 1]).pk for i in range(0, CLIENTS, 2)]
    cookies = [session_cookie_sync(user).decode() for user in users]
    return users, conversations, cookies


async def test_no_message_is_lost_or_duplicated_across_redis_and_daphne_restarts(people):
    users, conversations, cookies = people
    env = {
        **database_env(),
        "DATABASE_CONN_MAX_AGE": "60",  # as in production (config/settings/base.py)
        "MESSAGING_SEND_RATE": "100000/10s",
        "LIVE_FLOOD_FRAMES": "100000",
        "LIVE_FLOOD_CLOSE_FRAMES": "100000",
        "LOG_LEVEL": "WARNING",
    }
    fault_log: list[str] = []
    started = time.monotonic()
    with PrivateRedis() as redis, daphnes(2, env={**env, "REDIS_URL": redis.url}) as servers:
        clients = [
            FaultClient(i, users[i], cookies[i], conversations[i // 2], servers) for i in range(CLIENTS)
        ]
        async with asyncio.timeout(OVERALL_TIMEOUT):
            runs = [asyncio.create_task(c.run()) for c in clients]
            progress = asyncio.create_task(report_progress(clients, started))
            try:
                settled = await faults(redis, servers, clients, fault_log) + SETTLE_SECONDS
                while not all(c.done_sending for c in clients):
                    await asyncio.sleep(0.1)
                    for run in runs:
                        if run.done():
                            run.result()  # a client that crashed fails the test here
                sent_after_settling = {
                    message_id: client.index
                    for client in clients
                    for message_id, acked_at in client.ack_times.items()
                    if acked_at > settled
                }
                # Give the last live events time to arrive before anyone syncs.
                deadline = time.monotonic() + LIVE_GRACE_SECONDS
                while time.monotonic() < deadline and any(
                    missing_live(c, sent_after_settling) for c in clients
                ):
                    await asyncio.sleep(0.2)
                for client in clients:
                    client.finish.set()
                await asyncio.gather(*runs)
            finally:
                progress.cancel()
                for run in runs:
                    run.cancel()
                await asyncio.gather(*runs, return_exceptions=True)
        logs = {s.name: s.log.read_text(errors="replace") for s in servers}
    elapsed = time.monotonic() - started

    stored = await sync_to_async(stored_messages)(conversations)
    user_index = {user.pk: i for i, user in enumerate(users)}
    sent = CLIENTS * MESSAGES_PER_CLIENT
    stored_bodies = Counter(body for rows in stored.values() for _pk, _author, body in rows)
    expected_bodies = {body_of(i, n) for i in range(CLIENTS) for n in range(MESSAGES_PER_CLIENT)}
    lost_in_db = len(expected_bodies - set(stored_bodies))
    duplicated_in_db = sum(count - 1 for count in stored_bodies.values() if count > 1)
    out_of_order_in_db = 0
    for rows in stored.values():
        for author_id in {author for _pk, author, _body in rows}:
            index = user_index[author_id]
            bodies = [body for _pk, author, body in rows if author == author_id]
            if bodies != [body_of(index, n) for n in range(MESSAGES_PER_CLIENT)]:
                out_of_order_in_db += 1

    received = lost = duplicated = out_of_order = overlaps = late_not_live = 0
    for client in clients:
        ids = [pk for pk, _author, _body in stored[client.conversation_id]]
        view = client.received
        received += len(view.log)
        lost += len(set(ids) - set(view.log))
        duplicated += view.duplicates + (len(view.log) - len(set(view.log)))
        overlaps += view.overlaps
        if view.log != [pk for pk in ids if pk in set(view.log)]:
            out_of_order += 1
        late_not_live += len(missing_live(client, sent_after_settling))
    expected_received = sum(len(stored[c.conversation_id]) for c in clients)
    figures = (
        f"sent={sent} stored={sum(stored_bodies.values())} received={received}/{expected_received} "
        f"lost={lost + lost_in_db} duplicated={duplicated + duplicated_in_db} "
        f"out_of_order={out_of_order + out_of_order_in_db} elapsed={elapsed:.1f}s | "
        f"lost_in_db={lost_in_db} duplicated_in_db={duplicated_in_db} "
        f"reconnects={sum(c.reconnects for c in clients)} resends={sum(c.resends for c in clients)} "
        f"duplicate_acks={sum(c.duplicate_acks for c in clients)} "
        f"errors={dict(sum((c.errors for c in clients), Counter()))} overlaps={overlaps} "
        f"sent_after_faults={len(sent_after_settling)} not_live_after_faults={late_not_live} "
        f"gap_syncs={sum(c.gap_syncs for c in clients)}"
    )
    print("\nfault test:", figures)
    print("faults:\n  " + "\n  ".join(fault_log))
    failures = [f for c in clients for f in c.failures]
    server_errors = {
        name: Counter(line for line in text.splitlines() if line and not line.startswith((" ", "Traceback")))
        for name, text in logs.items()
    }
    for name, lines in server_errors.items():
        print(f"{name} log:", sum(text.count("Traceback") for text in [logs[name]]), "tracebacks")
        for line, count in lines.most_common(12):
            print(f"  {count:5d}  {line[:200]}")
    assert not failures, failures[:10]
    assert lost == lost_in_db == 0, figures
    assert duplicated == duplicated_in_db == 0, figures
    assert out_of_order == out_of_order_in_db == 0, figures
    assert received == expected_received == 2 * sent, figures
    assert len(sent_after_settling) > 0, figures
    assert late_not_live == 0, f"{figures}\n{server_errors}"


def missing_live(client: FaultClient, sent_after_settling: dict[int, int]) -> set[int]:
    """Messages of this conversation sent after the faults that this client has not had live."""
    partner = client.index ^ 1
    return {
        pk
        for pk, author in sent_after_settling.items()
        if author in (client.index, partner) and pk not in client.received.live
    }
