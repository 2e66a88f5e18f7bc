"""The audit log: append-only events naming user, case, action and time."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NoReturn

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.access import policy
from casework.choices import AuditAction
from casework.fields import EncryptedTextField
from casework.models.accounts import Office, User
from casework.models.cases import Case, CaseShare

if TYPE_CHECKING:
    from casework.access.policy import Viewer


def _with_share_holders(scope: Q, office_id: int | None) -> Q:
    """scope, and for an office's coordinator the events about the accounts its cases are
    shared with (legal aid, who has no office): a takeover of a lawyer's account is seen by
    the offices whose cases it reads."""
    if office_id is None:
        return scope
    holders = CaseShare.objects.filter(case__office_id=office_id).values("user_id")
    return scope | Q(action__in=policy.ACCOUNT_EVENT_ACTIONS, subject_id__in=holders)


class AuditEventQuerySet(models.QuerySet):
    def readable_by(self, user: Viewer) -> AuditEventQuerySet:
        """The events user may read (casework.access.policy.audit_event_scope), newest first."""
        scope = policy.audit_event_scope(user)
        events = self.order_by("-at", "-pk")
        if scope is None:
            return events.none()
        return events.filter(_with_share_holders(scope, policy.account_events_office(user)))

    def of_case(self, case: Case) -> AuditEventQuerySet:
        """The case's events, newest first, with who did each."""
        return self.filter(case=case).select_related("user").order_by("-at", "-pk")

    def changes(self) -> AuditEventQuerySet:
        """Leaves out the views: what a case page's "Recent activity" shows."""
        return self.exclude(action=AuditAction.VIEW)

    def for_log(self) -> AuditEventQuerySet:
        """What the audit log page shows of each event: the case's reference, never its
        content, and the people by their full names."""
        return self.select_related("user", "case", "subject").only(
            "at",
            "action",
            "detail",
            "purpose",
            "ip",
            "user__username",
            "user__first_name",
            "user__last_name",
            "case__reference",
            "subject__username",
            "subject__first_name",
            "subject__last_name",
        )

    def account_notices_for(self, user: Viewer) -> AuditEventQuerySet:
        """The changes to accounts of the coordinator's office (policy.account_notice_scope),
        newest first, with who made them and whom they concern."""
        scope = policy.account_notice_scope(user)
        events = self.order_by("-at", "-pk")
        if scope is None:
            return events.none()
        scope = _with_share_holders(scope, policy.account_events_office(user))
        return events.filter(scope).select_related("user", "subject")

    def update(self, **kwargs: Any) -> NoReturn:
        raise TypeError("Audit events are append-only.")

    def delete(self) -> NoReturn:
        raise TypeError("Audit events are append-only.")


class AuditEvent(models.Model):
    """Who did what to which case, and when. Never personal data or typed text in detail."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices)
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    detail = models.CharField(_("detail"), max_length=500, blank=True)
    # What a user typed for the event (a printed summary's purpose): never in detail, which
    # the database holds in clear and the audit log filters on.
    purpose = EncryptedTextField(_("purpose"), max_length=200, blank=True, single_line=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    # The account an account_change or 2fa_reset event concerns, and its office before and
    # after the change, whose coordinators read the event (policy.audit_event_scope). No
    # database constraint: the event keeps naming an account or office deleted since, and
    # deleting one never touches the log.
    subject = models.ForeignKey(
        User,
        verbose_name=_("account"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    subject_office = models.ForeignKey(
        Office,
        verbose_name=_("account's office"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    subject_new_office = models.ForeignKey(
        Office,
        verbose_name=_("account's new office"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        # The admin's title of the event: its time in ISO form, its action in the reader's words.
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise TypeError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError("Audit events are append-only.")
