"""Dates and times as people read and type them, in their language and their office's zone.

Pages write dates with the month by name in the active language (config/formats/<lang>/), so
that no reader takes 1/12 for 12 January. Date fields are text boxes that name the format they
take: `<input type=date>` would show the browser's locale (mm/dd/yyyy in en-US) whatever the
page's language. Times are shown in the zone of the user's office (Office.time_zone), named.
"""

from __future__ import annotations

import datetime
import functools
import zoneinfo
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

# The format letters in each language's words (ДД.ММ.ГГГГ, TT.MM.RRRR, ...), for every typing
# format of config/formats/.
FORMAT_LETTERS = {
    "%d.%m.%Y": pgettext_lazy("date format letters", "DD.MM.YYYY"),
    "%Y-%m-%d": pgettext_lazy("date format letters", "YYYY-MM-DD"),
}

# Django's month names, listed so that makemessages puts them in the project's catalogues,
# which win over Django's own: Django's Belarusian ones are in the classical orthography
# (сьнежня, верасьня) and give March in the nominative where a date needs the genitive. The
# translators give the official forms (снежня, верасня); a language left untranslated keeps
# Django's. "alt. month" is the genitive, as in "1 снежня 2026" (format character E).
MONTH_NAMES = (
    pgettext_lazy("alt. month", "January"),
    pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"),
    pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"),
    pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"),
    pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"),
    pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"),
    pgettext_lazy("alt. month", "December"),
    _("January"),
    _("February"),
    _("March"),
    _("April"),
    _("May"),
    _("June"),
    _("July"),
    _("August"),
    _("September"),
    _("October"),
    _("November"),
    _("December"),
)


# --- typing a date ------------------------------------------------------------------------------


def typing_format() -> str:
    """The active language's format for typed dates (the first of its DATE_INPUT_FORMATS)."""
    return get_format("DATE_INPUT_FORMATS")[0]


def format_letters() -> str:
    """The typing format as people read it: "DD.MM.YYYY" in the active language's letters."""
    pattern = typing_format()
    letters = FORMAT_LETTERS.get(pattern)
    if letters is not None:
        return str(letters)
    return pattern.replace("%d", "DD").replace("%m", "MM").replace("%Y", "YYYY")


def example_date() -> str:
    """31 December of this year, typed in the active language's format: a day above 12 shows
    which number is the day."""
    return datetime.date(timezone.localdate().year, 12, 31).strftime(typing_format())


def _format_help() -> str:
    return gettext("Format: %(format)s, for example %(example)s.") % {
        "format": format_letters(),
        "example": example_date(),
    }


def _format_error() -> str:
    return gettext("Enter the date as %(format)s, for example %(example)s.") % {
        "format": format_letters(),
        "example": example_date(),
    }


# Evaluated each time they are shown, in the language active then.
format_help = lazy(_format_help, str)
format_error = lazy(_format_error, str)


class DateInput(forms.DateInput):
    """A text box for a date in the active language's typing format, which its placeholder
    shows. A value already saved is shown in that format too (the widget's format is left to
    the language).

    No inputmode="numeric": phone keyboards for it have no "." or "-" to type the date with.
    """

    def __init__(self, attrs: dict[str, Any] | None = None):
        super().__init__(attrs={"autocomplete": "off", **(attrs or {})})

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].setdefault("placeholder", format_letters())
        return context


class DateField(forms.DateField):
    """A date typed in the active language's format (or ISO), which its help text names; a
    date it cannot read gets a message with the format and an example."""

    widget = DateInput

    def __init__(self, *, help_text: Any = "", **kwargs: Any):
        help_text = format_lazy("{} {}", help_text, format_help()) if help_text else format_help()
        super().__init__(help_text=help_text, **kwargs)
        self.error_messages["invalid"] = format_error()


class DateFilter(django_filters.DateFilter):
    field_class = DateField


# --- time zones ---------------------------------------------------------------------------------

# The regions of the IANA database where offices are: "Europe/Warsaw", not the legacy aliases
# ("Poland", "US/Eastern") or the fixed offsets of "Etc/".
REGIONS = ("Africa", "America", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific")


@functools.cache
def time_zone_names() -> tuple[str, ...]:
    return (
        "UTC",
        *sorted(
            name
            for name in zoneinfo.available_timezones()
            if name.split("/", 1)[0] in REGIONS and "/" in name
        ),
    )


def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in time_zone_names()]


def validate_time_zone(value: str) -> None:
    if value not in time_zone_names():
        raise ValidationError(
            _("Choose a time zone by its region and city, such as Europe/Warsaw.")
        )


def user_time_zone(user: Any) -> zoneinfo.ZoneInfo:
    """The zone of the user's office; UTC for anyone without an office (admins, legal aid)."""
    office = getattr(user, "office", None) if getattr(user, "is_authenticated", False) else None
    return zoneinfo.ZoneInfo(office.time_zone if office is not None else "UTC")
