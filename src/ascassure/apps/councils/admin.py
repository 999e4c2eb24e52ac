from django.contrib import admin

from ascassure.apps.councils.models import (
    Council,
    CouncilIcbShare,
    IntegratedCareBoard,
    PublishedResult,
    Region,
)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("name", "code")


@admin.register(IntegratedCareBoard)
class IcbAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "nhs_code")
    search_fields = ("name", "code")


class ShareInline(admin.TabularInline):
    model = CouncilIcbShare
    extra = 0


@admin.register(Council)
class CouncilAdmin(admin.ModelAdmin):
    list_display = ("name", "ons_code", "council_type", "region", "icb")
    list_filter = ("council_type", "region")
    search_fields = ("name", "ons_code")
    inlines = [ShareInline]
    prepopulated_fields = {"slug": ("name",)}


@admin.register(PublishedResult)
class PublishedResultAdmin(admin.ModelAdmin):
    list_display = ("council", "published_month", "assessment_type", "rating", "percent")
    list_filter = ("rating", "assessment_type")
    search_fields = ("council__name",)
    readonly_fields = ("percent", "imported_at")
