"""ASGI entry point: HTTP through Django, WebSocket /ws/ through Channels with origin and session checks."""

import os
import sys

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
# Django must be set up before anything imports models (the consumers do).
django_asgi_app = get_asgi_application()

from django.conf import settings  # noqa: E402

# A daphne process runs its event loop (which writes every live frame to its sockets) beside one thread
# doing all the database work (database_sync_to_async). With CPython's default 5 ms switch interval a
# busy database thread can hold the loop off for 5 ms at a time and deliveries queue behind it; a
# shorter interval lets the loop in sooner (bench/realtime.py, rate; docs/performance.md).
sys.setswitchinterval(settings.GIL_SWITCH_INTERVAL)

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from messaging.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
    }
)
