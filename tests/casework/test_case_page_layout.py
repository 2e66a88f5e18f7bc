"""The case page as a caseworker moves around it: a closed case is read-only."""

import datetime

import pytest
from django.urls import reverse

from casework import actions
from casework.models import AuditEvent, Case, IdentityDocument, Note, Relative, Remedy, Risk


def _closed_case_with_records(case, by):
    risk = case.risks.get()
    note = actions.add_note(case=case, by=by, fields={"kind": "contact", "text": "Called."})
    relative = actions.add_relative(
        case=case, by=by, fields={"relationship": "mother", "name": "Halina", "location": "Minsk"}
    )
    actions.close_case(case=Case.objects.get(pk=case.pk), by=by, reason="Moved to Canada.")
    return {"risks": risk, "notes": note, "relatives": relative}


def _saved_state(case):
    return (
        Case.objects.filter(pk=case.pk).values_list("status", "version", "summary").get(),
        Risk.objects.filter(case=case).count(),
        Remedy.objects.filter(case=case).count(),
        IdentityDocument.objects.filter(person_id=case.person_id).count(),
        Relative.objects.filter(case=case).count(),
        Note.objects.filter(case=case).count(),
    )


def test_a_closed_case_page_shows_no_edit_control(login, olga_coordinator, vera_case):
    records = _closed_case_with_records(vera_case, olga_coordinator)
    html = login(olga_coordinator).get(reverse("casework:case_detail", args=[vera_case.pk]))
    html = html.content.decode()
    pk = vera_case.pk
    for name in ("case_edit", "task_create", "deadline_snooze", "case_assign", "case_share"):
        assert reverse(f"casework:{name}", args=[pk]) not in html
    for slug in ("risks", "remedies", "documents", "relatives", "notes"):
        assert reverse(f"casework:{slug}_new", args=[pk]) not in html
    for slug, record in records.items():
        assert reverse(f"casework:{slug}_edit", args=[pk, record.pk]) not in html
        assert reverse(f"casework:{slug}_delete", args=[pk, record.pk]) not in html
    assert "/track/" not in html
    # What stays: reopening (the coordinator manages the case), its history and printing.
    assert reverse("casework:case_reopen", args=[pk]) in html
    assert reverse("casework:case_history", args=[pk]) in html
    assert reverse("docs_app:summary_form", args=[pk]) in html


@pytest.mark.parametrize("who", ["vera_volunteer", "olga_coordinator"])
def test_every_edit_of_a_closed_case_is_refused(request, login, who, olga_coordinator, vera_case):
    records = _closed_case_with_records(vera_case, olga_coordinator)
    client = login(request.getfixturevalue(who))
    pk = vera_case.pk
    relative = records["relatives"]
    urls = [
        reverse("casework:case_edit", args=[pk]),
        reverse("casework:task_create", args=[pk]),
        reverse("casework:deadline_snooze", args=[pk]),
        reverse("casework:pressure_event_create", args=[pk, relative.pk]),
    ]
    for slug in ("risks", "remedies", "documents", "relatives", "notes"):
        urls.append(reverse(f"casework:{slug}_new", args=[pk]))
    for slug, record in records.items():
        urls.append(reverse(f"casework:{slug}_edit", args=[pk, record.pk]))
        urls.append(reverse(f"casework:{slug}_delete", args=[pk, record.pk]))
    before = _saved_state(vera_case)
    events = AuditEvent.objects.count()
    form = {
        "kind": "other",
        "severity": "low",
        "status": "suspected",
        "identified_on": datetime.date.today().isoformat(),
        "text": "Written on a closed case.",
        "title": "Written on a closed case.",
        "due_on": datetime.date.today().isoformat(),
    }
    for url in urls:
        assert client.get(url).status_code == 404, url
        assert client.post(url, form).status_code == 404, url
    # Tracking a suggested remedy is a POST only.
    assert client.post(reverse("casework:track_remedy", args=[pk, 1])).status_code == 404
    assert _saved_state(vera_case) == before
    assert AuditEvent.objects.count() == events


def test_a_closed_case_can_still_be_reopened_read_and_printed(login, olga_coordinator, vera_case):
    _closed_case_with_records(vera_case, olga_coordinator)
    client = login(olga_coordinator)
    pk = vera_case.pk
    for name in ("case_detail", "case_history", "case_reopen"):
        assert client.get(reverse(f"casework:{name}", args=[pk])).status_code == 200, name
    assert client.get(reverse("docs_app:summary_form", args=[pk])).status_code == 200


def test_recent_activity_lists_the_last_five_changes_without_views(
    login, olga_coordinator, vera_case
):
    client = login(olga_coordinator)
    for i in range(7):
        actions.add_note(
            case=vera_case, by=olga_coordinator, fields={"kind": "contact", "text": f"Call {i}"}
        )
        client.get(vera_case.get_absolute_url())

    html = client.get(vera_case.get_absolute_url()).content.decode()
    activity = html[html.index('id="activity"') :]
    activity = activity[: activity.index("</table>")]

    assert activity.count("<tr>") == 1 + 5  # the header row and five changes
    assert ">View<" not in activity
    assert (
        reverse("casework:case_history", args=[vera_case.pk]) in html[html.index('id="activity"') :]
    )
    # Every view is still in the log.
    assert AuditEvent.objects.filter(case=vera_case, action="view").count() == 8


def test_edit_and_remove_name_the_record_for_screen_readers(login, vera_volunteer, vera_case):
    html = login(vera_volunteer).get(vera_case.get_absolute_url()).content.decode()
    risk = vera_case.risks.get()

    hidden = f'<span class="visually-hidden"> — Risk: {risk.get_kind_display()}</span>'
    assert f"Edit{hidden}" in html
    assert f"Remove{hidden}" in html
    assert '<span class="visually-hidden">Actions</span>' in html


def test_the_header_sums_up_the_case_and_a_menu_leads_to_each_section(
    login, vera_volunteer, vera_case
):
    due = datetime.date.today() + datetime.timedelta(days=5)
    actions.add_task(case=vera_case, by=vera_volunteer, title="Call the lawyer", due_on=due)
    response = login(vera_volunteer).get(vera_case.get_absolute_url())
    html = response.content.decode()
    risk = vera_case.risks.get()

    facts = html[html.index('<dl class="case-facts') : html.index("</dl>")]
    assert f"{risk.get_kind_display()} ({risk.get_severity_display().lower()})" in facts
    assert "Call the lawyer" in facts
    assert "Assigned to</dt><dd>Vera" in facts
    assert "Consent recorded" in facts
    menu = html[html.index('aria-label="Sections of this case"') :]
    menu = menu[: menu.index("</nav>")]
    for anchor in ("person", "risks", "remedies", "remedy-guide", "documents", "deadlines"):
        assert f'href="#{anchor}"' in menu
        assert f'id="{anchor}"' in html
    # A volunteer sees no activity section, so the menu offers none.
    assert 'href="#activity"' not in menu
