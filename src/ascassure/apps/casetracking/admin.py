from django.contrib import admin

from ascassure.apps.casetracking.models import Case, CaseList, CaseNote


@admin.register(CaseList)
class CaseListAdmin(admin.ModelAdmin):
    list_display = ("assessment", "original_name", "uploaded_at", "selection_saved_at")
    raw_id_fields = ("assessment", "uploaded_by", "selection_saved_by", "in_depth_saved_by")


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ("case_id", "case_list", "selected", "in_depth")
    list_filter = ("selected", "in_depth")
    raw_id_fields = ("case_list",)


@admin.register(CaseNote)
class CaseNoteAdmin(admin.ModelAdmin):
    list_display = ("case", "kind", "author", "at")
    raw_id_fields = ("case", "author")
