"""The Django admin is for administrators: users, offices and reference data.

No case content is registered here: being an admin gives no access to cases.
"""

from typing import Any

from axes.admin import AccessAttemptAdmin as BaseAccessAttemptAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from modeltranslation.admin import TranslationAdmin
from modeltranslation.settings import AVAILABLE_LANGUAGES

from casework import actions as casework_actions
from casework.access import policy
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


class NewUserForm(forms.ModelForm):
    """A new user gets no password from the admin: they set it through a one-time link."""

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "role", "office"]


class UserChangeForm(forms.ModelForm):
    """An account as admins change it. Staff and superuser follow from the role (only admins
    are either), so a role change clears them; there is no password to type (set-password
    links only) and no raw permission."""

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "is_active", "role", "office"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        role = self.cleaned_data.get("role")
        if role:
            self.instance.is_staff = self.instance.is_superuser = policy.is_admin_role(role)
        return self.cleaned_data


@admin.register(User)
class UserAdmin(CheckedSelection, AuditedDeletes, BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "office", "is_active"]
    list_filter = ["role", "office", "is_active"]
    form = UserChangeForm
    fieldsets = [
        (None, {"fields": ["username", "first_name", "last_name", "email", "is_active"]}),
        (_("Casework"), {"fields": ["role", "office"]}),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]
    add_form = NewUserForm
    add_fieldsets = [
        (None, {"fields": ["username", "first_name", "last_name", "email", "role", "office"]}),
    ]
    actions = ["reset_second_factor", "make_set_password_link"]

    def get_readonly_fields(self, request, obj=None):
        # Nobody changes their own role or office: an admin would give themselves a case role.
        own = ["role", "office"] if obj is not None and obj.pk == request.user.pk else []
        # A username never changes: the audit log and the history name accounts by it, and a
        # rename would move what one account did onto another.
        kept = ["username"] if obj is not None else []
        return [*super().get_readonly_fields(request, obj), *kept, *own]

    def user_change_password(self, request, id, form_url=""):
        # Nobody types a password for somebody else: make a set-password link instead.
        raise Http404

    def save_model(self, request, obj, form, change):
        casework_actions.save_user_as_admin(
            user=obj, by=request.user, created=not change, changed=form.changed_data
        )
        pending = AccountChangeRequest.objects.pending()
        if pending.filter(user=obj, requested_by=request.user).exists():
            self.message_user(
                request,
                _(
                    "The new role, office or reactivation of %(user)s takes effect when a "
                    "second administrator approves it under “Account change requests”."
                )
                % {"user": obj.username},
                messages.WARNING,
            )

    def response_add(self, request, obj, post_url_continue=None):
        if AccountChangeRequest.objects.pending().filter(user=obj).exists():
            # Its link comes once approved, from another admin than the one who asked.
            self.message_user(
                request,
                _(
                    "Once %(user)s is approved, an administrator other than you makes the "
                    "one-time link to set a password (“Make a one-time link to set a new "
                    "password”)."
                )
                % {"user": obj.username},
                messages.WARNING,
            )
        else:
            self._show_set_password_link(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def _refused_way_in(self, request, user) -> None:
        self.message_user(
            request,
            _(
                "No link or reset for %(user)s from here. An administrator's account is "
                "recovered on the server (manage.py recover_account). An account waiting for "
                "approval gets its link once approved, from an administrator other than the "
                "one who asked for its role or office."
            )
            % {"user": user.username},
            messages.ERROR,
        )

    def _show_set_password_link(self, request, user) -> None:
        try:
            path = casework_actions.make_set_password_link(user=user, by=request.user)
        except PermissionDenied:
            self._refused_way_in(request, user)
            return
        url = request.build_absolute_uri(path)
        self.message_user(
            request,
            format_html(
                "{} <code>{}</code> {}",
                _("One-time link for %(user)s to set a password:") % {"user": user.username},
                url,
                _("It works once, for 24 hours. Give it to them over a channel you trust."),
            ),
            messages.WARNING,
        )

    @admin.action(description=_("Make a one-time link to set a new password"))
    def make_set_password_link(self, request, queryset):
        for user in queryset:
            self._show_set_password_link(request, user)

    @admin.action(description=_("Reset the second factor (enrol again at the next login)"))
    def reset_second_factor(self, request, queryset):
        count = 0
        for user in queryset:
            try:
                casework_actions.reset_second_factor(user=user, by=request.user)
            except PermissionDenied:
                self._refused_way_in(request, user)
            else:
                count += 1
        if not count:
            return
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
class AccountChangeRequestAdmin(CheckedSelection, admin.ModelAdmin):
    """Four eyes: a role or office given to an account waits here for a second admin, who
    approves or declines it (casework.actions; who may: policy.may_decide_account_change)."""

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
    actions = ["approve", "decline"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def _decide(self, request, queryset, decide, done_message) -> None:
        done = refused = 0
        for change in queryset:
            try:
                decide(change=change, by=request.user)
            except PermissionDenied:
                refused += 1
            else:
                done += 1
        if done:
            self.message_user(request, done_message % {"count": done}, messages.SUCCESS)
        if refused:
            self.message_user(
                request,
                ngettext(
                    "%(count)d request was left as it was: another administrator, neither "
                    "its requester nor its account, decides it, and only while it waits.",
                    "%(count)d requests were left as they were: another administrator, "
                    "neither their requester nor their account, decides them, and only while "
                    "they wait.",
                    refused,
                )
                % {"count": refused},
                messages.ERROR,
            )

    @admin.action(description=_("Approve the selected requests"))
    def approve(self, request, queryset):
        self._decide(
            request,
            queryset,
            casework_actions.approve_account_change,
            _("Approved: %(count)d. The accounts are changed as requested."),
        )

    @admin.action(description=_("Decline the selected requests"))
    def decline(self, request, queryset):
        self._decide(
            request,
            queryset,
            casework_actions.decline_account_change,
            _("Declined: %(count)d. The accounts stay as they were."),
        )


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
class AuditEventAdmin(CheckedSelection, admin.ModelAdmin):
    """Read only: the audit log is append-only."""

    list_display = ["at", "user", "action", "case", "subject", "recorded_detail", "ip"]
    # A print's typed purpose may name the person: the audit page shows it to coordinators.
    exclude = ["purpose", "detail"]
    readonly_fields = ["recorded_detail"]
    list_filter = ["action"]
    list_select_related = ["user", "case", "subject"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("detail"))
    def recorded_detail(self, event: AuditEvent) -> str:
        # Written in English when it happened, kept as written: marked so that neither
        # screen readers nor browser translation take it for the page's language.
        return format_html('<span lang="en" translate="no">{}</span>', event.detail)
