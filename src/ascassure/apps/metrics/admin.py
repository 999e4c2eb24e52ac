"""The registry analysts edit: directions, the crosswalk and the quality-statement mapping.

Saving a direction or a measure's statistic works the affected benchmarks out again, so ranks,
quartiles and intervals always follow the registry.
"""

from django.contrib import admin, messages

from ascassure.apps.metrics import registry
from ascassure.apps.metrics.benchmarks import benchmarks_compute
from ascassure.apps.metrics.models import (
    CharacteristicsTable,
    CrosswalkEntry,
    DataImport,
    Geography,
    Measure,
    MeasureDirection,
    PeerGroup,
    PeerGroupMember,
    QsIndicator,
)


@admin.register(MeasureDirection)
class MeasureDirectionAdmin(admin.ModelAdmin):
    list_display = ("code", "framework", "direction", "name", "status")
    list_editable = ("direction",)
    list_filter = ("framework", "direction", "status")
    search_fields = ("code", "name")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        written = registry.measure_direction_set(
            framework=obj.framework, code=obj.code, direction=obj.direction
        )
        self.message_user(request, f"{obj.code}: {written} benchmarks ranked again.")


@admin.register(CrosswalkEntry)
class CrosswalkEntryAdmin(admin.ModelAdmin):
    list_display = ("old_code", "new_code", "new_part", "series_break_from", "status")
    list_editable = ("new_code", "new_part", "series_break_from")
    list_filter = ("status",)
    search_fields = ("old_code", "new_code", "note")


@admin.register(QsIndicator)
class QsIndicatorAdmin(admin.ModelAdmin):
    list_display = ("qs", "indicator", "evidence_category", "source", "framework", "ascof_code")
    list_editable = ("evidence_category", "framework", "ascof_code")
    list_filter = ("qs", "evidence_category", "source", "status")
    search_fields = ("indicator", "ascof_code")


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ("code", "group", "framework", "source", "statistic", "first_period")
    list_filter = ("source", "framework", "statistic")
    search_fields = ("code", "group", "description")
    readonly_fields = ("source", "framework", "code", "disaggregations", "measure_types")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and {"statistic", "scale"} & set(form.changed_data):
            written = benchmarks_compute(measure_ids=[obj.pk])
            self.message_user(request, f"{written} benchmarks worked out again.", messages.INFO)


@admin.register(DataImport)
class DataImportAdmin(admin.ModelAdmin):
    list_display = ("file_name", "source", "year", "status", "values_saved", "created_at")
    list_filter = ("source", "status")
    exclude = ("content",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Geography)
class GeographyAdmin(admin.ModelAdmin):
    list_display = ("name", "key", "level", "council", "council_type_code")
    list_filter = ("level",)
    search_fields = ("name", "key")


class PeerGroupMemberInline(admin.TabularInline):
    model = PeerGroupMember
    extra = 1
    autocomplete_fields = ()


@admin.register(PeerGroup)
class PeerGroupAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "council", "created_at")
    list_filter = ("kind",)
    search_fields = ("name",)
    inlines = [PeerGroupMemberInline]


@admin.register(CharacteristicsTable)
class CharacteristicsTableAdmin(admin.ModelAdmin):
    list_display = ("name", "neighbours", "created_at")
    readonly_fields = ("features", "weights", "data")
