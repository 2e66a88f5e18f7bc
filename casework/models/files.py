"""The document vault: scans and decisions attached to a case (DESIGN.md section 11).

A CaseFile row describes a file; its content is elsewhere, in the "casefiles" storage, cleaned
(casework/vault/cleaning.py) and sealed with a key of its own (casework/vault/sealing.py,
docs/adr/0014-files-sealed-with-their-own-key.md). The row holds that key encrypted under the
field keys, so neither the storage nor the database alone gives any content away.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.choices import FileKind
from casework.fields import EncryptedTextField
from casework.models.accounts import Office, User
from casework.models.cases import Case
from casework.models.history import keep_history

# What a cleaned file may be (casework.vault.cleaning), and the extension it downloads with.
FILE_EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
# What the files of one upload share, and what a corrected scan keeps of the file it replaces.
SHARED_DETAILS = ("kind", "document_date", "may_leave", "about_relatives")


class CaseFileQuerySet(models.QuerySet):
    def shown(self, *, with_relatives: bool) -> CaseFileQuerySet:
        """The files a reader of the case sees: those about relatives only if they may see
        relatives (casework.access.policy, CaseAction.RELATIVES)."""
        files = self.select_related("uploaded_by")
        return files if with_relatives else files.filter(about_relatives=False)

    def may_leave(self) -> CaseFileQuerySet:
        return self.filter(may_leave=True)

    def bytes_of_office(self, office: Office) -> int:
        return self.filter(case__office=office).aggregate(total=Sum("size"))["total"] or 0


class CaseFile(models.Model):
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="files"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=FileKind.choices)
    title = EncryptedTextField(_("title"), max_length=200, single_line=True)
    document_date = models.DateField(_("date of the document"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        User, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    # Of the cleaned content, which is what a download gives.
    size = models.PositiveBigIntegerField(_("size"))
    # Encrypted: the hash of a known document would confirm that the case holds it.
    sha256 = EncryptedTextField(_("SHA-256"), max_length=64, single_line=True)
    content_type = models.CharField(_("type"), max_length=30)
    pages = models.PositiveIntegerField(_("pages"), default=1)
    may_leave = models.BooleanField(
        _("may leave the system"),
        default=False,
        help_text=_(
            "Whether the file may go into a PDF annex, a ZIP or a handover to another "
            "organisation. Leave it off unless the person agreed."
        ),
    )
    about_relatives = models.BooleanField(
        _("about relatives"),
        default=False,
        help_text=_("Shown only to those who may see the case's relatives."),
    )
    # The correction this file is (Replace): the file it took the place of.
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("replaces"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Where the sealed content, its preview and its thumbnail are in the "casefiles" storage:
    # random names that say nothing of the case or the file.
    storage_name = models.CharField(max_length=100, editable=False)
    preview_name = models.CharField(max_length=100, editable=False)
    thumbnail_name = models.CharField(max_length=100, editable=False)
    # The file's own key (casework.vault.sealing.new_key), encrypted under the field keys.
    key = EncryptedTextField(editable=False)

    objects = CaseFileQuerySet.as_manager()
    history = keep_history()

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("file")
        verbose_name_plural = _("files")

    def __str__(self) -> str:
        return self.title

    @property
    def extension(self) -> str:
        return FILE_EXTENSIONS.get(self.content_type, "bin")

    @property
    def is_pdf(self) -> bool:
        return self.content_type == "application/pdf"

    @property
    def short_hash(self) -> str:
        """The first characters of the SHA-256, to tell copies apart at a glance."""
        return self.sha256[:12]
