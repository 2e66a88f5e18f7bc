"""Admins create users on the Accounts pages, who set their own password through a one-time
link (issue 4); the Django admin shows accounts for reference only."""

from __future__ import annotations

import datetime
import io
import re
from unittest import mock

import pytest
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse

from casework import actions
from casework.models import AuditEvent, Office, User
from tests import factories

ADD = reverse("casework:user_create")
NEW_PASSWORD = "a long phrase nobody guesses"


def link_in(response) -> str:
    texts = [str(message) for message in get_messages(response.wsgi_request)]
    found = [re.search(r"https?://[^/\s]+(/accounts/set-password/\S+/)", text) for text in texts]
    links = [match.group(1) for match in found if match]
    assert len(links) == 1, texts
    return links[0]


@pytest.fixture(autouse=True)
def one_admin(settings):
    """These tests give roles and offices at once; four eyes: test_account_changes.py."""
    settings.ADMIN_FOUR_EYES = False


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
            "language": "",
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
    data = {"username": "omar", "role": "volunteer", "email": "omar@example.org", "language": ""}
    response = client.post(ADD, data)
    assert response.status_code == 200
    assert not User.objects.filter(username="omar").exists()
    assert "office" in response.content.decode().lower()


def test_an_admin_can_make_a_new_link_for_a_user(client, ada_admin, vera_volunteer):
    client.force_login(ada_admin)
    response = client.post(reverse("casework:user_password_link", args=[vera_volunteer.pk]))
    link = link_in(response)
    client.logout()
    page = client.get(link, follow=True)
    assert "Set your password" in page.content.decode()
    assert "has expired" not in page.content.decode()


@pytest.mark.parametrize("who", ["vera_volunteer", "olga_coordinator", "lev_lawyer"])
def test_only_admins_reach_the_user_admin(client, request, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("admin:casework_user_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response.url
    assert client.get(ADD).status_code == 404


# What admins change in the admin is audited (through casework.actions), naming the record
# and the fields touched, never the values typed.


def account_events(action="account_change") -> list[str]:
    return list(
        AuditEvent.objects.filter(action=action).order_by("pk").values_list("detail", flat=True)
    )


def test_creating_and_changing_a_user_is_audited(client, ada_admin, nina_link, warsaw):
    nina = User.objects.get(username="nina")
    created, link = account_events()
    assert created == f"User {nina.pk} created"
    assert link == f"User {nina.pk} set-password link made"
    assert AuditEvent.objects.filter(action="account_change").first().user == ada_admin

    client.force_login(ada_admin)
    data = {
        "role": "coordinator",
        "office": warsaw.pk,
        "first_name": nina.first_name,
        "last_name": nina.last_name,
        "email": "nina.new@example.org",
        "language": "",
    }
    response = client.post(reverse("casework:user_change", args=[nina.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    nina.refresh_from_db()
    assert (nina.role, nina.email) == ("coordinator", "nina.new@example.org")
    changed = account_events()[-1]
    assert changed.startswith(f"User {nina.pk} changed: ")
    assert {"email", "role"} <= set(changed.split(": ")[1].split(", "))
    assert "nina.new@example.org" not in changed


def test_the_django_admin_adds_changes_and_deletes_no_account(client, ada_admin, vera_volunteer):
    """Accounts are managed on the Accounts pages; the Django admin shows them read-only."""
    client.force_login(ada_admin)
    change = reverse("admin:casework_user_change", args=[vera_volunteer.pk])
    page = client.get(change).content.decode()
    assert "Open this account on the Accounts pages" in page
    assert 'name="first_name"' not in page and 'name="role"' not in page
    before = User.objects.filter(pk=vera_volunteer.pk).values().get()
    client.post(change, {"first_name": "Someone", "role": "coordinator", "is_active": ""})
    delete = reverse("admin:casework_user_delete", args=[vera_volunteer.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:casework_user_add")).status_code == 403
    assert User.objects.filter(pk=vera_volunteer.pk).values().get() == before
    changelist = client.get(reverse("admin:casework_user_changelist")).content.decode()
    assert 'name="action"' not in changelist
    assert not AuditEvent.objects.filter(action="account_change").exists()


def test_offices_are_changed_through_audited_actions(client, ada_admin):
    client.force_login(ada_admin)
    response = client.post(
        reverse("admin:casework_office_add"),
        {"name": "Test Office Riga", "country": "LV", "city": "Riga", "time_zone": "Europe/Riga"},
    )
    assert response.status_code == 302
    riga = Office.objects.get(name="Test Office Riga")
    response = client.post(
        reverse("admin:casework_office_change", args=[riga.pk]),
        {
            "name": "Test Office Riga",
            "country": "LV",
            "city": "Jūrmala",
            "time_zone": "Europe/Riga",
        },
    )
    assert response.status_code == 302
    response = client.post(
        reverse("admin:casework_office_changelist"),
        {"action": "delete_selected", "_selected_action": [riga.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Office.objects.filter(pk=riga.pk).exists()
    assert account_events("reference_change") == [
        f"Office {riga.pk} created",
        f"Office {riga.pk} changed: city",
        f"Office {riga.pk} deleted",
    ]


# Separation of duties: only admins are staff or superusers, and nobody gives themselves a
# case role.


def test_a_role_change_clears_the_staff_flags(client, ada_admin, warsaw):
    other = factories.user("bruno_admin", "admin")
    assert (other.is_staff, other.is_superuser) == (True, True)
    client.force_login(ada_admin)
    data = factories.account_form_data(other, role="coordinator", office=warsaw.pk)
    response = client.post(reverse("casework:user_change", args=[other.pk]), data)
    assert response.status_code == 302
    other.refresh_from_db()
    assert (other.role, other.is_staff, other.is_superuser) == ("coordinator", False, False)
    client.force_login(other)
    assert client.get(reverse("admin:index")).status_code == 302


def test_the_admin_cannot_make_a_volunteer_staff_or_superuser(client, ada_admin, vera_volunteer):
    client.force_login(ada_admin)
    change = reverse("casework:user_change", args=[vera_volunteer.pk])
    page = client.get(reverse("casework:user_detail", args=[vera_volunteer.pk])).content.decode()
    assert 'name="is_superuser"' not in page and 'name="is_staff"' not in page
    response = client.post(
        change, factories.account_form_data(vera_volunteer, is_staff="on", is_superuser="on")
    )
    assert response.status_code == 302
    vera_volunteer.refresh_from_db()
    assert (vera_volunteer.is_staff, vera_volunteer.is_superuser) == (False, False)


def test_a_staff_volunteer_is_refused_by_the_model(vera_volunteer):
    vera_volunteer.is_superuser = True
    with pytest.raises(ValidationError) as error:
        vera_volunteer.full_clean(exclude=["password"])
    assert "role" in error.value.message_dict


def test_an_admin_cannot_give_themselves_a_case_role_or_an_office(client, ada_admin, warsaw):
    client.force_login(ada_admin)
    page = client.get(reverse("casework:user_detail", args=[ada_admin.pk])).content.decode()
    assert 'name="role"' not in page  # one's own account: no form to change it
    change = reverse("casework:user_change", args=[ada_admin.pk])
    response = client.post(
        change, factories.account_form_data(ada_admin, role="coordinator", office=warsaw.pk)
    )
    assert response.status_code == 302
    ada_admin.refresh_from_db()
    assert (ada_admin.role, ada_admin.office, ada_admin.is_staff) == ("admin", None, True)
    # Nor through the action, whatever calls it.
    ada_admin.role = "coordinator"
    with pytest.raises(PermissionDenied):
        actions.save_user_as_admin(user=ada_admin, by=ada_admin, created=False, changed=["role"])


def test_no_password_is_typed_for_another_user(client, ada_admin, vera_volunteer):
    client.force_login(ada_admin)
    url = reverse("admin:auth_user_password_change", args=[vera_volunteer.pk])
    before = User.objects.get(pk=vera_volunteer.pk).password
    assert client.get(url).status_code == 404
    response = client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 404
    assert User.objects.get(pk=vera_volunteer.pk).password == before
    page = client.get(reverse("admin:casework_user_change", args=[vera_volunteer.pk]))
    assert 'name="password"' not in page.content.decode()


def test_createsuperuser_makes_an_administrator(db):
    call_command(
        "createsuperuser",
        username="root",
        email="root@example.org",
        interactive=False,
        stdout=io.StringIO(),
    )
    root = User.objects.get(username="root")
    assert (root.role, root.office, root.is_staff, root.is_superuser) == ("admin", None, True, True)
    root.full_clean(exclude=["password"])


def test_a_username_never_changes(client, ada_admin, vera_volunteer):
    # Otherwise renaming vera, then olga to "vera", moves what vera did onto olga in the log.
    client.force_login(ada_admin)
    page = client.get(reverse("casework:user_detail", args=[vera_volunteer.pk])).content.decode()
    assert 'name="username"' not in page
    change = reverse("casework:user_change", args=[vera_volunteer.pk])
    client.post(change, factories.account_form_data(vera_volunteer, username="someone_else"))
    vera_volunteer.refresh_from_db()
    assert vera_volunteer.username == "vera_volunteer"


@pytest.mark.parametrize("selected", ["abc", "99999999999999999999999", "-1", "1.5", ""])
@pytest.mark.parametrize(
    ("changelist", "action"),
    [
        ("admin:casework_user_changelist", "make_set_password_link"),
        ("admin:casework_accountchangerequest_changelist", "approve"),
        ("admin:casework_office_changelist", "delete_selected"),
        ("admin:casework_auditevent_changelist", "delete_selected"),
    ],
)
def test_a_hand_made_selection_is_refused_without_a_500(
    client, ada_admin, changelist, action, selected
):
    client.force_login(ada_admin)
    response = client.post(
        reverse(changelist), {"action": action, "_selected_action": [selected]}, follow=True
    )
    assert response.status_code == 200
