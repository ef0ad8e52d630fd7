"""Live events of the forums, published after commit to the sockets that have the topic open.

They carry ids only: the page fetches the post through the normal (permission-checked) HTTP view,
so a socket never receives text its member could not read.
"""

from django.urls import reverse

from forums.models import Post
from messaging.events import publish_topic


def _payload(event_type: str, post: Post) -> dict[str, object]:
    return {
        "type": event_type,
        "topic": post.topic_id,
        "post": post.pk,
        "url": reverse("forums:post", args=[post.pk]),
    }


def post_created(post: Post) -> None:
    publish_topic(post.topic_id, _payload("forum.post_created", post))


def post_edited(post: Post) -> None:
    publish_topic(post.topic_id, _payload("forum.post_edited", post))


def post_hidden(post: Post) -> None:
    publish_topic(post.topic_id, _payload("forum.post_hidden", post))
