"""The remedy guide on the case page (issue 6): what the knowledge base suggests for a case,
and starting to track a suggested remedy."""

from __future__ import annotations

import datetime
import html

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from casework import actions
from casework.guide import PASSPORT_WARNING_DAYS, suggest_remedies
from casework.models import (
    AuditAction,
    AuditEvent,
    Remedy,
    RemedyKind,
    RemedyOption,
)
from casework.seeds import load_reference_data
from tests.factories import add_identity_document, fill_case, in_days
from tests.reading import shown


@pytest.fixture
def seeds(db):
    load_reference_data()


@pytest.fixture
def polish_passport(seeds) -> RemedyOption:
    return RemedyOption.objects.get(country="PL", kind=RemedyKind.ALIEN_PASSPORT)


@pytest.fixture
def expired_case(make_case, vera_volunteer, seeds):
    """vera's case in Poland whose Belarusian passport has expired."""
    return make_case(
        vera_volunteer,
        full_name="Siarhei Marozau",
        risks=[{"kind": "passport_expired", "severity": "high", "status": "confirmed"}],
    )


def track_url(case, option) -> str:
    return reverse("casework:track_remedy", args=[case.pk, option.pk])


def kinds(suggestions) -> set[str]:
    return {suggestion.option.kind for suggestion in suggestions}


def add_passport(case, by, *, days: int, renewable_abroad: bool = False, kind="national_passport"):
    """A document of the person's expiring in `days` days; a Belarusian passport cannot be
    renewed abroad since September 2023, so not renewable unless said."""
    return add_identity_document(
        case,
        by,
        expires_on=in_days(days),
        renewable_abroad=renewable_abroad,
        kind=kind,
    )


# What the case page shows


def test_an_expired_passport_in_poland_suggests_the_polish_alien_passport(
    login, vera_volunteer, expired_case, polish_passport
):
    response = login(vera_volunteer).get(expired_case.get_absolute_url())

    assert response.status_code == 200
    guide = response.context["remedy_guide"]
    assert polish_passport in [suggestion.option for suggestion in guide]
    assertContains(response, html.escape(polish_passport.title))
    assertContains(response, html.escape(polish_passport.summary[:60]))
    assertContains(response, html.escape(polish_passport.eligibility[:60]))
    for document in polish_passport.documents_needed.splitlines():
        assertContains(response, f"<li>{html.escape(document)}</li>", html=True)
    assertContains(
        response,
        f'<a href="{polish_passport.source_url}" rel="noopener noreferrer" target="_blank">'
        "bip.lubuskie.uw.gov.pl</a>",
        html=True,
    )
    checked = polish_passport.checked_on
    assertContains(
        response, f'<time datetime="{checked.isoformat()}">{shown(checked)}</time>', html=True
    )
    assertContains(response, "Suggested for: Passport expired")
    assertContains(response, track_url(expired_case, polish_passport))


def test_suggestions_come_only_from_the_host_country(
    login, vera_volunteer, expired_case, polish_passport
):
    guide = suggest_remedies(expired_case)

    assert guide
    assert {suggestion.option.country.code for suggestion in guide} == {"PL"}
    assert kinds(guide) == {RemedyKind.ALIEN_PASSPORT}
    response = login(vera_volunteer).get(expired_case.get_absolute_url())
    for option in RemedyOption.objects.exclude(country="PL"):
        assertNotContains(response, html.escape(option.title))
        assertNotContains(response, option.source_url)


def test_a_lithuanian_case_gets_the_lithuanian_foreigners_passport(
    make_case, vera_volunteer, seeds
):
    case = make_case(
        vera_volunteer,
        host_country="LT",
        risks=[{"kind": "passport_invalidated", "severity": "high"}],
    )

    guide = suggest_remedies(case)

    assert [(s.option.country.code, s.option.kind) for s in guide] == [("LT", "alien_passport")]


def test_a_case_without_current_risks_gets_no_suggestion(login, vera_volunteer, make_case, seeds):
    case = make_case(
        vera_volunteer,
        risks=[{"kind": "red_notice", "severity": "critical", "status": "resolved"}],
    )

    assert suggest_remedies(case) == []
    response = login(vera_volunteer).get(case.get_absolute_url())
    assertContains(response, "The knowledge base has no remedy in Poland")


@pytest.mark.parametrize(
    ("risk", "expected", "not_expected"),
    [
        (
            "red_notice",
            {"ccf_request", "non_extradition", "international_protection"},
            {"alien_passport", "humanitarian_visa", "work_permit"},
        ),
        (
            "extradition_request",
            {"ccf_request", "non_extradition", "international_protection"},
            {"alien_passport"},
        ),
        (
            "criminal_case",
            {"international_protection", "subsidiary_protection"},
            {"alien_passport", "ccf_request"},
        ),
        (
            "deportation_risk",
            {"temporary_residence", "international_protection", "subsidiary_protection"},
            {"alien_passport", "ccf_request"},
        ),
        (
            "citizenship_deprivation",
            {"alien_passport", "international_protection"},
            {"ccf_request"},
        ),
        ("other", set(), set(RemedyKind.values)),
    ],
)
def test_each_risk_suggests_the_remedies_that_help_with_it(
    make_case, vera_volunteer, seeds, risk, expected, not_expected
):
    case = make_case(vera_volunteer, risks=[{"kind": risk, "severity": "high"}])

    found = kinds(suggest_remedies(case))

    assert expected <= found
    assert not (not_expected & found)


def test_the_most_severe_risk_comes_first(make_case, vera_volunteer, seeds):
    case = make_case(
        vera_volunteer,
        risks=[
            {"kind": "passport_expired", "severity": "low"},
            {"kind": "red_notice", "severity": "critical"},
        ],
    )

    guide = suggest_remedies(case)

    # Within the critical red notice, the CCF comes first: it is what removes the notice.
    assert guide[0].option.kind == "ccf_request"
    assert guide[0].rank == 4
    assert guide[-1].option.kind == "alien_passport"


@pytest.mark.parametrize(
    ("days", "renewable_abroad", "suggested"),
    [
        (-1, True, True),  # expired: whatever can be done abroad, it has not been
        (0, True, False),  # still valid today, and renewable at a consulate
        (20, False, True),  # cannot be renewed abroad: prepare now
        (PASSPORT_WARNING_DAYS, False, True),
        (PASSPORT_WARNING_DAYS + 1, False, False),
    ],
)
def test_an_expiring_passport_counts_without_a_risk_row(
    make_case, vera_volunteer, seeds, days, renewable_abroad, suggested
):
    case = make_case(vera_volunteer)
    add_passport(case, vera_volunteer, days=days, renewable_abroad=renewable_abroad)

    guide = suggest_remedies(case)

    assert (RemedyKind.ALIEN_PASSPORT in kinds(guide)) is suggested
    if suggested:
        assert "national passport" in str(guide[0].reasons[0])


def test_each_reason_is_named_once_and_the_first_passport_to_expire_is_named(
    make_case, vera_volunteer, seeds
):
    case = make_case(
        vera_volunteer,
        risks=[{"kind": "passport_expired", "severity": "low"}] * 3
        + [{"kind": "passport_expired", "severity": "critical"}],
    )
    add_passport(case, vera_volunteer, days=40)
    first = add_passport(case, vera_volunteer, days=-3)

    [suggestion] = suggest_remedies(case)

    assert [str(reason) for reason in suggestion.reasons] == [
        "Passport expired",
        f"national passport expired on {shown(first.expires_on)}",
    ]
    assert suggestion.rank == 4


def test_only_a_national_passport_counts(make_case, vera_volunteer, seeds):
    case = make_case(vera_volunteer)
    add_passport(case, vera_volunteer, days=-10, kind="residence_permit")

    assert suggest_remedies(case) == []


def test_a_humanitarian_visa_only_for_someone_outside_the_host_country(
    make_case, vera_volunteer, seeds
):
    threats = [{"kind": "threats_received", "severity": "high"}]
    in_poland = make_case(vera_volunteer, risks=threats, residence_country="PL")
    in_belarus = make_case(vera_volunteer, risks=threats, residence_country="BY")

    assert "humanitarian_visa" not in kinds(suggest_remedies(in_poland))
    assert "humanitarian_visa" in kinds(suggest_remedies(in_belarus))


def test_a_tracked_remedy_is_shown_as_tracked_without_the_button(
    login, vera_volunteer, expired_case, polish_passport
):
    actions.add_remedy(
        case=expired_case,
        by=vera_volunteer,
        fields={"kind": "alien_passport", "country": "PL", "status": "refused"},
    )

    response = login(vera_volunteer).get(expired_case.get_absolute_url())

    [suggestion] = response.context["remedy_guide"]
    assert suggestion.tracked.status == "refused"
    assertContains(response, "Tracked: Refused")
    assertNotContains(response, track_url(expired_case, polish_passport))


def test_a_remedy_tracked_in_another_country_does_not_count(
    vera_volunteer, expired_case, polish_passport
):
    actions.add_remedy(
        case=expired_case, by=vera_volunteer, fields={"kind": "alien_passport", "country": "LT"}
    )

    [suggestion] = suggest_remedies(expired_case)

    assert suggestion.tracked is None


def test_legal_aid_on_a_shared_case_sees_the_button(
    login, olga_coordinator, lev_lawyer, expired_case, polish_passport
):
    actions.share_case(
        case=expired_case, by=olga_coordinator, user=lev_lawyer, include_relatives=False
    )

    response = login(lev_lawyer).get(expired_case.get_absolute_url())

    # Legal aid records remedies on a shared case, so lev has the button too.
    assertContains(response, track_url(expired_case, polish_passport))


def test_an_entry_not_checked_for_a_year_is_flagged(
    login, vera_volunteer, expired_case, polish_passport
):
    RemedyOption.objects.filter(pk=polish_passport.pk).update(
        checked_on=timezone.localdate() - datetime.timedelta(days=400)
    )

    response = login(vera_volunteer).get(expired_case.get_absolute_url())

    assertContains(response, "over a year ago: check again")


def in_every_language(text: str) -> dict[str, str]:
    return {"en": text, "be": text, "ru": text}


def test_hostile_knowledge_base_text_is_escaped(login, vera_volunteer, expired_case):
    option = actions.save_remedy_option(
        country="PL",
        kind="alien_passport",
        title=in_every_language('<script>alert("t")</script> Паспарт ‮evil'),
        summary=in_every_language("<img src=x onerror=alert(1)>"),
        eligibility="<b>bold</b>",
        documents_needed="<iframe src=//evil.example></iframe>\n\n  \nPhoto",
        source_url="https://example.org/?a=1&b=<x>",
        checked_on="2026-11-22",
    )[0]

    response = login(vera_volunteer).get(expired_case.get_absolute_url())

    content = response.content.decode()
    assert "<script>alert" not in content
    assert "<img src=x" not in content
    assert "<iframe" not in content
    assert "&lt;script&gt;alert" in content
    assertContains(response, "<li>Photo</li>", html=True)
    # Blank lines of "documents needed" make no empty list items.
    assert "<li></li>" not in content
    assert option.pk in [s.option.pk for s in response.context["remedy_guide"]]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "not a url", ""])
def test_a_source_must_be_a_web_address(db, url):
    with pytest.raises(ValidationError) as refused:
        actions.save_remedy_option(
            country="PL",
            kind="other",
            title=in_every_language("Bad source"),
            summary=in_every_language("x"),
            source_url=url,
            checked_on="2026-11-22",
        )
    assert set(refused.value.message_dict) == {"source_url"}


# Start tracking


def test_tracking_creates_one_remedy_and_one_audit_event(
    login, vera_volunteer, expired_case, polish_passport
):
    client = login(vera_volunteer)
    events = AuditEvent.objects.filter(case=expired_case).count()

    response = client.post(track_url(expired_case, polish_passport))

    assert response.status_code == 302
    assert response.url == f"{expired_case.get_absolute_url()}#remedies"
    remedy = Remedy.objects.get(case=expired_case)
    assert (remedy.kind, remedy.country.code, remedy.status) == (
        "alien_passport",
        "PL",
        "considering",
    )
    assert polish_passport.title in remedy.notes
    assert polish_passport.source_url in remedy.notes
    assert polish_passport.checked_on.isoformat() in remedy.notes
    event = AuditEvent.objects.filter(case=expired_case).latest("pk")
    assert AuditEvent.objects.filter(case=expired_case).count() == events + 1
    assert (event.user, event.action) == (vera_volunteer, "edit")
    assert event.detail == f"Remedy {remedy.pk} added from RemedyOption {polish_passport.pk}"
    assert "Marozau" not in event.detail

    page = client.get(response.url)
    assertContains(page, "Alien&#x27;s passport is now tracked on this case.")
    assertContains(page, "Tracked: Considering")


def test_tracking_twice_adds_nothing_the_second_time(
    login, vera_volunteer, olga_coordinator, expired_case, polish_passport
):
    login(vera_volunteer).post(track_url(expired_case, polish_passport))
    events = AuditEvent.objects.filter(case=expired_case).count()

    response = login(olga_coordinator).post(track_url(expired_case, polish_passport), follow=True)

    assert Remedy.objects.filter(case=expired_case).count() == 1
    # The page view is audited; nothing else happened.
    assert AuditEvent.objects.filter(case=expired_case).count() == events + 1
    assertContains(response, "was already tracked on this case: nothing was added.")


def test_legal_aid_with_the_case_shared_may_track(
    login, olga_coordinator, lev_lawyer, expired_case, polish_passport
):
    actions.share_case(
        case=expired_case, by=olga_coordinator, user=lev_lawyer, include_relatives=False
    )

    response = login(lev_lawyer).post(track_url(expired_case, polish_passport))

    assert response.status_code == 302
    assert Remedy.objects.filter(case=expired_case, kind="alien_passport").count() == 1
    assert AuditEvent.objects.filter(case=expired_case).latest("pk").user == lev_lawyer


@pytest.mark.parametrize(
    "outsider",
    [
        "tomas_coordinator",  # another office
        "viktor_volunteer",  # same office, not assigned
        "lena_lawyer",  # legal aid, nothing shared
        "ada_admin",  # admins see no case content
    ],
)
def test_who_may_not_reach_the_case_gets_404(
    request, client, expired_case, polish_passport, outsider
):
    client.force_login(request.getfixturevalue(outsider))
    events = AuditEvent.objects.filter(case=expired_case).count()

    response = client.post(track_url(expired_case, polish_passport))

    assert response.status_code == 404
    assert not Remedy.objects.filter(case=expired_case).exists()
    assert AuditEvent.objects.filter(case=expired_case).count() == events


def test_an_option_of_another_country_answers_404(login, vera_volunteer, expired_case, seeds):
    lithuanian = RemedyOption.objects.get(country="LT", kind="alien_passport")

    response = login(vera_volunteer).post(track_url(expired_case, lithuanian))

    assert response.status_code == 404
    assert not Remedy.objects.filter(case=expired_case).exists()


def test_an_option_that_does_not_exist_answers_404(login, vera_volunteer, expired_case):
    response = login(vera_volunteer).post(
        reverse("casework:track_remedy", args=[expired_case.pk, 999_999])
    )

    assert response.status_code == 404


def test_tracking_takes_a_post(login, vera_volunteer, expired_case, polish_passport):
    response = login(vera_volunteer).get(track_url(expired_case, polish_passport))

    assert response.status_code == 405
    assert not Remedy.objects.filter(case=expired_case).exists()


def test_anonymous_is_sent_to_log_in(client, expired_case, polish_passport):
    response = client.post(track_url(expired_case, polish_passport))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert not Remedy.objects.filter(case=expired_case).exists()


def test_the_action_refuses_an_option_of_another_country(vera_volunteer, expired_case, seeds):
    lithuanian = RemedyOption.objects.get(country="LT", kind="alien_passport")

    with pytest.raises(ValueError, match="host country"):
        actions.track_remedy_option(case=expired_case, by=vera_volunteer, option=lithuanian)


# The case page's queries


GUIDE_RISKS = ["passport_expired", "red_notice", "deportation_risk", "criminal_case"]


def fill(case, by, *, size: int) -> None:
    """`size` risks, Belarusian passports and remedies on case: what the guide reads."""

    def passport(i: int) -> dict:
        return {
            "kind": "national_passport",
            "issuing_country": "BY",
            "expires_on": in_days(i - 5),
            "renewable_abroad": False,
        }

    fill_case(
        case,
        by,
        rows=size,
        risk=lambda i: {"kind": GUIDE_RISKS[i % 4], "severity": "high"},
        remedy=lambda i: {"kind": "temporary_residence", "country": "PL"},
        document=passport,
        relative=None,
        note=None,
    )


def guide_queries(queries) -> list[str]:
    return [q["sql"] for q in queries if '"casework_remedyoption"."title"' in q["sql"]]


def test_the_guide_costs_the_case_page_one_query_whatever_the_size(
    login, vera_volunteer, make_case, seeds, django_assert_max_num_queries
):
    """As many queries for 40 risks, documents and remedies as for 2: the guide reads the
    lists the page shows anyway, and the options in one query."""
    small, big = make_case(vera_volunteer), make_case(vera_volunteer)
    fill(small, vera_volunteer, size=2)
    fill(big, vera_volunteer, size=40)
    client = login(vera_volunteer)
    with CaptureQueriesContext(connection) as baseline:
        client.get(small.get_absolute_url())

    with django_assert_max_num_queries(len(baseline)) as captured:
        response = client.get(big.get_absolute_url())

    assert len(response.context["remedy_guide"]) >= 5
    assert len(guide_queries(baseline.captured_queries)) == 1
    assert len(guide_queries(captured.captured_queries)) == 1


# Admins keep the knowledge base


def test_admins_edit_the_knowledge_base_in_the_admin(client, ada_admin, polish_passport):
    client.force_login(ada_admin)
    changelist = reverse("admin:casework_remedyoption_changelist")
    change = reverse("admin:casework_remedyoption_change", args=[polish_passport.pk])

    assert client.get(changelist, {"country": "PL"}).status_code == 200
    page = client.get(change)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {k: "" if v is None else v for k, v in data.items()}

    refused = client.post(change, {**data, "source_url": "javascript:alert(1)"})
    assert refused.status_code == 200
    assertContains(refused, "Enter a valid URL.")
    assertContains(refused, html.escape(polish_passport.title))

    saved = client.post(change, {**data, "checked_on": "2026-12-01"})
    assert saved.status_code == 302
    polish_passport.refresh_from_db()
    assert polish_passport.checked_on == datetime.date(2026, 12, 1)
    # Audited through casework.actions; the refused attempt wrote nothing.
    event = AuditEvent.objects.get(action=AuditAction.REFERENCE_CHANGE)
    assert (event.user, event.detail) == (
        ada_admin,
        f"RemedyOption {polish_passport.pk} changed: checked_on",
    )


def test_other_roles_cannot_reach_the_knowledge_base_admin(client, vera_volunteer, seeds):
    client.force_login(vera_volunteer)

    response = client.get(reverse("admin:casework_remedyoption_changelist"))

    assert response.status_code == 302
    assert "login" in response.url
