"""Account management for admins: the list, one account's page and its actions.

Every change goes through casework.actions.accounts, which audits it and keeps four eyes on a
role, an office or a reactivation (ADMIN_FOUR_EYES). An action refused there (PermissionDenied:
the admin's own account, another admin's, one waiting for approval) gets a message saying why.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from casework import actions
from casework.access import policy
from casework.forms.users import AccountForm, NewUserForm, UserFilterForm
from casework.models import AccountChangeRequest, User

PAGE_SIZE = 50

REFUSED_WAY_IN = gettext_lazy(
    "No link or reset for this account from here. An administrator's account is recovered on "
    "the server (manage.py recover_account). An account waiting for approval gets its link "
    "once approved, from an administrator other than the one who asked for its role or office; "
    "an account whose e-mail address you changed gets it from another administrator."
)


def _account_for_admin(request, user_pk: int) -> User:
    """The account on the page, for an admin; 404 for anybody else."""
    if not policy.may_manage_accounts(request.user):
        raise Http404
    return get_object_or_404(User, pk=user_pk)


@login_required
@require_GET
def user_list(request) -> HttpResponse:
    if not policy.may_manage_accounts(request.user):
        raise Http404
    form = UserFilterForm(request.GET)
    users = User.objects.select_related("office").order_by("last_name", "first_name", "username")
    if form.is_valid():
        if query := form.cleaned_data["q"].strip():
            users = users.filter(
                Q(username__icontains=query)
                | Q(first_name__icontains=query)
                | Q(last_name__icontains=query)
            )
        if role := form.cleaned_data["role"]:
            users = users.filter(role=role)
        if office := form.cleaned_data["office"]:
            users = users.filter(office=office)
    page = Paginator(users, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {
            "account": account,
            "locked_out": actions.is_locked_out(user=account),
            "second_factor": _has_second_factor(account),
        }
        for account in page.object_list
    ]
    pending = AccountChangeRequest.objects.pending().count()
    return render(
        request,
        "casework/users/user_list.html",
        {"form": form, "page": page, "rows": rows, "pending_count": pending},
    )


def _has_second_factor(account: User) -> bool:
    from django_otp import user_has_device

    return user_has_device(account, confirmed=True)


@login_required
@require_GET
def user_detail(request, user_pk: int) -> HttpResponse:
    account = _account_for_admin(request, user_pk)
    return _detail_page(request, account, AccountForm(instance=account))


def _detail_page(request, account: User, role_form: AccountForm, status: int = 200) -> HttpResponse:
    pending = AccountChangeRequest.objects.pending().filter(user=account)
    requests = [
        {
            "change": change,
            "may_decide": policy.may_decide_account_change(
                request.user,
                change,
                viewer_gave_way_in=actions.accounts._gave_way_in(by=request.user, user=account),
            ),
        }
        for change in pending.select_related("office", "requested_by")
    ]
    return render(
        request,
        "casework/users/user_detail.html",
        {
            "account": account,
            "own": account.pk == request.user.pk,
            "role_form": role_form,
            "requests": requests,
            "locked_out": actions.is_locked_out(user=account),
            "failed_logins": actions.failed_logins(user=account),
            "second_factor": _has_second_factor(account),
        },
        status=status,
    )


@login_required
def user_create(request) -> HttpResponse:
    if not policy.may_manage_accounts(request.user):
        raise Http404
    form = NewUserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        account = actions.save_user_as_admin(
            user=form.save(commit=False), by=request.user, created=True, changed=form.changed_data
        )
        if AccountChangeRequest.objects.pending().filter(user=account).exists():
            messages.warning(
                request,
                _(
                    "%(user)s is made. Their role or office waits for a second administrator; "
                    "once approved, an administrator other than you sends the set-password link."
                )
                % {"user": account.username},
            )
        else:
            _send_link(request, account)
        return redirect("casework:user_detail", user_pk=account.pk)
    return render(request, "casework/users/user_form.html", {"form": form})


def _send_link(request, account: User) -> None:
    try:
        path = actions.make_set_password_link(user=account, by=request.user)
    except PermissionDenied:
        messages.error(request, REFUSED_WAY_IN)
        return
    # The e-mail says a link was made, not the link: the admin gives it over a trusted channel.
    messages.warning(
        request,
        _(
            "One-time link for %(user)s to set a password: %(url)s It works once, for 24 hours. "
            "Give it to them over a channel you trust."
        )
        % {"user": account.username, "url": request.build_absolute_uri(path)},
    )


@login_required
@require_POST
def user_change(request, user_pk: int) -> HttpResponse:
    account = _account_for_admin(request, user_pk)
    form = AccountForm(request.POST, instance=account)
    if not form.is_valid():
        return _detail_page(request, User.objects.get(pk=account.pk), form, status=400)
    try:
        actions.save_user_as_admin(
            user=form.save(commit=False), by=request.user, created=False, changed=form.changed_data
        )
    except PermissionDenied:
        messages.error(request, _("Nobody changes their own role or office."))
        return redirect("casework:user_detail", user_pk=account.pk)
    _say_saved_or_waiting(request, account)
    return redirect("casework:user_detail", user_pk=account.pk)


def _say_saved_or_waiting(request, account: User) -> None:
    if AccountChangeRequest.objects.pending().filter(user=account).exists():
        messages.warning(request, _("Waiting for a second admin to approve the change."))
    else:
        messages.success(request, _("The account is changed."))


@login_required
@require_POST
def user_set_active(request, user_pk: int) -> HttpResponse:
    account = _account_for_admin(request, user_pk)
    if account.pk == request.user.pk:
        messages.error(request, _("Nobody deactivates their own account."))
        return redirect("casework:user_detail", user_pk=account.pk)
    account.is_active = request.POST.get("active") == "1"
    actions.save_user_as_admin(user=account, by=request.user, created=False, changed=[])
    _say_saved_or_waiting(request, account)
    return redirect("casework:user_detail", user_pk=account.pk)


@login_required
@require_POST
def user_password_link(request, user_pk: int) -> HttpResponse:
    account = _account_for_admin(request, user_pk)
    _send_link(request, account)
    return redirect("casework:user_detail", user_pk=account.pk)


@login_required
@require_POST
def user_unlock(request, user_pk: int) -> HttpResponse:
    account = _account_for_admin(request, user_pk)
    actions.lift_lockout(user=account, by=request.user)
    messages.success(request, _("The lockout is lifted: they may log in again now."))
    return redirect("casework:user_detail", user_pk=account.pk)


@login_required
@require_POST
def user_reset_second_factor(request, user_pk: int) -> HttpResponse:
    account = _account_for_admin(request, user_pk)
    try:
        actions.reset_second_factor(user=account, by=request.user)
    except PermissionDenied:
        messages.error(request, REFUSED_WAY_IN)
    else:
        messages.success(
            request, _("The second factor is reset: they set up a new one at the next login.")
        )
    return redirect("casework:user_detail", user_pk=account.pk)


@login_required
@require_POST
def account_change_decide(request, change_pk: int, approve: bool) -> HttpResponse:
    if not policy.may_manage_accounts(request.user):
        raise Http404
    change = get_object_or_404(AccountChangeRequest, pk=change_pk)
    decide = actions.approve_account_change if approve else actions.decline_account_change
    try:
        decide(change=change, by=request.user)
    except PermissionDenied:
        messages.error(
            request,
            _(
                "Another administrator, neither its requester nor its account, decides this "
                "request, and only while it waits."
            ),
        )
    else:
        messages.success(
            request,
            _("Approved: the account is changed as requested.")
            if approve
            else _("Declined: the account stays as it was."),
        )
    return redirect("casework:user_detail", user_pk=change.user_id)
