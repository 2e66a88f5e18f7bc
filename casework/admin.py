"""The Django admin is for administrators: users, offices and reference data.

No case content is registered here: being an admin gives no access to cases.
"""

from axes.admin import AccessAttemptAdmin as BaseAccessAttemptAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import Http404
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from modeltranslation.admin import TranslationAdmin
from modeltranslation.settings import AVAILABLE_LANGUAGES

from casework import actions as casework_actions
from casework.dates import time_zone_choices
from casework.models import AccountChangeRequest, AuditEvent, Office, RemedyOption, User
from casework.throttling import is_unknown_username


class CheckedSelection:
    """Admin actions on a selection of rows whose ids are checked first: a hand-made POST
    (`_selected_action=abc`, or a number too big for the database) gets a message, not a 500.
    """

    # Signed 64-bit: the largest primary key any of the databases holds.
    MAX_ID = 2**63 - 1

    def response_action(self, request, queryset):
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        if not all(value.isdigit() and 0 < int(value) <= self.MAX_ID for value in selected):
            self.message_user(  # type: ignore[attr-defined]
                request, _("The selection is not one of rows of this list."), messages.ERROR
            )
            return None
        return super().response_action(request, queryset)  # type: ignore[misc]


class AccessAttemptAdmin(CheckedSelection, BaseAccessAttemptAdmin):
    """Failed logins, for unlocking: the address, the account, the count. Not the username
    typed when it is no account (casework.throttling keeps only a hash of it), not the form
    data nor the user agent: a page address with a search (`next=`) would name a person."""

    list_display = ["attempt_time", "ip_address", "account", "path_info", "failures_since_start"]
    list_filter = ["attempt_time"]
    search_fields = ["ip_address", "username"]
    fieldsets = (
        (None, {"fields": ("account", "ip_address", "path_info", "failures_since_start")}),
    )
    readonly_fields = ["account", "ip_address", "path_info", "failures_since_start"]

    @admin.display(description=_("Account"))
    def account(self, obj: AccessAttempt) -> str:
        if is_unknown_username(obj.username):
            return str(_("(no such account)"))
        return obj.username or ""

    def has_change_permission(self, request, obj=None) -> bool:
        return False


# django-axes' own logs are off (the audit log keeps logins); their pages would show typed
# usernames. The attempts, which unlock an account when deleted, get the page above.
for model in (AccessAttempt, AccessLog, AccessFailureLog):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
admin.site.register(AccessAttempt, AccessAttemptAdmin)

# Second-factor secrets stay out of the admin: an admin who could read a user's TOTP key
# could log in as that user. Admins reset a second factor instead (below).
for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


class AuditedDeletes:
    """Deletions go through casework.actions, which audit them (saves do too: each admin's
    save_model below calls its action)."""

    def delete_model(self, request, obj):
        casework_actions.delete_as_admin(record=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            casework_actions.delete_as_admin(record=obj, by=request.user)


class ReadOnly:
    """An admin page for reference: nothing is added, changed or deleted through it."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(ReadOnly, BaseUserAdmin):
    """Accounts for reference only: they are created and changed on the Accounts pages
    (casework.views.users), in plain words, through the actions and their rules. Here an
    admin only looks them up; nothing is added, changed or deleted (an account is deactivated,
    never deleted: the audit log and the history name it)."""

    list_display = ["username", "first_name", "last_name", "role", "office", "is_active"]
    list_filter = ["role", "office", "is_active"]
    fieldsets = [
        (None, {"fields": ["username", "first_name", "last_name", "email", "is_active"]}),
        (_("Casework"), {"fields": ["role", "office"]}),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    actions = None

    def user_change_password(self, request, id, form_url=""):
        # Nobody types a password for somebody else: a set-password link is made instead.
        raise Http404


class PendingFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("pending", _("Waiting for approval")), ("decided", _("Decided"))]

    def queryset(self, request, queryset):
        if self.value() == "pending":
            return queryset.pending()
        if self.value() == "decided":
            return queryset.filter(decided_at__isnull=False)
        return queryset


@admin.register(AccountChangeRequest)
class AccountChangeRequestAdmin(ReadOnly, admin.ModelAdmin):
    """Four eyes, for reference: a role or office given to an account waits for a second
    admin, who approves or declines it on the account's page under Accounts (casework.actions;
    who may: policy.may_decide_account_change)."""

    list_display = [
        "user",
        "role",
        "office",
        "is_active",
        "requested_by",
        "requested_at",
        "approved",
        "decided_by",
        "decided_at",
    ]
    list_filter = [PendingFilter]
    list_select_related = ["user", "office", "requested_by", "decided_by"]
    # Decided on the account's page under Accounts (casework:account_change_approve, ...).
    actions = None


@admin.register(Office)
class OfficeAdmin(CheckedSelection, AuditedDeletes, admin.ModelAdmin):
    list_display = ["name", "country", "city", "time_zone"]
    list_filter = ["country"]
    search_fields = ["name", "city"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "time_zone":
            # A list rather than a text box: a zone is spelled as the IANA database spells it.
            # IANA names are identifiers: never translated, by the browser either.
            kwargs["widget"] = forms.Select(
                choices=time_zone_choices(), attrs={"translate": "no", "lang": "en"}
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        casework_actions.save_reference_data_as_admin(
            record=obj, by=request.user, created=not change, changed=form.changed_data
        )


@admin.register(RemedyOption)
class RemedyOptionAdmin(CheckedSelection, AuditedDeletes, TranslationAdmin):
    """Every language's text one below the other ("title [en]", "title [be]", ...). Not
    modeltranslation's tabbed admin: it loads jQuery UI from Google's CDN, and pages load
    nothing from other origins."""

    list_display = ["title", "country", "kind", "checked_on"]
    list_filter = ["country", "kind"]
    # In every language: an admin finds an entry by whichever title they know.
    search_fields = [
        f"{name}_{language}" for name in ("title", "summary") for language in AVAILABLE_LANGUAGES
    ]

    def save_model(self, request, obj, form, change):
        casework_actions.save_reference_data_as_admin(
            record=obj, by=request.user, created=not change, changed=form.changed_data
        )


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnly, CheckedSelection, admin.ModelAdmin):
    """Read only: the audit log is append-only."""

    list_display = ["at", "user", "action", "case", "subject", "recorded_detail", "ip"]
    # A print's typed purpose may name the person: the audit page shows it to coordinators.
    exclude = ["purpose", "detail"]
    readonly_fields = ["recorded_detail"]
    list_filter = ["action"]
    list_select_related = ["user", "case", "subject"]
    date_hierarchy = "at"

    @admin.display(description=_("detail"))
    def recorded_detail(self, event: AuditEvent) -> str:
        # Written in English when it happened, kept as written: marked so that neither
        # screen readers nor browser translation take it for the page's language.
        return format_html('<span lang="en" translate="no">{}</span>', event.detail)
