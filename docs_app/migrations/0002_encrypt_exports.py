"""Exports' purpose and archive are encrypted from now on (casework.crypto).

The exports made before are deleted rather than encrypted: each lives an hour at most, and
whoever asked for one asks again.
"""

import casework.fields
from django.db import migrations, models


def delete_exports(apps, schema_editor):
    apps.get_model("docs_app", "SummaryExport").objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ('docs_app', '0001_initial'),
    ]

    operations = [
        migrations.RunPython(delete_exports, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='summaryexport',
            name='purpose',
            field=casework.fields.EncryptedTextField(max_length=200, single_line=True),
        ),
        migrations.AddField(
            model_name="summaryexport",
            name="withheld",
            field=models.PositiveIntegerField(default=0),
        ),
    ]
