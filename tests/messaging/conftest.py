import io
import uuid

import pytest
from channels.layers import channel_layers
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from messaging import services
from tests.factories import MembershipFactory


@pytest.fixture(autouse=True)
def _fresh_channel_layer():
    """Each test gets a new layer: the in-memory layer's queues belong to the event loop that made them."""
    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()


# For the page tests (tests/messaging/test_page*.py): people, conversations, uploads.


@pytest.fixture
def colleague(organisation, member):
    """Someone in the member persona's organisation: they write to each other without a request."""
    return MembershipFactory(organisation=organisation, user__display_name="Beatriz Colega").user


@pytest.fixture
def direct(member, colleague):
    return services.direct_open(user=member, other=colleague)


@pytest.fixture
def send(settings):
    """send(conversation, author, body="…", **options) stores a message through the service. Tests that
    use it may store many messages at once: the send rate limit is lifted (a test can set it again)."""
    settings.MESSAGING_SEND_RATE = "100000/10s"

    def _send(conversation, author, body="Hola", **options):
        options.setdefault("client_id", uuid.uuid4())
        message, _created = services.message_send(
            conversation=conversation, author=author, body=body, **options
        )
        return message

    return _send


@pytest.fixture
def png():
    """png(name="foto.png") is a small real PNG upload, made with Pillow."""

    def _png(name="foto.png"):
        out = io.BytesIO()
        Image.new("RGB", (40, 30), (200, 30, 60)).save(out, format="PNG")
        return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")

    return _png
