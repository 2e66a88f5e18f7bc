"""The rows written before 0012: free text encrypted, print purposes moved out of the audit
detail into its encrypted purpose, and second factors moved to the devices whose secrets are
encrypted (the TOTP key) or hashed (recovery codes).

A migration of its own for the reason 0005 gives: on PostgreSQL the columns of 0012 cannot
be altered back in the same transaction after the rows' updates.
"""

from django.db import migrations

from casework import crypto

ENCRYPTED_FIELDS = {
    "Case": ["summary", "closure_reason"],
    "Risk": ["details", "source"],
    "Remedy": ["authority", "reference_number", "notes"],
    "CaseTask": ["title"],
    "DeadlineSnooze": ["reason"],
    "Person": ["city", "languages"],
    "Relative": ["relationship"],
}
PURPOSE = "; purpose: "
BATCH = 1000


def _rows(cursor, table, pk, columns, where=""):
    """Every row's pk and columns, a batch at a time (the pk is an integer)."""
    last = 0
    while True:
        cursor.execute(
            f"SELECT {pk}, {', '.join(columns)} FROM {table} WHERE {pk} > %s {where} "  # noqa: S608
            f"ORDER BY {pk} LIMIT %s",
            [last, BATCH],
        )
        rows = cursor.fetchall()
        if not rows:
            return
        last = rows[-1][0]
        yield rows


def _rewrite(apps, schema_editor, change):
    """Pass every stored value of the columns through change(), in SQL: the historical
    models already decrypt on read, which plain text rows would not survive."""
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    for model_name, field_names in ENCRYPTED_FIELDS.items():
        meta = apps.get_model("casework", model_name)._meta
        table, pk = quote(meta.db_table), quote(meta.pk.column)
        for field_name in field_names:
            column = quote(meta.get_field(field_name).column)
            with connection.cursor() as cursor:
                for rows in _rows(cursor, table, pk, [column]):
                    updates = [(change(value), key) for key, value in rows if value]
                    updates = [(new, key) for new, key in updates if new is not None]
                    if updates:
                        cursor.executemany(
                            f"UPDATE {table} SET {column} = %s WHERE {pk} = %s",  # noqa: S608
                            updates,
                        )


def _encrypt(value):
    try:
        crypto.decrypt(value)
        return None  # encrypted already (written by the new code before migrating)
    except crypto.FieldDecryptionError:
        return crypto.encrypt(value)


def _audit_purposes(apps, schema_editor, *, forward):
    """A print's audit detail was "sections: …; purpose: <typed text>"."""
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    meta = apps.get_model("casework", "AuditEvent")._meta
    table, pk = quote(meta.db_table), quote(meta.pk.column)
    detail, purpose, action = (quote(meta.get_field(name).column) for name in ("detail", "purpose", "action"))
    with connection.cursor() as cursor:
        where = f"AND {action} = 'print'"
        for rows in _rows(cursor, table, pk, [detail, purpose], where):
            updates = []
            for key, old_detail, old_purpose in rows:
                if forward and PURPOSE in old_detail:
                    sections, typed = old_detail.split(PURPOSE, 1)
                    updates.append((sections, crypto.encrypt(typed), key))
                elif not forward and old_purpose:
                    typed = crypto.decrypt(old_purpose)
                    updates.append(((old_detail + PURPOSE + typed)[:500], "", key))
            if updates:
                # The audit log is append-only for the application: only this migration
                # rewrites it, to take typed text out of the clear.
                cursor.executemany(
                    f"UPDATE {table} SET {detail} = %s, {purpose} = %s WHERE {pk} = %s",  # noqa: S608
                    updates,
                )


DEVICE_FIELDS = ["user_id", "name", "confirmed", "throttling_failure_timestamp",
                 "throttling_failure_count", "created_at", "last_used_at"]
TOTP_FIELDS = ["key", "step", "t0", "digits", "tolerance", "drift", "last_t"]


def _move_devices(apps, schema_editor):
    """django-otp's devices, secrets in clear, become casework's; the old rows go."""
    OldTOTP = apps.get_model("otp_totp", "TOTPDevice")
    OldStatic = apps.get_model("otp_static", "StaticDevice")
    OldToken = apps.get_model("otp_static", "StaticToken")
    Authenticator = apps.get_model("casework", "AuthenticatorDevice")
    RecoveryDevice = apps.get_model("casework", "RecoveryCodeDevice")
    RecoveryCode = apps.get_model("casework", "RecoveryCode")
    from casework.models.two_factor import recovery_code_hashes

    for old in OldTOTP.objects.all():
        Authenticator.objects.create(
            **{name: getattr(old, name) for name in DEVICE_FIELDS + TOTP_FIELDS}
        )
    OldTOTP.objects.all().delete()
    for old in OldStatic.objects.all():
        device = RecoveryDevice.objects.create(
            **{name: getattr(old, name) for name in DEVICE_FIELDS}
        )
        RecoveryCode.objects.bulk_create(
            RecoveryCode(device=device, code_hash=recovery_code_hashes(token.token)[0])
            for token in OldToken.objects.filter(device=old)
        )
    OldToken.objects.all().delete()
    OldStatic.objects.all().delete()


def _move_devices_back(apps, schema_editor):
    """Authenticators go back with their key; recovery codes cannot be read back from their
    hashes, so users ask an admin to reset their second factor to get new ones."""
    OldTOTP = apps.get_model("otp_totp", "TOTPDevice")
    Authenticator = apps.get_model("casework", "AuthenticatorDevice")
    for device in Authenticator.objects.all():
        OldTOTP.objects.create(
            **{name: getattr(device, name) for name in DEVICE_FIELDS + TOTP_FIELDS}
        )
    Authenticator.objects.all().delete()
    apps.get_model("casework", "RecoveryCodeDevice").objects.all().delete()


def forwards(apps, schema_editor):
    _rewrite(apps, schema_editor, _encrypt)
    _audit_purposes(apps, schema_editor, forward=True)
    _move_devices(apps, schema_editor)


def backwards(apps, schema_editor):
    _move_devices_back(apps, schema_editor)
    _audit_purposes(apps, schema_editor, forward=False)
    _rewrite(apps, schema_editor, crypto.decrypt)


class Migration(migrations.Migration):

    dependencies = [
        ("casework", "0014_encrypt_free_text_and_second_factors"),
        ("otp_totp", "0003_add_timestamps"),
        ("otp_static", "0003_add_timestamps"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
