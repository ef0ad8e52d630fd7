"""The Content-Security-Policy header: django-csp's middleware, plus this page's own WebSocket origin.

CSP Level 3 lets 'self' match ws: and wss: on the page's own host, but browsers that predate it
(Safari before 15.4, for one) do not, and static/js/live.js opens ws(s)://<this host>/ws/. So
connect-src also names that one origin, with the scheme of the page, from the request's host as
Django validated it against ALLOWED_HOSTS: never a wildcard, never another host.
"""

from csp.middleware import CSPMiddleware, PolicyParts
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest
from django.http.response import HttpResponseBase


def websocket_origin(request: HttpRequest) -> str | None:
    """The origin static/js/live.js connects to from this page, or None for a host Django refuses."""
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    return f"{'wss' if request.is_secure() else 'ws'}://{host}"


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        origin = websocket_origin(request)
        if origin is None:
            return parts
        update = dict(parts.update or {})
        existing = update.get("connect-src") or []
        update["connect-src"] = [*([existing] if isinstance(existing, str) else existing), origin]
        parts.update = update
        return parts
