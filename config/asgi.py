"""ASGI entry point: HTTP through Django, WebSocket /ws/ through Channels with origin and session checks."""

import gc
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

# Garbage collection. A full (generation 2) collection walks every object of the process, and each
# open socket brings thousands (consumer, scope, session, autobahn protocol, transport): with 1,000
# sockets one took 170-250 ms (a gc.callbacks probe during bench/realtime.py's network figure), and
# every live frame waited behind it. What exists once the project is loaded (modules, classes, URL
# patterns: never garbage) is frozen out of all collections, which shortened them to 150-175 ms.
# Collections are not made rarer: database connections of finished HTTP requests (each runs in a
# thread of its own under ASGI) are closed only when collected, and with a full collection every 100
# young ones instead of 10 the soak test ran PostgreSQL out of connections (docs/performance.md).
gc.collect()
gc.freeze()

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
