"""The Django admin is for administrators: users, offices and reference data.

No case content is registered here: being an admin gives no access to cases.
"""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from casework import actions as casework_actions
from casework.models import AuditEvent, Office, RemedyOption, User

# Second-factor secrets stay out of the admin: an admin who could read a user's TOTP key
# could log in as that user. Admins reset a second factor instead (below).
for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


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
    actions = ["reset_second_factor"]

    @admin.action(description=_("Reset the second factor (enrol again at the next login)"))
    def reset_second_factor(self, request, queryset):
        for user in queryset:
            casework_actions.reset_second_factor(user=user, by=request.user)
        count = len(queryset)
        self.message_user(
            request,
            ngettext(
                "The second factor of %(count)d user was reset.",
                "The second factors of %(count)d users were reset.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


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
