"""A coordinator downloads the summaries of a page of the case list as one ZIP (issue 3)."""

from __future__ import annotations

import datetime
import io
import zipfile
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from casework import actions, crypto
from casework.models import AuditEvent
from docs_app import actions as docs_actions
from docs_app import worker
from docs_app.models import ExportStatus, SummaryExport
from tests.factories import take_in
from tests.reading import pdf_text

EXPORT = reverse("docs_app:export_create")


@pytest.fixture
def office_cases(olga_coordinator, vera_volunteer):
    """Three cases of olga's office: two open, one closed."""
    first = take_in(vera_volunteer, full_name="Ales Kavaliou")
    second = take_in(olga_coordinator, full_name="Hanna Lis")
    third = take_in(olga_coordinator, full_name="Maryia Bialiatskaya")
    actions.set_case_status(case=first, by=olga_coordinator, status="open")
    actions.set_case_status(case=second, by=olga_coordinator, status="open")
    actions.close_case(case=third, by=olga_coordinator, reason="Moved away.")
    for case in (first, second, third):
        actions.add_note(
            case=case,
            by=olga_coordinator,
            fields={"kind": "contact", "text": f"Note of {case.reference}"},
        )
    return [first, second, third]


def export_of(response) -> SummaryExport:
    assert response.status_code == 302
    pk = int(urlsplit(response.url).path.rstrip("/").rsplit("/", 1)[-1])
    return SummaryExport.objects.get(pk=pk)


def test_the_list_offers_the_zip_of_its_current_page_to_coordinators(
    client, olga_coordinator, office_cases
):
    client.force_login(olga_coordinator)
    page = client.get(reverse("casework:case_list"), {"status": "open"}).content.decode()
    assert 'id="export-page"' in page
    link = page.split('id="export-page" href="')[1].split('"')[0].replace("&amp;", "&")
    assert urlsplit(link).path == EXPORT
    assert parse_qs(urlsplit(link).query) == {"status": ["open"], "page": ["1"]}

    form = client.get(link).content.decode()
    assert office_cases[0].reference in form
    assert office_cases[1].reference in form
    assert office_cases[2].reference not in form  # closed: not on this filtered page


@pytest.mark.parametrize("who", ["vera_volunteer", "lev_lawyer", "ada_admin"])
def test_others_than_coordinators_have_no_export(client, request, who, office_cases):
    user = request.getfixturevalue(who)
    client.force_login(user)
    assert 'id="export-page"' not in client.get(reverse("casework:case_list")).content.decode()
    assert client.get(EXPORT).status_code == 404
    assert client.post(EXPORT, {"purpose": "Files"}).status_code == 404
    assert not SummaryExport.objects.exists()


def test_anonymous_is_sent_to_login(client):
    response = client.get(EXPORT)
    assert response.status_code == 302
    assert urlsplit(response.url).path == reverse("login")


def test_purpose_is_required_and_typed_text_is_kept(client, olga_coordinator, office_cases):
    client.force_login(olga_coordinator)
    response = client.post(f"{EXPORT}?status=open", {"include": ["notes"], "purpose": ""})
    assert response.status_code == 200
    assert "Say what the summary is for and who will receive it." in response.content.decode()
    too_long = "x" * 201
    response = client.post(f"{EXPORT}?status=open", {"purpose": too_long})
    assert f'value="{too_long}"' in response.content.decode()
    assert not SummaryExport.objects.exists()


def test_an_empty_page_has_nothing_to_export(client, olga_coordinator, office_cases):
    client.force_login(olga_coordinator)
    response = client.post(f"{EXPORT}?q=nobody-by-this-name", {"purpose": "Files"})
    assert response.status_code == 200
    assert "nothing to print" in response.content.decode()
    assert not SummaryExport.objects.exists()


def test_request_build_and_download_once(client, olga_coordinator, office_cases):
    client.force_login(olga_coordinator)
    export = export_of(
        client.post(
            f"{EXPORT}?status=open", {"include": ["notes"], "purpose": "For the Warsaw lawyer"}
        )
    )
    assert export.case_ids == [office_cases[1].pk, office_cases[0].pk]  # the list's order
    assert export.status == ExportStatus.QUEUED

    page = client.get(export.get_absolute_url()).content.decode()
    assert "Waiting to start" in page
    assert "0 of 2 summaries made." in page
    assert 'hx-trigger="every 1s"' in page  # the page polls for progress

    worker.build_summary_export(export_id=export.pk)
    partial = client.get(export.get_absolute_url(), headers={"HX-Request": "true"})
    partial = partial.content.decode()
    assert "2 of 2 summaries made." in partial
    assert "Download the ZIP" in partial
    assert "hx-trigger" not in partial  # finished: polling stops
    assert "<html" not in partial

    prints = AuditEvent.objects.filter(action="print").order_by("pk")
    assert [event.case_id for event in prints] == [office_cases[1].pk, office_cases[0].pk]
    assert all(
        event.detail == f"export {export.pk}; language: en; sections: notes" for event in prints
    )
    assert all(event.purpose == "For the Warsaw lawyer" for event in prints)

    response = client.post(reverse("docs_app:export_download", args=[export.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert f'filename="{export.filename}"' in response["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        names = sorted(archive.namelist())
        assert names == sorted(f"{case.reference}.pdf" for case in office_cases[:2])
        for case in office_cases[:2]:
            text = pdf_text(archive.read(f"{case.reference}.pdf"))
            assert f"Note of {case.reference}" in text
            assert "For the Warsaw lawyer" in text
    exports = AuditEvent.objects.filter(action="export")
    assert sorted(exports.values_list("case_id", flat=True)) == sorted(
        case.pk for case in office_cases[:2]
    )
    assert {(event.user, event.ip, event.detail) for event in exports} == {
        (olga_coordinator, "127.0.0.1", f"export {export.pk}; language: en")
    }

    # Gone from the server once taken: a second download gets a message, not the ZIP.
    export.refresh_from_db()
    assert export.archive is None
    assert export.status == ExportStatus.DOWNLOADED
    again = client.post(reverse("docs_app:export_download", args=[export.pk]), follow=True)
    assert "no longer available" in again.content.decode()
    assert "Downloaded. The ZIP has been deleted from the server." in again.content.decode()
    assert AuditEvent.objects.filter(action="export").count() == 2


def test_download_before_the_zip_is_ready_gives_nothing(client, olga_coordinator, office_cases):
    client.force_login(olga_coordinator)
    export = export_of(client.post(f"{EXPORT}?status=open", {"purpose": "Files"}))
    response = client.post(reverse("docs_app:export_download", args=[export.pk]))
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action="export").exists()


def test_an_export_is_only_its_requesters(
    client, olga_coordinator, tomas_coordinator, warsaw, office_cases
):
    other_coordinator = actions.create_user(
        username="oleg_coordinator", role="coordinator", office=warsaw, password="x" * 16
    )
    client.force_login(olga_coordinator)
    export = export_of(client.post(f"{EXPORT}?status=open", {"purpose": "Files"}))
    worker.build_summary_export(export_id=export.pk)
    for outsider in (other_coordinator, tomas_coordinator):
        client.force_login(outsider)
        assert client.get(export.get_absolute_url()).status_code == 404
        assert client.post(reverse("docs_app:export_download", args=[export.pk])).status_code == (
            404
        )
    export.refresh_from_db()
    assert export.archive is not None
    client.logout()
    response = client.get(export.get_absolute_url())
    assert urlsplit(response.url).path == reverse("login")


def test_cases_the_requester_can_no_longer_print_are_left_out(world, office_cases):
    foreign = world.tomas_case
    export = docs_actions.request_summary_export(
        by=world.olga,
        case_ids=[office_cases[0].pk, foreign.pk],
        sections=[],
        purpose="Files",
        language="en",
    )
    export = worker.build_summary_export(export_id=export.pk)
    assert (export.done, export.skipped) == (1, 1)
    with zipfile.ZipFile(io.BytesIO(crypto.decrypt_bytes(bytes(export.archive)))) as archive:
        assert archive.namelist() == [f"{office_cases[0].reference}.pdf"]
    assert not AuditEvent.objects.filter(case=foreign, action="print").exists()


def test_a_failed_build_says_so_and_audits_no_print(
    client, olga_coordinator, office_cases, monkeypatch
):
    client.force_login(olga_coordinator)
    export = export_of(client.post(f"{EXPORT}?status=open", {"purpose": "Files"}))

    def broken(**kwargs):
        raise RuntimeError("renderer broke")

    monkeypatch.setattr("docs_app.worker.render_summary", broken)
    with pytest.raises(RuntimeError):
        worker.build_summary_export(export_id=export.pk)
    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED
    assert export.archive is None
    assert "could not be made" in client.get(export.get_absolute_url()).content.decode()
    assert not AuditEvent.objects.filter(action="print").exists()


def test_an_export_lasts_an_hour(client, olga_coordinator, office_cases):
    client.force_login(olga_coordinator)
    export = export_of(client.post(f"{EXPORT}?status=open", {"purpose": "Files"}))
    assert export.expires_at - export.created_at == datetime.timedelta(hours=1)


def test_an_expired_export_is_gone(client, olga_coordinator, office_cases, settings):
    settings.SUMMARY_EXPORT_LIFETIME = 0  # expired as soon as asked for
    client.force_login(olga_coordinator)
    export = export_of(client.post(f"{EXPORT}?status=open", {"purpose": "Files"}))
    assert worker.build_summary_export(export_id=export.pk) is None
    assert client.get(export.get_absolute_url()).status_code == 404
    download = reverse("docs_app:export_download", args=[export.pk])
    assert client.post(download).status_code == 404
    out = io.StringIO()
    call_command("purge_exports", stdout=out)
    assert "Deleted 1 expired export(s)." in out.getvalue()
    assert not SummaryExport.objects.filter(pk=export.pk).exists()
    assert not AuditEvent.objects.filter(action__in=["print", "export"]).exists()


def test_the_purge_is_queued_for_the_moment_the_export_expires(olga_coordinator, office_cases):
    export = docs_actions.request_summary_export(
        by=olga_coordinator,
        case_ids=[office_cases[0].pk],
        sections=[],
        purpose="Files",
        language="en",
    )
    purge = DBTaskResult.objects.get(task_path="docs_app.tasks.purge_summary_exports")
    assert purge.run_after == export.expires_at
    build = DBTaskResult.objects.get(task_path="docs_app.tasks.build_summary_export")
    assert build.args_kwargs["args"] == [export.pk]


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_builds_the_zip(client, olga_coordinator, office_cases):
    """The real path: the task is stored in the database and `manage.py db_worker` runs it."""
    client.force_login(olga_coordinator)
    export = export_of(client.post(f"{EXPORT}?status=open", {"purpose": "Files"}))
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO())
    export.refresh_from_db()
    assert export.status == ExportStatus.READY
    assert export.done == 2
    assert "Download the ZIP" in client.get(export.get_absolute_url()).content.decode()
