from django.contrib import admin

from ascassure.apps.scoring.models import QsScore, RatingLock, ScoreRevision


class RevisionInline(admin.TabularInline):
    model = ScoreRevision
    extra = 0
    can_delete = False
    fields = ("at", "kind", "by", "old_score", "new_score", "reason")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(QsScore)
class QsScoreAdmin(admin.ModelAdmin):
    """Read only: scores change through the scoring pages, so that every change is kept."""

    list_display = ("assessment", "qs_code", "score", "proposed_by", "proposed_at")
    list_filter = ("qs_code",)
    search_fields = ("assessment__council__name",)
    inlines = [RevisionInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(RatingLock)
class RatingLockAdmin(admin.ModelAdmin):
    list_display = ("assessment", "rating", "percent", "rating_locked_at", "locked_by")

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
