"""load_seeds keeps a remedy option an admin edited, and says which it kept."""

from __future__ import annotations

import datetime
from io import StringIO

import time_machine
from django.core.management import call_command
from django.urls import reverse

from casework.models import AuditEvent, RemedyOption
from casework.seeds import load_reference_data


def edit_in_admin(client, ada_admin, option: RemedyOption, summary: str):
    """Change the English summary on the admin's change form, as an admin does."""
    client.force_login(ada_admin)
    url = reverse("admin:casework_remedyoption_change", args=[option.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form.initial.get(name) for name in form.fields}
    data = {name: "" if value is None else value for name, value in data.items()}
    data["summary_en"] = summary
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors


def test_an_option_edited_in_the_admin_is_kept_and_named(client, ada_admin):
    load_reference_data()
    option = RemedyOption.objects.order_by("pk").first()
    with time_machine.travel(datetime.datetime(2026, 11, 20, 9, 0, tzinfo=datetime.UTC)):
        edit_in_admin(client, ada_admin, option, "Corrected by the admin.")
    option.refresh_from_db()
    assert option.edited_in_admin_at.date() == datetime.date(2026, 11, 20)
    assert AuditEvent.objects.filter(action="reference_change").exists()

    out = StringIO()
    call_command("load_seeds", stdout=out)

    option.refresh_from_db()
    assert option.summary_en == "Corrected by the admin."
    assert (
        f"Kept remedy option {option.country}/{option.kind}/{option.title_en}: edited in the "
        "admin on 2026-11-20." in out.getvalue()
    )
    assert "0 remedy options created or updated" in out.getvalue()


def test_an_option_not_edited_in_the_admin_is_restored(db):
    load_reference_data()
    option = RemedyOption.objects.order_by("pk").first()
    seeded = option.summary_en
    # Changed by other means than the admin (a shell, a bad import): the seed wins.
    RemedyOption.objects.filter(pk=option.pk).update(summary_en="Stray edit.")

    changed = load_reference_data()

    option.refresh_from_db()
    assert option.summary_en == seeded
    assert changed["remedy_options"] == 1
    assert changed["kept"] == []
