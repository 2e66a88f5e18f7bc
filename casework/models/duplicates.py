"""Possible duplicates told to the office that holds the other case (casework/duplicates.py
finds them)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.access import policy
from casework.models.accounts import Office, User
from casework.models.cases import Case

if TYPE_CHECKING:
    from casework.access.policy import Viewer


class DuplicateNoticeQuerySet(models.QuerySet):
    def for_user(self, user: Viewer) -> DuplicateNoticeQuerySet:
        """The notices user sees and dismisses (casework.access.policy)."""
        scope = policy.duplicate_notice_scope(user)
        return self.none() if scope is None else self.filter(scope)

    def pending(self) -> DuplicateNoticeQuerySet:
        return self.filter(dismissed_at__isnull=True)


class DuplicateNotice(models.Model):
    """A case taken in by someone who may not see `case` may be the same person.

    Told to the coordinators of `office`, which holds `case`: whoever took in `new_case` is
    never told that `case` exists. Names no person, only the two cases.
    """

    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.PROTECT, related_name="duplicate_notices"
    )
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="duplicate_notices"
    )
    new_case = models.ForeignKey(
        Case, verbose_name=_("new case"), on_delete=models.CASCADE, related_name="+"
    )
    score = models.FloatField(_("score"))
    created_at = models.DateTimeField(_("flagged"), default=timezone.now)
    dismissed_by = models.ForeignKey(
        User,
        verbose_name=_("dismissed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    dismissed_at = models.DateTimeField(_("dismissed"), null=True, blank=True)

    objects = DuplicateNoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("duplicate notice")
        verbose_name_plural = _("duplicate notices")
        constraints = [
            models.UniqueConstraint(fields=["case", "new_case"], name="unique_duplicate_notice")
        ]
        # An office's notices not yet dismissed, newest first: the dashboard's query.
        indexes = [
            models.Index(
                fields=["office", "dismissed_at", "-created_at"], name="duplicatenotice_pending"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case} ~ {self.new_case}"
