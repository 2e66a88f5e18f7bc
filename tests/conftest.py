"""Named users per role and a case factory, all built through casework.actions."""

from __future__ import annotations

import itertools

import pytest

from casework import actions
from casework.models import (
    Case,
    CaseShare,
    IdentityDocument,
    Note,
    Person,
    PersonName,
    PressureEvent,
    Relative,
    Remedy,
    Risk,
    Role,
)

PASSWORD = "correct horse battery staple"

# Everything that is case content: what admins must never see, what bad input must not change.
CASE_CONTENT_MODELS = [
    Case,
    Person,
    PersonName,
    Risk,
    Remedy,
    IdentityDocument,
    Relative,
    PressureEvent,
    Note,
    CaseShare,
]

_names = itertools.count(1)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    # Browser tests last: a test that reaches the database after the live server has served
    # requests keeps PostgreSQL from dropping the test database at the end of the run.
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Real hashing is deliberately slow; the tests create hundreds of users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _password_only_sessions(settings):
    # Most tests are about what a logged-in user may do, and log in with force_login. The
    # second factor has tests of its own (tests/casework/test_two_factor.py), which turn it on.
    settings.REQUIRE_2FA = False


@pytest.fixture
def warsaw(db):
    return actions.save_office(name="Test Office Warsaw", country="PL", city="Warsaw")[0]


@pytest.fixture
def vilnius(db):
    return actions.save_office(name="Test Office Vilnius", country="LT", city="Vilnius")[0]


def _user(username: str, role: str, office=None):
    return actions.create_user(
        username=username,
        role=role,
        office=office,
        password=PASSWORD,
        first_name=username.split("_")[0].title(),
    )


@pytest.fixture
def vera_volunteer(warsaw):
    return _user("vera_volunteer", Role.VOLUNTEER, warsaw)


@pytest.fixture
def viktor_volunteer(warsaw):
    """A volunteer of the same office who is not assigned to vera's cases."""
    return _user("viktor_volunteer", Role.VOLUNTEER, warsaw)


@pytest.fixture
def olga_coordinator(warsaw):
    return _user("olga_coordinator", Role.COORDINATOR, warsaw)


@pytest.fixture
def tomas_coordinator(vilnius):
    """Coordinator of another office."""
    return _user("tomas_coordinator", Role.COORDINATOR, vilnius)


@pytest.fixture
def lev_lawyer(db):
    return _user("lev_lawyer", Role.LEGAL_AID)


@pytest.fixture
def lena_lawyer(db):
    """A legal aid worker nothing is shared with."""
    return _user("lena_lawyer", Role.LEGAL_AID)


@pytest.fixture
def ada_admin(db):
    return _user("ada_admin", Role.ADMIN)


def take_in(by, *, full_name=None, names=(), risks=(), host_country="PL", **person) -> Case:
    """A case taken in by `by` through the intake action."""
    full_name = full_name or f"Test Person {next(_names)}"
    return actions.take_in_case(
        by=by,
        person={"full_name": full_name, "citizenship": "BY", **person},
        names=list(names),
        risks=list(risks),
        host_country=host_country,
        summary="Fictional test case.",
    )


def add_identity_document(
    case, by, *, expires_on, renewable_abroad=True, kind="national_passport"
) -> IdentityDocument:
    """A Belarusian identity document of the case's person, added through the actions."""
    return actions.add_document(
        case=case,
        by=by,
        fields={
            "kind": kind,
            "issuing_country": "BY",
            "expires_on": expires_on,
            "renewable_abroad": renewable_abroad,
        },
    )


@pytest.fixture
def make_case():
    return take_in


@pytest.fixture
def vera_case(vera_volunteer):
    """A case taken in by vera (so assigned to her) in the Warsaw office."""
    return take_in(
        vera_volunteer,
        full_name="Ales Tsikhanovich",
        names=[
            {"text": "Алесь Ціхановіч", "script": "be-Cyrl", "kind": "native"},
            {"text": "Олесь Тихонович", "script": "ru-Cyrl", "kind": "other"},
        ],
        risks=[{"kind": "red_notice", "severity": "critical", "status": "confirmed"}],
    )


@pytest.fixture
def login(client):
    """Log a user in on the test client and return the client."""

    def _login(user):
        client.force_login(user)
        return client

    return _login
