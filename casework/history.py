"""A case's history page: every version of the case's records, newest first.

The versions are django-simple-history's historical tables (one per record type, see
casework.models.history). A page of the history is read in a fixed number of queries
whatever its length: one to count, one for the page's (date, kind, version) across all the
tables, one per kind of record on the page for its versions and the versions before them,
and one for the users named.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery, Value
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from django_stubs_ext import StrOrPromise

from casework.access.policy import CaseAction, may_on_case
from casework.choices import script_lang
from casework.deadlines.pages import describe_key
from casework.models import (
    Case,
    CaseFile,
    CaseShare,
    CaseTask,
    DeadlineSnooze,
    IdentityDocument,
    Note,
    Person,
    PersonName,
    PressureEvent,
    Relative,
    Remedy,
    Risk,
    User,
)

if TYPE_CHECKING:
    from casework.access.policy import Viewer

PAGE_SIZE = 25


@dataclass(frozen=True)
class Source:
    """One kind of record of a case, as its history is read."""

    kind: str
    model: type[models.Model]
    # The fields that tie a version to the case; they are not shown as values.
    parents: tuple[str, ...]
    # What else, beyond viewing the case, reading this kind's history takes: relatives need
    # the right to see relatives, and shares are the coordinators' (as on the case page).
    needs: CaseAction | None = None
    # Cases and their person are never removed, so never restored.
    restorable: bool = True
    # Versions of this kind that need more to be read, and what (files about relatives).
    private_rows: Q | None = None
    private_needs: CaseAction | None = None

    @property
    def historical(self) -> Any:
        return self.model.history.model  # type: ignore[attr-defined]

    def of_case(self, case: Case) -> Q:
        if self.model is Case:
            return Q(id=case.pk)
        if self.model is Person:
            return Q(id=case.person_id)
        if "person" in self.parents:
            return Q(person_id=case.person_id)
        if self.model is PressureEvent:
            relatives = Relative.history.filter(case_id=case.pk).values("id")
            return Q(relative_id__in=relatives)
        return Q(case_id=case.pk)


SOURCES = [
    Source("case", Case, (), restorable=False),
    Source("person", Person, (), restorable=False),
    Source("name", PersonName, ("person",)),
    Source("risk", Risk, ("case",)),
    Source("remedy", Remedy, ("case",)),
    Source("document", IdentityDocument, ("person",)),
    Source("relative", Relative, ("case",), needs=CaseAction.RELATIVES),
    Source("pressure", PressureEvent, ("relative",), needs=CaseAction.RELATIVES),
    Source("note", Note, ("case",)),
    Source(
        "file",
        CaseFile,
        ("case",),
        private_rows=Q(about_relatives=True),
        private_needs=CaseAction.RELATIVES,
    ),
    Source("task", CaseTask, ("case",)),
    Source("snooze", DeadlineSnooze, ("case",)),
    Source("share", CaseShare, ("case",), needs=CaseAction.MANAGE),
]
SOURCE_BY_KIND = {source.kind: source for source in SOURCES}

# Bookkeeping columns of every version, and derived ones: never shown as a value.
HIDDEN_FIELDS = {"id", "created_at"}
# Where a file's sealed content is and its key: never shown, even to those who see the file.
HIDDEN_FIELDS |= {"storage_name", "preview_name", "thumbnail_name", "key", "replaces"}
# What a file is made of, set by the vault itself, not by anyone's choice.
HIDDEN_FIELDS |= {"content_type"}

# What happened to a record, as a sentence: "Risk changed".
CHANGE_LABELS = {
    "+": _("%(record)s added"),
    "~": _("%(record)s changed"),
    "-": _("%(record)s removed"),
}


def sources_for(user: Viewer, case: Case) -> list[Source]:
    """The kinds of record whose history user may read (see Source.needs)."""
    needs = {source.needs for source in SOURCES} - {None}
    allowed = {action for action in needs if action and may_on_case(user, case, action)}
    return [source for source in SOURCES if source.needs is None or source.needs in allowed]


@dataclass
class Change:
    label: StrOrPromise
    before: str
    after: str
    # A name spelling's lang (PersonName.lang) before and after, for its text.
    before_lang: str = ""
    after_lang: str = ""


@dataclass
class Entry:
    source: Source
    version: Any
    when: datetime.datetime
    who: str
    change: StrOrPromise
    changes: list[Change] = field(default_factory=list)
    # A removed record that is still removed (no later version): it can be restored.
    restorable: bool = False

    @property
    def summary(self) -> str:
        record = self.source.model._meta.verbose_name or ""
        return capfirst(str(self.change) % {"record": record})


def shown_fields(source: Source) -> list[models.Field]:
    historical_names = {f.name for f in source.historical._meta.concrete_fields}
    return [
        f
        for f in source.model._meta.concrete_fields
        if f.name in historical_names
        and f.name not in HIDDEN_FIELDS
        and f.name not in source.parents
        and not (f.is_relation and f.related_model is not User)
    ]


def display(field_: models.Field, value: Any, users: dict[int, User]) -> str:
    """A value as the page shows it: choice and country labels, unambiguous dates."""
    if value is None or value == "":
        return "—"
    if field_.is_relation:
        user = users.get(value)
        return str(user) if user is not None else str(_("a removed account"))
    if field_.choices:
        return str(dict(field_.flatchoices).get(value, value))
    if isinstance(field_, CountryField):
        return str(value.name) if hasattr(value, "name") else str(value)
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value, "DATE_FORMAT")
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if field_.name == "item_key":
        # A snooze names its deadline by key ("risk:12:review"): shown in words.
        return describe_key(str(value))
    return str(value)


def history_page(user: Viewer, case: Case, number: Any) -> Page:
    """One page of the case's history as Entry objects, newest first."""
    sources = sources_for(user, case)
    parts = [
        readable_versions(user, case, source)
        .order_by()
        .annotate(record_kind=Value(source.kind, output_field=models.CharField()))
        .values_list("history_date", "history_id", "record_kind")
        for source in sources
    ]
    union = parts[0].union(*parts[1:], all=True).order_by("-history_date", "-history_id")
    page = Paginator(union, PAGE_SIZE).get_page(number)
    page.object_list = entries(sources, list(page.object_list))
    return page


def readable_versions(user: Viewer, case: Case, source: Source) -> Any:
    """The versions of one kind of record of case that user may read."""
    versions = source.historical.objects.filter(source.of_case(case))
    if source.private_rows is not None and not (
        source.private_needs and may_on_case(user, case, source.private_needs)
    ):
        versions = versions.exclude(source.private_rows)
    return versions


def entries(sources: list[Source], rows: list[tuple[Any, int, str]]) -> list[Entry]:
    wanted: dict[str, list[int]] = defaultdict(list)
    for _when, history_id, kind in rows:
        wanted[kind].append(history_id)
    versions: dict[tuple[str, int], Any] = {}
    previous: dict[tuple[str, int], Any] = {}
    user_ids: set[int] = set()
    # One query per kind of record, on the page or not, so that the count never depends on
    # what the page holds (an id of -1 is never a version's: the query is never skipped).
    for source in sources:
        loaded = list(versions_with_previous(source, [-1, *wanted[source.kind]]))
        by_id = {version.history_id: version for version in loaded}
        for version in loaded:
            if version.history_id in wanted[source.kind]:
                versions[source.kind, version.history_id] = version
                previous[source.kind, version.history_id] = by_id.get(version.previous_id)
            user_ids.add(version.history_user_id)
            user_ids.update(
                getattr(version, f.attname) for f in shown_fields(source) if f.is_relation
            )
    users = {user.pk: user for user in User.objects.filter(pk__in=[-1, *(user_ids - {None})])}
    result = []
    for _when, history_id, kind in rows:
        source, version = SOURCE_BY_KIND[kind], versions[kind, history_id]
        who = users.get(version.history_user_id)
        entry = Entry(
            source=source,
            version=version,
            when=version.history_date,
            who=str(who) if who is not None else str(_("the system")),
            change=CHANGE_LABELS[version.history_type],
            restorable=source.restorable and version.history_type == "-" and version.is_last,
        )
        before = previous[kind, history_id]
        for field_ in shown_fields(source):
            new = getattr(version, field_.attname)
            if version.history_type == "+":
                if new not in (None, ""):
                    entry.changes.append(
                        Change(
                            field_.verbose_name,
                            "",
                            display(field_, new, users),
                            after_lang=_lang(field_, version),
                        )
                    )
            elif version.history_type == "-":
                if new not in (None, ""):
                    entry.changes.append(
                        Change(
                            field_.verbose_name,
                            display(field_, new, users),
                            "",
                            before_lang=_lang(field_, version),
                        )
                    )
            else:
                old = getattr(before, field_.attname) if before is not None else None
                if before is None or old != new:
                    entry.changes.append(
                        Change(
                            field_.verbose_name,
                            display(field_, old, users) if before is not None else "",
                            display(field_, new, users),
                            before_lang=_lang(field_, before),
                            after_lang=_lang(field_, version),
                        )
                    )
        result.append(entry)
    return result


def _lang(field_: models.Field, version: Any) -> str:
    """The lang of a name spelling's text in version (PersonName.lang); "" for any other
    field or record."""
    if version is None or field_.model is not PersonName or field_.name != "text":
        return ""
    return script_lang(version.script)


def versions_with_previous(source: Source, history_ids: list[int]) -> Any:
    """The versions asked for and, for each, the version of the same record just before it
    (one query), each annotated with previous_id and is_last."""
    historical = source.historical
    earlier = historical.objects.filter(
        id=OuterRef("id"), history_id__lt=OuterRef("history_id")
    ).order_by("-history_id")
    later = historical.objects.filter(id=OuterRef("id"), history_id__gt=OuterRef("history_id"))
    previous_ids = (
        historical.objects.filter(history_id__in=history_ids)
        .annotate(previous=Subquery(earlier.values("history_id")[:1]))
        .values("previous")
    )
    return (
        historical.objects.filter(Q(history_id__in=history_ids) | Q(history_id__in=previous_ids))
        .annotate(
            previous_id=Subquery(earlier.values("history_id")[:1]),
            is_last=~Exists(later),
        )
        .order_by()
    )


def removed_version(case: Case, kind: str, history_id: int) -> tuple[Source, Any] | None:
    """The version of a removed record of case, by its kind and version id; None if there
    is no such removal."""
    source = SOURCE_BY_KIND.get(kind)
    if source is None or not source.restorable:
        return None
    version = (
        source.historical.objects.filter(source.of_case(case))
        .filter(history_id=history_id, history_type="-")
        .first()
    )
    return None if version is None else (source, version)
