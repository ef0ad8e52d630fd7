"""Live events of the forums, published after commit for readers of the open topic.

The messaging issue delivers them over /ws/ to sockets that have the topic open; until then they
are only logged, so services can already call them at the right moment.
"""

import logging

from forums.models import Post

logger = logging.getLogger(__name__)


def post_created(post: Post) -> None:
    logger.info("forum.post_created topic=%s post=%s", post.topic_id, post.pk)


def post_edited(post: Post) -> None:
    logger.info("forum.post_edited topic=%s post=%s", post.topic_id, post.pk)


def post_hidden(post: Post) -> None:
    logger.info("forum.post_hidden topic=%s post=%s", post.topic_id, post.pk)
