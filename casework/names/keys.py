"""Folding a name to ASCII forms in which its spellings agree, and the keys derived from them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from anyascii import anyascii

from casework.names.given_names import GIVEN_NAME_GROUPS
from casework.names.text import normalize

# Finding a person whichever way their name is written (DESIGN.md section 7):
#
# A word is folded to a "fine" ASCII form in which the spellings of one name in Belarusian or
# Russian Cyrillic and in the usual romanisations agree: the letters that the systems write
# differently become one (х/kh/h/ch, ц/ts/c/tz, ч/ch/tch/tsch/cz/č, ў/u/w/v, и/і/ы/y/j...),
# softness and glides are dropped (я/ia/ya/ja, е/ie/ye/je, ь), doubled letters collapse and
# Belarusian tsekanne (ці/дзі) is undone. A Latin word can be ambiguous ("ch" is х in Łacinka
# and German, ч in English, ш in French), so it folds to a few variants. A word's index key
# (word_key) then also merges all vowels (akanne: Калеснікава/Колесникова), and is what the
# index is looked up by; the fine forms are what candidates are ranked by.

# Upper-case letters stand for one sound written with several letters: Z ж, S ш/щ, C ч.
CYRILLIC_FOLD = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "ё": "io",
    "є": "ie", "ж": "Z", "з": "z", "и": "i", "і": "i", "ї": "i", "й": "i", "к": "k",
    "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ў": "v", "ф": "f", "х": "h", "ц": "c", "ч": "C", "ш": "S", "щ": "S",
    "ъ": "", "ы": "i", "ь": "", "э": "e", "ю": "iu", "я": "ia",
}  # fmt: skip
# Latin letters with diacritics that the romanisations use (Łacinka, Czech, Polish, ISO 9).
LATIN_FOLD = {
    "č": "C", "ć": "c", "š": "S", "ś": "s", "ŝ": "S", "ž": "Z", "ż": "Z", "ź": "z",
    "ŭ": "v", "ł": "l", "ń": "n", "ĺ": "l", "ë": "io", "è": "e", "é": "e", "ê": "e",
}  # fmt: skip
# Multi-letter spellings of one sound, longest first. A list holds the possible readings.
LATIN_GROUPS: list[tuple[str, list[str]]] = [
    ("schtsch", ["S"]),
    ("shtch", ["S"]),
    ("chtch", ["S"]),
    ("shch", ["S"]),
    ("tsch", ["C"]),
    ("sch", ["S"]),
    ("tch", ["C"]),
    ("dzh", ["dZ"]),
    ("kh", ["h"]),
    ("zh", ["Z"]),
    ("sh", ["S"]),
    ("sz", ["S"]),
    ("cz", ["C"]),
    ("ch", ["h", "C", "S"]),
    ("ts", ["c"]),
    ("tz", ["c"]),
    ("ck", ["k", "ck"]),  # k (Zhukov as Schuckow), or Łacinka цк (Mackievič)
    ("ph", ["f"]),
    ("th", ["t"]),
    ("x", ["ks"]),
    ("w", ["v"]),
    ("q", ["k"]),
    ("g", ["h"]),
    ("y", ["i"]),
    ("j", ["i"]),
]
VOWELS = "aeiou"
MAX_VARIANTS = 8
TOKEN_SPLIT = re.compile(r"[^\w]+|_")
GLIDE = re.compile(r"i(?=[aeou])")
DOUBLED = re.compile(r"(.)\1+")
VOWEL_RUN = re.compile(r"[aeiou]+")


def name_words(text: str) -> list[str]:
    """The words of a name, lower case; hyphens, dots and apostrophes separate or vanish."""
    text = normalize(text).casefold()
    text = re.sub(r"['’ʼ`´]", "", text)
    return [word for word in TOKEN_SPLIT.split(text) if word]


def _latin_variants(word: str) -> list[str]:
    """Readings of an ASCII-ish word, each in the fine alphabet (before the final rules)."""
    readings = [""]
    i = 0
    while i < len(word):
        sounds, i = _latin_sounds(word, i)
        readings = [r + s for r in readings for s in sounds][:MAX_VARIANTS]
    return readings


def _latin_sounds(word: str, i: int) -> tuple[list[str], int]:
    """The possible sounds of the letters at word[i:], and where the next letters start."""
    for spelling, sounds in LATIN_GROUPS:
        if word.startswith(spelling, i):
            end = i + len(spelling)
            if spelling == "ch" and end == len(word):
                return ["h", "C"], end  # a final ch is never ш
            if spelling == "j" and i == 0 and word[1:2] in tuple(VOWELS):
                return ["i", "Z"], end  # French Jouravlev: ж
            return sounds, end
    ch, prev = word[i], word[i - 1] if i else ""
    nxt = word[i + 1] if i + 1 < len(word) else ""
    if ch == "c" and nxt and nxt not in VOWELS and nxt not in "hz":
        return ["k", "c"], i + 1  # k in Victor, ц in Łacinka Mackievič
    if ch == "u" and prev and prev in "aeo" and (not nxt or nxt not in VOWELS):
        # Belarusian ў after a vowel (Tsikhanouskaya); French "ou" is a plain u.
        return (["v", "u"] if prev == "o" else ["v"]), i + 1
    return [ch], i + 1


def _finish(reading: str) -> str:
    # Belarusian шч is Russian щ.
    reading = DOUBLED.sub(r"\1", reading).replace("SC", "S")
    # Tsekanne: Belarusian ці, дзі, ця... are Russian ти, ди, тя.
    reading = re.sub(r"dz(?=[ie])", "d", reading)
    reading = re.sub(r"c(?=[ie])", "t", reading)
    reading = GLIDE.sub("", reading)
    return DOUBLED.sub(r"\1", reading)


def fold_word(word: str) -> list[str]:
    """The fine forms of one word (see above): one for Cyrillic, a few for an ambiguous Latin."""
    return list(_fold_word(word))


@lru_cache(maxsize=50_000)
def _fold_word(word: str) -> tuple[str, ...]:
    # Names repeat (given names above all): bulk key derivation folds each word once.
    if not word:
        return ()
    has_cyrillic = any(ch in CYRILLIC_FOLD for ch in word)
    text = "".join(CYRILLIC_FOLD.get(ch, ch) for ch in word) if has_cyrillic else word
    text = "".join(LATIN_FOLD.get(ch, ch) for ch in text)
    # Whatever is left (other diacritics, other scripts) becomes plain ASCII.
    text = "".join(ch if ch in "ZSC" else anyascii(ch).lower() for ch in text)
    text = re.sub(r"[^a-zZSC]", "", text)
    if not text:
        return ()
    readings = [text] if has_cyrillic else _latin_variants(text)
    seen: dict[str, None] = {}
    for reading in readings:
        finished = _finish(reading)
        if finished:
            seen.setdefault(finished, None)
    return tuple(seen)


def word_key(fine: str) -> str:
    """The indexed key of a fine form: every vowel run one "a" (akanne, е/я/э/ё, и/ы)."""
    return VOWEL_RUN.sub("a", fine)


GROUP_MARK = "="
KEY_LENGTH = 40


@dataclass(frozen=True)
class FoldedWord:
    """One word of a spelling: its fine forms, and the given-name groups it belongs to."""

    forms: tuple[str, ...]
    groups: frozenset[str] = frozenset()


def fold_name(text: str) -> list[FoldedWord]:
    return [folded for word in name_words(text) if (folded := _folded_word(word)) is not None]


@lru_cache(maxsize=50_000)
def _folded_word(word: str) -> FoldedWord | None:
    forms = _fold_word(word)
    if not forms:
        return None
    groups = given_name_groups()
    return FoldedWord(forms, frozenset().union(*(groups.get(form, frozenset()) for form in forms)))


@cache
def given_name_groups() -> dict[str, frozenset[str]]:
    """Fine form (fold_word) of every name in GIVEN_NAME_GROUPS -> the groups it is in, each
    group named by the fine form of its first name (stable when groups are added)."""
    groups: dict[str, set[str]] = {}
    for group in GIVEN_NAME_GROUPS:
        label = fold_word(name_words(group[0])[0])[0]
        for name in group:
            for word in name_words(name):
                for fine in fold_word(word):
                    groups.setdefault(fine, set()).add(label)
    return {fine: frozenset(labels) for fine, labels in groups.items()}


def encode_folded(words: list[FoldedWord]) -> str:
    """Stored beside the spelling, so that ranking need not fold the candidates again."""
    return " ".join(
        "|".join(word.forms) + (GROUP_MARK + ",".join(sorted(word.groups)) if word.groups else "")
        for word in words
    )


def decode_folded(text: str) -> list[FoldedWord]:
    words = []
    for chunk in text.split():
        forms, _mark, groups = chunk.partition(GROUP_MARK)
        labels = frozenset(groups.split(",")) if groups else frozenset()
        words.append(FoldedWord(tuple(forms.split("|")), labels))
    return words


def word_keys(word: FoldedWord) -> set[str]:
    """The index keys of one word: its folded keys, and one per given-name group."""
    keys = {word_key(form)[:KEY_LENGTH] for form in word.forms}
    keys |= {(GROUP_MARK + group)[:KEY_LENGTH] for group in word.groups}
    return keys


def name_keys(words: list[FoldedWord]) -> set[str]:
    return set().union(*(word_keys(word) for word in words)) if words else set()


# What is stored beside a spelling is derived from its text alone, here: every path that writes
# spellings (PersonName.save(), write_name_keys, bulk loads) takes it from derive(), so that the
# stored keys follow one rule.


def search_key(text: str) -> str:
    """Plain key for substring search: NFC, case-folded, single spaces."""
    return " ".join(normalize(text).casefold().split())


@dataclass(frozen=True)
class DerivedKeys:
    search_key: str  # PersonName.search_key, for the case list's substring search
    search_folded: str  # PersonName.search_folded, the folded words that ranking compares
    keys: tuple[str, ...]  # the PersonNameKey rows, sorted, that the index looks up


def derive(text: str) -> DerivedKeys:
    """Everything stored beside the spelling text: its PersonName columns and its index keys."""
    folded = fold_name(text)
    return DerivedKeys(
        search_key=search_key(text),
        search_folded=encode_folded(folded),
        keys=tuple(sorted(name_keys(folded))),
    )
