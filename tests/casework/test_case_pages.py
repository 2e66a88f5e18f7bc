"""What caseworkers do on the case pages: intake, the records of a case, coordination,
legal aid on shared cases, and the dashboard."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from casework import actions
from casework.items import ITEM_KINDS
from casework.models import (
    Case,
    CaseShare,
    CaseStatus,
    IdentityDocument,
    Note,
    PersonName,
    PressureEvent,
    Relative,
    Remedy,
    Risk,
)
from tests.factories import intake_data
from tests.reading import text_of


def case_page(client, case: Case) -> str:
    response = client.get(case.get_absolute_url())
    assert response.status_code == 200
    return text_of(response)


def add_relative(case: Case, by, **data) -> Relative:
    data = {"relationship": "mother", "name": "Liudmila Tsikhanovich", **data}
    return actions.add_relative(case=case, by=by, fields=data)


# Intake


def test_intake_creates_case_with_names_and_risks(login, vera_volunteer):
    client = login(vera_volunteer)
    response = client.post(reverse("casework:case_create"), intake_data(), follow=True)

    case = Case.objects.get()
    year = timezone.localdate().year
    assert case.reference == f"PL-{year}-0001"
    assert response.redirect_chain[-1][0] == case.get_absolute_url()
    assert set(case.person.names.values_list("text", "script", "kind")) == {
        ("Ганна Каваленка", "be-Cyrl", "native"),
        ("Анна Коваленко", "ru-Cyrl", "other"),
        ("Anna Kovalenko", "Latn", "passport"),
        # The full name is the first spelling, with the kind chosen beside it.
        ("Hanna Kavalenka", "Latn", "native"),
    }
    assert list(case.risks.values_list("kind", "severity", "status", "details")) == [
        ("arrest_warrant", "high", "confirmed", "Warrant issued in Minsk")
    ]
    assert list(case.assigned_to.all()) == [vera_volunteer]
    page = text_of(response)
    assert f"PL-{year}-0001" in page
    for name in ["Hanna Kavalenka", "Ганна Каваленка", "Анна Коваленко", "Anna Kovalenko"]:
        assert name in page
    assert "Warrant issued in Minsk" in page


def test_intake_numbers_cases_in_sequence(login, vera_volunteer):
    client = login(vera_volunteer)
    client.post(reverse("casework:case_create"), intake_data())
    client.post(reverse("casework:case_create"), intake_data(full_name="Ales Bialiatski"))

    year = timezone.localdate().year
    assert sorted(Case.objects.values_list("reference", flat=True)) == [
        f"PL-{year}-0001",
        f"PL-{year}-0002",
    ]


def test_intake_in_vilnius_office_uses_lithuanian_reference(login, tomas_coordinator):
    response = login(tomas_coordinator).post(
        reverse("casework:case_create"), intake_data(**{"case-host_country": "LT"}), follow=True
    )

    assert response.status_code == 200
    assert f"LT-{timezone.localdate().year}-0001" in text_of(response)
    assert Case.objects.get().office == tomas_coordinator.office


def test_intake_ignores_blank_risk_rows(login, vera_volunteer):
    data = intake_data(
        **{
            "risks-0-kind": "",
            "risks-0-severity": "",
            "risks-0-status": "suspected",
            "risks-0-details": "",
        }
    )
    response = login(vera_volunteer).post(reverse("casework:case_create"), data)

    assert response.status_code == 302
    case = Case.objects.get()
    assert case.risks.count() == 0
    assert case.risk_level == 0


def test_intake_with_a_mistake_saves_nothing_and_keeps_the_text(login, vera_volunteer):
    data = intake_data(**{"risks-0-severity": ""})
    response = login(vera_volunteer).post(reverse("casework:case_create"), data)

    assert response.status_code == 200
    assert Case.objects.count() == 0
    assert PersonName.objects.count() == 0
    assert "Ганна Каваленка" in text_of(response)


@pytest.mark.parametrize("user_fixture", ["lev_lawyer", "ada_admin"])
def test_intake_is_not_found_for_legal_aid_and_admin(request, login, user_fixture):
    client = login(request.getfixturevalue(user_fixture))

    assert client.get(reverse("casework:case_create")).status_code == 404
    assert client.post(reverse("casework:case_create"), intake_data()).status_code == 404
    assert Case.objects.count() == 0


def test_intake_asks_anonymous_user_to_log_in(client, db):
    response = client.get(reverse("casework:case_create"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# Records on the case page: add, edit, remove


ITEMS = {
    "risks": (
        Risk,
        {
            "kind": "surveillance",
            "severity": "medium",
            "status": "suspected",
            "identified_on": "2025-01-10",
            "details": "Car parked outside every night",
        },
        {"details": "Seen photographing the protest"},
    ),
    "remedies": (
        Remedy,
        {
            "kind": "alien_passport",
            "country": "PL",
            "status": "preparing",
            "authority": "Mazowiecki Urząd Wojewódzki",
            "notes": "Photographs still missing",
        },
        {"status": "applied", "applied_on": "2025-02-03", "notes": "Application filed in person"},
    ),
    "documents": (
        IdentityDocument,
        {
            "kind": "national_passport",
            "issuing_country": "BY",
            "number": "MP1234567",
            "issued_on": "2015-06-01",
            "expires_on": "2025-06-01",
        },
        {"number": "KH7654321"},
    ),
    "relatives": (
        Relative,
        {"relationship": "brother", "name": "Siarhei Tsikhanovich", "location": "Homel"},
        {"name": "Siarzhuk Tsikhanovich"},
    ),
    "notes": (
        Note,
        {"kind": "contact", "text": "Called on Signal, agreed to meet"},
        {"text": "Met at the office, brought the summons"},
    ),
}


def _shown(data: dict) -> str:
    """The value of a record that the case page prints as it was typed."""
    for field in ("details", "notes", "number", "name", "text"):
        if field in data:
            return data[field]
    raise AssertionError(data)


@pytest.mark.parametrize("slug", ITEMS)
def test_assigned_volunteer_adds_edits_and_removes_a_record(login, vera_volunteer, vera_case, slug):
    model, data, changes = ITEMS[slug]
    client = login(vera_volunteer)
    records = ITEM_KINDS[slug].queryset(vera_case)
    existing = set(records.values_list("pk", flat=True))

    response = client.post(reverse(f"casework:{slug}_new", args=[vera_case.pk]), data)
    assert response.status_code == 302
    assert response.url.startswith(vera_case.get_absolute_url())
    assert _shown(data) in case_page(client, vera_case)

    item = records.exclude(pk__in=existing).get()
    response = client.post(
        reverse(f"casework:{slug}_edit", args=[vera_case.pk, item.pk]), {**data, **changes}
    )
    assert response.status_code == 302
    page = case_page(client, vera_case)
    assert _shown(changes) in page
    assert _shown(data) not in page

    delete_url = reverse(f"casework:{slug}_delete", args=[vera_case.pk, item.pk])
    assert client.get(delete_url).status_code == 200
    assert model.objects.filter(pk=item.pk).exists()
    assert client.post(delete_url).status_code == 302
    assert not model.objects.filter(pk=item.pk).exists()
    assert _shown(changes) not in case_page(client, vera_case)


def test_volunteer_records_pressure_on_a_relative(login, vera_volunteer, vera_case):
    relative = add_relative(vera_case, vera_volunteer)
    client = login(vera_volunteer)
    data = {"occurred_on": "2025-03-14", "kind": "summons", "details": "Summoned to the KGB"}

    response = client.post(
        reverse("casework:pressure_event_create", args=[vera_case.pk, relative.pk]), data
    )
    assert response.status_code == 302
    event = PressureEvent.objects.get(relative=relative)
    page = case_page(client, vera_case)
    assert "Summoned to the KGB" in page
    assert "Summons" in page

    client.post(
        reverse("casework:pressure_events_edit", args=[vera_case.pk, event.pk]),
        {**data, "kind": "search", "details": "Flat searched at dawn"},
    )
    page = case_page(client, vera_case)
    assert "Flat searched at dawn" in page
    assert "Summoned to the KGB" not in page

    client.post(reverse("casework:pressure_events_delete", args=[vera_case.pk, event.pk]))
    assert not PressureEvent.objects.exists()
    assert "Flat searched at dawn" not in case_page(client, vera_case)


def test_pressure_event_for_another_cases_relative_is_not_found(
    login, vera_volunteer, vera_case, make_case
):
    other_case = make_case(vera_volunteer)
    other_relative = add_relative(other_case, vera_volunteer)
    url = reverse("casework:pressure_event_create", args=[vera_case.pk, other_relative.pk])

    response = login(vera_volunteer).post(url, {"occurred_on": "2025-03-14", "kind": "visit"})

    assert response.status_code == 404
    assert not PressureEvent.objects.exists()


@pytest.mark.parametrize("slug", ITEMS)
def test_unassigned_volunteer_cannot_add_records(login, viktor_volunteer, vera_case, slug):
    _, data, _ = ITEMS[slug]
    records = ITEM_KINDS[slug].queryset(vera_case)
    count = records.count()
    url = reverse(f"casework:{slug}_new", args=[vera_case.pk])

    assert login(viktor_volunteer).post(url, data).status_code == 404
    assert records.count() == count


def test_records_form_with_a_mistake_is_shown_again(login, vera_volunteer, vera_case):
    data = {**ITEMS["risks"][1], "review_on": "2020-01-01"}

    response = login(vera_volunteer).post(reverse("casework:risks_new", args=[vera_case.pk]), data)

    assert response.status_code == 200
    assert "The review date is before the date the risk was identified." in text_of(response)
    assert "Car parked outside every night" in text_of(response)
    assert vera_case.risks.count() == 1


def test_risks_are_listed_critical_first(login, vera_volunteer, make_case):
    case = make_case(vera_volunteer)
    for severity in ["low", "critical", "medium", "high"]:
        actions.add_risk(
            case=case,
            by=vera_volunteer,
            fields={"kind": "other", "severity": severity, "details": f"{severity} marker"},
        )

    page = case_page(login(vera_volunteer), case)

    positions = [page.index(f"{s} marker") for s in ["critical", "high", "medium", "low"]]
    assert positions == sorted(positions)


def test_notes_are_listed_newest_first(login, vera_volunteer, vera_case):
    client = login(vera_volunteer)
    url = reverse("casework:notes_new", args=[vera_case.pk])
    client.post(url, {"kind": "contact", "text": "First call with the client"})
    client.post(url, {"kind": "action", "text": "Second step: letter to the office"})

    page = case_page(client, vera_case)

    assert page.index("Second step: letter to the office") < page.index(
        "First call with the client"
    )


def test_risk_changes_update_the_case_risk_level(login, vera_volunteer, vera_case):
    client = login(vera_volunteer)
    assert Case.objects.get(pk=vera_case.pk).risk_level == 4  # the critical red notice
    client.post(reverse("casework:risks_new", args=[vera_case.pk]), ITEMS["risks"][1])
    red_notice = vera_case.risks.get(kind="red_notice")

    client.post(
        reverse("casework:risks_edit", args=[vera_case.pk, red_notice.pk]),
        {
            "kind": "red_notice",
            "severity": "critical",
            "status": "resolved",
            "identified_on": red_notice.identified_on.isoformat(),
        },
    )
    assert Case.objects.get(pk=vera_case.pk).risk_level == 2  # the medium risk is left

    medium = vera_case.risks.get(kind="surveillance")
    client.post(reverse("casework:risks_delete", args=[vera_case.pk, medium.pk]))
    assert Case.objects.get(pk=vera_case.pk).risk_level == 0
    assert "No risk recorded" in case_page(client, vera_case)


# Coordinator


def test_coordinator_sees_every_case_of_her_office(login, world):
    page = text_of(login(world.olga).get(reverse("casework:case_list")))

    assert world.vera_case.reference in page
    assert world.viktor_case.reference in page
    assert world.tomas_case.reference not in page


def test_coordinator_assigns_and_unassigns_a_volunteer(
    client, olga_coordinator, vera_volunteer, viktor_volunteer, vera_case
):
    url = reverse("casework:case_assign", args=[vera_case.pk])
    client.force_login(viktor_volunteer)
    assert client.get(vera_case.get_absolute_url()).status_code == 404

    client.force_login(olga_coordinator)
    response = client.post(url, {"volunteers": [vera_volunteer.pk, viktor_volunteer.pk]})
    assert response.status_code == 302
    client.force_login(viktor_volunteer)
    assert "Ales Tsikhanovich" in case_page(client, vera_case)

    client.force_login(olga_coordinator)
    client.post(url, {"volunteers": [vera_volunteer.pk]})
    client.force_login(viktor_volunteer)
    assert client.get(vera_case.get_absolute_url()).status_code == 404
    client.force_login(vera_volunteer)
    assert client.get(vera_case.get_absolute_url()).status_code == 200


def test_volunteer_cannot_assign(login, vera_volunteer, viktor_volunteer, vera_case):
    url = reverse("casework:case_assign", args=[vera_case.pk])

    response = login(vera_volunteer).post(url, {"volunteers": [viktor_volunteer.pk]})

    assert response.status_code == 404
    assert list(vera_case.assigned_to.all()) == [vera_volunteer]


def test_share_without_relatives_hides_them_from_legal_aid(
    client, olga_coordinator, vera_volunteer, lev_lawyer, vera_case
):
    add_relative(vera_case, vera_volunteer)
    client.force_login(olga_coordinator)
    response = client.post(
        reverse("casework:case_share", args=[vera_case.pk]), {"user": lev_lawyer.pk}
    )
    assert response.status_code == 302

    client.force_login(lev_lawyer)
    page = case_page(client, vera_case)
    assert "Ales Tsikhanovich" in page
    assert "Relatives at risk" not in page
    assert "Liudmila Tsikhanovich" not in page
    relatives_new = reverse("casework:relatives_new", args=[vera_case.pk])
    assert client.get(relatives_new).status_code == 404


def test_share_with_relatives_shows_them_to_legal_aid(
    client, olga_coordinator, vera_volunteer, lev_lawyer, vera_case
):
    add_relative(vera_case, vera_volunteer)
    client.force_login(olga_coordinator)
    client.post(
        reverse("casework:case_share", args=[vera_case.pk]),
        {"user": lev_lawyer.pk, "include_relatives": "on"},
    )

    client.force_login(lev_lawyer)
    page = case_page(client, vera_case)
    assert "Relatives at risk" in page
    assert "Liudmila Tsikhanovich" in page


def test_stop_sharing_removes_legal_aid_access(client, olga_coordinator, lev_lawyer, vera_case):
    share = actions.share_case(
        case=vera_case, by=olga_coordinator, user=lev_lawyer, include_relatives=False
    )
    client.force_login(lev_lawyer)
    assert client.get(vera_case.get_absolute_url()).status_code == 200

    client.force_login(olga_coordinator)
    assert "Stop sharing" in case_page(client, vera_case)
    unshare = reverse("casework:case_unshare", args=[vera_case.pk, share.pk])
    assert client.get(unshare).status_code == 405
    assert client.post(unshare).status_code == 302

    assert not CaseShare.objects.exists()
    client.force_login(lev_lawyer)
    assert client.get(vera_case.get_absolute_url()).status_code == 404
    assert vera_case.reference not in text_of(client.get(reverse("casework:case_list")))


def test_coordinator_closes_and_reopens_with_a_reason(client, olga_coordinator, vera_case):
    client.force_login(olga_coordinator)

    response = client.post(
        reverse("casework:case_close", args=[vera_case.pk]),
        {"reason": "Granted international protection in Poland"},
    )
    assert response.status_code == 302
    vera_case.refresh_from_db()
    assert vera_case.status == CaseStatus.CLOSED
    assert vera_case.closed_on == timezone.localdate()
    assert "Granted international protection in Poland" in case_page(client, vera_case)

    response = client.post(
        reverse("casework:case_reopen", args=[vera_case.pk]),
        {"reason": "New summons served on the mother"},
    )
    assert response.status_code == 302
    vera_case.refresh_from_db()
    assert vera_case.status == CaseStatus.OPEN
    assert vera_case.closed_on is None
    assert vera_case.notes.get().text == "New summons served on the mother"
    assert "New summons served on the mother" in case_page(client, vera_case)


def test_closing_without_a_reason_keeps_the_case_open(login, olga_coordinator, vera_case):
    response = login(olga_coordinator).post(
        reverse("casework:case_close", args=[vera_case.pk]), {"reason": ""}
    )

    assert response.status_code == 200
    vera_case.refresh_from_db()
    assert vera_case.status != CaseStatus.CLOSED


def test_volunteer_cannot_close_a_case(login, vera_volunteer, vera_case):
    response = login(vera_volunteer).post(
        reverse("casework:case_close", args=[vera_case.pk]), {"reason": "Done"}
    )

    assert response.status_code == 404
    vera_case.refresh_from_db()
    assert vera_case.status != CaseStatus.CLOSED


def test_coordinator_of_another_office_cannot_manage(login, tomas_coordinator, vera_case):
    client = login(tomas_coordinator)

    assert client.get(vera_case.get_absolute_url()).status_code == 404
    assert client.get(reverse("casework:case_share", args=[vera_case.pk])).status_code == 404


# Legal aid


@pytest.fixture
def shared_with_lev(olga_coordinator, lev_lawyer, vera_case):
    actions.share_case(
        case=vera_case, by=olga_coordinator, user=lev_lawyer, include_relatives=False
    )
    return vera_case


def test_legal_aid_lists_only_shared_cases(
    login, lev_lawyer, shared_with_lev, vera_volunteer, make_case
):
    not_shared = make_case(vera_volunteer)
    client = login(lev_lawyer)

    for url in [reverse("casework:case_list"), reverse("casework:dashboard")]:
        page = text_of(client.get(url))
        assert shared_with_lev.reference in page, url
        assert not_shared.reference not in page, url
    assert client.get(not_shared.get_absolute_url()).status_code == 404


def test_legal_aid_without_shares_sees_no_case(login, lena_lawyer, shared_with_lev):
    client = login(lena_lawyer)

    assert shared_with_lev.reference not in text_of(client.get(reverse("casework:case_list")))
    assert client.get(shared_with_lev.get_absolute_url()).status_code == 404


def test_legal_aid_adds_remedy_and_note_on_shared_case(login, lev_lawyer, shared_with_lev):
    client = login(lev_lawyer)
    case = shared_with_lev
    remedy = {"kind": "ccf_request", "country": "PL", "status": "applied", "notes": "CCF file"}

    assert client.post(reverse("casework:remedies_new", args=[case.pk]), remedy).status_code == 302
    note = {"kind": "legal", "text": "Red notice challenged before the CCF"}
    assert client.post(reverse("casework:notes_new", args=[case.pk]), note).status_code == 302

    page = case_page(client, case)
    assert "Request to Interpol's CCF" in page
    assert "Red notice challenged before the CCF" in page
    assert case.notes.get().author == lev_lawyer


def test_legal_aid_cannot_change_risks_or_others_notes(
    login, lev_lawyer, vera_volunteer, shared_with_lev
):
    case = shared_with_lev
    note = actions.add_note(
        case=case, by=vera_volunteer, fields={"kind": "contact", "text": "Volunteer's note"}
    )
    client = login(lev_lawyer)

    assert (
        client.post(reverse("casework:risks_new", args=[case.pk]), ITEMS["risks"][1]).status_code
        == 404
    )
    edit = reverse("casework:notes_edit", args=[case.pk, note.pk])
    assert client.post(edit, {"kind": "legal", "text": "Overwritten"}).status_code == 404
    assert client.post(reverse("casework:notes_delete", args=[case.pk, note.pk])).status_code == 404
    assert Note.objects.get(pk=note.pk).text == "Volunteer's note"
    assert case.risks.count() == 1


# Dashboard


def test_dashboard_lists_open_cases_and_highest_current_risks(
    login, vera_volunteer, olga_coordinator, make_case
):
    critical = make_case(
        vera_volunteer,
        risks=[{"kind": "red_notice", "severity": "critical", "status": "confirmed"}],
    )
    low = make_case(
        vera_volunteer,
        risks=[
            {"kind": "surveillance", "severity": "low"},
            {"kind": "property_seized", "severity": "high", "status": "resolved"},
        ],
    )
    closed = make_case(
        vera_volunteer, risks=[{"kind": "extradition_request", "severity": "critical"}]
    )
    actions.close_case(case=closed, by=olga_coordinator, reason="Moved abroad")

    page = text_of(login(vera_volunteer).get(reverse("casework:dashboard")))

    assert critical.reference in page
    assert low.reference in page
    assert closed.reference not in page
    assert "My open cases (2)" in page
    risks = page[page.index("Highest current risks") :]
    assert risks.index("Interpol red notice or diffusion") < risks.index("Surveillance")
    assert "Property seized" not in risks
    assert "Extradition request" not in risks


def test_dashboard_asks_anonymous_user_to_log_in(client, db):
    response = client.get(reverse("casework:dashboard"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_new_remedy_and_document_forms_start_from_the_case(login, vera_volunteer, vera_case):
    client = login(vera_volunteer)
    remedy_form = client.get(reverse("casework:remedies_new", args=[vera_case.pk]))
    assert '<option value="PL" selected>Poland</option>' in remedy_form.content.decode()
    document_form = client.get(reverse("casework:documents_new", args=[vera_case.pk]))
    assert '<option value="BY" selected>Belarus</option>' in document_form.content.decode()


def test_a_record_changed_meanwhile_is_not_overwritten_silently(
    login, vera_volunteer, olga_coordinator, vera_case
):
    risk = vera_case.risks.get()
    url = reverse("casework:risks_edit", args=[vera_case.pk, risk.pk])
    form = login(vera_volunteer).get(url).content.decode()
    fingerprint = form.split('name="fingerprint" value="')[1].split('"')[0]
    actions.update_record(
        case=vera_case, by=olga_coordinator, record=risk, fields={"details": "Olga: CCF informed."}
    )
    veras = {
        "fingerprint": fingerprint,
        "kind": "red_notice",
        "severity": "high",
        "status": "confirmed",
        "identified_on": str(risk.identified_on),
        "details": "Vera: lawyer engaged.",
    }
    client = login(vera_volunteer)
    response = client.post(url, veras)
    page = response.content.decode()
    assert "Someone else changed this record while you were editing it" in page
    assert "Olga: CCF informed." in page  # what was saved meanwhile
    assert "Vera: lawyer engaged." in page  # what Vera typed, kept
    risk.refresh_from_db()
    assert risk.details == "Olga: CCF informed."
    assert risk.severity == "critical"

    # Saving again, with the fingerprint of what she has now seen, is deliberate.
    current = page.split('name="fingerprint" value="')[1].split('"')[0]
    assert client.post(url, {**veras, "fingerprint": current}).status_code == 302
    risk.refresh_from_db()
    assert (risk.details, risk.severity) == ("Vera: lawyer engaged.", "high")


def test_dashboard_finds_the_highest_risks_among_many_cases(login, olga_coordinator, make_case):
    grave = make_case(
        olga_coordinator,
        risks=[
            {"kind": "extradition_request", "severity": "critical", "status": "confirmed"},
            {"kind": "arrest_warrant", "severity": "high", "status": "confirmed"},
        ],
    )
    # Twelve cases updated later, each with a low risk: the grave case must still lead.
    for _ in range(12):
        make_case(
            olga_coordinator,
            risks=[{"kind": "surveillance", "severity": "low", "status": "suspected"}],
        )
    page = login(olga_coordinator).get(reverse("casework:dashboard")).content.decode()
    risks = page.split('id="top-risks"')[1]
    assert risks.count("badge sev sev-") == 10
    assert (
        risks.index("Extradition request")
        < risks.index("Arrest warrant")
        < risks.index("Surveillance")
    )
    assert grave.reference in risks


def test_intake_starts_with_the_host_country_of_the_office(
    login, vera_volunteer, tomas_coordinator
):
    for user, country in [(vera_volunteer, "PL"), (tomas_coordinator, "LT")]:
        page = login(user).get(reverse("casework:case_create")).content.decode()
        select = page[page.index('name="case-host_country"') :]
        select = select[: select.index("</select>")]
        assert f'<option value="{country}" selected>' in select
        assert select.count(" selected>") == 1
