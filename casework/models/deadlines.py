"""What people add to the deadlines (casework.deadlines derives the rest): tasks,
snoozes, and the secret calendar feed addresses."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.fields import EncryptedTextField
from casework.models.accounts import User
from casework.models.cases import Case
from casework.models.history import keep_history


class CaseTaskQuerySet(models.QuerySet):
    def open(self) -> CaseTaskQuerySet:
        return self.filter(done_at__isnull=True)

    def open_first(self) -> CaseTaskQuerySet:
        """Open tasks first (done_at is NULL), then the done ones, each by due date."""
        return self.order_by(F("done_at").asc(nulls_first=True), "due_on", "pk")


class CaseTask(models.Model):
    """Something a user must do on a case by a date: a deadline nobody derives for them."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="tasks"
    )
    title = EncryptedTextField(_("what"), max_length=200, single_line=True)
    due_on = models.DateField(_("due on"))
    assignee = models.ForeignKey(
        User,
        verbose_name=_("assignee"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="case_tasks",
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        User,
        verbose_name=_("done by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        User, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("added"), default=timezone.now)

    objects = CaseTaskQuerySet.as_manager()
    history = keep_history()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        # Open tasks by due date: the deadlines' date windows read this index.
        indexes = [models.Index(fields=["done_at", "due_on"], name="casetask_open_due")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class DeadlineSnoozeQuerySet(models.QuerySet):
    def in_force_on(self, day: datetime.date) -> DeadlineSnoozeQuerySet:
        """The snoozes that still put their item aside on day: it comes back on `until`."""
        return self.filter(until__gt=day)


class DeadlineSnooze(models.Model):
    """A derived deadline put aside until a date, with the reason. Never changed: each
    snooze is a row of the case's history, and the latest that has not run out applies."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="snoozes"
    )
    # Names the derived item, e.g. "document:12:90" (its 90-day alert), "remedy:5:decision".
    item_key = models.CharField(_("item"), max_length=60)
    until = models.DateField(_("until"))
    reason = EncryptedTextField(_("reason"), max_length=500, single_line=True)
    by = models.ForeignKey(
        User, verbose_name=_("snoozed by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("when"), default=timezone.now)

    objects = DeadlineSnoozeQuerySet.as_manager()
    history = keep_history()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("snooze")
        verbose_name_plural = _("snoozes")
        indexes = [models.Index(fields=["case", "item_key", "until"], name="deadlinesnooze_lookup")]

    def __str__(self) -> str:
        return f"{self.item_key} until {self.until:%Y-%m-%d}"


class CalendarFeedQuerySet(models.QuerySet):
    def active(self) -> CalendarFeedQuerySet:
        """The feeds not revoked: a user has at most one."""
        return self.filter(revoked_at__isnull=True)

    def owned_by(self, user: User) -> CalendarFeedQuerySet:
        return self.filter(user=user)

    def by_token_hash(self, token_hash: str) -> CalendarFeedQuerySet:
        """The feed whose token hashes to token_hash (actions.calendar_token_hash): a lookup
        by the unique hash, so that nothing about the token itself is compared in SQL."""
        return self.filter(token_hash=token_hash)


class CalendarFeed(models.Model):
    """A user's secret iCalendar address. Only the SHA-256 of its token is stored."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = CalendarFeedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_active_calendar_feed",
            )
        ]

    def __str__(self) -> str:
        return f"calendar feed {self.pk}"
