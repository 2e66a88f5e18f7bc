"""Whether a text mentions a person's name, in whichever script or spelling it is written.

A task title goes into calendar feeds and e-mail digests, where only the case reference may
identify the case. "Call Ales", "Звязацца з Ціхановічам" and "Tichonowitsch anrufen" all name
Алесь Ціхановіч, so a title is compared with the person's spellings by the same name keys that
the search uses (keys.py): a word of the text is a mention when its index key is that of a word
of a spelling, or that key with a Belarusian or Russian case ending (the key merges vowels, so
the endings are few), or when both are forms of one given name (Алесь and Александр).

The keys merge vowels, so an unrelated word can now and then share one with a name ("even" and
"Ivan"); the form then names the word, and the user writes the task another way. Erring that
way is the point: a name that slips through is in every calendar the feed reaches.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from casework.names.keys import fold_name, given_name_groups, name_words, word_key
from casework.names.text import normalize

WORD = re.compile(r"[\w'’ʼ`´-]+")
# Name words shorter than this are initials or particles, not a name on their own.
MIN_LETTERS = 3
# Case endings in the key alphabet (vowel runs are "a", х is "h", г is "h"):
# -а/-я/-у/-ю/-е/-ы/-і/-ой/-ай (a), -ам/-ом/-ым/-ім (m, am), -ах/-ых (h, ah), -ага/-ого (ha, aha),
# -амі (ma, ama). After a key that ends in a vowel, an ending's own vowel merges into it.
ENDINGS = frozenset({"a", "m", "am", "h", "ah", "ha", "aha", "ma", "ama"})


@dataclass(frozen=True)
class NameWord:
    keys: frozenset[str]
    groups: frozenset[str]


def name_word_keys(spellings: Iterable[str]) -> list[NameWord]:
    """The keys and given-name groups of every word (of three letters or more) of the spellings."""
    found = []
    for spelling in spellings:
        for word in name_words(spelling):
            if len(word) < MIN_LETTERS:
                continue
            for folded in fold_name(word):
                keys = {word_key(form) for form in folded.forms}
                # The other forms of a given name, so that their case endings count too.
                for group in folded.groups:
                    keys |= group_keys().get(group, set())
                found.append(NameWord(frozenset(keys), folded.groups))
    return found


@cache
def group_keys() -> dict[str, set[str]]:
    """Given-name group -> the index keys of its names."""
    keys: dict[str, set[str]] = {}
    for fine, groups in given_name_groups().items():
        for group in groups:
            keys.setdefault(group, set()).add(word_key(fine))
    return keys


def _is_mention(key: str, groups: frozenset[str], name: NameWord) -> bool:
    if groups & name.groups:
        return True
    return any(
        key == name_key or (key.startswith(name_key) and key[len(name_key) :] in ENDINGS)
        for name_key in name.keys
    )


def name_mentions(text: str, spellings: Iterable[str]) -> list[str]:
    """The words of `text`, as typed, that are a spelling of a word of one of `spellings`."""
    names = name_word_keys(spellings)
    mentions = []
    for typed in WORD.findall(normalize(text)):
        for folded in fold_name(typed):
            keys = {word_key(form) for form in folded.forms}
            if any(_is_mention(key, folded.groups, name) for key in keys for name in names):
                mentions.append(typed)
                break
    return mentions
