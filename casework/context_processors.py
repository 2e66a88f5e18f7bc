"""What every template gets: whether the second factor is required, the policy (`may`), the
language menu's choices and how long the session has left."""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser

from casework.access.policy import May
from casework.middleware import seconds_before_limit


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


def session(request) -> dict:
    """On the pages of a signed-in user past the second factor, the session's times for
    static/js/session.js (templates/_includes/session_warning.html), which warns before the
    idle timeout: the idle timeout, the seconds left before the absolute lifetime ends, and how
    long before the end the warning comes."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if settings.REQUIRE_2FA and not user.is_verified():
        return {}
    return {
        "session_idle_seconds": settings.SESSION_COOKIE_AGE,
        "session_limit_seconds": seconds_before_limit(request),
        "session_warning_seconds": settings.SESSION_WARNING_SECONDS,
    }
