from django.contrib import admin

from ascassure.apps.reports.models import Publication, PublicationWindow


@admin.register(PublicationWindow)
class PublicationWindowAdmin(admin.ModelAdmin):
    list_display = ("name", "scope", "council", "start", "end")
    list_filter = ("scope", "start")
    search_fields = ("name", "council__name")
    autocomplete_fields = ("council",)
    date_hierarchy = "start"
    readonly_fields = ("preload_key",)


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    """Read only: a publication is made by the publish service and never changes."""

    list_display = ("assessment", "kind", "date", "checksum")
    list_filter = ("kind",)
    search_fields = ("assessment__council__name",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
