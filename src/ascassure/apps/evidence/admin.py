from django.contrib import admin

from ascassure.apps.evidence.models import EvidenceItem


@admin.register(EvidenceItem)
class EvidenceItemAdmin(admin.ModelAdmin):
    list_display = ("assessment", "evidence_date", "category", "source", "direction")
    list_filter = ("category", "source", "direction")
    search_fields = ("assessment__council__name", "summary")
    raw_id_fields = ("assessment", "recorded_by", "changed_by")
