from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from ascassure.apps.accounts.models import CouncilMembership, User


class MembershipInline(admin.TabularInline):
    model = CouncilMembership
    extra = 0
    autocomplete_fields = ["council"]


@admin.register(User)
class PersonAdmin(UserAdmin):
    list_display = ("username", "full_name", "body_role", "is_active", "is_staff")
    list_filter = ("body_role", "is_active", "is_staff")
    search_fields = ("username", "full_name", "email")
    fieldsets = (
        *UserAdmin.fieldsets,
        ("Role", {"fields": ("full_name", "body_role")}),
    )
    inlines = [MembershipInline]
