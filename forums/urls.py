"""Forum URLs: each part of the forums keeps its routes beside its views."""

from forums.views import moderation, polls, posting, subscriptions

app_name = "forums"

urlpatterns = [*posting.urlpatterns, *polls.urlpatterns, *subscriptions.urlpatterns, *moderation.urlpatterns]
