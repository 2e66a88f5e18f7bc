"""The Django admin's site, letting in whom the access policy says (may_use_admin_site)."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest

from casework.access import policy


class CaseworkAdminSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        return policy.may_use_admin_site(request.user)


class CaseworkAdminConfig(AdminConfig):
    """django.contrib.admin with the site above (INSTALLED_APPS names this instead)."""

    default_site = "casework.admin_site.CaseworkAdminSite"
