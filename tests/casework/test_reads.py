"""Searching reveals nothing, and every read is recorded.

A name that matches only cases the user may not see costs the case list, the live duplicate
check (tests/casework/test_duplicates.py) and the intake save the very queries a name that
matches nobody costs. Every page that shows case data writes exactly one audit event, with
no personal data and nothing the user typed.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import strip_tags

from casework import actions
from casework.models import AuditAction, AuditEvent, DuplicateNotice
from tests.factories import add_risk, intake_data, run_tasks, take_in
from tests.reading import text_of

CASE_LIST = reverse("casework:case_list")
CHECK_URL = reverse("casework:intake_duplicates")
AUDIT_LOG = reverse("casework:audit_log")
HIDDEN_NAME = "Sviatlana Tsikhanouskaya"
NOBODY = "Zygmunt Qwertyuiop"


@pytest.fixture
def hidden_case(tomas_coordinator):
    """A case in Vilnius, which nobody in Warsaw may see."""
    return take_in(tomas_coordinator, full_name=HIDDEN_NAME, host_country="LT")


def intake_of(full_name: str, *spellings: str) -> dict[str, str]:
    """The intake page's data for a person of these spellings (the full name among them)."""
    names = {f"names-{i}-text": text for i, text in enumerate([full_name, *spellings])}
    scripts = {f"names-{i}-script": script for i, script in enumerate(SCRIPTS)}
    return intake_data(full_name, **names, **scripts)


SCRIPTS = ["Latn", "be-Cyrl", "ru-Cyrl"]
HIDDEN_INTAKE = intake_of(HIDDEN_NAME, "Святлана Ціханоўская", "Светлана Тихановская")
NOBODY_INTAKE = intake_of(NOBODY, "Зыгмунт Квертыёп", "Зигмунт Квертиоп")


def new_events(since: int) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(pk__gt=since).order_by("pk"))


def last_event_pk() -> int:
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


# --- Search reveals nothing -------------------------------------------------------------------


@pytest.mark.parametrize("query", ["Tsikhanouskaya", HIDDEN_NAME, "Светлана Тихановская"])
def test_a_hidden_match_costs_the_case_list_what_no_match_costs(
    login, vera_volunteer, vera_case, hidden_case, query
):
    client = login(vera_volunteer)
    client.get(CASE_LIST, {"q": "Kavalenka"})
    with CaptureQueriesContext(connection) as hidden_queries:
        hidden = client.get(CASE_LIST, {"q": query})
    with CaptureQueriesContext(connection) as nothing_queries:
        nothing = client.get(CASE_LIST, {"q": NOBODY})
    assert len(hidden_queries) == len(nothing_queries)
    assert "0 cases match." in hidden.content.decode()
    assert "0 cases match." in nothing.content.decode()
    assert hidden_case.reference not in hidden.content.decode()


def test_the_case_list_still_finds_what_the_user_may_see(
    login, olga_coordinator, hidden_case, warsaw
):
    mine = take_in(olga_coordinator, full_name=HIDDEN_NAME)
    content = login(olga_coordinator).get(CASE_LIST, {"q": "Ціханоўская"}).content.decode()
    assert mine.reference in content
    assert hidden_case.reference not in content


def test_a_hidden_match_costs_the_intake_save_what_no_match_costs(
    login, vera_volunteer, hidden_case
):
    client = login(vera_volunteer)
    # The first intake of the year and office also starts its reference sequence.
    client.post(reverse("casework:case_create"), intake_data("Hanna Kavalenka"))
    with CaptureQueriesContext(connection) as hidden_queries:
        hidden = client.post(reverse("casework:case_create"), HIDDEN_INTAKE)
    with CaptureQueriesContext(connection) as nothing_queries:
        nothing = client.post(reverse("casework:case_create"), NOBODY_INTAKE)
    assert hidden.status_code == nothing.status_code == 302
    assert len(hidden_queries) == len(nothing_queries)
    # The notice is the task worker's to write, after the response.
    assert not DuplicateNotice.objects.exists()


def test_the_notice_reaches_the_other_office_once_the_task_has_run(
    client, login, vera_volunteer, tomas_coordinator, hidden_case
):
    login(vera_volunteer).post(reverse("casework:case_create"), HIDDEN_INTAKE)
    assert not DuplicateNotice.objects.exists()
    assert run_tasks() == 1
    notice = DuplicateNotice.objects.get()
    assert (notice.office, notice.case) == (tomas_coordinator.office, hidden_case)
    client.force_login(tomas_coordinator)
    dashboard = " ".join(strip_tags(text_of(client.get(reverse("casework:dashboard")))).split())
    assert f"Possible duplicate of case {hidden_case.reference}" in dashboard


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_writes_the_notice(client, vera_volunteer, tomas_coordinator):
    """The real path: the task is stored with the case, and `manage.py db_worker` runs it."""
    hidden = take_in(tomas_coordinator, full_name=HIDDEN_NAME, host_country="LT")
    client.force_login(vera_volunteer)
    client.post(reverse("casework:case_create"), HIDDEN_INTAKE)
    assert not DuplicateNotice.objects.exists()
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO())
    assert DuplicateNotice.objects.get().case == hidden


# --- Every read is recorded -------------------------------------------------------------------


def test_the_case_list_writes_one_search_event_with_the_references_shown(
    login, olga_coordinator, make_case
):
    cases = [make_case(by=olga_coordinator) for _ in range(3)]
    client = login(olga_coordinator)
    before = last_event_pk()
    client.get(CASE_LIST)
    [event] = new_events(before)
    assert (event.action, event.user, event.case) == (AuditAction.SEARCH, olga_coordinator, None)
    assert event.detail.startswith("case list; results: 3; shown: ")
    for case in cases:
        assert case.reference in event.detail


@pytest.mark.parametrize("htmx", [False, True])
def test_a_search_writes_one_event_without_the_typed_text(login, olga_coordinator, vera_case, htmx):
    client = login(olga_coordinator)
    headers = {"HX-Request": "true"} if htmx else {}
    before = last_event_pk()
    client.get(CASE_LIST, {"q": "Tsikhanovich", "host_country": "PL"}, headers=headers)
    [event] = new_events(before)
    assert event.action == AuditAction.SEARCH
    assert event.detail == (
        f"case list; filters: host_country, q; results: 1; shown: {vera_case.reference}"
    )
    assert "Tsikh" not in event.detail and "PL;" not in event.detail


def test_the_dashboard_writes_one_event(login, olga_coordinator, vera_case):
    client = login(olga_coordinator)
    before = last_event_pk()
    client.get(reverse("casework:dashboard"))
    [event] = new_events(before)
    assert (event.action, event.case) == (AuditAction.LIST, None)
    assert event.detail == f"dashboard; shown: {vera_case.reference}"


def test_the_duplicate_check_writes_one_event_with_the_count_only(
    login, olga_coordinator, vera_case
):
    client = login(olga_coordinator)
    before = last_event_pk()
    response = client.post(
        CHECK_URL, {"person-full_name": "Ales Tsikhanovich", "person-birth_date": ""}
    )
    assert vera_case.reference in response.content.decode()
    [event] = new_events(before)
    assert (event.action, event.case, event.detail) == (
        AuditAction.SEARCH,
        None,
        "duplicate check; results: 1",
    )


def test_the_intake_page_sent_back_writes_one_event(login, olga_coordinator, vera_case):
    """Without JavaScript, a refused intake shows the possible duplicates: a read too."""
    client = login(olga_coordinator)
    before = last_event_pk()
    data = intake_data("Ales Tsikhanovich", **{"case-host_country": ""})
    response = client.post(reverse("casework:case_create"), data)
    assert response.status_code == 200
    assert vera_case.reference in response.content.decode()
    [event] = new_events(before)
    assert (event.action, event.detail) == (AuditAction.SEARCH, "duplicate check; results: 1")


@pytest.fixture
def records(vera_case, vera_volunteer):
    risk = add_risk(vera_case, vera_volunteer)
    relative = actions.add_relative(
        case=vera_case,
        by=vera_volunteer,
        fields={"relationship": "mother", "name": "Hanna Tsikhanovich", "location": "Homel"},
    )
    return {"risks": risk, "relatives": relative}


def edit_pages(case, records) -> list[tuple[str, str]]:
    """(URL, the form named in the event) for every page of a case's edit forms."""
    risk, relative = records["risks"], records["relatives"]
    pages = [
        (reverse("casework:case_edit", args=[case.pk]), "case"),
        (reverse("casework:case_assign", args=[case.pk]), "assign"),
        (reverse("casework:case_share", args=[case.pk]), "share"),
        (reverse("casework:case_close", args=[case.pk]), "close"),
        (reverse("casework:task_create", args=[case.pk]), "add task"),
        (reverse("casework:deadline_snooze", args=[case.pk]), "snooze"),
        (reverse("casework:risks_new", args=[case.pk]), "add risks"),
        (reverse("casework:risks_edit", args=[case.pk, risk.pk]), "risks"),
        (reverse("casework:risks_delete", args=[case.pk, risk.pk]), "remove risks"),
        (reverse("casework:relatives_edit", args=[case.pk, relative.pk]), "relatives"),
        (
            reverse("casework:pressure_event_create", args=[case.pk, relative.pk]),
            "add pressure-events",
        ),
    ]
    return pages


def test_every_edit_page_writes_one_view_event_naming_its_form(
    login, olga_coordinator, vera_case, records
):
    client = login(olga_coordinator)
    for url, form in edit_pages(vera_case, records):
        before = last_event_pk()
        assert client.get(url).status_code == 200, url
        events = [(e.action, e.case, e.detail) for e in new_events(before)]
        assert events == [(AuditAction.VIEW, vera_case, f"form: {form}")], url


def test_the_case_conflict_page_writes_one_event(login, olga_coordinator, vera_case):
    client = login(olga_coordinator)
    url = reverse("casework:case_edit", args=[vera_case.pk])
    form = client.get(url).context["case_form"]
    data = {
        **{f"case-{k}": v for k, v in form.initial.items() if v is not None},
        "case-version": vera_case.version,
        "person-full_name": "Ales Tsikhanovich",
        "person-citizenship": "BY",
        "names-TOTAL_FORMS": "0",
        "names-INITIAL_FORMS": "0",
    }
    # Someone else saves first (putting it on hold: a closed case would refuse the form).
    actions.set_case_status(case=vera_case, by=olga_coordinator, status="on_hold")
    before = last_event_pk()
    response = client.post(url, data)
    assert "Someone else saved this case" in response.content.decode()
    events = [(e.action, e.case, e.detail) for e in new_events(before)]
    assert events == [(AuditAction.VIEW, vera_case, "form: case; conflict")]


def test_the_record_conflict_page_writes_one_event(login, vera_volunteer, vera_case, records):
    client = login(vera_volunteer)
    risk = records["risks"]
    url = reverse("casework:risks_edit", args=[vera_case.pk, risk.pk])
    before = last_event_pk()
    response = client.post(url, {"fingerprint": "stale", "kind": risk.kind})
    assert "Someone else changed this record" in response.content.decode()
    events = [(e.action, e.case, e.detail) for e in new_events(before)]
    assert events == [(AuditAction.VIEW, vera_case, "form: risks; conflict")]


# --- The audit page ---------------------------------------------------------------------------


def test_the_audit_page_hides_lists_and_searches_unless_asked(
    login, olga_coordinator, vera_volunteer, vera_case
):
    login(vera_volunteer).get(CASE_LIST)
    client = login(olga_coordinator)
    client.get(reverse("casework:dashboard"))

    def actions_listed(params):
        page = client.get(AUDIT_LOG, params).context["page"]
        return {event.action for event in page.object_list}

    hidden = actions_listed({})
    assert AuditAction.SEARCH not in hidden and AuditAction.LIST not in hidden
    assert AuditAction.CREATE in hidden
    shown = actions_listed({"reads": "show"})
    assert {AuditAction.SEARCH, AuditAction.LIST, AuditAction.CREATE} <= shown
    assert actions_listed({"action": "search"}) == {AuditAction.SEARCH}
    # The filter is kept in the URL: the CSV link and the pages carry it.
    content = client.get(AUDIT_LOG, {"reads": "show"}).content.decode()
    assert "export.csv?reads=show" in content
    csv = b"".join(client.get(reverse("casework:audit_log_csv"), {"reads": "show"})).decode()
    assert ",search," in csv
    csv = b"".join(client.get(reverse("casework:audit_log_csv")).streaming_content).decode()
    assert ",search," not in csv


@pytest.mark.parametrize("reads", ["", "show"])
def test_the_audit_page_costs_the_same_whatever_is_shown(
    login, olga_coordinator, vera_case, django_assert_num_queries, reads
):
    client = login(olga_coordinator)
    for _ in range(5):
        client.get(CASE_LIST)
    with CaptureQueriesContext(connection) as few:
        client.get(AUDIT_LOG, {"reads": reads})
    expected = len(few)
    for _ in range(30):
        client.get(reverse("casework:dashboard"))
    with django_assert_num_queries(expected):
        client.get(AUDIT_LOG, {"reads": reads})


def test_a_hidden_match_costs_the_live_check_what_no_match_costs(
    login, vera_volunteer, vera_case, hidden_case, django_assert_num_queries
):
    """(tests/casework/test_duplicates.py compares the answers byte for byte.)"""
    client = login(vera_volunteer)
    with CaptureQueriesContext(connection) as nothing_queries:
        client.post(CHECK_URL, {"person-full_name": NOBODY})
    expected = len(nothing_queries)
    with django_assert_num_queries(expected):
        response = client.post(CHECK_URL, {"person-full_name": HIDDEN_NAME})
    assert hidden_case.reference not in response.content.decode()


def test_the_summaries_form_records_its_search_like_the_case_list(
    login, olga_coordinator, vera_case
):
    # The ZIP form lists the cases of the filtered page: a search too.
    client = login(olga_coordinator)
    before = last_event_pk()
    client.get(reverse("docs_app:export_create"), {"q": "Tsikhanovich"})
    [event] = new_events(before)
    assert (event.action, event.detail) == (
        AuditAction.SEARCH,
        f"summaries form; filters: q; results: 1; shown: {vera_case.reference}",
    )


def test_the_order_of_visible_names_does_not_depend_on_hidden_ones(
    vera_volunteer, tomas_coordinator
):
    # A word's rarity weighs in the ranking: counted over every office, many hidden
    # "Tsikhanovich" would move a visible Vialinavich ahead of the visible Tsikhanovich.
    from casework.models import Case, Person
    from casework.names.search import rank_people

    take_in(vera_volunteer, full_name="Ales Tsikhanovich")
    take_in(vera_volunteer, full_name="Maryna Vialinavich")
    visible = Person.objects.filter(cases__in=Case.objects.visible_to(vera_volunteer))

    def first() -> str:
        [match] = rank_people(
            "Tsikhanovich Vialinavich", persons=visible, candidates=1, min_score=0
        )
        return Person.objects.get(pk=match.person_id).full_name

    before = first()
    for n in range(6):
        take_in(tomas_coordinator, full_name=f"Hanna Tsikhanovich {n}")
    assert first() == before
