"""Attaching files to a case, and changing what is said about one (casework/vault/)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from casework.dates import DateField
from casework.models import SHARED_DETAILS, CaseFile, FileKind
from casework.validation import CleanTextMixin, not_in_future
from casework.vault.display import megabytes, shown_name

# What the file chooser offers; the content decides what is taken (casework.vault.cleaning).
ACCEPTED_TYPES = ",".join(
    [
        *("application/pdf", "image/jpeg", "image/png", "image/heic", "image/heif"),
        *(".pdf", ".jpg", ".jpeg", ".png", ".heic", ".heif"),
    ]
)


def title_from_name(upload: UploadedFile) -> str:
    """The title of a file that was given none: its name without the extension."""
    name = shown_name(upload)
    stem = name.rsplit(".", 1)[0] if "." in name[1:] else name
    return stem[:200]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input (Django's documented pattern), each checked as one."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if not files:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return [super(MultipleFileField, self).clean(one, initial) for one in files]


def check_uploads(files: list[UploadedFile]) -> list[str]:
    """What is wrong with the chosen files before they are read: one sentence each."""
    limit = settings.CASE_FILES_PER_UPLOAD
    if len(files) > limit:
        return [
            ngettext(
                "Choose at most %(limit)d file at a time.",
                "Choose at most %(limit)d files at a time.",
                limit,
            )
            % {"limit": limit}
        ]
    errors = []
    max_bytes = settings.CASE_FILE_MAX_MB * 1024 * 1024
    for upload in files:
        if not upload.size:
            errors.append(
                _("“%(name)s” is empty: choose the file again, or scan it again.")
                % {"name": shown_name(upload)}
            )
        elif upload.size > max_bytes:
            errors.append(
                _(
                    "“%(name)s” is %(size)s MB; a file may be up to %(limit)s MB. Scan it "
                    "at a lower resolution, or split it into parts."
                )
                % {
                    "name": shown_name(upload),
                    "size": megabytes(upload.size),
                    "limit": settings.CASE_FILE_MAX_MB,
                }
            )
    return errors


class CaseFileForm(CleanTextMixin, forms.ModelForm):
    """What is said about a file: its kind, title and date, and where it may go."""

    class Meta:
        model = CaseFile
        fields = ["kind", "title", "document_date", "may_leave", "about_relatives"]
        field_classes = {"document_date": DateField}

    def __init__(self, *args: Any, with_relatives: bool = True, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["document_date"].validators.append(not_in_future)
        # Whoever may not see relatives neither sees nor sets this.
        if not with_relatives:
            del self.fields["about_relatives"]


class CaseFileUploadForm(CaseFileForm):
    """One or more files (POST field `file`) with what is said about all of them."""

    file = MultipleFileField(label=_("Files"))

    class Meta(CaseFileForm.Meta):
        fields = ["file", *CaseFileForm.Meta.fields]

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs.update({"accept": ACCEPTED_TYPES})
        self.fields["file"].help_text = _(
            "PDF documents, and JPEG, PNG or HEIC photos (from a phone's camera too), up to "
            "%(limit)s MB each. Several files chosen at once are saved as files of the same "
            "kind."
        ) % {"limit": settings.CASE_FILE_MAX_MB}
        self.fields["title"].required = False
        self.fields["title"].help_text = _(
            "Leave it empty to use each file's name. With several files, each gets the title "
            "and its number (1 of 3)."
        )
        self.fields["kind"].initial = FileKind.OTHER

    def clean_file(self) -> list[UploadedFile]:
        files = self.cleaned_data["file"]
        errors = check_uploads(files)
        if errors:
            raise forms.ValidationError(errors)
        return files

    def titles(self) -> list[str]:
        """The title of each file, in the order chosen."""
        files, title = self.cleaned_data["file"], self.cleaned_data.get("title") or ""
        if not title:
            return [title_from_name(upload) for upload in files]
        if len(files) == 1:
            return [title]
        total = len(files)
        return [
            str(_("%(title)s (%(number)d of %(total)d)"))
            % {"title": title, "number": number, "total": total}
            for number in range(1, total + 1)
        ]

    def details(self) -> dict[str, Any]:
        """What every file of the upload shares, for casework.actions.attach_files."""
        return {
            name: self.cleaned_data[name] for name in SHARED_DETAILS if name in self.cleaned_data
        }


class ReplaceFileForm(forms.Form):
    """A corrected scan in place of a file (POST field `file`)."""

    file = forms.FileField(label=_("Corrected file"))

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs.update({"accept": ACCEPTED_TYPES})

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        errors = check_uploads([upload])
        if errors:
            raise forms.ValidationError(errors)
        return upload
