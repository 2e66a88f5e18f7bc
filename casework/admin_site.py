"""The Django admin's site, letting in whom the access policy says (may_use_admin_site)."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest

from casework.access import policy


class CaseworkAdminSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        return policy.may_use_admin_site(request.user)

    def password_change(self, request: HttpRequest, extra_context=None):
        """The admin's own "Change password", saved through the action that audits it."""
        from django.contrib.auth.views import PasswordChangeView
        from django.urls import reverse

        from casework.forms.accounts import AuditedPasswordChangeForm

        request.current_app = self.name
        return PasswordChangeView.as_view(
            form_class=AuditedPasswordChangeForm,
            success_url=reverse("admin:password_change_done", current_app=self.name),
            extra_context={**self.each_context(request), **(extra_context or {})},
        )(request)


class CaseworkAdminConfig(AdminConfig):
    """django.contrib.admin with the site above (INSTALLED_APPS names this instead)."""

    default_site = "casework.admin_site.CaseworkAdminSite"
