"""The per-user iCalendar feed: a secret address, stored hashed, revocable and renewable."""

from __future__ import annotations

import hashlib
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from casework import actions
from casework.deadlines import ical
from casework.models import AuditEvent, CalendarFeed, DocumentKind
from tests import factories
from tests.factories import SENTINEL, TODAY, add_identity_document

pytestmark = pytest.mark.usefixtures("frozen_today")


def feed_path(token: str) -> str:
    return reverse("casework:calendar_feed_ics", args=[token])


def new_feed(user) -> str:
    return feed_path(actions.create_calendar_feed(user=user)[1])


@pytest.fixture
def sentinel_case(vera_volunteer):
    """vera's case of SENTINEL, with a task and a passport, both due today."""
    case = factories.sentinel_case(vera_volunteer, tasks=[("Renew; residence, card\\now", TODAY)])
    add_identity_document(case, vera_volunteer, expires_on=TODAY, renewable_abroad=False)
    return case


# The settings page


def test_feed_page_needs_login_and_a_casework_role(client, login, ada_admin):
    response = client.get(reverse("casework:calendar_feed"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert login(ada_admin).get(reverse("casework:calendar_feed")).status_code == 404


def test_create_shows_the_address_once_and_stores_only_its_hash(login, vera_volunteer):
    client = login(vera_volunteer)
    page = client.get(reverse("casework:calendar_feed")).content.decode()
    assert "You have no calendar address." in page
    response = client.post(reverse("casework:calendar_feed"), {"action": "create"})
    assert response.status_code == 200
    content = response.content.decode()
    url = re.search(r'value="(http://testserver/calendar/([\w-]+)\.ics)"', content)
    assert url, content
    token = url.group(2)
    assert len(token) >= 40
    feed = CalendarFeed.objects.get(user=vera_volunteer)
    assert feed.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(list(CalendarFeed.objects.values_list()))
    assert AuditEvent.objects.filter(
        user=vera_volunteer, detail=f"calendar feed {feed.pk} created"
    ).exists()
    # Shown once: the page does not show it again.
    assert token not in client.get(reverse("casework:calendar_feed")).content.decode()
    assert client.get(feed_path(token)).status_code == 200


def test_revoke_and_renew(client, login, vera_volunteer, sentinel_case):
    page = login(vera_volunteer)
    page.post(reverse("casework:calendar_feed"), {"action": "create"})
    first = CalendarFeed.objects.get(user=vera_volunteer)
    content = page.post(reverse("casework:calendar_feed"), {"action": "renew"}).content.decode()
    token = re.search(r"/calendar/([\w-]+)\.ics", content).group(1)
    first.refresh_from_db()
    assert first.revoked_at is not None
    assert CalendarFeed.objects.filter(user=vera_volunteer, revoked_at=None).count() == 1
    outside = Client()
    assert outside.get(feed_path(token)).status_code == 200
    response = page.post(reverse("casework:calendar_feed"), {"action": "revoke"})
    assert response.status_code == 302
    assert outside.get(feed_path(token)).status_code == 404
    assert not CalendarFeed.objects.filter(user=vera_volunteer, revoked_at=None).exists()
    assert AuditEvent.objects.filter(user=vera_volunteer, detail__endswith="revoked").count() == 2


def test_unknown_action_changes_nothing(login, vera_volunteer):
    response = login(vera_volunteer).post(reverse("casework:calendar_feed"), {"action": "<x>"})
    assert response.status_code == 302
    assert not CalendarFeed.objects.exists()


# The feed


def test_feed_is_valid_icalendar_without_names(vera_volunteer, sentinel_case):
    response = Client().get(new_feed(vera_volunteer))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "no-store"
    body = response.content.decode()
    assert SENTINEL not in body
    assert "Sentinel" not in body
    assert "Сентынелавіч" not in body
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert body.endswith("END:VCALENDAR\r\n")
    assert "\n" not in body.replace("\r\n", "")
    lines = body.split("\r\n")[:-1]
    assert all(len(line.encode()) <= 75 for line in lines)
    unfolded = body.replace("\r\n ", "")
    ref = sentinel_case.reference
    assert f"SUMMARY:{ref}: Task: Renew\\; residence\\, card\\\\now\r\n" in unfolded
    assert f"SUMMARY:{ref}: National passport expires\r\n" in unfolded
    assert unfolded.count("BEGIN:VEVENT") == 2
    assert "DTSTART;VALUE=DATE:20260601\r\n" in unfolded
    assert "DTEND;VALUE=DATE:20260602\r\n" in unfolded
    assert "DTSTAMP:20260601T120000Z\r\n" in unfolded
    uids = re.findall(r"UID:(\S+)\r\n", unfolded)
    assert len(set(uids)) == 2
    assert all(uid.endswith(f".case-{sentinel_case.pk}@testserver") for uid in uids)


def test_feed_lists_only_visible_cases(world, sentinel_case):
    actions.add_task(case=world.viktor_case, by=world.viktor, title="Call", due_on=TODAY)
    vera_feed = Client().get(new_feed(world.vera)).content.decode()
    assert sentinel_case.reference in vera_feed
    assert world.viktor_case.reference not in vera_feed
    olga_feed = Client().get(new_feed(world.olga)).content.decode()
    assert sentinel_case.reference in olga_feed
    assert world.viktor_case.reference in olga_feed


def test_feed_read_is_audited(vera_volunteer, sentinel_case):
    path = new_feed(vera_volunteer)
    Client().get(path)
    feed = CalendarFeed.objects.get(user=vera_volunteer)
    event = AuditEvent.objects.filter(user=vera_volunteer, action="view").first()
    assert event.detail == f"calendar feed {feed.pk} read, 2 items"
    assert event.case is None


@pytest.mark.parametrize("token", ["x", "A" * 43, "../../etc/passwd", "%00", "é" * 10])
def test_unknown_token_answers_404(db, client, token):
    assert client.get(f"/calendar/{token}.ics").status_code == 404


def test_deactivated_user_feed_answers_404(vera_volunteer, sentinel_case):
    path = new_feed(vera_volunteer)
    vera_volunteer.is_active = False
    vera_volunteer.save()
    assert Client().get(path).status_code == 404


def test_feed_is_reached_without_second_factor(settings, login, vera_volunteer):
    settings.REQUIRE_2FA = True
    path = new_feed(vera_volunteer)
    # A password-only session (not verified) is not sent to the second-factor pages.
    assert login(vera_volunteer).get(path).status_code == 200
    assert login(vera_volunteer).get(reverse("casework:dashboard")).status_code == 302


# The writer


def test_escape_text():
    assert ical.escape_text("a,b;c\\d\ne\r\nf") == "a\\,b\\;c\\\\d\\ne\\nf"
    assert ical.escape_text("bell\x07") == "bell"


def test_fold_at_75_octets_without_splitting_characters():
    line = "SUMMARY:" + "ў" * 100
    folded = ical.fold(line)
    pieces = folded.split("\r\n")
    assert all(len(piece.encode()) <= 75 for piece in pieces)
    assert all(piece.startswith(" ") for piece in pieces[1:])
    assert "".join(p[1:] if i else p for i, p in enumerate(pieces)) == line
    assert ical.fold("short") == "short"


# The feed's language: its owner's (User.language, else English), not the fetching app's


def feed_text(path: str, **headers) -> str:
    return Client().get(path, headers=headers).content.decode().replace("\r\n ", "")


@pytest.mark.parametrize("language", ["be", "pl"])
def test_feed_is_in_its_owners_language(vera_volunteer, sentinel_case, language):
    actions.choose_language(user=vera_volunteer, language=language)
    path = new_feed(vera_volunteer)
    # A calendar application may send any Accept-Language, or none.
    response = Client().get(path, headers={"Accept-Language": "ru"})
    assert response["Content-Language"] == language
    body = response.content.decode().replace("\r\n ", "")
    with translation.override(language):
        passport = str(DocumentKind.NATIONAL_PASSPORT.label)
        expires = gettext("%(document)s expires") % {"document": passport}
        name = gettext("Casework deadlines")
    assert passport != "National passport", f"{language} catalogue lacks the document kind"
    assert name != "Casework deadlines", f"{language} catalogue lacks the calendar's name"
    assert f"SUMMARY:{sentinel_case.reference}: {ical.escape_text(expires)}\r\n" in body
    assert f"X-WR-CALNAME:{ical.escape_text(name)}\r\n" in body
    assert "National passport" not in body
    # The format stays the standard's.
    assert "DTSTART;VALUE=DATE:20260601\r\n" in body


def test_feed_of_an_owner_without_a_language_is_in_english(vera_volunteer, sentinel_case):
    body = feed_text(new_feed(vera_volunteer), **{"Accept-Language": "be"})
    assert f"SUMMARY:{sentinel_case.reference}: National passport expires\r\n" in body
    assert "X-WR-CALNAME:Casework deadlines\r\n" in body
