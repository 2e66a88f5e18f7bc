"""Pages make as many queries for 60 rows as for 3: no query per case, risk or note."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from casework import actions
from casework.models import (
    Role,
)
from tests.factories import SEVERITIES, attach, fill_case

SIZES = [3, 60]


def lawyers(count: int) -> list:
    return [
        actions.create_user(username=f"lawyer_{i}", role=Role.LEGAL_AID, office=None, password=None)
        for i in range(count)
    ]


def office_cases(count: int, *, olga, vera, make_case) -> list:
    """`count` Warsaw cases, open, assigned to olga and vera, with a risk, remedy and document."""
    today = timezone.localdate()
    cases = []
    for i in range(count):
        case = make_case(
            olga,
            full_name=f"Ціханоўская {i}",
            names=[{"text": f"Tsikhanouskaya {i}", "script": "Latn", "kind": "passport"}],
            risks=[{"kind": "red_notice", "severity": SEVERITIES[i % 4], "status": "confirmed"}],
        )
        actions.set_case_status(case=case, by=olga, status="open")
        actions.assign_case(case=case, by=olga, users=[olga, vera])
        actions.add_remedy(
            case=case,
            by=olga,
            fields={"kind": "alien_passport", "country": "PL", "status": "refused"},
        )
        actions.add_document(
            case=case,
            by=olga,
            fields={
                "kind": "national_passport",
                "issuing_country": "BY",
                "expires_on": today + datetime.timedelta(days=i),
            },
        )
        cases.append(case)
    return cases


# The case list


# Each count includes the list's one audit event (casework/views/case_list.py).
CASE_LIST_QUERIES = {
    "no filter": ({}, 11),
    "several filters": (
        {
            "status": "open",
            "risk": "red_notice",
            "severity": "low",
            "remedy": "alien_passport",
            "remedy_status": "refused",
            "host_country": "PL",
            "assigned": "me",
            "doc_expiring": "3650",
            "sort": "risk",
        },
        11,
    ),
    # A name search reads its matching case ids first (one query, whatever their number).
    # Ranking by name keys (casework/names/search.py) adds 3: candidates, their spellings,
    # their case ids (2 when the keys find nobody; 4 when a misspelt surname falls back).
    "q": ({"q": "ціханоўская"}, 15),
    "reference prefix": ({"q": "PL-2"}, 14),
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("params", CASE_LIST_QUERIES.values(), ids=CASE_LIST_QUERIES.keys())
def test_case_list_queries_do_not_grow(
    login,
    olga_coordinator,
    vera_volunteer,
    make_case,
    django_assert_max_num_queries,
    size,
    params,
):
    params, max_queries = params
    cases = office_cases(size, olga=olga_coordinator, vera=vera_volunteer, make_case=make_case)
    client = login(olga_coordinator)
    with django_assert_max_num_queries(max_queries):
        response = client.get(reverse("casework:case_list"), params)
    content = response.content.decode()
    assert response.status_code == 200
    assert f"{size} cases match." in content
    assert cases[0].reference in content or size > 25


@pytest.mark.parametrize("size", SIZES)
def test_case_list_htmx_queries_do_not_grow(
    login, olga_coordinator, vera_volunteer, make_case, django_assert_max_num_queries, size
):
    office_cases(size, olga=olga_coordinator, vera=vera_volunteer, make_case=make_case)
    client = login(olga_coordinator)
    # 8, the list's audit event, and the office (its time zone).
    with django_assert_max_num_queries(10):
        response = client.get(
            reverse("casework:case_list"), {"status": "open"}, headers={"HX-Request": "true"}
        )
    assert f"{size} cases match." in response.content.decode()


@pytest.mark.parametrize("size", SIZES)
def test_volunteer_case_list_queries_do_not_grow(
    login, olga_coordinator, vera_volunteer, make_case, django_assert_max_num_queries, size
):
    office_cases(size, olga=olga_coordinator, vera=vera_volunteer, make_case=make_case)
    client = login(vera_volunteer)
    # 11 (the audit event included), and 2 for the name keys, which find nobody for this
    # beginning of a name.
    with django_assert_max_num_queries(14):
        response = client.get(reverse("casework:case_list"), {"q": "tsikhan", "sort": "risk"})
    assert f"{size} cases match." in response.content.decode()


# The case page


# Deadlines (casework/deadlines/) add 4: the knowledge base's appeal days, the items, the
# tasks and the snoozes. The remedy guide (casework/guide.py) adds 1: the options. The files
# (with who uploaded them) add 1.
DETAIL_QUERIES = {"olga_coordinator": 24, "vera_volunteer": 22, "lev_lawyer": 22}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("viewer", DETAIL_QUERIES)
def test_case_detail_queries_do_not_grow(
    request,
    login,
    olga_coordinator,
    vera_volunteer,
    lev_lawyer,
    vera_case,
    django_assert_max_num_queries,
    size,
    viewer,
):
    fill_case(vera_case, olga_coordinator, rows=size)
    files = size // 10 + 1
    for number in range(files):
        attach(vera_case, vera_volunteer, title=f"Scan, row {number}")
    for lawyer in [lev_lawyer, *lawyers(size)]:
        actions.share_case(case=vera_case, by=olga_coordinator, user=lawyer, include_relatives=True)
    user = request.getfixturevalue(viewer)
    client = login(user)
    with django_assert_max_num_queries(DETAIL_QUERIES[viewer]):
        response = client.get(reverse("casework:case_detail", args=[vera_case.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert content.count("Called, row") == size
    assert content.count("remedy note") == size
    assert content.count("KGB visit") == size
    assert content.count("Relative ") >= size
    assert content.count('class="file-item"') == files


# The dashboard


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(
    # Deadlines add 6: the appeal days, four sections, the cases with no activity.
    ("viewer", "max_queries"),
    # Coordinators' notices of possible duplicates add 1 (casework/duplicates.py), the
    # recent changes to their office's accounts 1, and the dashboard's audit event 1.
    # The names beside the references add 2 (casework/deadlines/pages.py, people_of).
    [("olga_coordinator", 21), ("vera_volunteer", 19)],
)
def test_dashboard_queries_do_not_grow(
    request,
    login,
    olga_coordinator,
    vera_volunteer,
    make_case,
    django_assert_max_num_queries,
    size,
    viewer,
    max_queries,
):
    cases = office_cases(size, olga=olga_coordinator, vera=vera_volunteer, make_case=make_case)
    for case in cases:
        actions.add_risk(
            case=case,
            by=olga_coordinator,
            fields={"kind": "deportation_risk", "severity": "high", "status": "suspected"},
        )
    client = login(request.getfixturevalue(viewer))
    with django_assert_max_num_queries(max_queries):
        response = client.get(reverse("casework:dashboard"))
    content = response.content.decode()
    assert response.status_code == 200
    assert f"My open cases ({size})" in content
    assert content.count('class="list-group-item list-group-item-action') == min(size, 20)
