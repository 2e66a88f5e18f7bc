"""The Django admin is for administrators: users, offices and reference data.

No case content is registered here: being an admin gives no access to cases.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from casework.models import AuditEvent, Office, RemedyOption, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "office", "is_active"]
    list_filter = ["role", "office", "is_active"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        (_("Casework"), {"fields": ["role", "office"]}),
    ]
    add_fieldsets = [
        *BaseUserAdmin.add_fieldsets,
        (_("Casework"), {"fields": ["role", "office"]}),
    ]


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "city"]
    list_filter = ["country"]
    search_fields = ["name", "city"]


@admin.register(RemedyOption)
class RemedyOptionAdmin(admin.ModelAdmin):
    list_display = ["title", "country", "kind", "checked_on"]
    list_filter = ["country", "kind"]
    search_fields = ["title", "summary"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read only: the audit log is append-only."""

    list_display = ["at", "user", "action", "case", "detail", "ip"]
    list_filter = ["action"]
    list_select_related = ["user", "case"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
