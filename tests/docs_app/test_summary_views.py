"""The summary form and the summary.pdf URL: who reaches them, and what bad input gets.

A PDF is made only from the print form's POST (with its CSRF token), never from a GET.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from casework import actions
from casework.models import AuditEvent

PURPOSE = "For the asylum hearing on 3 Dec, lawyer A. Nowak"
REQUIRED = "Say what the summary is for and who will receive it."
CONTROL = "Remove the control or text-direction characters from this text."
INVISIBLE = (
    "This text contains invisible characters (such as zero-width spaces); retype it without them."
)


def form_url(case) -> str:
    return reverse("docs_app:summary_form", args=[case.pk])


def pdf_url(case) -> str:
    return reverse("docs_app:case_summary", args=[case.pk])


def prints():
    return AuditEvent.objects.filter(action="print")


def field_errors(page: str, name: str) -> str:
    """The error block crispy-forms puts under the field, or "" when there is none."""
    match = re.search(rf'<div id="id_{name}_error"[^>]*>(.*?)</div>', page, re.S)
    return match.group(1) if match else ""


def purpose_input(page: str) -> str:
    match = re.search(r'<input type="text" name="purpose"[^>]*>', page)
    assert match, "no purpose input on the page"
    return match.group(0)


# --- Access ---


def test_anonymous_is_sent_to_login(client, vera_case):
    for response, url in [
        (client.get(form_url(vera_case)), form_url(vera_case)),
        (
            client.post(pdf_url(vera_case), {"include": "notes", "purpose": PURPOSE}),
            pdf_url(vera_case),
        ),
    ]:
        assert response.status_code == 302
        location = urlsplit(response.url)
        assert location.path == reverse("login")
        assert urlsplit(parse_qs(location.query)["next"][0]).path == url
    assert not prints().exists()


@pytest.mark.parametrize(
    "who", ["lena_lawyer", "tomas_coordinator", "viktor_volunteer", "ada_admin"]
)
def test_those_who_may_not_print_the_case_get_404(
    client, request, vera_case, olga_coordinator, lev_lawyer, who
):
    # The case is shared with lev, so "shared with someone" is not mistaken for "shared".
    actions.share_case(case=vera_case, by=olga_coordinator, user=lev_lawyer, include_relatives=True)
    client.force_login(request.getfixturevalue(who))

    assert client.get(form_url(vera_case)).status_code == 404
    response = client.post(pdf_url(vera_case), {"include": "notes", "purpose": PURPOSE})
    assert response.status_code == 404
    assert response.get("Content-Type") != "application/pdf"
    assert not prints().exists()


# --- Only the form's POST prints ---


@pytest.mark.parametrize("who", ["vera_volunteer", "olga_coordinator", "lev_lawyer"])
def test_a_get_of_the_pdf_url_prints_nothing(
    client, request, vera_case, olga_coordinator, lev_lawyer, who
):
    # A link, an <img> or a bookmark on another site must not make (and audit) a PDF.
    actions.share_case(case=vera_case, by=olga_coordinator, user=lev_lawyer, include_relatives=True)
    client.force_login(request.getfixturevalue(who))

    response = client.get(pdf_url(vera_case), {"include": "notes", "purpose": PURPOSE})

    assert response.status_code == 405
    assert response.get("Content-Type") != "application/pdf"
    assert not prints().exists()


def test_the_pdf_needs_the_csrf_token(vera_volunteer, vera_case):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(vera_volunteer)

    response = client.post(pdf_url(vera_case), {"include": "notes", "purpose": PURPOSE})

    assert response.status_code == 403
    assert not prints().exists()


def test_the_form_posts_to_the_pdf_url_with_a_csrf_token(client, vera_volunteer, vera_case):
    client.force_login(vera_volunteer)

    page = client.get(form_url(vera_case)).content.decode()

    assert f'<form method="post" action="{pdf_url(vera_case)}"' in page
    assert 'name="csrfmiddlewaretoken"' in page


def test_the_form_page_does_not_redirect_a_query_to_the_pdf(client, vera_volunteer, vera_case):
    client.force_login(vera_volunteer)

    response = client.get(form_url(vera_case), {"include": "notes", "purpose": PURPOSE})

    assert response.status_code == 200
    assert "Location" not in response
    assert not prints().exists()


# --- The form page ---


@pytest.mark.parametrize("who", ["vera_volunteer", "olga_coordinator"])
def test_caseworkers_are_offered_every_section(client, request, vera_case, who):
    client.force_login(request.getfixturevalue(who))

    response = client.get(form_url(vera_case))

    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="include" value="contacts"' in page
    assert 'name="include" value="notes"' in page
    assert 'name="include" value="relatives"' in page
    assert 'name="purpose"' in page
    assert not prints().exists()


@pytest.mark.parametrize("include_relatives", [False, True])
def test_legal_aid_is_offered_relatives_only_when_shared_with_them(
    client, vera_case, olga_coordinator, lev_lawyer, include_relatives
):
    actions.share_case(
        case=vera_case, by=olga_coordinator, user=lev_lawyer, include_relatives=include_relatives
    )
    client.force_login(lev_lawyer)

    page = client.get(form_url(vera_case)).content.decode()

    assert 'value="contacts"' in page
    assert 'value="notes"' in page
    assert ('value="relatives"' in page) is include_relatives


@pytest.mark.parametrize("who", ["vera_volunteer", "olga_coordinator", "lev_lawyer"])
def test_the_case_page_links_to_the_summary_form(
    client, request, vera_case, olga_coordinator, lev_lawyer, who
):
    actions.share_case(
        case=vera_case, by=olga_coordinator, user=lev_lawyer, include_relatives=False
    )
    client.force_login(request.getfixturevalue(who))

    page = client.get(reverse("casework:case_detail", args=[vera_case.pk])).content.decode()

    link = re.search(rf'<a [^>]*href="{re.escape(form_url(vera_case))}"[^>]*>(.*?)</a>', page)
    assert link, "no link to the summary form"
    assert "Print summary" in link.group(1)


def test_posting_the_form_gives_the_pdf(client, vera_volunteer, vera_case):
    client.force_login(vera_volunteer)

    # A browser sends the checked boxes in the order of the page.
    pdf = client.post(pdf_url(vera_case), {"include": ["contacts", "notes"], "purpose": PURPOSE})

    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    assert prints().get().detail == "language: en; sections: contacts, notes"
    assert prints().get().purpose == PURPOSE


def test_the_audit_event_lists_sections_in_printing_order(client, vera_volunteer, vera_case):
    client.force_login(vera_volunteer)

    response = client.post(
        pdf_url(vera_case), {"include": ["notes", "contacts"], "purpose": PURPOSE}
    )

    assert response.status_code == 200
    event = prints().get()
    assert (event.detail, event.purpose) == ("language: en; sections: contacts, notes", PURPOSE)


def test_the_form_without_any_section_prints_the_fixed_sections(client, vera_volunteer, vera_case):
    client.force_login(vera_volunteer)

    response = client.post(pdf_url(vera_case), {"purpose": PURPOSE})

    assert response.status_code == 200
    event = prints().get()
    assert (event.detail, event.purpose) == ("language: en; sections: none", PURPOSE)


# --- Bad input: the form again, with what to correct; nothing printed ---

BAD_PURPOSES = [
    pytest.param({}, "purpose", REQUIRED, id="missing"),
    pytest.param({"purpose": ""}, "purpose", REQUIRED, id="empty"),
    pytest.param({"purpose": "   "}, "purpose", REQUIRED, id="blank"),
    pytest.param(
        {"purpose": "x" * 201},
        "purpose",
        "Ensure this value has at most 200 characters (it has 201).",
        id="too-long",
    ),
    pytest.param({"purpose": "Hearing \u202egnitirw"}, "purpose", CONTROL, id="rtl-override"),
    pytest.param({"purpose": "Hearing \u0007 bell"}, "purpose", CONTROL, id="control"),
    pytest.param({"purpose": "Hear\u200bing"}, "purpose", INVISIBLE, id="zero-width-space"),
    pytest.param(
        {"purpose": PURPOSE, "include": "bogus"},
        "include",
        "Select a valid choice. bogus is not one of the available choices.",
        id="bogus-section",
    ),
]


@pytest.mark.parametrize(("data", "field", "message"), BAD_PURPOSES)
def test_bad_input_shows_the_form_again_with_the_error_next_to_the_field(
    client, vera_volunteer, vera_case, data, field, message
):
    client.force_login(vera_volunteer)

    response = client.post(pdf_url(vera_case), {"include": "notes", **data})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert message in field_errors(page, field)
    assert f'action="{pdf_url(vera_case)}"' in page
    assert not prints().exists()


def test_a_too_long_purpose_is_kept_in_the_input(client, vera_volunteer, vera_case):
    client.force_login(vera_volunteer)
    typed = "For the hearing, lawyer A. Nowak " + "x" * 168
    assert len(typed) == 201

    page = client.post(pdf_url(vera_case), {"purpose": typed}).content.decode()

    assert f'value="{typed}"' in purpose_input(page)


def test_a_purpose_with_html_is_shown_escaped(client, vera_volunteer, vera_case):
    client.force_login(vera_volunteer)

    response = client.post(
        pdf_url(vera_case), {"include": "bogus", "purpose": "<b>bold</b> for A. Nowak"}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Select a valid choice" in field_errors(page, "include")
    assert 'value="&lt;b&gt;bold&lt;/b&gt; for A. Nowak"' in purpose_input(page)
    assert "<b>bold</b>" not in page
    assert not prints().exists()


def test_a_purpose_with_html_is_accepted(client, vera_volunteer, vera_case):
    client.force_login(vera_volunteer)
    purpose = "<b>bold</b> for A. Nowak"

    response = client.post(pdf_url(vera_case), {"include": "notes", "purpose": purpose})

    assert response.status_code == 200
    event = prints().get()
    assert (event.detail, event.purpose) == ("language: en; sections: notes", purpose)


# --- include, repeated or comma-separated ---


@pytest.mark.parametrize(
    "include",
    [
        pytest.param(["notes", "contacts"], id="repeated"),
        pytest.param("notes,contacts", id="comma-separated"),
        pytest.param(["notes, contacts"], id="comma-and-space"),
    ],
)
def test_summary_pdf_takes_include_repeated_or_comma_separated(
    client, olga_coordinator, vera_case, include
):
    client.force_login(olga_coordinator)

    response = client.post(pdf_url(vera_case), {"include": include, "purpose": PURPOSE})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    event = prints().get()
    assert event.case == vera_case
    assert event.user == olga_coordinator
    assert event.detail == "language: en; sections: contacts, notes"
    assert event.purpose == PURPOSE
