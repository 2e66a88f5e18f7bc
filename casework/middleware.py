"""Headers that keep pages from loading, leaking or caching anything they should not, and the
absolute lifetime of a session."""

import ipaddress
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from casework.dates import user_time_zone

# Set in the session at login (casework/signals.py).
SESSION_STARTED = "casework_login_at"

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in [
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "interest-cohort",
    ]
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if request.user.is_authenticated:
            # Case data must not stay in a browser or proxy cache on a shared computer.
            response["Cache-Control"] = "no-store"
        return response


def seconds_before_limit(request) -> int:
    """How long before the session's absolute lifetime ends, whatever the user does."""
    started = request.session.get(SESSION_STARTED) or time.time()
    return max(0, int(started + settings.SESSION_ABSOLUTE_LIFETIME - time.time()))


def session_seconds_left(request) -> int:
    """How long the session lasts if nothing more happens: the idle timeout (SESSION_COOKIE_AGE,
    renewed by this very request), or less when the absolute lifetime ends sooner."""
    return min(settings.SESSION_COOKIE_AGE, seconds_before_limit(request))


class SessionLifetimeMiddleware:
    """Ends a session 12 hours after its login, however active it has been.

    The idle timeout is the session cookie's own (SESSION_COOKIE_AGE, renewed on each request).
    An htmx request that finds no session is sent to the login page as a whole page, not
    swapped into a fragment.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            started = request.session.get(SESSION_STARTED)
            if started is None or time.time() - started > settings.SESSION_ABSOLUTE_LIFETIME:
                logout(request)
                messages.info(request, _("Your session has ended. Log in again."))
                if request.headers.get("HX-Request"):
                    return _whole_page_redirect(resolve_url(settings.LOGIN_URL))
                return redirect_to_login(request.get_full_path())
        response = self.get_response(request)
        if (
            request.headers.get("HX-Request")
            and response.status_code == 302
            and response["Location"].startswith(resolve_url(settings.LOGIN_URL))
        ):
            return _whole_page_redirect(response["Location"])
        return response


def _whole_page_redirect(url: str) -> HttpResponse:
    """htmx would swap the page it is sent to into a fragment: this makes it load the page."""
    response = HttpResponse(status=204)
    response["HX-Redirect"] = url
    return response


# Reachable with a password alone: what it takes to log in, enrol and leave; and the
# calendar feed, whose secret token is its credential (calendar apps have no session).
SECOND_FACTOR_EXEMPT = {
    "login",
    "logout",
    "casework:set_language",
    "two_factor_verify",
    "two_factor_setup",
    "casework:calendar_feed_ics",
}


class SecondFactorMiddleware:
    """With REQUIRE_2FA, a user who has given only a password reaches nothing but the login,
    the second-factor pages and logout: not the app, not the Django admin."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            settings.REQUIRE_2FA
            and user.is_authenticated
            and not user.is_verified()
            and not self.exempt(request)
        ):
            from django_otp import user_has_device

            name = "two_factor_verify" if user_has_device(user) else "two_factor_setup"
            if request.headers.get("HX-Request"):
                return _whole_page_redirect(resolve_url(name))
            return redirect_to_login(request.get_full_path(), login_url=resolve_url(name))
        return self.get_response(request)

    @staticmethod
    def exempt(request) -> bool:
        if request.path_info.startswith(settings.STATIC_URL) or request.path_info == "/favicon.ico":
            return True
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
        return match.view_name in SECOND_FACTOR_EXEMPT


def forwarded_client_address(request, proxies: int) -> str | None:
    """The client's address as the outermost of `proxies` trusted reverse proxies saw it.

    Each proxy appends the address it received the request from to X-Forwarded-For, so the
    entry `proxies` places from the right was written by our own outermost proxy; entries
    further left were written by the client and prove nothing. None when the header is
    missing, too short or not an address.
    """
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(hops) < proxies:
        return None
    try:
        return str(ipaddress.ip_address(hops[-proxies]))
    except ValueError:
        return None


class RequestAddressMiddleware:
    """Makes the client's address known to every audit event written while serving it.

    Behind reverse proxies (settings.TRUSTED_PROXIES > 0) REMOTE_ADDR is the proxy's: it is
    replaced by the client's address from X-Forwarded-For, so that the audit log and the
    login throttling (django-axes reads REMOTE_ADDR) see each client rather than one proxy.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from casework.actions import REQUEST_ADDRESS

        if settings.TRUSTED_PROXIES:
            address = forwarded_client_address(request, settings.TRUSTED_PROXIES)
            # A request that did not come through the proxies keeps no address it could claim.
            request.META["REMOTE_ADDR"] = address or ""
        token = REQUEST_ADDRESS.set(request.META.get("REMOTE_ADDR") or None)
        try:
            return self.get_response(request)
        finally:
            REQUEST_ADDRESS.reset(token)


class UserLanguageMiddleware:
    """The pages in the language the account chose (User.language), if it chose one.

    LocaleMiddleware, before it, took the language from the cookie the menu sets or from the
    browser's Accept-Language; a choice kept on the account wins over both, on every device.
    The cookie is set to it too, so that the login page after the session ends, or after
    logging out, is in the language the user reads.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        language = getattr(user, "language", "") if user is not None else ""
        if not language or language not in dict(settings.LANGUAGES):
            return self.get_response(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != language:
            remember_language(response, language)
        return response


def remember_language(response, language: str):
    """The language cookie, which the login page reads (no account is known there)."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
    )
    return response


class OfficeTimeZoneMiddleware:
    """Times in the zone of the user's office (Office.time_zone), UTC for users without one:
    the pages, the forms' "today" and the PDFs printed from them. Every time shown names its
    zone (config/formats/)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with timezone.override(user_time_zone(getattr(request, "user", None))):
            return self.get_response(request)
