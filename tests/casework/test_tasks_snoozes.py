"""Tasks and snoozes: the pages that add them, what they do to the dashboard, and their history
on the case page. Who may reach the pages at all is walked in test_access.py."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from casework import actions, deadlines
from casework.models import AuditEvent, CaseTask, DeadlineSnooze
from tests.factories import TODAY, day

pytestmark = pytest.mark.usefixtures("frozen_today")

# The example is 31 December of this year: frozen_today's.
INVALID_DATE = "Enter the date as YYYY-MM-DD, for example 2026-12-31."


def on_dashboard(user, on=None) -> set[str]:
    return {
        item.key for section in deadlines.dashboard_sections(user, on) for item in section.items
    }


# Adding a task


def test_add_task(login, vera_volunteer, olga_coordinator, vera_case):
    client = login(vera_volunteer)
    url = reverse("casework:task_create", args=[vera_case.pk])
    assert "Add a task" in client.get(url).content.decode()
    response = client.post(
        url,
        {"title": "Book the appointment", "due_on": "2026-06-10", "assignee": olga_coordinator.pk},
    )
    assert response.status_code == 302
    assert response.url == f"/cases/{vera_case.pk}/#deadlines"
    task = CaseTask.objects.get(case=vera_case)
    assert (task.title, task.due_on, task.assignee, task.created_by) == (
        "Book the appointment",
        day(9),
        olga_coordinator,
        vera_volunteer,
    )
    event = AuditEvent.objects.filter(case=vera_case).first()
    assert event.detail == f"CaseTask {task.pk} added"
    assert f"task:{task.pk}" in on_dashboard(vera_volunteer)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"title": "", "due_on": "2026-06-10"}, "title", "This field is required."),
        ({"title": "Call", "due_on": ""}, "due_on", "This field is required."),
        ({"title": "Call", "due_on": "10/06/2026"}, "due_on", INVALID_DATE),
        ({"title": "Call", "due_on": "99999-01-01"}, "due_on", INVALID_DATE),
        ({"title": "Call", "due_on": "2040-01-01"}, "due_on", "within the next ten years"),
        ({"title": "Call", "due_on": "2020-01-01"}, "due_on", "more than a year ago"),
        ({"title": "x" * 201, "due_on": "2026-06-10"}, "title", "at most 200 characters"),
        ({"title": "Call\u200bback", "due_on": "2026-06-10"}, "title", "invisible characters"),
        ({"title": "!!!", "due_on": "2026-06-10"}, "title", "Say in words"),
        ({"title": "Call Ales back", "due_on": "2026-06-10"}, "title", "Leave the person"),
        ({"title": "Звязацца з Ціхановіч", "due_on": "2026-06-10"}, "title", "Leave the person"),
        (
            {"title": "Call", "due_on": "2026-06-10", "assignee": "99999999999999999999999"},
            "assignee",
            "Select a valid choice",
        ),
    ],
)
def test_add_task_refuses_bad_input_next_to_the_field(
    login, vera_volunteer, vera_case, data, field, message
):
    client = login(vera_volunteer)
    response = client.post(reverse("casework:task_create", args=[vera_case.pk]), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert message in content
    assert f'id="error_1_id_{field}"' in content
    assert not CaseTask.objects.exists()
    if data["title"] and "\u200b" not in data["title"]:
        # What was typed is kept.
        assert f'value="{data["title"][:50]}' in content


# Ales Tsikhanovich (Алесь Ціхановіч, Олесь Тихонович): his name in spellings that are not stored,
# in other scripts and romanisations, with case endings, capitals and diacritics.
NAME_IN_TITLE = [
    ("Call Ales back", "Ales"),
    ("Meet Aleś at the office", "Aleś"),
    ("Ask ALESIA for the scan", "ALESIA"),
    ("Пазваніць Алесю", "Алесю"),
    ("Звязацца з Ціхановічам", "Ціхановічам"),
    ("ПОЗВОНИТЬ ТИХОНОВИЧУ", "ТИХОНОВИЧУ"),
    ("Zadzwonić do Cichanoviča", "Cichanoviča"),
    ("Tichonowitsch anrufen", "Tichonowitsch"),
    ("Send the form to Tsikhanóvich", "Tsikhanóvich"),
    ("Remind Tikhonovich of the hearing", "Tikhonovich"),
    ("Letter for Aliaksandr", "Aliaksandr"),
    ("Позвонить Александру", "Александру"),
]


@pytest.mark.parametrize(("title", "word"), NAME_IN_TITLE)
def test_a_task_title_with_any_spelling_of_the_name_is_refused(
    login, vera_volunteer, vera_case, title, word
):
    client = login(vera_volunteer)
    response = client.post(
        reverse("casework:task_create", args=[vera_case.pk]),
        {"title": title, "due_on": "2026-06-10"},
    )
    assert response.status_code == 200
    content = html.unescape(response.content.decode())
    error = content[content.index('id="error_1_id_title"') :]
    assert f"Leave the person's name out of the task: “{word}” is a spelling of it." in error[:400]
    assert f'value="{title}"' in content  # what was typed is kept
    assert not CaseTask.objects.exists()


@pytest.mark.parametrize(
    "title",
    [
        "Book the appointment for the alien's passport",
        "Check the residence permit",
        "Call Tsimanovich, the lawyer",  # one meaningful letter: another surname
        "Тэлефанаваць адвакату",
        "Send the documents to the office",
    ],
)
def test_a_task_title_without_the_name_is_accepted(login, vera_volunteer, vera_case, title):
    client = login(vera_volunteer)
    response = client.post(
        reverse("casework:task_create", args=[vera_case.pk]),
        {"title": title, "due_on": "2026-06-10"},
    )
    assert response.status_code == 302
    assert CaseTask.objects.get().title == title


def test_assignee_must_be_able_to_work_on_the_case(
    login, vera_volunteer, viktor_volunteer, tomas_coordinator, lev_lawyer, vera_case
):
    client = login(vera_volunteer)
    for outsider in (viktor_volunteer, tomas_coordinator, lev_lawyer):
        response = client.post(
            reverse("casework:task_create", args=[vera_case.pk]),
            {"title": "Call", "due_on": "2026-06-10", "assignee": outsider.pk},
        )
        assert response.status_code == 200
        assert "Select a valid choice" in response.content.decode()
    assert not CaseTask.objects.exists()


def test_hostile_task_title_is_escaped_on_the_case_page(login, vera_volunteer, vera_case):
    client = login(vera_volunteer)
    client.post(
        reverse("casework:task_create", args=[vera_case.pk]),
        {"title": '<img src=x onerror="alert(1)">', "due_on": "2026-06-10"},
    )
    content = client.get(vera_case.get_absolute_url()).content.decode()
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in content
    assert "<img src=x" not in content


# Marking a task done


def test_mark_task_done(login, vera_volunteer, vera_case):
    task = actions.add_task(case=vera_case, by=vera_volunteer, title="Call back", due_on=day(-2))
    client = login(vera_volunteer)
    assert (
        client.get(reverse("casework:tasks_done", args=[vera_case.pk, task.pk])).status_code == 405
    )
    response = client.post(reverse("casework:tasks_done", args=[vera_case.pk, task.pk]))
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.done_by == vera_volunteer
    assert task.done_at is not None
    assert f"task:{task.pk}" not in on_dashboard(vera_volunteer)
    assert AuditEvent.objects.filter(case=vera_case, detail=f"CaseTask {task.pk} done").exists()
    # Done twice keeps the first.
    done_at = task.done_at
    client.post(reverse("casework:tasks_done", args=[vera_case.pk, task.pk]))
    task.refresh_from_db()
    assert task.done_at == done_at
    content = client.get(vera_case.get_absolute_url()).content.decode()
    assert "Call back" in content
    assert "1 June 2026, 14:00 CEST" in content  # in the zone of vera's office


def test_task_of_another_case_answers_404(login, olga_coordinator, vera_case, make_case):
    other = make_case(olga_coordinator)
    task = actions.add_task(case=other, by=olga_coordinator, title="Call", due_on=TODAY)
    client = login(olga_coordinator)
    response = client.post(reverse("casework:tasks_done", args=[vera_case.pk, task.pk]))
    assert response.status_code == 404
    task.refresh_from_db()
    assert task.done_at is None


# Snoozing


@pytest.fixture
def review(vera_volunteer, vera_case):
    return actions.add_risk(
        case=vera_case,
        by=vera_volunteer,
        fields={"kind": "surveillance", "severity": "low", "review_on": day(-1)},
    )


def test_snooze_hides_an_item_until_the_day(login, vera_volunteer, vera_case, review):
    key = f"risk:{review.pk}:review"
    client = login(vera_volunteer)
    url = reverse("casework:deadline_snooze", args=[vera_case.pk])
    page = client.get(url, {"item": key}).content.decode()
    assert f'<option value="{key}" selected>' in page
    response = client.post(
        url, {"item": key, "until": "2026-06-15", "reason": "Lawyer reviews it <b>next</b> week."}
    )
    assert response.status_code == 302
    snooze = DeadlineSnooze.objects.get()
    assert (snooze.case, snooze.item_key, snooze.until, snooze.by) == (
        vera_case,
        key,
        day(14),
        vera_volunteer,
    )
    event = AuditEvent.objects.filter(case=vera_case).first()
    assert event.detail == f"snoozed {key} until 2026-06-15"
    assert "Lawyer" not in event.detail

    assert key not in on_dashboard(vera_volunteer)
    assert key not in on_dashboard(vera_volunteer, day(13))
    assert key in on_dashboard(vera_volunteer, day(14))

    # The case page still shows it, snoozed, and the history says who, when and why.
    content = client.get(vera_case.get_absolute_url()).content.decode()
    assert (
        f"snoozed by {vera_volunteer} until 15 June 2026: Lawyer reviews it &lt;b&gt;next&lt;/b&gt;"
        in content
    )
    assert "Lawyer reviews it &lt;b&gt;next&lt;/b&gt; week." in content
    assert "Risk review: Surveillance" in content


def test_snoozed_document_alert_comes_back_at_the_next_alert(vera_volunteer, vera_case):
    document = actions.add_document(
        case=vera_case,
        by=vera_volunteer,
        fields={"kind": "national_passport", "issuing_country": "BY", "expires_on": day(150)},
    )
    actions.snooze_item(
        case=vera_case,
        by=vera_volunteer,
        item_key=f"document:{document.pk}:180",
        until=day(365),
        reason="Renewal appointment booked.",
    )
    assert on_dashboard(vera_volunteer) == set()
    # 90 days before expiry: a new alert, not snoozed.
    assert on_dashboard(vera_volunteer, day(60)) == {f"document:{document.pk}:90"}


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"until": "2026-06-01", "reason": "Later."}, "until", "Choose a day after today."),
        ({"until": "2027-08-01", "reason": "Later."}, "until", "a year at most"),
        ({"until": "", "reason": "Later."}, "until", "This field is required."),
        ({"until": "2026-06-15", "reason": ""}, "reason", "This field is required."),
        ({"until": "2026-06-15", "reason": "…"}, "reason", "Say in words"),
        ({"until": "2026-06-15", "reason": "a\u202eb"}, "reason", "text-direction"),
        (
            {"item": "task:999", "until": "2026-06-15", "reason": "Later."},
            "item",
            "Select a valid choice",
        ),
    ],
)
def test_snooze_refuses_bad_input_next_to_the_field(
    login, vera_volunteer, vera_case, review, data, field, message
):
    data = {"item": f"risk:{review.pk}:review", **data}
    response = login(vera_volunteer).post(
        reverse("casework:deadline_snooze", args=[vera_case.pk]), data
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert message in content
    assert f'id="error_1_id_{field}"' in content
    assert not DeadlineSnooze.objects.exists()


def test_snooze_offers_only_this_case_items(login, olga_coordinator, vera_case, make_case):
    other = make_case(olga_coordinator)
    risk = actions.add_risk(
        case=other,
        by=olga_coordinator,
        fields={"kind": "surveillance", "severity": "low", "review_on": TODAY},
    )
    client = login(olga_coordinator)
    response = client.post(
        reverse("casework:deadline_snooze", args=[vera_case.pk]),
        {"item": f"risk:{risk.pk}:review", "until": "2026-06-15", "reason": "Later."},
    )
    assert response.status_code == 200
    assert not DeadlineSnooze.objects.exists()
    page = client.get(reverse("casework:deadline_snooze", args=[vera_case.pk])).content.decode()
    assert "Nothing is due on this case that could be snoozed." in page


def test_legal_aid_sees_deadlines_but_cannot_add_or_snooze(
    login, olga_coordinator, lev_lawyer, vera_case, review
):
    actions.share_case(
        case=vera_case, by=olga_coordinator, user=lev_lawyer, include_relatives=False
    )
    content = login(lev_lawyer).get(vera_case.get_absolute_url()).content.decode()
    assert "Risk review: Surveillance" in content
    assert reverse("casework:task_create", args=[vera_case.pk]) not in content
    assert reverse("casework:deadline_snooze", args=[vera_case.pk]) not in content
