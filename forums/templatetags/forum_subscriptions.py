"""{% subscription_state topic=topic as sub %}: the reader's watch/mute state, for the buttons fragment."""

from django import template

from forums.models import Category, Topic
from forums.selectors import SubscriptionState
from forums.selectors import subscription_state as state_for

register = template.Library()


@register.simple_tag(takes_context=True)
def subscription_state(
    context: template.Context, topic: Topic | None = None, category: Category | None = None
) -> SubscriptionState:
    user = context.get("user") or context["request"].user
    return state_for(user, topic=topic or None, category=category or None)
