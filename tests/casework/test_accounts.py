"""Passwords, login throttling and session lifetime (issue 4, accounts and sessions)."""

from __future__ import annotations

import datetime
import time

import pytest
from django.conf import settings as project_settings
from django.contrib.auth import password_validation
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from casework import actions
from casework.middleware import SESSION_STARTED
from casework.models import AuditEvent
from casework.sessions import stored_key
from config import settings as config_settings
from tests.factories import PASSWORD

LOGIN = reverse("login")


def attempt(client, username: str, password: str, ip: str = "203.0.113.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


# --- passwords -----------------------------------------------------------------------


def test_new_passwords_are_hashed_with_argon2(settings, warsaw):
    settings.PASSWORD_HASHERS = config_settings.PASSWORD_HASHERS  # not the tests' fast MD5
    user = actions.create_user(
        username="ania", role="volunteer", office=warsaw, password="a long passphrase here"
    )
    assert user.password.startswith("argon2$argon2id$")
    assert user.check_password("a long passphrase here")


@pytest.mark.parametrize(
    "password, message",
    [
        ("short pass", "at least 12 characters"),
        ("password1234", "too common"),
        ("123456789012", "entirely numeric"),
    ],
)
def test_weak_passwords_are_refused(password, message):
    with pytest.raises(ValidationError) as refused:
        password_validation.validate_password(password)
    assert any(message in text for text in refused.value.messages)


def test_long_passphrases_are_allowed():
    password_validation.validate_password("ці дрэвы помняць нас " * 10)


# --- login throttling ----------------------------------------------------------------


@pytest.mark.django_db
def test_five_failures_lock_that_username_and_address(client, vera_volunteer, viktor_volunteer):
    for _ in range(4):
        response = attempt(client, "vera_volunteer", "wrong password")
        assert response.status_code == 200
        assert "Please enter a correct username and password" in response.content.decode()
    locked = attempt(client, "vera_volunteer", "wrong password")
    assert locked.status_code == 429
    assert "Too many failed logins" in locked.content.decode()

    # Even the right password is refused now, from that address.
    response = attempt(client, "vera_volunteer", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session

    # Another user from the same address, and vera from another address, are not locked.
    response = attempt(client, "viktor_volunteer", PASSWORD)
    assert response.status_code == 302
    client.logout()
    response = attempt(client, "vera_volunteer", PASSWORD, ip="198.51.100.20")
    assert response.status_code == 302

    failures = AuditEvent.objects.filter(action="login_failed", user=vera_volunteer)
    assert failures.count() == 6
    assert set(failures.values_list("ip", flat=True)) == {"203.0.113.7"}
    # The lockout itself, then the attempt refused while locked.
    lockouts = AuditEvent.objects.filter(action="lockout")
    assert [(e.user, e.ip) for e in lockouts] == [(vera_volunteer, "203.0.113.7")] * 2


@pytest.mark.django_db
def test_a_lockout_on_an_unknown_username_is_audited_without_a_user(client):
    for _ in range(5):
        attempt(client, "no_such_user", "guess")
    lockout = AuditEvent.objects.get(action="lockout")
    assert lockout.user is None
    assert lockout.ip == "203.0.113.7"


# --- sessions ------------------------------------------------------------------------


def test_logout_ends_the_session_on_the_server(client, vera_volunteer):
    assert attempt(client, "vera_volunteer", PASSWORD).status_code == 302
    old_cookie = client.cookies[project_settings.SESSION_COOKIE_NAME].value
    assert client.get(reverse("casework:dashboard")).status_code == 200
    client.post(reverse("logout"))

    # Replaying the old session cookie gets the login page, not the dashboard.
    client.cookies[project_settings.SESSION_COOKIE_NAME] = old_cookie
    response = client.get(reverse("casework:dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


def test_an_idle_session_expires_after_30_minutes():
    assert project_settings.SESSION_COOKIE_AGE == 30 * 60
    assert project_settings.SESSION_SAVE_EVERY_REQUEST  # each request restarts the 30 minutes


def test_a_session_ends_12_hours_after_login_however_active(client, vera_volunteer):
    assert attempt(client, "vera_volunteer", PASSWORD).status_code == 302
    session = client.session
    assert time.time() - session[SESSION_STARTED] < 60
    session[SESSION_STARTED] = time.time() - 12 * 60 * 60 - 1
    session.save()

    response = client.get(reverse("casework:case_list"))
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="logout", user=vera_volunteer).count() == 1

    # htmx gets a redirect of the whole page, not the login form inside a fragment.
    assert attempt(client, "vera_volunteer", PASSWORD).status_code == 302
    session = client.session
    session[SESSION_STARTED] = time.time() - 12 * 60 * 60 - 1
    session.save()
    response = client.get(reverse("casework:case_list"), headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"] == LOGIN


def test_a_session_within_12_hours_goes_on(client, vera_volunteer):
    assert attempt(client, "vera_volunteer", PASSWORD).status_code == 302
    session = client.session
    session[SESSION_STARTED] = time.time() - 11 * 60 * 60
    session.save()
    assert client.get(reverse("casework:case_list")).status_code == 200


def test_pages_carry_the_session_times_for_the_warning(client, vera_volunteer):
    assert attempt(client, "vera_volunteer", PASSWORD).status_code == 302
    session = client.session
    session[SESSION_STARTED] = time.time() - 11 * 60 * 60
    session.save()
    page = client.get(reverse("casework:case_list")).content.decode()
    assert 'data-idle-seconds="1800"' in page
    limit = int(page.split('data-limit-seconds="')[1].split('"')[0])
    assert 60 * 60 - 5 < limit <= 60 * 60
    assert 'data-warn-seconds="180"' in page
    assert f'data-signed-in="{vera_volunteer.pk}"' in page


def test_the_login_page_has_no_session_warning_and_a_place_to_say_what_is_kept(client):
    page = client.get(LOGIN).content.decode()
    assert "data-session-warning" not in page
    assert "data-signed-in" not in page
    assert "data-unsent-kept hidden" in page


def test_no_session_warning_before_the_second_factor(client, settings, vera_volunteer):
    settings.REQUIRE_2FA = True
    client.force_login(vera_volunteer)
    page = client.get(reverse("two_factor_setup")).content.decode()
    assert "data-session-warning" not in page
    assert "data-signed-in" not in page


def test_stay_signed_in_renews_the_session(client, vera_volunteer):
    assert attempt(client, "vera_volunteer", PASSWORD).status_code == 302
    cookie = client.cookies[project_settings.SESSION_COOKIE_NAME].value
    row = Session.objects.filter(session_key=stored_key(cookie))
    row.update(expire_date=timezone.now() + datetime.timedelta(seconds=60))  # a minute left
    response = client.post(reverse("casework:session_extend"))
    assert response.json() == {"seconds_left": 30 * 60}
    left = row.get().expire_date - timezone.now()
    assert datetime.timedelta(minutes=29) < left <= datetime.timedelta(minutes=30)


def test_stay_signed_in_never_goes_past_the_absolute_lifetime(client, vera_volunteer):
    assert attempt(client, "vera_volunteer", PASSWORD).status_code == 302
    session = client.session
    session[SESSION_STARTED] = time.time() - 12 * 60 * 60 + 100
    session.save()
    seconds_left = client.post(reverse("casework:session_extend")).json()["seconds_left"]
    assert 90 < seconds_left <= 100
    session = client.session
    session[SESSION_STARTED] = time.time() - 12 * 60 * 60 - 1
    session.save()
    response = client.post(reverse("casework:session_extend"))
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


def test_an_htmx_request_without_a_session_loads_the_login_page_whole(client):
    response = client.post(reverse("casework:intake_duplicates"), headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"] == f"{LOGIN}?next={reverse('casework:intake_duplicates')}"


def test_a_deactivated_users_session_stops_at_the_next_request(client, vera_volunteer):
    assert attempt(client, "vera_volunteer", PASSWORD).status_code == 302
    assert client.get(reverse("casework:dashboard")).status_code == 200
    vera_volunteer.is_active = False
    vera_volunteer.save()
    response = client.get(reverse("casework:dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)
