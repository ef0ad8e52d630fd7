"""{% forum_can_moderate category as can_moderate %}: whether the reader moderates the category, for the
moderation tools fragments.

A page that already knows passes `can_moderate` (or `moderator`, as the topic page does) in its context
as a bool; otherwise the answer is asked once per category and request, so tools repeated on every post
of a page cost no query per post.
"""

from django import template

from forums.models import Category
from forums.permissions import is_moderator

register = template.Library()


@register.simple_tag(takes_context=True)
def forum_can_moderate(context: template.Context, category: Category) -> bool:
    for name in ("can_moderate", "moderator"):  # the topic page's own answer, when it has one
        known = context.get(name)
        if isinstance(known, bool):
            return known
    request = context.get("request")
    user = context.get("user") or getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    answers: dict[int, bool] = getattr(request, "_forum_moderates", None) or {}
    if category.pk not in answers:
        answers[category.pk] = is_moderator(user, category)
        if request is not None:
            request._forum_moderates = answers  # type: ignore[attr-defined]
    return answers[category.pk]
