"""The case list at /cases/: every filter alone and combined, search, counts, pages, access."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from casework import actions
from tests.factories import add_identity_document, add_remedy, add_risk, in_days
from tests.reading import REFERENCE_LINK, listed


@pytest.fixture
def olga(login, olga_coordinator):
    return login(olga_coordinator)


# Search


@pytest.fixture
def sviatlana(olga_coordinator, make_case):
    return make_case(
        olga_coordinator,
        full_name="Sviatlana Tsikhanouskaya",
        names=[
            {"text": "Святлана Ціханоўская", "script": "be-Cyrl", "kind": "native"},
            {"text": "Светлана Тихановская", "script": "ru-Cyrl", "kind": "other"},
            {"text": "Sviatlana Tsikhanouskaya", "script": "Latn", "kind": "passport"},
        ],
    )


@pytest.fixture
def kryscina(olga_coordinator, make_case):
    """A different surname, one meaningful letter away from Tsikhanouskaya."""
    return make_case(
        olga_coordinator,
        full_name="Kryscina Tsimanouskaya",
        names=[{"text": "Крысціна Цімануская", "script": "be-Cyrl", "kind": "native"}],
    )


@pytest.mark.parametrize(
    "q",
    [
        "ціханоўская",  # lower case of a stored capital: SQLite's LIKE would not fold it
        "ЦІХАНОЎСКАЯ",
        "Ціханоўская",
        "тихановская",
        "Tsikhanouskaya",
        "tsikhanouskaya",
        "tsikhan",
        "святлана ціх",
        "  Святлана   Ціханоўская ",
    ],
)
def test_q_finds_a_name_in_any_stored_spelling(olga, sviatlana, kryscina, q):
    assert listed(olga, q=q) == [sviatlana.reference]


def test_q_that_matches_many_cases_gives_the_same_result(
    olga, olga_coordinator, sviatlana, kryscina, make_case, monkeypatch
):
    """Beyond MAX_LISTED_MATCHES the matches stay a subquery: the result is the same."""
    others = [make_case(olga_coordinator, full_name=f"Tsikhanovich {n}") for n in range(3)]
    expected = sorted([sviatlana.reference, *(case.reference for case in others)])
    assert sorted(listed(olga, q="tsikhan")) == expected
    monkeypatch.setattr("casework.filters.MAX_LISTED_MATCHES", 2)
    assert sorted(listed(olga, q="tsikhan")) == expected
    assert "4 cases match." in olga.get(reverse("casework:case_list"), {"q": "tsikhan"}).text


def test_q_keeps_different_surnames_apart(olga, sviatlana, kryscina):
    assert listed(olga, q="Tsimanouskaya") == [kryscina.reference]
    assert listed(olga, q="цімануская") == [kryscina.reference]


def test_q_that_matches_nothing_says_so(olga, sviatlana):
    response = olga.get(reverse("casework:case_list"), {"q": "Lukashenka"})
    content = response.content.decode()
    assert REFERENCE_LINK.findall(content) == []
    assert "No cases match these filters." in content
    assert "0 cases match." in content


def test_q_finds_a_reference_exactly_and_by_prefix(olga, olga_coordinator, make_case):
    first, second = make_case(olga_coordinator), make_case(olga_coordinator)
    assert listed(olga, q=second.reference) == [second.reference]
    assert listed(olga, q=second.reference.lower()) == [second.reference]
    year_prefix = first.reference[: len("PL-2026")]
    assert sorted(listed(olga, q=year_prefix)) == sorted([first.reference, second.reference])


def test_q_two_letters_do_not_match_every_reference(olga, olga_coordinator, make_case):
    make_case(olga_coordinator, full_name="Ales Bialiatski")
    make_case(olga_coordinator, full_name="Maria Kalesnikava")
    assert listed(olga, q="pl") == []
    assert listed(olga, q="PL") == []
    assert listed(olga, q="PL-") == []


def test_q_and_risk_together(olga, olga_coordinator, sviatlana, make_case):
    namesake = make_case(
        olga_coordinator,
        names=[{"text": "Ганна Ціханоўская", "script": "be-Cyrl", "kind": "native"}],
    )
    add_risk(sviatlana, olga_coordinator, kind="red_notice")
    add_risk(namesake, olga_coordinator, kind="passport_expired")
    assert sorted(listed(olga, q="ціханоўская")) == sorted(
        [sviatlana.reference, namesake.reference]
    )
    assert listed(olga, q="ціханоўская", risk="red_notice") == [sviatlana.reference]
    assert listed(olga, q="ціханоўская", risk="passport_expired") == [namesake.reference]


# Status, host country, office, assigned


def test_status_filter(olga, olga_coordinator, make_case):
    intake = make_case(olga_coordinator)
    opened = actions.set_case_status(
        case=make_case(olga_coordinator), by=olga_coordinator, status="open"
    )
    closed = actions.close_case(case=make_case(olga_coordinator), by=olga_coordinator, reason="x")
    assert listed(olga, status="open") == [opened.reference]
    assert listed(olga, status="intake") == [intake.reference]
    assert listed(olga, status="closed") == [closed.reference]
    assert listed(olga, status="on_hold") == []


def test_host_country_filter(olga, olga_coordinator, make_case):
    in_poland = make_case(olga_coordinator, host_country="PL")
    in_lithuania = make_case(olga_coordinator, host_country="LT")
    assert listed(olga, host_country="LT") == [in_lithuania.reference]
    assert listed(olga, host_country="PL") == [in_poland.reference]
    assert listed(olga, host_country="SE") == []


def test_status_and_host_country_together(olga, olga_coordinator, make_case):
    def case(country, status):
        new = make_case(olga_coordinator, host_country=country)
        return actions.set_case_status(case=new, by=olga_coordinator, status=status)

    wanted = case("LT", "open")
    case("LT", "on_hold")
    case("PL", "open")
    assert listed(olga, status="open", host_country="LT") == [wanted.reference]


def test_office_filter_never_reaches_another_office(
    olga, olga_coordinator, tomas_coordinator, warsaw, vilnius, make_case
):
    ours = make_case(olga_coordinator)
    theirs = make_case(tomas_coordinator, host_country="LT")
    assert listed(olga, office=warsaw.pk) == [ours.reference]
    assert listed(olga, office=vilnius.pk) == []
    assert theirs.reference not in listed(olga)


def test_assigned_to_me(olga, olga_coordinator, vera_volunteer, make_case):
    mine = make_case(olga_coordinator)
    actions.assign_case(case=mine, by=olga_coordinator, users=[olga_coordinator, vera_volunteer])
    veras = make_case(vera_volunteer)
    unassigned = make_case(olga_coordinator)
    assert listed(olga, assigned="me") == [mine.reference]
    assert sorted(listed(olga)) == sorted([mine.reference, veras.reference, unassigned.reference])


def test_assigned_to_me_and_status_together(olga, olga_coordinator, make_case):
    def mine(status):
        case = make_case(olga_coordinator)
        actions.assign_case(case=case, by=olga_coordinator, users=[olga_coordinator])
        return actions.set_case_status(case=case, by=olga_coordinator, status=status)

    wanted = mine("open")
    mine("on_hold")
    actions.set_case_status(case=make_case(olga_coordinator), by=olga_coordinator, status="open")
    assert listed(olga, assigned="me", status="open") == [wanted.reference]


# Risks


def test_risk_filter(olga, olga_coordinator, make_case):
    red_notice = make_case(olga_coordinator)
    add_risk(red_notice, olga_coordinator, kind="red_notice", status="suspected")
    warrant = make_case(olga_coordinator)
    add_risk(warrant, olga_coordinator, kind="arrest_warrant")
    make_case(olga_coordinator)
    assert listed(olga, risk="red_notice") == [red_notice.reference]
    assert listed(olga, risk="arrest_warrant") == [warrant.reference]
    assert listed(olga, risk="surveillance") == []


def test_risk_filter_ignores_resolved_risks(olga, olga_coordinator, make_case):
    resolved = make_case(olga_coordinator)
    add_risk(resolved, olga_coordinator, kind="red_notice", status="resolved")
    mitigated = make_case(olga_coordinator)
    add_risk(mitigated, olga_coordinator, kind="red_notice", status="mitigated")
    assert listed(olga, risk="red_notice") == [mitigated.reference]
    assert listed(olga, severity="low") == [mitigated.reference]


def test_severity_is_a_minimum(olga, olga_coordinator, make_case):
    severities = ["low", "medium", "high", "critical"]
    cases = {}
    for severity in severities:
        cases[severity] = make_case(olga_coordinator)
        add_risk(cases[severity], olga_coordinator, severity=severity)
    make_case(olga_coordinator)
    for minimum in severities:
        expected = severities[severities.index(minimum) :]
        shown = listed(olga, severity=minimum)
        assert sorted(shown) == sorted(cases[s].reference for s in expected), minimum


def test_risk_and_severity_apply_to_the_same_risk(olga, olga_coordinator, make_case):
    same_risk = make_case(olga_coordinator)
    add_risk(same_risk, olga_coordinator, kind="red_notice", severity="critical")
    different_risks = make_case(olga_coordinator)
    add_risk(different_risks, olga_coordinator, kind="red_notice", severity="low")
    add_risk(different_risks, olga_coordinator, kind="surveillance", severity="critical")
    resolved_high = make_case(olga_coordinator)
    add_risk(resolved_high, olga_coordinator, kind="red_notice", severity="high", status="resolved")
    add_risk(resolved_high, olga_coordinator, kind="red_notice", severity="low")

    assert listed(olga, risk="red_notice", severity="high") == [same_risk.reference]
    assert sorted(listed(olga, risk="red_notice")) == sorted(
        [same_risk.reference, different_risks.reference, resolved_high.reference]
    )
    assert sorted(listed(olga, severity="critical")) == sorted(
        [same_risk.reference, different_risks.reference]
    )
    # The order of the parameters does not matter.
    response = olga.get(reverse("casework:case_list") + "?severity=high&risk=red_notice")
    assert REFERENCE_LINK.findall(response.content.decode()) == [same_risk.reference]


# Remedies


def test_remedy_filter(olga, olga_coordinator, make_case):
    alien_passport = make_case(olga_coordinator)
    add_remedy(alien_passport, olga_coordinator, kind="alien_passport")
    asylum = make_case(olga_coordinator)
    add_remedy(asylum, olga_coordinator, kind="international_protection")
    make_case(olga_coordinator)
    assert listed(olga, remedy="alien_passport") == [alien_passport.reference]
    assert listed(olga, remedy="international_protection") == [asylum.reference]
    assert listed(olga, remedy="ccf_request") == []


def test_remedy_status_filter(olga, olga_coordinator, make_case):
    refused = make_case(olga_coordinator)
    add_remedy(refused, olga_coordinator, status="refused")
    granted = make_case(olga_coordinator)
    add_remedy(granted, olga_coordinator, status="granted")
    assert listed(olga, remedy_status="refused") == [refused.reference]
    assert listed(olga, remedy_status="granted") == [granted.reference]
    assert listed(olga, remedy_status="appealed") == []


def test_remedy_and_status_apply_to_the_same_remedy(olga, olga_coordinator, make_case):
    same_remedy = make_case(olga_coordinator)
    add_remedy(same_remedy, olga_coordinator, kind="alien_passport", status="refused")
    different_remedies = make_case(olga_coordinator)
    add_remedy(different_remedies, olga_coordinator, kind="alien_passport", status="granted")
    add_remedy(different_remedies, olga_coordinator, kind="humanitarian_visa", status="refused")
    assert listed(olga, remedy="alien_passport", remedy_status="refused") == [same_remedy.reference]
    assert listed(olga, remedy="alien_passport", remedy_status="granted") == [
        different_remedies.reference
    ]
    assert listed(olga, remedy="humanitarian_visa", remedy_status="granted") == []


# Identity documents


def test_doc_expiring(olga, olga_coordinator, make_case):
    soon = make_case(olga_coordinator)
    add_identity_document(soon, olga_coordinator, expires_on=in_days(10))
    expired = make_case(olga_coordinator)
    add_identity_document(expired, olga_coordinator, expires_on=in_days(-400))
    today = make_case(olga_coordinator)
    add_identity_document(today, olga_coordinator, expires_on=in_days(0))
    later = make_case(olga_coordinator)
    add_identity_document(later, olga_coordinator, expires_on=in_days(100))
    no_expiry = make_case(olga_coordinator)
    actions.add_document(
        case=no_expiry,
        by=olga_coordinator,
        fields={"kind": "travel_document", "issuing_country": "PL"},
    )
    make_case(olga_coordinator)

    assert sorted(listed(olga, doc_expiring=30)) == sorted(
        [soon.reference, expired.reference, today.reference]
    )
    assert sorted(listed(olga, doc_expiring=0)) == sorted([expired.reference, today.reference])
    assert sorted(listed(olga, doc_expiring=100)) == sorted(
        [soon.reference, expired.reference, today.reference, later.reference]
    )


def test_doc_expiring_with_risk(olga, olga_coordinator, make_case):
    both = make_case(olga_coordinator)
    add_identity_document(both, olga_coordinator, expires_on=in_days(5))
    add_risk(both, olga_coordinator, kind="passport_expired")
    document_only = make_case(olga_coordinator)
    add_identity_document(document_only, olga_coordinator, expires_on=in_days(5))
    risk_only = make_case(olga_coordinator)
    add_risk(risk_only, olga_coordinator, kind="passport_expired")
    assert listed(olga, doc_expiring=30, risk="passport_expired") == [both.reference]


# Counts, pages, order


def status_count(content: str, label: str) -> int:
    match = re.search(rf'{label} <span class="badge text-bg-secondary">(\d+)</span>', content)
    assert match, label
    return int(match.group(1))


def test_counts_total_and_per_status(olga, olga_coordinator, make_case):
    for status, number in [("open", 3), ("on_hold", 1)]:
        for _ in range(number):
            case = make_case(olga_coordinator, host_country="LT")
            actions.set_case_status(case=case, by=olga_coordinator, status=status)
    make_case(olga_coordinator, host_country="LT")
    make_case(olga_coordinator, host_country="PL")
    actions.close_case(case=make_case(olga_coordinator), by=olga_coordinator, reason="x")

    content = olga.get(reverse("casework:case_list")).content.decode()
    assert "7 cases match." in content
    assert [status_count(content, label) for label in ["Intake", "Open", "On hold", "Closed"]] == [
        2,
        3,
        1,
        1,
    ]

    # The tabs count within the other filters, the total within all of them.
    content = olga.get(reverse("casework:case_list"), {"host_country": "LT"}).content.decode()
    assert "5 cases match." in content
    assert [status_count(content, label) for label in ["Intake", "Open", "On hold", "Closed"]] == [
        1,
        3,
        1,
        0,
    ]
    content = olga.get(
        reverse("casework:case_list"), {"host_country": "LT", "status": "open"}
    ).content.decode()
    assert "3 cases match." in content
    assert len(REFERENCE_LINK.findall(content)) == 3
    assert status_count(content, "On hold") == 1


def test_one_case_is_counted_in_the_singular(olga, olga_coordinator, make_case):
    make_case(olga_coordinator)
    assert "1 case matches." in olga.get(reverse("casework:case_list")).content.decode()


def test_pages_of_25_keep_the_filters(olga, olga_coordinator, make_case):
    cases = [make_case(olga_coordinator, host_country="LT") for _ in range(30)]
    make_case(olga_coordinator, host_country="PL")

    first = olga.get(reverse("casework:case_list"), {"host_country": "LT"}).content.decode()
    assert "30 cases match." in first
    assert len(REFERENCE_LINK.findall(first)) == 25
    assert 'href="?host_country=LT&amp;page=2"' in first
    assert "Page 1 of 2" in first

    second = olga.get(reverse("casework:case_list"), {"host_country": "LT", "page": 2})
    second = second.content.decode()
    shown = REFERENCE_LINK.findall(first) + REFERENCE_LINK.findall(second)
    assert len(REFERENCE_LINK.findall(second)) == 5
    assert sorted(shown) == sorted(case.reference for case in cases)
    assert 'href="?host_country=LT&amp;page=1"' in second
    assert "30 cases match." in second


def test_sort_by_risk_puts_the_critical_case_first(olga, olga_coordinator, make_case):
    critical = make_case(olga_coordinator)
    add_risk(critical, olga_coordinator, severity="critical")
    high = make_case(olga_coordinator)
    add_risk(high, olga_coordinator, severity="high")
    none = make_case(olga_coordinator)
    # Most recently updated first by default.
    assert listed(olga) == [none.reference, high.reference, critical.reference]
    assert listed(olga, sort="updated") == [none.reference, high.reference, critical.reference]
    assert listed(olga, sort="risk") == [critical.reference, high.reference, none.reference]


def test_sort_by_risk_ignores_resolved_risks(olga, olga_coordinator, make_case):
    was_critical = make_case(olga_coordinator)
    risk = add_risk(was_critical, olga_coordinator, severity="critical")
    actions.update_record(
        case=was_critical, by=olga_coordinator, record=risk, fields={"status": "resolved"}
    )
    medium = make_case(olga_coordinator)
    add_risk(medium, olga_coordinator, severity="medium")
    actions.set_case_status(case=was_critical, by=olga_coordinator, status="open")
    assert listed(olga, sort="risk") == [medium.reference, was_critical.reference]


# Bad input


@pytest.mark.parametrize(
    ("params", "error"),
    [
        ({"status": "bogus"}, "Select a valid choice"),
        ({"risk": "bogus"}, "Select a valid choice"),
        ({"severity": "<script>alert(1)</script>"}, "Select a valid choice"),
        ({"remedy_status": "bogus"}, "Select a valid choice"),
        ({"host_country": "XX"}, "Select a valid choice"),
        ({"office": "abc"}, "Select a valid choice"),
        ({"office": "999999"}, "Select a valid choice"),
        ({"assigned": "everyone"}, "Select a valid choice"),
        ({"sort": "pk; drop table"}, "Select a valid choice"),
        ({"doc_expiring": "abc"}, "Enter a number"),
        ({"doc_expiring": "-5"}, "greater than or equal to 0"),
        ({"doc_expiring": "99999999999999"}, "less than or equal to 3650"),
        ({"q": "x" * 300}, "at most 200 characters"),
    ],
)
def test_bad_parameter_is_shown_and_ignored(olga, olga_coordinator, make_case, params, error):
    cases = [make_case(olga_coordinator), make_case(olga_coordinator)]
    response = olga.get(reverse("casework:case_list"), params)
    assert response.status_code == 200
    content = response.content.decode()
    assert error in content
    assert "<script>alert(1)</script>" not in content
    assert sorted(REFERENCE_LINK.findall(content)) == sorted(c.reference for c in cases)
    assert "2 cases match." in content


def test_script_in_a_parameter_is_escaped(olga, olga_coordinator, make_case):
    make_case(olga_coordinator)
    payload = '"><script>alert(1)</script>'
    for params in [{"severity": payload}, {"q": payload}, {"doc_expiring": payload}]:
        content = olga.get(reverse("casework:case_list"), params).content.decode()
        assert "<script>alert(1)</script>" not in content, params
        assert "&lt;script&gt;" in content or "&quot;&gt;&lt;script" in content, params
    content = olga.get(reverse("casework:case_list"), {"page": payload}).content.decode()
    assert "<script>alert(1)</script>" not in content


@pytest.mark.parametrize(
    ("page", "rows", "number"),
    [("999", 2, 2), ("0", 2, 2), ("-1", 2, 2), ("abc", 25, 1), ("", 25, 1)],
)
def test_a_page_out_of_range_shows_the_nearest_page(
    olga, olga_coordinator, make_case, page, rows, number
):
    cases = [make_case(olga_coordinator) for _ in range(27)]
    response = olga.get(reverse("casework:case_list"), {"page": page})
    assert response.status_code == 200
    content = response.content.decode()
    shown = REFERENCE_LINK.findall(content)
    assert len(shown) == rows
    assert set(shown) <= {case.reference for case in cases}
    assert f"Page {number} of 2" in content


# Who sees what


def test_volunteer_sees_only_assigned_cases_even_with_filters(
    login, olga_coordinator, vera_volunteer, viktor_volunteer, make_case
):
    veras = make_case(vera_volunteer, host_country="LT")
    add_risk(veras, vera_volunteer, kind="red_notice", severity="critical")
    viktors = make_case(viktor_volunteer, host_country="LT")
    add_risk(viktors, viktor_volunteer, kind="red_notice", severity="critical")
    office_only = make_case(olga_coordinator, host_country="LT")
    add_risk(office_only, olga_coordinator, kind="red_notice", severity="critical")

    vera = login(vera_volunteer)
    for params in [
        {},
        {"risk": "red_notice", "severity": "critical"},
        {"host_country": "LT", "status": "intake"},
        {"q": viktors.reference},
        {"q": viktors.reference[: len("PL-2026")]},
        {"office": vera_volunteer.office_id},
        {"sort": "risk"},
    ]:
        shown = listed(vera, **params)
        assert viktors.reference not in shown, params
        assert office_only.reference not in shown, params
    assert listed(vera, risk="red_notice") == [veras.reference]
    content = vera.get(reverse("casework:case_list")).content.decode()
    assert "1 case matches." in content
    assert status_count(content, "Intake") == 1


def test_legal_aid_sees_only_shared_cases(
    login, olga_coordinator, lev_lawyer, lena_lawyer, make_case
):
    shared = make_case(olga_coordinator)
    add_remedy(shared, olga_coordinator, kind="ccf_request")
    not_shared = make_case(olga_coordinator)
    add_remedy(not_shared, olga_coordinator, kind="ccf_request")
    actions.share_case(case=shared, by=olga_coordinator, user=lev_lawyer, include_relatives=False)

    lev = login(lev_lawyer)
    assert listed(lev) == [shared.reference]
    assert listed(lev, remedy="ccf_request") == [shared.reference]
    assert listed(lev, q=not_shared.reference) == []
    assert "1 case matches." in lev.get(reverse("casework:case_list")).content.decode()
    lena = login(lena_lawyer)
    assert listed(lena) == []
    assert listed(lena, remedy="ccf_request") == []


def test_coordinator_of_another_office_sees_none_of_warsaw(login, world):
    # vera's case has a red notice: neither the risk filter nor the others may reach it.
    tomas = login(world.tomas)
    assert listed(tomas) == [world.tomas_case.reference]
    for params in [
        {"office": world.warsaw.pk},
        {"q": world.vera_case.reference},
        {"risk": "red_notice"},
        {"host_country": "PL"},
    ]:
        assert listed(tomas, **params) == [], params
    content = tomas.get(reverse("casework:case_list"), {"office": world.warsaw.pk}).content.decode()
    assert "0 cases match." in content
    assert status_count(content, "Intake") == 0


def test_anonymous_user_is_sent_to_log_in(client, olga_coordinator, make_case):
    make_case(olga_coordinator)
    response = client.get(reverse("casework:case_list"), {"status": "intake"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_admin_sees_no_cases(login, ada_admin, olga_coordinator, make_case):
    """Admins work on no case: the list does not exist for them, searched or not."""
    case = make_case(olga_coordinator)
    client = login(ada_admin)
    for params in [{}, {"q": case.reference}]:
        response = client.get(reverse("casework:case_list"), params)
        assert response.status_code == 404
        assert case.reference not in response.content.decode()


# Bookmarks and htmx


def test_filtered_url_prefills_the_form(olga, olga_coordinator, warsaw, make_case):
    make_case(olga_coordinator)
    content = olga.get(
        reverse("casework:case_list"),
        {
            "q": "Ціханоўская",
            "status": "open",
            "risk": "red_notice",
            "severity": "high",
            "remedy": "alien_passport",
            "remedy_status": "refused",
            "host_country": "LT",
            "office": warsaw.pk,
            "assigned": "me",
            "doc_expiring": "30",
            "overdue": "1",
            "sort": "risk",
        },
    ).content.decode()
    assert re.search(r'<input[^>]*name="q"[^>]*value="Ціханоўская"', content)
    assert re.search(r'<input[^>]*name="doc_expiring"[^>]*value="30"', content)
    for value in [
        "open",
        "red_notice",
        "high",
        "alien_passport",
        "refused",
        "LT",
        str(warsaw.pk),
        "me",
        "1",
        "risk",
    ]:
        assert f'<option value="{value}" selected>' in content, value
    # Nothing else is selected: no default sneaks in beside the bookmarked choice.
    assert content.count(" selected>") == 10


def test_unfiltered_form_selects_no_filter(olga, olga_coordinator, make_case):
    make_case(olga_coordinator)
    content = olga.get(reverse("casework:case_list")).content.decode()
    assert re.search(r'<option value="[^"]+" selected>', content) is None
    assert re.search(r'<input[^>]*name="q"[^>]*value=', content) is None


def test_htmx_request_gets_only_the_results(olga, olga_coordinator, make_case):
    wanted = actions.set_case_status(
        case=make_case(olga_coordinator), by=olga_coordinator, status="open"
    )
    make_case(olga_coordinator)
    response = olga.get(
        reverse("casework:case_list"), {"status": "open"}, headers={"HX-Request": "true"}
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert REFERENCE_LINK.findall(content) == [wanted.reference]
    assert "1 case matches." in content
    assert "<html" not in content
    assert 'id="case-filters"' not in content

    full = olga.get(reverse("casework:case_list"), {"status": "open"}).content.decode()
    assert "<html" in full
    assert 'id="case-filters"' in full
