"""The document vault through its pages: uploading, listing, downloading, previewing,
changing, replacing and removing a case's files, and what each leaves in the audit log."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casework import actions
from casework.models import AuditAction, AuditEvent, CaseFile
from tests import factories
from tests.factories import attach, pdf_bytes, png_bytes, upload

pytestmark = pytest.mark.django_db


def files_url(case):
    return reverse("casework:case_files", args=[case.pk])


def file_url(name, file):
    return reverse(f"casework:{name}", args=[file.case_id, file.pk])


def stored_files(settings) -> list:
    return [path for path in settings.PRIVATE_FILES_DIR.rglob("*") if path.is_file()]


def events(case, action):
    return list(AuditEvent.objects.filter(case=case, action=action))


def post_upload(client, case, *files, **fields):
    data = {"kind": "court_decision", "title": "", "document_date": "", **fields}
    data["file"] = list(files)
    return client.post(files_url(case), data)


def test_a_volunteer_uploads_a_pdf_and_sees_it_on_the_case(login, vera_case, vera_volunteer):
    client = login(vera_volunteer)
    response = post_upload(
        client,
        vera_case,
        upload("verdict.pdf", pdf_bytes("Verdict in absentia")),
        title="Verdict in absentia",
        document_date="2024-03-12",
        may_leave="on",
    )
    assert response.status_code == 302
    assert response.url == files_url(vera_case)
    file = CaseFile.objects.get()
    assert (file.title, file.kind, file.content_type, file.pages) == (
        "Verdict in absentia",
        "court_decision",
        "application/pdf",
        1,
    )
    assert file.may_leave and not file.about_relatives
    assert file.uploaded_by == vera_volunteer
    assert len(file.sha256) == 64
    page = client.get(vera_case.get_absolute_url()).content.decode()
    assert "Verdict in absentia" in page
    assert file.sha256[:12] in page
    assert file_url("case_file_thumbnail", file) in page
    assert file_url("case_file", file) in page
    assert len(events(vera_case, AuditAction.FILE_UPLOAD)) == 1


def test_several_files_at_once_are_numbered(login, vera_case, vera_volunteer):
    client = login(vera_volunteer)
    response = post_upload(
        client,
        vera_case,
        upload("p1.jpg.png", png_bytes()),
        upload("p2.png", png_bytes(color="teal")),
        title="Passport",
        kind="passport_scan",
    )
    assert response.status_code == 302
    titles = sorted(CaseFile.objects.values_list("title", flat=True))
    assert titles == ["Passport (1 of 2)", "Passport (2 of 2)"]
    assert len(events(vera_case, AuditAction.FILE_UPLOAD)) == 2


def test_a_file_without_a_title_is_named_after_the_file(login, vera_case, vera_volunteer):
    post_upload(login(vera_volunteer), vera_case, upload("Summons 2025.pdf", pdf_bytes()))
    assert CaseFile.objects.get().title == "Summons 2025"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("scan.pdf", b"<!doctype html><html><script>alert(1)</script></html>", "web page"),
        ("empty.pdf", b"", "is empty"),
        ("photo.png", pdf_bytes(), "not what its name says"),
        ("../../scan\x01.pdf", b"<html><body>hi</body></html>", "web page"),
    ],
)
def test_a_refused_file_leaves_nothing_and_keeps_the_other_fields(
    login, vera_case, vera_volunteer, settings, name, content, message
):
    response = post_upload(
        login(vera_volunteer),
        vera_case,
        upload(name, content),
        title="Kept title",
        document_date="2025-12-03",
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert any(message in str(error) for error in form.errors["file"]), form.errors
    page = response.content.decode()
    assert 'value="Kept title"' in page
    assert "2025-12-03" in page
    assert CaseFile.objects.count() == 0
    assert stored_files(settings) == []
    assert events(vera_case, AuditAction.FILE_UPLOAD) == []


def test_an_oversized_file_is_refused_before_it_is_read(login, vera_case, vera_volunteer, settings):
    settings.CASE_FILE_MAX_MB = 1
    big = pdf_bytes() + b"%" + b"0" * (1024 * 1024)
    response = post_upload(login(vera_volunteer), vera_case, upload("big.pdf", big))
    assert response.status_code == 200
    assert "a file may be up to 1 MB" in str(response.context["form"].errors["file"])
    assert stored_files(settings) == []


def test_one_bad_file_stores_none_of_the_upload(login, vera_case, vera_volunteer, settings):
    response = post_upload(
        login(vera_volunteer),
        vera_case,
        upload("good.pdf", pdf_bytes()),
        upload("bad.pdf", b"<html></html>"),
    )
    assert response.status_code == 200
    assert "bad.pdf:" in str(response.context["form"].errors["file"])
    assert CaseFile.objects.count() == 0
    assert stored_files(settings) == []


def test_path_and_control_characters_in_a_name_never_reach_the_storage(
    login, vera_case, vera_volunteer, settings
):
    # Django keeps only the last part of an upload's name, without control characters; the
    # vault names what it stores itself.
    post_upload(
        login(vera_volunteer), vera_case, upload("../../../etc/evil\x07\u202e.pdf", pdf_bytes())
    )
    file = CaseFile.objects.get()
    assert file.title == "evil"
    assert ".." not in file.storage_name and "evil" not in file.storage_name
    assert all(settings.PRIVATE_FILES_DIR in path.parents for path in stored_files(settings))


def test_the_quota_of_an_office_refuses_more(login, vera_case, vera_volunteer, settings):
    attach(vera_case, vera_volunteer)
    settings.OFFICE_FILES_QUOTA_GB = CaseFile.objects.get().size / 1024**3
    response = post_upload(login(vera_volunteer), vera_case, upload("more.pdf", pdf_bytes()))
    assert response.status_code == 200
    assert "reached their limit" in str(response.context["form"].errors["file"])
    assert CaseFile.objects.count() == 1


def test_download_is_the_cleaned_original_audited_and_never_rendered(
    login, vera_case, vera_volunteer
):
    file = attach(vera_case, vera_volunteer, title="Summons")
    response = login(vera_volunteer).get(file_url("case_file", file))
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF-")
    assert len(body) == file.size
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert vera_case.reference in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert "sandbox" in response["Content-Security-Policy"]
    (event,) = events(vera_case, AuditAction.FILE_DOWNLOAD)
    assert event.user == vera_volunteer
    assert event.detail == f"CaseFile {file.pk} downloaded"


def test_preview_and_thumbnail_are_pngs_made_by_the_server(login, vera_case, vera_volunteer):
    file = attach(vera_case, vera_volunteer)
    client = login(vera_volunteer)
    thumbnail = client.get(file_url("case_file_thumbnail", file))
    assert thumbnail["Content-Type"] == "image/png"
    assert thumbnail.content.startswith(b"\x89PNG")
    assert "no-store" in thumbnail["Cache-Control"]
    preview = client.get(file_url("case_file_preview", file))
    assert preview.status_code == 200
    assert 'src="data:image/png;base64,' in preview.content.decode()
    assert "no-store" in preview["Cache-Control"]
    details = [e.detail for e in events(vera_case, AuditAction.FILE_PREVIEW)]
    assert sorted(details) == [f"CaseFile {file.pk} previewed", f"CaseFile {file.pk} thumbnail"]


def test_details_of_a_file_are_changed(login, vera_case, vera_volunteer):
    file = attach(vera_case, vera_volunteer)
    response = login(vera_volunteer).post(
        file_url("case_file_edit", file),
        {"kind": "summons", "title": "Summons to the KGB", "document_date": "", "may_leave": "on"},
    )
    assert response.status_code == 302
    file.refresh_from_db()
    assert (file.kind, file.title, file.may_leave) == ("summons", "Summons to the KGB", True)


def test_a_file_is_replaced_by_a_corrected_scan(login, vera_case, vera_volunteer):
    old = attach(vera_case, vera_volunteer, title="Blurred scan", may_leave=True)
    response = login(vera_volunteer).post(
        file_url("case_file_replace", old), {"file": upload("better.pdf", pdf_bytes("Sharp"))}
    )
    assert response.status_code == 302
    new = CaseFile.objects.get()
    assert new.pk != old.pk
    assert (new.title, new.kind, new.may_leave, new.replaces_id) == (
        "Blurred scan",
        "court_decision",
        True,
        None,  # the file it replaced is removed: the link is cleared with it
    )
    assert CaseFile.history.filter(id=old.pk, history_type="-").exists()
    assert len(events(vera_case, AuditAction.FILE_UPLOAD)) == 2
    assert len(events(vera_case, AuditAction.FILE_REMOVE)) == 1


def test_a_removed_file_is_gone_but_kept_in_the_history_and_restored(
    login, vera_case, vera_volunteer, olga_coordinator
):
    file = attach(vera_case, vera_volunteer, title="Old decision")
    client = login(vera_volunteer)
    assert client.post(file_url("case_file_remove", file)).status_code == 302
    assert not CaseFile.objects.exists()
    for name in ("case_file", "case_file_preview", "case_file_thumbnail", "case_file_edit"):
        assert client.get(file_url(name, file)).status_code == 404, name
    (event,) = events(vera_case, AuditAction.FILE_REMOVE)
    assert event.detail == f"CaseFile {file.pk} removed"
    history = client.get(reverse("casework:case_history", args=[vera_case.pk])).content.decode()
    assert "Old decision" in history
    # The sealed content stays: a coordinator brings the file back as it was.
    version = CaseFile.history.get(id=file.pk, history_type="-")
    actions.restore_record(case=vera_case, by=olga_coordinator, version=version)
    restored = CaseFile.objects.get()
    response = login(olga_coordinator).get(file_url("case_file", restored))
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_history_never_shows_where_a_file_is_or_its_key(login, vera_case, vera_volunteer):
    file = attach(vera_case, vera_volunteer)
    history = login(vera_volunteer).get(reverse("casework:case_history", args=[vera_case.pk]))
    page = history.content.decode()
    assert file.storage_name not in page
    assert file.key not in page


def test_a_closed_case_takes_no_files(login, vera_case, vera_volunteer, olga_coordinator):
    file = attach(vera_case, vera_volunteer)
    actions.close_case(case=vera_case, by=olga_coordinator, reason="Moved on.")
    client = login(vera_volunteer)
    assert post_upload(client, vera_case, upload("x.pdf", pdf_bytes())).status_code == 404
    assert client.get(file_url("case_file_remove", file)).status_code == 404
    # Reading stays.
    assert client.get(file_url("case_file", file)).status_code == 200
    page = client.get(files_url(vera_case)).content.decode()
    assert "Add files" not in page


def test_legal_aid_adds_files_and_changes_only_its_own(
    login, vera_case, vera_volunteer, olga_coordinator, lev_lawyer
):
    actions.share_case(
        case=vera_case, by=olga_coordinator, user=lev_lawyer, include_relatives=False
    )
    theirs = attach(vera_case, vera_volunteer)
    client = login(lev_lawyer)
    response = post_upload(
        client, vera_case, upload("ccf.pdf", pdf_bytes()), kind="ccf_correspondence"
    )
    assert response.status_code == 302
    own = CaseFile.objects.get(uploaded_by=lev_lawyer)
    assert client.get(file_url("case_file_remove", theirs)).status_code == 404
    assert client.get(file_url("case_file_remove", own)).status_code == 200


def test_files_about_relatives_need_the_right_to_see_relatives(
    login, vera_case, vera_volunteer, olga_coordinator, lev_lawyer
):
    actions.share_case(
        case=vera_case, by=olga_coordinator, user=lev_lawyer, include_relatives=False
    )
    hidden = attach(vera_case, vera_volunteer, title="Mother's summons", about_relatives=True)
    client = login(lev_lawyer)
    for name in ("case_file", "case_file_preview", "case_file_thumbnail"):
        assert client.get(file_url(name, hidden)).status_code == 404, name
    for url in (vera_case.get_absolute_url(), files_url(vera_case)):
        assert "Mother&#x27;s summons" not in client.get(url).content.decode()
    history = client.get(reverse("casework:case_history", args=[vera_case.pk]))
    assert "Mother&#x27;s summons" not in history.content.decode()
    # Legal aid without relatives is not offered the box either.
    assert "about_relatives" not in client.get(files_url(vera_case)).context["form"].fields
    assert client.get(file_url("case_file", hidden)).status_code == 404
    # Shared with relatives, it is there.
    actions.unshare_case(by=olga_coordinator, share=vera_case.shares.get(user=lev_lawyer))
    actions.share_case(case=vera_case, by=olga_coordinator, user=lev_lawyer, include_relatives=True)
    assert client.get(file_url("case_file", hidden)).status_code == 200


def test_a_file_of_another_case_is_not_found_under_this_one(login, world):
    cast = world
    other = factories.take_in(cast.olga)
    file = attach(other, cast.olga)
    client = login(cast.vera)
    for name in ("case_file", "case_file_preview", "case_file_thumbnail"):
        url = reverse(f"casework:{name}", args=[cast.vera_case.pk, file.pk])
        assert client.get(url).status_code == 404, name


def test_the_audit_log_says_what_was_done_to_files_in_words(
    login, vera_case, vera_volunteer, olga_coordinator
):
    file = attach(vera_case, vera_volunteer)
    client = login(vera_volunteer)
    for _ in range(3):
        client.get(file_url("case_file_thumbnail", file))
    b"".join(client.get(file_url("case_file", file)).streaming_content)
    client.get(file_url("case_file_preview", file))
    client.post(file_url("case_file_remove", file))
    page = login(olga_coordinator).get(reverse("casework:audit_log")).content.decode()
    for words in ("File added", "File downloaded", "File previewed", "File removed"):
        assert words in page, words
    # A case page's thumbnails, one event each, are one line.
    assert "<summary>3 file thumbnails shown</summary>" in page
    assert "CaseFile" not in page


def test_with_clamav_every_upload_is_scanned_and_malware_refused(
    login, vera_case, vera_volunteer, settings, tmp_path
):
    from tests.vault.test_clamav import EICAR, FakeClamd

    client = login(vera_volunteer)
    clean = FakeClamd(tmp_path / "clamd.sock")
    clean.start()
    settings.CLAMD_SOCKET = str(clean.path)
    content = pdf_bytes("Scanned")
    assert post_upload(client, vera_case, upload("ok.pdf", content)).status_code == 302
    clean.stop()
    assert clean.received == [content]
    (tmp_path / "clamd.sock").unlink()
    infected = FakeClamd(tmp_path / "clamd.sock")
    infected.start()
    # Malware in a PDF's bytes: the scanner sees the upload as sent, before any cleaning.
    response = post_upload(
        client, vera_case, upload("bad.pdf", pdf_bytes("x") + EICAR), title="Kept"
    )
    infected.stop()
    assert response.status_code == 200
    assert "found malware" in str(response.context["form"].errors["file"])
    assert CaseFile.objects.count() == 1
    # No scanner answering: nothing is stored unscanned.
    response = post_upload(client, vera_case, upload("late.pdf", content))
    assert "could not check" in str(response.context["form"].errors["file"])
    assert CaseFile.objects.count() == 1


def test_the_private_directory_may_not_be_a_served_one(settings):
    from casework.checks import check_private_files_dir

    assert check_private_files_dir(None) == []
    settings.PRIVATE_FILES_DIR = settings.BASE_DIR / "static" / "casefiles"
    (error,) = check_private_files_dir(None)
    assert error.id == "casework.E003"
