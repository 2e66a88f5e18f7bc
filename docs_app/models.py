"""Bulk exports: the summaries of a page of cases, zipped by the task worker for one user."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.access import policy
from casework.fields import EncryptedTextField

if TYPE_CHECKING:
    from casework.access.policy import Viewer


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    BUILDING = "building", _("Building")
    READY = "ready", _("Ready to download")
    DOWNLOADED = "downloaded", _("Downloaded")
    FAILED = "failed", _("Failed")


class SummaryExportQuerySet(models.QuerySet):
    def visible_to(self, user: Viewer) -> SummaryExportQuerySet:
        """The only way to reach an export: its archive holds case content
        (casework.access.policy.export_scope)."""
        scope = policy.export_scope(user)
        return self.none() if scope is None else self.filter(scope)

    def expired(self) -> SummaryExportQuerySet:
        return self.filter(expires_at__lte=timezone.now())


class SummaryExport(models.Model):
    """PDF summaries of a page of cases, zipped by a background task for one coordinator.

    The archive is deleted when it is downloaded, or when it expires (an hour by default);
    the row itself goes at expiry. What was printed stays in the audit log.
    """

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(db_index=True)
    # The case ids in the order of the list page they came from.
    case_ids = models.JSONField(default=list)
    sections = models.CharField(max_length=100, blank=True)
    purpose = EncryptedTextField(max_length=200, single_line=True)
    # Every summary of the archive is printed in this one of settings.PDF_LANGUAGES.
    language = models.CharField(max_length=8, default="en")
    status = models.CharField(
        max_length=12, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    done = models.PositiveIntegerField(default=0)
    # Cases the requester could no longer print when the task ran (reassigned, for example).
    skipped = models.PositiveIntegerField(default=0)
    # Summaries left out at download: their cases were no longer the requester's to print.
    withheld = models.PositiveIntegerField(default=0)
    # The cases whose summaries are in the archive, in the order of its members.
    printed_ids = models.JSONField(default=list)
    # The ZIP as a Fernet token under FIELD_ENCRYPTION_KEYS (casework.crypto.encrypt_bytes):
    # a deleted archive leaves no readable page in the database files.
    archive = models.BinaryField(null=True, editable=False)
    finished_at = models.DateTimeField(null=True, blank=True)
    downloaded_at = models.DateTimeField(null=True, blank=True)

    objects = SummaryExportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Summary export {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("docs_app:export_detail", args=[self.pk])

    @property
    def total(self) -> int:
        return len(self.case_ids)

    @property
    def section_list(self) -> list[str]:
        return [name for name in self.sections.split(",") if name]

    @property
    def is_finished(self) -> bool:
        return self.status in (ExportStatus.READY, ExportStatus.DOWNLOADED, ExportStatus.FAILED)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100

    @property
    def filename(self) -> str:
        return f"case-summaries-{self.created_at:%Y-%m-%d-%H%M}.zip"
