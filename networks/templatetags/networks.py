"""Template tags other apps' pages use to show network data (an organisation's partnerships)."""

from typing import Any

from django import template
from django.contrib.auth.models import AnonymousUser

from networks import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def organisation_partnerships(context: dict[str, Any], organisation: Any) -> Any:
    """The organisation's confirmed partnerships that the viewer may see, with their partners (two
    queries); a proposal is not listed until the other side agrees, whoever looks."""
    request = context.get("request")
    user = getattr(request, "user", None) or AnonymousUser()
    return list(selectors.partnerships_for(user, organisation=organisation, confirmed_only=True))
