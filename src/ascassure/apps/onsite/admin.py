from django.contrib import admin

from ascassure.apps.onsite.models import OnsiteVisit, Question, Session


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    """The question bank: edit the wording, retire a question, or add one."""

    list_display = ("text", "role", "qs_codes", "position", "active")
    list_editable = ("position", "active")
    list_filter = ("role", "active")
    search_fields = ("text", "key")
    ordering = ("role", "position", "pk")


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0
    fields = ("day", "start_time", "end_time", "kind", "title", "place")


@admin.register(OnsiteVisit)
class OnsiteVisitAdmin(admin.ModelAdmin):
    list_display = ("assessment", "first_day", "last_day", "base_location")
    search_fields = ("assessment__council__name",)
    inlines = [SessionInline]
