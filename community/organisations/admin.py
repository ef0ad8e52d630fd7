from django.contrib import admin

from community.organisations.models import Inquiry, Membership, Offering, Organisation


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "sector", "country", "women_led", "verified"]
    list_filter = ["kind", "sector", "country", "women_led", "verified"]
    search_fields = ["name", "city"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Offering)
class OfferingAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "kind", "is_active"]
    search_fields = ["name"]


@admin.register(Inquiry)
class InquiryAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "status", "created_at"]
    list_filter = ["status"]
