"""Community-wide reads: notifications and the unread count shown in the header."""

from typing import Any

from django.db.models import QuerySet
from notifications.models import Notification


def notifications_for(user: Any) -> QuerySet[Notification]:
    return (
        Notification.objects.filter(recipient=user).prefetch_related("actor", "target").order_by("-timestamp")
    )


def unread_notification_count(user: Any) -> int:
    return Notification.objects.filter(recipient=user, unread=True).count()
