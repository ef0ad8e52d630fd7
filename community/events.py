"""Live events of the community app, sent after commit over the user's sockets (docs/realtime.md)."""

from typing import Any

from community import selectors
from messaging.events import push_to_user


def notification_created(user: Any) -> None:
    latest = selectors.notifications_for(user).first()
    push_to_user(
        user.pk,
        {
            "type": "notification.new",
            "id": latest.pk if latest else None,
            "unread_count": selectors.unread_notification_count(user),
        },
    )


def notification_count_changed(user: Any) -> None:
    push_to_user(
        user.pk, {"type": "notification.count", "unread_count": selectors.unread_notification_count(user)}
    )
