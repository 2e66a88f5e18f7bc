"""The write actions whose rules matter beyond any one page."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from casework import actions
from casework.models import Case, CaseShare, CaseStatus, Risk
from tests.factories import take_in

KALESNIKAVA = [{"text": "Марыя Калеснікава", "script": "be-Cyrl", "kind": "native"}]


def kalesnikava(by, **extra) -> Case:
    """Maryia Kalesnikava's case, taken in by `by` (extra: risks, office, opened_on...)."""
    return take_in(by, full_name="Maryia Kalesnikava", names=KALESNIKAVA, **extra)


def test_references_count_per_country_and_year(vera_volunteer, tomas_coordinator):
    in_2024 = datetime.date(2024, 3, 1)
    this_year = timezone.localdate().year

    first = kalesnikava(vera_volunteer, opened_on=in_2024)
    second = kalesnikava(vera_volunteer, opened_on=in_2024)
    current = kalesnikava(vera_volunteer)
    vilnius = kalesnikava(tomas_coordinator, opened_on=in_2024)
    third = kalesnikava(vera_volunteer, opened_on=datetime.date(2024, 12, 31))

    assert first.reference == "PL-2024-0001"
    assert second.reference == "PL-2024-0002"
    assert current.reference == f"PL-{this_year}-0001"
    assert vilnius.reference == "LT-2024-0001"
    assert third.reference == "PL-2024-0003"


def test_intake_needs_an_office(lev_lawyer):
    with pytest.raises(ValueError):
        kalesnikava(lev_lawyer)

    assert Case.objects.count() == 0


def test_update_with_a_stale_version_changes_nothing(vera_volunteer, olga_coordinator):
    case = kalesnikava(vera_volunteer)
    opened_version = case.version
    actions.update_case(
        case=case,
        by=olga_coordinator,
        expected_version=opened_version,
        case_data={"summary": "Saved first by olga"},
        person_data={"full_name": "Maryia Kalesnikava"},
        names=[{"text": "Марыя Калеснікава", "script": "be-Cyrl", "kind": "native"}],
    )

    with pytest.raises(actions.EditConflict):
        actions.update_case(
            case=Case.objects.get(pk=case.pk),
            by=vera_volunteer,
            expected_version=opened_version,
            case_data={"summary": "Saved later by vera"},
            person_data={"full_name": "Someone Else"},
            names=[{"text": "Overwritten Name", "script": "Latn", "kind": "other"}],
        )

    case = Case.objects.get(pk=case.pk)
    assert case.summary == "Saved first by olga"
    assert case.version == opened_version + 1
    assert case.person.full_name == "Maryia Kalesnikava"
    assert set(case.person.names.values_list("text", flat=True)) == {
        "Марыя Калеснікава",
        "Maryia Kalesnikava",
    }


def test_update_with_the_current_version_saves(vera_volunteer):
    case = kalesnikava(vera_volunteer)

    actions.update_case(
        case=case,
        by=vera_volunteer,
        expected_version=case.version,
        case_data={"summary": "Now in Warsaw"},
        person_data={"full_name": "Maryia Kalesnikava"},
        names=[{"text": "Мария Колесникова", "script": "ru-Cyrl", "kind": "other"}],
    )

    case = Case.objects.get(pk=case.pk)
    assert case.summary == "Now in Warsaw"
    assert case.version == 2
    assert set(case.person.names.values_list("text", flat=True)) == {
        "Мария Колесникова",
        "Maryia Kalesnikava",
    }


def test_risk_level_is_the_highest_current_risk(vera_volunteer):
    case = kalesnikava(
        vera_volunteer,
        risks=[
            {"kind": "surveillance", "severity": "medium"},
            {"kind": "red_notice", "severity": "critical", "status": "resolved"},
            {"kind": "criminal_case", "severity": "high", "status": "mitigated"},
        ],
    )
    assert Case.objects.get(pk=case.pk).risk_level == 3

    Risk.objects.filter(case=case, kind="criminal_case").update(status="resolved")
    actions.refresh_risk_level(case)
    assert case.risk_level == 2
    assert Case.objects.get(pk=case.pk).risk_level == 2

    Risk.objects.filter(case=case).update(status="resolved")
    actions.refresh_risk_level(case)
    assert Case.objects.get(pk=case.pk).risk_level == 0


def test_share_case_refuses_a_user_who_is_not_legal_aid(
    vera_volunteer, viktor_volunteer, olga_coordinator, tomas_coordinator
):
    case = kalesnikava(vera_volunteer)

    for user in (viktor_volunteer, tomas_coordinator):
        with pytest.raises(ValueError):
            actions.share_case(case=case, by=olga_coordinator, user=user, include_relatives=False)

    assert not CaseShare.objects.exists()


def test_sharing_again_updates_the_share(vera_volunteer, olga_coordinator, lev_lawyer):
    case = kalesnikava(vera_volunteer)

    actions.share_case(case=case, by=olga_coordinator, user=lev_lawyer, include_relatives=False)
    actions.share_case(case=case, by=olga_coordinator, user=lev_lawyer, include_relatives=True)

    assert list(CaseShare.objects.values_list("user", "include_relatives")) == [
        (lev_lawyer.pk, True)
    ]


def test_set_case_status_refuses_closed(vera_volunteer):
    case = kalesnikava(vera_volunteer)

    with pytest.raises(ValueError):
        actions.set_case_status(case=case, by=vera_volunteer, status=CaseStatus.CLOSED)

    case = Case.objects.get(pk=case.pk)
    assert case.status == CaseStatus.INTAKE
    assert case.closed_on is None


def test_set_case_status_moves_between_open_statuses(vera_volunteer):
    case = kalesnikava(vera_volunteer)

    actions.set_case_status(case=case, by=vera_volunteer, status=CaseStatus.ON_HOLD)

    case = Case.objects.get(pk=case.pk)
    assert case.status == CaseStatus.ON_HOLD
    assert case.version == 2
