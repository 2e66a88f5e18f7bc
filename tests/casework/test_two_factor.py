"""Two-factor authentication (issue 4): nothing but login, enrolment and logout before it."""

from __future__ import annotations

import datetime
import re
from unittest import mock
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.admin.sites import site as admin_site
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from casework import actions
from casework.models import AuditEvent, AuthenticatorDevice, RecoveryCodeDevice
from tests.factories import PASSWORD

SETUP = reverse("two_factor_setup")
VERIFY = reverse("two_factor_verify")
# The calendar feed's secret token is its credential (tests/casework/test_calendar_feed.py).
# The language menu too: the second-factor pages have it (test_the_menu_works_before_the_
# second_factor in test_languages.py).
EXEMPT = {
    "login",
    "logout",
    "two_factor_verify",
    "two_factor_setup",
    "calendar_feed_ics",
    "set_language",
}


@pytest.fixture(autouse=True)
def _second_factor_required(settings):
    settings.REQUIRE_2FA = True


def password_login(client, user) -> None:
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302


def later(seconds: int):
    """The clock that django-otp's throttling reads, moved on (TOTP codes follow time.time)."""
    return mock.patch(
        "django.utils.timezone.now",
        return_value=timezone.now() + datetime.timedelta(seconds=seconds),
    )


def code_for(device: AuthenticatorDevice, offset: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, drift=offset):06d}"


@pytest.fixture
def enrolled(vera_volunteer) -> AuthenticatorDevice:
    device = actions.start_second_factor(user=vera_volunteer)
    actions.confirm_second_factor(user=vera_volunteer, device=device)
    return device


CONVERTER = re.compile(r"<(?:\w+:)?\w+>")


def every_url() -> list[str]:
    """One concrete path for every URL pattern of the app and the admin, ids filled with 1."""
    paths = set()

    def walk(entries, prefix: str) -> None:
        for entry in entries:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, route)
            elif isinstance(entry, URLPattern) and entry.name not in EXEMPT:
                # The admin's app index is a regular expression over app labels.
                route = re.sub(r"\^\(\?P<app_label>[^)]*\)/\$", "casework/", route)
                route = CONVERTER.sub("1", route)
                if not any(ch in route for ch in "^$()?"):
                    paths.add(route)

    walk(get_resolver().url_patterns, "/")
    return sorted(paths - {"/favicon.ico"})  # a redirect to a static file, like static files


URLS = every_url()


def test_the_walk_covers_the_app_and_the_admin():
    assert "/" in URLS
    assert "/cases/1/summary.pdf" in URLS
    assert "/admin/" in URLS
    assert len(URLS) > 40


def test_every_url_needs_the_second_factor(client, ada_admin, vera_volunteer, enrolled):
    # vera has a device: she is sent to the code; ada has none: she is sent to enrolment.
    for user, target in ((vera_volunteer, VERIFY), (ada_admin, SETUP)):
        client.logout()
        password_login(client, user)
        for path in URLS:
            for method in ("get", "post"):
                response = getattr(client, method)(path)
                assert response.status_code == 302, (user, method, path, response.status_code)
                location = urlsplit(response.url)
                assert location.path == target, (user, method, path, response.url)
                assert parse_qs(location.query)["next"] == [path]


def test_htmx_requests_are_sent_to_the_second_factor_as_a_whole_page(client, vera_volunteer):
    password_login(client, vera_volunteer)
    response = client.get(reverse("casework:case_list"), headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"] == SETUP


def test_enrolment_shows_a_qr_code_made_here_and_gives_recovery_codes(client, vera_volunteer):
    password_login(client, vera_volunteer)
    page = client.get(SETUP).content.decode()
    assert 'src="data:image/svg+xml' in page  # drawn by the app, no external service
    device = AuthenticatorDevice.objects.get(user=vera_volunteer, confirmed=False)

    response = client.post(SETUP, {"token": "000000" if code_for(device) != "000000" else "1"})
    assert "This code does not match" in response.content.decode()
    assert not AuthenticatorDevice.objects.get(pk=device.pk).confirmed

    # Right after a wrong code, even the right one waits: guessing is slowed down.
    response = client.post(SETUP, {"token": code_for(device)})
    assert "Too many wrong codes" in response.content.decode()
    with later(60):
        response = client.post(SETUP, {"token": code_for(device)})
    assert response.status_code == 200
    codes = response.context["codes"]
    assert len(codes) == 10
    for code in codes:
        assert code in response.content.decode()
    assert AuthenticatorDevice.objects.get(pk=device.pk).confirmed
    assert client.get(reverse("casework:dashboard")).status_code == 200
    # Enrolment cannot be repeated to replace the device: only an admin reset does that.
    assert client.get(SETUP).url == VERIFY


def test_the_code_after_the_password_and_no_replay(client, vera_volunteer, enrolled):
    password_login(client, vera_volunteer)
    response = client.get(reverse("casework:case_list"))
    assert response.url == f"{VERIFY}?next=/cases/"
    code = code_for(enrolled)
    response = client.post(VERIFY, {"token": code, "next": "/cases/"})
    assert response.status_code == 302
    assert response.url == "/cases/"
    assert client.get("/cases/").status_code == 200

    # The same code in another session, within its 30 seconds, is refused.
    client.logout()
    password_login(client, vera_volunteer)
    response = client.post(VERIFY, {"token": code})
    assert response.status_code == 200
    assert "has been used already" in response.content.decode()
    assert client.get("/cases/").status_code == 302
    failures = AuditEvent.objects.filter(action="login_failed", detail="second factor")
    assert failures.count() == 1


def test_a_recovery_code_works_once(client, vera_volunteer):
    device = actions.start_second_factor(user=vera_volunteer)
    codes = actions.confirm_second_factor(user=vera_volunteer, device=device)
    password_login(client, vera_volunteer)
    assert client.post(VERIFY, {"token": codes[0].upper()}).status_code == 302
    client.logout()
    password_login(client, vera_volunteer)
    response = client.post(VERIFY, {"token": codes[0]})
    assert "has been used already" in response.content.decode()
    assert "Too many wrong codes" in client.post(VERIFY, {"token": codes[1]}).content.decode()
    with later(60):
        assert client.post(VERIFY, {"token": codes[1]}).status_code == 302


@pytest.mark.parametrize("token", ["", "12 34 5<script>", "x" * 17, "１２３４５６"])
def test_bad_codes_get_a_message_not_an_error(client, vera_volunteer, enrolled, token):
    password_login(client, vera_volunteer)
    response = client.post(VERIFY, {"token": token})
    assert response.status_code == 200
    assert 'class="invalid-feedback' in response.content.decode()
    assert "<script>" not in response.content.decode()


def test_an_admin_resets_a_second_factor_and_it_is_logged(client, ada_admin, vera_volunteer):
    device = actions.start_second_factor(user=vera_volunteer)
    actions.confirm_second_factor(user=vera_volunteer, device=device)
    ada_device = actions.start_second_factor(user=ada_admin)
    actions.confirm_second_factor(user=ada_admin, device=ada_device)
    password_login(client, ada_admin)
    client.post(VERIFY, {"token": code_for(ada_device)})

    response = client.post(reverse("casework:user_reset_second_factor", args=[vera_volunteer.pk]))
    assert response.status_code == 302
    assert not AuthenticatorDevice.objects.filter(user=vera_volunteer).exists()
    assert not RecoveryCodeDevice.objects.filter(user=vera_volunteer).exists()
    event = AuditEvent.objects.get(action="2fa_reset")
    assert (event.user, event.detail) == (ada_admin, f"user {vera_volunteer.pk}")
    # Devices and their secrets are not in the admin at all.
    for model in (AuthenticatorDevice, RecoveryCodeDevice, TOTPDevice, StaticDevice):
        assert not admin_site.is_registered(model)


def test_the_demo_login_page_says_when_two_factor_is_off(client, settings):
    assert "Two-factor authentication is off" not in client.get(reverse("login")).content.decode()
    settings.REQUIRE_2FA = False
    assert "Two-factor authentication is off" in client.get(reverse("login")).content.decode()


# On a phone: the page that shows the code is the phone that should read it.


def test_enrolment_offers_the_app_link_the_grouped_key_and_a_copy_button(client, vera_volunteer):
    password_login(client, vera_volunteer)
    page = client.get(SETUP).content.decode()
    device = AuthenticatorDevice.objects.get(user=vera_volunteer, confirmed=False)
    secret = re.search(r'data-copy="([A-Z2-7]+)"', page).group(1)
    link = re.search(r'href="(otpauth://[^"]+)" id="two-factor-open"', page).group(1)
    assert parse_qs(urlsplit(link.replace("&amp;", "&")).query)["secret"] == [secret]
    assert link.replace("&amp;", "&") == device.config_url
    shown = re.search(r'id="two-factor-key"[^>]*>([^<]+)<', page).group(1)
    assert shown.split() == [secret[i : i + 4] for i in range(0, len(secret), 4)]
    assert all(len(group) == 4 for group in shown.split()[:-1])


def test_a_retry_too_soon_says_how_long_to_wait(client, vera_volunteer):
    password_login(client, vera_volunteer)
    client.get(SETUP)
    device = AuthenticatorDevice.objects.get(user=vera_volunteer, confirmed=False)
    wrong = "000000" if code_for(device) != "000000" else "111111"
    client.post(SETUP, {"token": wrong})
    assert "Wait 1 second, then try again." in client.post(SETUP, {"token": wrong}).content.decode()
    # The second wrong code doubles the wait, and the page says so.
    with later(2):
        client.post(SETUP, {"token": wrong})
        page = client.post(SETUP, {"token": wrong}).content.decode()
    assert "Wait 2 seconds, then try again." in page
