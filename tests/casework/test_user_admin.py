"""Admins create users, who set their own password through a one-time link (issue 4)."""

from __future__ import annotations

import datetime
import re
from unittest import mock

import pytest
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.contrib.messages import get_messages
from django.urls import reverse

from casework.models import User

ADD = reverse("admin:casework_user_add")
NEW_PASSWORD = "a long phrase nobody guesses"


def link_in(response) -> str:
    texts = [str(message) for message in get_messages(response.wsgi_request)]
    found = [re.search(r"<code>https?://[^/]+(/[^<]+)</code>", text) for text in texts]
    links = [match.group(1) for match in found if match]
    assert len(links) == 1, texts
    return links[0]


@pytest.fixture
def nina_link(client, ada_admin, warsaw) -> str:
    client.force_login(ada_admin)
    response = client.post(
        ADD,
        {
            "username": "nina",
            "first_name": "Nina",
            "last_name": "Fictional",
            "email": "nina@example.org",
            "role": "volunteer",
            "office": warsaw.pk,
        },
    )
    assert response.status_code == 302
    link = link_in(response)
    client.logout()
    return link


def test_a_new_user_has_no_password_until_they_set_it(client, nina_link):
    nina = User.objects.get(username="nina")
    assert not nina.has_usable_password()
    assert (nina.role, nina.office.name, nina.is_staff) == (
        "volunteer",
        "Test Office Warsaw",
        False,
    )

    page = client.get(nina_link, follow=True)
    assert "Set your password" in page.content.decode()
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else nina_link

    weak = client.post(form_url, {"new_password1": "short", "new_password2": "short"})
    assert "at least 12 characters" in weak.content.decode()
    mismatch = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": "other"})
    assert "didn’t match" in mismatch.content.decode()

    done = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert done.url == reverse("set_password_done")
    login = client.post(reverse("login"), {"username": "nina", "password": NEW_PASSWORD})
    assert login.status_code == 302

    # The link is spent.
    client.logout()
    again = client.get(nina_link, follow=True)
    assert "has expired or has already been used" in again.content.decode()


def test_the_link_expires_after_24_hours(client, nina_link):
    later = datetime.datetime.now() + datetime.timedelta(hours=24, minutes=1)
    with mock.patch.object(PasswordResetTokenGenerator, "_now", return_value=later):
        page = client.get(nina_link, follow=True)
    assert "has expired or has already been used" in page.content.decode()


def test_a_volunteer_needs_an_office(client, ada_admin):
    client.force_login(ada_admin)
    response = client.post(ADD, {"username": "omar", "role": "volunteer"})
    assert response.status_code == 200
    assert not User.objects.filter(username="omar").exists()
    assert "office" in response.content.decode().lower()


def test_an_admin_can_make_a_new_link_for_a_user(client, ada_admin, vera_volunteer):
    client.force_login(ada_admin)
    response = client.post(
        reverse("admin:casework_user_changelist"),
        {"action": "make_set_password_link", "_selected_action": [vera_volunteer.pk]},
    )
    link = link_in(response)
    client.logout()
    page = client.get(link, follow=True)
    assert "Set your password" in page.content.decode()
    assert "has expired" not in page.content.decode()


@pytest.mark.parametrize("who", ["vera_volunteer", "olga_coordinator", "lev_lawyer"])
def test_only_admins_reach_the_user_admin(client, request, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(ADD)
    assert response.status_code == 302
    assert "/admin/login/" in response.url
