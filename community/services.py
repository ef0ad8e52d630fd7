"""Community-wide writes: notifications (in-app, live and by e-mail) and marking them read."""

from collections.abc import Iterable
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import translation
from notifications.models import Notification
from notifications.signals import notify

from community import events
from community.emails import send_templated_mail


def notify_members(
    *,
    recipients: Iterable[Any],
    actor: Any,
    verb: str,
    target: Any = None,
    description: str = "",
    url: str = "",
    email_template: str | None = None,
    email_context: dict[str, Any] | None = None,
) -> None:
    """Notify active members in-app, push the new unread count live, and e-mail those who want it.

    `verb` is a short English phrase marked for translation (gettext_noop) and shown translated.
    """
    recipients = [r for r in recipients if r.is_active]
    if not recipients:
        return
    with translation.override("en"):
        notify.send(
            actor,
            recipient=recipients,
            verb=verb,
            target=target,
            description=description[:500],
            url=url,
        )
    for recipient in recipients:
        transaction.on_commit(partial(events.notification_created, recipient))
        if email_template and recipient.email_notifications:
            transaction.on_commit(
                partial(
                    send_templated_mail,
                    template=email_template,
                    to=recipient.email,
                    language=recipient.preferred_language,
                    context={"recipient": recipient, "url": url, **(email_context or {})},
                )
            )


def notification_mark_read(*, user: Any, notification_id: int) -> bool:
    updated = Notification.objects.filter(pk=notification_id, recipient=user, unread=True).update(
        unread=False
    )
    if updated:
        transaction.on_commit(lambda: events.notification_count_changed(user))
    return bool(updated)


def notifications_mark_all_read(*, user: Any) -> int:
    updated = Notification.objects.filter(recipient=user, unread=True).update(unread=False)
    if updated:
        transaction.on_commit(lambda: events.notification_count_changed(user))
    return updated
