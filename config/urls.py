"""Root URL map: one include per app, the API under /api/v1/, health under /healthz."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

from community import views as community_views
from config.api import api

urlpatterns = [
    path("healthz", community_views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("accounts/", include("community.accounts.urls")),
    path("organisations/", include("community.organisations.urls")),
    path("toolbox/", include("community.toolbox.urls")),
    path("library/", include("community.library.urls")),
    path("forums/", include("forums.urls")),
    path("networks/", include("networks.urls")),
    path("messages/", include("messaging.urls")),
    path("search/", include("community.search.urls")),
    path("", include("community.urls")),
]

if settings.DEBUG:
    # In production nginx serves /media/ (see docker-compose.yml); locally Django does, except
    # media/private/, which only the views that check who may read it ever serve.
    urlpatterns += [
        re_path(
            r"^media/(?!private/)(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT, "show_indexes": False},
        )
    ]
