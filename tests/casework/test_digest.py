"""The daily deadline digest (manage.py send_deadline_digest): references only, never names."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from casework import actions, tasks
from casework.models import AuditEvent
from tests import factories
from tests.factories import SENTINEL, TODAY, day

pytestmark = pytest.mark.usefixtures("frozen_today")


def with_email(user, email):
    user.email = email
    user.save()
    return user


def digest(**options) -> str:
    out = StringIO()
    call_command("send_deadline_digest", stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def sentinel_case(vera_volunteer):
    """vera's case of SENTINEL, with a task overdue, one due in 7 days and one due in 8."""
    return factories.sentinel_case(
        vera_volunteer,
        tasks=[
            ("Call the lawyer", day(-2)),
            ("Book the appointment", day(7)),
            # Not within 7 days: not in the digest.
            ("Later", day(8)),
        ],
    )


def test_digest_lists_overdue_and_due_within_7_days_by_reference(
    vera_volunteer, olga_coordinator, viktor_volunteer, sentinel_case
):
    with_email(vera_volunteer, "vera@example.org")
    with_email(olga_coordinator, "olga@example.org")
    # Nothing due on viktor's cases: he is skipped.
    with_email(viktor_volunteer, "viktor@example.org")
    output = digest()
    assert "Sent 2 digests. The digests list 4 items. 1 user had nothing due." in output
    assert sorted(message.to[0] for message in mail.outbox) == [
        "olga@example.org",
        "vera@example.org",
    ]
    message = next(m for m in mail.outbox if m.to == ["vera@example.org"])
    assert message.subject == ("You have 1 overdue deadline, and more are due within 7 days")
    body = message.body
    assert f"30 May 2026  {sentinel_case.reference}  Task: Call the lawyer" in body
    assert f"8 June 2026  {sentinel_case.reference}  Task: Book the appointment" in body
    assert f"/cases/{sentinel_case.pk}/" in body
    assert "Later" not in body
    assert body.index("You have 1 overdue deadline\n") < body.index(
        "You have 1 deadline due within 7 days\n"
    )
    for sent in mail.outbox:
        text = sent.subject + sent.body
        assert SENTINEL not in text
        assert "Sentinel" not in text
        assert "Сентынелавіч" not in text
    assert AuditEvent.objects.filter(
        user=vera_volunteer, detail="deadline digest e-mailed, 2 items"
    ).exists()


def test_digest_skips_users_without_email_inactive_or_admin(
    vera_volunteer, olga_coordinator, ada_admin, sentinel_case
):
    with_email(ada_admin, "ada@example.org")
    olga = with_email(olga_coordinator, "olga@example.org")
    olga.is_active = False
    olga.save()
    output = digest()
    assert "Sent 0 digests. The digests list 0 items. 0 users had nothing due." in output
    assert mail.outbox == []


def test_digest_only_of_visible_cases(world, sentinel_case):
    with_email(world.viktor, "viktor@example.org")
    actions.add_task(case=world.viktor_case, by=world.viktor, title="Call", due_on=TODAY)
    digest()
    assert len(mail.outbox) == 1
    assert world.viktor_case.reference in mail.outbox[0].body
    assert sentinel_case.reference not in mail.outbox[0].body


def test_digest_task_runs_the_same(vera_volunteer, sentinel_case):
    with_email(vera_volunteer, "vera@example.org")
    assert tasks.send_deadline_digest.call() == 1
    assert len(mail.outbox) == 1
