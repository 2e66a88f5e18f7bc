"""The second factor in the browser: enrolment with the QR code, then the code at each login."""

from __future__ import annotations

import re

import pytest
from django_otp.oath import totp
from playwright.sync_api import Page, expect

from casework.models import AuthenticatorDevice
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def password(page: Page, user) -> None:
    page.goto("/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_a_volunteer_enrols_and_then_logs_in_with_a_code(
    page: Page, screenshot, settings, vera_volunteer
):
    settings.REQUIRE_2FA = True
    page.goto("/")
    expect(page.locator("#two-factor-off")).to_have_count(0)
    password(page, vera_volunteer)
    expect(page.get_by_role("heading", name="Set up two-factor authentication")).to_be_visible()
    expect(page.locator("#two-factor-qr")).to_be_visible()
    screenshot("setup")

    device = AuthenticatorDevice.objects.get(user=vera_volunteer)
    code = f"{totp(device.bin_key):06d}"
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Two-factor authentication is on")).to_be_visible()
    codes = page.locator("#recovery-codes li")
    expect(codes).to_have_count(10)
    recovery = codes.first.inner_text()
    screenshot("recovery-codes")
    page.get_by_role("link", name="I have written them down").click()
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    page.get_by_role("button", name="Log out").click()

    # Next login: the password, then a code. The app's code was just used: a recovery code.
    password(page, vera_volunteer)
    expect(page.get_by_role("heading", name="Second factor")).to_be_visible()
    screenshot("verify")
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("This code is wrong or has been used already.")).to_be_visible()
    screenshot("verify-refused")
    page.get_by_label("Code").fill(recovery)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/$"))
    screenshot("dashboard")


def test_the_demo_login_page_says_two_factor_is_off(page: Page, screenshot):
    page.goto("/accounts/login/")
    expect(page.locator("#two-factor-off")).to_contain_text("Two-factor authentication is off.")
    screenshot("login-demo")


def test_an_admin_logs_in_to_the_admin_under_the_no_referrer_policy(
    page: Page, screenshot, ada_admin, vera_volunteer
):
    """Every response says Referrer-Policy: no-referrer; the admin's forms must still post."""
    response = page.goto("/admin/login/")
    assert response is not None
    assert response.headers["referrer-policy"] == "no-referrer"
    page.get_by_label("Username").fill(ada_admin.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()
    screenshot("admin-index")
    # A form post inside the admin: an office's change form.
    page.get_by_role("link", name="Offices").first.click()
    page.get_by_role("link", name=vera_volunteer.office.name).click()
    page.get_by_label("City").fill("Warszawa")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("was changed successfully")).to_be_visible()
    vera_volunteer.office.refresh_from_db()
    assert vera_volunteer.office.city == "Warszawa"
    screenshot("admin-office-saved")
