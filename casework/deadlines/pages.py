"""What the dashboard and the case page show of the deadlines: capped sections, stale cases."""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from casework.deadlines.queries import Deadline, Deadlines, for_case, for_user
from casework.deadlines.sources import ALERTS, DOCUMENT
from casework.models import Case, full_name_lang

# No dashboard list grows longer than this; the rest is counted, up to COUNT_CAP. Read here
# only, so that a test patching them here reaches every list.
SECTION_CAP = 50
COUNT_CAP = 1000
# Cases with no change for this long are listed as needing attention.
STALE_DAYS = 60


@dataclass(frozen=True)
class PersonLabel:
    """A person's full name as the dashboard shows it beside a case reference."""

    full_name: str
    # The name's lang attribute ("be", "ru"), "" for Latin letters or when unknown.
    lang: str


def people_of(user, case_ids: set[int]) -> dict[int, PersonLabel]:
    """The full names of the people of these cases, in two queries whatever their number.

    Only for pages: Deadline holds no name, so that the calendar feed and the e-mail digest,
    which leave the app, carry case references alone. Asked through visible_to, so a case
    the user may not see (none should reach here) gets no name.
    """
    if not case_ids:
        return {}
    cases = (
        Case.objects.visible_to(user)
        .filter(pk__in=case_ids)
        .select_related("person")
        .prefetch_related("person__names")
        .only("pk", "person__full_name")
    )
    return {
        case.pk: PersonLabel(
            full_name=case.person.full_name,
            lang=full_name_lang(case.person, case.person.names.all()),
        )
        for case in cases
    }


@dataclass
class Section:
    """One list of the dashboard: up to SECTION_CAP items, and how many there are in all."""

    slug: str
    title: Promise
    items: list[Deadline]
    total: int
    # Where the whole list is, when there is more than is shown.
    more_url: str = ""
    # The person of each case, by case id (see people_of): only the dashboard fills it.
    people: dict[int, PersonLabel] = dataclasses.field(default_factory=dict)

    @property
    def rows(self) -> list[tuple[Deadline, PersonLabel | None]]:
        return [(item, self.people.get(item.case_id)) for item in self.items]

    @property
    def counted(self) -> int:
        return min(self.total, COUNT_CAP)

    @property
    def more(self) -> int:
        return self.counted - len(self.items)

    @property
    def over_cap(self) -> bool:
        """More items than were counted: shown as "1000+"."""
        return self.total > COUNT_CAP


def section(
    deadlines: Deadlines, slug: str, title: Promise, start, end, more_url: str = "", **options
) -> Section:
    """The items of deadlines in a window, capped: counted only when there are more."""
    items = deadlines.items(start, end, limit=SECTION_CAP + 1, **options)
    total = len(items)
    if total > SECTION_CAP:
        items = items[:SECTION_CAP]
        total = deadlines.count(start, end, cap=COUNT_CAP, **options)
    return Section(slug=slug, title=title, items=items, total=total, more_url=more_url)


def dashboard_sections(user, today: datetime.date | None = None) -> list[Section]:
    deadlines = for_user(user, today)
    day = deadlines.today
    case_list = reverse("casework:case_list")

    def later(days: int) -> datetime.date:
        return day + datetime.timedelta(days=days)

    return [
        section(
            deadlines,
            "overdue",
            _("Overdue"),
            None,
            later(-1),
            more_url=f"{case_list}?overdue=1",
        ),
        section(deadlines, "week", _("Due in the next 7 days"), day, later(7)),
        section(deadlines, "month", _("Due in 8 to 30 days"), later(8), later(30)),
        # Only documents are brought up this early: their alerts start at 180 or 365 days.
        section(
            deadlines,
            "early",
            _("Documents expiring later (early alerts)"),
            later(31),
            None,
            kinds=(DOCUMENT,),
            more_url=f"{case_list}?doc_expiring={max(ALERTS[False])}",
        ),
    ]


def stale_cases(user, now: datetime.datetime | None = None) -> tuple[list[Case], int]:
    """Active cases with no change for STALE_DAYS, longest untouched first, and how many."""
    since = (now or timezone.now()) - datetime.timedelta(days=STALE_DAYS)
    cases = (
        Case.objects.visible_to(user)
        .active()
        .filter(updated_at__lt=since)
        .order_by("updated_at", "pk")
        .only("pk", "reference", "updated_at", "status")
    )
    shown = list(cases[: SECTION_CAP + 1])
    if len(shown) <= SECTION_CAP:
        return shown, len(shown)
    return shown[:SECTION_CAP], cases.count()


def describe_key(key: str) -> str:
    """Words for an item key whose item is no longer due (e.g. in the snooze history)."""
    prefix, _sep, rest = key.partition(":")
    number, _sep, suffix = rest.partition(":")
    if prefix == "document":
        if suffix == "expired":
            return gettext("Identity document %(number)s expired") % {"number": number}
        return gettext("Identity document %(number)s expires (%(days)s-day alert)") % {
            "number": number,
            "days": suffix,
        }
    if prefix == "remedy" and suffix == "appeal":
        return gettext("Appeal of the refusal of remedy %(number)s") % {"number": number}
    if prefix == "remedy":
        return gettext("Decision on remedy %(number)s") % {"number": number}
    if prefix == "risk":
        return gettext("Review of risk %(number)s") % {"number": number}
    return key


def case_page(case: Case) -> dict[str, Any]:
    """What the case page's deadline section shows: items, tasks, snoozes and their history."""
    items = for_case(case)
    labels = {item.key: item.what for item in items}
    snoozes = list(case.snoozes.select_related("by"))
    today = timezone.localdate()
    # The snooze that puts each item aside now (the one lasting longest), shown on its row.
    in_force: dict[str, Any] = {}
    for snooze in snoozes:
        snooze.label = labels.get(snooze.item_key) or describe_key(snooze.item_key)
        snooze.in_force = snooze.until > today
        current = in_force.get(snooze.item_key)
        if snooze.in_force and (current is None or snooze.until > current.until):
            in_force[snooze.item_key] = snooze
    items = [dataclasses.replace(item, snooze=in_force.get(item.key)) for item in items]
    return {
        "case_deadlines": items,
        "case_tasks": case.tasks.open_first().select_related("assignee", "done_by", "created_by"),
        "case_snoozes": snoozes,
        "today": today,
    }
