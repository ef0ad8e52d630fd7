"""Forum views: posting."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "forums/index.html", {})


urlpatterns: list[URLPattern] = [path("", index, name="index")]
