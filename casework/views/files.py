"""A case's files: the list and the upload, downloads, previews, and changing, replacing and
removing a file. Every file is loaded through get_file_for_user; every read is audited."""

from __future__ import annotations

import base64
import functools
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from casework import actions
from casework.access.lookups import get_case_for_user, get_file_for_user
from casework.access.policy import CaseAction, May, may_change_record, may_on_case
from casework.forms import CaseFileForm, CaseFileUploadForm, ReplaceFileForm
from casework.models import AuditAction, Case, CaseFile
from casework.vault import storage

# Whatever a browser makes of a file it was sent, it runs nothing and loads nothing.
FILE_CSP = "default-src 'none'; sandbox"


def reads_file(action: str, what: str):
    """A view that reads one file: it gets (request, case, file) once the file is loaded
    through the policy (404 first, for anyone who may not see it), the method is GET and the
    read is audited. `Cache-Control: no-store` and `nosniff` come with every signed-in
    response (casework.middleware, SecurityMiddleware)."""

    def decorator(view):
        @login_required
        @functools.wraps(view)
        def read(request, pk, file_pk):
            case, file = get_file_for_user(request.user, pk, file_pk)
            if request.method not in ("GET", "HEAD"):
                return HttpResponseNotAllowed(["GET"])
            actions.log_file_read(case=case, by=request.user, file=file, action=action, what=what)
            return view(request, case, file)

        return read

    return decorator


def _files_page(case: Case) -> str:
    return reverse("casework:case_files", args=[case.pk])


def _upload_done(request, case: Case, files: list[CaseFile]) -> HttpResponse:
    messages.success(
        request,
        ngettext("%(count)d file was added.", "%(count)d files were added.", len(files))
        % {"count": len(files)},
    )
    if request.headers.get("HX-Request"):
        # The upload went through htmx (for its progress bar): the whole page is reloaded.
        return HttpResponse(status=204, headers={"HX-Redirect": _files_page(case)})
    return redirect(_files_page(case))


@login_required
def case_files(request, pk):
    case = get_case_for_user(request.user, pk, CaseAction.VIEW)
    may_add = may_on_case(request.user, case, CaseAction.EDIT_LEGAL)
    with_relatives = may_on_case(request.user, case, CaseAction.RELATIVES)
    if request.method == "POST" and not may_add:
        raise Http404
    form = None
    if may_add:
        form = CaseFileUploadForm(
            request.POST or None, request.FILES or None, with_relatives=with_relatives
        )
    if request.method == "POST" and form is not None:
        if form.is_valid():
            try:
                files = actions.attach_files(
                    case=case,
                    by=request.user,
                    uploads=form.cleaned_data["file"],
                    titles=form.titles(),
                    details=form.details(),
                )
            except actions.UploadRefused as refusal:
                form.add_error("file", refusal.message)
            else:
                return _upload_done(request, case, files)
        messages.error(request, _("No file was added: correct the fields marked below."))
    actions.log_case_view(case=case, by=request.user, form="files")
    return render(
        request,
        "casework/case_files.html",
        {
            "may": May(request.user, case),
            "case": case,
            "form": form,
            "files": case.files.shown(with_relatives=with_relatives),
        },
    )


def download_name(case: Case, file: CaseFile) -> str:
    """The name a download is saved under: the reference and the title, made safe."""
    title = slugify(file.title, allow_unicode=True)[:60] or str(file.pk)
    return f"{case.reference}-{title}.{file.extension}"


@reads_file(AuditAction.FILE_DOWNLOAD, "downloaded")
def case_file(request, case: Case, file: CaseFile):
    response = StreamingHttpResponse(
        storage.open_sealed(file.storage_name, file.key), content_type=file.content_type
    )
    response["Content-Length"] = str(file.size)
    response["Content-Disposition"] = cast(
        str, content_disposition_header(as_attachment=True, filename=download_name(case, file))
    )
    response["Content-Security-Policy"] = FILE_CSP
    return response


@reads_file(AuditAction.FILE_PREVIEW, "thumbnail")
def case_file_thumbnail(request, case: Case, file: CaseFile):
    response = HttpResponse(
        storage.read_bytes(file.thumbnail_name, file.key), content_type="image/png"
    )
    response["Content-Security-Policy"] = FILE_CSP
    return response


@reads_file(AuditAction.FILE_PREVIEW, "previewed")
def case_file_preview(request, case: Case, file: CaseFile):
    # In the page itself: one request, one audited read, and no image URL to reuse.
    image = base64.b64encode(storage.read_bytes(file.preview_name, file.key)).decode("ascii")
    return render(
        request,
        "casework/case_file_preview.html",
        {
            "case": case,
            "file": file,
            "image": f"data:image/png;base64,{image}",
            "may_change": _may_change(request, case, file),
        },
    )


def _may_change(request, case: Case, file: CaseFile) -> bool:
    return may_on_case(request.user, case, CaseAction.EDIT_LEGAL) and may_change_record(
        request.user, case, file
    )


def _load_for_change(request, pk: int, file_pk: int) -> tuple[Case, CaseFile]:
    case, file = get_file_for_user(request.user, pk, file_pk, CaseAction.EDIT_LEGAL)
    if not may_change_record(request.user, case, file):
        raise Http404
    return case, file


@login_required
def case_file_edit(request, pk, file_pk):
    case, file = _load_for_change(request, pk, file_pk)
    with_relatives = may_on_case(request.user, case, CaseAction.RELATIVES)
    form = CaseFileForm(request.POST or None, instance=file, with_relatives=with_relatives)
    if request.method == "POST":
        if form.is_valid():
            actions.update_record(case=case, by=request.user, record=file, fields=form.cleaned_data)
            messages.success(request, _("The file's details were saved."))
            return redirect(_files_page(case))
        messages.error(request, _("The details were not saved: correct the fields marked below."))
    actions.log_case_view(case=case, by=request.user, form="file")
    return render(
        request, "casework/case_file_form.html", {"case": case, "file": file, "form": form}
    )


@login_required
def case_file_replace(request, pk, file_pk):
    case, file = _load_for_change(request, pk, file_pk)
    form = ReplaceFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                actions.replace_file(
                    case=case, by=request.user, file=file, upload=form.cleaned_data["file"]
                )
            except actions.UploadRefused as refusal:
                form.add_error("file", refusal.message)
            else:
                messages.success(
                    request,
                    _(
                        "The corrected file took the place of the old one, which is kept in "
                        "the case's history."
                    ),
                )
                return redirect(_files_page(case))
        messages.error(request, _("The file was not replaced: correct the field marked below."))
    actions.log_case_view(case=case, by=request.user, form="replace file")
    return render(
        request,
        "casework/case_file_form.html",
        {"case": case, "file": file, "form": form, "replace": True},
    )


@login_required
def case_file_remove(request, pk, file_pk):
    case, file = _load_for_change(request, pk, file_pk)
    if request.method == "POST":
        actions.remove_file(case=case, by=request.user, file=file)
        messages.success(
            request,
            _(
                "The file was removed. It is kept in the case's history, from which a "
                "coordinator can restore it."
            ),
        )
        return redirect(_files_page(case))
    actions.log_case_view(case=case, by=request.user, form="remove file")
    return render(request, "casework/case_file_remove.html", {"case": case, "file": file})
