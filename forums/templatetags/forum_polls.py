"""Tags for forums/polls_block.html: {% poll_state poll as state %} (the poll as the reader sees it)
and {% can_add_poll topic as can_add %}. Both use what the including page already knows
(`moderator`, `can_add_poll`) and ask the database only when it does not say."""

from typing import Any

from django import template

from forums.models import Poll, Topic
from forums.permissions import can_manage_poll
from forums.selectors import PollState, poll_state_for

register = template.Library()


@register.simple_tag(takes_context=True)
def poll_state(context: template.Context, poll: Poll) -> PollState:
    return poll_state_for(_user(context), poll, moderator=_known(context, "moderator"))


@register.simple_tag(takes_context=True)
def can_add_poll(context: template.Context, topic: Topic) -> bool:
    known = _known(context, "can_add_poll")
    return known if known is not None else can_manage_poll(_user(context), topic)


def _known(context: template.Context, name: str) -> bool | None:
    """A yes/no the including page already worked out (the topic page's `moderator`), saving queries."""
    value = context.get(name)
    return value if isinstance(value, bool) else None


def _user(context: template.Context) -> Any:
    user = context.get("user")
    if user is None and context.get("request") is not None:
        user = context["request"].user
    return user
