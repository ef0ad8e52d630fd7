"""Values every page needs: the unread notification count for the header."""

from typing import Any

from django.http import HttpRequest

from community.selectors import unread_notification_count


def site(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Lazy: evaluated only when a template shows it.
    return {"unread_notifications": lambda: unread_notification_count(user)}
