"""Who reaches which page (DESIGN.md section 5): the access table of every URL.

The URL resolver is walked, so a new page must be added, with who may reach it, to EXPECTED
(pages of one case) or PAGES (the others) below before this module passes. Those who may not
reach a page get 404, never 403.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser
from django.urls import URLResolver, get_resolver, reverse

from casework import actions
from casework.models import (
    AccountChangeRequest,
    AuditEvent,
    Case,
    CaseShare,
    DuplicateNotice,
    IdentityDocument,
    Note,
    Remedy,
    User,
)
from docs_app import actions as docs_actions
from docs_app import worker
from docs_app.models import SummaryExport
from tests import factories
from tests.factories import CASE_CONTENT_MODELS, take_in

VIEW = frozenset({"vera", "olga", "lev"})
EDIT = frozenset({"vera", "olga"})
LEGAL = frozenset({"vera", "olga", "lev"})
MANAGE = frozenset({"olga"})
OUTSIDERS = ["viktor", "tomas", "lena", "ada"]


@dataclass(frozen=True)
class Access:
    # Of vera (assigned), olga (coordinator of the office) and lev (legal aid, case shared
    # without relatives): who gets the page. The others get 404.
    allowed: frozenset[str]
    post_only: bool = False
    # The page only exists for a closed case.
    closed_case: bool = False
    # Added to the URL: what the page needs to answer 200 to those allowed.
    query: str = ""
    # A POST-only page: what it is sent, and what it answers, for those allowed.
    post_data: dict | None = None
    post_status: int = 302


EXPECTED = {
    "casework:case_detail": Access(VIEW),
    "casework:case_edit": Access(EDIT),
    "casework:case_assign": Access(MANAGE),
    "casework:case_share": Access(MANAGE),
    "casework:case_unshare": Access(MANAGE, post_only=True),
    "casework:case_close": Access(MANAGE),
    "casework:case_reopen": Access(MANAGE, closed_case=True),
    "casework:track_remedy": Access(LEGAL, post_only=True),
    "casework:risks_new": Access(EDIT),
    "casework:risks_edit": Access(EDIT),
    "casework:risks_delete": Access(EDIT),
    "casework:remedies_new": Access(LEGAL),
    "casework:remedies_edit": Access(LEGAL),
    "casework:remedies_delete": Access(LEGAL),
    "casework:documents_new": Access(EDIT),
    "casework:documents_edit": Access(EDIT),
    "casework:documents_delete": Access(EDIT),
    "casework:relatives_new": Access(EDIT),
    "casework:relatives_edit": Access(EDIT),
    "casework:relatives_delete": Access(EDIT),
    "casework:pressure_event_create": Access(EDIT),
    "casework:pressure_events_edit": Access(EDIT),
    "casework:pressure_events_delete": Access(EDIT),
    "casework:notes_new": Access(LEGAL),
    # The note in the fixture is vera's: legal aid changes only its own notes (tested below).
    "casework:notes_edit": Access(EDIT),
    "casework:notes_delete": Access(EDIT),
    "casework:task_create": Access(EDIT),
    "casework:tasks_done": Access(EDIT, post_only=True),
    "casework:deadline_snooze": Access(EDIT),
    "casework:snooze_end": Access(EDIT, post_only=True),
    "casework:case_history": Access(VIEW),
    # The document vault: legal aid adds files to a shared case (POST on the list page) and
    # changes only its own; the file in the fixture is vera's.
    "casework:case_files": Access(VIEW),
    "casework:case_file": Access(VIEW),
    "casework:case_file_preview": Access(VIEW),
    "casework:case_file_thumbnail": Access(VIEW),
    "casework:case_file_edit": Access(EDIT),
    "casework:case_file_replace": Access(EDIT),
    "casework:case_file_remove": Access(EDIT),
    "casework:history_restore": Access(MANAGE, post_only=True),
    "docs_app:summary_form": Access(VIEW),
    # Only the print form's POST makes a PDF; a GET answers 405 to everyone.
    "docs_app:case_summary": Access(
        VIEW,
        post_only=True,
        post_data={"include": ["notes"], "purpose": "Hearing"},
        post_status=200,
    ),
}

# Which record an `item_pk` names, by the URL name's prefix.
ITEM_PREFIXES = {
    "risks_": "risk",
    "remedies_": "remedy",
    "documents_": "document",
    "relatives_": "relative",
    "pressure_events_": "pressure_event",
    "notes_": "note",
    "tasks_": "task",
}
KNOWN_PARAMS = {
    "pk",
    "item_pk",
    "relative_pk",
    "share_pk",
    "option_pk",
    "kind",
    "history_pk",
    "snooze_pk",
    "file_pk",
}


def url_patterns() -> list[tuple[str, frozenset[str]]]:
    """(namespaced name, route parameters) of every URL of ours (the admin's are its own)."""
    found = []

    def walk(entries, namespace: str, params: frozenset[str]) -> None:
        for entry in entries:
            names = params | set(entry.pattern.regex.groupindex)
            if isinstance(entry, URLResolver):
                if entry.app_name == "admin":
                    continue
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry.url_patterns, inner, names)
            else:
                found.append((f"{namespace}{entry.name}" if entry.name else None, names))

    walk(get_resolver().url_patterns, "", frozenset())
    return found


ALL_URLS = url_patterns()
# The pages of one case: their route takes its id.
CASE_URLS = [(name, params) for name, params in ALL_URLS if "pk" in params]
CASE_URL_NAMES = [name for name, _ in CASE_URLS]
URLS_WITH_RECORDS = [name for name, params in CASE_URLS if params - {"pk"}]


def params_of(name: str) -> frozenset[str]:
    return dict(CASE_URLS)[name]


def item_kind(name: str) -> str:
    short = name.split(":")[-1]
    kinds = [kind for prefix, kind in ITEM_PREFIXES.items() if short.startswith(prefix)]
    assert len(kinds) == 1, f"{name} takes an item_pk but names no known kind of record"
    return kinds[0]


def add_records(case: Case, by) -> dict:
    """One record of every kind on case, added through the actions."""
    relative = actions.add_relative(
        case=case,
        by=by,
        fields={"relationship": "mother", "name": "Halina Radkevich", "location": "Hrodna"},
    )
    return {
        "risk": actions.add_risk(
            case=case, by=by, fields={"kind": "surveillance", "severity": "medium"}
        ),
        "remedy": actions.add_remedy(
            case=case, by=by, fields={"kind": "alien_passport", "country": "PL"}
        ),
        "document": actions.add_document(
            case=case,
            by=by,
            fields={"kind": "national_passport", "issuing_country": "BY", "number": "MP1234567"},
        ),
        "relative": relative,
        "pressure_event": actions.add_pressure_event(
            case=case,
            by=by,
            relative=relative,
            fields={"occurred_on": "2025-03-01", "kind": "visit", "details": "KGB visit"},
        ),
        "note": actions.add_note(case=case, by=by, fields={"kind": "contact", "text": "Called."}),
        "task": actions.add_task(
            case=case, by=by, title="Book the appointment", due_on=datetime.date(2026, 1, 5)
        ),
        # A note removed: what the history page can restore (its last version).
        "removed_note": removed_note(case, by),
        "snooze": actions.snooze_item(
            case=case,
            by=by,
            item_key=f"risk:{case.risks.first().pk}:review" if case.risks.exists() else "x:1:y",
            until=datetime.date(2099, 1, 1),
            reason="Waiting for the lawyer.",
        ),
        "file": factories.attach(case, by, title="Decision"),
        "relatives_file": factories.attach(
            case, by, title="Mother's summons", about_relatives=True
        ),
        # Reference data, not case content: an option applies to the cases of its country.
        "remedy_option": actions.save_remedy_option(
            country=case.host_country.code,
            kind="international_protection",
            title={
                "en": f"Asylum, for {case.reference}",
                "be": f"Прытулак, для {case.reference}",
                "ru": f"Убежище, для {case.reference}",
            },
            summary={"en": "Apply in person.", "be": "Асабіста.", "ru": "Лично."},
            source_url="https://example.org/asylum",
            checked_on="2026-11-22",
        )[0],
    }


def removed_note(case: Case, by):
    note = actions.add_note(case=case, by=by, fields={"kind": "contact", "text": "Gone."})
    pk = note.pk
    actions.remove_record(case=case, by=by, record=note)
    return Note.history.filter(id=pk, history_type="-").get()


@dataclass
class AccessWorld:
    case: Case
    records: dict
    share: CaseShare
    other_case: Case
    # Another case of the same office, with its own records: its ids must not work
    # under vera's case id.
    other_records: dict
    other_share: CaseShare
    users: dict
    # The shared cast it is built on: viktor's and tomas's own cases among them.
    cast: factories.World

    def url(
        self,
        name: str,
        *,
        records: dict | None = None,
        share: CaseShare | None = None,
        file_record: str = "file",
    ):
        records = records or self.records
        params = params_of(name)
        assert params <= KNOWN_PARAMS, f"{name} takes parameters this test cannot fill"
        kwargs = {"pk": self.case.pk}
        if "item_pk" in params:
            kwargs["item_pk"] = records[item_kind(name)].pk
        if "relative_pk" in params:
            kwargs["relative_pk"] = records["relative"].pk
        if "share_pk" in params:
            kwargs["share_pk"] = (share or self.share).pk
        if "option_pk" in params:
            kwargs["option_pk"] = records["remedy_option"].pk
        if "history_pk" in params:
            kwargs["kind"] = "note"
            kwargs["history_pk"] = records["removed_note"].history_id
        if "snooze_pk" in params:
            kwargs["snooze_pk"] = records["snooze"].pk
        if "file_pk" in params:
            kwargs["file_pk"] = records[file_record].pk
        return reverse(name, kwargs=kwargs) + EXPECTED[name].query


@pytest.fixture
def world(world):
    """The shared cast (tests/conftest.py), with a record of every kind on vera's case,
    shared with lev without relatives, and another case of olga's office shared with lev
    with relatives."""
    cast = world
    olga, lev = cast.olga, cast.lev
    # In another host country, so that its remedy options do not apply to vera's case.
    other_case = take_in(olga, host_country="LT")
    other_records = add_records(other_case, olga)
    return AccessWorld(
        case=cast.vera_case,
        records=add_records(cast.vera_case, cast.vera),
        share=actions.share_case(case=cast.vera_case, by=olga, user=lev, include_relatives=False),
        other_case=other_case,
        other_records=other_records,
        other_share=actions.share_case(case=other_case, by=olga, user=lev, include_relatives=True),
        users={name: getattr(cast, name) for name in SIGNED_IN},
        cast=cast,
    )


def snapshot(world: AccessWorld) -> tuple:
    """What a refused request must leave as it was."""
    world.case.refresh_from_db()
    records = {kind: type(r).objects.filter(pk=r.pk).exists() for kind, r in world.records.items()}
    return (
        AuditEvent.objects.filter(case=world.case).count(),
        world.case.version,
        world.case.status,
        list(world.case.assigned_to.all()),
        list(world.case.shares.values_list("user__username", "include_relatives")),
        records,
    )


def prepare(world: AccessWorld, name: str) -> None:
    if EXPECTED[name].closed_case:
        actions.close_case(case=world.case, by=world.users["olga"], reason="Moved to Canada.")


def test_walker_finds_the_case_urls():
    assert "casework:case_detail" in CASE_URL_NAMES
    assert "casework:notes_edit" in CASE_URL_NAMES
    assert params_of("casework:case_unshare") == {"pk", "share_pk"}
    assert not any(name.startswith("admin:") for name in CASE_URL_NAMES)


def test_every_url_that_takes_a_case_is_known_to_this_test():
    unknown = [name for name in CASE_URL_NAMES if name not in EXPECTED]
    assert unknown == [], "add these URLs, with who may reach them, to EXPECTED"
    odd_params = {
        name: params - KNOWN_PARAMS for name, params in CASE_URLS if params - KNOWN_PARAMS
    }
    assert odd_params == {}
    for name in CASE_URL_NAMES:
        if "item_pk" in params_of(name):
            item_kind(name)


@pytest.mark.parametrize("name", CASE_URL_NAMES)
def test_anonymous_is_sent_to_login(client, world, name):
    prepare(world, name)
    url = world.url(name)
    methods = ["post"] if EXPECTED[name].post_only else ["get", "post"]
    for method in methods:
        response = getattr(client, method)(url)
        assert response.status_code == 302, (method, url)
        login_url = urlsplit(response.url)
        assert login_url.path == reverse("login")
        assert parse_qs(login_url.query) == {"next": [url]}


@pytest.mark.parametrize("name", CASE_URL_NAMES)
def test_outsiders_get_404(client, world, name):
    prepare(world, name)
    url = world.url(name)
    before = snapshot(world)
    for username in OUTSIDERS:
        client.force_login(world.users[username])
        if not EXPECTED[name].post_only:
            assert client.get(url).status_code == 404, (username, url)
        assert client.post(url).status_code == 404, (username, url)
    assert snapshot(world) == before


@pytest.mark.parametrize("name", CASE_URL_NAMES)
def test_case_roles(client, world, name):
    prepare(world, name)
    url = world.url(name)
    access = EXPECTED[name]
    for username in ["vera", "olga", "lev"]:
        client.force_login(world.users[username])
        if username not in access.allowed:
            before = snapshot(world)
            assert client.get(url).status_code in ({405} if access.post_only else {404})
            assert client.post(url).status_code == 404, (username, url)
            assert snapshot(world) == before
        elif access.post_only:
            assert client.get(url).status_code == 405, (username, url)
            response = client.post(url, access.post_data or {})
            assert response.status_code == access.post_status, (username, url)
        else:
            assert client.get(url).status_code == 200, (username, url)


@pytest.mark.parametrize("name", URLS_WITH_RECORDS)
def test_records_of_another_case_answer_404(client, world, name):
    """olga may reach both cases, but not one case's records under the other's id."""
    prepare(world, name)
    url = world.url(name, records=world.other_records, share=world.other_share)
    before = snapshot(world)
    client.force_login(world.users["olga"])
    if not EXPECTED[name].post_only:
        assert client.get(url).status_code == 404, url
    assert client.post(url).status_code == 404, url
    assert snapshot(world) == before
    assert all(type(r).objects.filter(pk=r.pk).exists() for r in world.other_records.values())
    assert CaseShare.objects.filter(pk=world.other_share.pk).exists()


@pytest.mark.parametrize(
    "name", ["case_assign", "case_share", "case_close", "case_reopen", "case_unshare"]
)
def test_assigned_volunteer_cannot_manage_the_case(client, world, name):
    if name == "case_reopen":
        actions.close_case(case=world.case, by=world.users["olga"], reason="Moved to Canada.")
    client.force_login(world.users["vera"])
    url = world.url(f"casework:{name}")
    assert client.post(url, {"reason": "x", "user": world.users["lena"].pk}).status_code == 404
    assert not CaseShare.objects.filter(user=world.users["lena"]).exists()


@pytest.mark.parametrize(
    "name",
    [
        "case_edit",
        "risks_new",
        "risks_edit",
        "risks_delete",
        "documents_new",
        "documents_edit",
        "documents_delete",
        "relatives_new",
        "relatives_edit",
        "relatives_delete",
        "pressure_event_create",
        "pressure_events_edit",
        "pressure_events_delete",
    ],
)
@pytest.mark.parametrize("include_relatives", [False, True])
def test_legal_aid_cannot_change_what_is_not_legal(client, world, name, include_relatives):
    actions.share_case(
        case=world.case,
        by=world.users["olga"],
        user=world.users["lev"],
        include_relatives=include_relatives,
    )
    client.force_login(world.users["lev"])
    url = world.url(f"casework:{name}")
    before = snapshot(world)
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert snapshot(world) == before


FILE_URLS = [name for name in CASE_URL_NAMES if "file_pk" in params_of(name)]


def test_legal_aid_without_relatives_gets_404_for_files_about_relatives(client, world):
    client.force_login(world.users["lev"])
    before = snapshot(world)
    for name in FILE_URLS:
        url = world.url(name, file_record="relatives_file")
        assert client.get(url).status_code == 404, url
        assert client.post(url).status_code == 404, url
    assert snapshot(world) == before
    # With a share that includes relatives, lev reads it (and still changes only its own).
    actions.share_case(
        case=world.case, by=world.users["olga"], user=world.users["lev"], include_relatives=True
    )
    for name in ["casework:case_file", "casework:case_file_preview"]:
        assert client.get(world.url(name, file_record="relatives_file")).status_code == 200
    assert (
        client.get(world.url("casework:case_file_edit", file_record="relatives_file")).status_code
        == 404
    )


def test_legal_aid_sees_relatives_only_when_the_share_includes_them(client, world):
    lev, olga = world.users["lev"], world.users["olga"]
    client.force_login(lev)
    page = client.get(world.case.get_absolute_url())
    assert page.status_code == 200
    assert "Halina Radkevich" not in page.content.decode()
    assert "Hrodna" not in page.content.decode()

    actions.share_case(case=world.case, by=olga, user=lev, include_relatives=True)
    page = client.get(world.case.get_absolute_url())
    assert "Halina Radkevich" in page.content.decode()


def test_legal_aid_records_remedies_and_notes_on_a_shared_case(client, world):
    lev = world.users["lev"]
    client.force_login(lev)
    remedy, note = world.records["remedy"], world.records["note"]

    response = client.post(
        world.url("casework:notes_new"), {"kind": "legal", "text": "Appeal drafted."}
    )
    assert response.status_code == 302
    own_note = Note.objects.get(case=world.case, author=lev)
    assert own_note.text == "Appeal drafted."

    response = client.post(
        world.url("casework:remedies_new"),
        {"kind": "international_protection", "country": "PL", "status": "applied"},
    )
    assert response.status_code == 302
    assert world.case.remedies.filter(kind="international_protection").exists()

    response = client.post(
        world.url("casework:remedies_edit"),
        {"kind": "alien_passport", "country": "PL", "status": "granted"},
    )
    assert response.status_code == 302
    remedy.refresh_from_db()
    assert remedy.status == "granted"

    assert client.post(world.url("casework:remedies_delete")).status_code == 302
    assert not Remedy.objects.filter(pk=remedy.pk).exists()

    # vera's note is not lev's to change or remove.
    for name in ["casework:notes_edit", "casework:notes_delete"]:
        assert client.get(world.url(name)).status_code == 404
        assert (
            client.post(world.url(name), {"kind": "legal", "text": "Rewritten."}).status_code == 404
        )
    note.refresh_from_db()
    assert note.text == "Called."

    own = {**world.records, "note": own_note}
    assert client.get(world.url("casework:notes_edit", records=own)).status_code == 200
    response = client.post(
        world.url("casework:notes_edit", records=own), {"kind": "legal", "text": "Appeal filed."}
    )
    assert response.status_code == 302
    own_note.refresh_from_db()
    assert own_note.text == "Appeal filed."
    assert client.post(world.url("casework:notes_delete", records=own)).status_code == 302
    assert not Note.objects.filter(pk=own_note.pk).exists()


def test_assigned_volunteer_changes_the_case_records(client, world):
    client.force_login(world.users["vera"])
    response = client.post(
        world.url("casework:risks_new"),
        {
            "kind": "surveillance",
            "severity": "high",
            "status": "suspected",
            "identified_on": "2025-01-05",
        },
    )
    assert response.status_code == 302
    assert world.case.risks.filter(kind="surveillance").exists()
    response = client.post(
        world.url("casework:pressure_event_create"),
        {"occurred_on": "2025-04-02", "kind": "summons"},
    )
    assert response.status_code == 302
    assert world.records["relative"].pressure_events.filter(kind="summons").exists()
    assert client.post(world.url("casework:documents_delete")).status_code == 302
    assert not IdentityDocument.objects.filter(pk=world.records["document"].pk).exists()


def test_coordinator_cannot_reopen_an_open_case_or_close_a_closed_one(client, world):
    olga = world.users["olga"]
    client.force_login(olga)
    reopen, close = world.url("casework:case_reopen"), world.url("casework:case_close")
    assert client.get(reopen).status_code == 404
    assert client.post(reopen, {"reason": "Again."}).status_code == 404

    actions.close_case(case=world.case, by=olga, reason="Moved to Canada.")
    assert client.get(close).status_code == 404
    assert client.post(close, {"reason": "Again."}).status_code == 404
    assert client.get(reopen).status_code == 200
    world.case.refresh_from_db()
    assert world.case.closure_reason == "Moved to Canada."


# --- Every other URL: the pages without a case id ------------------------------------------

# Everyone the tests sign in as, and "anon" for nobody signed in.
SIGNED_IN = ("vera", "viktor", "olga", "tomas", "lev", "lena", "ada")
# What a response must be: a status code, or LOGIN for "sent to the login page, back here next".
LOGIN = "login"


def answers(ok: int | str, who: Iterable[str] = SIGNED_IN, *, others: int | str = 404) -> dict:
    """ok for those in who, others for the rest of SIGNED_IN; anonymous users log in first."""
    return {"anon": LOGIN} | {user: ok if user in who else others for user in SIGNED_IN}


def everyone(status: int | str) -> dict:
    return {"anon": status} | {user: status for user in SIGNED_IN}


CASE_WORKERS = {"vera", "viktor", "olga", "tomas", "lev", "lena"}
OFFICE_STAFF = {"vera", "viktor", "olga", "tomas"}
COORDINATORS = {"olga", "tomas"}
AUDIT_READERS = {"olga", "tomas", "ada"}
ADMINS = {"ada"}


@dataclass(frozen=True)
class Page:
    """What each user gets from a page without a case id, for GET and for POST (an empty
    form). The notice and the export named in the URL are of olga's office and by olga."""

    get: dict
    post: dict


PAGES = {
    "login": Page(get=everyone(200), post=everyone(200)),
    "logout": Page(get=everyone(405), post=everyone(302)),
    # An invalid link says so, to anybody: it names no account.
    "set_password": Page(get=everyone(200), post=everyone(200)),
    "set_password_done": Page(get=everyone(200), post=everyone(405)),
    # Without a second factor yet, verifying sends to its enrolment.
    "two_factor_verify": Page(get=answers(302, SIGNED_IN), post=answers(302, SIGNED_IN)),
    "two_factor_setup": Page(get=answers(200, SIGNED_IN), post=answers(200, SIGNED_IN)),
    "favicon": Page(get=everyone(301), post=everyone(301)),
    # Admins land in the admin: they see no case.
    "casework:dashboard": Page(
        get=answers(200, CASE_WORKERS, others=302), post=answers(200, CASE_WORKERS, others=302)
    ),
    "casework:case_list": Page(get=answers(200, CASE_WORKERS), post=answers(200, CASE_WORKERS)),
    # Everyone's own settings; the language menu answers anybody, the login page included.
    "casework:account": Page(get=answers(200), post=answers(200)),
    "casework:set_language": Page(get=everyone(405), post=everyone(302)),
    # "Stay signed in": anybody signed in; nothing to extend for anonymous users.
    "casework:session_extend": Page(get=everyone(405), post=answers(200)),
    "casework:case_create": Page(get=answers(200, OFFICE_STAFF), post=answers(200, OFFICE_STAFF)),
    "casework:intake_duplicates": Page(get=everyone(405), post=answers(200, OFFICE_STAFF)),
    "casework:duplicate_dismiss": Page(get=everyone(405), post=answers(302, {"olga"})),
    "casework:audit_log": Page(get=answers(200, AUDIT_READERS), post=answers(405, SIGNED_IN)),
    "casework:audit_log_csv": Page(get=answers(200, AUDIT_READERS), post=answers(405, SIGNED_IN)),
    "casework:calendar_feed": Page(get=answers(200, CASE_WORKERS), post=answers(302, CASE_WORKERS)),
    # The secret token in the address is the feed's only credential (calendar applications
    # have no session), so it answers whoever holds it.
    "casework:calendar_feed_ics": Page(get=everyone(200), post=everyone(405)),
    "docs_app:export_create": Page(get=answers(200, COORDINATORS), post=answers(200, COORDINATORS)),
    "docs_app:export_detail": Page(get=answers(200, {"olga"}), post=answers(200, {"olga"})),
    "docs_app:export_download": Page(get=everyone(405), post=answers(200, {"olga"})),
    # Account management: admins only, everybody else 404 (anonymous users log in first).
    "casework:user_list": Page(get=answers(200, ADMINS), post=answers(405)),
    "casework:user_create": Page(get=answers(200, ADMINS), post=answers(200, ADMINS)),
    "casework:user_detail": Page(get=answers(200, ADMINS), post=answers(405)),
    # An empty form: the role is missing, said on the account's page.
    "casework:user_change": Page(get=answers(405), post=answers(400, ADMINS)),
    "casework:user_set_active": Page(get=answers(405), post=answers(302, ADMINS)),
    "casework:user_password_link": Page(get=answers(405), post=answers(302, ADMINS)),
    "casework:user_unlock": Page(get=answers(405), post=answers(302, ADMINS)),
    "casework:user_reset_second_factor": Page(get=answers(405), post=answers(302, ADMINS)),
    # ada asked for the change herself: refused with a message, back on the account's page.
    "casework:account_change_approve": Page(get=answers(405), post=answers(302, ADMINS)),
    "casework:account_change_decline": Page(get=answers(405), post=answers(302, ADMINS)),
}
# The Django admin is its own: it sends anybody who is not staff to its own login page.
ADMIN_INDEX = answers(302, SIGNED_IN) | {"ada": 200}
PAGE_PARAMS = {"notice_pk", "export_pk", "token", "uidb64", "user_pk", "change_pk"}

PAGE_URL_NAMES = [name for name, params in ALL_URLS if "pk" not in params]


@dataclass
class Extras:
    """What the pages without a case id need in their URLs."""

    notice: DuplicateNotice
    export: SummaryExport
    calendar_token: str
    account: User
    change: AccountChangeRequest


@pytest.fixture
def extras(world) -> Extras:
    olga = world.users["olga"]
    # Taken in at another office under the name of olga's case: her office is told.
    take_in(world.users["tomas"], full_name=world.case.person.full_name)
    export = docs_actions.request_summary_export(
        by=olga, case_ids=[world.case.pk], sections=[], purpose="Access table", language="en"
    )
    worker.build_summary_export(export_id=export.pk)
    return Extras(
        notice=DuplicateNotice.objects.get(office=world.case.office),
        export=export,
        calendar_token=actions.create_calendar_feed(user=world.users["vera"])[1],
        # The account pages are about viktor, whom ada asks to make a coordinator.
        account=world.users["viktor"],
        change=actions.request_account_change(
            user=world.users["viktor"],
            by=world.users["ada"],
            role="coordinator",
            office=world.users["viktor"].office,
        ),
    )


def page_url(name: str, extras: Extras) -> str:
    params = dict(ALL_URLS)[name]
    assert params <= PAGE_PARAMS, f"{name} takes parameters this test cannot fill"
    kwargs: dict = {}
    if "notice_pk" in params:
        kwargs["notice_pk"] = extras.notice.pk
    if "export_pk" in params:
        kwargs["export_pk"] = extras.export.pk
    if "token" in params:
        kwargs["token"] = "invalid" if "uidb64" in params else extras.calendar_token
    if "uidb64" in params:
        kwargs["uidb64"] = "MQ"
    if "user_pk" in params:
        kwargs["user_pk"] = extras.account.pk
    if "change_pk" in params:
        kwargs["change_pk"] = extras.change.pk
    return reverse(name, kwargs=kwargs)


def test_every_url_is_known_to_this_test():
    """A new page fails here until its row says who may reach it."""
    unknown = [name for name in PAGE_URL_NAMES if name not in PAGES]
    assert unknown == [], "add these URLs, with who may reach them, to PAGES"
    assert set(PAGES) == set(PAGE_URL_NAMES)
    assert sorted(CASE_URL_NAMES + PAGE_URL_NAMES) == sorted(name for name, _ in ALL_URLS)
    assert None not in dict(ALL_URLS), "every URL of ours has a name"


def check(response, expected, url: str, label: str) -> None:
    if expected == LOGIN:
        assert response.status_code == 302, label
        login_url = urlsplit(response.url)
        assert login_url.path == reverse("login"), label
        assert parse_qs(login_url.query) == {"next": [url]}, label
    else:
        assert response.status_code == expected, label


@pytest.mark.parametrize("name", PAGE_URL_NAMES)
def test_pages_answer_each_user_as_the_policy_says(client, world, extras, name):
    url = page_url(name, extras)
    page = PAGES[name]
    for username in ["anon", *SIGNED_IN]:
        client.logout()
        if username != "anon":
            client.force_login(world.users[username])
        for method, expected in [("get", page.get[username]), ("post", page.post[username])]:
            response = getattr(client, method)(url)
            check(response, expected, url, f"{method} {url} as {username}")
            if expected == 404:
                # Nothing of what the page would show leaks into the "not found" page.
                body = response.content.decode()
                assert world.case.reference not in body
                assert extras.export.filename not in body


def test_admin_site_answers_only_admins(client, world):
    url = reverse("admin:index")
    client.logout()
    assert client.get(url).status_code == 302
    for username, expected in ADMIN_INDEX.items():
        if username == "anon":
            continue
        client.force_login(world.users[username])
        assert client.get(url).status_code == expected, username


# Case.objects.visible_to


@pytest.fixture
def cases(world):
    return {
        "vera": world.case,
        "olga": world.other_case,
        "viktor": world.cast.viktor_case,
        "tomas": world.cast.tomas_case,
    }


def visible(user) -> list[Case]:
    return sorted(Case.objects.visible_to(user), key=lambda case: case.pk)


def test_each_role_sees_exactly_its_cases(world, cases):
    users = world.users
    assert visible(users["vera"]) == [cases["vera"]]
    assert visible(users["viktor"]) == [cases["viktor"]]
    assert visible(users["olga"]) == sorted(
        [cases["vera"], cases["olga"], cases["viktor"]], key=lambda case: case.pk
    )
    assert visible(users["tomas"]) == [cases["tomas"]]
    # lev has vera's case and olga's other case shared with him.
    assert visible(users["lev"]) == [cases["vera"], cases["olga"]]
    assert visible(users["lena"]) == []
    assert visible(users["ada"]) == []
    assert visible(AnonymousUser()) == []

    actions.share_case(
        case=cases["tomas"], by=users["tomas"], user=users["lena"], include_relatives=False
    )
    assert visible(users["lena"]) == [cases["tomas"]]


def test_assignment_and_sharing_change_what_is_visible(world, cases):
    users = world.users
    actions.assign_case(case=cases["olga"], by=users["olga"], users=[users["vera"]])
    assert visible(users["vera"]) == [cases["vera"], cases["olga"]]
    actions.assign_case(case=cases["vera"], by=users["olga"], users=[users["viktor"]])
    assert visible(users["vera"]) == [cases["olga"]]
    actions.unshare_case(share=world.share, by=users["olga"])
    assert visible(users["lev"]) == [cases["olga"]]


def test_closed_cases_stay_visible_to_their_roles(world, cases):
    actions.close_case(case=cases["vera"], by=world.users["olga"], reason="Moved to Canada.")
    assert cases["vera"] in visible(world.users["vera"])
    assert cases["vera"] in visible(world.users["olga"])
    assert cases["vera"] in visible(world.users["lev"])


def test_inactive_user_sees_nothing(world, cases):
    for username in ["vera", "olga", "lev"]:
        user = world.users[username]
        assert visible(user) != []
        user.is_active = False
        assert visible(user) == []


def test_volunteer_moved_to_another_office_loses_its_cases(world, cases, vilnius):
    vera = world.users["vera"]
    vera.office = vilnius
    assert visible(vera) == []


def test_admin_site_holds_no_case_content():
    registered = [model for model in CASE_CONTENT_MODELS if model in admin.site._registry]
    assert registered == []


def test_admin_manages_users_but_reaches_no_case(client, world):
    client.force_login(world.users["ada"])
    users_page = client.get(reverse("admin:casework_user_changelist"))
    assert users_page.status_code == 200
    assert "vera_volunteer" in users_page.content.decode()
    assert client.get("/admin/casework/case/").status_code == 404
    assert client.get(f"/admin/casework/case/{world.case.pk}/change/").status_code == 404
    assert client.get(world.case.get_absolute_url()).status_code == 404
