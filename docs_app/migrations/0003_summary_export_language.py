"""An export's summaries are all printed in one language, chosen on its form.

Exports asked for before were printed in English, so that is what the rows made before get.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("docs_app", "0002_encrypt_exports"),
    ]

    operations = [
        migrations.AddField(
            model_name="summaryexport",
            name="language",
            field=models.CharField(default="en", max_length=8),
        ),
    ]
