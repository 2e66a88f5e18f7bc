"""Login throttling over usernames and addresses, and what the admin shows of failed logins."""

from __future__ import annotations

import html

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from casework.models import AuditEvent
from tests.factories import PASSWORD

LOGIN = reverse("login")
ATTEMPTS = reverse("admin:axes_accessattempt_changelist")

pytestmark = pytest.mark.django_db


def attempt(client, username: str, password: str, ip: str = "203.0.113.7", **extra):
    return client.post(LOGIN, {"username": username, "password": password, **extra}, REMOTE_ADDR=ip)


def test_spraying_one_password_over_many_usernames_from_one_address_is_locked(
    client, vera_volunteer
):
    # Never more than four tries for one username: the per-username limits never apply.
    for number in range(19):
        response = attempt(client, f"guessed_user_{number}", "Summer2026!")
        assert response.status_code == 200, number
    locked = attempt(client, "guessed_user_19", "Summer2026!")
    assert locked.status_code == 429
    # The address is locked for every username, even with the right password...
    assert attempt(client, "vera_volunteer", PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session
    # ...and only that address.
    assert attempt(client, "vera_volunteer", PASSWORD, ip="198.51.100.20").status_code == 302
    assert AuditEvent.objects.filter(action="lockout", ip="203.0.113.7").exists()


def test_logging_in_between_rounds_does_not_reset_the_spraying_count(
    client, vera_volunteer, viktor_volunteer
):
    # viktor's account is held by the sprayer: logging in with it must not clear the address.
    for number in range(15):
        attempt(client, f"guessed_user_{number}", "Summer2026!")
    assert attempt(client, "viktor_volunteer", PASSWORD).status_code == 302
    client.logout()
    for number in range(15, 19):
        assert attempt(client, f"guessed_user_{number}", "Summer2026!").status_code == 200
    assert attempt(client, "guessed_user_19", "Summer2026!").status_code == 429


def test_a_successful_login_forgets_only_that_users_own_failures(client, vera_volunteer):
    for _ in range(4):
        attempt(client, "vera_volunteer", "wrong password")
    attempt(client, "no_such_user", "guess")
    assert attempt(client, "vera_volunteer", PASSWORD).status_code == 302
    # vera's typos are forgotten; the other failure from the address is not.
    assert AccessAttempt.objects.count() == 1
    assert AccessAttempt.objects.get().username.startswith("unknown-")


def test_one_username_from_many_addresses_is_locked(client, vera_volunteer, viktor_volunteer):
    # Never more than four tries from one address: the per-address limits never apply.
    for number in range(9):
        response = attempt(client, "vera_volunteer", "wrong password", ip=f"198.51.100.{number}")
        assert response.status_code == 200, number
    locked = attempt(client, "vera_volunteer", "wrong password", ip="198.51.100.99")
    assert locked.status_code == 429
    # Even the right password, from an address never seen: the account is locked...
    assert attempt(client, "vera_volunteer", PASSWORD, ip="192.0.2.1").status_code == 429
    # ...and only that account.
    assert attempt(client, "viktor_volunteer", PASSWORD, ip="192.0.2.1").status_code == 302
    lockout = AuditEvent.objects.filter(action="lockout").first()
    assert lockout.user == vera_volunteer


def test_one_unknown_username_from_many_addresses_is_locked_too(client):
    # An unknown name counts as one username, so that a lockout says nothing of which
    # usernames exist.
    for number in range(9):
        response = attempt(client, "no_such_user", "guess", ip=f"198.51.100.{number}")
        assert response.status_code == 200
    assert attempt(client, "no_such_user", "guess", ip="192.0.2.1").status_code == 429


def test_a_username_from_one_address_is_still_locked_after_five(
    client, vera_volunteer, viktor_volunteer
):
    for _ in range(4):
        assert attempt(client, "vera_volunteer", "wrong password").status_code == 200
    assert attempt(client, "vera_volunteer", "wrong password").status_code == 429
    # A colleague at the same address (an office behind one router) still logs in.
    assert attempt(client, "viktor_volunteer", PASSWORD).status_code == 302


def test_no_typed_unknown_username_is_stored(client):
    typed = "ціханоўская-my-password-2026"
    attempt(client, typed, "guess")
    stored = AccessAttempt.objects.get()
    assert typed not in stored.username
    assert typed not in stored.post_data


def test_the_admin_shows_no_typed_unknown_username_nor_next(client, ada_admin, vera_volunteer):
    typed_name = "Zmitser Sentinelovich"  # a person looked for, typed as a username
    next_page = "/cases/?q=Sentinelovich"
    client.post(
        f"{LOGIN}?next={next_page}",
        {"username": typed_name, "password": "guess", "next": next_page},
        REMOTE_ADDR="203.0.113.7",
    )
    attempt(client, "vera_volunteer", "wrong password", next=next_page)
    assert AccessAttempt.objects.count() == 2

    client.force_login(ada_admin)
    pages = [client.get(ATTEMPTS)]
    pages += [
        client.get(reverse("admin:axes_accessattempt_change", args=[pk]))
        for pk in AccessAttempt.objects.values_list("pk", flat=True)
    ]
    for response in pages:
        assert response.status_code == 200
        page = html.unescape(response.content.decode())
        assert "Sentinelovich" not in page
        assert "next=" not in page
        assert "?q=" not in page
    listing = html.unescape(pages[0].content.decode())
    # What an admin needs to unlock: the account (when it is one) and the address.
    assert "vera_volunteer" in listing
    assert "(no such account)" in listing
    assert "203.0.113.7" in listing


def test_the_admin_has_no_pages_for_axes_logs(client, ada_admin):
    client.force_login(ada_admin)
    page = client.get(reverse("admin:index")).content.decode()
    assert "Access attempts" in page
    assert "Access logs" not in page
    assert "Access failures" not in page
