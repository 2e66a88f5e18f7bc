"""Loading seeds/: reference data (offices, remedy knowledge base) and fictional demo data.

Both loaders are idempotent: loading twice changes nothing.
"""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from casework import actions
from casework.models import (
    Case,
    CaseStatus,
    Office,
    RemedyOption,
    User,
)

SEEDS = Path(settings.BASE_DIR) / "seeds"
DEMO_PASSWORD = "casework-demo"  # noqa: S105 - fictional demo users on a local machine
RELATIVE_DATE = re.compile(r"^([+-]\d+)d$")


def read(name: str) -> Any:
    with open(SEEDS / name, encoding="utf-8") as file:
        return json.load(file)


@transaction.atomic
def load_reference_data() -> dict[str, Any]:
    """Offices and the knowledge base from seeds/. A remedy option an admin edited is kept as
    they left it (its seed may be older than their correction): `kept` lists those."""
    changed: dict[str, Any] = {"offices": 0, "remedy_options": 0, "kept": []}
    for office in read("offices.json"):
        changed["offices"] += actions.save_office(**office)[1]
    for option in read("remedy_options.json"):
        edited = _edited_in_admin(option)
        if edited is not None:
            changed["kept"].append(edited)
            continue
        changed["remedy_options"] += actions.save_remedy_option(**option)[1]
    return changed


def _edited_in_admin(option: dict[str, Any]) -> RemedyOption | None:
    title, language = option["title"], settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    english = title.get(language) if isinstance(title, dict) else title
    return RemedyOption.objects.filter(
        country=option["country"],
        kind=option["kind"],
        edited_in_admin_at__isnull=False,
        **{f"title_{language}": english},
    ).first()


def demo_date(value: str | None, today: datetime.date) -> datetime.date | None:
    """ISO dates, or "+20d" / "-400d" relative to today so that the demo stays current."""
    if not value:
        return None
    if match := RELATIVE_DATE.match(value):
        return today + datetime.timedelta(days=int(match.group(1)))
    return datetime.date.fromisoformat(value)


def _dates(record: dict[str, Any], today: datetime.date) -> dict[str, Any]:
    return {
        key: demo_date(value, today) if key.endswith("_on") or key == "birth_date" else value
        for key, value in record.items()
    }


@transaction.atomic
def load_demo_data(today: datetime.date | None = None) -> list[User]:
    """Demo users (one per role and a few more) and about 30 fictional cases."""
    today = today or timezone.localdate()
    demo = read("demo.json")
    # The demo cases belong to the seeded offices: load them too, so that load_demo
    # works on an empty database (loading them again changes nothing).
    load_reference_data()
    offices = {office.name: office for office in Office.objects.all()}
    users = {}
    for row in demo["users"]:
        user = User.objects.filter(username=row["username"]).first()
        if user is None:
            user = actions.create_user(
                **{**row, "office": offices.get(row["office"])}, password=DEMO_PASSWORD
            )
        users[user.username] = user
    if Case.objects.filter(created_by__in=users.values()).exists():
        return list(users.values())
    for row in demo["cases"]:
        _load_case(row, users, offices, today)
    return list(users.values())


def _load_case(row: dict, users: dict, offices: dict, today: datetime.date) -> None:
    creator = users[row["created_by"]]
    names = row["names"]
    case = actions.take_in_case(
        by=creator,
        office=offices[row["office"]],
        person=_dates(row["person"], today),
        names=names,
        risks=[_dates(risk, today) for risk in row.get("risks", [])],
        host_country=row["host_country"],
        summary=row.get("summary", ""),
        consent_recorded_on=demo_date(row.get("consent_recorded_on"), today),
        opened_on=demo_date(row.get("opened_on"), today),
    )
    if row.get("assigned"):
        actions.assign_case(case=case, by=creator, users=[users[u] for u in row["assigned"]])
    for share in row.get("shares", []):
        actions.share_case(
            case=case,
            by=creator,
            user=users[share["user"]],
            include_relatives=share["include_relatives"],
        )
    for remedy in row.get("remedies", []):
        actions.add_remedy(case=case, by=creator, fields=_dates(remedy, today))
    for document in row.get("documents", []):
        actions.add_document(case=case, by=creator, fields=_dates(document, today))
    for relative_row in row.get("relatives", []):
        events = relative_row.pop("pressure_events", [])
        relative = actions.add_relative(case=case, by=creator, fields=relative_row)
        for event in events:
            actions.add_pressure_event(
                case=case, by=creator, relative=relative, fields=_dates(event, today)
            )
    for note in row.get("notes", []):
        written = demo_date(note.get("created_at"), today) or today
        actions.add_note(
            case=case,
            by=users[note["author"]],
            fields={
                "kind": note["kind"],
                "text": note["text"],
                "created_at": datetime.datetime.combine(written, datetime.time(12), datetime.UTC),
            },
        )
    status = row.get("status", CaseStatus.INTAKE)
    if status == CaseStatus.CLOSED:
        actions.close_case(case=case, by=creator, reason=row.get("closure_reason", ""))
    elif status != CaseStatus.INTAKE:
        actions.set_case_status(case=case, by=creator, status=status)
