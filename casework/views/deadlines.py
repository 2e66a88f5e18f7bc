"""Tasks, snoozes and the calendar feed (casework/deadlines/ derives what is due)."""

from __future__ import annotations

import datetime
import hmac

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from casework import actions, deadlines
from casework.access import policy
from casework.access.lookups import get_case_for_user
from casework.access.policy import CaseAction
from casework.dates import user_time_zone
from casework.deadlines import ical
from casework.forms import SnoozeForm, TaskForm
from casework.mail import in_language_of
from casework.models import CalendarFeed, Case, CaseTask, DeadlineSnooze

# How far back and ahead the calendar feed reaches, and how many events it holds at most.
FEED_DAYS_BACK = 30
FEED_DAYS_AHEAD = 366
FEED_MAX_EVENTS = 500


def _back(case: Case):
    return redirect(f"{case.get_absolute_url()}#deadlines")


@login_required
def task_create(request, pk):
    case = get_case_for_user(request.user, pk, CaseAction.EDIT)
    form = TaskForm(request.POST or None, case=case)
    if request.method == "POST":
        if form.is_valid():
            actions.add_task(case=case, by=request.user, **form.cleaned_data)
            messages.success(request, _("The task was added."))
            return _back(case)
        messages.error(request, _("The task was not saved: correct the fields marked below."))
    actions.log_case_view(case=case, by=request.user, form="add task")
    return render(
        request,
        "casework/deadline_form.html",
        {"case": case, "form": form, "title": _("Add a task"), "submit": _("Add the task")},
    )


@login_required
@require_POST
def task_done(request, pk, item_pk):
    case = get_case_for_user(request.user, pk, CaseAction.EDIT)
    task = get_object_or_404(CaseTask.objects.select_related("case"), pk=item_pk, case=case)
    actions.complete_task(task=task, by=request.user)
    messages.success(request, _("The task was marked done."))
    return _back(case)


@login_required
def snooze(request, pk):
    case = get_case_for_user(request.user, pk, CaseAction.EDIT)
    form = SnoozeForm(
        request.POST or None,
        items=deadlines.for_case(case),
        initial={"item": request.GET.get("item", "")},
    )
    if request.method == "POST":
        if form.is_valid():
            actions.snooze_item(
                case=case,
                by=request.user,
                item_key=form.cleaned_data["item"],
                until=form.cleaned_data["until"],
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("The deadline was snoozed."))
            return _back(case)
        messages.error(request, _("The deadline was not snoozed: correct the fields marked below."))
    actions.log_case_view(case=case, by=request.user, form="snooze")
    return render(
        request,
        "casework/deadline_form.html",
        {
            "case": case,
            "form": form,
            "title": _("Snooze a deadline"),
            "submit": _("Snooze"),
            "empty": not form.items,
        },
    )


@require_POST
@login_required
def snooze_end(request, pk, snooze_pk):
    case = get_case_for_user(request.user, pk, CaseAction.EDIT)
    snooze = get_object_or_404(
        DeadlineSnooze.objects.select_related("case"), pk=snooze_pk, case=case
    )
    actions.end_snooze(snooze=snooze, by=request.user)
    messages.success(request, _("The snooze was ended: the deadline is back."))
    return _back(case)


@login_required
def calendar_feed(request):
    """The user's own secret calendar address: create, renew (a new address) or revoke."""
    if not policy.may_have_calendar_feed(request.user):
        raise Http404
    new_url = ""
    if request.method == "POST":
        action = request.POST.get("action")
        if action in ("create", "renew"):
            token = actions.create_calendar_feed(user=request.user)[1]
            new_url = request.build_absolute_uri(
                reverse("casework:calendar_feed_ics", args=[token])
            )
            messages.success(
                request,
                _("Your new calendar address is below. Copy it now: it is shown only once."),
            )
            if action == "renew":
                messages.info(request, _("The previous address no longer works."))
        elif action == "revoke":
            if actions.revoke_calendar_feed(user=request.user):
                messages.success(request, _("Your calendar address was revoked."))
            return redirect("casework:calendar_feed")
        else:
            return redirect("casework:calendar_feed")
    feed = CalendarFeed.objects.active().owned_by(request.user).first()
    return render(
        request,
        "casework/calendar_feed.html",
        {"feed": feed, "new_url": new_url, "webcal_url": new_url.replace("https://", "webcal://")},
    )


@require_GET
def calendar_feed_ics(request, token):
    """The feed itself, fetched by calendar applications without a session: the secret token
    in the address is the only credential, so anything wrong answers 404."""
    digest = actions.calendar_token_hash(token)
    feed = CalendarFeed.objects.active().by_token_hash(digest).select_related("user").first()
    # The lookup is by hash (no timing leak about the token); compared again for certainty.
    if (
        feed is None
        or not hmac.compare_digest(feed.token_hash, digest)
        or not policy.may_have_calendar_feed(feed.user)
    ):
        raise Http404
    # "Today" is the day in the feed owner's office, as on their pages.
    with timezone.override(user_time_zone(feed.user)):
        found = deadlines.for_user(feed.user)
    today = found.today
    items = found.items(
        today - datetime.timedelta(days=FEED_DAYS_BACK),
        today + datetime.timedelta(days=FEED_DAYS_AHEAD),
        limit=FEED_MAX_EVENTS,
    )
    # Fetched without a session or Accept-Language: written in the owner's language.
    with in_language_of(feed.user) as language:
        events = [
            ical.Event(
                uid=f"{item.key}.case-{item.case_id}@{request.get_host()}",
                day=item.due_on,
                summary=f"{item.reference}: {item.what}",
                url=request.build_absolute_uri(item.case_url),
            )
            for item in items
        ]
        body = ical.calendar(
            events,
            name=_("Casework deadlines"),
            stamp=timezone.now(),
            prodid="-//exile-casework//deadlines//EN",
        )
    actions.log_calendar_feed_read(feed=feed, items=len(events))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "no-store"
    response["Content-Disposition"] = 'inline; filename="deadlines.ics"'
    response["Content-Language"] = language
    return response
