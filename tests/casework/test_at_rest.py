"""Nothing readable in a copy of the database: the free text of a case, the purpose of a
print, export archives, sessions, TOTP secrets and recovery codes (DESIGN.md section 9)."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django_otp import devices_for_user
from django_otp.oath import totp

from casework import actions
from casework.models import (
    AuditEvent,
    AuthenticatorDevice,
    Case,
    CaseTask,
    DeadlineSnooze,
    Person,
    RecoveryCode,
    RecoveryCodeDevice,
    Relative,
    Remedy,
    Risk,
)
from docs_app import actions as docs_actions
from docs_app import worker
from docs_app.models import SummaryExport
from tests.casework.test_encryption import database_bytes, new_key, stored
from tests.factories import PASSWORD, add_remedy, add_risk, take_in
from tests.reading import pdf_text

# One made-up marker per field encrypted here, found nowhere else.
SENTINELS = {
    (Case, "summary"): "zqrest-summary-Гродна-1101",
    (Case, "closure_reason"): "zqrest-closure-1102",
    (Risk, "details"): "zqrest-risk-details-1103",
    (Risk, "source"): "zqrest-risk-source-1104",
    (Remedy, "authority"): "zqrest-authority-Urzad-1105",
    (Remedy, "reference_number"): "ZQREST-REF-1106",
    (Remedy, "notes"): "zqrest-remedy-notes-1107",
    (CaseTask, "title"): "zqrest-task-title-1108",
    (DeadlineSnooze, "reason"): "zqrest-snooze-reason-1109",
    (Person, "city"): "zqrest-city-Białystok-1110",
    (Person, "languages"): "zqrest-languages-1111",
    (Relative, "relationship"): "zqrest-relationship-1112",
}
PURPOSE = "zqrest-purpose-for-advocate-1113"
NOTE = "zqrest-note-in-zip-1114"


def value(field: str) -> str:
    return next(text for (_, name), text in SENTINELS.items() if name == field)


def free_text_case(by, coordinator):
    """A case with every newly encrypted field filled through the actions."""
    case = take_in(
        by,
        summary=value("summary"),
        city=value("city"),
        languages=value("languages"),
    )
    add_risk(case, by, details=value("details"), source=value("source"))
    remedy = add_remedy(
        case,
        by,
        authority=value("authority"),
        reference_number=value("reference_number"),
        notes=value("notes"),
        decision_due_on=datetime.date.today() + datetime.timedelta(days=10),
    )
    actions.add_relative(
        case=case,
        by=by,
        fields={
            "relationship": value("relationship"),
            "name": "Zq Name",
            "location": "",
            "notes": "",
        },
    )
    actions.add_task(
        case=case,
        by=by,
        title=value("title"),
        due_on=datetime.date.today() + datetime.timedelta(days=3),
    )
    actions.snooze_item(
        case=case,
        by=by,
        item_key=f"remedy:{remedy.pk}:decision",
        until=datetime.date.today() + datetime.timedelta(days=5),
        reason=value("reason"),
    )
    actions.close_case(case=case, by=coordinator, reason=value("closure_reason"))
    return case


def exported(coordinator, case, *, build: bool = True) -> SummaryExport:
    export = docs_actions.request_summary_export(
        by=coordinator, case_ids=[case.pk], sections=["notes"], purpose=PURPOSE, language="en"
    )
    if build:
        worker.build_summary_export(export_id=export.pk)
    export.refresh_from_db()
    return export


@pytest.fixture
def enrolled(vera_volunteer):
    device = actions.start_second_factor(user=vera_volunteer)
    codes = actions.confirm_second_factor(user=vera_volunteer, device=device)
    return device, codes


def code_of(key_hex: str) -> str:
    return f"{totp(bytes.fromhex(key_hex)):06d}"


# A copy of the database


@pytest.mark.django_db(transaction=True)
def test_a_copy_of_the_database_holds_none_of_the_secrets(
    client, vera_volunteer, olga_coordinator, tmp_path, enrolled
):
    free_text_case(vera_volunteer, olga_coordinator)
    noted = take_in(olga_coordinator)
    actions.add_note(case=noted, by=olga_coordinator, fields={"kind": "contact", "text": NOTE})
    docs_actions.print_case_summary(
        case=noted, by=olga_coordinator, sections=["notes"], purpose=PURPOSE, language="en"
    )
    export = exported(olga_coordinator, noted)
    device, codes = enrolled
    client.force_login(vera_volunteer)
    session_key = client.cookies[django_settings.SESSION_COOKIE_NAME].value

    dump = database_bytes(tmp_path)

    for (model, field), sentinel in SENTINELS.items():
        assert sentinel.encode() not in dump, f"{model.__name__}.{field} is stored readable"
        assert stored(model, field)[0].startswith("gAAAAA")  # a Fernet token
    assert PURPOSE.encode() not in dump  # neither in the audit log nor in the export row
    assert NOTE.encode() not in dump  # the note is in the ZIP: the archive is encrypted
    assert bytes(SummaryExport.objects.get(pk=export.pk).archive).startswith(b"gAAAAA")
    assert device.key.encode() not in dump
    assert device.key.upper().encode() not in dump
    for code in codes:
        assert code.encode() not in dump
    assert session_key.encode() not in dump


def test_the_case_page_and_the_deadlines_read_back_plain_text(
    login, vera_volunteer, olga_coordinator
):
    case = free_text_case(vera_volunteer, olga_coordinator)
    actions.reopen_case(case=case, by=olga_coordinator, reason="Back.")

    page = login(vera_volunteer).get(case.get_absolute_url()).content.decode()
    for field in ("summary", "details", "source", "authority", "reference_number", "title"):
        assert value(field) in page, field
    assert "gAAAAA" not in page
    dashboard = login(vera_volunteer).get(reverse("casework:dashboard")).content.decode()
    assert value("title") in dashboard  # a task read through the deadlines' UNION


def test_the_print_purpose_is_shown_decrypted_in_the_audit_log_and_csv(
    login, olga_coordinator, vera_volunteer
):
    case = take_in(vera_volunteer)
    docs_actions.print_case_summary(
        case=case, by=olga_coordinator, sections=["notes"], purpose=PURPOSE, language="en"
    )
    event = AuditEvent.objects.get(action="print")
    assert event.detail == "language: en; sections: notes"
    assert PURPOSE not in stored(AuditEvent, "purpose")[-1]

    client = login(olga_coordinator)
    assert PURPOSE in client.get(reverse("casework:audit_log")).content.decode()
    csv = b"".join(client.get(reverse("casework:audit_log_csv")).streaming_content).decode()
    header, *rows = csv.splitlines()
    assert header.endswith(",detail,purpose,text")
    assert any(f"sections: notes,{PURPOSE}," in row for row in rows)


# Export archives


def test_a_zip_is_left_without_the_cases_lost_since_it_was_built(
    client, olga_coordinator, vera_volunteer, vilnius
):
    kept = take_in(vera_volunteer)
    lost = take_in(vera_volunteer)
    export = docs_actions.request_summary_export(
        by=olga_coordinator,
        case_ids=[kept.pk, lost.pk],
        sections=[],
        purpose=PURPOSE,
        language="en",
    )
    worker.build_summary_export(export_id=export.pk)
    # The case goes to another office after the archive was built (as a hand-over does).
    Case.objects.filter(pk=lost.pk).update(office=vilnius)

    client.force_login(olga_coordinator)
    response = client.post(reverse("docs_app:export_download", args=[export.pk]))

    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert archive.namelist() == [f"{kept.reference}.pdf"]
        assert PURPOSE in pdf_text(archive.read(f"{kept.reference}.pdf"))
    assert list(AuditEvent.objects.filter(action="export").values_list("case_id", flat=True)) == [
        kept.pk
    ]
    page = client.get(export.get_absolute_url()).content.decode()
    assert "1 summary was left out of the download: you can no longer print that case." in page


def test_a_zip_under_an_old_key_is_rotated_and_still_downloads(
    settings, client, olga_coordinator, vera_volunteer
):
    old, new = new_key(), new_key()
    settings.FIELD_ENCRYPTION_KEYS = [old]
    case = take_in(vera_volunteer)
    export = exported(olga_coordinator, case)
    before = bytes(export.archive)

    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    out = io.StringIO()
    call_command("rotate_field_keys", stdout=out)
    assert "SummaryExport.archive: 1 re-encrypted" in out.getvalue()
    assert "SummaryExport.purpose: 1 re-encrypted" in out.getvalue()
    assert "AuditEvent.purpose: 1 re-encrypted" in out.getvalue()

    settings.FIELD_ENCRYPTION_KEYS = [new]
    export.refresh_from_db()
    assert bytes(export.archive) != before
    client.force_login(olga_coordinator)
    response = client.post(reverse("docs_app:export_download", args=[export.pk]))
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert archive.namelist() == [f"{case.reference}.pdf"]


# Second factor


def test_the_totp_key_is_encrypted_and_rotated(settings, vera_volunteer):
    old, new = new_key(), new_key()
    settings.FIELD_ENCRYPTION_KEYS = [old]
    device = actions.start_second_factor(user=vera_volunteer)
    token = stored(AuthenticatorDevice, "key")[0]
    assert token.startswith("gAAAAA")
    assert device.key not in token

    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    out = io.StringIO()
    call_command("rotate_field_keys", stdout=out)
    assert "AuthenticatorDevice.key: 1 re-encrypted" in out.getvalue()
    settings.FIELD_ENCRYPTION_KEYS = [new]
    assert AuthenticatorDevice.objects.get().key == device.key


def test_a_copied_totp_token_or_recovery_hash_is_no_code(
    client, vera_volunteer, enrolled, settings
):
    settings.REQUIRE_2FA = True
    device, codes = enrolled
    stored_key = stored(AuthenticatorDevice, "key")[0]
    stored_hashes = stored(RecoveryCode, "code_hash")
    # The table holds a Fernet token, not the hex secret an authenticator app is made from.
    assert device.key not in stored_key
    with pytest.raises(ValueError):
        bytes.fromhex(stored_key)
    assert len(stored_hashes) == len(codes)
    assert not set(codes) & set(stored_hashes)

    client.post(reverse("login"), {"username": vera_volunteer.username, "password": PASSWORD})
    # What fits in the code field, taken from the table, is no code.
    for taken in (stored_hashes[0], stored_hashes[0][:8], stored_key):
        # As the form takes it: letters and digits (a Fernet token has - and _ too, at times
        # among its first characters), 16 at most.
        guess = "".join(char for char in taken if char.isalnum())[:16]
        response = client.post(reverse("two_factor_verify"), {"token": guess})
        assert "This code is wrong or has been used already." in response.content.decode()
        assert client.get(reverse("casework:dashboard")).status_code == 302  # still asked
        RecoveryCodeDevice.objects.get(user=vera_volunteer).throttle_reset()

    # The code itself works once, checked against its hash.
    recovery = RecoveryCodeDevice.objects.get(user=vera_volunteer)
    recovery.throttle_reset()
    assert recovery.verify_token(codes[0])
    recovery.throttle_reset()
    assert not recovery.verify_token(codes[0])
    assert RecoveryCode.objects.count() == len(codes) - 1


def test_the_authenticator_code_logs_in(client, vera_volunteer, enrolled, settings):
    settings.REQUIRE_2FA = True
    device, _ = enrolled
    client.post(reverse("login"), {"username": vera_volunteer.username, "password": PASSWORD})
    response = client.post(reverse("two_factor_verify"), {"token": code_of(device.key)})
    assert response.status_code == 302
    assert client.get(reverse("casework:dashboard")).status_code == 200
    assert [type(d) for d in devices_for_user(vera_volunteer)] == [
        AuthenticatorDevice,
        RecoveryCodeDevice,
    ]


# Sessions


def test_a_session_row_copied_from_the_table_is_no_cookie(client, vera_volunteer):
    client.post(reverse("login"), {"username": vera_volunteer.username, "password": PASSWORD})
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    assert client.get(reverse("casework:dashboard")).status_code == 200

    row = Session.objects.get()
    assert row.session_key != cookie
    assert cookie not in row.session_key

    thief = client_class()
    thief.cookies[django_settings.SESSION_COOKIE_NAME] = row.session_key
    response = thief.get(reverse("casework:dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_what_a_session_holds_is_encrypted(client, ada_admin, vera_volunteer):
    # Opening a set-password link keeps its token in the session until the password is set.
    link = actions.make_set_password_link(user=vera_volunteer, by=ada_admin)
    token = link.rstrip("/").split("/")[-1]
    assert client.get(link, follow=True).status_code == 200

    row = Session.objects.get()
    assert token not in row.session_data
    # Django's own store, with SECRET_KEY but without the field keys, reads nothing in it.
    from django.contrib.sessions.backends.db import SessionStore as PlainStore

    from casework.sessions import SessionStore

    assert PlainStore().decode(row.session_data) == {}
    assert token in SessionStore().decode(row.session_data).values()


def test_logout_removes_the_stored_session(client, vera_volunteer):
    client.post(reverse("login"), {"username": vera_volunteer.username, "password": PASSWORD})
    assert Session.objects.count() == 1
    client.post(reverse("logout"))
    assert not Session.objects.exists()
    assert client.get(reverse("casework:dashboard")).status_code == 302


def client_class():
    from django.test import Client

    return Client()


def test_the_table_is_read_by_hash_in_sql(vera_volunteer):
    from casework.sessions import SessionStore, stored_key

    session = SessionStore()
    session["x"] = 1
    session.save()
    with connection.cursor() as cursor:
        cursor.execute("SELECT session_key FROM django_session")
        assert [row[0] for row in cursor.fetchall()] == [stored_key(session.session_key)]
    assert SessionStore(session.session_key).load() == {"x": 1}
    assert SessionStore(stored_key(session.session_key)).load() == {}

    # A new key (as at login) moves the row; flush (as at logout) removes it.
    old_key = session.session_key
    session.cycle_key()
    assert session.session_key != old_key
    assert list(Session.objects.values_list("session_key", flat=True)) == [
        stored_key(session.session_key)
    ]
    assert not SessionStore().exists(old_key)
    assert SessionStore().exists(session.session_key)
    session.flush()
    assert not Session.objects.exists()


# Rows written before the migration


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_old_rows_and_moves_purposes_and_second_factors(vera_volunteer):
    from django.db.migrations.executor import MigrationExecutor
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
    from django_otp.plugins.otp_totp.models import TOTPDevice

    before = [("casework", "0013_account_change_requests")]
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    case = take_in(vera_volunteer, summary="")
    key_hex = "3132333435363738393031323334353637383930"
    try:
        executor.migrate(before)
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {quote(Case._meta.db_table)} SET summary = %s WHERE id = %s",  # noqa: S608
                [value("summary"), case.pk],
            )
            cursor.execute(
                f"INSERT INTO {quote(AuditEvent._meta.db_table)} "  # noqa: S608
                "(user_id, case_id, action, at, detail) VALUES (%s, %s, 'print', %s, %s)",
                [
                    vera_volunteer.pk,
                    case.pk,
                    datetime.datetime.now(datetime.UTC),
                    f"sections: notes; purpose: {PURPOSE}",
                ],
            )
        TOTPDevice.objects.create(user=vera_volunteer, name="app", key=key_hex, confirmed=True)
        static = StaticDevice.objects.create(user=vera_volunteer, name="codes", confirmed=True)
        StaticToken.objects.create(device=static, token="zqcode12")

        MigrationExecutor(connection).migrate(latest)
        assert stored(Case, "summary")[0].startswith("gAAAAA")
        event = AuditEvent.objects.get(action="print")
        assert (event.detail, event.purpose) == ("sections: notes", PURPOSE)
        assert not TOTPDevice.objects.exists()
        assert not StaticToken.objects.exists()
        device = AuthenticatorDevice.objects.get(user=vera_volunteer)
        assert (device.key, device.confirmed) == (key_hex, True)
        assert device.verify_token(code_of(key_hex))
        assert RecoveryCodeDevice.objects.get(user=vera_volunteer).verify_token("zqcode12")

        MigrationExecutor(connection).migrate(before)
        assert stored(Case, "summary") == [value("summary")]
        assert stored(AuditEvent, "detail")[-1] == f"sections: notes; purpose: {PURPOSE}"
        assert TOTPDevice.objects.get(user=vera_volunteer).key == key_hex
    finally:
        MigrationExecutor(connection).migrate(latest)
    assert Case.objects.get().summary == value("summary")


def test_a_session_outlives_a_secret_key_rotated_with_a_fallback(client, settings, vera_volunteer):
    client.force_login(vera_volunteer)
    assert client.get(reverse("casework:dashboard")).status_code == 200
    old_secret = settings.SECRET_KEY

    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "zq-new-secret-" + "x" * 50, [old_secret]
    assert client.get(reverse("casework:dashboard")).status_code == 200

    from casework.sessions import stored_key

    # (Django gives the session a new key too, as it does on a fallback's session hash.)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    assert list(Session.objects.values_list("session_key", flat=True)) == [stored_key(cookie)]
    settings.SECRET_KEY_FALLBACKS = []
    assert client.get(reverse("casework:dashboard")).status_code == 200


def test_admins_never_read_a_typed_purpose(login, olga_coordinator, vera_volunteer, ada_admin):
    # A purpose may name the person; admins, who see no case content, see the event without it.
    case = take_in(vera_volunteer)
    docs_actions.print_case_summary(
        case=case, by=olga_coordinator, sections=["notes"], purpose=PURPOSE, language="en"
    )
    event = AuditEvent.objects.get(action="print")
    client = login(ada_admin)

    page = client.get(reverse("casework:audit_log")).content.decode()
    csv = b"".join(client.get(reverse("casework:audit_log_csv")).streaming_content).decode()
    admin_page = client.get(reverse("admin:casework_auditevent_change", args=[event.pk]))

    assert "sections: notes" in page
    assert PURPOSE not in page
    # The purpose column is empty; the readable text follows it.
    assert any("sections: notes,," in row for row in csv.splitlines())
    assert PURPOSE not in csv
    assert admin_page.status_code == 200
    assert PURPOSE not in admin_page.content.decode()


def test_a_zip_is_left_without_a_summary_whose_relatives_were_unshared_since(
    client, olga_coordinator, vera_volunteer, lev_lawyer
):
    case = take_in(vera_volunteer)
    actions.share_case(case=case, by=olga_coordinator, user=lev_lawyer, include_relatives=True)
    export = docs_actions.request_summary_export(
        by=lev_lawyer, case_ids=[case.pk], sections=["relatives"], purpose=PURPOSE, language="en"
    )
    worker.build_summary_export(export_id=export.pk)
    actions.share_case(case=case, by=olga_coordinator, user=lev_lawyer, include_relatives=False)

    archive = docs_actions.take_export_archive(export=export, by=lev_lawyer)

    assert archive is not None
    with zipfile.ZipFile(io.BytesIO(archive)) as zipped:
        assert zipped.namelist() == []
    export.refresh_from_db()
    assert export.withheld == 1


@pytest.mark.skipif(connection.vendor != "sqlite", reason="a SQLite setting")
def test_sqlite_overwrites_what_is_deleted(db):
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA secure_delete")
        assert cursor.fetchone()[0] == 1
