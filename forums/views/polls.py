"""Forum views: polls."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
