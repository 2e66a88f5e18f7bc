"""The translation catalogues (issue 12): complete, not fuzzy, placeholders kept, and not
behind the code: a string added to a template or to Python without being collected into the
catalogues fails here, so CI fails before a page shows it in English."""

from __future__ import annotations

import gettext
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ["be", "ru", "pl", "lt", "de"]
# What a translation must carry over from its msgid: Python placeholders (named or not),
# blocktranslate's variables (collected as %(name)s) and HTML tags.
PLACEHOLDER = re.compile(r"%\([a-zA-Z_]+\)[sd]|%[sd]|<[^>]+>")


# Third-party strings their packages leave untranslated (locale_extra/make_catalogues.py).
EXTRA = sorted((ROOT / "locale_extra").glob("*/LC_MESSAGES/django.po"))


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.po"))


def catalogue_paths() -> list[Path]:
    return [ROOT / "locale" / lang / "LC_MESSAGES" / "django.po" for lang in LANGUAGES] + EXTRA


def entry_name(entry: polib.POEntry) -> str:
    return f"{entry.msgctxt}|{entry.msgid}" if entry.msgctxt else entry.msgid


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_is_translated_and_none_is_fuzzy(language):
    po = catalogue(language)
    assert len(po) > 500
    assert [entry_name(e) for e in po.untranslated_entries()] == []
    assert [entry_name(e) for e in po.fuzzy_entries()] == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_plural_entries_have_every_form_the_language_has(language):
    po = catalogue(language)
    forms = int(re.search(r"nplurals=(\d)", po.metadata["Plural-Forms"]).group(1))
    assert forms == {"be": 4, "ru": 4, "pl": 4, "lt": 4, "de": 2}[language]
    plurals = [e for e in po if e.msgid_plural]
    assert plurals
    for entry in plurals:
        assert sorted(entry.msgstr_plural) == list(range(forms)), entry_name(entry)
        assert all(entry.msgstr_plural.values()), entry_name(entry)


@pytest.mark.parametrize("path", catalogue_paths(), ids=lambda path: str(path.relative_to(ROOT)))
def test_translations_keep_the_placeholders_of_their_msgid(path):
    wrong = []
    po = polib.pofile(str(path))
    # The forms used for one alone ("1 day", never 21): those may say "one" in words.
    rule = po.metadata.get("Plural-Forms", "plural=(n != 1);").split("plural=")[1]
    plural = gettext.c2py(rule.strip().rstrip(";"))
    forms_of = {form: {n for n in range(1000) if plural(n) == form} for form in range(6)}
    for entry in po:
        if entry.msgid_plural:
            wanted = set(PLACEHOLDER.findall(entry.msgid_plural)) | set(
                PLACEHOLDER.findall(entry.msgid)
            )
            for form, text in entry.msgstr_plural.items():
                found = set(PLACEHOLDER.findall(text))
                needed = (
                    set() if forms_of[form] == {1} else set(PLACEHOLDER.findall(entry.msgid_plural))
                )
                if not found <= wanted or not needed <= found:
                    wrong.append((entry_name(entry), text))
        elif Counter(PLACEHOLDER.findall(entry.msgid)) != Counter(
            PLACEHOLDER.findall(entry.msgstr)
        ):
            wrong.append((entry_name(entry), entry.msgstr))
    assert wrong == []


@pytest.mark.parametrize("path", catalogue_paths(), ids=lambda path: str(path.relative_to(ROOT)))
def test_msgfmt_accepts_the_catalogue(path):
    result = subprocess.run(  # noqa: S603 - gettext's msgfmt on the committed catalogue
        ["/usr/bin/msgfmt", "--check", "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_makemessages_would_add_nothing(tmp_path):
    """`make messages-update` on a copy of the tree collects no entry that the committed
    catalogues lack."""
    copy = tmp_path / "tree"
    ignore = shutil.ignore_patterns("__pycache__", "*.mo", "*.pyc")
    for name in ["casework", "docs_app", "config", "templates", "locale"]:
        shutil.copytree(ROOT / name, copy / name, ignore=ignore)
    for name in ["manage.py", "Makefile"]:
        shutil.copy(ROOT / name, copy / name)
    result = subprocess.run(  # noqa: S603 - the Makefile's own target, on a copy of the tree
        ["/usr/bin/make", "-s", "messages-update", f"VPY={sys.executable}"],
        cwd=copy,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    for language in LANGUAGES:
        committed = {entry_name(e) for e in catalogue(language)}
        collected = polib.pofile(str(copy / "locale" / language / "LC_MESSAGES" / "django.po"))
        missing = sorted({entry_name(e) for e in collected} - committed)
        assert missing == [], f"{language}: run `make messages-update` and translate {missing}"


def test_every_country_has_a_belarusian_name():
    """django-countries ships no Belarusian: locale_extra carries it, for every country."""
    from django.utils import translation
    from django_countries.data import COUNTRIES

    with translation.override("be"):
        untranslated = [
            code
            for code, name in COUNTRIES.items()
            if not any("\u0400" <= letter <= "\u04ff" for letter in str(name))
        ]
        assert untranslated == []
        assert str(COUNTRIES["PL"]) == "Польшча"
