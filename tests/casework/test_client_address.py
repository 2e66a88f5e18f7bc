"""The client's address behind reverse proxies (TRUSTED_PROXIES): what the audit log and the
login throttling see."""

import pytest
from django.urls import reverse

from casework.models import AuditAction, AuditEvent


def failed_login(client, username, **headers):
    return client.post(
        reverse("login"),
        {"username": username, "password": "wrong password here"},
        REMOTE_ADDR="10.0.0.2",
        **headers,
    )


def failure_addresses():
    return list(
        AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED).values_list("ip", flat=True)
    )


@pytest.mark.django_db
def test_without_proxies_the_connection_address_is_the_client(client, vera_volunteer):
    failed_login(client, vera_volunteer.username, HTTP_X_FORWARDED_FOR="203.0.113.9")

    assert failure_addresses() == ["10.0.0.2"]


@pytest.mark.django_db
def test_behind_one_proxy_the_address_it_appended_is_the_client(settings, client, vera_volunteer):
    settings.TRUSTED_PROXIES = 1

    # The client wrote the first entry itself; the proxy appended the second.
    failed_login(client, vera_volunteer.username, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")

    assert failure_addresses() == ["203.0.113.9"]


@pytest.mark.django_db
@pytest.mark.parametrize("header", [None, "", "not-an-address", "203.0.113.9<script>"])
def test_a_missing_or_malformed_forwarded_address_is_recorded_as_none(
    settings, client, vera_volunteer, header
):
    settings.TRUSTED_PROXIES = 1
    headers = {} if header is None else {"HTTP_X_FORWARDED_FOR": header}

    response = failed_login(client, vera_volunteer.username, **headers)

    assert response.status_code == 200
    assert failure_addresses() == [None]


@pytest.mark.django_db
def test_a_lockout_behind_the_proxy_holds_one_client_not_everyone(settings, client, vera_volunteer):
    settings.TRUSTED_PROXIES = 1
    for _ in range(5):
        failed_login(client, vera_volunteer.username, HTTP_X_FORWARDED_FOR="203.0.113.9")

    locked = failed_login(client, vera_volunteer.username, HTTP_X_FORWARDED_FOR="203.0.113.9")
    elsewhere = client.post(
        reverse("login"),
        {"username": vera_volunteer.username, "password": "wrong password here"},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )

    assert locked.status_code == 429
    assert elsewhere.status_code == 200
