"""The fixtures: thin wrappers around tests/factories.py, which builds everything through
casework.actions. Test modules import helpers from tests.factories, not from here."""

from __future__ import annotations

import pytest

from tests import factories


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


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path_factory):
    # Each test's case files go to a directory of its own, never into the checkout.
    directory = tmp_path_factory.mktemp("private_files")
    settings.PRIVATE_FILES_DIR = directory
    settings.STORAGES = {
        **settings.STORAGES,
        "casefiles": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": directory, "base_url": None},
        },
    }


@pytest.fixture
def frozen_today():
    """The clock stopped at noon UTC on factories.TODAY (1 June 2026), for tests of dates
    counted from today: `pytestmark = pytest.mark.usefixtures("frozen_today")`."""
    with factories.frozen_at(factories.TODAY):
        yield


# Offices and named users (factories.NAMED_USERS says who is who)


@pytest.fixture
def warsaw(db):
    return factories.office("warsaw")


@pytest.fixture
def vilnius(db):
    return factories.office("vilnius")


@pytest.fixture
def vera_volunteer(warsaw):
    return factories.named_user("vera_volunteer", warsaw)


@pytest.fixture
def viktor_volunteer(warsaw):
    """A volunteer of the same office who is not assigned to vera's cases."""
    return factories.named_user("viktor_volunteer", warsaw)


@pytest.fixture
def olga_coordinator(warsaw):
    return factories.named_user("olga_coordinator", warsaw)


@pytest.fixture
def tomas_coordinator(vilnius):
    """Coordinator of another office."""
    return factories.named_user("tomas_coordinator", vilnius)


@pytest.fixture
def lev_lawyer(db):
    return factories.named_user("lev_lawyer")


@pytest.fixture
def lena_lawyer(db):
    """A legal aid worker nothing is shared with."""
    return factories.named_user("lena_lawyer")


@pytest.fixture
def ada_admin(db):
    return factories.named_user("ada_admin")


# Cases


@pytest.fixture
def make_case():
    return factories.take_in


@pytest.fixture
def vera_case(vera_volunteer):
    """A case taken in by vera (so assigned to her) in the Warsaw office."""
    return factories.ales_case(vera_volunteer, risks=[factories.RED_NOTICE])


@pytest.fixture
def world(
    vera_volunteer,
    viktor_volunteer,
    olga_coordinator,
    tomas_coordinator,
    lev_lawyer,
    lena_lawyer,
    ada_admin,
    vera_case,
) -> factories.World:
    """Both offices, every named user, and a case each for vera, viktor and tomas.

    It asks for every user fixture, so that a test asking for one of them too gets the same
    user, whichever it names first."""
    return factories.build_world(vera_case=vera_case)


@pytest.fixture
def login(client):
    """Log a user in on the test client and return the client."""

    def _login(user):
        client.force_login(user)
        return client

    return _login
