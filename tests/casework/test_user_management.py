"""Account management for admins on the app's own pages (casework.views.users): each action,
the audit event it writes, the four-eyes path, and 404 for everybody else."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from casework import actions
from casework.models import AccountChangeRequest, AuditEvent, Role, User
from tests import factories

NOT_ADMINS = ["vera", "viktor", "olga", "tomas", "lev", "lena"]


@pytest.fixture
def alex_admin(db):
    """A second admin, who decides ada's requests."""
    return factories.user("alex_admin", Role.ADMIN)


def account_events(user: User) -> list[tuple[str, str]]:
    return list(
        AuditEvent.objects.filter(subject_id=user.pk).order_by("pk").values_list("action", "detail")
    )


def detail_url(user: User) -> str:
    return reverse("casework:user_detail", args=[user.pk])


def test_the_list_shows_each_account_with_its_state(client, ada_admin, vera_volunteer):
    AccessAttempt.objects.create(
        username="vera_volunteer", ip_address="10.0.0.1", failures_since_start=5
    )
    client.force_login(ada_admin)
    page = client.get(reverse("casework:user_list")).content.decode()
    assert "vera_volunteer" in page
    assert "Volunteer" in page
    assert "Warsaw" in page
    assert "Locked out" in page and "Second factor" in page and "Last login" in page
    assert detail_url(vera_volunteer) in page


def test_the_list_filters_by_role_office_and_search(
    client, ada_admin, vera_volunteer, olga_coordinator, tomas_coordinator
):
    client.force_login(ada_admin)
    url = reverse("casework:user_list")
    by_role = client.get(url, {"role": "coordinator"}).content.decode()
    assert "olga_coordinator" in by_role and "vera_volunteer" not in by_role
    by_office = client.get(url, {"office": tomas_coordinator.office_id}).content.decode()
    assert "tomas_coordinator" in by_office and "olga_coordinator" not in by_office
    searched = client.get(url, {"q": "Vera"}).content.decode()
    assert "vera_volunteer" in searched and "olga_coordinator" not in searched


@pytest.mark.parametrize("username", NOT_ADMINS)
def test_everybody_but_admins_gets_404(client, world, username):
    client.force_login(getattr(world, username))
    vera = world.vera
    assert client.get(reverse("casework:user_list")).status_code == 404
    assert client.get(reverse("casework:user_create")).status_code == 404
    assert client.get(detail_url(vera)).status_code == 404
    for name in ["user_set_active", "user_password_link", "user_unlock", "user_change"]:
        assert client.post(reverse(f"casework:{name}", args=[vera.pk])).status_code == 404
    assert User.objects.get(pk=vera.pk).is_active
    assert not AuditEvent.objects.filter(action="account_change").exists()


def test_anonymous_users_log_in_first(client, vera_volunteer):
    response = client.get(reverse("casework:user_list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_create_form_asks_role_and_office_first_and_no_password(client, ada_admin):
    client.force_login(ada_admin)
    page = client.get(reverse("casework:user_create")).content.decode()
    assert page.index('name="role"') < page.index('name="office"') < page.index('name="username"')
    assert 'type="password"' not in page


def test_creating_a_volunteer_makes_a_link_and_audits(client, ada_admin, warsaw, mailoutbox):
    client.force_login(ada_admin)
    response = client.post(
        reverse("casework:user_create"),
        {
            "role": "volunteer",
            "office": warsaw.pk,
            "first_name": "Nina",
            "last_name": "Kruk",
            "username": "nina",
            "email": "nina@example.org",
            "language": "be",
        },
        follow=True,
    )
    nina = User.objects.get(username="nina")
    assert response.redirect_chain[-1][0] == detail_url(nina)
    # Four eyes: a new office waits for a second admin, and so does the link.
    assert nina.office is None
    assert not nina.has_usable_password()
    page = response.content.decode()
    assert "Waiting for a second admin" in page
    details = [detail for _action, detail in account_events(nina)]
    assert details[0] == f"User {nina.pk} created"
    assert "change requested: office" in details[1]


def test_creating_a_legal_aid_worker_gives_the_link_at_once(client, ada_admin, mailoutbox):
    client.force_login(ada_admin)
    response = client.post(
        reverse("casework:user_create"),
        {"role": "legal_aid", "username": "pavel", "email": "pavel@example.org"},
        follow=True,
    )
    pavel = User.objects.get(username="pavel")
    assert "One-time link for pavel to set a password" in response.content.decode()
    assert ("account_change", f"User {pavel.pk} set-password link made") in account_events(pavel)


def test_bad_input_is_kept_with_messages(client, ada_admin):
    client.force_login(ada_admin)
    response = client.post(
        reverse("casework:user_create"),
        {"role": "volunteer", "username": "nina", "first_name": "Nina", "email": ""},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Volunteers and coordinators belong to an office: choose one." in page
    assert 'value="Nina"' in page
    assert not User.objects.filter(username="nina").exists()


def test_a_role_change_waits_for_a_second_admin_who_approves(
    client, ada_admin, alex_admin, vera_volunteer
):
    client.force_login(ada_admin)
    response = client.post(
        reverse("casework:user_change", args=[vera_volunteer.pk]),
        factories.account_form_data(vera_volunteer, role="coordinator"),
        follow=True,
    )
    assert "Waiting for a second admin" in response.content.decode()
    vera_volunteer.refresh_from_db()
    assert vera_volunteer.role == Role.VOLUNTEER
    change = AccountChangeRequest.objects.pending().get(user=vera_volunteer)
    approve = reverse("casework:account_change_approve", args=[change.pk])
    # Not by the admin who asked.
    assert approve not in response.content.decode()
    client.post(approve)
    assert AccountChangeRequest.objects.get(pk=change.pk).is_pending

    client.force_login(alex_admin)
    assert approve in client.get(detail_url(vera_volunteer)).content.decode()
    client.post(approve)
    vera_volunteer.refresh_from_db()
    assert vera_volunteer.role == Role.COORDINATOR
    assert account_events(vera_volunteer)[-1] == (
        "account_change",
        f"User {vera_volunteer.pk} changed: role (AccountChangeRequest {change.pk} approved)",
    )


def test_a_second_admin_declines(client, ada_admin, alex_admin, vera_volunteer):
    change = actions.request_account_change(
        user=vera_volunteer, by=ada_admin, role="coordinator", office=vera_volunteer.office
    )
    client.force_login(alex_admin)
    client.post(reverse("casework:account_change_decline", args=[change.pk]))
    vera_volunteer.refresh_from_db()
    assert vera_volunteer.role == Role.VOLUNTEER
    assert "change declined" in account_events(vera_volunteer)[-1][1]


def test_a_role_change_with_bad_input_says_why(client, ada_admin, lev_lawyer):
    client.force_login(ada_admin)
    response = client.post(
        reverse("casework:user_change", args=[lev_lawyer.pk]),
        factories.account_form_data(lev_lawyer, role="volunteer"),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Volunteers and coordinators belong to an office: choose one." in page


def test_without_four_eyes_a_change_applies_at_once(client, settings, ada_admin, lev_lawyer):
    settings.ADMIN_FOUR_EYES = False
    client.force_login(ada_admin)
    client.post(
        reverse("casework:user_change", args=[lev_lawyer.pk]),
        factories.account_form_data(
            lev_lawyer, role="coordinator", office=factories.office("warsaw").pk
        ),
    )
    lev_lawyer.refresh_from_db()
    assert lev_lawyer.role == Role.COORDINATOR
    assert account_events(lev_lawyer)[-1][1].endswith("changed: office, role")


def test_names_email_and_language_are_changed_on_the_accounts_page(
    client, ada_admin, vera_volunteer
):
    client.force_login(ada_admin)
    page = client.get(detail_url(vera_volunteer)).content.decode()
    assert "Change the account" in page and 'name="email"' in page
    # Each language named in itself, as on the account's own page.
    assert '<option value="be" lang="be">Беларуская</option>' in page
    response = client.post(
        reverse("casework:user_change", args=[vera_volunteer.pk]),
        factories.account_form_data(
            vera_volunteer, last_name="Kavalenka", email="vera.k@example.org", language="be"
        ),
        follow=True,
    )
    assert "The account is changed." in response.content.decode()
    vera_volunteer.refresh_from_db()
    assert (vera_volunteer.last_name, vera_volunteer.email, vera_volunteer.language) == (
        "Kavalenka",
        "vera.k@example.org",
        "be",
    )
    detail = account_events(vera_volunteer)[-1][1]
    assert detail.endswith("changed: email, language, last_name")
    assert "vera.k@example.org" not in detail


def test_deactivate_at_once_and_reactivate_with_four_eyes(client, ada_admin, vera_volunteer):
    client.force_login(ada_admin)
    url = reverse("casework:user_set_active", args=[vera_volunteer.pk])
    client.post(url, {"active": "0"})
    vera_volunteer.refresh_from_db()
    assert not vera_volunteer.is_active
    assert account_events(vera_volunteer)[-1][1] == f"User {vera_volunteer.pk} changed: is_active"
    response = client.post(url, {"active": "1"}, follow=True)
    vera_volunteer.refresh_from_db()
    assert not vera_volunteer.is_active
    assert "Waiting for a second admin" in response.content.decode()
    assert AccountChangeRequest.objects.pending().filter(user=vera_volunteer).exists()


def test_nobody_deactivates_or_changes_their_own_account(client, ada_admin):
    client.force_login(ada_admin)
    page = client.get(detail_url(ada_admin)).content.decode()
    assert "Deactivate" not in page
    client.post(reverse("casework:user_set_active", args=[ada_admin.pk]), {"active": "0"})
    ada_admin.refresh_from_db()
    assert ada_admin.is_active


def test_set_password_link(client, ada_admin, vera_volunteer, mailoutbox):
    client.force_login(ada_admin)
    response = client.post(
        reverse("casework:user_password_link", args=[vera_volunteer.pk]), follow=True
    )
    assert "One-time link for vera_volunteer" in response.content.decode()
    assert account_events(vera_volunteer)[-1] == (
        "account_change",
        f"User {vera_volunteer.pk} set-password link made",
    )


def test_no_link_for_another_admin(client, ada_admin, alex_admin):
    client.force_login(ada_admin)
    response = client.post(
        reverse("casework:user_password_link", args=[alex_admin.pk]), follow=True
    )
    assert "manage.py recover_account" in response.content.decode()
    assert account_events(alex_admin) == []


def test_lift_the_lockout(client, ada_admin, vera_volunteer):
    AccessAttempt.objects.create(
        username="vera_volunteer", ip_address="10.0.0.1", failures_since_start=5
    )
    assert actions.is_locked_out(user=vera_volunteer)
    client.force_login(ada_admin)
    assert "Lift the lockout" in client.get(detail_url(vera_volunteer)).content.decode()
    client.post(reverse("casework:user_unlock", args=[vera_volunteer.pk]))
    assert not AccessAttempt.objects.exists()
    assert account_events(vera_volunteer)[-1] == (
        "account_change",
        f"User {vera_volunteer.pk} lockout lifted",
    )


def test_reset_the_second_factor(client, ada_admin, vera_volunteer, mailoutbox):
    device = actions.start_second_factor(user=vera_volunteer)
    actions.confirm_second_factor(user=vera_volunteer, device=device)
    client.force_login(ada_admin)
    assert "Reset the second factor" in client.get(detail_url(vera_volunteer)).content.decode()
    client.post(reverse("casework:user_reset_second_factor", args=[vera_volunteer.pk]))
    from django_otp import user_has_device

    assert not user_has_device(vera_volunteer)
    assert account_events(vera_volunteer)[-1] == ("2fa_reset", f"user {vera_volunteer.pk}")


def test_admins_see_the_accounts_link(client, ada_admin, vera_volunteer):
    client.force_login(ada_admin)
    assert reverse("casework:user_list") in client.get(reverse("casework:account")).content.decode()
    client.force_login(vera_volunteer)
    assert (
        reverse("casework:user_list")
        not in client.get(reverse("casework:account")).content.decode()
    )


def test_the_django_admin_links_to_the_account_pages(client, ada_admin, vera_volunteer):
    client.force_login(ada_admin)
    changelist = client.get(reverse("admin:casework_user_changelist")).content.decode()
    assert reverse("casework:user_list") in changelist
    change = client.get(reverse("admin:casework_user_change", args=[vera_volunteer.pk]))
    assert detail_url(vera_volunteer) in change.content.decode()
