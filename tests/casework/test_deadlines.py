"""Deadlines derived from documents, remedies, risks and tasks (casework/deadlines/): each kind
at its boundaries (the day before, the day of, the day after), the dashboard's sections, who
sees what, the case list's filters, and the dashboard's query count."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from casework import actions, deadlines
from casework.deadlines import pages
from tests.factories import (
    TODAY,
    add_identity_document,
    add_remedy,
    add_risk,
    day,
    frozen_at,
    take_in,
)
from tests.reading import listed

pytestmark = pytest.mark.usefixtures("frozen_today")


def sections(user, on: datetime.date | None = None) -> dict[str, list[str]]:
    """{section: [item keys]} of the user's dashboard on a day."""
    return {
        section.slug: [item.key for item in section.items]
        for section in deadlines.dashboard_sections(user, on)
    }


def where(user, key: str, on: datetime.date) -> str | None:
    """The dashboard section an item is in on a day, or None."""
    found = [slug for slug, keys in sections(user, on).items() if key in keys]
    assert len(found) <= 1
    return found[0] if found else None


# Identity documents


def test_renewable_document_alerts_at_180_90_and_30_days(vera_volunteer, vera_case):
    expiry = day(200)
    document = add_identity_document(vera_case, vera_volunteer, expires_on=expiry)
    key = f"document:{document.pk}"

    def on(days_before: int) -> datetime.date:
        return expiry - datetime.timedelta(days=days_before)

    assert where(vera_volunteer, f"{key}:180", on(181)) is None
    assert where(vera_volunteer, f"{key}:180", on(180)) == "early"
    assert where(vera_volunteer, f"{key}:180", on(179)) == "early"
    assert where(vera_volunteer, f"{key}:180", on(91)) == "early"
    assert where(vera_volunteer, f"{key}:90", on(90)) == "early"
    assert where(vera_volunteer, f"{key}:90", on(31)) == "early"
    assert where(vera_volunteer, f"{key}:30", on(30)) == "month"
    assert where(vera_volunteer, f"{key}:30", on(8)) == "month"
    assert where(vera_volunteer, f"{key}:30", on(7)) == "week"
    # The day before, the day of and the day after expiry.
    assert where(vera_volunteer, f"{key}:30", on(1)) == "week"
    assert where(vera_volunteer, f"{key}:30", on(0)) == "week"
    assert where(vera_volunteer, f"{key}:expired", on(-1)) == "overdue"
    assert where(vera_volunteer, f"{key}:expired", on(-400)) == "overdue"


def test_document_not_renewable_abroad_alerts_earlier(vera_volunteer, vera_case):
    expiry = day(400)
    document = add_identity_document(
        vera_case, vera_volunteer, expires_on=expiry, renewable_abroad=False
    )
    key = f"document:{document.pk}"

    def on(days_before: int) -> datetime.date:
        return expiry - datetime.timedelta(days=days_before)

    assert where(vera_volunteer, f"{key}:365", on(366)) is None
    assert where(vera_volunteer, f"{key}:365", on(365)) == "early"
    assert where(vera_volunteer, f"{key}:365", on(364)) == "early"
    assert where(vera_volunteer, f"{key}:180", on(180)) == "early"
    assert where(vera_volunteer, f"{key}:90", on(90)) == "early"
    # The last alert is at 90 days: it stays until expiry.
    assert where(vera_volunteer, f"{key}:90", on(20)) == "month"
    assert where(vera_volunteer, f"{key}:expired", on(-1)) == "overdue"


def test_document_alert_stage_in_python_matches_sql():
    for renewable in (True, False):
        for left in range(-2, 400):
            expires = day(left)
            stage = deadlines.document_stage_for(expires, renewable, TODAY)
            alerts = deadlines.ALERTS[renewable]
            if left < 0:
                assert stage == "expired"
            elif left > max(alerts):
                assert stage == ""
            else:
                assert int(stage) == min(a for a in alerts if a >= left)


def test_document_without_expiry_is_no_deadline(vera_volunteer, vera_case):
    add_identity_document(vera_case, vera_volunteer, expires_on=None)
    assert deadlines.for_user(vera_volunteer).items(None, None) == []


def test_document_of_a_person_with_two_cases_is_due_on_each(olga_coordinator, vera_case):
    # A second case of the same person (e.g. reopened in another office's file).
    second = actions.take_in_case(
        by=olga_coordinator,
        person={"full_name": "Second Case Person"},
        names=[],
        host_country="PL",
    )
    from casework.models import Case

    Case.objects.filter(pk=second.pk).update(person=vera_case.person)
    add_identity_document(vera_case, olga_coordinator, expires_on=day(10))
    items = deadlines.for_user(olga_coordinator).items(None, None)
    assert sorted(item.reference for item in items) == sorted(
        [vera_case.reference, second.reference]
    )


# Remedies: the decision due, and the appeal window after a refusal


@pytest.mark.parametrize(
    ("today", "section"), [(day(-1), "week"), (day(0), "week"), (day(1), "overdue")]
)
def test_remedy_decision_due(vera_volunteer, vera_case, today, section):
    remedy = add_remedy(vera_case, vera_volunteer, status="applied", decision_due_on=TODAY)
    assert where(vera_volunteer, f"remedy:{remedy.pk}:decision", today) == section


@pytest.mark.parametrize("status", ["granted", "refused", "withdrawn"])
def test_decided_remedy_has_no_decision_due(vera_volunteer, vera_case, status):
    add_remedy(vera_case, vera_volunteer, status=status, decision_due_on=TODAY)
    keys = [item.key for item in deadlines.for_user(vera_volunteer).items(None, None)]
    assert not any(key.endswith(":decision") for key in keys)


@pytest.mark.parametrize(
    ("offset", "section"), [(13, "week"), (14, "week"), (15, "overdue"), (-10, "month")]
)
def test_appeal_window_defaults_to_14_days(vera_volunteer, vera_case, offset, section):
    remedy = add_remedy(vera_case, vera_volunteer, status="refused", decided_on=TODAY)
    assert where(vera_volunteer, f"remedy:{remedy.pk}:appeal", day(offset)) == section
    if section != "overdue":
        items = deadlines.for_user(vera_volunteer, day(offset)).items(None, None)
        assert [item.due_on for item in items] == [day(14)]


@pytest.mark.parametrize(
    ("offset", "section"), [(29, "week"), (30, "week"), (31, "overdue"), (22, "month")]
)
def test_appeal_window_from_the_knowledge_base(vera_volunteer, vera_case, offset, section):
    actions.save_remedy_option(
        country="PL",
        kind="alien_passport",
        title={"en": "Alien's passport", "be": "Пашпарт замежніка", "ru": "Паспорт иностранца"},
        summary={"en": "From the voivode.", "be": "Выдае ваявода.", "ru": "Выдаёт воевода."},
        source_url="https://example.org/alien",
        checked_on="2026-05-01",
        appeal_days=30,
    )
    # Another country's window does not apply to a Polish remedy.
    actions.save_remedy_option(
        country="LT",
        kind="alien_passport",
        title={"en": "Alien's passport", "be": "Пашпарт замежніка", "ru": "Паспорт иностранца"},
        summary={
            "en": "From the Migration Department.",
            "be": "Выдае Дэпартамент міграцыі.",
            "ru": "Выдаёт Департамент миграции.",
        },
        source_url="https://example.org/alien-lt",
        checked_on="2026-05-01",
        appeal_days=7,
    )
    remedy = add_remedy(vera_case, vera_volunteer, status="refused", decided_on=TODAY)
    assert where(vera_volunteer, f"remedy:{remedy.pk}:appeal", day(offset)) == section
    items = deadlines.for_user(vera_volunteer, TODAY).items(None, None)
    assert [(item.key, item.due_on) for item in items] == [(f"remedy:{remedy.pk}:appeal", day(30))]


def test_appeal_window_honours_default_setting(settings, vera_volunteer, vera_case):
    settings.DEFAULT_APPEAL_DAYS = 21
    add_remedy(vera_case, vera_volunteer, status="refused", decided_on=TODAY)
    assert [item.due_on for item in deadlines.for_user(vera_volunteer).items(None, None)] == [
        day(21)
    ]


def test_no_appeal_window_once_appealed(vera_volunteer, vera_case):
    remedy = add_remedy(vera_case, vera_volunteer, status="refused", decided_on=TODAY)
    actions.update_record(
        case=vera_case, by=vera_volunteer, record=remedy, fields={"status": "appealed"}
    )
    assert deadlines.for_user(vera_volunteer).items(None, None) == []


# Risk reviews and tasks


@pytest.mark.parametrize(
    ("today", "section"), [(day(-1), "week"), (day(0), "week"), (day(1), "overdue")]
)
def test_risk_review(vera_volunteer, vera_case, today, section):
    risk = add_risk(vera_case, vera_volunteer, review_on=TODAY)
    assert where(vera_volunteer, f"risk:{risk.pk}:review", today) == section


def test_resolved_risk_has_no_review(vera_volunteer, vera_case):
    add_risk(vera_case, vera_volunteer, review_on=TODAY, status="resolved")
    assert deadlines.for_user(vera_volunteer).items(None, None) == []


@pytest.mark.parametrize(
    ("today", "section"), [(day(-1), "week"), (day(0), "week"), (day(1), "overdue")]
)
def test_task(vera_volunteer, vera_case, today, section):
    task = actions.add_task(case=vera_case, by=vera_volunteer, title="Call back", due_on=TODAY)
    assert where(vera_volunteer, f"task:{task.pk}", today) == section


def test_done_task_is_no_deadline(vera_volunteer, vera_case):
    task = actions.add_task(case=vera_case, by=vera_volunteer, title="Call back", due_on=TODAY)
    actions.complete_task(task=task, by=vera_volunteer)
    assert deadlines.for_user(vera_volunteer).items(None, None) == []


@pytest.mark.parametrize(
    ("offset", "section"),
    [(7, "week"), (8, "month"), (30, "month"), (31, None), (-1, "overdue")],
)
def test_section_boundaries(vera_volunteer, vera_case, offset, section):
    task = actions.add_task(
        case=vera_case, by=vera_volunteer, title="Call back", due_on=day(offset)
    )
    assert where(vera_volunteer, f"task:{task.pk}", TODAY) == section


def test_items_are_in_date_order_and_say_what_is_due(vera_volunteer, vera_case):
    add_identity_document(vera_case, vera_volunteer, expires_on=day(5))
    add_remedy(vera_case, vera_volunteer, status="pending", decision_due_on=day(3))
    add_risk(vera_case, vera_volunteer, kind="red_notice", review_on=day(-2))
    actions.add_task(case=vera_case, by=vera_volunteer, title="Book the appointment", due_on=day(1))
    items = deadlines.for_user(vera_volunteer).items(None, None)
    assert [item.what for item in items] == [
        "Risk review: Interpol red notice or diffusion",
        "Task: Book the appointment",
        "Decision due: Alien's passport (PL)",
        "National passport expires",
    ]
    assert {item.reference for item in items} == {vera_case.reference}


# Who sees what


def test_deadlines_only_of_cases_the_user_may_see(world):
    for case, by in [
        (world.vera_case, world.vera),
        (world.viktor_case, world.viktor),
        (world.tomas_case, world.tomas),
    ]:
        actions.add_task(case=case, by=by, title="Call", due_on=TODAY)

    def refs(user):
        return sorted(item.reference for item in deadlines.for_user(user).items(None, None))

    assert refs(world.vera) == [world.vera_case.reference]
    assert refs(world.viktor) == [world.viktor_case.reference]
    assert refs(world.olga) == sorted([world.vera_case.reference, world.viktor_case.reference])
    assert refs(world.tomas) == [world.tomas_case.reference]
    assert refs(world.lev) == []
    actions.share_case(case=world.vera_case, by=world.olga, user=world.lev, include_relatives=False)
    assert refs(world.lev) == [world.vera_case.reference]


def test_closed_cases_have_no_deadlines_on_the_dashboard(
    olga_coordinator, vera_volunteer, vera_case
):
    actions.add_task(case=vera_case, by=vera_volunteer, title="Call", due_on=TODAY)
    actions.close_case(case=vera_case, by=olga_coordinator, reason="Moved to Canada.")
    assert deadlines.for_user(vera_volunteer).items(None, None) == []


def test_admin_sees_no_deadlines(ada_admin, vera_volunteer, vera_case):
    actions.add_task(case=vera_case, by=vera_volunteer, title="Call", due_on=TODAY)
    assert deadlines.for_user(ada_admin).items(None, None) == []


# The dashboard page


def test_dashboard_lists_deadlines_with_reference_link(login, vera_volunteer, vera_case):
    add_identity_document(vera_case, vera_volunteer, expires_on=day(20))
    actions.add_task(
        case=vera_case, by=vera_volunteer, title="<script>alert(1)</script>", due_on=day(-3)
    )
    content = login(vera_volunteer).get(reverse("casework:dashboard")).content.decode()
    link = f'href="/cases/{vera_case.pk}/#deadlines" class="me-1"><span class="font-monospace">'
    assert link in content
    assert "National passport expires" in content
    assert "21 June 2026" in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert "<script>alert(1)" not in content
    overdue = content.split('id="deadlines-overdue"')[1].split("</ul>")[0]
    assert "Task: &lt;script&gt;" in overdue


def test_dashboard_lists_cases_with_no_activity_for_60_days(login, vera_volunteer, make_case):
    with frozen_at(datetime.date(2026, 3, 1)):
        old = make_case(vera_volunteer)
    with frozen_at(datetime.date(2026, 4, 15)):
        recent = make_case(vera_volunteer)
    stale, total = deadlines.stale_cases(vera_volunteer)
    assert [case.pk for case in stale] == [old.pk]
    assert total == 1
    content = login(vera_volunteer).get(reverse("casework:dashboard")).content.decode()
    block = content.split('id="stale-cases"')[1]
    assert old.reference in block
    assert recent.reference not in block


def test_dashboard_caps_each_section_and_counts_the_rest(
    login, olga_coordinator, make_case, monkeypatch
):
    monkeypatch.setattr(pages, "SECTION_CAP", 3)
    case = make_case(olga_coordinator)
    for i in range(5):
        actions.add_task(case=case, by=olga_coordinator, title=f"Overdue {i}", due_on=day(-1 - i))
    overdue = deadlines.dashboard_sections(olga_coordinator)[0]
    assert (len(overdue.items), overdue.total, overdue.more) == (3, 5, 2)
    # The oldest first.
    assert [item.subject for item in overdue.items] == ["Overdue 4", "Overdue 3", "Overdue 2"]
    content = login(olga_coordinator).get(reverse("casework:dashboard")).content.decode()
    assert re.search(r'<a href="/cases/\?overdue=1">and 2 more</a>', content)


def fill_office(size: int, olga, make_case) -> None:
    """size cases, each with one item of every kind, some overdue, some due soon."""
    for i in range(size):
        case = make_case(olga)
        add_identity_document(case, olga, expires_on=day(i % 40 - 5), renewable_abroad=bool(i % 2))
        add_identity_document(case, olga, expires_on=day(100 + i), renewable_abroad=False)
        add_remedy(case, olga, status="pending", decision_due_on=day(i % 20 - 3))
        add_remedy(case, olga, status="refused", decided_on=day(-(i % 20)), kind="work_permit")
        add_risk(case, olga, review_on=day(i % 30 - 10))
        actions.add_task(case=case, by=olga, title=f"Task {i}", due_on=day(i % 35 - 4))


@pytest.mark.parametrize("size", [3, 60])
def test_dashboard_queries_are_bounded(
    login, olga_coordinator, make_case, django_assert_max_num_queries, size
):
    fill_office(size, olga_coordinator, make_case)
    client = login(olga_coordinator)
    # Fixed whatever the size: the page's own queries (the office's recent account changes
    # and its audit event among them), 6 for the deadlines, and up to 4 counts of sections
    # longer than SECTION_CAP, and 2 for the people's names beside the references.
    with django_assert_max_num_queries(25):
        response = client.get(reverse("casework:dashboard"))
    assert response.status_code == 200
    sections_ = deadlines.dashboard_sections(olga_coordinator)
    if size == 60:
        assert any(section.more for section in sections_)
    assert all(len(section.items) <= pages.SECTION_CAP for section in sections_)


# The case list's filters


def test_case_list_filter_overdue(login, olga_coordinator, tomas_coordinator, make_case):
    expired = make_case(olga_coordinator)
    add_identity_document(expired, olga_coordinator, expires_on=day(-1))
    late_task = make_case(olga_coordinator)
    actions.add_task(case=late_task, by=olga_coordinator, title="Call", due_on=day(-1))
    late_review = make_case(olga_coordinator)
    add_risk(late_review, olga_coordinator, review_on=day(-30))
    late_appeal = make_case(olga_coordinator)
    add_remedy(late_appeal, olga_coordinator, status="refused", decided_on=day(-15))
    due_today = make_case(olga_coordinator)
    actions.add_task(case=due_today, by=olga_coordinator, title="Call", due_on=TODAY)
    done = make_case(olga_coordinator)
    task = actions.add_task(case=done, by=olga_coordinator, title="Call", due_on=day(-5))
    actions.complete_task(task=task, by=olga_coordinator)
    snoozed = make_case(olga_coordinator)
    risk = add_risk(snoozed, olga_coordinator, review_on=day(-2))
    actions.snooze_item(
        case=snoozed,
        by=olga_coordinator,
        item_key=f"risk:{risk.pk}:review",
        until=day(10),
        reason="Waiting for the lawyer.",
    )
    elsewhere = make_case(tomas_coordinator)
    actions.add_task(case=elsewhere, by=tomas_coordinator, title="Call", due_on=day(-1))

    client = login(olga_coordinator)
    assert sorted(listed(client, overdue="1")) == sorted(
        c.reference for c in [expired, late_task, late_review, late_appeal]
    )
    assert len(listed(client)) == 7
    response = client.get(reverse("casework:case_list"), {"overdue": "yes"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_case_list_filter_doc_expiring(login, olga_coordinator, make_case):
    """doc_expiring=N: a document expiring within N days; one already expired counts too
    (it is past due, not out of the window)."""
    in_20 = make_case(olga_coordinator)
    add_identity_document(in_20, olga_coordinator, expires_on=day(20))
    in_31 = make_case(olga_coordinator)
    add_identity_document(in_31, olga_coordinator, expires_on=day(31))
    expired = make_case(olga_coordinator)
    add_identity_document(expired, olga_coordinator, expires_on=day(-3))
    make_case(olga_coordinator)
    client = login(olga_coordinator)
    assert sorted(listed(client, doc_expiring="30")) == sorted([in_20.reference, expired.reference])
    assert sorted(listed(client, doc_expiring="31")) == sorted(
        [in_20.reference, in_31.reference, expired.reference]
    )


def test_a_section_counts_up_to_a_cap_and_says_there_are_more(monkeypatch, login, olga_coordinator):
    monkeypatch.setattr(pages, "SECTION_CAP", 2)
    monkeypatch.setattr(pages, "COUNT_CAP", 3)
    for number in range(5):
        case = take_in(olga_coordinator, full_name=f"Zqcap Person {number}")
        add_identity_document(case, olga_coordinator, expires_on=day(-3), renewable_abroad=False)

    section = deadlines.dashboard_sections(olga_coordinator)[0]
    page = login(olga_coordinator).get(reverse("casework:dashboard")).content.decode()

    assert (section.slug, len(section.items), section.counted, section.more) == (
        "overdue",
        2,
        3,
        1,
    )
    assert section.over_cap
    assert "3+</span>" in page
    assert "and more than 1 more" in page


def test_migrating_gives_sqlite_the_query_planner_statistics(olga_coordinator):
    from django.db import connection

    from casework.apps import gather_sqlite_statistics

    take_in(olga_coordinator, full_name="Zqstats Person")
    gather_sqlite_statistics(sender=None, using="default")

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = 'casework_case'")
            assert cursor.fetchone()[0] > 0
    else:  # PostgreSQL's autovacuum gathers them: nothing is run there.
        assert connection.vendor == "postgresql"
