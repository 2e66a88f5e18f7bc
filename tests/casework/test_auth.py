from django.urls import reverse

from casework import actions
from casework.models import AuditEvent
from tests.factories import PASSWORD


def test_login_with_the_form_is_audited(client, vera_volunteer):
    response = client.post(
        reverse("login"), {"username": "vera_volunteer", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("casework:dashboard")
    assert "Dashboard" in response.content.decode()
    event = AuditEvent.objects.get(action="login")
    assert event.user == vera_volunteer
    assert event.ip == "127.0.0.1"


def test_failed_login_is_audited_without_what_was_typed(client, vera_volunteer):
    response = client.post(reverse("login"), {"username": "vera_volunteer", "password": "nope"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()
    client.post(reverse("login"), {"username": "pasted-secret-password", "password": "x"})
    failures = AuditEvent.objects.filter(action="login_failed").order_by("pk")
    assert [event.user for event in failures] == [vera_volunteer, None]
    assert not any("pasted-secret-password" in event.detail for event in failures)


def test_logout_is_audited_and_ends_the_session(login, vera_volunteer):
    client = login(vera_volunteer)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="logout", user=vera_volunteer).count() == 1
    assert client.get(reverse("casework:dashboard")).status_code == 302


def test_office_is_required_for_volunteers_on_the_accounts_page(login, ada_admin, warsaw):
    client = login(ada_admin)
    user = actions.create_user(username="newbie", role="legal_aid", office=None, password=PASSWORD)
    response = client.post(
        reverse("casework:user_change", args=[user.pk]),
        {"role": "volunteer", "office": "", "first_name": "", "last_name": "", "email": ""},
    )
    assert response.status_code == 400
    assert "Volunteers and coordinators belong to an office" in response.content.decode()


def test_admin_lands_in_the_admin_not_on_cases(client, ada_admin):
    response = client.post(
        reverse("login"), {"username": "ada_admin", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("admin:index")
    assert "Site administration" in response.content.decode()
