"""A member's own data as a ZIP of JSON files plus the files they uploaded (the "download my data" right).

Only what the member wrote, owns or chose: their own messages (never the other people's in the same
conversation), their practices, posts, toolbox documents, memberships and settings. Other people appear
at most as an id (a conversation, a blocked member), never with their names or words.

`export_documents` does every query up front, in a fixed number of queries whatever the amount of data;
`zip_stream` then reads the files one chunk at a time while the response is sent.
"""

import io
import json
import os
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.core.files.storage import Storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch, QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone

from community.accounts.models import ApiToken, User
from community.library.models import Adoption, Attachment, Comment, Endorsement, Guide, Practice
from community.organisations.models import Inquiry, Membership
from community.toolbox.models import BusinessPlan, CashFlowLine, CashFlowProjection, MarketingPlan
from forums.models import Flag, PollVote, Post, PostImage, Reaction, Subscription, Topic
from messaging.models import Block, Message, MessagingSettings, Participant
from networks.models import JoinRequest, NetworkMembership, PartnershipInterest, PartnershipPost

CHUNK = 64 * 1024
# The page and the API share one budget per member: an export reads everything the member has.
EXPORT_BUCKET = "data-export"
EXPORT_RATE = "5/h"

README = """Minga: your data
================

Each .json file holds one kind of thing you wrote, own or chose on Minga; files/ holds what you
uploaded (your avatar, attachments to your practices, files in your messages, images in your posts).

Messages: only the messages you sent, each with the id of its conversation. Other people's
messages are theirs and are not in this export.
"""


@dataclass(frozen=True)
class ExportFile:
    """An uploaded file to put in the ZIP under `arcname`, read from `storage` at `name`."""

    arcname: str
    storage: Storage
    name: str


def _when(value: Any) -> str | None:
    return value.isoformat() if value else None


def _safe(name: str) -> str:
    """A file name for inside the ZIP: no folders, nothing a file manager would trip on."""
    cleaned = re.sub(r"[^\w.\- ]+", "_", os.path.basename(name)).strip(" .")
    return cleaned[:120] or "file"


def _profile(user: User) -> dict[str, Any]:
    return {
        "id": user.pk,
        "email": user.email,
        "email_verified": user.email_verified,
        "display_name": user.display_name,
        "preferred_language": user.preferred_language,
        "country": str(user.country.code or ""),
        "city": user.city,
        "bio": user.bio,
        "skills": sorted(t.name for t in user.skills.all()),
        "avatar": os.path.basename(user.avatar.name) if user.avatar else None,
        "date_joined": _when(user.date_joined),
        "last_login": _when(user.last_login),
    }


def _practices(user: User) -> QuerySet[Practice]:
    return (
        Practice.objects.filter(author=user)
        .select_related("network")
        .prefetch_related("indicators", "tags", "organisations")  # type: ignore[misc]  # taggit prefetches
        .order_by("pk")
    )


def _practice(practice: Practice) -> dict[str, Any]:
    return {
        "id": practice.pk,
        "slug": practice.slug,
        "status": practice.status,
        "title": practice.title,
        "summary": practice.summary,
        "country": str(practice.country.code or ""),
        "institutions": [o.slug for o in practice.organisations.all()],
        "sector": practice.sector,
        "training_area": practice.training_area,
        "target_groups": list(practice.target_groups),
        "context": practice.context,
        "method": practice.method,
        "results": [
            {"value": i.value_text(), "unit": i.unit, "period": i.period} for i in practice.indicators.all()
        ],
        "resources": practice.resources,
        "lessons": practice.lessons,
        "transfer_conditions": practice.transfer_conditions,
        "contact_name": practice.contact_name,
        "contact_email": practice.contact_email,
        "tags": sorted(t.name for t in practice.tags.all()),
        "language": practice.language,
        "licence": practice.licence,
        "network": practice.network.slug if practice.network else None,
        "version": practice.version,
        "created_at": _when(practice.created_at),
        "published_at": _when(practice.published_at),
    }


def _library(user: User) -> dict[str, Any]:
    return {
        "practices": [_practice(p) for p in _practices(user)],
        "comments": [
            {"id": c.pk, "practice": c.practice.slug, "body": c.body, "created_at": _when(c.created_at)}
            for c in Comment.objects.filter(author=user).select_related("practice").order_by("pk")
        ],
        "adoptions": [
            {
                "id": a.pk,
                "practice": a.practice.slug,
                "organisation": a.organisation.slug if a.organisation else None,
                "context": a.context,
                "results": a.results,
                "created_at": _when(a.created_at),
            }
            for a in Adoption.objects.filter(user=user)
            .select_related("practice", "organisation")
            .order_by("pk")
        ],
        "endorsed_practices": [
            e.practice.slug
            for e in Endorsement.objects.filter(user=user).select_related("practice").order_by("pk")
        ],
        "guides": [
            {"id": g.pk, "slug": g.slug, "title": g.title, "introduction": g.introduction}
            for g in Guide.objects.filter(author=user).order_by("pk")
        ],
    }


def _forums(user: User) -> dict[str, Any]:
    return {
        "topics": [
            {
                "id": t.pk,
                "category": t.category.slug,
                "title": t.title,
                "created_at": _when(t.created_at),
            }
            for t in Topic.objects.filter(author=user).select_related("category").order_by("pk")
        ],
        "posts": [
            {
                "id": p.pk,
                "topic": p.topic_id,
                "topic_title": p.topic.title,
                "body": p.body,
                "created_at": _when(p.created_at),
                "edited_at": _when(p.edited_at),
                "deleted": p.is_deleted,
            }
            for p in Post.objects.filter(author=user).select_related("topic").order_by("pk")
        ],
        "reactions": [
            {"post": r.post_id, "kind": r.kind, "created_at": _when(r.created_at)}
            for r in Reaction.objects.filter(user=user).order_by("pk")
        ],
        "poll_votes": [
            {"topic": v.poll.topic_id, "question": v.poll.question, "answer": v.option.label}
            for v in PollVote.objects.filter(user=user).select_related("poll", "option").order_by("pk")
        ],
        "flags": [
            {"post": f.post_id, "reason": f.reason, "note": f.note, "created_at": _when(f.created_at)}
            for f in Flag.objects.filter(reporter=user).order_by("pk")
        ],
    }


def _messages(user: User) -> dict[str, Any]:
    sent = Message.objects.filter(author=user).prefetch_related("attachments").order_by("pk")
    return {
        "conversations": [
            {"id": p.conversation_id, "kind": p.conversation.kind, "joined_at": _when(p.joined_at)}
            for p in Participant.objects.filter(user=user).select_related("conversation").order_by("pk")
        ],
        "messages_sent": [
            {
                "id": m.pk,
                "conversation": m.conversation_id,
                "body": "" if m.deleted_at else m.body,
                "created_at": _when(m.created_at),
                "edited_at": _when(m.edited_at),
                "deleted_at": _when(m.deleted_at),
                "files": [a.name for a in m.attachments.all()],
            }
            for m in sent
        ],
        # Who they blocked, by member id only: the export carries no one else's profile.
        "blocked_members": list(
            Block.objects.filter(blocker=user).order_by("pk").values_list("blocked_id", flat=True)
        ),
    }


def _networks(user: User) -> dict[str, Any]:
    return {
        "memberships": [
            {
                "network": m.network.slug,
                "name": m.network.name,
                "role": m.role,
                "joined_at": _when(m.joined_at),
            }
            for m in NetworkMembership.objects.filter(user=user).select_related("network").order_by("pk")
        ],
        "join_requests": [
            {
                "network": r.network.slug,
                "message": r.message,
                "status": r.status,
                "created_at": _when(r.created_at),
            }
            for r in JoinRequest.objects.filter(user=user).select_related("network").order_by("pk")
        ],
        "partnership_posts": [
            {
                "id": p.pk,
                "network": p.network.slug if p.network else None,
                "direction": p.direction,
                "kind": p.kind,
                "title": p.title,
                "description": p.description,
                "closed": p.is_closed,
                "created_at": _when(p.created_at),
            }
            for p in PartnershipPost.objects.filter(author=user).select_related("network").order_by("pk")
        ],
        "partnership_interests": [
            {"post": i.post_id, "message": i.message, "created_at": _when(i.created_at)}
            for i in PartnershipInterest.objects.filter(user=user).order_by("pk")
        ],
    }


def _toolbox(user: User) -> dict[str, Any]:
    """The member's own documents (an organisation's documents belong to the organisation)."""
    plan_fields = (
        "summary",
        "product",
        "market",
        "competition",
        "marketing",
        "operations",
        "team",
        "finances",
    )
    lines = Prefetch("lines", queryset=CashFlowLine.objects.prefetch_related("amounts"))
    return {
        "business_plans": [
            {
                "id": plan.pk,
                "title": plan.title,
                "language": plan.language,
                **{name: getattr(plan, name) for name in plan_fields},
                "updated_at": _when(plan.updated_at),
            }
            for plan in BusinessPlan.objects.filter(owner=user).order_by("pk")
        ],
        "cash_flow_projections": [
            {
                "id": projection.pk,
                "title": projection.title,
                "months": projection.months,
                "start_month": projection.start_month,
                "opening_balance": projection.opening_balance,
                "currency": projection.currency,
                "lines": [
                    {
                        "kind": line.kind,
                        "category": line.category,
                        "name": line.name,
                        "repeat_amount": line.repeat_amount,
                        "repeat_from": line.repeat_from,
                        "repeat_until": line.repeat_until,
                        "amounts": {str(a.month): a.amount for a in line.amounts.all()},
                    }
                    for line in projection.lines.all()
                ],
            }
            for projection in CashFlowProjection.objects.filter(owner=user)
            .prefetch_related(lines)
            .order_by("pk")
        ],
        "marketing_plans": [
            {
                "id": plan.pk,
                "title": plan.title,
                "target_customers": plan.target_customers,
                "offer": plan.offer,
                "price": plan.price,
                "channels": list(plan.channels),
                "channel_notes": plan.channel_notes,
                "planned_budget": plan.planned_budget,
                "currency": plan.currency,
                "actions": [
                    {"date": a.date, "action": a.action, "channel": a.channel, "cost": a.cost}
                    for a in plan.actions.all()
                ],
            }
            for plan in MarketingPlan.objects.filter(owner=user).prefetch_related("actions").order_by("pk")
        ],
    }


def export_documents(user: User) -> dict[str, Any]:
    """File name -> JSON-ready content, in at most 33 queries whatever the amount of data (a test pins it)."""
    messaging_settings = MessagingSettings.objects.filter(user=user).first()
    return {
        "profile.json": _profile(user),
        "organisations.json": [
            {
                "organisation": m.organisation.slug,
                "name": m.organisation.name,
                "role": m.role,
                "joined_at": _when(m.joined_at),
            }
            for m in Membership.objects.filter(user=user).select_related("organisation").order_by("pk")
        ],
        "inquiries_sent.json": [
            {
                "organisation": i.organisation.slug,
                "name": i.name,
                "email": i.email,
                "phone": i.phone,
                "message": i.message,
                "created_at": _when(i.created_at),
            }
            for i in Inquiry.objects.filter(requester=user).select_related("organisation").order_by("pk")
        ],
        "forums.json": _forums(user),
        "messages.json": _messages(user),
        "library.json": _library(user),
        "toolbox.json": _toolbox(user),
        "networks.json": _networks(user),
        "settings.json": {
            "email_notifications": user.email_notifications,
            "send_read_receipts": messaging_settings.send_read_receipts if messaging_settings else True,
            "forum_subscriptions": [
                {"topic": s.topic_id, "category": s.category.slug if s.category else None, "level": s.level}
                for s in Subscription.objects.filter(user=user).select_related("category").order_by("pk")
            ],
        },
        "api_tokens.json": [
            {
                "name": t.name,
                "starts_with": t.prefix,
                "created_at": _when(t.created_at),
                "last_used_at": _when(t.last_used_at),
                "revoked_at": _when(t.revoked_at),
            }
            for t in ApiToken.objects.filter(user=user).order_by("pk")
        ],
    }


def export_files(user: User) -> list[ExportFile]:
    """What the member uploaded: avatar, practice attachments, files in their messages, forum images.

    Queries: 4."""
    files: list[ExportFile] = []
    if user.avatar:
        files.append(
            ExportFile(f"files/avatar/{_safe(user.avatar.name)}", user.avatar.storage, user.avatar.name)
        )
    for attachment in Attachment.objects.filter(uploaded_by=user).order_by("pk"):
        arcname = f"files/library/{attachment.pk}-{_safe(attachment.original_name)}"
        files.append(ExportFile(arcname, attachment.file.storage, attachment.file.name))
    for message in Message.objects.filter(author=user, deleted_at__isnull=True).prefetch_related(
        "attachments"
    ):
        for item in message.attachments.all():
            arcname = f"files/messages/{message.pk}-{item.pk}-{_safe(item.name)}"
            files.append(ExportFile(arcname, item.file.storage, item.file.name))
    for image in PostImage.objects.filter(uploader=user).order_by("pk"):
        files.append(
            ExportFile(
                f"files/forum/{image.pk}-{_safe(image.image.name)}", image.image.storage, image.image.name
            )
        )
    return files


class _Sink(io.RawIOBase):
    """An unseekable stream that keeps what zipfile writes until the response takes it."""

    def __init__(self) -> None:
        self._chunks: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self._chunks.append(bytes(data))
        return len(data)

    def take(self) -> bytes:
        data = b"".join(self._chunks)
        self._chunks.clear()
        return data


def zip_stream(documents: dict[str, Any], files: list[ExportFile]) -> Iterator[bytes]:
    """The ZIP, produced while it is sent: at most one chunk of one file is held in memory."""
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", README)
        for name, content in documents.items():
            text = json.dumps(content, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
            archive.writestr(name, text)
            yield sink.take()
        for item in files:
            try:
                source = item.storage.open(item.name, "rb")
            except OSError:
                continue  # the file is gone from storage: nothing to give back
            with source, archive.open(item.arcname, "w", force_zip64=True) as target:
                while chunk := source.read(CHUNK):
                    target.write(chunk)
                    yield sink.take()
    yield sink.take()


def zip_response(user: User) -> StreamingHttpResponse:
    """The member's data as a ZIP download: every query runs here, the files are read while sending."""
    documents = export_documents(user)
    files = export_files(user)
    response = StreamingHttpResponse(zip_stream(documents, files), content_type="application/zip")
    filename = f"minga-data-{timezone.localdate():%Y-%m-%d}.zip"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
