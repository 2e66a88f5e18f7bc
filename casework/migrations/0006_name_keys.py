"""Search keys of name spellings (issue 5): the folded words beside each spelling and a table
of index keys, filled for the spellings already stored. `manage.py rebuild_name_keys` does
the same whenever the folding rules change."""

import django.db.models.deletion
from django.db import migrations, models

from casework.names import encode_folded, fold_name, name_keys

BATCH = 1000


def fill_keys(apps, schema_editor):
    PersonName = apps.get_model("casework", "PersonName")
    PersonNameKey = apps.get_model("casework", "PersonNameKey")
    last = 0
    while True:
        names = list(PersonName.objects.filter(pk__gt=last).order_by("pk")[:BATCH])
        if not names:
            return
        rows = []
        for name in names:
            folded = fold_name(name.text)
            name.search_folded = encode_folded(folded)
            rows += [
                PersonNameKey(name_id=name.pk, person_id=name.person_id, key=key)
                for key in sorted(name_keys(folded))
            ]
        PersonName.objects.bulk_update(names, ["search_folded"])
        PersonNameKey.objects.bulk_create(rows)
        last = names[-1].pk


class Migration(migrations.Migration):

    dependencies = [
        ("casework", "0005_encrypt_existing_rows"),
    ]

    operations = [
        migrations.AddField(
            model_name="personname",
            name="search_folded",
            field=models.TextField(default="", editable=False),
        ),
        migrations.CreateModel(
            name="PersonNameKey",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key", models.CharField(max_length=40)),
                ("name", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="keys", to="casework.personname")),
                ("person", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="casework.person")),
            ],
            options={
                "indexes": [models.Index(fields=["key", "person"], name="personnamekey_key")],
                "constraints": [models.UniqueConstraint(fields=("name", "key"), name="personnamekey_unique")],
            },
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
    ]
