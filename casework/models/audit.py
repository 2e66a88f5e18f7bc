"""The audit log: append-only events naming user, case, action and time."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.access import policy
from casework.choices import AuditAction
from casework.models.accounts import User
from casework.models.cases import Case


class AuditEventQuerySet(models.QuerySet):
    def readable_by(self, user) -> AuditEventQuerySet:
        """The events user may read (casework.access.policy.audit_event_scope), newest first."""
        scope = policy.audit_event_scope(user)
        events = self.order_by("-at", "-pk")
        return events.none() if scope is None else events.filter(scope)

    def update(self, **kwargs):
        raise TypeError("Audit events are append-only.")

    def delete(self):
        raise TypeError("Audit events are append-only.")


class AuditEvent(models.Model):
    """Who did what to which case, and when. Never personal data in detail."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, null=True, related_name="+")
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices)
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    detail = models.CharField(_("detail"), max_length=500, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise TypeError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Audit events are append-only.")
