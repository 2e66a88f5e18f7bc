"""Encrypt the rows written before the fields were encrypted (0004), and decrypt them back.

A migration of its own: on PostgreSQL the rows' updates leave trigger events pending until
commit, and the columns of 0004 cannot be altered back in the same transaction after them.
"""

from django.db import migrations

from casework import crypto

ENCRYPTED_FIELDS = {
    "Person": ["contact"],
    "IdentityDocument": ["number"],
    "Relative": ["name", "location", "notes"],
    "PressureEvent": ["details"],
    "Note": ["text"],
}
BATCH = 1000


def _rewrite(apps, schema_editor, change):
    """Pass every stored value of the encrypted columns through change(), in SQL: the
    historical models already decrypt on read, which plain text rows would not survive."""
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    for model_name, field_names in ENCRYPTED_FIELDS.items():
        meta = apps.get_model("casework", model_name)._meta
        table, pk = quote(meta.db_table), quote(meta.pk.column)
        for field_name in field_names:
            column = quote(meta.get_field(field_name).column)
            last = 0
            with connection.cursor() as cursor:
                while True:
                    cursor.execute(
                        f"SELECT {pk}, {column} FROM {table} WHERE {pk} > %s ORDER BY {pk} LIMIT %s",
                        [last, BATCH],
                    )
                    rows = cursor.fetchall()
                    if not rows:
                        break
                    last = rows[-1][0]
                    updates = [(change(value), key) for key, value in rows if value]
                    updates = [(new, key) for new, key in updates if new is not None]
                    if updates:
                        cursor.executemany(
                            f"UPDATE {table} SET {column} = %s WHERE {pk} = %s", updates
                        )


def _encrypt(value):
    try:
        crypto.decrypt(value)
        return None  # encrypted already (written by the new code before migrating)
    except crypto.FieldDecryptionError:
        return crypto.encrypt(value)


def encrypt_rows(apps, schema_editor):
    _rewrite(apps, schema_editor, _encrypt)


def decrypt_rows(apps, schema_editor):
    _rewrite(apps, schema_editor, crypto.decrypt)


class Migration(migrations.Migration):

    dependencies = [
        ("casework", "0004_encrypt_sensitive_fields"),
    ]

    operations = [
        migrations.RunPython(encrypt_rows, decrypt_rows),
    ]
