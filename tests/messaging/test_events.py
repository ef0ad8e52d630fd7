"""Live events from socket commands are sent by the event loop, not by the database thread."""

import json
import uuid

import pytest

from messaging import events, services


def test_a_socket_command_collects_its_events_instead_of_sending_them(
    db, member, colleague, direct, settings, monkeypatch, django_capture_on_commit_callbacks
):
    def no_thread_send(_function):
        raise AssertionError("the database thread handed an event to the event loop")

    monkeypatch.setattr(events, "async_to_sync", no_thread_send)

    def command():
        with django_capture_on_commit_callbacks(execute=True):
            return services.message_send(
                conversation=direct, author=member, body="Hola", client_id=uuid.uuid4()
            )

    pending: list[dict] = []
    message, created = events.run_deferring(command, pending)

    assert created
    assert [m["kind"] for m in pending] == ["users"]
    assert sorted(pending[0]["users"]) == sorted([member.pk, colleague.pk])
    event = json.loads(pending[0]["text"])
    assert event["type"] == "message.new" and event["message"]["id"] == message.pk
    assert event["message"]["reactions"] == {} and event["message"]["attachments"] == []
    # Outside the command, publishing goes to the loop again (here: the patched async_to_sync).
    with pytest.raises(AssertionError, match="database thread"):
        events.publish([member.pk], {"type": "ping"})


@pytest.mark.django_db(transaction=True)  # the command runs in the database thread, as in daphne
async def test_events_of_a_command_whose_socket_went_away_still_go_out(monkeypatch, close_thread_connections):
    """daphne cancels a consumer some seconds after its client left; the command's thread goes on and may
    commit, and what it published must still be sent."""
    import asyncio
    import threading

    from messaging.consumers import LiveConsumer

    sent: list[dict] = []

    async def record(message):
        sent.append(message)

    monkeypatch.setattr(events, "asend", record)
    started, release = threading.Event(), threading.Event()
    layer_message = events.users_message([7], {"type": "message.new"})

    def command():
        started.set()
        release.wait(5)
        events.publish([7], {"type": "message.new"})  # as an on_commit callback would, after commit
        return "stored"

    task = asyncio.ensure_future(LiveConsumer()._in_database(command))
    await asyncio.to_thread(started.wait, 5)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert sent == []
    release.set()
    for _ in range(100):
        if sent:
            break
        await asyncio.sleep(0.05)
    assert sent == [layer_message]
