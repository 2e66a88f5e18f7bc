"""Failed logins recorded before casework.throttling kept typed usernames and `next=` values.

They are throttling state that lasts 15 minutes: deleting them ends any lockout under way and
leaves nothing typed behind."""

from django.db import migrations


def forget_attempts(apps, schema_editor):
    for name in ("AccessAttempt", "AccessLog", "AccessFailureLog"):
        apps.get_model("axes", name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0011_user_manager"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(forget_attempts, migrations.RunPython.noop)]
