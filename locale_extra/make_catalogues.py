"""Writes the catalogues of third-party strings that their packages do not translate:

- country names django-countries does not translate (all of them in `be`, which it does not
  ship; a few newer names such as "Türkiye" in `pl`, `lt`, `de`), taken from the iso-codes
  translations that pycountry carries (a dev dependency);
- `be`, `lt`: the strings of django-axes that the admin's "Access attempts" pages show
  (django-axes ships neither language), translated here;
- `be`, `ru`, `pl`, `lt`: the name of django-tasks-db's task results in the admin.

Run it after upgrading one of those libraries, then commit what it wrote:

    .venv/bin/python locale_extra/make_catalogues.py

settings.LOCALE_PATHS lists locale_extra after locale/, and make compiles both."""

from __future__ import annotations

import gettext
import os
import sys
from pathlib import Path

import django
import polib
from polib import POEntry

HERE = Path(__file__).resolve().parent

AXES = {
    "access attempt": {"be": "спроба ўваходу", "lt": "prisijungimo bandymas"},
    "access attempts": {"be": "спробы ўваходу", "lt": "prisijungimo bandymai"},
    "access failure": {"be": "няўдалы ўваход", "lt": "nesėkmingas prisijungimas"},
    "access failures": {"be": "няўдалыя ўваходы", "lt": "nesėkmingi prisijungimai"},
    "access log": {"be": "запіс уваходу", "lt": "prisijungimo įrašas"},
    "access logs": {"be": "запісы ўваходаў", "lt": "prisijungimų įrašai"},
    "Access lock out": {"be": "Блакаванне доступу", "lt": "Prieigos užblokavimas"},
    "Account locked: too many login attempts. Please try again later.": {
        "be": "Уліковы запіс заблакаваны: зашмат спроб уваходу. Паспрабуйце пазней.",
        "lt": "Paskyra užblokuota: per daug bandymų prisijungti. Bandykite vėliau.",
    },
    "Attempt Time": {"be": "Час спробы", "lt": "Bandymo laikas"},
    "Failed Logins": {"be": "Няўдалыя ўваходы", "lt": "Nesėkmingi prisijungimai"},
    "Form Data": {"be": "Даныя формы", "lt": "Formos duomenys"},
    "GET Data": {"be": "Даныя GET", "lt": "GET duomenys"},
    "HTTP Accept": {"be": "HTTP Accept", "lt": "HTTP Accept"},
    "IP Address": {"be": "IP-адрас", "lt": "IP adresas"},
    "Logout Time": {"be": "Час выхаду", "lt": "Atsijungimo laikas"},
    "Meta Data": {"be": "Метаданыя", "lt": "Metaduomenys"},
    "POST Data": {"be": "Даныя POST", "lt": "POST duomenys"},
    "Path": {"be": "Шлях", "lt": "Kelias"},
    "User Agent": {"be": "Браўзер (User Agent)", "lt": "Naršyklė (User Agent)"},
    "Username": {"be": "Імя карыстальніка", "lt": "Naudotojo vardas"},
}


TASKS = {
    "Task Result": {
        "be": "вынік задачы",
        "ru": "результат задачи",
        "pl": "wynik zadania",
        "lt": "užduoties rezultatas",
    },
    "Task Results": {
        "be": "Вынікі задач",
        "ru": "Результаты задач",
        "pl": "Wyniki zadań",
        "lt": "Užduočių rezultatai",
    },
}


def catalogue(language: str) -> polib.POFile:
    po = polib.POFile(wrapwidth=100)
    po.metadata = {
        "Project-Id-Version": "exile-casework third-party strings",
        "Language": language,
        "PO-Revision-Date": "2026-12-02 00:00+0000",
        "Last-Translator": "Exile casework translators",
        "Language-Team": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    return po


def country_names(po: polib.POFile, language: str) -> None:
    import django_countries
    import pycountry
    from django.utils import translation
    from django_countries.data import COUNTRIES

    iso = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
    theirs = gettext.translation(
        "django",
        str(Path(django_countries.__file__).parent / "locale"),
        languages=[language],
        fallback=True,
    )
    with translation.override(None):
        english_names = {code: str(name) for code, name in COUNTRIES.items()}
    for code, english in english_names.items():
        if theirs.gettext(english) != english:
            continue
        country = pycountry.countries.get(alpha_2=code)
        # The short name, never the official one ("Republika Albanii").
        candidates = [getattr(country, "common_name", None), country.name]
        translated = next(
            (iso.gettext(name) for name in candidates if name and iso.gettext(name) != name),
            None,
        )
        if translated is None:  # written the same in that language
            continue
        po.append(polib.POEntry(msgid=english, msgstr=translated, tcomment=f"country {code}"))


def main() -> None:
    sys.path.insert(0, str(HERE.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "1")
    django.setup()
    for language in ["be", "ru", "pl", "lt", "de"]:
        po = catalogue(language)
        country_names(po, language)
        if language in {"be", "lt"}:
            for msgid, translations in AXES.items():
                po.append(POEntry(msgid=msgid, msgstr=translations[language], tcomment="axes"))
        if language in TASKS["Task Result"]:
            for msgid, translations in TASKS.items():
                po.append(POEntry(msgid=msgid, msgstr=translations[language], tcomment="tasks"))
        target = HERE / language / "LC_MESSAGES" / "django.po"
        target.parent.mkdir(parents=True, exist_ok=True)
        po.save(str(target))
        print(f"wrote {target} ({len(po)} entries)")


if __name__ == "__main__":
    main()
