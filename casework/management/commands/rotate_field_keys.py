"""Re-encrypt every encrypted field under the newest of FIELD_ENCRYPTION_KEYS: every
EncryptedTextField of every model (TOTP keys and audit purposes among them), and the export
archives.

Rotating a key: put the new key in front (FIELD_ENCRYPTION_KEYS="new,old"), restart the app,
run this command, then drop the old key. A value already under the newest key is left as it
is, so running the command again, or after an interruption, is safe.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, models, transaction

from casework import crypto
from casework.fields import EncryptedTextField


def encrypted_fields() -> list[tuple[type[models.Model], EncryptedTextField]]:
    return [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, EncryptedTextField)
    ]


def encrypted_binary_fields() -> list[tuple[type[models.Model], models.Field]]:
    """Binary columns that hold a Fernet token of bytes (casework.crypto.encrypt_bytes)."""
    from docs_app.models import SummaryExport

    return [(SummaryExport, SummaryExport._meta.get_field("archive"))]


def _rotate_binary(token) -> bytes | None:
    return crypto.rotate_bytes(bytes(token))


def rotate_column(
    model: type[models.Model],
    field: models.Field,
    batch_size: int,
    rotate: Callable[[Any], Any] = crypto.rotate,
) -> tuple[int, int]:
    """(re-encrypted, already under the newest key) for one column, a batch per transaction."""
    # The tokens are read and written in SQL: through the model they would be decrypted.
    # Only the model's own table and column names are put in the text, quoted.
    quote = connection.ops.quote_name
    table, pk, column = (
        quote(model._meta.db_table),
        quote(model._meta.pk.column),
        quote(field.column),
    )
    empty = "<> ''" if isinstance(field, EncryptedTextField) else "IS NOT NULL"
    filled = f"{column} {empty}"
    select = f"SELECT {pk}, {column} FROM {table} WHERE {pk} > %s AND {filled}"  # noqa: S608
    select += f" ORDER BY {pk} LIMIT %s"
    update = f"UPDATE {table} SET {column} = %s WHERE {pk} = %s"  # noqa: S608
    rotated = current = 0
    last = 0
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(select, [last, batch_size])
            rows = cursor.fetchall()
            if not rows:
                return rotated, current
            last = rows[-1][0]
            updates = []
            for key, token in rows:
                new_token = rotate(token)
                if new_token is None:
                    current += 1
                else:
                    updates.append((new_token, key))
            if updates:
                cursor.executemany(update, updates)
            rotated += len(updates)


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted field under the newest key of FIELD_ENCRYPTION_KEYS "
        "(idempotent)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size", type=int, default=1000, help="Rows per transaction (default 1000)."
        )

    def handle(self, *args, batch_size: int, **options):
        total = 0
        columns: list[tuple[type[models.Model], models.Field, Callable[[Any], Any]]] = [
            (model, field, crypto.rotate) for model, field in encrypted_fields()
        ]
        columns += [(model, field, _rotate_binary) for model, field in encrypted_binary_fields()]
        for model, field, rotate in columns:
            rotated, current = rotate_column(model, field, batch_size, rotate)
            total += rotated
            self.stdout.write(
                f"{model.__name__}.{field.name}: {rotated} re-encrypted, "
                f"{current} already under the newest key."
            )
        self.stdout.write(self.style.SUCCESS(f"Done: {total} values re-encrypted."))
