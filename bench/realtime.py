"""Real-time figures of one daphne process, each beside a bare Channels consumer measured in the same run.

    rate     the highest message rate into a 50-member group conversation with every message stored,
             0 deliveries lost and send->delivered p99 <= 100 ms (in-memory layer); ratio Minga/bare
    network  a 1,000-member network conversation on the Redis pub/sub layer (a private redis-server):
             5 and 10 messages/s, 0 lost, p99 <= 250 ms
    idle     idle signed-in sockets held by one daphne and its resident memory per socket
             (target >= 10,000 sockets at <= 40 KB each)

Run alone with `make bench-realtime` (all three) or `python bench/realtime.py rate|network|idle`. The
database is a fresh SQLite file in a temporary directory, migrated here, or, when DATABASE_URL names a
PostgreSQL server, a database minga_bench_rt created and dropped on it. Everything listens on
127.0.0.1; clients are separate processes using the `websockets` client, on the same cores as the
server. Every child process is stopped at the end. The baseline is bench/bare_asgi.py.
"""

import argparse
import asyncio
import itertools
import json
import math
import multiprocessing
import os
import resource
import shutil
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "minga_bench_rt"
BARE_APPLICATION = "bench.bare_asgi:application"
# Minga's flood guard drops frames past 60 in 10 s on one socket: a sending socket sends at most 5/s.
SENDS_PER_SOCKET_PER_SECOND = 5
RATE_STEPS = [20, 40, 60, 80, 100, 120, 150, 200, 250]
NETWORK_STEPS = [5, 10]
REPLY_TIMEOUT = 900.0
STEP_IDS = itertools.count(1)


def percentile(values: list[float], share: float) -> float:
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# Client processes: each holds a share of the sockets, sends on schedule and records what arrives.


class ClientWorker:
    def __init__(self, url: str, origin: str, wait_hello: bool) -> None:
        self.url, self.origin, self.wait_hello = url, origin, wait_hello
        self.sockets: dict[int, Any] = {}
        self.readers: list[asyncio.Task[None]] = []
        self.received: dict[int, dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
        self.latencies: dict[int, list[float]] = defaultdict(list)
        self.acks: Counter[int] = Counter()
        self.errors: dict[int, Counter[str]] = defaultdict(Counter)
        self.pending: dict[str, int] = {}
        self.closed = 0

    async def read(self, index: int, connection: Any) -> None:
        import websockets

        try:
            async for text in connection:
                now = time.monotonic()
                event = json.loads(text)
                kind = event.get("type")
                if kind == "message.new":
                    body = event["message"]["body"]
                    if body.startswith("bench "):
                        step, seq, sent = body[6:].split(":")
                        seen = self.received[int(step)][index]
                        if int(seq) not in seen:
                            seen.add(int(seq))
                            self.latencies[int(step)].append((now - float(sent)) * 1000)
                elif kind == "message.ack":
                    step_of = self.pending.pop(event.get("client_id"), None)
                    if step_of is not None and not event.get("duplicate"):
                        self.acks[step_of] += 1
                elif kind == "error":
                    step_of = self.pending.get(event.get("client_id"), -1)
                    self.errors[step_of][event.get("code", "?")] += 1
        except websockets.ConnectionClosed:
            pass
        finally:
            self.closed += 1

    async def open_one(self, index: int, cookie: str | None, gate: asyncio.Semaphore) -> str | None:
        import websockets

        async with gate:
            try:
                connection = await websockets.connect(
                    self.url,
                    origin=self.origin,  # type: ignore[arg-type]
                    additional_headers={"Cookie": cookie} if cookie else None,
                    open_timeout=60,
                    ping_interval=None,  # idle means idle: daphne's own pings (every 20 s) are answered
                    compression=None,
                    close_timeout=2,
                    max_queue=64,
                )
                if self.wait_hello:
                    hello = json.loads(await asyncio.wait_for(connection.recv(), 60))
                    if hello.get("type") != "hello":
                        await connection.close()
                        return f"first frame {hello.get('type')}"
            except Exception as exc:  # noqa: BLE001 - counted and reported
                return type(exc).__name__
        self.sockets[index] = connection
        self.readers.append(asyncio.get_running_loop().create_task(self.read(index, connection)))
        return None

    async def connect(self, cookies: dict[int, str | None], concurrency: int) -> dict[str, Any]:
        """Open the sockets, `concurrency` handshakes at a time; those refused are tried once more
        (daphne drops a handshake the application has not accepted within 5 s)."""
        gate = asyncio.Semaphore(concurrency)
        started = time.monotonic()
        results = await asyncio.gather(*(self.open_one(i, c, gate) for i, c in cookies.items()))
        retry = [i for i, result in zip(cookies, results, strict=True) if result is not None]
        final = await asyncio.gather(*(self.open_one(i, cookies[i], gate) for i in retry))
        return {
            "opened": len(cookies) - sum(r is not None for r in final),
            "retried": len(retry),
            "failed": dict(Counter(r for r in final if r is not None)),
            "seconds": time.monotonic() - started,
        }

    async def close_some(self, indices: list[int]) -> None:
        await asyncio.gather(*(self.sockets.pop(i).close() for i in indices if i in self.sockets))

    def count_open(self) -> int:
        from websockets.protocol import State

        return sum(c.state is State.OPEN for c in self.sockets.values())

    async def step(
        self,
        step: int,
        rate: float,
        duration: float,
        start_at: float,
        senders: int,
        conversation: int,
        drain: float,
    ) -> dict[str, Any]:
        total = int(rate * duration)
        mine = [(seq, seq % senders) for seq in range(total) if seq % senders in self.sockets]
        sent: list[int] = []
        lateness: list[float] = []
        cpu_before = time.process_time()
        for seq, index in mine:
            due = start_at + seq / rate
            delay = due - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            now = time.monotonic()
            lateness.append((now - due) * 1000)
            client_id = str(uuid.uuid4())
            self.pending[client_id] = step
            frame = {
                "type": "message.send",
                "conversation": conversation,
                "client_id": client_id,
                "body": f"bench {step}:{seq}:{now:.6f}",
            }
            with suppress(Exception):
                await self.sockets[index].send(json.dumps(frame))
                sent.append(seq)
        await asyncio.sleep(max(0.0, start_at + duration + drain - time.monotonic()))
        wall = time.monotonic() - start_at
        received = self.received.pop(step, {})
        return {
            "sent": sent,
            "received": {index: received.get(index, set()) for index in self.sockets},
            "latencies": self.latencies.pop(step, []),
            "acks": self.acks.pop(step, 0),
            "errors": dict(self.errors.pop(step, Counter())),
            "late_p99": percentile(lateness, 0.99) if lateness else 0.0,
            "cpu": (time.process_time() - cpu_before) / wall if wall > 0 else 0.0,
        }


def client_main(conn: Any, url: str, origin: str, wait_hello: bool) -> None:
    """Entry point of a client process: obey commands from the pipe until "exit"."""

    async def serve() -> None:
        worker = ClientWorker(url, origin, wait_hello)
        loop = asyncio.get_running_loop()
        while True:
            command, args = await loop.run_in_executor(None, conn.recv)
            if command == "exit":
                break
            if command == "connect":
                reply: Any = await worker.connect(*args)
            elif command == "close_some":
                await worker.close_some(*args)
                reply = None
            elif command == "count_open":
                reply = worker.count_open()
            elif command == "step":
                reply = await worker.step(*args)
            else:
                reply = f"unknown command {command}"
            conn.send(reply)
        for task in worker.readers:
            task.cancel()

    asyncio.run(serve())


class Clients:
    """A few client processes; socket i lives in process i % count."""

    def __init__(self, count: int, url: str, origin: str, *, wait_hello: bool) -> None:
        context = multiprocessing.get_context("spawn")
        self.pipes: list[Any] = []
        self.processes: list[Any] = []
        for _ in range(count):
            ours, theirs = context.Pipe()
            process = context.Process(target=client_main, args=(theirs, url, origin, wait_hello), daemon=True)
            process.start()
            self.pipes.append(ours)
            self.processes.append(process)

    def ask(self, command: str, per_worker_args: list[tuple[Any, ...]]) -> list[Any]:
        for pipe, args in zip(self.pipes, per_worker_args, strict=True):
            pipe.send((command, args))
        replies = []
        for pipe in self.pipes:
            if not pipe.poll(REPLY_TIMEOUT):
                raise RuntimeError(
                    f"a client process did not answer {command!r} within {REPLY_TIMEOUT:.0f} s"
                )
            replies.append(pipe.recv())
        return replies

    def share(self, indices: list[int]) -> list[list[int]]:
        return [[i for i in indices if i % len(self.pipes) == w] for w in range(len(self.pipes))]

    def connect(self, cookies: list[str | None], concurrency: int, first: int = 0) -> dict[str, Any]:
        indices = list(range(first, first + len(cookies)))
        args = [({i: cookies[i - first] for i in part}, concurrency) for part in self.share(indices)]
        replies = self.ask("connect", args)
        failed: Counter[str] = Counter()
        for reply in replies:
            failed.update(reply["failed"])
        return {
            "opened": sum(r["opened"] for r in replies),
            "retried": sum(r["retried"] for r in replies),
            "failed": dict(failed),
            "seconds": max(r["seconds"] for r in replies),
        }

    def close_some(self, indices: list[int]) -> None:
        self.ask("close_some", [(part,) for part in self.share(indices)])

    def count_open(self) -> int:
        return sum(self.ask("count_open", [()] * len(self.pipes)))

    def step(
        self, step: int, rate: float, duration: float, senders: int, conversation: int, drain: float
    ) -> dict[str, Any]:
        start_at = time.monotonic() + 1.0
        args = (step, rate, duration, start_at, senders, conversation, drain)
        replies = self.ask("step", [args] * len(self.pipes))
        sent = sorted(seq for r in replies for seq in r["sent"])
        wanted = set(sent)
        latencies = [ms for r in replies for ms in r["latencies"]]
        sockets = [seqs for r in replies for seqs in r["received"].values()]
        errors: Counter[str] = Counter()
        for r in replies:
            errors.update(r["errors"])
        return {
            "planned": int(rate * duration),
            "sent": len(sent),
            "acks": sum(r["acks"] for r in replies),
            "lost": sum(len(wanted - seqs) for seqs in sockets),
            "deliveries": len(latencies),
            "sockets": len(sockets),
            "p50": percentile(latencies, 0.50),
            "p99": percentile(latencies, 0.99),
            "errors": dict(errors),
            "late_p99": max(r["late_p99"] for r in replies),
            "client_cpu": [round(r["cpu"] * 100) for r in replies],
        }

    def stop(self) -> None:
        for pipe in self.pipes:
            with suppress(Exception):
                pipe.send(("exit", ()))
        for process in self.processes:
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
                process.join(timeout=5)


@contextmanager
def clients(count: int, url: str, origin: str, *, wait_hello: bool) -> Iterator[Clients]:
    group = Clients(count, url, origin, wait_hello=wait_hello)
    try:
        yield group
    finally:
        group.stop()


# The database: fixtures and sessions, made in this process with Django on the bench database.


def make_members(prefix: str, count: int) -> list[Any]:
    from django.contrib.auth.hashers import make_password

    from community.accounts.models import User

    users = [
        User(
            email=f"{prefix}{n}@bench.invalid",
            display_name=f"Bench {prefix} {n}",
            password=make_password(None),
            email_verified=True,
        )
        for n in range(count)
    ]
    User.objects.bulk_create(users, batch_size=500)
    return list(
        User.objects.filter(email__startswith=prefix, email__endswith="@bench.invalid").order_by("pk")
    )


def session_cookies(users: list[Any]) -> list[str | None]:
    """A signed-in session per member, written straight to the session table, as a Cookie header."""
    from datetime import timedelta

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    store = SessionStore()
    expires = timezone.now() + timedelta(days=1)
    rows, cookies = [], []
    for user in users:
        key = get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789")
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
        rows.append(Session(session_key=key, session_data=store.encode(data), expire_date=expires))
        cookies.append(f"{settings.SESSION_COOKIE_NAME}={key}")
    Session.objects.bulk_create(rows, batch_size=500)
    return list(cookies)


def close_db() -> None:
    from django.db import connections

    connections.close_all()


# Servers.


def minga_env(**extra: str) -> dict[str, str]:
    return {"MESSAGING_SEND_RATE": "1000000/10s", "LOG_LEVEL": "WARNING", **extra}


@contextmanager
def server(kind: str, env: dict[str, str]) -> Iterator[Any]:
    from tests.servers import Daphne

    application = BARE_APPLICATION if kind == "bare" else "config.asgi:application"
    daphne = Daphne(env=env, name=f"bench-{kind}", application=application)
    try:
        yield daphne.start()
    finally:
        daphne.stop(kill=True)
        with suppress(OSError):
            daphne.log.unlink()


def stored(conversation_id: int, step: int) -> int:
    from messaging.models import Message

    return Message.objects.filter(conversation_id=conversation_id, body__startswith=f"bench {step}:").count()


def ramp(
    kind: str,
    group: Clients,
    daphne: Any,
    rates: list[int],
    *,
    duration: float,
    drain: float,
    conversation: int,
    receivers: int,
    p99_limit: float,
    attempts: int,
) -> list[tuple[int, bool, float]]:
    """Run rate steps until one fails; return (rate, passed, p99 ms) of each step run. The machine is
    shared: a step that fails is run again, up to `attempts` times in all, and every attempt is printed."""
    steps: list[tuple[int, bool, float]] = []
    for rate in rates:
        senders = min(receivers, max(1, math.ceil(rate / SENDS_PER_SOCKET_PER_SECOND)))
        for attempt in range(1, attempts + 1):
            step = next(STEP_IDS)
            load = os.getloadavg()[0]
            cpu_before, wall_before = cpu_seconds(daphne.process.pid), time.monotonic()
            result = group.step(step, rate, duration, senders, conversation, drain)
            server_cpu = (cpu_seconds(daphne.process.pid) - cpu_before) / (time.monotonic() - wall_before)
            persisted = stored(conversation, step) if kind == "minga" else result["sent"]
            ok = (
                result["sent"] == result["planned"]
                and result["lost"] == 0
                and result["p99"] <= p99_limit
                and persisted == result["sent"]
                and (kind == "bare" or result["acks"] == result["sent"])
                and not result["errors"]
            )
            stored_text = f"stored {persisted:>5}" if kind == "minga" else "stored     -"
            print(
                f"  {kind:<6}{rate:>5} msg/s  #{attempt}  load {load:>4.1f}  senders {senders:>2}  "
                f"sent {result['sent']:>5}  {stored_text}  "
                f"lost {result['lost']:>6}/{result['sent'] * result['sockets']:<7} "
                f"p50 {result['p50']:>7.1f} ms  p99 {result['p99']:>7.1f} ms  "
                f"cpu: server {server_cpu * 100:>3.0f}% clients {result['client_cpu']}%"
                + (f"  errors {result['errors']}" if result["errors"] else "")
                + ("  CLIENT LATE (send schedule slipped)" if result["late_p99"] > 20 else "")
                + ("  ok" if ok else "  FAIL"),
                flush=True,
            )
            time.sleep(1)
            if ok:
                break
        steps.append((rate, ok, result["p99"]))
        if not ok:
            break
    return steps


def highest_passed(steps: list[tuple[int, bool, float]]) -> int:
    return max((rate for rate, ok, _p99 in steps if ok), default=0)


# Figure 1: rate into a 50-member conversation, in-memory layer.


def figure_rate(args: argparse.Namespace, run: int) -> None:
    from messaging import services

    members = make_members(f"rate{run}-", 50)
    conversation = services.group_create(creator=members[0], title="Bench", members=members[1:])
    cookies = session_cookies(members)
    close_db()
    rates = [r for r in RATE_STEPS if r <= args.max_rate]
    print(
        f"[rate] 50-member group conversation, in-memory layer, {args.duration:.0f} s per step, "
        f"{args.drain:.0f} s drain; senders are the first rate/{SENDS_PER_SOCKET_PER_SECOND} of the 50 "
        "member sockets (Minga's flood guard: 60 frames per 10 s per socket); pass = all sent and stored, "
        "0 lost, p99 <= 100 ms",
        flush=True,
    )
    from django.conf import settings

    default_interval = f"{sys.getswitchinterval():g} (CPython's default)"
    bare_interval = os.environ.get("GIL_SWITCH_INTERVAL") or default_interval
    print(
        f"[rate] thread switch interval: Minga {settings.GIL_SWITCH_INTERVAL:g} s (GIL_SWITCH_INTERVAL), "
        f"bare {bare_interval} s",
        flush=True,
    )
    best: dict[str, int] = {}
    for kind in ("minga", "bare"):
        env = minga_env() if kind == "minga" else {}
        with (
            server(kind, env) as daphne,
            clients(args.clients, daphne.ws_url, daphne.url, wait_hello=kind == "minga") as group,
        ):
            opened = group.connect(list(cookies) if kind == "minga" else [None] * 50, concurrency=10)
            if opened["opened"] != 50:
                raise RuntimeError(
                    f"{kind}: only {opened['opened']} of 50 sockets opened: {opened['failed']}"
                )
            time.sleep(1.5)  # presence announcements of the connects settle
            steps = ramp(
                kind,
                group,
                daphne,
                rates,
                duration=args.duration,
                drain=args.drain,
                conversation=conversation.pk,
                receivers=50,
                p99_limit=100,
                attempts=args.attempts,
            )
            best[kind] = highest_passed(steps)
    # When the baseline passed no step, a Minga that passed one is ahead (inf), one that did not is nan.
    ratio = best["minga"] / best["bare"] if best["bare"] else (math.inf if best["minga"] else math.nan)
    print(
        f"[rate] highest sustained rate, 50 members, 0 lost, p99 <= 100 ms: Minga {best['minga']} msg/s, "
        f"bare {best['bare']} msg/s; ratio Minga/bare {ratio:.2f} (target >= 1.0: "
        f"{'met' if ratio >= 1.0 else 'not met'})",
        flush=True,
    )


# Figure 2: a 1,000-member network conversation on the Redis pub/sub layer.


def figure_network(args: argparse.Namespace, run: int) -> None:
    from messaging import services
    from networks.models import Network, NetworkMembership
    from tests.servers import PrivateRedis

    size = args.network_members
    members = make_members(f"net{run}-", size)
    network = Network.objects.create(name=f"Red bench {run}", slug=f"red-bench-{run}")
    NetworkMembership.objects.bulk_create(
        [NetworkMembership(network=network, user=m) for m in members], batch_size=500
    )
    conversation = services.network_conversation_ensure(network=network)
    cookies = session_cookies(members)
    close_db()
    print(
        f"[network] {size}-member network conversation, Redis pub/sub layer (private redis-server), "
        f"{args.network_duration:.0f} s per rate, {args.drain:.0f} s drain; pass = all stored, 0 lost, "
        "p99 <= 250 ms",
        flush=True,
    )
    print(
        "[network] garbage collection: Minga freezes its start-up objects (config/asgi.py); bare does not",
        flush=True,
    )
    summary: dict[str, dict[int, tuple[bool, float]]] = {}
    with PrivateRedis() as redis:
        for kind in ("minga", "bare"):
            env = {**minga_env(), "REDIS_URL": redis.url} if kind == "minga" else {"REDIS_URL": redis.url}
            with (
                server(kind, env) as daphne,
                clients(args.clients, daphne.ws_url, daphne.url, wait_hello=kind == "minga") as group,
            ):
                opened = group.connect(list(cookies) if kind == "minga" else [None] * size, concurrency=20)
                print(
                    f"  {kind:<6}{opened['opened']} sockets open in {opened['seconds']:.1f} s"
                    + (f", failed {opened['failed']}" if opened["failed"] else ""),
                    flush=True,
                )
                if opened["opened"] != size:
                    raise RuntimeError(f"{kind}: only {opened['opened']} of {size} sockets opened")
                time.sleep(2)
                summary[kind] = {}
                for rate in NETWORK_STEPS:
                    # Each rate is run even if the one before failed: both are reported.
                    [(_rate, ok, p99)] = ramp(
                        kind,
                        group,
                        daphne,
                        [rate],
                        duration=args.network_duration,
                        drain=args.drain,
                        conversation=conversation.pk,
                        receivers=size,
                        p99_limit=250,
                        attempts=args.attempts,
                    )
                    summary[kind][rate] = (ok, p99)
    for rate in NETWORK_STEPS:
        (minga_ok, minga_p99), (bare_ok, bare_p99) = summary["minga"][rate], summary["bare"][rate]
        print(
            f"[network] {rate} msg/s to {size} members: Minga p99 {minga_p99:.1f} ms "
            f"({'pass' if minga_ok else 'fail'}), bare p99 {bare_p99:.1f} ms "
            f"({'pass' if bare_ok else 'fail'}); "
            f"ratio bare/Minga p99 {bare_p99 / minga_p99:.2f}"
        )
    print(
        f"[network] target (0 lost, p99 <= 250 ms at {NETWORK_STEPS[0]} msg/s): "
        f"{'met' if summary['minga'][NETWORK_STEPS[0]][0] else 'not met'}",
        flush=True,
    )


# Figure 3: idle signed-in sockets and resident memory per socket.


def hold_sockets(kind: str, args: argparse.Namespace, cookies: list[str | None]) -> tuple[int, float, float]:
    count = len(cookies)
    env = minga_env() if kind == "minga" else {}
    with (
        server(kind, env) as daphne,
        clients(args.idle_clients, daphne.ws_url, daphne.url, wait_hello=kind == "minga") as group,
    ):
        warm = group.connect(cookies[:20], concurrency=5, first=count)
        group.close_some(list(range(count, count + warm["opened"])))
        time.sleep(2)
        before = daphne.rss_kib()
        opened = group.connect(cookies, concurrency=args.connect_concurrency)
        time.sleep(5)
        after = daphne.rss_kib()
        time.sleep(args.hold)
        still_open = group.count_open()
        settled = daphne.rss_kib()
        per_socket = (after - before) * 1024 / max(1, opened["opened"]) / 1000
        print(
            f"  {kind:<6}{opened['opened']:>6} of {count} sockets opened in {opened['seconds']:.0f} s"
            + (f" ({opened['retried']} tried twice)" if opened["retried"] else "")
            + (f" (failed {opened['failed']})" if opened["failed"] else "")
            + f"; {still_open} still open after {args.hold:.0f} s idle; daphne RSS "
            f"{before / 1024:.0f} MiB -> {after / 1024:.0f} MiB ({settled / 1024:.0f} MiB after the hold): "
            f"{per_socket:.1f} KB per socket",
            flush=True,
        )
        return still_open, per_socket, opened["seconds"]


def figure_idle(args: argparse.Namespace, run: int) -> None:
    count = args.sockets
    members = make_members(f"idle{run}-", count)
    cookies = session_cookies(members)
    close_db()
    print(
        f"[idle] {count} idle sockets on one daphne (in-memory layer), {args.idle_clients} client processes; "
        "memory = daphne RSS delta / sockets (KB = 1,000 bytes), measured 5 s after the last connect",
        flush=True,
    )
    results = {
        kind: hold_sockets(kind, args, cookies if kind == "minga" else [None] * count)
        for kind in ("minga", "bare")
    }
    (minga_open, minga_kb, _), (bare_open, bare_kb, _) = results["minga"], results["bare"]
    met = minga_open >= 10_000 and minga_kb <= 40
    print(
        f"[idle] sockets held: Minga {minga_open}, bare {bare_open}; memory per socket: "
        f"Minga {minga_kb:.1f} KB, bare {bare_kb:.1f} KB; ratio bare/Minga {bare_kb / minga_kb:.2f} "
        f"(target >= 10,000 sockets at <= 40 KB: {'met' if met else 'not met'})",
        flush=True,
    )


# Setup and teardown of the bench database.


@contextmanager
def bench_database() -> Iterator[str]:
    url = os.environ.get("DATABASE_URL", "")
    temp = Path(tempfile.mkdtemp(prefix="minga-bench-rt-"))
    admin_url = ""
    try:
        if url.startswith(("postgres://", "postgresql://")):
            import psycopg

            parsed = urlparse(url)
            admin_url = parsed._replace(path="/postgres").geturl()
            with psycopg.connect(admin_url, autocommit=True) as admin:
                admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
                admin.execute(f"CREATE DATABASE {BENCH_DB}")
            os.environ["DATABASE_URL"] = parsed._replace(path=f"/{BENCH_DB}").geturl()
            described = f"PostgreSQL database {BENCH_DB} on {parsed.hostname}:{parsed.port or 5432}"
        else:
            os.environ["DATABASE_URL"] = f"sqlite:///{temp / 'bench.sqlite3'}"
            described = f"SQLite file in a temporary directory ({temp})"
        os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
        os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
        os.environ["MEDIA_ROOT"] = str(temp / "media")
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        close_db()
        yield described
    finally:
        with suppress(Exception):
            close_db()
        if admin_url:
            import psycopg

            with psycopg.connect(admin_url, autocommit=True) as admin:
                admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
        shutil.rmtree(temp, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("figures", nargs="*", help="rate, network, idle (default: all three)")
    parser.add_argument("--runs", type=int, default=1, help="repeat each figure (the machine is noisy)")
    parser.add_argument("--clients", type=int, default=2, help="client processes for rate and network")
    parser.add_argument("--idle-clients", type=int, default=4, help="client processes for idle")
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per rate step")
    parser.add_argument(
        "--drain", type=float, default=3.0, help="seconds to wait for deliveries after a step"
    )
    parser.add_argument("--attempts", type=int, default=2, help="runs of a step before it counts as failed")
    parser.add_argument("--max-rate", type=int, default=RATE_STEPS[-1])
    parser.add_argument("--network-members", type=int, default=1000)
    parser.add_argument("--network-duration", type=float, default=10.0)
    parser.add_argument("--sockets", type=int, default=10_000, help="idle sockets to hold")
    parser.add_argument(
        "--connect-concurrency", type=int, default=6, help="handshakes in flight per client process (idle)"
    )
    parser.add_argument("--hold", type=float, default=10.0, help="seconds the idle sockets are held")
    args = parser.parse_args()
    figures = args.figures or ["rate", "network", "idle"]
    if set(figures) - {"rate", "network", "idle"}:
        parser.error("figures are rate, network and idle")

    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    os.environ.pop("REDIS_URL", None)  # only the network figure uses Redis, its own private one
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    with bench_database() as described:
        print(
            f"bench/realtime.py on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: "
            f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}; client processes and daphne "
            f"share the cores; open-file limit {hard}",
        )
        print(f"database: {described}", flush=True)
        for run in range(1, args.runs + 1):
            for figure in figures:
                {"rate": figure_rate, "network": figure_network, "idle": figure_idle}[figure](args, run)
    return 0


if __name__ == "__main__":
    sys.exit(main())
