from django.urls import path

from community.search import views

app_name = "search"

urlpatterns = [path("", views.search, name="index")]
