"""Encryption at rest (issue 4): the most sensitive fields are stored as ciphertext under
FIELD_ENCRYPTION_KEYS, read back as plain text, refused under a wrong key, and rotated."""

from __future__ import annotations

import datetime
import glob
import html
import io
import os
import shutil
import subprocess

import pytest
from cryptography.fernet import Fernet
from django import forms
from django.core.exceptions import FieldError, ValidationError
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from casework import actions, crypto
from casework.crypto import FieldDecryptionError
from casework.forms import DocumentForm, NoteForm, PersonForm, RelativeForm
from casework.models import IdentityDocument, Note, Person, PressureEvent, Relative
from tests.factories import fill_case, take_in
from tests.reading import pdf_text

# One made-up marker per encrypted field, found nowhere else.
SENTINELS = {
    (Person, "contact"): "zqenc-contact-Signal-4471",
    (IdentityDocument, "number"): "ZQENC998877",
    (Relative, "name"): "Zqenc Łucyja Ćvirka",
    (Relative, "location"): "zqenc-whereabouts-Ашмяны",
    (Relative, "notes"): "zqenc-relative-notes-3312",
    (PressureEvent, "details"): "zqenc-pressure-Вобшук-5520",
    (Note, "text"): "zqenc-note-text-6631",
}
FULL_NAME = "Zqplain Ales Kavalenka"


def new_key() -> str:
    return Fernet.generate_key().decode()


def sensitive_case(by, **values):
    """A case with every encrypted field filled through the actions: values override
    SENTINELS by field name."""
    value = {field: text for (_, field), text in SENTINELS.items()} | values
    case = take_in(by, full_name=FULL_NAME, contact=value["contact"])
    return fill_case(
        case,
        by,
        rows=1,
        risk=None,
        remedy=None,
        document=lambda _: {
            "kind": "national_passport",
            "issuing_country": "BY",
            "number": value["number"],
        },
        relative=lambda _: {
            "relationship": "sister",
            "name": value["name"],
            "location": value["location"],
            "notes": value["notes"],
        },
        pressure=lambda _: {
            "occurred_on": datetime.date(2025, 3, 1),
            "kind": "search",
            "details": value["details"],
        },
        note=lambda _: {"kind": "contact", "text": value["text"]},
    )


def stored(model, field: str) -> list[str]:
    """What the database holds in one column, as SQL reads it."""
    quote = connection.ops.quote_name
    table, column = quote(model._meta.db_table), quote(model._meta.get_field(field).column)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} ORDER BY id")  # noqa: S608
        return [row[0] for row in cursor.fetchall()]


def plain_values() -> dict[tuple, str]:
    """Every encrypted field as the ORM reads it back (one row of each model)."""
    return {(model, field): getattr(model.objects.get(), field) for model, field in SENTINELS}


def pg_dump_path() -> str | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_dump"))
    return found[-1] if found else shutil.which("pg_dump")


def database_bytes(tmp_path) -> bytes:
    """Everything the database holds, as an attacker with a copy of its files would read it."""
    if connection.vendor == "sqlite":
        copy = tmp_path / "copy.sqlite3"
        with connection.cursor() as cursor:
            cursor.execute("VACUUM INTO %s", [str(copy)])
        return copy.read_bytes()
    assert connection.vendor == "postgresql", connection.vendor
    pg_dump = pg_dump_path()
    assert pg_dump, "pg_dump is needed to read the test database"
    settings = connection.settings_dict
    command = [pg_dump, "--data-only", "--no-owner", "--dbname", settings["NAME"]]
    for option, name in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings.get(name):
            command += [option, str(settings[name])]
    env = {**os.environ, "PGPASSWORD": settings.get("PASSWORD") or ""}
    return subprocess.run(command, env=env, capture_output=True, check=True).stdout  # noqa: S603


# Nothing readable at rest


@pytest.mark.django_db(transaction=True)
def test_the_database_holds_no_sensitive_field_in_plain_text(vera_volunteer, tmp_path):
    sensitive_case(vera_volunteer)

    dump = database_bytes(tmp_path)

    assert FULL_NAME.encode() in dump  # the dump is real: names stay searchable, in plain text
    for (model, field), sentinel in SENTINELS.items():
        assert sentinel.encode() not in dump, f"{model.__name__}.{field} is stored readable"
        assert stored(model, field)[0].startswith("gAAAAA")  # a Fernet token


def test_the_orm_reads_back_plain_text(vera_volunteer):
    sensitive_case(vera_volunteer)

    assert plain_values() == SENTINELS
    assert list(Relative.objects.values_list("name", "location")) == [
        (SENTINELS[Relative, "name"], SENTINELS[Relative, "location"])
    ]


def test_the_case_page_and_the_pdf_show_plain_text(login, vera_volunteer):
    case = sensitive_case(vera_volunteer)
    client = login(vera_volunteer)

    page = html.unescape(client.get(case.get_absolute_url()).content.decode())
    pdf = client.post(
        reverse("docs_app:case_summary", args=[case.pk]),
        {"include": "contacts,notes,relatives", "purpose": "Court hearing"},
    )
    printed = " ".join(pdf_text(pdf.content).split())

    for sentinel in SENTINELS.values():
        assert sentinel in page
        assert sentinel in printed
        assert "gAAAAA" not in page


def test_empty_values_are_stored_empty(vera_volunteer):
    case = take_in(vera_volunteer, contact="")
    actions.add_relative(
        case=case,
        by=vera_volunteer,
        fields={"relationship": "brother", "name": "Zqenc Brother", "location": "", "notes": ""},
    )

    assert stored(Person, "contact") == [""]
    assert stored(Relative, "location") == [""]
    assert stored(Relative, "notes") == [""]
    relative = Relative.objects.get()
    assert (relative.location, relative.notes) == ("", "")
    assert Relative.objects.filter(location__isnull=False).count() == 1


# Keys


def test_a_wrong_key_fails_loudly_instead_of_showing_ciphertext(settings, login, vera_volunteer):
    case = sensitive_case(vera_volunteer)
    settings.FIELD_ENCRYPTION_KEYS = [new_key()]

    with pytest.raises(FieldDecryptionError, match="does not hold the key"):
        Note.objects.get()
    with pytest.raises(FieldDecryptionError):
        Relative.objects.values_list("name", flat=True).get()
    with pytest.raises(FieldDecryptionError):
        login(vera_volunteer).get(case.get_absolute_url())


def test_a_rotated_key_leaves_every_value_readable_under_the_new_key_alone(
    settings, vera_volunteer
):
    old, new = new_key(), new_key()
    settings.FIELD_ENCRYPTION_KEYS = [old]
    sensitive_case(vera_volunteer)
    before = {key: stored(*key) for key in SENTINELS}

    # The new key in front: everything stays readable, new writes use the new key.
    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    assert plain_values() == SENTINELS
    out = io.StringIO()
    call_command("rotate_field_keys", "--batch-size", "1", stdout=out)
    assert "Relative.name: 1 re-encrypted, 0 already under the newest key." in out.getvalue()
    # The seven above, the case summary and relationship that sensitive_case fills too, and
    # their first versions in the history tables (encrypted alike).
    assert "HistoricalNote.text: 1 re-encrypted, 0 already under the newest key." in out.getvalue()
    assert "Done: 18 values re-encrypted." in out.getvalue()

    # The old key dropped: still readable, and every stored value has changed.
    settings.FIELD_ENCRYPTION_KEYS = [new]
    assert plain_values() == SENTINELS
    for key, values in before.items():
        assert stored(*key) != values
    settings.FIELD_ENCRYPTION_KEYS = [old]
    with pytest.raises(FieldDecryptionError):
        Note.objects.get()

    # Running it again changes nothing.
    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    after = {key: stored(*key) for key in SENTINELS}
    out = io.StringIO()
    call_command("rotate_field_keys", stdout=out)
    assert "Note.text: 0 re-encrypted, 1 already under the newest key." in out.getvalue()
    assert "Done: 0 values re-encrypted." in out.getvalue()
    assert {key: stored(*key) for key in SENTINELS} == after


def test_rotation_refuses_a_value_no_key_decrypts(settings, vera_volunteer):
    sensitive_case(vera_volunteer)
    settings.FIELD_ENCRYPTION_KEYS = [new_key()]

    with pytest.raises(FieldDecryptionError):
        call_command("rotate_field_keys", stdout=io.StringIO())


def test_keys_that_are_not_fernet_keys_are_reported_by_the_checks(settings):
    settings.FIELD_ENCRYPTION_KEYS = ["not-a-key"]

    assert [error.id for error in crypto.check_keys(None)] == ["casework.E001"]
    settings.FIELD_ENCRYPTION_KEYS = [new_key()]
    assert crypto.check_keys(None) == []


def test_each_write_makes_a_different_token():
    token = crypto.encrypt("same text")

    assert crypto.encrypt("same text") != token
    assert crypto.decrypt(token) == "same text"


# What the database can no longer do, and what the forms still do


def test_filtering_on_an_encrypted_field_is_refused(db):
    with pytest.raises(FieldError, match=r"Relative\.name is encrypted"):
        Relative.objects.filter(name="Anna").exists()
    with pytest.raises(FieldError, match=r"Note\.text is encrypted"):
        Note.objects.filter(text__icontains="summons").exists()


def test_the_forms_keep_their_widgets_and_limits():
    relative, document = RelativeForm(), DocumentForm()

    assert isinstance(relative.fields["name"].widget, forms.TextInput)
    assert relative.fields["name"].max_length == 200
    assert isinstance(relative.fields["location"].widget, forms.TextInput)
    assert isinstance(relative.fields["notes"].widget, forms.Textarea)
    assert isinstance(document.fields["number"].widget, forms.TextInput)
    assert document.fields["number"].max_length == 50
    assert isinstance(NoteForm().fields["text"].widget, forms.Textarea)
    assert isinstance(PersonForm().fields["contact"].widget, forms.Textarea)


def test_the_model_limits_the_plain_text_length(vera_case, vera_volunteer):
    with pytest.raises(ValidationError) as error:
        actions.add_relative(
            case=vera_case, by=vera_volunteer, fields={"relationship": "mother", "name": "N" * 201}
        )

    assert "name" in error.value.message_dict
    assert not Relative.objects.exists()


# The data migration


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_rows_written_before_and_decrypts_them_back(vera_volunteer):
    from django.db.migrations.executor import MigrationExecutor

    before_encryption = [("casework", "0003_audit_2fa_reset")]
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    case = take_in(vera_volunteer, full_name=FULL_NAME, contact="")
    try:
        executor.migrate(before_encryption)
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {quote(Person._meta.db_table)} SET contact = %s WHERE id = %s",  # noqa: S608
                [SENTINELS[Person, "contact"], case.person_id],
            )
        assert stored(Person, "contact") == [SENTINELS[Person, "contact"]]

        executor = MigrationExecutor(connection)
        executor.migrate([("casework", "0005_encrypt_existing_rows")])
        assert stored(Person, "contact")[0].startswith("gAAAAA")

        executor = MigrationExecutor(connection)
        executor.migrate(before_encryption)
        assert stored(Person, "contact") == [SENTINELS[Person, "contact"]]
    finally:
        MigrationExecutor(connection).migrate(latest)
    assert Person.objects.get().contact == SENTINELS[Person, "contact"]
