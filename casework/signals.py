"""Logins, logouts, failed logins and lockouts go to the audit log (no password, no case data).

Each event carries the client's address, which log_event takes from
casework.middleware.RequestAddressMiddleware, as for every other event of a request."""

import time

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from casework.actions import log_event
from casework.middleware import SESSION_STARTED
from casework.models import AuditAction, User


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs):
    log_event(user=user, action=AuditAction.LOGIN)
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_STARTED] = time.time()


@receiver(user_logged_out)
def audit_logout(sender, request, user, **kwargs):
    if user is not None:
        log_event(user=user, action=AuditAction.LOGOUT)


@receiver(user_login_failed)
def audit_login_failed(sender, credentials, request=None, **kwargs):
    # The username typed is kept only if it names a real user: a mistyped password
    # pasted into the username field must not end up in the log.
    user = User.objects.filter(username=credentials.get("username", "")).first()
    log_event(user=user, action=AuditAction.LOGIN_FAILED)


@receiver(user_locked_out)
def audit_lockout(sender, request, username, ip_address, **kwargs):
    user = User.objects.filter(username=username or "").first()
    log_event(user=user, action=AuditAction.LOCKOUT)
