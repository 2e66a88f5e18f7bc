# Written by hand (helper B, issue 5): notices of possible duplicates taken in elsewhere.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0006_name_keys"),
    ]

    operations = [
        migrations.CreateModel(
            name="DuplicateNotice",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("score", models.FloatField(verbose_name="score")),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="flagged"),
                ),
                (
                    "dismissed_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="dismissed"),
                ),
                (
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="duplicate_notices",
                        to="casework.case",
                    ),
                ),
                (
                    "dismissed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "new_case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="casework.case",
                    ),
                ),
                (
                    "office",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="duplicate_notices",
                        to="casework.office",
                    ),
                ),
            ],
            options={
                "verbose_name": "duplicate notice",
                "verbose_name_plural": "duplicate notices",
                "ordering": ["-created_at", "-pk"],
                "indexes": [
                    models.Index(
                        fields=["office", "dismissed_at", "-created_at"],
                        name="duplicatenotice_pending",
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("case", "new_case"), name="unique_duplicate_notice"
                    )
                ],
            },
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("view", "View"),
                    ("create", "Create"),
                    ("edit", "Edit"),
                    ("print", "Print"),
                    ("export", "Export"),
                    ("share", "Share"),
                    ("unshare", "Unshare"),
                    ("assign", "Assign"),
                    ("close", "Close"),
                    ("reopen", "Reopen"),
                    ("login", "Login"),
                    ("logout", "Logout"),
                    ("login_failed", "Failed login"),
                    ("lockout", "Lockout"),
                    ("2fa_reset", "Second factor reset"),
                    ("duplicate", "Possible duplicate flagged"),
                    ("duplicate_dismissed", "Possible duplicate dismissed"),
                ],
                max_length=20,
                verbose_name="action",
            ),
        ),
    ]
