"""Conversations (direct, group, network), their participants, messages, reactions, attachments, blocks.

Membership of a network conversation is the network's own (networks.permissions.member_q): its
Participant rows only hold per-member state (read position, mute), never who belongs.
"""

import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from community.library.models import private_storage
from networks.models import Network


class ConversationKind(models.TextChoices):
    DIRECT = "direct", _("Direct")
    GROUP = "group", _("Group")
    NETWORK = "network", _("Network")


class Conversation(models.Model):
    kind = models.CharField(_("kind"), max_length=10, choices=ConversationKind.choices)
    title = models.CharField(_("name"), max_length=120, blank=True)
    network = models.OneToOneField(
        Network, on_delete=models.CASCADE, null=True, blank=True, related_name="conversation"
    )
    # "<lower id>:<higher id>" for direct conversations: one conversation per pair of people.
    direct_key = models.CharField(max_length=41, unique=True, null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="network", network__isnull=False)
                | (~Q(kind="network") & Q(network__isnull=True)),
                name="messaging_network_conversation_has_network",
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"{self.get_kind_display()} {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("messaging:conversation", args=[self.pk])


class ParticipantRole(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    MEMBER = "member", _("Member")


class RequestState(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    PENDING = "pending", _("Waiting for an answer")
    REFUSED = "refused", _("Refused")


class Participant(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversation_participations"
    )
    role = models.CharField(max_length=10, choices=ParticipantRole.choices, default=ParticipantRole.MEMBER)
    # Only the recipient of a message request is pending (or refused); everyone else is accepted.
    state = models.CharField(max_length=10, choices=RequestState.choices, default=RequestState.ACCEPTED)
    last_read_id = models.BigIntegerField(default=0)
    muted = models.BooleanField(_("muted"), default=False)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["conversation", "user"], name="messaging_one_participant_row"),
        ]
        indexes = [models.Index(fields=["user", "conversation"])]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.conversation_id}"


class Message(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    # Kept when an account is deleted: the message is shown as from a former member.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="messages_sent"
    )
    # Chosen by the sending client; a resend with the same id returns the stored message.
    client_id = models.UUIDField(null=True, blank=True)
    body = models.TextField(max_length=10_000, blank=True)
    body_html = models.TextField(blank=True)
    reply_to = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["author", "client_id"],
                condition=Q(client_id__isnull=False),
                name="messaging_client_id_unique_per_sender",
            ),
        ]
        indexes = [models.Index(fields=["conversation", "id"])]

    def __str__(self) -> str:
        return f"message {self.pk}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


def attachment_path(instance: "MessageAttachment", filename: str) -> str:
    # A random name with the extension the content check chose; the sender's name is only shown.
    extension = filename.rsplit(".", 1)[-1].lower()[:8] if "." in filename else "bin"
    return f"messages/{uuid.uuid4().hex}.{extension}"


def _private_storage() -> FileSystemStorage:
    return private_storage


class MessageAttachment(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    # Under MEDIA_ROOT/private, which nginx never serves: only messaging:attachment does, after its check.
    file = models.FileField(upload_to=attachment_path, storage=_private_storage)
    # The name the sender gave, cleaned; shown and used in Content-Disposition, never as a path.
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    is_image = models.BooleanField(default=False)

    def __str__(self) -> str:
        return self.name


class Reaction(models.TextChoices):
    THUMBS_UP = "thumbs_up", "👍"
    HEART = "heart", "❤️"
    LAUGH = "laugh", "😄"
    CLAP = "clap", "👏"
    THINKING = "thinking", "🤔"


class MessageReaction(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reaction = models.CharField(max_length=16, choices=Reaction.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["message", "user", "reaction"], name="messaging_one_reaction_each"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reaction} on {self.message_id}"


class Block(models.Model):
    """The blocker no longer receives the blocked person's messages, requests or live events."""

    blocker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_made"
    )
    blocked = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="messaging_one_block_per_pair"),
            models.CheckConstraint(condition=~Q(blocker=models.F("blocked")), name="messaging_no_self_block"),
        ]

    def __str__(self) -> str:
        return f"{self.blocker_id} blocks {self.blocked_id}"


class MessagingSettings(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="messaging")
    send_read_receipts = models.BooleanField(
        _("let others see when I have read their messages"), default=True
    )

    def __str__(self) -> str:
        return f"messaging settings of {self.user_id}"
