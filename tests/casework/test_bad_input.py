"""Bad input: answered next to the field, typed text kept, nothing saved, never a 500.

Also what must not be refused: markup is stored as typed and shown escaped, and real
Belarusian, Russian and Łacinka spellings and emoji go through. A stale edit form never
overwrites what someone else saved meanwhile (DESIGN.md section 2, point 7).

Forms are filled the way a browser does: the test loads the page, takes the values of
every field in the form, changes the ones under test and posts the result.
"""

from __future__ import annotations

import datetime
import unicodedata
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from casework import actions
from casework.models import (
    AuditAction,
    AuditEvent,
    Case,
    CaseShare,
    IdentityDocument,
    Note,
    Person,
    PersonName,
    PressureEvent,
    ReferenceSequence,
    Relative,
    Remedy,
    Risk,
)
from tests.factories import CASE_CONTENT_MODELS
from tests.reading import invalid_date

SCRIPT = "<script>alert(1)</script>"
MARKUP = f'<b onmouseover="alert(2)">Ales</b> {SCRIPT}'
HUNDRED_KB = 100 * 1024
RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: shows "gpj.exe" as "exe.jpg"
ZWSP = "\u200b"
CYRILLIC_O = "\u043e"

FUTURE_MESSAGE = "This date is in the future; enter a date up to today."
INVALID_DATE = invalid_date()
INVISIBLE_MESSAGE = (
    "This text contains invisible characters (such as zero-width spaces); retype it without them."
)
DIRECTION_MESSAGE = "Remove the control or text-direction characters from this text."
MIXED_MESSAGE = (
    "This name mixes Latin and Cyrillic letters (some look alike). "
    "Write each spelling in one script, as a separate name."
)
BELARUSIAN_LETTERS_MESSAGE = (
    "І and Ў are Belarusian letters; choose Belarusian Cyrillic for this spelling."
)
CONFLICT_MESSAGE = "Someone else saved this case while you were editing it"


# --- Reading pages -------------------------------------------------------------------------

VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "wbr"}


class Node:
    def __init__(self, tag: str, attrs: dict, parent: Node | None = None):
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node | str] = []

    def iter(self):
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.iter()

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def find(self, id_: str) -> Node | None:
        return next((node for node in self.iter() if node.attrs.get("id") == id_), None)

    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.current = Node("#root", {})

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs), self.current)
        self.current.children.append(node)
        if tag not in VOID_TAGS:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, dict(attrs), self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node.parent is not None and node.tag != tag:
            node = node.parent
        if node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(response) -> Node:
    assert response.status_code == 200, response.status_code
    if not hasattr(response, "parsed_tree"):
        builder = _TreeBuilder()
        builder.feed(response.content.decode())
        response.parsed_tree = builder.root
    return response.parsed_tree


def main_form(root: Node) -> Node:
    # The page's own form; the navigation bar holds the log-out form.
    return next(node for node in root.iter() if node.tag == "form" and "novalidate" in node.attrs)


def controls(form: Node):
    """Fields a browser submits: those of the form itself, not of <template> rows."""
    for node in form.iter():
        if node.tag in {"input", "select", "textarea"} and "name" in node.attrs:
            ancestor = node.parent
            while ancestor is not form and ancestor.tag != "template":
                ancestor = ancestor.parent
            if ancestor is form:
                yield node


def value_of(control: Node) -> str | None:
    if control.tag == "textarea":
        # HTML drops the newline right after <textarea>; Django writes one there.
        return control.text().removeprefix("\r\n").removeprefix("\n")
    if control.tag == "select":
        options = [node for node in control.iter() if node.tag == "option"]
        chosen = [o for o in options if "selected" in o.attrs] or options[:1]
        return chosen[0].attrs.get("value", chosen[0].text()) if chosen else None
    if control.attrs.get("type") in {"checkbox", "radio"}:
        return control.attrs.get("value", "on") if "checked" in control.attrs else None
    return control.attrs.get("value", "")


def form_data(response) -> dict[str, str | list[str]]:
    """What a browser would post from the page's form, left as it is."""
    data: dict[str, list[str]] = {}
    for control in controls(main_form(parse(response))):
        if control.attrs.get("type") in {"submit", "button"}:
            continue
        value = value_of(control)
        if value is not None:
            data.setdefault(control.attrs["name"], []).append(value)
    return {name: values[0] if len(values) == 1 else values for name, values in data.items()}


def shown_value(response, name: str) -> str | None:
    """The value the re-rendered form shows in the field named name."""
    form = main_form(parse(response))
    control = next(c for c in controls(form) if c.attrs["name"] == name)
    return value_of(control)


def field_error(response, name: str) -> str:
    """The message shown next to the field named name, which must be marked invalid."""
    root = parse(response)
    box = root.find(f"div_id_{name}")
    assert box is not None, f"no field {name} on the page"
    control = next(node for node in box.iter() if node.attrs.get("name") == name)
    assert "is-invalid" in control.classes(), f"{name} is not marked invalid"
    errors = [
        node.text().strip()
        for node in box.iter()
        if node.tag == "p"
        and node.attrs.get("id", "").endswith(f"_id_{name}")
        and node.attrs["id"].startswith("error_")
    ]
    assert errors, f"no message next to {name}"
    return " ".join(errors)


def invalid_fields(response) -> set[str]:
    return {
        node.attrs["name"]
        for node in controls(main_form(parse(response)))
        if "is-invalid" in node.classes()
    }


# --- What is saved -------------------------------------------------------------------------


def saved_state() -> dict[str, list[dict]]:
    """Every domain row and every audit event except reads (page views, searches)."""
    models = [*CASE_CONTENT_MODELS, Case.assigned_to.through, ReferenceSequence]
    state = {model._meta.label: list(model.objects.order_by("pk").values()) for model in models}
    reads = [AuditAction.VIEW, AuditAction.SEARCH, AuditAction.LIST]
    state["audit"] = list(AuditEvent.objects.exclude(action__in=reads).order_by("pk").values())
    return state


# --- The forms -----------------------------------------------------------------------------


@pytest.fixture
def relative(vera_case, vera_volunteer):
    return actions.add_relative(
        case=vera_case,
        by=vera_volunteer,
        fields={"relationship": "mother", "name": "Hanna Tsikhanovich", "location": "Homel"},
    )


@pytest.fixture
def vera(login, vera_volunteer):
    return login(vera_volunteer)


@pytest.fixture
def olga(olga_coordinator):
    # A browser of her own: `login` logs the one test client in.
    client = Client()
    client.force_login(olga_coordinator)
    return client


# Valid values for each form: the tests change one field at a time from these, so that the
# field under test is the only thing wrong with what is posted.
VALID = {
    "intake": {
        "person-full_name": "Ales Tsikhanovich",
        "person-citizenship": "BY",
        "case-host_country": "PL",
        "names-0-text": "Алесь Ціхановіч",
        "names-0-script": "be-Cyrl",
        "names-0-kind": "native",
    },
    "edit": {},
    "risk": {"kind": "arrest_warrant", "severity": "high", "identified_on": "2025-05-10"},
    "remedy": {"kind": "alien_passport", "country": "PL", "applied_on": "2025-03-01"},
    "document": {"kind": "national_passport", "issuing_country": "BY", "issued_on": "2019-01-15"},
    "relative": {"relationship": "mother", "name": "Hanna Tsikhanovich"},
    "pressure_event": {"occurred_on": "2025-04-02", "kind": "visit"},
    "note": {"kind": "contact", "text": "Called on Signal; safe."},
    "close": {"reason": "Granted international protection in Poland."},
}


def url_for(form: str, case: Case, relative: Relative | None = None) -> str:
    if form == "intake":
        return reverse("casework:case_create")
    if form == "edit":
        return reverse("casework:case_edit", args=[case.pk])
    if form == "pressure_event":
        return reverse("casework:pressure_event_create", args=[case.pk, relative.pk])
    if form == "close":
        return reverse("casework:case_close", args=[case.pk])
    slug = {"risk": "risks", "remedy": "remedies", "document": "documents"}.get(form, form + "s")
    return reverse(f"casework:{slug}_new", args=[case.pk])


def submit(client: Client, url: str, form: str, changes: dict):
    """Load the form, fill it with valid values and the changes, and post it."""
    data = form_data(client.get(url))
    data.update(VALID[form])
    data.update(changes)
    return client.post(url, data)


@pytest.fixture
def post_form(vera, olga, vera_case, relative):
    """post_form(form, {field: value}) as the user who may use that form."""

    def _post(form: str, changes: dict):
        client = olga if form == "close" else vera
        return submit(client, url_for(form, vera_case, relative), form, changes)

    return _post


@pytest.mark.parametrize("form", list(VALID))
def test_the_valid_values_are_saved(post_form, form, vera_volunteer, olga_coordinator):
    """The other tests change one field of these: so that field alone is refused."""
    before = saved_state()
    response = post_form(form, {})
    assert response.status_code == 302, invalid_fields(response)
    assert saved_state() != before
    user = olga_coordinator if form == "close" else vera_volunteer
    assert AuditEvent.objects.latest("pk").user == user


def assert_refused(response, before, field: str, typed: str | None = None) -> str:
    """The form came back with a message at field, kept what was typed, and saved nothing."""
    message = field_error(response, field)
    if typed is not None:
        assert shown_value(response, field) == typed
    assert saved_state() == before
    return message


# --- Dates ---------------------------------------------------------------------------------


def tomorrow() -> str:
    return (timezone.localdate() + datetime.timedelta(days=1)).isoformat()


@pytest.mark.parametrize(
    ("form", "field"),
    [
        ("intake", "person-birth_date"),
        ("edit", "person-birth_date"),
        ("intake", "case-consent_recorded_on"),
        ("edit", "case-opened_on"),
        ("risk", "identified_on"),
        ("remedy", "applied_on"),
        ("document", "issued_on"),
        ("pressure_event", "occurred_on"),
    ],
)
def test_date_in_the_future_is_refused(post_form, form, field):
    before = saved_state()
    typed = tomorrow()
    response = post_form(form, {field: typed, "person-full_name": "Ales Tsikhanovich-Typed"})
    assert assert_refused(response, before, field, typed) == FUTURE_MESSAGE
    if form in ("intake", "edit"):
        assert shown_value(response, "person-full_name") == "Ales Tsikhanovich-Typed"


def test_intake_risk_identified_in_the_future_is_refused(post_form):
    before = saved_state()
    response = post_form(
        "intake", {"risks-0-kind": "red_notice", "risks-0-identified_on": tomorrow()}
    )
    assert assert_refused(response, before, "risks-0-identified_on", tomorrow()) == FUTURE_MESSAGE
    assert shown_value(response, "risks-0-kind") == "red_notice"


@pytest.mark.parametrize(
    ("form", "changes", "field", "message"),
    [
        (
            "document",
            {"issued_on": "2020-06-01", "expires_on": "2020-05-31"},
            "expires_on",
            "The expiry date is before the date of issue.",
        ),
        (
            "remedy",
            {"applied_on": "2025-03-01", "decided_on": "2025-02-28"},
            "decided_on",
            "The decision date is before the application date.",
        ),
        (
            "remedy",
            {"applied_on": "2025-03-01", "decision_due_on": "2025-01-01"},
            "decision_due_on",
            "The decision due date is before the application date.",
        ),
        (
            "risk",
            {"identified_on": "2025-05-10", "review_on": "2025-05-09"},
            "review_on",
            "The review date is before the date the risk was identified.",
        ),
    ],
)
def test_dates_out_of_order_are_refused(post_form, form, changes, field, message):
    before = saved_state()
    response = post_form(form, changes)
    assert assert_refused(response, before, field, changes[field]) == message
    for name, value in changes.items():
        assert shown_value(response, name) == value


@pytest.mark.parametrize("typed", ["31/02/2026", "2026-02-30"])
@pytest.mark.parametrize(
    ("form", "field"),
    [
        ("intake", "person-birth_date"),
        ("intake", "case-consent_recorded_on"),
        ("edit", "case-opened_on"),
        ("edit", "person-birth_date"),
        ("risk", "review_on"),
        ("remedy", "decision_due_on"),
        ("document", "expires_on"),
        ("pressure_event", "occurred_on"),
    ],
)
def test_impossible_or_ambiguous_date_is_refused(post_form, form, field, typed):
    before = saved_state()
    response = post_form(form, {field: typed})
    assert assert_refused(response, before, field, typed) == INVALID_DATE


@pytest.mark.parametrize(
    "typed", ["22/11/2025", "11/22/2025", "22.11.2025", "2026-13-01", "0000-01-01", "tomorrow"]
)
def test_dates_only_in_the_unambiguous_form_are_accepted(post_form, typed):
    # 22/11 and 11/22 are read as different days in different countries: only ISO is taken.
    before = saved_state()
    response = post_form("intake", {"person-birth_date": typed})
    assert assert_refused(response, before, "person-birth_date", typed) == INVALID_DATE


# --- Countries -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("form", "field"),
    [
        ("intake", "case-host_country"),
        ("intake", "person-citizenship"),
        ("intake", "person-residence_country"),
        ("edit", "case-host_country"),
        ("edit", "person-citizenship"),
        ("document", "issuing_country"),
        ("remedy", "country"),
    ],
)
def test_unknown_country_code_is_refused(post_form, form, field):
    before = saved_state()
    response = post_form(form, {field: "XX", "person-city": "Vilnius-typed"})
    message = assert_refused(response, before, field)
    assert message == "Select a valid choice. XX is not one of the available choices."
    if form in ("intake", "edit"):
        assert shown_value(response, "person-city") == "Vilnius-typed"


@pytest.mark.parametrize("code", ["by", "BLR", "Belarus", "SU", ""])
def test_country_must_be_an_offered_code(post_form, code):
    before = saved_state()
    response = post_form("intake", {"case-host_country": code})
    message = assert_refused(response, before, "case-host_country")
    expected = f"Select a valid choice. {code} is not one of the available choices."
    assert message == (expected if code else "This field is required.")


# --- Length --------------------------------------------------------------------------------


def hundred_kb(word: str) -> str:
    """Exactly 100 kB of characters: words separated by spaces."""
    text = " ".join([word] * (HUNDRED_KB // len(word)))[:HUNDRED_KB]
    return text.rstrip().ljust(HUNDRED_KB, word[-1])


@pytest.mark.parametrize(
    ("form", "field", "limit"),
    [
        ("intake", "person-full_name", 200),
        ("intake", "names-1-text", 200),
        ("intake", "case-summary", 10_000),
        ("intake", "person-contact", 2000),
        ("edit", "person-full_name", 200),
        ("edit", "names-0-text", 200),
        ("edit", "case-summary", 10_000),
        ("note", "text", 20_000),
        ("risk", "details", 10_000),
        ("risk", "source", 500),
        ("remedy", "notes", 10_000),
        ("document", "number", 50),
        ("relative", "name", 200),
        ("relative", "notes", 10_000),
        ("pressure_event", "details", 10_000),
        ("close", "reason", 2000),
    ],
)
def test_hundred_kilobytes_of_text_is_refused(post_form, form, field, limit):
    before = saved_state()
    typed = hundred_kb("Ціханоўская" if "name" in field or "text" in field else "Lorem")
    changes = {field: typed}
    if field == "names-1-text":
        changes.update({"names-1-script": "be-Cyrl", "names-1-kind": "other"})
    response = post_form(form, changes)
    message = assert_refused(response, before, field, typed)
    assert f"at most {limit} characters" in message


# --- Markup is text ------------------------------------------------------------------------


def assert_shown_escaped(html: str) -> None:
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html
    assert "<b onmouseover" not in html


def has_row(model, **values) -> bool:
    # Compared in Python: encrypted fields (relatives) cannot be filtered on in the database.
    return any(
        all(getattr(row, name) == value for name, value in values.items())
        for row in model.objects.all()
    )


NEW_SPELLING = {"names-3-script": "Latn", "names-3-kind": "other"}


@pytest.mark.parametrize(
    ("form", "changes", "model", "stored"),
    [
        ("edit", {"names-3-text": MARKUP, **NEW_SPELLING}, PersonName, {"text": MARKUP}),
        ("edit", {"person-full_name": MARKUP}, Person, {"full_name": MARKUP}),
        ("edit", {"person-contact": MARKUP}, Person, {"contact": MARKUP}),
        ("edit", {"case-summary": MARKUP}, Case, {"summary": MARKUP}),
        ("note", {"text": MARKUP}, Note, {"text": MARKUP}),
        (
            "risk",
            {"details": MARKUP, "source": SCRIPT},
            Risk,
            {"details": MARKUP, "source": SCRIPT},
        ),
        ("remedy", {"notes": MARKUP, "authority": SCRIPT}, Remedy, {"notes": MARKUP}),
        ("relative", {"name": MARKUP}, Relative, {"name": MARKUP}),
        ("relative", {"location": MARKUP, "notes": MARKUP}, Relative, {"location": MARKUP}),
        ("pressure_event", {"details": MARKUP}, PressureEvent, {"details": MARKUP}),
        ("document", {"number": SCRIPT}, IdentityDocument, {"number": SCRIPT}),
    ],
)
def test_markup_is_stored_as_typed_and_shown_escaped(
    post_form, vera, vera_case, form, changes, model, stored
):
    response = post_form(form, changes)
    assert response.status_code == 302, invalid_fields(response)
    assert has_row(model, **stored)
    page = vera.get(vera_case.get_absolute_url())
    assert_shown_escaped(page.content.decode())


def test_markup_in_a_name_is_escaped_wherever_the_name_is_listed(post_form, vera, vera_case):
    assert post_form("edit", {"person-full_name": MARKUP}).status_code == 302
    pages = [
        reverse("casework:dashboard"),
        reverse("casework:case_list"),
        reverse("casework:case_list") + "?q=Ales",
        reverse("casework:case_edit", args=[vera_case.pk]),
        reverse("casework:notes_new", args=[vera_case.pk]),
    ]
    for url in pages:
        html = vera.get(url).content.decode()
        assert "alert(1)" in html, url
        assert "<script>alert(1)" not in html, url


def test_markup_in_a_refused_form_is_shown_escaped(post_form):
    # The text is refused (too long) and sent back: it must come back as text too.
    response = post_form("edit", {"case-summary": MARKUP * 2000})
    assert "at most" in field_error(response, "case-summary")
    assert shown_value(response, "case-summary") == MARKUP * 2000
    assert_shown_escaped(response.content.decode())


# --- Characters that hide what a text says -------------------------------------------------


@pytest.mark.parametrize(
    ("form", "field", "extra"),
    [
        ("intake", "person-full_name", {}),
        ("intake", "names-1-text", {"names-1-script": "Latn", "names-1-kind": "passport"}),
        ("edit", "person-full_name", {}),
        ("edit", "names-0-text", {"names-0-script": "Latn"}),
        ("relative", "name", {}),
    ],
)
@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (f"Tsikha{ZWSP}nouskaya", INVISIBLE_MESSAGE),
        (f"Sviatlana{ZWSP} Tsikhanouskaya", INVISIBLE_MESSAGE),
        ("Sviatlana\u200dTsikhanouskaya", INVISIBLE_MESSAGE),
        ("Tsikhanouskaya\u00ad", INVISIBLE_MESSAGE),
        (f"Tsikhanouskaya {RLO}ayaksuonahkist", DIRECTION_MESSAGE),
    ],
)
def test_invisible_and_direction_characters_in_a_name_are_refused(
    post_form, form, field, extra, typed, message
):
    before = saved_state()
    response = post_form(form, {field: typed, **extra})
    assert assert_refused(response, before, field, typed) == message


@pytest.mark.parametrize(
    ("form", "field"),
    [
        ("intake", "case-summary"),
        ("intake", "person-contact"),
        ("intake", "person-city"),
        ("edit", "case-summary"),
        ("note", "text"),
        ("risk", "details"),
        ("risk", "source"),
        ("remedy", "notes"),
        ("remedy", "authority"),
        ("document", "number"),
        ("relative", "location"),
        ("relative", "notes"),
        ("pressure_event", "details"),
        ("close", "reason"),
    ],
)
def test_direction_override_is_refused_in_every_text(post_form, form, field):
    before = saved_state()
    typed = f"Attachment: invoice{RLO}fdp.exe"
    response = post_form(form, {field: typed})
    assert assert_refused(response, before, field, typed) == DIRECTION_MESSAGE


@pytest.mark.parametrize(
    ("form", "changes", "field"),
    [
        ("intake", {"person-full_name": f"Ivan{CYRILLIC_O}v Aliaksandr"}, "person-full_name"),
        ("edit", {"person-full_name": f"Ivan{CYRILLIC_O}v Aliaksandr"}, "person-full_name"),
        (
            "intake",
            {
                "names-1-text": f"Ivan{CYRILLIC_O}v",
                "names-1-script": "Latn",
                "names-1-kind": "other",
            },
            "names-1-text",
        ),
        ("edit", {"names-0-text": f"Ivan{CYRILLIC_O}v", "names-0-script": "Latn"}, "names-0-text"),
        (
            "edit",
            {"names-0-text": "Алесь Tsikhanovich", "names-0-script": "be-Cyrl"},
            "names-0-text",
        ),
    ],
)
def test_name_mixing_latin_and_cyrillic_letters_is_refused(post_form, form, changes, field):
    before = saved_state()
    response = post_form(form, changes)
    assert assert_refused(response, before, field, changes[field]) == MIXED_MESSAGE


@pytest.mark.parametrize(
    ("text", "script", "message"),
    [
        ("Алесь Ціхановіч", "Latn", "This spelling is in Cyrillic; choose a Cyrillic script."),
        ("Олесь Тихонович", "Latn", "This spelling is in Cyrillic; choose a Cyrillic script."),
        (
            "Tsikhanouskaya",
            "be-Cyrl",
            "This spelling is in Latin letters; choose the Latin script.",
        ),
        ("Cichanoŭskaja", "ru-Cyrl", "This spelling is in Latin letters; choose the Latin script."),
        ("Ірына Іванова", "ru-Cyrl", BELARUSIAN_LETTERS_MESSAGE),
        ("Сяргей Лаўрук", "ru-Cyrl", BELARUSIAN_LETTERS_MESSAGE),
        ("Ціханоўская", "ru-Cyrl", BELARUSIAN_LETTERS_MESSAGE),
        # ў typed as у plus a combining breve is still ў.
        ("Лау\u0306рук", "ru-Cyrl", BELARUSIAN_LETTERS_MESSAGE),
        (
            "Тихановская",
            "be-Cyrl",
            "И, Щ and Ъ are not Belarusian letters; choose Russian Cyrillic for this spelling.",
        ),
    ],
)
@pytest.mark.parametrize(("form", "row"), [("intake", "1"), ("edit", "3")])
def test_spelling_in_the_wrong_script_is_refused(post_form, form, row, text, script, message):
    before = saved_state()
    fields = {
        f"names-{row}-text": text,
        f"names-{row}-script": script,
        f"names-{row}-kind": "other",
    }
    response = post_form(form, fields)
    assert assert_refused(response, before, f"names-{row}-text", text) == message
    assert shown_value(response, f"names-{row}-script") == script


def test_decomposed_letters_are_stored_composed(post_form):
    decomposed = "Святлана Ціхано\u0443\u0306ская"
    assert unicodedata.normalize("NFC", decomposed) != decomposed
    response = post_form(
        "intake",
        {
            "person-full_name": decomposed,
            "names-0-text": "Ціхано\u0443\u0306ская",
            "names-1-text": "Cichano\u0075\u0306skaja",
            "names-1-script": "Latn",
            "names-1-kind": "other",
            "case-summary": "Спатканне у\u0306 Варшаве",
        },
    )
    assert response.status_code == 302, invalid_fields(response)
    case = Case.objects.latest("pk")
    assert response.url == case.get_absolute_url()
    assert case.person.full_name == "Святлана Ціханоўская"
    texts = set(case.person.names.values_list("text", flat=True))
    assert {"Ціханоўская", "Cichanoŭskaja", "Святлана Ціханоўская"} <= texts
    assert case.summary == "Спатканне ў Варшаве"
    keys = case.person.names.values_list("search_key", flat=True)
    assert all(unicodedata.is_normalized("NFC", key) for key in keys)


# --- Documents -----------------------------------------------------------------------------


BELARUSIAN_RENEWAL_MESSAGE = (
    "Belarusian passports cannot be renewed abroad since the decree of "
    "4 September 2023; untick this box."
)


def test_belarusian_passport_renewable_abroad_is_refused(post_form):
    before = saved_state()
    response = post_form("document", {"renewable_abroad": "on", "number": "MP1234567"})
    message = assert_refused(response, before, "renewable_abroad", "on")
    assert message == BELARUSIAN_RENEWAL_MESSAGE
    assert shown_value(response, "number") == "MP1234567"


def test_ticking_renewable_on_a_saved_belarusian_passport_is_refused(
    vera, vera_case, vera_volunteer
):
    document = actions.add_document(
        case=vera_case,
        by=vera_volunteer,
        fields={"kind": "national_passport", "issuing_country": "BY", "number": "MP1234567"},
    )
    url = reverse("casework:documents_edit", args=[vera_case.pk, document.pk])
    data = form_data(vera.get(url))
    before = saved_state()
    response = vera.post(url, {**data, "renewable_abroad": "on", "number": "MP7654321"})
    assert assert_refused(response, before, "renewable_abroad", "on") == BELARUSIAN_RENEWAL_MESSAGE
    assert shown_value(response, "number") == "MP7654321"


@pytest.mark.parametrize(
    "changes",
    [
        {"kind": "national_passport", "issuing_country": "PL"},
        {"kind": "residence_permit", "issuing_country": "BY"},
    ],
)
def test_other_documents_may_be_renewable_abroad(post_form, vera_case, changes):
    response = post_form("document", {**changes, "renewable_abroad": "on"})
    assert response.status_code == 302, invalid_fields(response)
    assert vera_case.person.documents.get().renewable_abroad is True


# --- Two people editing one case -----------------------------------------------------------


OLGAS_SUMMARY = "Olga: the hearing moved to 3 March; lawyer informed."
VERAS_SUMMARY = "Vera: red notice confirmed by the CCF; see note."


def olgas_edit(case: Case, by) -> None:
    actions.update_case(
        case=case,
        by=by,
        expected_version=case.version,
        case_data={"summary": OLGAS_SUMMARY},
        person_data={"full_name": "Ales Tsikhanovich"},
        names=[{"text": "Алесь Ціхановіч", "script": "be-Cyrl", "kind": "native"}],
    )


def test_stale_edit_form_does_not_overwrite_what_another_user_saved(
    vera, vera_case, olga_coordinator
):
    url = reverse("casework:case_edit", args=[vera_case.pk])
    veras_form = form_data(vera.get(url))
    olgas_edit(Case.objects.get(pk=vera_case.pk), olga_coordinator)
    after_olga = saved_state()

    veras_form.update(
        {
            "case-summary": VERAS_SUMMARY,
            "person-full_name": "Ales Tsikhanovich Jr",
            "names-3-text": "Aleś Cichanovič",
            "names-3-script": "Latn",
            "names-3-kind": "other",
        }
    )
    response = vera.post(url, veras_form)

    assert response.status_code == 200
    assert CONFLICT_MESSAGE in parse(response).text()
    assert saved_state() == after_olga
    vera_case.refresh_from_db()
    assert vera_case.summary == OLGAS_SUMMARY
    assert list(vera_case.person.names.values_list("text", flat=True)) == [
        "Алесь Ціхановіч",
        "Ales Tsikhanovich",
    ]
    assert shown_value(response, "case-summary") == VERAS_SUMMARY
    assert shown_value(response, "person-full_name") == "Ales Tsikhanovich Jr"
    assert shown_value(response, "names-3-text") == "Aleś Cichanovič"


def test_stale_edit_form_after_another_users_form_post(vera, olga, vera_case, olga_coordinator):
    url = reverse("casework:case_edit", args=[vera_case.pk])
    veras_form = form_data(vera.get(url))
    olgas_form = form_data(olga.get(url))
    assert olga.post(url, {**olgas_form, "case-summary": OLGAS_SUMMARY}).status_code == 302

    response = vera.post(url, {**veras_form, "case-summary": VERAS_SUMMARY})

    assert CONFLICT_MESSAGE in parse(response).text()
    assert shown_value(response, "case-summary") == VERAS_SUMMARY
    assert Case.objects.get(pk=vera_case.pk).summary == OLGAS_SUMMARY
    edits = AuditEvent.objects.filter(case=vera_case, action=AuditAction.EDIT)
    assert [event.user for event in edits] == [olga_coordinator]


def test_stale_edit_form_does_not_reopen_a_case_closed_meanwhile(vera, vera_case, olga_coordinator):
    url = reverse("casework:case_edit", args=[vera_case.pk])
    veras_form = form_data(vera.get(url))
    assert veras_form["case-status"] == "intake"
    actions.close_case(
        case=Case.objects.get(pk=vera_case.pk), by=olga_coordinator, reason="Moved to Canada."
    )
    after_closing = saved_state()

    response = vera.post(url, {**veras_form, "case-status": "open", "case-summary": VERAS_SUMMARY})

    # A closed case is read-only: the stale form is refused outright, not merely as a conflict.
    assert response.status_code == 404
    assert saved_state() == after_closing
    assert Case.objects.get(pk=vera_case.pk).is_closed


def test_edit_form_still_saves_after_an_item_was_added_meanwhile(vera, vera_case, olga_coordinator):
    # A new note does not touch the case's own fields, so it is no conflict.
    url = reverse("casework:case_edit", args=[vera_case.pk])
    veras_form = form_data(vera.get(url))
    actions.add_note(
        case=vera_case, by=olga_coordinator, fields={"kind": "contact", "text": "Called."}
    )
    response = vera.post(url, {**veras_form, "case-summary": VERAS_SUMMARY})
    assert response.status_code == 302
    assert Case.objects.get(pk=vera_case.pk).summary == VERAS_SUMMARY


@pytest.mark.parametrize("version", ["", "abc", "-1", "0", "99999999999999999999999"])
def test_tampered_version_is_refused_without_saving(vera, vera_case, version):
    url = reverse("casework:case_edit", args=[vera_case.pk])
    data = form_data(vera.get(url))
    before = saved_state()
    response = vera.post(url, {**data, "case-version": version, "case-summary": VERAS_SUMMARY})
    assert response.status_code == 200
    assert saved_state() == before
    assert shown_value(response, "case-summary") == VERAS_SUMMARY


# --- Changing what is saved ---------------------------------------------------------------


@pytest.fixture
def saved_items(vera_case, vera_volunteer, relative):
    """One saved record of each kind on vera's case, by the slug of its URLs."""

    def add(action, fields, **parent):
        return action(case=vera_case, by=vera_volunteer, fields=fields, **parent)

    return {
        "risks": add(
            actions.add_risk,
            {"kind": "red_notice", "severity": "high", "identified_on": "2025-05-10"},
        ),
        "remedies": add(
            actions.add_remedy,
            {"kind": "alien_passport", "country": "PL", "applied_on": "2025-03-01"},
        ),
        "notes": add(actions.add_note, {"kind": "contact", "text": "Called."}),
        "relatives": relative,
        "pressure_events": add(
            actions.add_pressure_event,
            {"kind": "visit", "occurred_on": "2025-04-02"},
            relative=relative,
        ),
    }


@pytest.mark.parametrize(
    ("slug", "changes", "field", "message"),
    [
        (
            "risks",
            {"review_on": "2025-05-01", "details": "Typed details"},
            "review_on",
            "The review date is before the date the risk was identified.",
        ),
        (
            "remedies",
            {"decided_on": "2025-02-01", "notes": "Typed notes"},
            "decided_on",
            "The decision date is before the application date.",
        ),
        ("notes", {"text": f"Typed {RLO}note"}, "text", DIRECTION_MESSAGE),
        (
            "relatives",
            {"name": f"Hanna{ZWSP} Ts", "notes": "Typed notes"},
            "name",
            INVISIBLE_MESSAGE,
        ),
        (
            "pressure_events",
            {"occurred_on": "2026-02-30", "details": "Typed"},
            "occurred_on",
            INVALID_DATE,
        ),
    ],
)
def test_bad_change_to_a_saved_record_leaves_it_as_it_was(
    vera, vera_case, saved_items, slug, changes, field, message
):
    url = reverse(f"casework:{slug}_edit", args=[vera_case.pk, saved_items[slug].pk])
    data = form_data(vera.get(url))
    before = saved_state()
    response = vera.post(url, {**data, **changes})
    assert assert_refused(response, before, field, changes[field]) == message
    for name, value in changes.items():
        assert shown_value(response, name) == value


@pytest.mark.parametrize(
    "url",
    [
        "/cases/99999999999999999999999/",
        "/cases/99999999999999999999999/edit/",
        "/cases/{case}/risks/99999999999999999999999/edit/",
        "/cases/{case}/relatives/99999999999999999999999/pressure-events/new/",
    ],
)
def test_ids_out_of_range_in_the_address_answer_404(vera, vera_case, url):
    url = url.format(case=vera_case.pk)
    assert vera.get(url).status_code == 404
    assert vera.post(url, {"kind": "visit", "occurred_on": "2025-01-01"}).status_code == 404


# --- Assign, share, close, reopen ----------------------------------------------------------


def test_closing_without_a_reason_is_refused(olga, vera_case):
    url = reverse("casework:case_close", args=[vera_case.pk])
    before = saved_state()
    response = olga.post(url, {"reason": "   "})
    assert assert_refused(response, before, "reason") == "This field is required."
    assert not Case.objects.get(pk=vera_case.pk).is_closed


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "This field is required."),
        (hundred_kb("Lorem"), "Ensure this value has at most 2000 characters (it has 102400)."),
        (f"Back from {RLO}Minsk", DIRECTION_MESSAGE),
        ("Null\x00byte", "Null characters are not allowed."),
    ],
)
def test_reopening_with_a_bad_reason_is_refused(olga, vera_case, olga_coordinator, typed, message):
    actions.close_case(case=vera_case, by=olga_coordinator, reason="No contact for a year.")
    url = reverse("casework:case_reopen", args=[vera_case.pk])
    before = saved_state()
    response = olga.post(url, {"reason": typed})
    shown = typed if "\x00" not in typed else None
    assert assert_refused(response, before, "reason", shown) == message
    assert Case.objects.get(pk=vera_case.pk).is_closed


@pytest.mark.parametrize(
    "who", ["lawyer", "other_office", "missing", "text", "huge", "negative_huge"]
)
def test_assigning_someone_not_offered_is_refused(
    olga, vera_case, vera_volunteer, lev_lawyer, tomas_coordinator, who
):
    stranger = actions.create_user(
        username="stas_volunteer", role="volunteer", office=tomas_coordinator.office, password=None
    )
    value = {
        "lawyer": str(lev_lawyer.pk),
        "other_office": str(stranger.pk),
        "missing": "999999",
        "text": "vera",
        "huge": "99999999999999999999999",
        "negative_huge": "-99999999999999999999999",
    }[who]
    url = reverse("casework:case_assign", args=[vera_case.pk])
    before = saved_state()
    response = olga.post(url, {"volunteers": [str(vera_volunteer.pk), value]})
    message = assert_refused(response, before, "volunteers")
    assert "not" in message and value in message
    assert list(Case.objects.get(pk=vera_case.pk).assigned_to.all()) == [vera_volunteer]


@pytest.mark.parametrize("value", ["vera", "999999", "99999999999999999999999", "1\x00", ""])
def test_sharing_with_someone_not_offered_is_refused(olga, vera_case, lev_lawyer, value):
    url = reverse("casework:case_share", args=[vera_case.pk])
    before = saved_state()
    response = olga.post(url, {"user": value, "include_relatives": "on"})
    assert assert_refused(response, before, "user")
    assert not CaseShare.objects.exists()


def test_sharing_with_a_volunteer_is_refused(olga, vera_case, viktor_volunteer):
    url = reverse("casework:case_share", args=[vera_case.pk])
    before = saved_state()
    response = olga.post(url, {"user": str(viktor_volunteer.pk)})
    message = assert_refused(response, before, "user")
    assert message == "Select a valid choice. That choice is not one of the available choices."


# --- Tampered forms ------------------------------------------------------------------------


TAMPERED = "ManagementForm data is missing or has been tampered with"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"names-TOTAL_FORMS": "abc"}, TAMPERED),
        ({"names-TOTAL_FORMS": "100000"}, "Please submit at most 20 forms."),
        ({"risks-TOTAL_FORMS": "100000"}, "Please submit at most 20 forms."),
        ({"risks-TOTAL_FORMS": ""}, TAMPERED),
        ({"names-0-script": "xx-Klingon"}, "Select a valid choice."),
        ({"names-0-kind": "nickname"}, "Select a valid choice."),
        (
            {"risks-0-kind": "red_notice", "risks-0-severity": "apocalyptic"},
            "Select a valid choice.",
        ),
        ({"person-full_name": "Ales\x00Tsikhanovich"}, "Null characters are not allowed."),
        ({"case-summary": "Null\x00byte"}, "Null characters are not allowed."),
    ],
)
def test_tampered_intake_is_refused_without_saving(vera, changes, message):
    url = reverse("casework:case_create")
    data = {**form_data(vera.get(url)), **VALID["intake"], **changes}
    before = saved_state()
    response = vera.post(url, data)
    text = parse(response).text()
    assert "The case was not saved" in text
    assert message in text
    assert saved_state() == before
    assert shown_value(response, "case-host_country") == "PL"


def test_intake_without_management_forms_is_refused(vera):
    before = saved_state()
    response = vera.post(reverse("casework:case_create"), VALID["intake"])
    assert TAMPERED in parse(response).text()
    assert saved_state() == before
    assert shown_value(response, "person-full_name") == VALID["intake"]["person-full_name"]


# --- What must be accepted -----------------------------------------------------------------


def test_belarusian_russian_and_lacinka_spellings_are_accepted(vera):
    url = reverse("casework:case_create")
    spellings = [
        ("Святлана Ціханоўская", "be-Cyrl", "native"),
        ("ЦІХАНОЎСКАЯ СВЯТЛАНА", "be-Cyrl", "other"),
        ("Śviatłana Cichanoŭskaja", "Latn", "other"),
        ("Светлана Тихановская", "ru-Cyrl", "other"),
        ("Sviatlana Tsikhanouskaya", "Latn", "passport"),
        ("Мар’яна Вераб'ёва-Ўсцінава", "be-Cyrl", "other"),
    ]
    data = {**form_data(vera.get(url)), **VALID["intake"]}
    data.update(
        {
            "person-full_name": "Святлана Ціханоўская",
            "person-city": "Вільня",
            "names-TOTAL_FORMS": str(len(spellings)),
        }
    )
    for row, (text, script, kind) in enumerate(spellings):
        data.update(
            {f"names-{row}-text": text, f"names-{row}-script": script, f"names-{row}-kind": kind}
        )
    response = vera.post(url, data)
    assert response.status_code == 302, invalid_fields(response)
    person = Person.objects.get()
    assert person.full_name == "Святлана Ціханоўская"
    assert set(person.names.values_list("text", flat=True)) == {s[0] for s in spellings}
    page = vera.get(response.url).content.decode()
    for text, _script, _kind in spellings:
        assert text.replace("'", "&#x27;") in page


@pytest.mark.parametrize(
    "text",
    [
        "Called her on Signal 📞, she is safe 👍🏽",
        "Family 👨‍👩‍👧 left Minsk; 🇧🇾 → 🇵🇱",
        "Ўсё добра. Іна перадала дакументы. Łacinka: Ŭsio dobra.",
    ],
)
def test_emoji_and_belarusian_letters_in_a_note_are_accepted(post_form, vera, vera_case, text):
    response = post_form("note", {"text": text})
    assert response.status_code == 302, invalid_fields(response)
    assert Note.objects.get().text == text
    assert text in vera.get(vera_case.get_absolute_url()).content.decode()


def test_conflict_shows_what_was_saved_meanwhile_and_a_second_save_is_deliberate(
    vera, vera_case, olga_coordinator
):
    url = reverse("casework:case_edit", args=[vera_case.pk])
    veras_form = form_data(vera.get(url))
    olgas_edit(Case.objects.get(pk=vera_case.pk), olga_coordinator)

    response = vera.post(url, {**veras_form, "case-summary": VERAS_SUMMARY})
    page = parse(response)
    assert "Saved meanwhile by someone else" in page.text()
    assert OLGAS_SUMMARY in page.text()
    assert Case.objects.get(pk=vera_case.pk).summary == OLGAS_SUMMARY

    # Having seen Olga's version, Vera saves the form as shown again: now it is saved.
    second = vera.post(url, form_data(response))
    assert second.status_code == 302
    assert Case.objects.get(pk=vera_case.pk).summary == VERAS_SUMMARY
