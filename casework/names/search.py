"""Finding persons by any spelling of their name, and ranking them (DESIGN.md section 7).

Two steps. Candidates come from the index: every word of the query gives a few keys
(casework.names.keys), looked up by equality in PersonNameKey (by the surnames, when the query
has more than given names); persons sharing keys with more, and rarer, words of the query come
first, and at most CANDIDATES of them go on. Then every stored spelling of each candidate is
compared with the query, word by word in any order, on the folded forms, with Jaro-Winkler
similarity: different people whose names differ by one meaningful letter score below the
spellings of the person searched for.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Exists,
    Expression,
    ExpressionWrapper,
    Func,
    IntegerField,
    Max,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from rapidfuzz.distance import JaroWinkler

from casework.choices import script_lang
from casework.models import Person, PersonName, PersonNameKey
from casework.names.keys import (
    GROUP_MARK,
    FoldedWord,
    decode_folded,
    fold_name,
    word_key,
    word_keys,
)

# How many persons are ranked per search: the index narrows a search to these (best first),
# and ranking them is what takes the time.
CANDIDATES = 100
# Below this, a spelling is not the name searched for (see tests/casework/test_name_search.py:
# two people who share only a given name score about 0.7-0.8).
DEFAULT_MIN_SCORE = 0.85
# Two forms of one given name (Святлана / Светлана) are nearly as good as the same form.
SAME_GIVEN_NAME = 0.96
# Each word of a stored spelling that the query leaves out (a patronymic) costs this much.
EXTRA_WORD_PENALTY = 0.02
# A query word the spelling lacks still counts this much of a match (a patronymic typed).
MISSING_WORD_WEIGHT = 0.5
# A single letter or two is too common to look up by.
MIN_KEY_LENGTH = 2


@dataclass(frozen=True)
class NameMatch:
    person_id: int
    score: float  # 0..1, higher is better
    spelling: str  # the stored PersonName.text that matched best
    # Its PersonName.script, for the lang the pages give it (not part of what matched).
    script: str = field(default="", compare=False)

    @property
    def lang(self) -> str:
        return script_lang(self.script)


def match_people(
    texts: list[str],
    *,
    birth_date: datetime.date | None = None,
    persons: QuerySet[Person] | None = None,
    limit: int = 20,
    min_score: float = DEFAULT_MIN_SCORE,
) -> list[NameMatch]:
    """Persons whose stored spellings match any of texts (several spellings of ONE person typed
    at intake), best first; a birth date that agrees raises the rank, one that disagrees lowers
    it; persons limits the candidates (e.g. Person.objects.filter(cases__in=visible)), None =
    all persons. min_score applies to the name alone, before the birth date moves the score.
    Two queries whatever the data (rank_people)."""
    matches = rank_people(texts, persons=persons, min_score=min_score, birth_date=birth_date)
    return matches[:limit]


def rank_people(
    texts: list[str] | str,
    *,
    persons: QuerySet[Person] | None = None,
    min_score: float = DEFAULT_MIN_SCORE,
    candidates: int = CANDIDATES,
    birth_date: datetime.date | None = None,
) -> list[NameMatch]:
    """Every candidate person scoring at least min_score against any of texts, best first,
    moved by birth_date as match_people says. Two queries whatever the data (three when the
    index finds nobody by the words other than given names): candidates, their spellings."""
    if isinstance(texts, str):
        texts = [texts]
    queries = [words for words in (fold_name(text) for text in texts) if words]
    if not queries:
        return []
    person_ids = candidate_person_ids(queries, persons=persons, limit=candidates)
    if not person_ids:
        return []
    spellings = PersonName.objects.filter(person_id__in=person_ids).values_list(
        "person_id",
        "text",
        "script",
        "search_folded",
        "person__birth_date" if birth_date else "pk",
    )
    scorer = _Scorer()
    best: dict[int, NameMatch] = {}
    for person_id, text, script, folded, born in spellings:
        stored = decode_folded(folded)
        score = max(scorer.spelling(query, stored) for query in queries)
        if score < min_score:
            continue
        if birth_date is not None:
            score = _dated(score, birth_date, born)
        current = best.get(person_id)
        if current is None or score > current.score:
            best[person_id] = NameMatch(person_id, round(score, 4), text, script)
    return sorted(best.values(), key=lambda m: (-m.score, m.person_id))


def _dated(score: float, wanted: datetime.date, known: datetime.date | None) -> float:
    if known is None:
        return score
    if known == wanted:
        return score + (1 - score) * 0.5
    return score * 0.9


def candidate_person_ids(
    queries: list[list[FoldedWord]], *, persons: QuerySet[Person] | None, limit: int
) -> list[int]:
    """Persons sharing index keys with the query words, best first: the more words matched,
    and the rarer they are, the better. One query on the PersonNameKey.key index, grouped by
    person (a second only when the first finds nobody, see below)."""
    words = _merged_word_keys(queries)
    # Given names (Святлана, Аляксандр) are shared by thousands: the index is read for the
    # other words (surnames), and a given name only raises the rank of those found. Unless
    # the query holds only given names, or the other words find nobody (a misspelling).
    given = [keys for keys in words if any(key.startswith(GROUP_MARK) for key in keys)]
    others = [keys for keys in words if keys not in given]
    # Finding nobody costs the same two queries whatever the query's words, so that how long
    # a search takes does not depend on who else is in the index (tests/casework/
    # test_duplicates.py: a match hidden from the user is answered as nothing).
    if others and (found := _candidates(others, given, persons=persons, limit=limit)):
        return found
    return _candidates(words, [], persons=persons, limit=limit) if words else []


def _candidates(
    words: list[set[str]], ranking: list[set[str]], *, persons: QuerySet | None, limit: int
) -> list[int]:
    weight: Expression = sum(
        (_word_weight(keys, persons=persons) for keys in words), start=Value(0)
    )
    for keys in ranking:
        weight += Case(
            When(
                Exists(PersonNameKey.objects.filter(person_id=OuterRef("person_id"), key__in=keys)),
                then=Value(1000),
            ),
            default=Value(0),
        )
    candidates = PersonNameKey.objects.filter(key__in=sorted(set().union(*words)))
    if persons is not None:
        # EXISTS per key row found, rather than IN, which SQLite would answer by first
        # listing every person of, say, a whole office.
        candidates = candidates.filter(Exists(persons.filter(pk=OuterRef("person_id"))))
    person_ids = (
        candidates.values("person_id")
        .annotate(weight=weight)
        .order_by("-weight", "person_id")
        .values_list("person_id", flat=True)[:limit]
    )
    return list(person_ids)


def _word_weight(keys: set[str], *, persons: QuerySet | None) -> Max:
    """1000 for a matched word, plus up to 999 the rarer it is; 0 when it is not matched.
    Integer arithmetic, the same on SQLite and PostgreSQL.

    How rare a word is, is counted among `persons` only when given: otherwise the order of
    the names a user may see would depend on the names of cases they may not."""
    counted = PersonNameKey.objects.filter(key__in=sorted(keys))
    if persons is not None:
        counted = counted.filter(Exists(persons.filter(pk=OuterRef("person_id"))))
    rows = Subquery(
        counted.order_by().annotate(n=Func("pk", function="COUNT")).values("n")[:1],
        output_field=IntegerField(),
    )
    rarity = ExpressionWrapper(
        Value(1000) + Value(99900) / (Value(100) + rows), output_field=IntegerField()
    )
    return Max(
        Case(When(key__in=sorted(keys), then=rarity), default=Value(0)),
        output_field=IntegerField(),
    )


def _merged_word_keys(queries: list[list[FoldedWord]]) -> list[set[str]]:
    """The key sets of the query words; words of several texts that share a key (the same
    given name typed in two scripts) are one word."""
    merged: list[set[str]] = []
    for words in queries:
        for word in words:
            keys = {key for key in word_keys(word) if len(key) >= MIN_KEY_LENGTH}
            if not keys:
                continue
            overlapping = [other for other in merged if other & keys]
            for other in overlapping:
                keys |= other
                merged.remove(other)
            merged.append(keys)
    return merged


class _Scorer:
    """Compares folded spellings; remembers word pairs, which repeat across candidates."""

    def __init__(self) -> None:
        self._words: dict[tuple[FoldedWord, FoldedWord], float] = {}

    def word(self, query: FoldedWord, stored: FoldedWord) -> float:
        pair = (query, stored)
        if pair not in self._words:
            self._words[pair] = word_similarity(query, stored)
        return self._words[pair]

    def spelling(self, query: list[FoldedWord], stored: list[FoldedWord]) -> float:
        """Query words matched one to one with stored words, best pairs first, in any order
        (surname first or last), weighted by length."""
        if not query or not stored:
            return 0.0
        pairs = sorted(
            ((self.word(q, s), i, j) for i, q in enumerate(query) for j, s in enumerate(stored)),
            reverse=True,
        )
        matched: dict[int, float] = {}
        used: set[int] = set()
        for similarity, i, j in pairs:
            if i not in matched and j not in used:
                matched[i] = similarity
                used.add(j)
        total = weight_sum = 0.0
        for i, word in enumerate(query):
            weight = max(3, len(word.forms[0]))
            if i in matched:
                total += weight * matched[i]
                weight_sum += weight
            else:
                weight_sum += weight * MISSING_WORD_WEIGHT
        score = total / weight_sum
        extra = max(0, len(stored) - len(matched))
        return score * (1 - EXTRA_WORD_PENALTY * min(extra, 3))


def word_similarity(query: FoldedWord, stored: FoldedWord) -> float:
    """1 for the same folded form; Jaro-Winkler on the fine forms averaged with Jaro-Winkler
    on the keys (so that akanne, Калеснікава / Колесникова, costs half), over the readings of
    an ambiguous word; two forms of one given name count nearly as the same."""
    best = 0.0
    for q in query.forms:
        for s in stored.forms:
            if q == s:
                return 1.0
            fine = JaroWinkler.similarity(q, s)
            key = JaroWinkler.similarity(word_key(q), word_key(s))
            best = max(best, (fine + key) / 2)
    if query.groups & stored.groups:
        best = max(best, SAME_GIVEN_NAME)
    return best
