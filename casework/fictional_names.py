"""Fictional Belarusian names, each in the three spellings a caseworker meets: Belarusian
Cyrillic, Russian Cyrillic and the Latin of a Belarusian passport.

The given names are common ones; the surnames are put together from parts (stem, middle,
ending, with the feminine endings Belarusian has), so they are combinations, not names taken
from real people. The benchmark (bench/generate.py) fills its scratch database with such
people, and the name-search tests use them as the background of a real office. Changing the
tables changes the benchmark's data: raise GENERATOR_VERSION in bench/generate.py with them.
"""

from __future__ import annotations

import random

from casework.models import Script

# Given names: (Belarusian, Russian, Latin as in a Belarusian passport, feminine).
GIVEN_NAMES = [
    ("Аляксандр", "Александр", "Aliaksandr", False),
    ("Сяргей", "Сергей", "Siarhei", False),
    ("Андрэй", "Андрей", "Andrei", False),
    ("Дзмітрый", "Дмитрий", "Dzmitry", False),
    ("Павел", "Павел", "Pavel", False),
    ("Ігар", "Игорь", "Ihar", False),
    ("Уладзімір", "Владимир", "Uladzimir", False),
    ("Міхаіл", "Михаил", "Mikhail", False),
    ("Віктар", "Виктор", "Viktar", False),
    ("Раман", "Роман", "Raman", False),
    ("Святлана", "Светлана", "Sviatlana", True),
    ("Ганна", "Анна", "Hanna", True),
    ("Вольга", "Ольга", "Volha", True),
    ("Наталля", "Наталья", "Natallia", True),
    ("Юлія", "Юлия", "Yulia", True),
    ("Марыя", "Мария", "Maryia", True),
    ("Кацярына", "Екатерина", "Katsiaryna", True),
    ("Таццяна", "Татьяна", "Tatsiana", True),
    ("Алена", "Елена", "Alena", True),
    ("Ірына", "Ирина", "Iryna", True),
]
# Surnames are made of three invented parts: (Belarusian, Russian, Latin).
SURNAME_STEMS = [
    ("Бар", "Бор", "Bar"),
    ("Вял", "Вел", "Vial"),
    ("Гар", "Гор", "Har"),
    ("Дал", "Дол", "Dal"),
    ("Жур", "Жур", "Zhur"),
    ("Зав", "Зав", "Zav"),
    ("Кал", "Кол", "Kal"),
    ("Ляс", "Лес", "Lias"),
    ("Мар", "Мор", "Mar"),
    ("Нав", "Нов", "Nav"),
    ("Пал", "Пол", "Pal"),
    ("Рад", "Род", "Rad"),
    ("Сав", "Сав", "Sav"),
    ("Таў", "Тов", "Tau"),
    ("Хар", "Хор", "Khar"),
    ("Чар", "Чер", "Char"),
    ("Шаў", "Шов", "Shau"),
    ("Руд", "Руд", "Rud"),
    ("Вір", "Вир", "Vir"),
    ("Бял", "Бел", "Bial"),
    ("Сяр", "Сер", "Siar"),
]
SURNAME_MIDDLES = [
    ("ан", "ан", "an"),
    ("ін", "ин", "in"),
    ("ыл", "ыл", "yl"),
    ("ач", "ач", "ach"),
    ("ут", "ут", "ut"),
    ("ец", "ец", "iets"),
    ("ям", "ям", "iam"),
    ("", "", ""),
]
# Endings: masculine form, feminine form.
SURNAME_ENDINGS = [
    (("овіч", "ович", "ovich"), ("овіч", "ович", "ovich")),
    (("енка", "енко", "enka"), ("енка", "енко", "enka")),
    (("ук", "ук", "uk"), ("ук", "ук", "uk")),
    (("ёнак", "ёнок", "ionak"), ("ёнак", "ёнок", "ionak")),
    (("евіч", "евич", "evich"), ("евіч", "евич", "evich")),
    (("скі", "ский", "ski"), ("ская", "ская", "skaya")),
    (("аў", "ов", "au"), ("ава", "ова", "ava")),
]


def fictional_name(rng: random.Random) -> dict[str, str]:
    """One invented person's name, {script: "Given Surname"}, drawn with `rng`."""
    be_given, ru_given, latin_given, feminine = rng.choice(GIVEN_NAMES)
    stem, middle = rng.choice(SURNAME_STEMS), rng.choice(SURNAME_MIDDLES)
    ending = rng.choice(SURNAME_ENDINGS)[1 if feminine else 0]
    be, ru, latin = (stem[i] + middle[i] + ending[i] for i in range(3))
    # A stem ending in ў (Таў) before a vowel is written в in Belarusian.
    be = be.replace("ўа", "ва").replace("ўе", "ве").replace("ўі", "ві").replace("ўы", "вы")
    be = be.replace("ўё", "вё").replace("ўя", "вя").replace("ўу", "ву")
    return {
        Script.BELARUSIAN_CYRILLIC: f"{be_given} {be}",
        Script.RUSSIAN_CYRILLIC: f"{ru_given} {ru}",
        Script.LATIN: f"{latin_given} {latin.capitalize()}",
    }
