"""Separation of duties for admins: every change to an account is audited under the account
it concerns, its office's coordinators see it, the user is told by e-mail, and a coordinator
or admin role or an office takes a second admin (four eyes)."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp import devices_for_user

from casework import actions
from casework.models import AccountChangeRequest, AuditEvent, User
from tests import factories

ADD = reverse("casework:user_create")
REQUESTS = reverse("admin:casework_accountchangerequest_changelist")
NEW_PASSWORD = "a long phrase nobody guesses"


def post_change(client, user: User, **fields) -> None:
    """Changes an account on its page under Accounts: "Deactivate" / "Reactivate" for
    is_active, "Change the account" for the rest."""
    if "is_active" in fields:
        active = "1" if fields.pop("is_active") else "0"
        response = client.post(
            reverse("casework:user_set_active", args=[user.pk]), {"active": active}
        )
        assert response.status_code == 302
    if fields:
        url = reverse("casework:user_change", args=[user.pk])
        response = client.post(url, factories.account_form_data(user, **fields))
        assert response.status_code == 302, response.content.decode()[:3000]


def decide(client, change: AccountChangeRequest, action: str):
    name = "account_change_approve" if action == "approve" else "account_change_decline"
    return client.post(reverse(f"casework:{name}", args=[change.pk]), follow=True)


# What the account's page says when a request is not this admin's to decide.
REFUSED = "Another administrator, neither its requester nor its account, decides this request"


def events_about(user: User) -> list[str]:
    return list(
        AuditEvent.objects.filter(subject_id=user.pk)
        .order_by("pk")
        .values_list("detail", flat=True)
    )


def audit_page(client, viewer: User) -> str:
    client.force_login(viewer)
    response = client.get(reverse("casework:audit_log"))
    return response.content.decode() if response.status_code == 200 else ""


@pytest.fixture
def bruno_admin(db) -> User:
    return factories.user("bruno_admin", "admin")


@pytest.fixture
def carla_admin(db) -> User:
    return factories.user("carla_admin", "admin")


@pytest.fixture
def riga(db):
    return actions.save_office(
        name="Test Office Riga", country="LV", city="Riga", time_zone="Europe/Riga"
    )[0]


@pytest.fixture
def rita_coordinator(riga) -> User:
    return factories.user("rita_coordinator", "coordinator", riga)


@pytest.fixture
def one_admin(settings):
    settings.ADMIN_FOUR_EYES = False


# --- four eyes ------------------------------------------------------------------------


def test_four_eyes_is_on_by_default(settings):
    assert settings.ADMIN_FOUR_EYES is True


def test_a_coordinator_role_waits_for_a_second_admin(
    client, ada_admin, bruno_admin, vera_volunteer
):
    client.force_login(ada_admin)
    post_change(client, vera_volunteer, role="coordinator")
    vera_volunteer.refresh_from_db()
    assert vera_volunteer.role == "volunteer"
    change = AccountChangeRequest.objects.pending().get(user=vera_volunteer)
    assert (change.role, change.office, change.requested_by) == (
        "coordinator",
        vera_volunteer.office,
        ada_admin,
    )
    assert events_about(vera_volunteer)[-1] == (
        f"User {vera_volunteer.pk} change requested: role (AccountChangeRequest {change.pk})"
    )

    # The requester cannot approve their own request.
    page = decide(client, change, "approve").content.decode()
    assert REFUSED in page
    vera_volunteer.refresh_from_db()
    assert vera_volunteer.role == "volunteer"
    assert AccountChangeRequest.objects.get(pk=change.pk).is_pending

    # A second admin can.
    client.force_login(bruno_admin)
    page = decide(client, change, "approve").content.decode()
    assert "Approved: the account is changed as requested." in page
    vera_volunteer.refresh_from_db()
    assert vera_volunteer.role == "coordinator"
    change.refresh_from_db()
    assert (change.approved, change.decided_by) == (True, bruno_admin)
    event = AuditEvent.objects.filter(subject_id=vera_volunteer.pk).latest("pk")
    assert (event.action, event.user, event.subject) == (
        "account_change",
        bruno_admin,
        vera_volunteer,
    )
    assert event.detail == (
        f"User {vera_volunteer.pk} changed: role (AccountChangeRequest {change.pk} approved)"
    )
    # Decided once: nobody decides it again.
    assert REFUSED in decide(client, change, "decline").content.decode()


def test_a_second_admin_can_decline(client, ada_admin, bruno_admin, vera_volunteer, vilnius):
    client.force_login(ada_admin)
    post_change(client, vera_volunteer, office=vilnius.pk)
    change = AccountChangeRequest.objects.pending().get(user=vera_volunteer)
    client.force_login(bruno_admin)
    assert (
        "Declined: the account stays as it was."
        in decide(client, change, "decline").content.decode()
    )
    vera_volunteer.refresh_from_db()
    assert vera_volunteer.office.name == "Test Office Warsaw"
    change.refresh_from_db()
    assert change.approved is False
    assert events_about(vera_volunteer)[-1].endswith(f"declined (AccountChangeRequest {change.pk})")


def test_the_subject_of_a_request_cannot_approve_it(client, ada_admin, bruno_admin, warsaw):
    # An admin asked to become an office's coordinator does not decide it themselves.
    change = actions.request_account_change(
        user=bruno_admin, by=ada_admin, role="coordinator", office=warsaw
    )
    client.force_login(bruno_admin)
    assert REFUSED in decide(client, change, "approve").content.decode()
    bruno_admin.refresh_from_db()
    assert (bruno_admin.role, bruno_admin.office) == ("admin", None)
    with pytest.raises(PermissionDenied):
        actions.approve_account_change(change=change, by=bruno_admin)


def test_a_new_account_gets_its_office_only_once_approved(
    client, ada_admin, bruno_admin, warsaw, django_capture_on_commit_callbacks
):
    client.force_login(ada_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            ADD,
            {
                "username": "nina",
                "email": "nina@example.org",
                "role": "coordinator",
                "office": warsaw.pk,
                "language": "",
            },
            follow=True,
        )
    page = response.content.decode()
    assert "Their role or office waits for a second administrator" in page
    # No link yet: the admin who asked for the access never holds a way into the account.
    assert "an administrator other than you sends the set-password link" in page
    assert "/accounts/set-password/" not in page
    # Nor is the new user told of a request made with the account.
    assert mail.outbox == []
    nina = User.objects.get(username="nina")
    # Meanwhile a volunteer of no office, who sees no case.
    assert (nina.role, nina.office, nina.is_staff) == ("volunteer", None, False)
    change = AccountChangeRequest.objects.pending().get(user=nina)
    assert (change.role, change.office) == ("coordinator", warsaw)
    with pytest.raises(PermissionDenied):
        actions.make_set_password_link(user=nina, by=bruno_admin)  # not while it waits
    client.force_login(bruno_admin)
    decide(client, change, "approve")
    nina.refresh_from_db()
    assert (nina.role, nina.office) == ("coordinator", warsaw)
    # The approver makes the link; the admin who asked may not.
    with pytest.raises(PermissionDenied):
        actions.make_set_password_link(user=nina, by=ada_admin)
    assert actions.make_set_password_link(user=nina, by=bruno_admin).startswith("/accounts/")


def test_an_admin_role_waits_too(client, ada_admin, lev_lawyer):
    # Otherwise one admin could make a colluding second admin who approves everything.
    client.force_login(ada_admin)
    post_change(client, lev_lawyer, role="admin")
    lev_lawyer.refresh_from_db()
    assert (lev_lawyer.role, lev_lawyer.is_staff) == ("legal_aid", False)
    assert AccountChangeRequest.objects.pending().get(user=lev_lawyer).role == "admin"


def test_reactivating_an_account_waits_too(
    client, ada_admin, bruno_admin, olga_coordinator, one_admin, settings
):
    # A former coordinator's account, reactivated, would read the office's cases again.
    client.force_login(ada_admin)
    post_change(client, olga_coordinator, is_active=False)
    settings.ADMIN_FOUR_EYES = True
    post_change(client, olga_coordinator, is_active=True)
    olga_coordinator.refresh_from_db()
    assert not olga_coordinator.is_active
    change = AccountChangeRequest.objects.pending().get(user=olga_coordinator)
    assert events_about(olga_coordinator)[-1] == (
        f"User {olga_coordinator.pk} change requested: is_active (AccountChangeRequest {change.pk})"
    )
    client.force_login(bruno_admin)
    decide(client, change, "approve")
    olga_coordinator.refresh_from_db()
    assert (olga_coordinator.is_active, olga_coordinator.role) == (True, "coordinator")


def test_deactivating_drops_pending_requests(client, ada_admin, bruno_admin, vera_volunteer):
    client.force_login(ada_admin)
    post_change(client, vera_volunteer, role="coordinator")
    change = AccountChangeRequest.objects.pending().get(user=vera_volunteer)
    post_change(client, vera_volunteer, is_active=False)
    client.force_login(bruno_admin)
    assert REFUSED in decide(client, change, "approve").content.decode()
    vera_volunteer.refresh_from_db()
    assert (vera_volunteer.is_active, vera_volunteer.role) == (False, "volunteer")


def test_taking_a_role_away_applies_at_once(client, ada_admin, olga_coordinator):
    client.force_login(ada_admin)
    post_change(client, olga_coordinator, role="volunteer")
    olga_coordinator.refresh_from_db()
    assert olga_coordinator.role == "volunteer"
    assert not AccountChangeRequest.objects.exists()


def test_a_newer_request_replaces_a_pending_one(ada_admin, vera_volunteer, vilnius, riga):
    first = actions.request_account_change(
        user=vera_volunteer, by=ada_admin, role="volunteer", office=vilnius
    )
    second = actions.request_account_change(
        user=vera_volunteer, by=ada_admin, role="volunteer", office=riga
    )
    first.refresh_from_db()
    assert (first.is_pending, first.approved) == (False, False)
    assert list(AccountChangeRequest.objects.pending()) == [second]


def test_nobody_promotes_themselves(client, ada_admin, bruno_admin, warsaw):
    client.force_login(ada_admin)
    client.post(
        reverse("casework:user_change", args=[ada_admin.pk]),
        factories.account_form_data(ada_admin, role="coordinator", office=warsaw.pk),
    )
    ada_admin.refresh_from_db()
    assert (ada_admin.role, ada_admin.office) == ("admin", None)
    assert not AccountChangeRequest.objects.exists()
    with pytest.raises(PermissionDenied):
        actions.request_account_change(
            user=ada_admin, by=ada_admin, role="coordinator", office=warsaw
        )


def test_with_four_eyes_off_a_role_applies_at_once(client, ada_admin, vera_volunteer, one_admin):
    client.force_login(ada_admin)
    post_change(client, vera_volunteer, role="coordinator")
    vera_volunteer.refresh_from_db()
    assert vera_volunteer.role == "coordinator"
    assert not AccountChangeRequest.objects.exists()
    assert events_about(vera_volunteer)[-1] == f"User {vera_volunteer.pk} changed: role"


def test_the_requests_page_is_for_admins_only(client, ada_admin, olga_coordinator):
    client.force_login(olga_coordinator)
    response = client.get(REQUESTS)
    assert response.status_code == 302
    assert "/admin/login/" in response.url
    client.force_login(ada_admin)
    assert client.get(REQUESTS).status_code == 200


# --- what is audited ------------------------------------------------------------------


def test_active_flag_and_set_password_link_are_audited(client, ada_admin, vera_volunteer):
    client.force_login(ada_admin)
    post_change(client, vera_volunteer, is_active=False)
    vera_volunteer.refresh_from_db()
    assert not vera_volunteer.is_active
    client.post(reverse("casework:user_password_link", args=[vera_volunteer.pk]))
    assert events_about(vera_volunteer) == [
        f"User {vera_volunteer.pk} changed: is_active",
        f"User {vera_volunteer.pk} set-password link made",
    ]
    event = AuditEvent.objects.filter(subject_id=vera_volunteer.pk).latest("pk")
    assert (event.user, event.subject_office) == (ada_admin, vera_volunteer.office)


def test_setting_a_password_through_the_link_is_audited(client, ada_admin, vera_volunteer):
    link = actions.make_set_password_link(user=vera_volunteer, by=ada_admin)
    page = client.get(link, follow=True)
    form_url = page.redirect_chain[-1][0]
    done = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    vera_volunteer.refresh_from_db()
    assert vera_volunteer.check_password(NEW_PASSWORD)
    event = AuditEvent.objects.filter(subject_id=vera_volunteer.pk).latest("pk")
    assert event.detail == f"User {vera_volunteer.pk} changed: password (set-password link)"
    assert NEW_PASSWORD not in event.detail
    # The link is spent.
    again = client.get(link, follow=True)
    assert "has expired or has already been used" in again.content.decode()


def test_second_factor_reset_and_enrolment_name_the_account(ada_admin, olga_coordinator):
    actions.reset_second_factor(user=olga_coordinator, by=ada_admin)
    reset = AuditEvent.objects.get(action="2fa_reset")
    assert (reset.user, reset.subject, reset.subject_office) == (
        ada_admin,
        olga_coordinator,
        olga_coordinator.office,
    )
    device = actions.start_second_factor(user=olga_coordinator)
    codes = actions.confirm_second_factor(user=olga_coordinator, device=device)
    enrolled = AuditEvent.objects.filter(subject_id=olga_coordinator.pk).latest("pk")
    assert (enrolled.action, enrolled.user) == ("account_change", olga_coordinator)
    assert enrolled.detail == f"User {olga_coordinator.pk} changed: second factor enrolled"
    assert not any(code in enrolled.detail for code in codes)


def test_a_deleted_account_keeps_its_events(client, ada_admin, vera_volunteer, olga_coordinator):
    # No page deletes an account (it is deactivated); the server's own tools may, as here.
    pk = vera_volunteer.pk
    actions.delete_as_admin(record=vera_volunteer, by=ada_admin)
    assert not User.objects.filter(pk=pk).exists()
    event = AuditEvent.objects.filter(subject_id=pk).get()
    assert event.detail == f"User {pk} deleted"
    assert f"deleted account {pk}" in audit_page(client, olga_coordinator)


# --- who sees the events --------------------------------------------------------------


def test_coordinators_of_both_offices_see_a_move(
    client,
    ada_admin,
    viktor_volunteer,
    olga_coordinator,
    tomas_coordinator,
    rita_coordinator,
    vera_volunteer,
    lev_lawyer,
    vilnius,
    one_admin,
):
    client.force_login(ada_admin)
    post_change(client, viktor_volunteer, office=vilnius.pk)
    event = AuditEvent.objects.filter(subject_id=viktor_volunteer.pk).latest("pk")
    assert (event.subject_office.name, event.subject_new_office.name) == (
        "Test Office Warsaw",
        "Test Office Vilnius",
    )
    marker = f'data-event="{event.pk}"'
    assert marker in audit_page(client, olga_coordinator)
    assert marker in audit_page(client, tomas_coordinator)
    assert marker not in audit_page(client, rita_coordinator)
    assert marker in audit_page(client, ada_admin)
    for nobody in (vera_volunteer, lev_lawyer):
        client.force_login(nobody)
        assert client.get(reverse("casework:audit_log")).status_code == 404
    for coordinator, sees in [
        (olga_coordinator, True),
        (tomas_coordinator, True),
        (rita_coordinator, False),
    ]:
        assert AuditEvent.objects.readable_by(coordinator).filter(pk=event.pk).exists() is sees


def test_a_requested_move_shows_to_both_offices(
    ada_admin, viktor_volunteer, olga_coordinator, tomas_coordinator, rita_coordinator, vilnius
):
    actions.request_account_change(
        user=viktor_volunteer, by=ada_admin, role="volunteer", office=vilnius
    )
    event = AuditEvent.objects.filter(subject_id=viktor_volunteer.pk).latest("pk")
    assert AuditEvent.objects.readable_by(olga_coordinator).filter(pk=event.pk).exists()
    assert AuditEvent.objects.readable_by(tomas_coordinator).filter(pk=event.pk).exists()
    assert not AuditEvent.objects.readable_by(rita_coordinator).filter(pk=event.pk).exists()


def test_the_dashboard_tells_the_offices_coordinator(
    login, ada_admin, vera_volunteer, olga_coordinator, tomas_coordinator
):
    actions.reset_second_factor(user=vera_volunteer, by=ada_admin)
    page = login(olga_coordinator).get(reverse("casework:dashboard")).content.decode()
    assert "Changes in the last 14 days to the accounts that work on your office's cases" in page
    assert "Second factor reset of vera_volunteer by ada_admin" in page
    # Its link to the audit log lists the office's account changes.
    listed = login(olga_coordinator).get(reverse("casework:audit_log") + "?action=2fa_reset")
    event = AuditEvent.objects.get(action="2fa_reset")
    assert f'data-event="{event.pk}"' in listed.content.decode()
    for other in (tomas_coordinator, vera_volunteer):
        page = login(other).get(reverse("casework:dashboard")).content.decode()
        assert "account-notice" not in page
        assert "vera_volunteer by ada_admin" not in page


# --- e-mail ---------------------------------------------------------------------------


@pytest.fixture
def ewa(warsaw) -> User:
    return actions.create_user(
        username="ewa_volunteer",
        role="volunteer",
        office=warsaw,
        password=None,
        email="ewa@example.org",
    )


def test_the_user_is_told_by_email(
    client, ada_admin, bruno_admin, carla_admin, ewa, django_capture_on_commit_callbacks
):
    client.force_login(ada_admin)
    with django_capture_on_commit_callbacks(execute=True):
        post_change(client, ewa, email="ewa.new@example.org")
    # The old address too: a captured admin might redirect the account's mail. A message
    # each, so that the old address is not shown the new one.
    assert sorted(message.to for message in mail.outbox) == [
        ["ewa.new@example.org"],
        ["ewa@example.org"],
    ]
    for message in mail.outbox:
        assert "an administrator changed your account: email address." in message.body
        assert "If you did not expect this, tell your coordinator." in message.body

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        # ada changed the address: another admin gives the way in.
        actions.reset_second_factor(user=ewa, by=bruno_admin)
        link = actions.make_set_password_link(user=ewa, by=bruno_admin)
        # bruno holds a way into the account now: another admin asks for its access.
        client.force_login(carla_admin)
        post_change(client, ewa, role="coordinator")
    bodies = [message.body for message in mail.outbox]
    assert len(bodies) == 3
    assert "reset your account's second factor" in bodies[0]
    assert "one-time link to set a new password" in bodies[1]
    assert "an administrator asked to change your account: role." in bodies[2]
    # No secret in it.
    token = link.rstrip("/").split("/")[-1]
    assert not any(token in body for body in bodies)

    mail.outbox.clear()
    change = AccountChangeRequest.objects.pending().get(user=ewa)
    with django_capture_on_commit_callbacks(execute=True):
        actions.approve_account_change(change=change, by=ada_admin)
    assert [message.to for message in mail.outbox] == [["ewa.new@example.org"]]
    assert "a second administrator approved a change to your account" in mail.outbox[0].body


def test_no_email_for_the_users_own_change_or_without_an_address(
    client, ada_admin, ewa, vera_volunteer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        device = actions.start_second_factor(user=ewa)
        actions.confirm_second_factor(user=ewa, device=device)
        actions.set_password_by_link(user=ewa, password=NEW_PASSWORD)
        actions.reset_second_factor(user=vera_volunteer, by=ada_admin)
    assert mail.outbox == []


def test_the_account_notices_cost_one_query_however_many(
    login, ada_admin, olga_coordinator, warsaw
):
    client = login(olga_coordinator)
    client.get(reverse("casework:dashboard"))
    counts = []
    for size in (1, 12):
        for i in range(size):
            user = factories.user(f"user{size}_{i}", "volunteer", warsaw)
            actions.reset_second_factor(user=user, by=ada_admin)
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("casework:dashboard")).content.decode()
        counts.append(len(queries))
        assert page.count('class="list-group-item account-notice"') == min(size, 10)
    assert counts[0] == counts[1]


def test_an_admin_changing_their_own_password_is_audited(login, ada_admin):
    client = login(ada_admin)

    done = client.post(
        reverse("admin:password_change"),
        {
            "old_password": factories.PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )

    assert done.status_code == 302
    ada_admin.refresh_from_db()
    assert ada_admin.check_password(NEW_PASSWORD)
    event = AuditEvent.objects.get(action="account_change", subject=ada_admin)
    assert (event.user, event.detail) == (ada_admin, f"User {ada_admin.pk} changed: password (own)")


# --- no admin alone holds a way into an account with access -----------------------------


def test_no_link_or_reset_for_an_admin_account_or_ones_own(client, ada_admin, bruno_admin):
    # Otherwise ada logs in as bruno and approves her own requests.
    client.force_login(ada_admin)
    for action in ("user_password_link", "user_reset_second_factor"):
        for account in (bruno_admin, ada_admin):
            response = client.post(reverse(f"casework:{action}", args=[account.pk]), follow=True)
            page = response.content.decode()
            assert "manage.py recover_account" in page
            assert "/accounts/set-password/" not in page
    assert events_about(bruno_admin) == events_about(ada_admin) == []


def test_an_admin_who_made_a_link_neither_asks_nor_approves_access(
    ada_admin, bruno_admin, carla_admin, vera_volunteer, ewa
):
    actions.make_set_password_link(user=ewa, by=ada_admin)
    actions.reset_second_factor(user=vera_volunteer, by=ada_admin)
    for account in (ewa, vera_volunteer):
        with pytest.raises(PermissionDenied):
            actions.request_account_change(
                user=account, by=ada_admin, role="coordinator", office=account.office
            )
        change = actions.request_account_change(
            user=account, by=bruno_admin, role="coordinator", office=account.office
        )
        with pytest.raises(PermissionDenied):
            actions.approve_account_change(change=change, by=ada_admin)
        actions.approve_account_change(change=change, by=carla_admin)
        account.refresh_from_db()
        assert account.role == "coordinator"


def test_an_admin_who_changed_the_address_gives_no_way_in(
    client, ada_admin, bruno_admin, vera_volunteer
):
    """Otherwise one admin points the account at an address of theirs, then makes the link
    and resets the second factor, and the notices of both reach that address alone."""
    client.force_login(ada_admin)
    post_change(client, vera_volunteer, email="someone.else@example.org")
    vera_volunteer.refresh_from_db()
    assert vera_volunteer.email == "someone.else@example.org"
    for action in ("user_password_link", "user_reset_second_factor"):
        response = client.post(reverse(f"casework:{action}", args=[vera_volunteer.pk]), follow=True)
        page = response.content.decode()
        assert "an account whose e-mail address you changed gets it from another" in page
        assert "/accounts/set-password/" not in page
    with pytest.raises(PermissionDenied):
        actions.make_set_password_link(user=vera_volunteer, by=ada_admin)
    # Another admin may, and the change of address was audited and told.
    assert actions.make_set_password_link(user=vera_volunteer, by=bruno_admin)
    assert f"User {vera_volunteer.pk} changed: email" in events_about(vera_volunteer)
    # A change that did not touch the address keeps the way in open.
    client.force_login(bruno_admin)
    post_change(client, vera_volunteer, last_name="Kavalenka")
    assert actions.make_set_password_link(user=vera_volunteer, by=bruno_admin)


def test_recover_account_on_the_server_makes_a_link_for_an_admin(
    ada_admin, django_capture_on_commit_callbacks
):
    device = actions.start_second_factor(user=ada_admin)
    actions.confirm_second_factor(user=ada_admin, device=device)
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("recover_account", ada_admin.username, "--second-factor", stdout=out)

    assert "/accounts/set-password/" in out.getvalue()
    assert list(devices_for_user(ada_admin, confirmed=None)) == []
    events = AuditEvent.objects.filter(subject_id=ada_admin.pk, user=None)
    assert sorted(events.values_list("action", flat=True)) == ["2fa_reset", "account_change"]
    with pytest.raises(CommandError):
        call_command("recover_account", "nobody-here", stdout=io.StringIO())


def test_changes_to_a_lawyer_are_seen_by_the_offices_sharing_cases_with_them(
    client, ada_admin, olga_coordinator, tomas_coordinator, vera_volunteer, vera_case, lev_lawyer
):
    # A lawyer has no office: a takeover of their account must still reach the coordinators
    # of the cases it reads, and no others.
    actions.share_case(case=vera_case, by=olga_coordinator, user=lev_lawyer, include_relatives=True)
    actions.reset_second_factor(user=lev_lawyer, by=ada_admin)
    actions.make_set_password_link(user=lev_lawyer, by=ada_admin)

    olga_sees = AuditEvent.objects.readable_by(olga_coordinator).filter(subject_id=lev_lawyer.pk)
    assert sorted(olga_sees.values_list("action", flat=True)) == ["2fa_reset", "account_change"]
    assert AuditEvent.objects.account_notices_for(olga_coordinator).count() == 2
    assert not AuditEvent.objects.readable_by(tomas_coordinator).filter(subject_id=lev_lawyer.pk)
    assert not AuditEvent.objects.account_notices_for(tomas_coordinator)
    # Admins still read it all.
    assert AuditEvent.objects.readable_by(ada_admin).filter(subject_id=lev_lawyer.pk).count() == 2
    client.force_login(olga_coordinator)
    page = client.get(reverse("casework:dashboard")).content.decode()
    assert f"of {lev_lawyer.username} by {ada_admin.username}" in page
