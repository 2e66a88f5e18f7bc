"""Security headers on every kind of response (issue 4): a page, a redirect, a 404 and a PDF."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casework.middleware import CONTENT_SECURITY_POLICY

pytestmark = pytest.mark.django_db


@pytest.fixture
def responses(client, vera_volunteer, vera_case) -> dict:
    anonymous = {
        "302 to login": client.get(reverse("casework:dashboard")),
        "200 login page": client.get(reverse("login")),
    }
    client.force_login(vera_volunteer)
    logged_in = {
        "200 case page": client.get(vera_case.get_absolute_url()),
        "404 other case": client.get(reverse("casework:case_detail", args=[vera_case.pk + 999])),
        "PDF summary": client.post(
            reverse("docs_app:case_summary", args=[vera_case.pk]), {"purpose": "Hearing"}
        ),
        "302 after a form": client.post(
            reverse("casework:notes_new", args=[vera_case.pk]), {"kind": "contact", "text": "Hi"}
        ),
    }
    return {"anonymous": anonymous, "logged in": logged_in}


def test_the_responses_are_what_their_names_say(responses):
    statuses = {
        name: response.status_code
        for group in responses.values()
        for name, response in group.items()
    }
    assert statuses == {
        "302 to login": 302,
        "200 login page": 200,
        "200 case page": 200,
        "404 other case": 404,
        "PDF summary": 200,
        "302 after a form": 302,
    }
    assert responses["logged in"]["PDF summary"]["Content-Type"] == "application/pdf"


def test_every_response_carries_the_security_headers(responses):
    for group in responses.values():
        for name, response in group.items():
            csp = response["Content-Security-Policy"]
            assert csp == CONTENT_SECURITY_POLICY, name
            for directive in (
                "default-src 'self'",
                "object-src 'none'",
                "base-uri 'none'",
                "frame-ancestors 'none'",
            ):
                assert directive in csp, (name, directive)
            assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, name
            assert response["X-Content-Type-Options"] == "nosniff", name
            assert response["Referrer-Policy"] == "no-referrer", name
            assert response["X-Frame-Options"] == "DENY", name
            assert "camera=()" in response["Permissions-Policy"], name


def test_authenticated_responses_are_never_cached(responses):
    for name, response in responses["logged in"].items():
        assert response["Cache-Control"] == "no-store", name


def test_pages_relax_the_referrer_policy_only_to_their_own_origin(responses):
    # The page-level policy keeps Origin on same-origin form posts (CSRF); see settings.
    page = responses["logged in"]["200 case page"].content.decode()
    assert '<meta name="referrer" content="same-origin">' in page
