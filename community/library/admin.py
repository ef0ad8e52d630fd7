from django.contrib import admin
from django.http import HttpRequest

from community.library.models import Guide, GuideItem, Practice


@admin.register(Practice)
class PracticeAdmin(admin.ModelAdmin):
    """Read-only: changes go through the services (review, versions, counters, search)."""

    list_display = ["title", "status", "country", "sector", "network", "published_at"]
    list_filter = ["status", "sector", "training_area", "language"]
    search_fields = ["title", "summary"]
    raw_id_fields = ["author", "coauthors", "organisations", "reviewed_by", "network"]
    readonly_fields = ["status", "version", "comment_count", "endorsement_count", "adoption_count"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Practice | None = None) -> bool:
        return False


class GuideItemInline(admin.TabularInline):
    model = GuideItem
    extra = 0
    raw_id_fields = ["practice"]


@admin.register(Guide)
class GuideAdmin(admin.ModelAdmin):
    list_display = ["title", "is_published", "network"]
    inlines = [GuideItemInline]
