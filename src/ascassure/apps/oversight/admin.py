from django.contrib import admin

from ascassure.apps.oversight.models import SecretaryOfStateNotice, SeriousRiskFinding


@admin.register(SeriousRiskFinding)
class SeriousRiskFindingAdmin(admin.ModelAdmin):
    list_display = ("assessment", "found_on", "follow_up")


@admin.register(SecretaryOfStateNotice)
class SecretaryOfStateNoticeAdmin(admin.ModelAdmin):
    list_display = ("assessment", "sent_on", "intervention_stage")
    list_filter = ("intervention_stage",)
