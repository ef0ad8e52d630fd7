"""Hostile clients against /ws/ on a real daphne (tests/servers.py): every bad frame is answered with
the error event docs/realtime.md lists, the socket survives (or closes with the documented code), and
the server never logs a traceback. Random frames come from hypothesis, a bounded number per run."""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import ClientConnection, connect

from messaging import services
from tests.factories import MembershipFactory
from tests.messaging.socket_helpers import session_cookie_sync

pytestmark = pytest.mark.django_db(transaction=True)

# docs/realtime.md, "Errors" and the event table.
ERROR_CODES = {
    "too_large",
    "bad_json",
    "bad_frame",
    "unknown_type",
    "invalid",
    "not_found",
    "forbidden",
    "rate_limited",
    "flood",
    "too_many_topics",
}
EVENT_TYPES = {
    "hello",
    "pong",
    "message.new",
    "message.ack",
    "message.edited",
    "message.deleted",
    "message.reacted",
    "typing",
    "read",
    "presence",
    "conversation.added",
    "conversation.removed",
    "conversation.blocked",
    "notification.new",
    "notification.count",
    "topic.opened",
    "sync.done",
    "error",
}
COMMANDS = ["ping", "message.send", "sync", "typing", "read", "presence", "topic.open", "topic.close"]
FIELDS = ["conversation", "body", "client_id", "reply_to", "message", "topic", "status", "conversations"]
HUGE = 10**30


@pytest.fixture
def people(organisation, member):
    colleague = MembershipFactory(organisation=organisation).user
    conversation = services.direct_open(user=member, other=colleague)
    return {"cookie": session_cookie_sync(member).decode(), "conversation": conversation.pk}


@contextmanager
def socket(server, cookie: str | None, origin: str | None = None) -> Iterator[ClientConnection]:
    headers = {"Cookie": cookie} if cookie else {}
    with connect(
        server.ws_url,
        origin=origin or server.url,  # type: ignore[arg-type]
        additional_headers=headers,
        open_timeout=20,
        close_timeout=5,
        max_size=None,
    ) as connection:
        yield connection


def receive(connection: ClientConnection, timeout: float = 10) -> dict[str, Any]:
    event = json.loads(connection.recv(timeout=timeout))
    assert isinstance(event, dict) and event.get("type") in EVENT_TYPES, event
    return event


def signed_in(connection: ClientConnection) -> ClientConnection:
    assert receive(connection)["type"] == "hello"
    return connection


def answers_until_pong(connection: ClientConnection, *, binary: bool = False) -> list[dict[str, Any]]:
    """Every event up to the pong of a ping sent now (as a binary frame if asked): proof the socket
    still carries frames. Other events (presence of the member's other sockets) may come first."""
    ping = json.dumps({"type": "ping"})
    connection.send(ping.encode() if binary else ping)
    events = []
    while (event := receive(connection, timeout=20))["type"] != "pong":
        events.append(event)
    return events


def errors_of(events: list[dict[str, Any]]) -> list[str]:
    return [event["code"] for event in events if event["type"] == "error"]


def assert_no_traceback(server) -> None:
    log = server.log.read_text(errors="replace")
    assert "Traceback" not in log, log[-4000:]


def test_socket_from_another_origin_is_refused_with_403(daphne_server, people):
    with (
        pytest.raises(InvalidStatus) as refused,
        socket(daphne_server, people["cookie"], origin="https://evil.example"),
    ):
        pass
    assert refused.value.response.status_code == 403


def test_anonymous_socket_is_closed_with_4401_and_gets_no_event(daphne_server):
    with socket(daphne_server, None) as connection, pytest.raises(ConnectionClosed) as closed:
        event = connection.recv(timeout=10)
        pytest.fail(f"an anonymous socket got an event: {event}")
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4401
    assert_no_traceback(daphne_server)


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        ("x" * (64 * 1024 + 1), "too_large"),
        (json.dumps({"type": "ping", "pad": "x" * 70_000}), "too_large"),
        ("{not json", "bad_json"),
        ("[" * 60_000 + "]" * 60_000, "too_large"),
        ("[" * 20_000 + "]" * 20_000, "bad_json"),  # nested past Python's recursion limit
        ("NaN", "bad_frame"),
        ("[]", "bad_frame"),
        ('"ping"', "bad_frame"),
        ("17", "bad_frame"),
        ("null", "bad_frame"),
        ('{"type": 7}', "bad_frame"),
        ('{"no": "type"}', "bad_frame"),
        ('{"type": "drop.tables"}', "unknown_type"),
        ('{"type": "' + "x" * 5000 + '"}', "unknown_type"),
        ('{"type": "typing", "conversation": "1"}', "invalid"),
        ('{"type": "typing", "conversation": true}', "invalid"),
        ('{"type": "typing", "conversation": 1.5}', "invalid"),
        (f'{{"type": "typing", "conversation": {HUGE}}}', "invalid"),
        ('{"type": "typing", "conversation": {"id": {"id": 1}}}', "invalid"),
        ('{"type": "read", "conversation": CONV, "message": [1]}', "invalid"),
        (f'{{"type": "read", "conversation": CONV, "message": {HUGE}}}', "invalid"),
        (f'{{"type": "read", "conversation": CONV, "message": -{HUGE}}}', "invalid"),
        ('{"type": "message.send", "conversation": CONV, "client_id": "c1", "body": ["a"]}', "invalid"),
        ('{"type": "message.send", "conversation": CONV, "client_id": {"a": 1}, "body": "a"}', "invalid"),
        ('{"type": "message.send", "conversation": CONV, "client_id": "not-a-uuid", "body": "a"}', "invalid"),
        (
            '{"type": "message.send", "conversation": CONV, "client_id": "c", "body": "a", '
            f'"reply_to": {HUGE}}}',
            "invalid",
        ),
        (f'{{"type": "message.send", "conversation": {HUGE}, "client_id": "c", "body": "a"}}', "invalid"),
        ('{"type": "sync", "conversations": [1, 2]}', "invalid"),
        ('{"type": "sync", "conversations": {"CONV": 1e400}}', "invalid"),
        ('{"type": "sync", "conversations": {"CONV": -1e400}}', "invalid"),
        (f'{{"type": "sync", "conversations": {{"{HUGE}": 0}}}}', "invalid"),
        (f'{{"type": "sync", "conversations": {{"CONV": {HUGE}}}}}', "invalid"),
        ('{"type": "sync", "conversations": {"CONV": "1" }}', None),  # a numeric string is a valid id
        ('{"type": "sync", "conversations": {"CONV": {"a": 1}}}', "invalid"),
        ('{"type": "presence", "status": ["online"]}', "invalid"),
        ('{"type": "presence", "status": {"a": 1}}', "invalid"),
        ('{"type": "topic.open", "topic": "1"}', "invalid"),
        (f'{{"type": "topic.open", "topic": {HUGE}}}', "invalid"),
        (f'{{"type": "topic.open", "topic": -{HUGE}}}', "invalid"),
        ('{"type": "topic.close", "topic": [1]}', None),
        (f'{{"type": "topic.close", "topic": {HUGE}}}', None),
    ],
)
def test_bad_frame_gets_its_documented_error_and_the_socket_survives(daphne_server, people, frame, code):
    frame = frame.replace("CONV", str(people["conversation"]))
    with socket(daphne_server, people["cookie"]) as connection:
        signed_in(connection)
        connection.send(frame)
        errors = errors_of(answers_until_pong(connection))
    assert errors == ([code] if code else []), frame[:200]
    assert_no_traceback(daphne_server)


def test_binary_frames_are_read_as_text_and_answered(daphne_server, people):
    with socket(daphne_server, people["cookie"]) as connection:
        signed_in(connection)
        connection.send(b"\xff\xfe\x00garbage")
        assert errors_of(answers_until_pong(connection)) == ["bad_json"]
        assert errors_of(answers_until_pong(connection, binary=True)) == []
        connection.send(b"\x00" * (64 * 1024 + 1))
        assert errors_of(answers_until_pong(connection)) == ["too_large"]
    assert_no_traceback(daphne_server)


def test_a_flood_is_warned_once_then_closed_with_4429(daphne_server, people):
    with socket(daphne_server, people["cookie"]) as connection:
        signed_in(connection)
        for _ in range(260):
            try:
                connection.send(json.dumps({"type": "typing", "conversation": "x"}))
            except ConnectionClosed:
                break
        codes: list[str] = []
        with pytest.raises(ConnectionClosed) as closed:
            while True:
                event = receive(connection, timeout=20)
                if event["type"] == "error":
                    codes.append(event["code"])
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4429
    # The first 60 frames are each answered (the type is wrong), then one warning, then nothing.
    assert codes == ["invalid"] * 60 + ["flood"]
    assert_no_traceback(daphne_server)


JSON_LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**80), max_value=2**80),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
)
JSON_VALUES = st.recursive(
    JSON_LEAVES,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
COMMAND_FRAMES = st.fixed_dictionaries(
    {"type": st.sampled_from(COMMANDS) | st.text(max_size=12)},
    optional={field: JSON_VALUES for field in FIELDS},
)
ANY_FRAME = st.one_of(
    COMMAND_FRAMES.map(json.dumps),
    JSON_VALUES.map(json.dumps),
    st.text(max_size=200),
)


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(frame=ANY_FRAME)
def test_random_frames_get_events_or_documented_errors_never_a_server_error(daphne_server, people, frame):
    with socket(daphne_server, people["cookie"]) as connection:
        signed_in(connection)
        connection.send(frame)
        for code in errors_of(answers_until_pong(connection)):
            assert code in ERROR_CODES, (code, frame[:300])
    assert_no_traceback(daphne_server)


def test_errors_come_in_the_members_language(daphne_server, member, people):
    member.preferred_language = "es"
    member.save(update_fields=["preferred_language"])
    with socket(daphne_server, people["cookie"]) as connection:
        signed_in(connection)
        connection.send("{not json")
        errors = [event for event in answers_until_pong(connection) if event["type"] == "error"]
    assert [(e["code"], e["message"]) for e in errors] == [("bad_json", "El mensaje no es JSON válido.")]
