"""`{% if may.case|may_change:note %}`: the policy's per-record question, for templates
(the rest they ask of `may` directly, casework.access.policy.May)."""

from typing import Any

from django import template

from casework.access.policy import MayCase

register = template.Library()


@register.filter
def may_change(may_case: MayCase | None, record: Any) -> bool:
    return may_case is not None and may_case.change(record)
