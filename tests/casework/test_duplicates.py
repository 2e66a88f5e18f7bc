"""Possible duplicates at intake (issue 5): shown among the cases one may see, never revealed
otherwise, and told to the coordinators of the office holding a hidden match."""

from __future__ import annotations

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import strip_tags

from casework import actions
from casework.models import AuditAction, AuditEvent, Case, DuplicateNotice, Role
from tests.factories import PASSWORD, intake_data, run_tasks, take_in
from tests.reading import text_of

CHECK_URL = reverse("casework:intake_duplicates")
TSIKHANOUSKAYA = [
    {"text": "Святлана Ціханоўская", "script": "be-Cyrl", "kind": "native"},
    {"text": "Светлана Тихановская", "script": "ru-Cyrl", "kind": "other"},
]


def words_of(response) -> str:
    """The page as read: no tags, entities turned back into characters, single spaces."""
    return " ".join(html.unescape(strip_tags(response.content.decode())).split())


def check(client, full_name: str = "", birth_date: str = "", **names: str):
    """The intake page's live check, as htmx posts it."""
    data = {"person-full_name": full_name, "person-birth_date": birth_date}
    data.update({f"names-{index[1:]}-text": text for index, text in names.items()})
    return client.post(CHECK_URL, data, headers={"HX-Request": "true"})


def duplicates_in(response) -> list[str]:
    """The references listed as possible duplicates, in their order."""
    pattern = r'class="alert-link font-monospace" href="/cases/\d+/"[^>]*>([A-Z]{2}-\d{4}-\d+)'
    return re.findall(pattern, response.content.decode())


@pytest.fixture
def vilnius_volunteer(vilnius):
    return actions.create_user(
        username="vytas_volunteer", role=Role.VOLUNTEER, office=vilnius, password=PASSWORD
    )


@pytest.fixture
def svetlana_of_vera(vera_volunteer):
    """Vera's own case: she may see it."""
    return take_in(
        vera_volunteer,
        full_name="Sviatlana Tsikhanouskaya",
        names=TSIKHANOUSKAYA,
        birth_date="1982-09-11",
    )


@pytest.fixture
def svetlana_of_tomas(tomas_coordinator):
    """The same person's case in Vilnius: nobody in Warsaw may see it."""
    return take_in(
        tomas_coordinator,
        full_name="Sviatlana Tsikhanouskaya",
        names=TSIKHANOUSKAYA,
        birth_date="1982-09-11",
        host_country="LT",
    )


# The live check


def test_a_visible_match_is_shown_with_a_link(login, vera_volunteer, svetlana_of_vera):
    response = check(login(vera_volunteer), "Svetlana Tikhanovskaya")

    assert response.status_code == 200
    assert duplicates_in(response) == [svetlana_of_vera.reference]
    content = text_of(response)
    assert "Possible duplicates" in content
    assert f'href="{svetlana_of_vera.get_absolute_url()}"' in content
    # The spelling that matched, the birth date written unambiguously, the status.
    assert re.search(r"Sviatlana Tsikhanouskaya|Святлана Ціханоўская|Светлана Тихановская", content)
    assert "born on 11 September 1982" in content
    assert "Intake" in content


def test_the_count_goes_to_the_status_that_screen_readers_read(
    login, vera_volunteer, svetlana_of_vera
):
    """The list is swapped in, but said aloud is the count, through the page's status, which
    stays in place (a live region that is replaced is not announced)."""
    response = check(login(vera_volunteer), "Svetlana Tikhanovskaya")
    status = re.search(
        r'<p id="duplicate-status" hx-swap-oob="innerHTML">(.*?)</p>',
        response.content.decode(),
        re.S,
    )
    assert status is not None
    said = " ".join(strip_tags(status[1]).split())
    assert said == '1 case may be the same person: see "Possible duplicates" below the name.'
    assert "aria-live" not in response.content.decode()

    nothing = check(login(vera_volunteer), "Zmitser Nobodyovich").content.decode()
    assert '<p id="duplicate-status" hx-swap-oob="innerHTML"></p>' in nothing
    page = login(vera_volunteer).get(reverse("casework:case_create")).content.decode()
    assert '<p id="duplicate-status" class="visually-hidden" role="status"></p>' in page


def test_a_spelling_in_the_formset_is_checked_too(login, vera_volunteer, svetlana_of_vera):
    response = check(login(vera_volunteer), "", n0="", n1="Tsikhanouskaya Sviatlana")
    assert duplicates_in(response) == [svetlana_of_vera.reference]


def test_nothing_typed_or_nothing_matching_lists_nothing(login, vera_volunteer, svetlana_of_vera):
    client = login(vera_volunteer)
    for name in ["", "   ", "Zygmunt Qwertyuiop"]:
        response = check(client, name)
        assert response.status_code == 200
        assert duplicates_in(response) == []
        assert "Possible duplicates" in text_of(response)  # the hidden heading of the region
        assert "alert" not in response.content.decode()


def test_a_match_the_user_may_not_see_is_never_revealed(
    login, vera_volunteer, viktor_volunteer, svetlana_of_tomas
):
    """The answer for a name matching only hidden cases is the answer for a name matching
    nothing, byte for byte: no count, no hint, not the typed text."""
    # Hidden from vera: a case of her office that is viktor's, and one of another office.
    viktors = take_in(viktor_volunteer, full_name="Tsikhanouskaya Sviatlana", names=TSIKHANOUSKAYA)
    client = login(vera_volunteer)
    events, notices = AuditEvent.objects.count(), DuplicateNotice.objects.count()
    with CaptureQueriesContext(connection) as hidden_queries:
        hidden = check(client, "Sviatlana Tsikhanouskaya", "1982-09-11", n0="Светлана Тихановская")
    with CaptureQueriesContext(connection) as nothing_queries:
        nothing = check(client, "Zygmunt Qwertyuiop", "1982-09-11", n0="Зыгмунт Квертыёп")
    assert hidden.status_code == nothing.status_code == 200
    # The same work too, so that the time taken tells nothing worth speaking of.
    assert len(hidden_queries) == len(nothing_queries)
    assert hidden.content == nothing.content
    assert sorted(hidden.items()) == sorted(nothing.items())
    for case in (svetlana_of_tomas, viktors):
        assert case.reference not in hidden.content.decode()
    # The check writes one event each, the same for both: a count, never the names typed.
    assert DuplicateNotice.objects.count() == notices
    written = AuditEvent.objects.order_by("pk")[events:]
    assert [(e.action, e.case_id, e.detail) for e in written] == [
        ("search", None, "duplicate check; results: 0"),
        ("search", None, "duplicate check; results: 0"),
    ]


def test_a_coordinator_sees_the_office_match_and_not_the_other_office(
    login, olga_coordinator, viktor_volunteer, svetlana_of_tomas
):
    viktors = take_in(viktor_volunteer, full_name="Tsikhanouskaya Sviatlana", names=TSIKHANOUSKAYA)
    response = check(login(olga_coordinator), "Sviatlana Tsikhanouskaya")
    assert duplicates_in(response) == [viktors.reference]
    assert svetlana_of_tomas.reference not in response.content.decode()


def test_hidden_matches_do_not_crowd_out_the_visible_ones(
    login, vera_volunteer, tomas_coordinator, svetlana_of_vera
):
    """Candidates are limited to visible cases before ranking: thirty better hidden matches
    change nothing in what vera is shown."""
    client = login(vera_volunteer)
    before = check(client, "Sviatlana Tsikhanouskaya", "1982-09-11")
    for _ in range(30):
        take_in(
            tomas_coordinator,
            full_name="Sviatlana Tsikhanouskaya",
            names=TSIKHANOUSKAYA,
            birth_date="1982-09-11",
            host_country="LT",
        )
    after = check(client, "Sviatlana Tsikhanouskaya", "1982-09-11")
    assert duplicates_in(before) == [svetlana_of_vera.reference]
    assert after.content == before.content


def test_birth_date_agreement_ranks_higher(login, olga_coordinator):
    older = take_in(
        olga_coordinator, full_name="Aliaksandr Kavalenka", names=[], birth_date="1970-01-02"
    )
    younger = take_in(
        olga_coordinator, full_name="Aliaksandr Kavalenka", names=[], birth_date="1990-03-04"
    )
    client = login(olga_coordinator)
    assert duplicates_in(check(client, "Александр Коваленко", "1990-03-04")) == [
        younger.reference,
        older.reference,
    ]
    assert duplicates_in(check(client, "Александр Коваленко", "1970-01-02")) == [
        older.reference,
        younger.reference,
    ]


def test_a_near_name_of_a_different_person_ranks_below(login, olga_coordinator):
    other = take_in(olga_coordinator, full_name="Sviatlana Tsimanouskaya")
    same = take_in(olga_coordinator, full_name="Sviatlana Tsikhanouskaya")
    listed = duplicates_in(check(login(olga_coordinator), "Светлана Тихановская"))
    assert listed[0] == same.reference
    assert other.reference not in listed[:1]


@pytest.mark.parametrize(
    "name",
    [
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)> Tsikhanouskaya',
        "Tsikhanouskaya" * 2000,
        "Sviatlana\u202eTsikhanouskaya",
        "Svi\u200batlana Tsikhanouskaya",
        "Sviatlana\x00Tsikhanouskaya",
        "Святлана Tsikhanouskaya",
        "Z\u0351\u0352\u0353\u0354a\u0355\u0356lgo",
        "\U0001f600\U0001f600",
        "ᏚᎢᎵᎬᎢᎬᏒ",
    ],
)
def test_bad_input_to_the_live_check_never_fails(login, vera_volunteer, svetlana_of_vera, name):
    client = login(vera_volunteer)
    for birth_date in ["", "1982-09-11", "2982-09-11", "1982-13-45", "<b>", "9" * 500]:
        response = check(client, name, birth_date, n0=name, n19=name, n25=name)
        assert response.status_code == 200
        content = response.content.decode()
        assert "<script>" not in content
        assert "onerror" not in content
        # What was typed is never echoed.
        assert "Tsikhanouskaya" * 2 not in content


def test_a_stored_spelling_is_shown_escaped(login, vera_volunteer):
    case = take_in(vera_volunteer, full_name="Ales <b>Tsikhanovich</b>")
    response = check(login(vera_volunteer), "Ales Tsikhanovich")
    # Stored through an action, not the form (which refuses it): shown as text, never markup.
    assert duplicates_in(response) == [case.reference]
    content = response.content.decode()
    assert "&lt;b&gt;Tsikhanovich&lt;/b&gt;" in content
    assert "<b>" not in content


def test_too_many_fields_are_refused_without_a_500(login, vera_volunteer):
    data = {f"names-{index}-text": "Ales" for index in range(5000)}
    response = login(vera_volunteer).post(CHECK_URL, data)
    assert response.status_code == 400


def test_who_may_use_the_live_check(
    client, vera_volunteer, olga_coordinator, lev_lawyer, ada_admin, svetlana_of_vera
):
    response = client.post(CHECK_URL, {"person-full_name": "Sviatlana Tsikhanouskaya"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    for user in [lev_lawyer, ada_admin]:
        client.force_login(user)
        assert check(client, "Sviatlana Tsikhanouskaya").status_code == 404
    for user in [vera_volunteer, olga_coordinator]:
        client.force_login(user)
        assert client.get(CHECK_URL).status_code == 405
        assert duplicates_in(check(client, "Sviatlana Tsikhanouskaya")) == [
            svetlana_of_vera.reference
        ]


def test_the_live_check_needs_the_csrf_token(vera_volunteer, svetlana_of_vera):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(vera_volunteer)
    assert check(client, "Sviatlana Tsikhanouskaya").status_code == 403


@pytest.mark.parametrize("size", [1, 15])
def test_live_check_queries_do_not_grow(
    login, olga_coordinator, tomas_coordinator, django_assert_max_num_queries, size
):
    for _ in range(size):
        take_in(olga_coordinator, full_name="Sviatlana Tsikhanouskaya", names=TSIKHANOUSKAYA)
        take_in(tomas_coordinator, full_name="Sviatlana Tsikhanouskaya", host_country="LT")
    client = login(olga_coordinator)
    # 8, the audit event of the check, and the office (its time zone).
    with django_assert_max_num_queries(10):
        response = check(client, "Svetlana Tikhanovskaya", n0="Святлана Ціханоўская")
    assert len(duplicates_in(response)) == min(size, 10)


# The intake page


def test_the_intake_page_checks_as_the_names_are_typed(login, vera_volunteer):
    content = login(vera_volunteer).get(reverse("casework:case_create")).content.decode()
    assert f'hx-post="{CHECK_URL}"' in content
    assert 'id="possible-duplicates"' in content
    assert "<script>" not in content and "style=" not in content


def test_without_javascript_the_matches_show_on_the_page_sent_back(
    login, vera_volunteer, svetlana_of_vera
):
    data = intake_data("Svetlana Tikhanovskaya", **{"case-host_country": ""})
    response = login(vera_volunteer).post(reverse("casework:case_create"), data)
    assert response.status_code == 200
    assert "The case was not saved" in text_of(response)
    assert duplicates_in(response) == [svetlana_of_vera.reference]
    assert Case.objects.count() == 1


# Notices to the office holding a hidden match


def take_in_through_the_page(client, full_name: str, **overrides) -> Case:
    response = client.post(reverse("casework:case_create"), intake_data(full_name, **overrides))
    assert response.status_code == 302, text_of(response)
    return Case.objects.get(pk=re.search(r"/cases/(\d+)/", response.url).group(1))


def test_saving_a_match_of_another_office_tells_its_coordinators(
    client,
    login,
    vera_volunteer,
    olga_coordinator,
    tomas_coordinator,
    vilnius_volunteer,
    svetlana_of_tomas,
):
    new = take_in_through_the_page(
        login(vera_volunteer),
        "Svetlana Tikhanovskaya",
        **{"names-0-text": "Святлана Ціханоўская", "person-birth_date": "1982-09-11"},
    )
    # Told by the task worker, after the intake's response.
    assert not DuplicateNotice.objects.exists()
    assert run_tasks() == 1

    notice = DuplicateNotice.objects.get()
    assert (notice.office, notice.case, notice.new_case) == (
        tomas_coordinator.office,
        svetlana_of_tomas,
        new,
    )
    assert 0 < notice.score <= 1
    assert notice.dismissed_at is None
    events = AuditEvent.objects.filter(action=AuditAction.DUPLICATE_FLAGGED)
    assert [(e.case, e.user) for e in events] == [(svetlana_of_tomas, vera_volunteer)]
    assert new.reference in events[0].detail
    assert "Tsikh" not in events[0].detail and "Tikh" not in events[0].detail

    client.force_login(tomas_coordinator)
    dashboard = words_of(client.get(reverse("casework:dashboard")))
    assert (
        f"Possible duplicate of case {svetlana_of_tomas.reference} taken in by "
        f"Test Office Warsaw: case {new.reference}"
    ) in dashboard
    # Vera's office and whoever else is not the holding office's coordinator see nothing.
    for user in [vera_volunteer, olga_coordinator, vilnius_volunteer]:
        client.force_login(user)
        page = words_of(client.get(reverse("casework:dashboard")))
        assert "Possible duplicate" not in page
        assert svetlana_of_tomas.reference not in page


def test_a_hidden_match_in_the_same_office_goes_to_its_coordinator(
    client, login, vera_volunteer, viktor_volunteer, olga_coordinator
):
    viktors = take_in(viktor_volunteer, full_name="Sviatlana Tsikhanouskaya", names=TSIKHANOUSKAYA)
    new = take_in_through_the_page(login(vera_volunteer), "Svetlana Tikhanovskaya")
    run_tasks()
    notice = DuplicateNotice.objects.get()
    assert (notice.office, notice.case, notice.new_case) == (olga_coordinator.office, viktors, new)
    client.force_login(olga_coordinator)
    assert f"Possible duplicate of case {viktors.reference}" in words_of(
        client.get(reverse("casework:dashboard"))
    )


def test_a_match_the_user_may_see_makes_no_notice(
    login, vera_volunteer, olga_coordinator, svetlana_of_vera
):
    # vera sees her own case; olga sees every case of the office.
    take_in_through_the_page(login(vera_volunteer), "Svetlana Tikhanovskaya")
    assert run_tasks() == 1
    take_in_through_the_page(login(olga_coordinator), "Svetlana Tikhanovskaya")
    assert run_tasks() == 1
    assert not DuplicateNotice.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.DUPLICATE_FLAGGED).exists()


def test_many_visible_namesakes_do_not_hide_a_match_elsewhere(olga_coordinator, tomas_coordinator):
    for _ in range(25):
        take_in(olga_coordinator, full_name="Sviatlana Tsikhanouskaya", names=TSIKHANOUSKAYA)
    # The newest of 26 equally good matches: last of them in rank.
    theirs = take_in(tomas_coordinator, full_name="Sviatlana Tsikhanouskaya", host_country="LT")
    new = take_in(olga_coordinator, full_name="Sviatlana Tsikhanouskaya")
    assert DuplicateNotice.objects.filter(case=theirs, new_case=new).exists()
    # Olga sees her own office's namesakes: no notice about those.
    assert not DuplicateNotice.objects.filter(new_case=new).exclude(case=theirs).exists()


def test_saving_says_nothing_of_a_hidden_match(login, vera_volunteer, svetlana_of_tomas):
    client = login(vera_volunteer)
    response = client.post(
        reverse("casework:case_create"), intake_data("Svetlana Tikhanovskaya"), follow=True
    )
    assert response.status_code == 200
    content = text_of(response)
    assert svetlana_of_tomas.reference not in content
    assert "duplicate" not in content.lower()


# Dismissing a notice


@pytest.fixture
def notice(vera_volunteer, svetlana_of_tomas) -> DuplicateNotice:
    take_in(vera_volunteer, full_name="Svetlana Tikhanovskaya")
    return DuplicateNotice.objects.get()


def dismiss_url(notice: DuplicateNotice) -> str:
    return reverse("casework:duplicate_dismiss", args=[notice.pk])


def test_the_coordinator_dismisses_a_notice(client, tomas_coordinator, notice):
    client.force_login(tomas_coordinator)
    assert client.get(dismiss_url(notice)).status_code == 405
    response = client.post(dismiss_url(notice), follow=True)
    assert response.redirect_chain[-1][0] == reverse("casework:dashboard")
    assert f"The notice about case {notice.case.reference} was dismissed." in text_of(response)
    assert "Possible duplicate of case" not in words_of(response)
    notice.refresh_from_db()
    assert notice.dismissed_by == tomas_coordinator
    assert notice.dismissed_at is not None
    # A second click changes nothing and is not audited again.
    assert client.post(dismiss_url(notice)).status_code == 302
    events = AuditEvent.objects.filter(action=AuditAction.DUPLICATE_DISMISSED)
    assert [(e.case, e.user) for e in events] == [(notice.case, tomas_coordinator)]
    assert notice.new_case.reference in events[0].detail


def test_anonymous_is_sent_to_login_to_dismiss(client, notice):
    response = client.post(dismiss_url(notice))
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={dismiss_url(notice)}"


def test_nobody_else_may_dismiss_a_notice(
    client, notice, vera_volunteer, olga_coordinator, vilnius_volunteer, lev_lawyer, ada_admin
):
    actions.share_case(
        case=notice.case, by=notice.case.created_by, user=lev_lawyer, include_relatives=False
    )
    for user in [olga_coordinator, vera_volunteer, vilnius_volunteer, lev_lawyer, ada_admin]:
        client.force_login(user)
        assert client.post(dismiss_url(notice)).status_code == 404, user
    assert client.post(reverse("casework:duplicate_dismiss", args=[notice.pk + 1])).status_code
    notice.refresh_from_db()
    assert notice.dismissed_at is None
    assert not AuditEvent.objects.filter(action=AuditAction.DUPLICATE_DISMISSED).exists()


def test_a_coordinator_moved_to_another_office_loses_the_notices(
    client, tomas_coordinator, notice, warsaw
):
    tomas_coordinator.office = warsaw
    tomas_coordinator.save()
    client.force_login(tomas_coordinator)
    assert client.post(dismiss_url(notice)).status_code == 404


def dashboard_queries(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("casework:dashboard"))
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.mark.parametrize("size", [1, 25])
def test_dashboard_notices_take_one_query_whatever_their_number(
    client, vera_volunteer, tomas_coordinator, size
):
    for _ in range(size):
        take_in(
            tomas_coordinator,
            full_name="Sviatlana Tsikhanouskaya",
            names=TSIKHANOUSKAYA,
            host_country="LT",
        )
    client.force_login(tomas_coordinator)
    baseline, content = dashboard_queries(client)
    assert "duplicate-notice" not in content
    take_in(vera_volunteer, full_name="Svetlana Tikhanovskaya")
    assert DuplicateNotice.objects.count() == min(size, 20)
    queries, content = dashboard_queries(client)
    assert queries == baseline
    assert content.count('duplicate-notice"') == min(size, 20)
