"""Typed text of names: normalising it, spotting characters that hide what it says, its script."""

from __future__ import annotations

import unicodedata

# Characters that are invisible or reorder text: in a name they only serve to make two
# spellings look alike while comparing differently, or to disguise what is displayed.
INVISIBLE_CHARACTERS = frozenset(
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e"
    "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff"
)
# Direction overrides can make stored text display differently from what it is.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

BELARUSIAN_ONLY = frozenset("іўІЎ")
RUSSIAN_ONLY = frozenset("ищъИЩЪ")


def normalize(text: str) -> str:
    """NFC, so that ў typed as one character or as у plus a breve compare equal."""
    return unicodedata.normalize("NFC", text)


def has_invisible_characters(text: str) -> bool:
    return any(ch in INVISIBLE_CHARACTERS for ch in text)


def has_control_characters(text: str, *, multiline: bool = False) -> bool:
    allowed = {"\n", "\r", "\t"} if multiline else set()
    return any(unicodedata.category(ch) == "Cc" and ch not in allowed for ch in text)


def letter_scripts(text: str) -> set[str]:
    """The scripts of the letters in text: "Latn", "Cyrl" or "other"."""
    scripts = set()
    for ch in text:
        if not ch.isalpha():
            continue
        name = unicodedata.name(ch, "")
        if name.startswith("LATIN"):
            scripts.add("Latn")
        elif name.startswith("CYRILLIC"):
            scripts.add("Cyrl")
        else:
            scripts.add("other")
    return scripts


def guess_script(text: str) -> str:
    """The script of a spelling nobody named: І and Ў are Belarusian, other Cyrillic Russian."""
    if letter_scripts(text) == {"Latn"}:
        return "Latn"
    return "be-Cyrl" if set(text) & BELARUSIAN_ONLY else "ru-Cyrl"
