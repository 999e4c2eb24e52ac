"""Programme inputs, runs and adoptions for administrators. Inputs are written on the
programme page, where every field is checked, so only their name changes here; runs and
adoptions are what the scheduler and the national lead did, so they are read only."""

import json

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from ascassure.apps.programme.models import Adoption, PlanRun, ProgrammeInputDoc


@admin.register(ProgrammeInputDoc)
class ProgrammeInputDocAdmin(admin.ModelAdmin):
    list_display = ("name", "created_by", "created_at")
    search_fields = ("name",)
    date_hierarchy = "created_at"
    fields = ("name", "version", "created_by", "created_at", "document_text")
    readonly_fields = ("version", "created_by", "created_at", "document_text")

    def has_add_permission(self, request) -> bool:
        return False

    @admin.display(description="Input (JSON)")
    def document_text(self, obj: ProgrammeInputDoc) -> str:
        return format_html(
            '<pre style="white-space:pre-wrap">{}</pre>', json.dumps(obj.document, indent=2)
        )


class AdoptionInline(admin.TabularInline):
    model = Adoption
    extra = 0
    can_delete = False
    fields = ("at", "by", "count", "skipped")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(PlanRun)
class PlanRunAdmin(admin.ModelAdmin):
    """Read only: a run's status, progress and plan are written by the worker."""

    list_display = ("__str__", "status", "time_limit", "solutions", "best_objective", "created_at")
    list_filter = ("status",)
    search_fields = ("input__name",)
    list_select_related = ("input",)
    date_hierarchy = "created_at"
    fields = (
        "input",
        "input_version",
        "status",
        "progress",
        "error",
        "time_limit",
        "solutions",
        "best_objective",
        "plan",
        "created_by",
        "created_at",
        "started_at",
        "heartbeat_at",
        "finished_at",
    )
    readonly_fields = fields
    inlines = [AdoptionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("result", "input__document")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="Plan")
    def plan(self, obj: PlanRun) -> str:
        if not obj.result:
            return "No plan"
        count = len(obj.result.get("assessments", []))
        return format_html(
            '{}, {} assessment{} (<a href="{}">see the plan</a>)',
            obj.result.get("status", ""),
            count,
            "" if count == 1 else "s",
            reverse("programme:run", kwargs={"pk": obj.pk}),
        )


@admin.register(Adoption)
class AdoptionAdmin(admin.ModelAdmin):
    """Read only: the record of the planned assessments an adoption created."""

    list_display = ("__str__", "by", "at", "count")
    list_select_related = ("run__input", "by")
    fields = ("run", "by", "at", "count", "skipped")
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
