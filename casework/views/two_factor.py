"""The second factor: enrolment with a QR code made here, and the code asked after the password."""

import math
from base64 import b32encode

import segno
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp import devices_for_user, user_has_device, verify_token
from django_otp import login as otp_login

from casework import actions
from casework.forms import TokenForm
from casework.models import AuditAction, AuthenticatorDevice, RecoveryCodeDevice


def _wait_message(devices) -> str | None:
    """None when a code may be tried now; else how long to wait, in seconds as django-otp
    counts them (1, 2, 4, 8, ... after each wrong code), for the device that opens first."""
    refusals = [device.verify_is_allowed() for device in devices]
    if not refusals or any(allowed for allowed, _data in refusals):
        return None
    now = timezone.now()
    waits = [
        (data["locked_until"] - now).total_seconds()
        for _allowed, data in refusals
        if data and data.get("locked_until")
    ]
    seconds = max(1, math.ceil(min(waits))) if waits else 60
    return ngettext(
        "Too many wrong codes. Wait %(seconds)d second, then try again.",
        "Too many wrong codes. Wait %(seconds)d seconds, then try again.",
        seconds,
    ) % {"seconds": seconds}


def grouped(key: str) -> str:
    """The key in groups of four, as it is read aloud or typed from paper."""
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "casework:dashboard"


@login_required
def two_factor_verify(request):
    user = request.user
    if user.is_verified():
        return redirect(_next_url(request))
    if not user_has_device(user):
        return redirect("two_factor_setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        # Six digits are for the app, anything else is a recovery code: a wrong guess slows
        # down only the kind of device it was meant for.
        wanted = AuthenticatorDevice if token.isdigit() and len(token) == 6 else RecoveryCodeDevice
        devices = [d for d in devices_for_user(user) if isinstance(d, wanted)]
        if devices and (wait := _wait_message(devices)):
            form.add_error("token", wait)
        else:
            for device in devices:
                verified = verify_token(user, device.persistent_id, token)
                if verified is not None:
                    otp_login(request, verified)
                    return redirect(_next_url(request))
            actions.log_event(
                user=user,
                action=AuditAction.LOGIN_FAILED,
                detail="second factor",
            )
            form.add_error(
                "token",
                _(
                    "This code is wrong or has been used already. Wait for the next code in "
                    "your app, or use a recovery code."
                ),
            )
    return render(
        request, "registration/two_factor_verify.html", {"form": form, "next": _next_url(request)}
    )


@login_required
def two_factor_setup(request):
    user = request.user
    if user_has_device(user):
        # A second factor is replaced only after an admin resets it.
        return redirect("two_factor_verify")
    device = actions.start_second_factor(user=user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if wait := _wait_message([device]):
            form.add_error("token", wait)
        elif device.verify_token(form.cleaned_data["token"]):
            codes = actions.confirm_second_factor(user=user, device=device)
            otp_login(request, device)
            return render(request, "registration/two_factor_codes.html", {"codes": codes})
        else:
            form.add_error(
                "token",
                _("This code does not match. Check the time on your phone and try again."),
            )
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "registration/two_factor_setup.html",
        {
            "form": form,
            "qr": qr.svg_data_uri(scale=5, border=2),
            "secret": b32encode(device.bin_key).decode(),
            "secret_grouped": grouped(b32encode(device.bin_key).decode()),
            # Opens the authenticator app on the phone that shows this page.
            "otpauth_url": device.config_url,
        },
    )
