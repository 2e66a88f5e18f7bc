"""Names across scripts: finding a person whichever way their name is written (DESIGN.md section 7).

One person is Ціханоўская in Belarusian, Тихановская in Russian, Tsikhanouskaya or Tikhanovskaya
in a passport; given names differ between the languages too (Святлана / Светлана). Every known
spelling is stored as a PersonName; ASCII keys derived from it (a transliteration plus a folding
of the Belarusian/Russian differences) go into indexed columns; a search retrieves candidates by
key, then ranks them by a similarity score. The same on SQLite and PostgreSQL.

    text.py         normalising and checking typed text, guessing its script
    keys.py         folding a spelling, and every key derived from it (derive)
    given_names.py  the given names that are one name in both languages (data only)
    search.py       finding and ranking persons by name (match_people, rank_people)
    index.py        writing the keys of stored spellings in bulk (write_name_keys)

The text and key functions are importable from here. The search and the bulk writer read and
write the models, whose save() derives its keys from this package: import them from their own
modules (casework.names.search, casework.names.index), so that the models can import this
package without importing themselves.
"""

from casework.names.keys import (
    DerivedKeys,
    FoldedWord,
    derive,
    encode_folded,
    fold_name,
    fold_word,
    name_keys,
    name_words,
    search_key,
)
from casework.names.text import (
    BELARUSIAN_ONLY,
    BIDI_CONTROLS,
    RUSSIAN_ONLY,
    guess_script,
    has_control_characters,
    has_invisible_characters,
    letter_scripts,
    normalize,
)

__all__ = [
    "BELARUSIAN_ONLY",
    "BIDI_CONTROLS",
    "RUSSIAN_ONLY",
    "DerivedKeys",
    "FoldedWord",
    "derive",
    "encode_folded",
    "fold_name",
    "fold_word",
    "guess_script",
    "has_control_characters",
    "has_invisible_characters",
    "letter_scripts",
    "name_keys",
    "name_words",
    "normalize",
    "search_key",
]
