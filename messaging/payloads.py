"""The shape of a message on the wire, shared by live events, catch-up and the REST API."""

from collections import Counter
from typing import Any

from django.urls import reverse

from messaging.models import Message

REPLY_EXCERPT_CHARS = 140


def author_name(message: Message) -> str:
    from django.utils.translation import gettext as _

    return message.author.display_name if message.author is not None else _("Former member")


def message_data(message: Message, *, new_attachments: list[Any] | None = None) -> dict[str, Any]:
    """Text fields are sanitised HTML (body_html, from nh3) or plain text the client inserts as text.

    new_attachments: for a message just created, the attachments saved with it; it has no reactions yet,
    so neither is read from the database."""
    deleted = message.deleted_at is not None
    reply = message.reply_to
    if new_attachments is not None:
        reactions: Counter[str] = Counter()
        attachments = new_attachments
    else:
        reactions = Counter(r.reaction for r in message.reactions.all()) if not deleted else Counter()
        attachments = list(message.attachments.all()) if not deleted else []
    return {
        "id": message.pk,
        "conversation": message.conversation_id,
        "author": {"id": message.author_id, "name": author_name(message)},
        "client_id": str(message.client_id) if message.client_id else None,
        "body": "" if deleted else message.body,
        "body_html": "" if deleted else message.body_html,
        "created_at": message.created_at.isoformat(),
        "edited_at": message.edited_at.isoformat() if message.edited_at else None,
        "deleted": deleted,
        "reply_to": (
            {
                "id": reply.pk,
                "author": author_name(reply),
                "excerpt": "" if reply.deleted_at else reply.body[:REPLY_EXCERPT_CHARS],
            }
            if reply is not None
            else None
        ),
        "attachments": [
            {
                "id": a.pk,
                "name": a.name,
                "size": a.size,
                "is_image": a.is_image,
                "url": reverse("messaging:attachment", args=[a.pk]),
            }
            for a in attachments
        ],
        "reactions": dict(sorted(reactions.items())),
    }
