"""The access policy is one module: nothing else decides by role, and templates ask it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.http import Http404

from casework.access import lookups, policy
from casework.access.policy import CaseAction, May, MayCase

ROOT = Path(__file__).resolve().parents[2]
ROLE_CHECK = re.compile(r"role ==|role !=|\.role in\b|\.role not in\b|user\.role\b")
# The policy decides by role; the user model defines the field.
ALLOWED = {ROOT / "casework/access/policy.py"}
ROLE_FIELD = 'role = models.CharField(_("role"), max_length=20, choices=Role.choices'


def sources() -> list[Path]:
    found = []
    for folder in ["casework", "docs_app", "templates"]:
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in {".py", ".html", ".txt"} and "migrations" not in path.parts:
                found.append(path)
    return found


def test_no_role_is_compared_outside_the_policy():
    hits = []
    for path in sources():
        if path in ALLOWED:
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if ROLE_CHECK.search(line) and ROLE_FIELD not in line:
                hits.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert hits == []


def test_the_role_check_pattern_finds_role_checks():
    for line in [
        "if user.role == Role.ADMIN:",
        '{% if user.role != "admin" %}',
        "return user.role in (Role.VOLUNTEER,)",
    ]:
        assert ROLE_CHECK.search(line), line


TEMPLATE_ASKS = re.compile(r"\bmay\.(case\.)?(\w+)")


def test_templates_ask_the_policy_only_what_it_knows():
    """A misspelt permission would be silently false in a template: it fails here instead."""
    may_attributes = {name for name in dir(May) if not name.startswith("_")} | {"case"}
    asked = []
    for path in (ROOT / "templates").rglob("*.html"):
        for match in TEMPLATE_ASKS.finditer(path.read_text()):
            asked.append((path.name, bool(match.group(1)), match.group(2)))
    assert asked, "the templates ask the policy"
    unknown = [
        (name, attribute)
        for name, on_case, attribute in asked
        if (
            attribute not in {a.value for a in CaseAction}
            if on_case
            else attribute not in may_attributes
        )
    ]
    assert unknown == []


def test_may_case_refuses_what_is_not_an_action(vera_volunteer, vera_case):
    may = MayCase(vera_volunteer, vera_case)
    assert may.edit is True
    assert may.manage is False
    with pytest.raises(AttributeError):
        may.edti  # noqa: B018


def test_may_for_a_page_without_a_case(vera_volunteer, olga_coordinator, ada_admin):
    assert May(vera_volunteer).take_in is True
    assert May(vera_volunteer).read_audit_log is False
    assert May(vera_volunteer).case is None
    assert May(olga_coordinator).export_summaries is True
    assert May(ada_admin).work_on_cases is False
    assert May(ada_admin).read_whole_audit_log is True


def test_case_actions_are_the_enum_not_strings(vera_volunteer, vera_case):
    with pytest.raises(TypeError):
        lookups.get_case_for_user(vera_volunteer, vera_case.pk, "edit")
    assert lookups.get_case_for_user(vera_volunteer, vera_case.pk, CaseAction.EDIT) == vera_case
    with pytest.raises(Http404):
        lookups.get_case_for_user(vera_volunteer, vera_case.pk, CaseAction.MANAGE)


def test_every_case_action_has_its_roles():
    assert set(policy.CASE_ROLES) == set(CaseAction)


def test_the_admin_site_asks_the_policy(rf, monkeypatch, vera_volunteer, ada_admin):
    from django.contrib import admin

    for user, expected in [(ada_admin, True), (vera_volunteer, False)]:
        request = rf.get("/admin/")
        request.user = user
        assert admin.site.has_permission(request) is expected
    # The site decides nothing itself: were the policy to say no, ada would not get in.
    monkeypatch.setattr(policy, "may_use_admin_site", lambda user: False)
    request = rf.get("/admin/")
    request.user = ada_admin
    assert admin.site.has_permission(request) is False
