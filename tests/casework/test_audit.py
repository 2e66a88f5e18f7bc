"""Every read and write of a case leaves exactly one audit event, with no personal data in it,
and the audit log cannot be changed afterwards (DESIGN.md section 2, point 3)."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse

from casework import actions
from casework.models import AuditEvent, Case, CaseShare, Relative
from tests.factories import ales_case, intake_data

CONTACT = "+48 600 100 200, Signal @ales_ts"


@pytest.fixture
def case(vera_volunteer):
    """vera's case of Ales, with the contact details and city that must not reach the log."""
    return ales_case(vera_volunteer, contact=CONTACT, city="Białystok")


def last_event_pk() -> int:
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def events_since(pk: int) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(pk__gt=pk).order_by("pk"))


def personal_data(case: Case) -> list[str]:
    person = case.person
    texts = [person.full_name, *person.full_name.split(), person.contact, person.city]
    texts += [name.text for name in person.names.all()]
    texts += [part for name in person.names.all() for part in name.text.split()]
    texts += ["+48 600 100 200", "@ales_ts"]
    for relative in Relative.objects.filter(case=case):
        texts += [relative.name, relative.location]
    return [text for text in texts if text]


def assert_no_personal_data(case: Case) -> None:
    texts = personal_data(case)
    assert texts
    leaks = [
        (event.action, event.detail)
        for event in AuditEvent.objects.all()
        for text in texts
        if text.casefold() in event.detail.casefold()
    ]
    assert leaks == []


def assert_one_event(since: int, *, action: str, user, case: Case) -> AuditEvent:
    events = events_since(since)
    assert [(e.action, e.user, e.case) for e in events] == [(action, user, case)]
    assert_no_personal_data(case)
    return events[0]


def edit_data(case: Case, **changes) -> dict:
    data = {
        "case-status": "open",
        "case-host_country": "PL",
        "case-opened_on": case.opened_on.isoformat(),
        "case-consent_recorded_on": "",
        "case-summary": "Red notice confirmed; CCF request drafted.",
        "case-version": str(case.version),
        "person-full_name": case.person.full_name,
        "person-birth_date": "",
        "person-citizenship": "BY",
        "person-residence_country": "PL",
        "person-city": case.person.city,
        "person-languages": "be, ru, pl",
        "person-contact": case.person.contact,
        "names-TOTAL_FORMS": "1",
        "names-INITIAL_FORMS": "0",
        "names-MIN_NUM_FORMS": "0",
        "names-MAX_NUM_FORMS": "20",
        "names-0-text": "Алесь Ціхановіч",
        "names-0-script": "be-Cyrl",
        "names-0-kind": "native",
    }
    data.update(changes)
    return data


def test_viewing_a_case_writes_one_view_event(login, vera_volunteer, case):
    client = login(vera_volunteer)
    since = last_event_pk()
    assert client.get(case.get_absolute_url()).status_code == 200
    event = assert_one_event(since, action="view", user=vera_volunteer, case=case)
    assert event.at is not None


def test_a_refused_view_writes_no_case_event(login, viktor_volunteer, case):
    client = login(viktor_volunteer)
    since = last_event_pk()
    assert client.get(case.get_absolute_url()).status_code == 404
    assert events_since(since) == []


def test_taking_in_a_case_writes_one_create_event(login, vera_volunteer):
    client = login(vera_volunteer)
    since = last_event_pk()
    response = client.post(reverse("casework:case_create"), intake_data("Hanna Kavalenka"))
    case = Case.objects.get(person__full_name="Hanna Kavalenka")
    assert response.status_code == 302
    assert response.url == case.get_absolute_url()
    assert_one_event(since, action="create", user=vera_volunteer, case=case)
    assert "Hanna" in personal_data(case)
    assert "Ганна Каваленка" in personal_data(case)


def test_editing_a_case_writes_one_edit_event(login, vera_volunteer, case):
    client = login(vera_volunteer)
    since = last_event_pk()
    response = client.post(reverse("casework:case_edit", args=[case.pk]), edit_data(case))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.summary == "Red notice confirmed; CCF request drafted."
    assert_one_event(since, action="edit", user=vera_volunteer, case=case)


def test_assigning_a_case_writes_one_assign_event(
    login, olga_coordinator, viktor_volunteer, vera_volunteer, case
):
    client = login(olga_coordinator)
    since = last_event_pk()
    response = client.post(
        reverse("casework:case_assign", args=[case.pk]), {"volunteers": [viktor_volunteer.pk]}
    )
    assert response.status_code == 302
    assert list(case.assigned_to.all()) == [viktor_volunteer]
    assert_one_event(since, action="assign", user=olga_coordinator, case=case)


def test_sharing_a_case_writes_one_share_event(login, olga_coordinator, lev_lawyer, case):
    client = login(olga_coordinator)
    since = last_event_pk()
    response = client.post(
        reverse("casework:case_share", args=[case.pk]),
        {"user": lev_lawyer.pk, "include_relatives": "on"},
    )
    assert response.status_code == 302
    assert CaseShare.objects.get(case=case).user == lev_lawyer
    assert_one_event(since, action="share", user=olga_coordinator, case=case)


def test_closing_a_case_writes_one_close_event(login, olga_coordinator, case):
    client = login(olga_coordinator)
    since = last_event_pk()
    response = client.post(
        reverse("casework:case_close", args=[case.pk]), {"reason": "Granted protection."}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "closed"
    event = assert_one_event(since, action="close", user=olga_coordinator, case=case)
    # The reason is free text about the person: it belongs to the case, not the log.
    assert "Granted protection." not in event.detail


def test_reopening_a_case_writes_one_reopen_event(login, olga_coordinator, case):
    actions.close_case(case=case, by=olga_coordinator, reason="Granted protection.")
    client = login(olga_coordinator)
    since = last_event_pk()
    response = client.post(
        reverse("casework:case_reopen", args=[case.pk]), {"reason": "Ales Tsikhanovich is back."}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "open"
    event = assert_one_event(since, action="reopen", user=olga_coordinator, case=case)
    assert "is back" not in event.detail


def test_no_audit_detail_names_the_person_or_relatives(
    login, olga_coordinator, vera_volunteer, lev_lawyer, case
):
    client = login(vera_volunteer)
    client.post(
        reverse("casework:relatives_new", args=[case.pk]),
        {"relationship": "mother", "name": "Halina Tsikhanovich", "location": "Hrodna"},
    )
    relative = Relative.objects.get(case=case)
    client.post(
        reverse("casework:pressure_event_create", args=[case.pk, relative.pk]),
        {"occurred_on": "2025-03-01", "kind": "visit", "details": "KGB visit"},
    )
    client.post(reverse("casework:case_edit", args=[case.pk]), edit_data(case))
    client = login(olga_coordinator)
    client.post(
        reverse("casework:case_share", args=[case.pk]),
        {"user": lev_lawyer.pk, "include_relatives": "on"},
    )
    client.get(case.get_absolute_url())
    assert "Tsikhanovich" in personal_data(case)
    assert AuditEvent.objects.filter(case=case).count() >= 6
    assert "Halina Tsikhanovich" in personal_data(case)
    assert_no_personal_data(case)


# Append-only


@pytest.fixture
def event(login, vera_volunteer, case):
    login(vera_volunteer).get(case.get_absolute_url())
    return AuditEvent.objects.get(case=case, action="view")


def test_an_audit_event_cannot_be_saved_again(event):
    event.action = "edit"
    event.detail = "rewritten"
    with pytest.raises(TypeError):
        event.save()
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.action, stored.detail) == ("view", "")


def test_an_audit_event_cannot_be_deleted(event):
    with pytest.raises(TypeError):
        event.delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_audit_querysets_refuse_update_and_delete(event):
    with pytest.raises(TypeError):
        AuditEvent.objects.filter(pk=event.pk).update(detail="rewritten")
    with pytest.raises(TypeError):
        AuditEvent.objects.all().update(user=None)
    with pytest.raises(TypeError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()
    event.detail = "rewritten"
    # bulk_update runs in its own transaction; the savepoint keeps the test's usable.
    with pytest.raises(TypeError), transaction.atomic():
        AuditEvent.objects.bulk_update([event], ["detail"])
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.detail == ""
    assert stored.user is not None


def test_admin_can_read_but_not_delete_audit_events(login, ada_admin, event):
    client = login(ada_admin)
    assert client.get(reverse("admin:casework_auditevent_changelist")).status_code == 200
    delete_url = reverse("admin:casework_auditevent_delete", args=[event.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    change_url = reverse("admin:casework_auditevent_change", args=[event.pk])
    assert client.post(change_url, {"action": "edit", "detail": "x"}).status_code == 403
    assert AuditEvent.objects.get(pk=event.pk).detail == ""
