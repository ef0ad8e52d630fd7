"""WebSocket routes: one endpoint carries every live event of the logged-in user."""

from django.urls import path

from messaging.consumers import LiveConsumer

websocket_urlpatterns = [path("ws/", LiveConsumer.as_asgi())]
