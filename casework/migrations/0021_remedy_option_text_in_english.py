"""The knowledge base's text written before 0019 is English: copied into the `_en` columns
(what modeltranslation's `update_translation_fields` command would do, written out here so that
the migration does not depend on the app's code of the day).

A migration of its own: on PostgreSQL the columns of 0020 cannot be altered back in the same
transaction after the rows' updates. Going back copies the English text into the original
columns, so that edits made since are kept.
"""

from django.db import migrations
from django.db.models import F
from django.db.models.functions import Coalesce

TRANSLATED = ["title", "summary", "eligibility", "documents_needed"]


def copy_to_english(apps, schema_editor):
    RemedyOption = apps.get_model("casework", "RemedyOption")
    RemedyOption.objects.filter(title_en__isnull=True).update(
        **{f"{name}_en": F(name) for name in TRANSLATED}
    )


def copy_from_english(apps, schema_editor):
    RemedyOption = apps.get_model("casework", "RemedyOption")
    RemedyOption.objects.update(
        **{name: Coalesce(F(f"{name}_en"), F(name)) for name in TRANSLATED}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0020_remedy_option_translations"),
    ]

    operations = [
        migrations.RunPython(copy_to_english, copy_from_english),
    ]
