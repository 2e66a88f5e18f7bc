"""name_mentions: a text names the person in any script or spelling (the task-title guard)."""

from __future__ import annotations

import pytest

from casework.names.mentions import name_mentions

# A fictional person, in the three spellings a case might hold.
SPELLINGS = ["Алесь Вялінавіч", "Ales Vialinavich", "Алесь Велинович"]


@pytest.mark.parametrize(
    ("text", "mentions"),
    [
        ("Call Vyalinavich", ["Vyalinavich"]),
        ("Napisać do Wialinawicza", ["Wialinawicza"]),
        ("Vialinavič: skan pašparta", ["Vialinavič"]),
        ("Позвонить Велиновичу", ["Велиновичу"]),
        ("Сустрэча з Вялінавічам", ["Вялінавічам"]),
        ("VELINOVICH hearing", ["VELINOVICH"]),
        ("Ask Aleś and Vialinavich", ["Aleś", "Vialinavich"]),
        ("Book the appointment for the alien's passport", []),
        ("Call the lawyer about the residence permit", []),
        ("Call Valinovsky", []),
    ],
)
def test_name_mentions(text, mentions):
    assert name_mentions(text, SPELLINGS) == mentions


def test_short_words_of_a_name_are_not_mentions_on_their_own():
    assert name_mentions("Go to the embassy", ["Jan Go"]) == []
