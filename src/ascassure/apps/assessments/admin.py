from django.contrib import admin

from ascassure.apps.assessments.models import Assessment, AssessmentAssignment


class AssignmentInline(admin.TabularInline):
    model = AssessmentAssignment
    extra = 0


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ("council", "kind", "framework_version", "notification_date")
    list_filter = ("kind", "framework_version")
    search_fields = ("council__name",)
    inlines = [AssignmentInline]
