"""Site staff's view of the forums: categories are set up here; topics and posts are read-mostly,
since every change to them goes through the forum pages and their services."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from forums.models import Category, Post, Topic


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "network", "read_access", "start_access", "reply_access", "is_qa", "position"]
    list_filter = ["read_access", "is_qa", "network"]
    list_editable = ["position"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["moderators"]
    raw_id_fields = ["network"]


class ReadMostlyAdmin(admin.ModelAdmin):
    """Shown for looking things up; posting, editing and moderating happen on the forum pages."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Topic)
class TopicAdmin(ReadMostlyAdmin):
    list_display = [
        "title",
        "category",
        "author",
        "created_at",
        "reply_count",
        "is_pinned",
        "is_locked",
        "is_hidden",
    ]
    list_filter = ["category", "is_pinned", "is_locked", "is_hidden"]
    search_fields = ["title", "author__display_name", "author__email"]
    date_hierarchy = "created_at"
    list_select_related = ["category", "author"]


@admin.register(Post)
class PostAdmin(ReadMostlyAdmin):
    list_display = ["__str__", "topic", "author", "created_at", "is_hidden", "is_deleted", "flag_count"]
    list_filter = ["is_hidden", "is_deleted", "topic__category"]
    search_fields = ["body", "author__display_name", "author__email"]
    date_hierarchy = "created_at"
    list_select_related = ["topic", "author"]
