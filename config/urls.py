"""Root URL map: one include per app, the API under /api/v1/, health under /healthz."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from community import views as community_views
from config.api import api

urlpatterns = [
    path("healthz", community_views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("accounts/", include("community.accounts.urls")),
    path("organisations/", include("community.organisations.urls")),
    path("forums/", include("forums.urls")),
    path("", include("community.urls")),
]

if settings.DEBUG:
    # In production nginx serves /media/ (see docker-compose.yml); locally Django does.
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
