"""Forms of the deadline pages: add a task, snooze a derived deadline."""

from __future__ import annotations

import datetime
import re
from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.access import policy
from casework.dates import DateField
from casework.deadlines import Deadline
from casework.models import Case, User
from casework.names.mentions import name_mentions
from casework.validation import CleanTextMixin

WORD = re.compile(r"\w+")
# The furthest ahead a task or snooze may be dated.
MAX_DAYS_AHEAD = 10 * 366
MAX_SNOOZE_DAYS = 366


def name_spellings(case: Case) -> list[str]:
    """Every known spelling of the person's name."""
    return [case.person.full_name, *case.person.names.values_list("text", flat=True)]


class AssigneeField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.username

    def to_python(self, value):
        # An id beyond 64 bits (a tampered form) would make SQLite raise OverflowError.
        if value not in self.empty_values:
            try:
                if abs(int(value)) >= 2**63:
                    raise ValidationError(
                        self.error_messages["invalid_choice"], code="invalid_choice"
                    )
            except (TypeError, ValueError):
                pass
        return super().to_python(value)


class TaskForm(CleanTextMixin, forms.Form):
    title = forms.CharField(
        label=_("What is to be done"),
        max_length=200,
        help_text=_(
            "For example “Book the appointment for the alien's passport”. Leave the person's "
            "name out: tasks appear in calendar feeds and e-mail digests by case reference."
        ),
    )
    due_on = DateField(label=_("Due on"))
    assignee = AssigneeField(
        label=_("Assignee"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Nobody in particular"),
    )

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        # Those who may work on the case: its volunteers and its office's coordinators.
        cast(forms.ModelChoiceField, self.fields["assignee"]).queryset = (
            User.objects.filter(policy.task_assignees(case))
            .distinct()
            .order_by("first_name", "username")
        )

    def clean_title(self) -> str:
        title = self.cleaned_data["title"].strip()
        if not WORD.search(title):
            raise ValidationError(_("Say in words what is to be done."))
        mentions = name_mentions(title, name_spellings(self.case))
        if mentions:
            # Any script or spelling of the name: the search's keys decide (names/mentions.py).
            raise ValidationError(
                _(
                    "Leave the person's name out of the task: “%(word)s” is a spelling of it. "
                    "Tasks appear in calendar feeds and e-mail digests; the case reference "
                    "identifies the case."
                ),
                params={"word": mentions[0]},
                code="name_in_title",
            )
        return title

    def clean_due_on(self) -> datetime.date:
        due_on = self.cleaned_data["due_on"]
        today = timezone.localdate()
        if due_on < today - datetime.timedelta(days=366):
            raise ValidationError(_("This date is more than a year ago; enter a later date."))
        if due_on > today + datetime.timedelta(days=MAX_DAYS_AHEAD):
            raise ValidationError(_("Enter a date within the next ten years."))
        return due_on


class SnoozeForm(CleanTextMixin, forms.Form):
    item = forms.ChoiceField(label=_("Deadline"))
    until = DateField(
        label=_("Snooze until"),
        help_text=_("It comes back on the dashboard on this day."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why it can wait, for the others on the case: shown in its history."),
    )

    def __init__(self, *args, items: list[Deadline], **kwargs):
        super().__init__(*args, **kwargs)
        self.items = {item.key: item for item in items if item.snoozable}
        cast(forms.ChoiceField, self.fields["item"]).choices = [
            ("", _("Choose a deadline")),
            *(
                (key, f"{item.what} · {item.due_on.isoformat()}")
                for key, item in self.items.items()
            ),
        ]

    def clean_until(self) -> datetime.date:
        until = self.cleaned_data["until"]
        today = timezone.localdate()
        if until <= today:
            raise ValidationError(_("Choose a day after today."))
        if until > today + datetime.timedelta(days=MAX_SNOOZE_DAYS):
            raise ValidationError(_("Snooze for a year at most; choose an earlier day."))
        return until

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not WORD.search(reason):
            raise ValidationError(_("Say in words why this deadline can wait."))
        return reason

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        item = self.items.get(cleaned.get("item", ""))
        until = cleaned.get("until")
        limit = item.snooze_limit if item is not None else None
        if item is not None and limit is not None and until is not None and until > limit:
            if limit <= timezone.localdate():
                message = _(
                    "This date is set by law and is less than a week away: it cannot be "
                    "snoozed. It is due on %(due)s."
                ) % {"due": item.due_on.isoformat()}
            else:
                message = _(
                    "This date is set by law: it comes back a week before it at the latest. "
                    "Choose %(limit)s or an earlier day (it is due on %(due)s)."
                ) % {"limit": limit.isoformat(), "due": item.due_on.isoformat()}
            self.add_error("until", message)
        return cleaned
