"""Intake: the full name is the first spelling, with its script and kind; the script each
spelling was taken for is said under it, and what "Script" and "Kind" mean is explained."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casework.forms.people import script_detected
from casework.models import Case
from tests.casework.test_bad_input import field_error
from tests.factories import intake_data
from tests.reading import text_of

NEW_CASE = reverse("casework:case_create")


def test_the_full_name_is_stored_once_with_the_script_and_kind_beside_it(login, vera_volunteer):
    data = intake_data(
        "Ганна Кавалёнак",
        **{
            "person-name_script": "be-Cyrl",
            "person-name_kind": "native",
            "names-0-text": "Hanna Kavalionak",
            "names-0-script": "",
            "names-0-kind": "passport",
            "names-1-text": "",
            "names-2-text": "",
        },
    )
    login(vera_volunteer).post(NEW_CASE, data)
    names = Case.objects.get().person.names.order_by("text")
    assert list(names.values_list("text", "script", "kind")) == [
        ("Hanna Kavalionak", "Latn", "passport"),
        ("Ганна Кавалёнак", "be-Cyrl", "native"),
    ]


def test_a_script_that_the_full_name_is_not_written_in_is_refused_beside_it(login, vera_volunteer):
    data = intake_data("Hanna Kavalionak", **{"person-name_script": "be-Cyrl"})
    response = login(vera_volunteer).post(NEW_CASE, data)
    assert response.status_code == 200
    assert "Latin" in field_error(response, "person-name_script")
    assert not Case.objects.exists()


def test_the_page_explains_script_and_kind_once(login, vera_volunteer):
    response = login(vera_volunteer).get(NEW_CASE)
    page = response.content.decode()
    assert page.count('id="name-script-help"') == 1
    assert page.count('id="name-kind-help"') == 1
    # Every spelling's script and kind point to the explanation.
    assert page.count('aria-describedby="id_names-0-script-detected name-script-help"') == 1
    assert page.count('aria-describedby="id_person-name_script-detected name-script-help"') == 1
    # The full name, three rows and the template of a row added.
    assert page.count('aria-describedby="name-kind-help"') == 5
    assert "The full name above is already the first spelling." in text_of(response)


@pytest.mark.parametrize(
    ("text", "chosen", "said"),
    [
        ("Hanna Kavalionak", "", "Detected from the letters: Latin."),
        ("Алесь Ціхановіч", "", "Detected from the letters: Belarusian Cyrillic (і or ў)."),
        # Belarusian without і or ў: taken for Russian, and the sentence says so.
        ("Ганна Кавалёнак", "", "Detected from the letters: Russian Cyrillic."),
        ("Павел Латушка", "", "Detected from the letters: Russian Cyrillic."),
        ("Павел Латушка", "be-Cyrl", ""),
        ("Hanna Кавалёнак", "", ""),
        ("", "", ""),
    ],
)
def test_the_detected_script_is_said_unless_one_was_chosen(text, chosen, said):
    assert script_detected(text, chosen).startswith(said)
    assert bool(script_detected(text, chosen)) == bool(said)


def test_a_form_sent_back_says_which_script_was_detected(login, vera_volunteer):
    data = intake_data(
        "Павел Латушка",
        **{"names-0-text": "Pavel Latushka", "names-0-script": "", "case-host_country": ""},
    )
    response = login(vera_volunteer).post(NEW_CASE, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert (
        '<div class="form-text mt-0 mb-2" id="id_person-name_script-detected">Detected from '
        "the letters: Russian Cyrillic." in page
    )
    assert (
        '<div class="form-text mt-0 mb-2" id="id_names-0-script-detected">Detected from the '
        "letters: Latin.</div>" in page
    )
