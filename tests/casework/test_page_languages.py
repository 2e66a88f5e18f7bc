"""The page walk of issue 12: every page, in each UI language, holds no English left.

Each page of the access table (tests/casework/test_access.py) is fetched in Belarusian,
Russian, Polish and Lithuanian by a user who may see it: the GET, then an empty POST, which
shows a form's errors; then the admin pages of the app's own models. The visible text and the
attributes a user reads (title, aria-label, placeholder, alt, value of buttons) must hold no
msgid of the catalogues in English: no string left untranslated, none shown outside its
`translate`. In Belarusian and Russian, which are written in Cyrillic, a run of English words
that is no catalogue's msgid (a string never marked for translation) fails too, unless it is
data the test itself typed.
"""

from __future__ import annotations

import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from casework.models import User
from tests.casework.test_access import (  # noqa: F401 (fixtures)
    CASE_URL_NAMES,
    EXPECTED,
    PAGE_URL_NAMES,
    PAGES,
    extras,
    page_url,
    world,
)

ROOT = Path(__file__).resolve().parents[2]
UI_LANGUAGES = ["be", "ru", "pl", "lt"]
# Who fetches a page: the first of these the access table lets in.
READERS = ["olga", "vera", "lev", "tomas", "viktor", "lena", "ada"]
# What the test types in Latin letters (tests/factories.py, test_access.add_records), and
# words that stay as they are in every language.
TYPED = {
    "Ales Tsikhanovich",
    "Test Office Warsaw",
    "Test Office Vilnius",
    "Halina Radkevich",
    "Hanna Kavalionak",
    "Siarhei Marozau",
    "Book the appointment",
    "Waiting for the lawyer.",
    "KGB visit",
    "Apply in person.",
    "Called.",
    "Access table",
    "Fictional test case.",
    "Asylum, for PL-2026-0001",
    "Exile casework",
    "Test Person 1",
    "https://example.org/asylum",
    "mother",
    "Hrodna",
    "Gone.",
    "Decision",
    "Mother's summons",
    # The test users' first names and usernames.
    *(name.title() for name in ["vera", "viktor", "olga", "tomas", "lev", "lena", "ada"]),
    *(f"{name}_{role}" for name, role in [("vera", "volunteer"), ("olga", "coordinator")]),
}
# Names of things that have no other name.
PROPER_NAMES = {"Google Authenticator", "Apple Calendar", "Google Calendar"}
ATTRIBUTES = {"title", "aria-label", "placeholder", "alt"}
# A single word in Latin letters on a Cyrillic page: English never marked for translation,
# unless it is one of these (abbreviations, time zones, names of things).
ENGLISH_WORD = re.compile(r"\b[A-Za-z]{3,}\b")
LATIN_WORDS = {
    "PDF",
    "SHA",
    "JPEG",
    "PNG",
    "HEIC",
    "CSV",
    "UTC",
    "CET",
    "CEST",
    "EET",
    "EEST",
    "CCF",
    "ZIP",
    "Thunderbird",
    "Outlook",
    "Aegis",
    "FreeOTP",
    "Django",
    "GET",
    "POST",
    "HTTP",
    "Accept",
    "Latn",
    "Axes",
    # Time zones are IANA names; the print form's example names a lawyer.
    "Europe",
    "Warsaw",
    "Vilnius",
    "Nowak",
    # Django's own admin writes alt="True" / "False" on its yes/no icons.
    "True",
    "False",
}
ENGLISH_RUN = re.compile(r"\b[A-Za-z][a-z]+(?:[ '’-]+[A-Za-z][a-z]+){1,}\b")


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class Text(HTMLParser):
    """The text nodes of a page and the attribute values a reader meets. What an element
    marks translate="no" (a record of the audit log, kept as it was written) or as another
    language (each language's own name in the language menu) is left out."""

    def __init__(self, language: str):
        super().__init__(convert_charrefs=True)
        self.language = language
        self.found: list[str] = []
        self._open: list[bool] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        skip = (
            tag in {"script", "style", "template"}
            or values.get("translate") == "no"
            or values.get("lang", self.language) != self.language
        )
        if tag not in VOID:
            self._open.append(skip)
        if any(self._open):
            return
        for name, value in attrs:
            button = tag == "input" and values.get("type") in {"submit", "button", "reset"}
            if value and (name in ATTRIBUTES or (button and name == "value")):
                self.found.append(value)

    def handle_endtag(self, tag):
        if tag not in VOID and self._open:
            self._open.pop()

    def handle_data(self, data):
        text = " ".join(data.split())
        if text and not any(self._open):
            self.found.append(text)


def texts(html: str, language: str) -> list[str]:
    parser = Text(language)
    parser.feed(html)
    return parser.found


@cache
def leftovers(language: str) -> tuple[frozenset[str], tuple[re.Pattern, ...]]:
    """The English msgids whose translation differs: plain ones, and those with placeholders
    as patterns."""
    po = polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.po"))
    plain, patterns = set(), []
    for entry in po:
        translated = entry.msgstr or next(iter(entry.msgstr_plural.values()), "")
        for msgid in filter(None, [entry.msgid, entry.msgid_plural]):
            if not translated or translated == msgid:
                continue
            if "%" in msgid:
                literal = re.split(r"%\(\w+\)[sd]|%[sd]", msgid)
                if sum(len(part.strip()) for part in literal) >= 8:
                    patterns.append(
                        re.compile(".+?".join(re.escape(part) for part in literal), re.S)
                    )
            elif not re.fullmatch(r"[\W\d]*", msgid) and "<" not in msgid:
                plain.add(" ".join(msgid.split()))
    return frozenset(plain), tuple(patterns)


def english_in(language: str, found: list[str]) -> list[str]:
    plain, patterns = leftovers(language)
    wrong = []
    for text in found:
        if text in TYPED:
            continue
        whole = text in plain or any(p.fullmatch(text) for p in patterns)
        inside = len(text.split()) >= 4 and any(m in text for m in plain if " " in m)
        if whole or inside:
            wrong.append(text)
        elif language in {"be", "ru"}:
            runs = [
                run
                for run in ENGLISH_RUN.findall(text)
                if run not in PROPER_NAMES and not any(run in t for t in TYPED)
            ] + [
                word
                for word in ENGLISH_WORD.findall(text)
                if word not in LATIN_WORDS
                and not any(word in t for t in TYPED)
                and not any(word in name for name in PROPER_NAMES)
            ]
            if runs:
                wrong.append(text)
    return wrong


def report(problems: dict[str, list[str]]) -> str:
    return "English left:\n" + "\n".join(f"{page}: {texts}" for page, texts in problems.items())


def reader(cast, allowed) -> User | None:
    for name in READERS:
        if name in allowed:
            return cast.users[name]
    return None


def fetch(client, user, url: str, language: str, method: str = "get"):
    client.logout()
    client.cookies["django_language"] = language
    if user is not None:
        User.objects.filter(pk=user.pk).update(language=language)
        client.force_login(user)
    return getattr(client, method)(url)


def check(response, language: str, label: str, problems: dict) -> None:
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return
    problems.setdefault("checked", []).append(label)
    html = response.content.decode()
    # A fragment (htmx) has no <html> of its own.
    assert "<html" not in html or f'<html lang="{language}"' in html, label
    wrong = english_in(language, texts(html, language))
    if wrong:
        problems[label] = wrong


def without_count(problems: dict[str, list[str]], at_least: int) -> dict[str, list[str]]:
    """The problems found, once the walk has shown it read at least that many pages."""
    checked = problems.pop("checked", [])
    assert len(checked) >= at_least, checked
    return problems


@pytest.mark.parametrize("language", UI_LANGUAGES)
def test_every_page_is_in_the_language_chosen(client, world, extras, language):  # noqa: F811
    problems: dict[str, list[str]] = {}
    # A page that does not exist.
    check_404 = fetch(client, world.users["olga"], "/cases/999999/", language)
    assert check_404.status_code == 404
    if wrong := english_in(language, texts(check_404.content.decode(), language)):
        problems["404"] = wrong
    # The pages of one case: GET, then an empty POST (a form's errors).
    for name in CASE_URL_NAMES:
        access = EXPECTED[name]
        if access.post_only or access.closed_case:
            continue
        user = reader(world, access.allowed)
        url = world.url(name)
        check(fetch(client, user, url, language), language, f"GET {url}", problems)
    for name in CASE_URL_NAMES:
        access = EXPECTED[name]
        if access.post_only or access.closed_case or name.endswith("_delete"):
            continue
        user = reader(world, access.allowed)
        url = world.url(name)
        response = fetch(client, user, url, language, "post")
        check(response, language, f"POST {url}", problems)
    # The other pages, as each role that reaches them.
    for name in PAGE_URL_NAMES:
        url = page_url(name, extras)
        for method in ["get", "post"]:
            answers = getattr(PAGES[name], method)
            users = [u for u in ["anon", *READERS] if answers.get(u) == 200]
            for username in users[:2]:
                user = None if username == "anon" else world.users[username]
                response = fetch(client, user, url, language, method)
                check(response, language, f"{method.upper()} {url} as {username}", problems)
    assert without_count(problems, 80) == {}, report(problems)


@pytest.mark.parametrize("language", UI_LANGUAGES)
def test_admin_pages_of_the_apps_models_are_in_the_language_chosen(
    client,
    world,  # noqa: F811
    language,
):
    ada = world.users["ada"]
    problems: dict[str, list[str]] = {}
    models = [
        model for model in admin.site._registry if model._meta.app_label in {"casework", "docs_app"}
    ]
    assert models
    for model in models:
        info = f"{model._meta.app_label}_{model._meta.model_name}"
        urls = [reverse(f"admin:{info}_changelist")]
        first = model._default_manager.first()
        if first is not None:
            urls.append(reverse(f"admin:{info}_change", args=[first.pk]))
        for url in urls:
            check(fetch(client, ada, url, language), language, f"GET {url}", problems)
        request = RequestFactory().get("/admin/")
        request.user = ada
        if not admin.site._registry[model].has_add_permission(request):
            continue
        add = reverse(f"admin:{info}_add")
        for method in ["get", "post"]:
            response = fetch(client, ada, add, language, method)
            check(response, language, f"{method.upper()} {add}", problems)
    # Each model's list and first record, and the add page of those that have one (users are
    # added on the Accounts pages, not here).
    assert without_count(problems, 13) == {}, report(problems)
