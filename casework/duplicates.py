"""Possible duplicates at intake: the same person may already have a case.

What the person taking in a case is shown comes only from the cases they may see, so that a
match among the others is never revealed to them, not even as a count. Those others are told
to the coordinators of the office holding them once the case is saved: actions.take_in_case
queues casework.actions.duplicates.tell_offices_of_duplicates, whose DuplicateNotice the task
worker writes after the intake's response, so that the intake costs the same whatever it
matches. Never to the one taking in.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from casework.dates import DateField
from casework.models import Case, DuplicateNotice, Person
from casework.names import (
    BIDI_CONTROLS,
    has_control_characters,
    has_invisible_characters,
    normalize,
)
from casework.names.search import match_people
from casework.validation import not_before_1900, not_in_future, validate_name_text

# The intake page's form prefixes (casework/views/case_pages.py) and how many spellings its
# name formset takes at most (casework/forms/people.py NameFormSet.absolute_max).
PERSON_PREFIX = "person"
NAMES_PREFIX = "names"
MAX_SPELLINGS = 20
MAX_NAME_LENGTH = 200
# Shown at intake: enough to recognise the person, few enough to read.
INTAKE_LIMIT = 10
# Told to other offices when a case is saved.
NOTICE_LIMIT = 20
# Shown on the dashboard; older notices wait until these are dismissed.
DASHBOARD_LIMIT = 20


@dataclass(frozen=True)
class PossibleDuplicate:
    case: Case
    spelling: str
    score: float
    lang: str = ""  # the spelling's (PersonName.lang)


def check_fields() -> list[str]:
    """The fields of the intake form that the live check sends (the page's hx-params)."""
    return [
        "csrfmiddlewaretoken",
        f"{PERSON_PREFIX}-full_name",
        f"{PERSON_PREFIX}-birth_date",
        *(f"{NAMES_PREFIX}-{index}-text" for index in range(MAX_SPELLINGS)),
    ]


def _acceptable_name(text: str) -> bool:
    """Whether the intake form would accept text as a spelling (else it is left out)."""
    if len(text) > MAX_NAME_LENGTH or has_control_characters(text):
        return False
    if has_invisible_characters(text) or any(ch in BIDI_CONTROLS for ch in text):
        return False
    try:
        validate_name_text(text)
    except ValidationError:
        return False
    return True


def typed_names(data: Mapping[str, str]) -> tuple[list[str], datetime.date | None]:
    """The spellings and birth date typed so far on the intake form, from its raw data.

    Read from the raw data rather than the bound forms: the check runs while the form is
    still incomplete, and whatever the form would refuse is simply left out of it.
    """
    keys = [f"{PERSON_PREFIX}-full_name"]
    keys += [f"{NAMES_PREFIX}-{index}-text" for index in range(MAX_SPELLINGS)]
    texts: list[str] = []
    seen: set[str] = set()
    for key in keys:
        value = data.get(key)
        if not isinstance(value, str) or len(value) > 4 * MAX_NAME_LENGTH:
            continue
        text = " ".join(normalize(value).split())
        if text and text.casefold() not in seen and _acceptable_name(text):
            seen.add(text.casefold())
            texts.append(text)
    return texts, _birth_date(data.get(f"{PERSON_PREFIX}-birth_date"))


def _birth_date(value) -> datetime.date | None:
    if not isinstance(value, str) or not value or len(value) > 20:
        return None
    try:
        date = DateField().clean(value)
        not_in_future(date)
        not_before_1900(date)
    except ValidationError:
        return None
    return date


def visible_duplicates(
    user, texts: list[str], birth_date: datetime.date | None = None
) -> list[PossibleDuplicate]:
    """Cases that user may see whose person's name matches texts, best match first.

    Candidates are limited to the visible cases' persons before ranking, so that how many
    matches there are elsewhere changes neither what is shown nor what is left out.
    """
    if not texts:
        return []
    visible = Case.objects.visible_to(user)
    matches = match_people(
        texts,
        birth_date=birth_date,
        persons=Person.objects.filter(pk__in=visible.values("person_id")),
        limit=INTAKE_LIMIT,
    )
    if not matches:
        return []
    by_person = {match.person_id: match for match in matches}
    cases = visible.filter(person_id__in=by_person).select_related("person")
    found = [
        PossibleDuplicate(
            case=case,
            spelling=by_person[case.person_id].spelling,
            score=by_person[case.person_id].score,
            lang=by_person[case.person_id].lang,
        )
        for case in cases
    ]
    found.sort(key=lambda duplicate: (-duplicate.score, duplicate.case.reference))
    return found[:INTAKE_LIMIT]


def hidden_duplicates(*, case: Case, by) -> list[tuple[Case, float]]:
    """Cases of other persons matching case's person that by may not see, with the score.

    The one place that reads cases beyond what a user may see: to tell the offices holding
    them, through a DuplicateNotice, never to show them to by.
    """
    person = case.person
    texts = list(person.names.values_list("text", flat=True)) or [person.full_name]
    # Ranked among all persons, then those whose cases by sees are left out (they were shown
    # at intake). Three times the notices wanted, so that visible namesakes rarely push a
    # hidden match off the list. (Narrowing the candidates to the hidden persons instead
    # makes SQLite read the ids of every person on each save.)
    matches = match_people(texts, birth_date=person.birth_date, limit=3 * NOTICE_LIMIT + 1)
    scores = {match.person_id: match.score for match in matches if match.person_id != person.pk}
    if not scores:
        return []
    visible = Case.objects.visible_to(by).filter(person_id__in=scores)
    hidden = (
        Case.objects.filter(person_id__in=scores)
        .exclude(pk__in=list(visible.values_list("pk", flat=True)))
        .select_related("office")
    )
    ranked = sorted(hidden, key=lambda other: (-scores[other.person_id], other.pk))
    return [(other, scores[other.person_id]) for other in ranked[:NOTICE_LIMIT]]


def pending_notices_for(user) -> list[DuplicateNotice]:
    """The notices a coordinator has not dismissed yet, newest first; none for anyone else."""
    return list(
        DuplicateNotice.objects.for_user(user)
        .pending()
        .select_related("case", "new_case__office")[:DASHBOARD_LIMIT]
    )
