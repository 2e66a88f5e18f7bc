"""What a person does in the browser, step by step, for the browser tests; and where the
screenshots of a test go."""

from __future__ import annotations

import re
from pathlib import Path

from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.factories import PASSWORD

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


def screenshot_dir(node) -> Path:
    return SCREENSHOTS / node.name.removeprefix("test_")


def log_in(page: Page, screenshot, user, shot: str) -> None:
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    screenshot(f"{shot}-login")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    office = f" · {user.office.name}" if user.office else ""
    expect(page.get_by_role("navigation", name="Main")).to_contain_text(
        f"{user.first_name} · {user.get_role_display()}{office}"
    )
    screenshot(f"{shot}-dashboard")


def log_in_as(page: Page, user) -> None:
    """Logs in from the login page whatever its language, without screenshots."""
    page.goto(reverse("login"))
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form[data-login] button[type=submit]").click()
    expect(page.get_by_role("navigation").locator("form[data-logout]")).to_be_visible()


def log_out(page: Page, screenshot, shot: str) -> None:
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main")).not_to_contain_text("Log out")
    screenshot(f"{shot}-logged-out")


def case_actions(page: Page):
    return page.get_by_role("group", name="Case actions")
