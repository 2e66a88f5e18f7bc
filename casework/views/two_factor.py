"""The second factor: enrolment with a QR code made here, and the code asked after the password."""

from base64 import b32encode

import segno
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp import devices_for_user, user_has_device, verify_token
from django_otp import login as otp_login

from casework import actions
from casework.forms import TokenForm
from casework.models import AuditAction, AuthenticatorDevice, RecoveryCodeDevice


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
        if devices and not any(device.verify_is_allowed()[0] for device in devices):
            form.add_error("token", _("Too many wrong codes. Wait a minute, then try again."))
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
        if not device.verify_is_allowed()[0]:
            form.add_error("token", _("Too many wrong codes. Wait a minute, then try again."))
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
        },
    )
