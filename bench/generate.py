"""Fictional bulk data for the benchmark: many cases, made fast, in a scratch database.

Every other write to the domain goes through casework/actions.py. This module is the one
exception, and only for the benchmark: taking in 100,000 cases through the actions (one
reference sequence update, one save per name, one audit event per case) would take far too
long, so the rows are made here with bulk_create. bulk_create bypasses save(), so whatever
save() or the actions would derive is set here: PersonName.search_key, search_folded and the
PersonNameKey rows, Case.reference, Case.risk_level and Case.updated_at. The people's names
come from casework/fictional_names.py.

Below the generator: how the measurements find the generated data again (its cases, its
coordinator, sample cases and the names to search for).
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable

from anyascii import anyascii
from django.db import transaction
from django.utils import timezone

from casework import actions
from casework.choices import risk_level
from casework.fictional_names import fictional_name
from casework.models import (
    Case,
    CaseStatus,
    DocumentKind,
    IdentityDocument,
    NameKind,
    Office,
    Person,
    PersonName,
    PersonNameKey,
    ReferenceSequence,
    Remedy,
    RemedyKind,
    RemedyStatus,
    Risk,
    RiskKind,
    RiskStatus,
    Role,
    Script,
    Severity,
    User,
    format_reference,
)
from casework.names import derive

# Raised whenever the data made below (or the names in casework/fictional_names.py) changes,
# so that an old scratch database is rebuilt.
GENERATOR_VERSION = 2  # 2: name search keys (issue 5)

# (name, country, city, share of the cases). Most cases sit in one office, so that its
# coordinator's list is as long as it gets; the other office makes visible_to() filter.
OFFICES = [
    ("Bench office Warsaw", "PL", "Warsaw", 0.9),
    ("Bench office Vilnius", "LT", "Vilnius", 0.1),
]
VOLUNTEERS_PER_OFFICE = 12
CHUNK = 5000

TIME_ZONES = {"PL": "Europe/Warsaw", "LT": "Europe/Vilnius"}
CITIES = {"PL": ["Warsaw", "Białystok", "Gdańsk"], "LT": ["Vilnius", "Kaunas"]}
HOST_COUNTRIES = ["PL", "LT", "DE", "CZ", "GE", "UA"]
STATUSES = (
    [CaseStatus.INTAKE] * 10
    + [CaseStatus.OPEN] * 55
    + [CaseStatus.ON_HOLD] * 10
    + [CaseStatus.CLOSED] * 25
)
SEVERITIES = [Severity.LOW] * 25 + [Severity.MEDIUM] * 35 + [Severity.HIGH] * 28
SEVERITIES += [Severity.CRITICAL] * 12
RISK_STATUSES = [RiskStatus.SUSPECTED] * 30 + [RiskStatus.CONFIRMED] * 40
RISK_STATUSES += [RiskStatus.MITIGATED] * 15 + [RiskStatus.RESOLVED] * 15
RISK_KINDS = list(RiskKind.values)
REMEDY_KINDS = list(RemedyKind.values)
REMEDY_STATUSES = list(RemedyStatus.values)


# Cases that other benchmarks (docs_app's PDF summaries, the case files) add through the
# actions are of a person of this name, which the generator never makes (a summary, encrypted,
# cannot be searched); they are not counted as generated data.
EXTRA_CASE_MARKER = "bench-extra:"
EXTRA_PERSON = "Алесь Кавалёў (bench)"


def _generated_cases():
    return Case.objects.exclude(person__full_name=EXTRA_PERSON)


def bench_cases() -> int:
    """How many bench cases the database holds (0 if it holds none)."""
    return _generated_cases().filter(office__name__in=[o[0] for o in OFFICES]).count()


def bench_cases_of(office_index: int) -> int:
    return _generated_cases().filter(office__name=OFFICES[office_index][0]).count()


def holds_other_data() -> bool:
    """Whether the database holds cases or users that the bench did not make."""
    offices = [o[0] for o in OFFICES]
    return (
        Case.objects.exclude(office__name__in=offices).exists()
        or User.objects.exclude(username__startswith="bench_").exists()
    )


def coordinator(office_index: int = 0) -> User:
    return User.objects.get(username=f"bench_coordinator_{office_index}")


def generate(*, cases: int, seed: int = 2026, progress: Callable[[str], None] = print) -> None:
    """Make the bench offices, their staff and `cases` cases, in one transaction."""
    rng = random.Random(seed)  # noqa: S311 - reproducible fictional data, not secrets
    with transaction.atomic():
        staff = [_office_staff(i, *office[:3]) for i, office in enumerate(OFFICES)]
        weights = [office[3] for office in OFFICES]
        sequences: dict[tuple[str, int], int] = {}
        for start in range(0, cases, CHUNK):
            _chunk(rng, min(CHUNK, cases - start), staff, weights, sequences)
            progress(f"  {min(start + CHUNK, cases):>7} / {cases} cases")
        for (country, year), last in sequences.items():
            ReferenceSequence.objects.update_or_create(
                country=country, year=year, defaults={"last_number": last}
            )


def _office_staff(index: int, name: str, country: str, city: str) -> dict:
    office = actions.save_office(
        name=name, country=country, city=city, time_zone=TIME_ZONES[country]
    )[0]
    volunteers = [
        actions.create_user(
            username=f"bench_volunteer_{index}_{n:02d}",
            role=Role.VOLUNTEER,
            office=office,
            password=None,
            first_name=f"Volunteer {index}.{n}",
        )
        for n in range(VOLUNTEERS_PER_OFFICE)
    ]
    lead = actions.create_user(
        username=f"bench_coordinator_{index}",
        role=Role.COORDINATOR,
        office=office,
        password=None,
        first_name=f"Coordinator {index}",
    )
    return {"office": office, "volunteers": volunteers, "coordinator": lead}


def _chunk(rng: random.Random, size: int, staff: list, weights: list, sequences: dict) -> None:
    today = timezone.localdate()
    now = timezone.now()
    offices = rng.choices(staff, weights=weights, k=size)
    names = [fictional_name(rng) for _ in range(size)]
    persons = Person.objects.bulk_create(
        [
            Person(
                full_name=spellings[Script.BELARUSIAN_CYRILLIC],
                birth_date=today - datetime.timedelta(days=rng.randint(18 * 365, 75 * 365)),
                residence_country=office["office"].country,
                city=rng.choice(CITIES.get(office["office"].country.code, [""])),
                languages="be, ru",
            )
            for office, spellings in zip(offices, names, strict=True)
        ]
    )
    kinds = {
        Script.BELARUSIAN_CYRILLIC: NameKind.NATIVE,
        Script.RUSSIAN_CYRILLIC: NameKind.OTHER,
        Script.LATIN: NameKind.PASSPORT,
    }
    spellings = [
        (person, script, text, derive(text))
        for person, person_spellings in zip(persons, names, strict=True)
        for script, text in person_spellings.items()
    ]
    stored_names = PersonName.objects.bulk_create(
        [
            PersonName(
                person=person,
                text=text,
                script=script,
                kind=kinds[script],
                search_key=derived.search_key,
                search_folded=derived.search_folded,
            )
            for person, script, text, derived in spellings
        ]
    )
    PersonNameKey.objects.bulk_create(
        [
            row
            for name, (*_spelling, derived) in zip(stored_names, spellings, strict=True)
            for row in PersonNameKey.rows_for(name, derived)
        ],
        batch_size=CHUNK,
    )
    IdentityDocument.objects.bulk_create(
        [document for person in persons for document in _documents(rng, person, today)]
    )
    new_cases, risks, remedies = [], [], []
    for person, office in zip(persons, offices, strict=True):
        case_risks = _risks(rng, today)
        case = _case(rng, person, office, today, now, sequences)
        case.risk_level = risk_level(
            r.severity for r in case_risks if r.status != RiskStatus.RESOLVED
        )
        new_cases.append(case)
        risks.append(case_risks)
        remedies.append(_remedies(rng, case, today))
    Case.objects.bulk_create(new_cases)
    for case, case_risks, case_remedies in zip(new_cases, risks, remedies, strict=True):
        for item in (*case_risks, *case_remedies):
            item.case = case
    Risk.objects.bulk_create([r for case_risks in risks for r in case_risks])
    Remedy.objects.bulk_create([r for case_remedies in remedies for r in case_remedies])
    Assignment = Case.assigned_to.through
    Assignment.objects.bulk_create(
        [
            Assignment(case_id=case.pk, user_id=user.pk)
            for case, office in zip(new_cases, offices, strict=True)
            if rng.random() < 0.8
            for user in rng.sample(office["volunteers"], rng.choice([1, 1, 2]))
        ]
    )


def _case(rng, person, office, today, now, sequences) -> Case:
    opened_on = today - datetime.timedelta(days=rng.randint(0, 4 * 365))
    country = office["office"].country.code
    number = sequences[country, opened_on.year] = sequences.get((country, opened_on.year), 0) + 1
    status = rng.choice(STATUSES)
    updated_days = rng.randint(0, (today - opened_on).days)
    closed = status == CaseStatus.CLOSED
    return Case(
        reference=format_reference(country=country, year=opened_on.year, number=number),
        person=person,
        office=office["office"],
        status=status,
        host_country=country if rng.random() < 0.8 else rng.choice(HOST_COUNTRIES),
        summary="Fictional case made by manage.py bench.",
        opened_on=opened_on,
        closed_on=today - datetime.timedelta(days=updated_days) if closed else None,
        closure_reason="Fictional closure." if closed else "",
        consent_recorded_on=opened_on,
        created_by=rng.choice(office["volunteers"]),
        updated_at=now - datetime.timedelta(days=updated_days, seconds=rng.randint(0, 86399)),
    )


def _risks(rng, today) -> list[Risk]:
    return [
        Risk(
            kind=kind,
            severity=rng.choice(SEVERITIES),
            status=rng.choice(RISK_STATUSES),
            identified_on=today - datetime.timedelta(days=rng.randint(0, 1500)),
            review_on=today + datetime.timedelta(days=rng.randint(-30, 180)),
            details="Fictional risk.",
        )
        for kind in rng.sample(RISK_KINDS, 3)
    ]


def _remedies(rng, case, today) -> list[Remedy]:
    return [
        Remedy(
            kind=kind,
            country=case.host_country,
            status=rng.choice(REMEDY_STATUSES),
            applied_on=today - datetime.timedelta(days=rng.randint(0, 700)),
            decision_due_on=today + datetime.timedelta(days=rng.randint(-60, 240)),
            authority="Fictional authority",
        )
        for kind in rng.sample(REMEDY_KINDS, 2)
    ]


def _documents(rng, person, today) -> list[IdentityDocument]:
    if rng.random() >= 0.4:
        return []
    documents = [
        IdentityDocument(
            person=person,
            kind=DocumentKind.NATIONAL_PASSPORT,
            issuing_country="BY",
            number=f"MP{rng.randint(1000000, 9999999)}",
            expires_on=today + datetime.timedelta(days=rng.randint(-1000, 2500)),
            renewable_abroad=False,
        )
    ]
    if rng.random() < 0.5:
        documents.append(
            IdentityDocument(
                person=person,
                kind=rng.choice([DocumentKind.ALIEN_PASSPORT, DocumentKind.RESIDENCE_PERMIT]),
                issuing_country=person.residence_country,
                number=f"ZZ{rng.randint(1000000, 9999999)}",
                expires_on=today + datetime.timedelta(days=rng.randint(30, 1800)),
                renewable_abroad=True,
            )
        )
    return documents


def sample_case_ids(office_index: int, count: int, seed: int = 7) -> list[int]:
    """Ids of `count` cases of one bench office, spread over the whole table."""
    office = Office.objects.get(name=OFFICES[office_index][0])
    ids = list(Case.objects.filter(office=office).order_by("pk").values_list("pk", flat=True))
    return random.Random(seed).sample(ids, min(count, len(ids)))  # noqa: S311


def name_queries(count: int, seed: int = 11) -> list[tuple[int, str]]:
    """Names of bench persons of the largest office as a caseworker might type them: in
    another romanisation than the stored one (from the Russian spelling), surname first,
    Belarusian in lower case, the passport spelling in capitals, or the surname alone; each
    with the id of the person it names."""
    office = Office.objects.get(name=OFFICES[0][0])
    rng = random.Random(seed)  # noqa: S311 - reproducible fictional data, not secrets
    persons = sample_person_ids(office, count, rng)
    spellings: dict[int, dict[str, str]] = {}
    for person_id, script, text in PersonName.objects.filter(person_id__in=persons).values_list(
        "person_id", "script", "text"
    ):
        spellings.setdefault(person_id, {})[script] = text
    styles = [
        lambda n: anyascii(n[Script.RUSSIAN_CYRILLIC]),
        lambda n: " ".join(reversed(n[Script.LATIN].split())),
        lambda n: n[Script.BELARUSIAN_CYRILLIC].lower(),
        lambda n: n[Script.LATIN].upper(),
        lambda n: n[Script.RUSSIAN_CYRILLIC].split()[-1],
    ]
    return [(pk, styles[i % len(styles)](spellings[pk])) for i, pk in enumerate(persons)]


def sample_person_ids(office: Office, count: int, rng: random.Random) -> list[int]:
    ids = list(
        Case.objects.filter(office=office).order_by("pk").values_list("person_id", flat=True)
    )
    return rng.sample(ids, min(count, len(ids)))


def office_persons(office_index: int):
    """The persons of one bench office's cases, as a queryset (what match_people narrows to)."""
    office = Office.objects.get(name=OFFICES[office_index][0])
    return Person.objects.filter(cases__office=office)
