"""The test data: named users per role, cases and their records, the named world, the clock.

Everything is written through casework.actions, as the application writes it. The fixtures in
tests/conftest.py are thin wrappers around these; test modules import them from here.
"""

from __future__ import annotations

import datetime
import io
import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import time_machine
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from casework import actions
from casework.models import (
    Case,
    CaseFile,
    CaseShare,
    IdentityDocument,
    Note,
    Office,
    Person,
    PersonName,
    PressureEvent,
    Relative,
    Remedy,
    Risk,
    Role,
    User,
)

PASSWORD = "correct horse battery staple"

# Everything that is case content: what admins must never see, what bad input must not change.
CASE_CONTENT_MODELS = [
    Case,
    Person,
    PersonName,
    Risk,
    Remedy,
    IdentityDocument,
    Relative,
    PressureEvent,
    Note,
    CaseShare,
    CaseFile,
]


# --- The clock ---------------------------------------------------------------------------------

# The day the deadline tests live on (see the `frozen_today` fixture).
TODAY = datetime.date(2026, 6, 1)


def day(offset: int) -> datetime.date:
    """TODAY moved by `offset` days."""
    return TODAY + datetime.timedelta(days=offset)


def in_days(offset: int) -> datetime.date:
    """The local date today (frozen or not) moved by `offset` days."""
    return timezone.localdate() + datetime.timedelta(days=offset)


def frozen_at(date: datetime.date) -> time_machine.travel:
    """The clock stopped at noon UTC on `date`, as a context manager.

    Noon, so that the local date is `date` whatever the hour the tests run at."""
    noon = datetime.datetime.combine(date, datetime.time(12), tzinfo=datetime.UTC)
    return time_machine.travel(noon, tick=False)


# --- Offices and named users -------------------------------------------------------------------

OFFICES = {
    "warsaw": {
        "name": "Test Office Warsaw",
        "country": "PL",
        "city": "Warsaw",
        "time_zone": "Europe/Warsaw",
    },
    "vilnius": {
        "name": "Test Office Vilnius",
        "country": "LT",
        "city": "Vilnius",
        "time_zone": "Europe/Vilnius",
    },
}

# username: (role, office)
NAMED_USERS = {
    "vera_volunteer": (Role.VOLUNTEER, "warsaw"),
    # A volunteer of the same office who is not assigned to vera's cases.
    "viktor_volunteer": (Role.VOLUNTEER, "warsaw"),
    "olga_coordinator": (Role.COORDINATOR, "warsaw"),
    # Coordinator of another office.
    "tomas_coordinator": (Role.COORDINATOR, "vilnius"),
    "lev_lawyer": (Role.LEGAL_AID, None),
    # A legal aid worker nothing is shared with.
    "lena_lawyer": (Role.LEGAL_AID, None),
    "ada_admin": (Role.ADMIN, None),
}


def office(key: str) -> Office:
    """One of OFFICES, created or found by name."""
    return actions.save_office(**OFFICES[key])[0]


def user(username: str, role: str, office: Office | None = None) -> User:
    """A user whose first name is the first part of the username, with PASSWORD."""
    return actions.create_user(
        username=username,
        role=role,
        office=office,
        password=PASSWORD,
        first_name=username.split("_")[0].title(),
    )


def named_user(username: str, in_office: Office | None = None) -> User:
    """One of NAMED_USERS, in its office: `in_office` when given, else found or created."""
    role, office_key = NAMED_USERS[username]
    if office_key and in_office is None:
        in_office = office(office_key)
    return user(username, role, in_office)


def account_form_data(user: User, **fields: Any) -> dict[str, Any]:
    """What "Change the account" on the Accounts pages posts: the account as it stands in the
    database, with fields changed."""
    user = User.objects.get(pk=user.pk)
    return {
        "role": user.role,
        "office": user.office_id or "",
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "language": user.language,
    } | fields


# --- Cases -------------------------------------------------------------------------------------

_names = itertools.count(1)

ALES_NAMES = [
    {"text": "Алесь Ціхановіч", "script": "be-Cyrl", "kind": "native"},
    {"text": "Олесь Тихонович", "script": "ru-Cyrl", "kind": "other"},
]
RED_NOTICE = {"kind": "red_notice", "severity": "critical", "status": "confirmed"}


SENTINEL = "Zmitser Sentinelovich"
SENTINEL_NAMES = [{"text": "Зміцер Сентынелавіч", "script": "be-Cyrl", "kind": "native"}]


def take_in(
    by: User,
    *,
    full_name: str | None = None,
    names: Iterable[dict] = (),
    risks: Iterable[dict] = (),
    host_country: str = "PL",
    summary: str = "Fictional test case.",
    office: Office | None = None,
    opened_on: datetime.date | None = None,
    **person: Any,
) -> Case:
    """A case taken in by `by` through the intake action, and the tasks it queued run (the
    notices of possible duplicates); `person` adds fields of the person."""
    full_name = full_name or f"Test Person {next(_names)}"
    case = actions.take_in_case(
        by=by,
        person={"full_name": full_name, "citizenship": "BY", **person},
        names=list(names),
        risks=list(risks),
        host_country=host_country,
        summary=summary,
        office=office,
        opened_on=opened_on,
    )
    run_tasks()
    return case


def run_tasks() -> int:
    """Run the tasks queued in the database, as `manage.py db_worker` would, in the test's
    transaction (the worker itself closes the connection between tasks). How many ran."""
    ran = 0
    while (queued := DBTaskResult.objects.ready().order_by("enqueued_at").first()) is not None:
        result = queued.task_result
        queued.claim("tests")
        queued.set_successful(queued.task.call(*result.args, **result.kwargs))
        ran += 1
    return ran


def ales_case(by: User, **extra: Any) -> Case:
    """Ales Tsikhanovich's case, with his Belarusian and Russian spellings."""
    return take_in(by, full_name="Ales Tsikhanovich", names=ALES_NAMES, **extra)


def sentinel_case(by: User, *, tasks: Iterable[tuple[str, datetime.date]] = ()) -> Case:
    """A case whose person's names must never appear where only references may (a calendar
    feed, an e-mail), with tasks of (title, due on)."""
    case = take_in(by, full_name=SENTINEL, names=SENTINEL_NAMES, summary="")
    for title, due_on in tasks:
        actions.add_task(case=case, by=by, title=title, due_on=due_on)
    return case


def intake_data(full_name: str = "Hanna Kavalenka", **overrides: str) -> dict[str, str]:
    """What the intake page posts for a case with three spellings and one risk."""
    today = timezone.localdate().isoformat()
    data = {
        "person-full_name": full_name,
        "person-name_script": "",
        "person-name_kind": "native",
        "person-birth_date": "1985-04-12",
        "person-citizenship": "BY",
        "person-residence_country": "PL",
        "person-city": "Warsaw",
        "person-languages": "be, ru, pl",
        "person-contact": "Signal +48 600 000 000",
        "names-TOTAL_FORMS": "4",
        "names-INITIAL_FORMS": "0",
        "names-MIN_NUM_FORMS": "0",
        "names-MAX_NUM_FORMS": "1000",
        "names-0-text": "Ганна Каваленка",
        "names-0-script": "be-Cyrl",
        "names-0-kind": "native",
        "names-1-text": "Анна Коваленко",
        "names-1-script": "ru-Cyrl",
        "names-1-kind": "other",
        "names-2-text": "Anna Kovalenko",
        "names-2-script": "Latn",
        "names-2-kind": "passport",
        # A row left empty, as the browser sends it.
        "names-3-text": "",
        "names-3-script": "",
        "names-3-kind": "",
        "case-host_country": "PL",
        "case-summary": "Left Belarus in 2021 after a summons.",
        "case-consent_recorded_on": today,
        "risks-TOTAL_FORMS": "2",
        "risks-INITIAL_FORMS": "0",
        "risks-MIN_NUM_FORMS": "0",
        "risks-MAX_NUM_FORMS": "1000",
        "risks-0-kind": "arrest_warrant",
        "risks-0-severity": "high",
        "risks-0-status": "confirmed",
        "risks-0-identified_on": today,
        "risks-0-details": "Warrant issued in Minsk",
        # The second row is left blank; its status and date keep their defaults.
        "risks-1-kind": "",
        "risks-1-severity": "",
        "risks-1-status": "suspected",
        "risks-1-identified_on": today,
        "risks-1-details": "",
    }
    data.update(overrides)
    return data


# --- Records of a case -------------------------------------------------------------------------


def add_risk(case: Case, by: User, **fields: Any) -> Risk:
    """A confirmed, high red notice unless `fields` say otherwise."""
    defaults = {"kind": "red_notice", "severity": "high", "status": "confirmed"}
    return actions.add_risk(case=case, by=by, fields={**defaults, **fields})


def add_remedy(case: Case, by: User, **fields: Any) -> Remedy:
    """An alien's passport applied for in Poland unless `fields` say otherwise."""
    defaults = {"kind": "alien_passport", "country": "PL", "status": "applied"}
    return actions.add_remedy(case=case, by=by, fields={**defaults, **fields})


def add_identity_document(
    case: Case,
    by: User,
    *,
    expires_on: datetime.date | None,
    renewable_abroad: bool = True,
    kind: str = "national_passport",
) -> IdentityDocument:
    """A Belarusian identity document of the case's person."""
    return actions.add_document(
        case=case,
        by=by,
        fields={
            "kind": kind,
            "issuing_country": "BY",
            "expires_on": expires_on,
            "renewable_abroad": renewable_abroad,
        },
    )


# The fields of a case's i-th record of one kind.
Row = Callable[[int], dict[str, Any]]

SEVERITIES = ["low", "medium", "high", "critical"]


def risk_row(i: int) -> dict[str, Any]:
    return {
        "kind": "red_notice" if i % 2 else "arrest_warrant",
        "severity": SEVERITIES[i % 4],
        "status": "confirmed",
        "review_on": in_days(i),
    }


def remedy_row(i: int) -> dict[str, Any]:
    return {
        "kind": "alien_passport",
        "country": "PL",
        "status": "applied",
        "notes": f"remedy note {i}",
    }


def document_row(i: int) -> dict[str, Any]:
    # Some expired, some expiring soon, most later.
    return {
        "kind": "national_passport",
        "issuing_country": "BY",
        "expires_on": in_days(i * 10 - 20),
    }


def relative_row(i: int) -> dict[str, Any]:
    return {"relationship": "cousin", "name": f"Relative {i}", "location": "Minsk"}


def pressure_row(i: int) -> dict[str, Any]:
    return {"occurred_on": timezone.localdate(), "kind": "visit", "details": "KGB visit"}


def note_row(i: int) -> dict[str, Any]:
    return {"kind": "contact", "text": f"Called, row {i}"}


def fill_case(
    case: Case,
    by: User,
    *,
    rows: int,
    risk: Row | None = risk_row,
    remedy: Row | None = remedy_row,
    document: Row | None = document_row,
    relative: Row | None = relative_row,
    pressure: Row | None = pressure_row,
    note: Row | None = note_row,
) -> Case:
    """`rows` records of every kind on the case, through the typed actions.

    Each keyword gives the fields of the i-th record of its kind (None: no record of that
    kind); a pressure event is on the relative of the same row."""
    for i in range(rows):
        if risk:
            actions.add_risk(case=case, by=by, fields=risk(i))
        if remedy:
            actions.add_remedy(case=case, by=by, fields=remedy(i))
        if document:
            actions.add_document(case=case, by=by, fields=document(i))
        if relative:
            added = actions.add_relative(case=case, by=by, fields=relative(i))
            if pressure:
                actions.add_pressure_event(case=case, by=by, relative=added, fields=pressure(i))
        if note:
            actions.add_note(case=case, by=by, fields=note(i))
    return case


# --- The named world ---------------------------------------------------------------------------


@dataclass
class World:
    """The cast of who-sees-what tests: both offices, every named user, and a case each for
    vera, viktor and tomas, of three different people (a possible duplicate would tell the
    other office). Nothing is shared: sharing is what those tests do."""

    warsaw: Office
    vilnius: Office
    vera: User
    viktor: User
    olga: User
    tomas: User
    lev: User
    lena: User
    ada: User
    # vera's (Ales Tsikhanovich, red notice), in Warsaw: vera and olga see it.
    vera_case: Case
    # viktor's, in Warsaw: olga sees it, vera does not.
    viktor_case: Case
    # tomas's, in Vilnius: nobody in Warsaw sees it.
    tomas_case: Case


def build_world(*, vera_case: Case | None = None) -> World:
    """The World, built through the actions; pass vera_case when vera's case already exists
    (it is Ales's, with a red notice, as the vera_case fixture makes it)."""
    # The named users the test has already made (through its fixtures), and the others.
    made = {user.username: user for user in User.objects.filter(username__in=NAMED_USERS)}
    users = {
        username.split("_")[0]: made.get(username) or named_user(username)
        for username in NAMED_USERS
    }
    return World(
        warsaw=office("warsaw"),
        vilnius=office("vilnius"),
        **users,
        vera_case=vera_case or ales_case(users["vera"], risks=[RED_NOTICE]),
        viktor_case=take_in(users["viktor"], full_name="Hanna Kavalionak"),
        tomas_case=take_in(users["tomas"], full_name="Siarhei Marozau", host_country="LT"),
    )


# --- Files ---------------------------------------------------------------------------------------


def pdf_bytes(text: str = "Decision of the court", pages: int = 1) -> bytes:
    """A small real PDF, made here, whose pages say text (and their number)."""
    import pikepdf

    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )
    )
    for number in range(1, pages + 1):
        page = pdf.add_blank_page(page_size=(595, 842))
        page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
        line = f"{text} {number}".encode("latin-1", "replace")
        page.Contents = pdf.make_stream(b"BT /F1 24 Tf 72 720 Td (" + line + b") Tj ET")
    out = io.BytesIO()
    pdf.save(out, compress_streams=False)
    return out.getvalue()


def png_bytes(size: tuple[int, int] = (60, 40), color: str = "navy") -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format="PNG")
    return out.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)


def attach(
    case: Case,
    by: User,
    *,
    name: str = "decision.pdf",
    content: bytes | None = None,
    title: str = "Decision of the court",
    **details: Any,
) -> CaseFile:
    """One file added to case through the actions (a one-page PDF unless content is given)."""
    details = {"kind": "court_decision", **details}
    (file,) = actions.attach_files(
        case=case,
        by=by,
        uploads=[upload(name, content if content is not None else pdf_bytes(title))],
        titles=[title],
        details=details,
    )
    return file
