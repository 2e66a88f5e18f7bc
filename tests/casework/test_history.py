"""Nothing is lost: every version of a case's records, the history page, restoring a removed
record, and what snoozes may do. Who reaches the pages at all is walked in test_access.py."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework import actions, deadlines
from casework.models import (
    AuditEvent,
    CaseTask,
    DeadlineSnooze,
    IdentityDocument,
    Note,
    PersonName,
    PressureEvent,
    Relative,
    Remedy,
    Risk,
)
from docs_app.summary import render_summary
from tests.casework.test_audit import edit_data
from tests.factories import day
from tests.reading import pdf_text

# What each kind of record is, how to add one, a change, and a value only the change has.
RECORDS = {
    "risk": (
        Risk,
        lambda case, by: actions.add_risk(
            case=case,
            by=by,
            fields={"kind": "surveillance", "severity": "medium", "details": "Followed by a car."},
        ),
        {"kind": "surveillance", "severity": "medium", "details": "Watched at the flat."},
        ("Followed by a car.", "Watched at the flat."),
    ),
    "remedy": (
        Remedy,
        lambda case, by: actions.add_remedy(
            case=case, by=by, fields={"kind": "alien_passport", "country": "PL"}
        ),
        {"kind": "alien_passport", "country": "PL", "status": "granted"},
        ("Considering", "Granted"),
    ),
    "document": (
        IdentityDocument,
        lambda case, by: actions.add_document(
            case=case,
            by=by,
            fields={"kind": "national_passport", "issuing_country": "BY", "number": "MP1111111"},
        ),
        {"kind": "national_passport", "issuing_country": "BY", "number": "MP2222222"},
        ("MP1111111", "MP2222222"),
    ),
    "relative": (
        Relative,
        lambda case, by: actions.add_relative(
            case=case, by=by, fields={"relationship": "mother", "name": "Halina Zubkova"}
        ),
        {"relationship": "mother", "name": "Halina Zubkova-Lis"},
        ("Halina Zubkova", "Halina Zubkova-Lis"),
    ),
    "note": (
        Note,
        lambda case, by: actions.add_note(
            case=case, by=by, fields={"kind": "contact", "text": "Called the embassy."}
        ),
        {"kind": "contact", "text": "Called the consulate."},
        ("Called the embassy.", "Called the consulate."),
    ),
}


def history_of(client, case) -> str:
    response = client.get(reverse("casework:case_history", args=[case.pk]))
    assert response.status_code == 200
    return response.content.decode()


def removal(model, pk):
    return model.history.get(id=pk, history_type="-")


def restore(client, case, kind, version):
    return client.post(
        reverse("casework:history_restore", args=[case.pk, kind, version.history_id]),
        follow=True,
    )


@pytest.mark.parametrize("kind", RECORDS)
def test_edit_keeps_the_old_version_and_removal_keeps_the_record(
    kind, login, vera_volunteer, olga_coordinator, vera_case
):
    model, add, change, (old, new) = RECORDS[kind]
    record = add(vera_case, vera_volunteer)
    actions.update_record(case=vera_case, by=vera_volunteer, record=record, fields=change)
    client = login(olga_coordinator)
    page = history_of(client, vera_case)
    assert old in page and new in page
    assert str(vera_volunteer) in page

    pk = record.pk
    actions.remove_record(case=vera_case, by=vera_volunteer, record=record)
    case_page = client.get(vera_case.get_absolute_url()).content.decode()
    assert new not in case_page
    assert new in history_of(client, vera_case)
    version = removal(model, pk)
    assert version.history_user == vera_volunteer
    page = history_of(client, vera_case)
    # Newest first: the removal, then the change, then the addition.
    assert (
        page.index('data-change="-"')
        < page.index('data-change="~"')
        < page.index('data-change="+"')
    )

    response = restore(client, vera_case, kind, version)
    assert "The record was restored." in response.content.decode()
    assert model.objects.filter(pk=pk).exists()
    assert new in client.get(vera_case.get_absolute_url()).content.decode()
    event = AuditEvent.objects.filter(case=vera_case, action="restore").get()
    assert event.user == olga_coordinator
    assert new not in event.detail


def test_restoring_twice_says_so(login, vera_volunteer, olga_coordinator, vera_case):
    note = RECORDS["note"][1](vera_case, vera_volunteer)
    pk = note.pk
    actions.remove_record(case=vera_case, by=vera_volunteer, record=note)
    client = login(olga_coordinator)
    restore(client, vera_case, "note", removal(Note, pk))
    response = restore(client, vera_case, "note", removal(Note, pk))
    assert response.status_code == 200
    assert "there is nothing to restore" in response.content.decode()
    assert Note.objects.filter(pk=pk).count() == 1


def test_a_pressure_event_of_a_removed_relative_cannot_come_back_alone(
    login, vera_volunteer, olga_coordinator, vera_case
):
    relative = RECORDS["relative"][1](vera_case, vera_volunteer)
    event = actions.add_pressure_event(
        case=vera_case,
        by=vera_volunteer,
        relative=relative,
        fields={"occurred_on": "2025-03-01", "kind": "visit", "details": "Visited at night."},
    )
    event_pk, relative_pk = event.pk, relative.pk
    actions.remove_record(case=vera_case, by=vera_volunteer, record=relative)
    assert not PressureEvent.objects.filter(pk=event_pk).exists()
    client = login(olga_coordinator)
    assert "Visited at night." in history_of(client, vera_case)

    response = restore(client, vera_case, "pressure", removal(PressureEvent, event_pk))
    assert response.status_code == 200
    assert "Restore that first." in response.content.decode()
    restore(client, vera_case, "relative", removal(Relative, relative_pk))
    restore(client, vera_case, "pressure", removal(PressureEvent, event_pk))
    assert PressureEvent.objects.filter(pk=event_pk, relative_id=relative_pk).exists()


def test_others_cannot_restore(login, vera_volunteer, lev_lawyer, olga_coordinator, vera_case):
    actions.share_case(case=vera_case, by=olga_coordinator, user=lev_lawyer, include_relatives=True)
    note = RECORDS["note"][1](vera_case, vera_volunteer)
    pk = note.pk
    actions.remove_record(case=vera_case, by=vera_volunteer, record=note)
    for user in (vera_volunteer, lev_lawyer):
        response = restore(login(user), vera_case, "note", removal(Note, pk))
        assert response.status_code == 404
    assert not Note.objects.filter(pk=pk).exists()
    assert "Restore" not in history_of(login(vera_volunteer), vera_case).split("</h1>")[1]


def test_a_removed_name_comes_back_to_the_name_search(
    login, vera_volunteer, olga_coordinator, vera_case
):
    person = vera_case.person
    spelling = PersonName.objects.create(
        person=person, text="Алесь Зубкоў", script="cyrl", kind="native"
    )
    pk = spelling.pk
    with_name = {"text": "Алесь Зубкоў", "script": "cyrl", "kind": "native"}
    others = [
        {"text": n.text, "script": n.script, "kind": n.kind} for n in person.names.exclude(pk=pk)
    ]
    actions.update_case(
        case=vera_case,
        by=vera_volunteer,
        expected_version=vera_case.version,
        case_data={},
        person_data={},
        names=others,
    )
    client = login(olga_coordinator)
    assert not PersonName.objects.filter(pk=pk).exists()
    assert removal(PersonName, pk).history_user == vera_volunteer
    assert "Алесь Зубкоў" in history_of(client, vera_case)
    search = reverse("casework:case_list") + "?q=Зубкоў"
    assert vera_case.reference not in client.get(search).content.decode()

    restore(client, vera_case, "name", removal(PersonName, pk))
    assert PersonName.objects.filter(pk=pk).exists()
    assert vera_case.reference in client.get(search).content.decode()
    assert with_name["text"] in client.get(vera_case.get_absolute_url()).content.decode()


def test_relatives_values_only_for_those_who_may_see_relatives(
    login, vera_volunteer, olga_coordinator, lev_lawyer, vera_case
):
    RECORDS["relative"][1](vera_case, vera_volunteer)
    actions.share_case(
        case=vera_case, by=olga_coordinator, user=lev_lawyer, include_relatives=False
    )
    assert "Halina Zubkova" not in history_of(login(lev_lawyer), vera_case)
    actions.share_case(case=vera_case, by=olga_coordinator, user=lev_lawyer, include_relatives=True)
    assert "Halina Zubkova" in history_of(login(lev_lawyer), vera_case)


def test_viewing_the_history_writes_one_view_event(login, vera_volunteer, vera_case):
    client = login(vera_volunteer)
    before = AuditEvent.objects.filter(case=vera_case).count()
    history_of(client, vera_case)
    events = AuditEvent.objects.filter(case=vera_case).order_by("-pk")
    assert events.count() == before + 1
    assert (events[0].action, events[0].detail) == ("view", "history")


def test_the_history_page_is_linked_from_the_case(login, vera_volunteer, vera_case):
    page = login(vera_volunteer).get(vera_case.get_absolute_url()).content.decode()
    assert reverse("casework:case_history", args=[vera_case.pk]) in page


def fill(case, by, n: int) -> None:
    for i in range(n):
        note = actions.add_note(case=case, by=by, fields={"kind": "contact", "text": f"N{i}"})
        actions.update_record(
            case=case, by=by, record=note, fields={"kind": "contact", "text": f"M{i}"}
        )
        risk = actions.add_risk(
            case=case, by=by, fields={"kind": "surveillance", "severity": "low"}
        )
        actions.remove_record(case=case, by=by, record=risk)


def test_the_history_page_costs_the_same_queries_whatever_its_size(
    login, vera_volunteer, vera_case, django_assert_num_queries
):
    client = login(vera_volunteer)
    fill(vera_case, vera_volunteer, 2)
    client.get(reverse("casework:case_history", args=[vera_case.pk]))
    with CaptureQueriesContext(connection) as small:
        history_of(client, vera_case)
    fill(vera_case, vera_volunteer, 30)
    with django_assert_num_queries(len(small.captured_queries)):
        page = history_of(client, vera_case)
    assert "Page 1 of" in page


def test_history_keeps_encrypted_fields_encrypted(vera_volunteer, vera_case):
    note = actions.add_note(
        case=vera_case, by=vera_volunteer, fields={"kind": "contact", "text": "SENTINEL-7731"}
    )
    actions.remove_record(case=vera_case, by=vera_volunteer, record=note)
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM casework_historicalnote")
        raw = [row[0] for row in cursor.fetchall()]
    assert len(raw) == 2
    assert all("SENTINEL" not in value for value in raw)
    assert Note.history.filter(history_type="-").get().text == "SENTINEL-7731"


# Snoozes


@pytest.fixture
def decision(vera_volunteer, vera_case):
    return actions.add_remedy(
        case=vera_case,
        by=vera_volunteer,
        fields={
            "kind": "alien_passport",
            "country": "PL",
            "status": "applied",
            "decision_due_on": day(20),
        },
    )


pytest_snooze = pytest.mark.usefixtures("frozen_today")


@pytest_snooze
def test_a_legal_deadline_cannot_be_snoozed_past_its_date(
    login, vera_volunteer, vera_case, decision
):
    client = login(vera_volunteer)
    url = reverse("casework:deadline_snooze", args=[vera_case.pk])
    key = f"remedy:{decision.pk}:decision"
    late = day(40).isoformat()
    response = client.post(url, {"item": key, "until": late, "reason": "Waiting for papers."})
    assert response.status_code == 200
    page = response.content.decode()
    assert "it comes back a week before it at the latest" in page
    assert f'value="{late}"' in page
    # Nor up to the day itself: it would be hidden from everyone until its last day.
    on_the_day = client.post(
        url, {"item": key, "until": day(20).isoformat(), "reason": "Waiting for papers."}
    )
    assert f"Choose {day(13).isoformat()} or an earlier day" in on_the_day.content.decode()
    assert not DeadlineSnooze.objects.exists()
    response = client.post(
        url, {"item": key, "until": day(13).isoformat(), "reason": "Waiting for papers."}
    )
    assert response.status_code == 302


@pytest_snooze
def test_a_legal_deadline_in_its_last_week_cannot_be_snoozed(login, vera_volunteer, vera_case):
    remedy = actions.add_remedy(
        case=vera_case,
        by=vera_volunteer,
        fields={
            "kind": "alien_passport",
            "country": "PL",
            "status": "applied",
            "decision_due_on": day(5),
        },
    )
    response = login(vera_volunteer).post(
        reverse("casework:deadline_snooze", args=[vera_case.pk]),
        {
            "item": f"remedy:{remedy.pk}:decision",
            "until": day(2).isoformat(),
            "reason": "Waiting for papers.",
        },
    )
    assert "is less than a week away: it cannot be snoozed" in response.content.decode()
    assert not DeadlineSnooze.objects.exists()


@pytest_snooze
def test_a_snooze_shows_to_everyone_and_can_be_ended(
    login, vera_volunteer, olga_coordinator, lev_lawyer, vera_case, decision
):
    actions.share_case(
        case=vera_case, by=olga_coordinator, user=lev_lawyer, include_relatives=False
    )
    key = f"remedy:{decision.pk}:decision"
    snooze = actions.snooze_item(
        case=vera_case, by=vera_volunteer, item_key=key, until=day(10), reason="Lawyer on leave."
    )
    shown = f"snoozed by {vera_volunteer} until {day(10):%-d %B %Y}: Lawyer on leave."
    for user in (olga_coordinator, lev_lawyer):
        assert shown in login(user).get(vera_case.get_absolute_url()).content.decode()

    client = login(olga_coordinator)
    response = client.post(reverse("casework:snooze_end", args=[vera_case.pk, snooze.pk]))
    assert response.status_code == 302
    page = client.get(vera_case.get_absolute_url()).content.decode()
    assert shown not in page
    assert DeadlineSnooze.objects.get(pk=snooze.pk).until == day(0)
    assert snooze.history.count() == 2
    assert AuditEvent.objects.filter(detail=f"snooze of {key} ended").count() == 1
    assert key in {item.key for item in deadlines.for_case(vera_case) if not item.snoozed_until}


def test_a_task_change_and_a_share_removal_are_kept(
    login, vera_volunteer, olga_coordinator, lev_lawyer, vera_case
):
    task = actions.add_task(
        case=vera_case,
        by=vera_volunteer,
        title="Book the visa slot",
        due_on=datetime.date(2030, 1, 1),
    )
    actions.complete_task(task=task, by=vera_volunteer)
    share = actions.share_case(
        case=vera_case, by=olga_coordinator, user=lev_lawyer, include_relatives=False
    )
    pk = share.pk
    actions.unshare_case(share=share, by=olga_coordinator)
    assert CaseTask.history.filter(id=task.pk).count() == 2
    client = login(olga_coordinator)
    page = history_of(client, vera_case)
    assert "Book the visa slot" in page
    assert str(lev_lawyer) in page
    restore(client, vera_case, "share", vera_case.shares.model.history.get(id=pk, history_type="-"))
    assert vera_case.shares.filter(user=lev_lawyer).exists()


def test_the_history_shows_field_and_choice_labels_and_whole_dates(
    login, vera_volunteer, olga_coordinator, vera_case
):
    risk = actions.add_risk(
        case=vera_case,
        by=vera_volunteer,
        fields={"kind": "surveillance", "severity": "medium", "review_on": "2030-02-03"},
    )
    actions.update_record(
        case=vera_case,
        by=vera_volunteer,
        record=risk,
        fields={"kind": "surveillance", "severity": "high", "review_on": "2030-03-04"},
    )
    page = history_of(login(olga_coordinator), vera_case)
    changed = page.split('data-change="~"')[1].split("</li>")[0]
    assert "Severity" in changed and "Review on" in changed
    assert "Medium" in changed and "High" in changed
    assert "3 February 2030" in changed and "4 March 2030" in changed
    # Only what changed: the kind stayed as it was.
    assert "Kind" not in changed


def test_a_removed_note_is_left_out_of_the_pdf_summary(vera_volunteer, vera_case):
    note = actions.add_note(
        case=vera_case, by=vera_volunteer, fields={"kind": "contact", "text": "Zqxnote gone."}
    )
    actions.remove_record(case=vera_case, by=vera_volunteer, record=note)
    pdf = render_summary(
        case=vera_case, user=vera_volunteer, sections=["notes"], purpose="Test", language="en"
    )
    assert "Zqxnote" not in pdf_text(pdf)
    assert [v.text for v in Note.history.filter(history_type="-")] == ["Zqxnote gone."]


def test_key_rotation_covers_the_history(settings, vera_volunteer, vera_case):
    from cryptography.fernet import Fernet

    # vera_case was written under the test key, which must stay readable to be rotated.
    (test_key,) = settings.FIELD_ENCRYPTION_KEYS
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [old, test_key]
    note = actions.add_note(
        case=vera_case, by=vera_volunteer, fields={"kind": "contact", "text": "Old"}
    )
    actions.remove_record(case=vera_case, by=vera_volunteer, record=note)
    settings.FIELD_ENCRYPTION_KEYS = [new, old, test_key]
    call_command("rotate_field_keys", stdout=io.StringIO())
    settings.FIELD_ENCRYPTION_KEYS = [new]
    assert {v.text for v in Note.history.all()} == {"Old"}


def test_restoring_a_risk_brings_the_risk_level_back(
    login, vera_volunteer, olga_coordinator, vera_case
):
    risk = vera_case.risks.get()
    assert vera_case.risk_level > 0
    pk = risk.pk
    actions.remove_record(case=vera_case, by=vera_volunteer, record=risk)
    vera_case.refresh_from_db()
    assert vera_case.risk_level == 0
    restore(login(olga_coordinator), vera_case, "risk", removal(Risk, pk))
    vera_case.refresh_from_db()
    assert vera_case.risk_level > 0


def test_editing_a_case_writes_versions_only_of_what_changed(login, vera_volunteer, vera_case):
    actions.update_case(
        case=vera_case,
        by=vera_volunteer,
        expected_version=vera_case.version,
        case_data={"summary": "Fled in 2021."},
        person_data={"full_name": vera_case.person.full_name},
        names=[
            {"text": n.text, "script": n.script, "kind": n.kind}
            for n in vera_case.person.names.all()
        ],
    )
    assert vera_case.history.count() == 2
    assert vera_case.person.history.count() == 1
    assert vera_case.history.first().history_user == vera_volunteer
    assert "Fled in 2021." in history_of(login(vera_volunteer), vera_case)


def test_shares_are_in_the_history_of_coordinators_only(
    login, vera_volunteer, olga_coordinator, lev_lawyer, vera_case
):
    actions.share_case(
        case=vera_case, by=olga_coordinator, user=lev_lawyer, include_relatives=False
    )
    assert "Include relatives" in history_of(login(olga_coordinator), vera_case)
    assert "Include relatives" not in history_of(login(vera_volunteer), vera_case)
    assert "Include relatives" not in history_of(login(lev_lawyer), vera_case)


def test_an_edit_through_the_case_form_keeps_the_version_before(login, vera_volunteer, vera_case):
    before = vera_case.summary
    client = login(vera_volunteer)
    response = client.post(
        reverse("casework:case_edit", args=[vera_case.pk]),
        edit_data(vera_case, **{"case-summary": "Summary after the hearing."}),
    )

    assert response.status_code == 302
    versions = list(vera_case.history.order_by("-history_date", "-history_id"))
    assert versions[0].summary == "Summary after the hearing."
    assert versions[0].history_user == vera_volunteer
    assert versions[1].summary == before
    page = client.get(reverse("casework:case_history", args=[vera_case.pk])).content.decode()
    assert "Summary after the hearing." in page


def test_an_addition_shows_only_what_was_added_and_a_change_both_sides(
    login, vera_volunteer, vera_case
):
    """An added record had nothing before: its entry has no empty "Before" column, which a
    phone would show as a line of "Before:" per field."""
    note = actions.add_note(
        case=vera_case, by=vera_volunteer, fields={"kind": "contact", "text": "Zqfirst."}
    )
    actions.update_record(
        case=vera_case, by=vera_volunteer, record=note, fields={"text": "Zqsecond."}
    )
    page = history_of(login(vera_volunteer), vera_case)
    added = page[page.index('data-change="+"') :]
    added = added[: added.index("</li>")]
    changed = page[page.index('data-change="~"') :]
    changed = changed[: changed.index("</li>")]
    assert 'class="before"' not in added and 'class="after" data-label="After"' in added
    assert 'class="before" data-label="Before"' in changed and "Zqfirst." in changed
