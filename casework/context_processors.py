"""What every template gets: whether the second factor is required, and the policy (`may`)."""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser

from casework.access.policy import May


def two_factor(request) -> dict:
    """Whether the second factor is required: the demo's login page says plainly when it is not."""
    return {"require_2fa": settings.REQUIRE_2FA}


def access(request) -> dict:
    """`may`: the access policy as templates ask it (casework.access.policy.May). A view
    that shows a case passes its own, which knows the case."""
    return {"may": May(getattr(request, "user", AnonymousUser()))}


def languages(request) -> dict:
    """The language menu's choices, each named in itself (templates/_includes/language.html)."""
    from casework.forms.accounts import language_choices

    return {"language_choices": language_choices()}
