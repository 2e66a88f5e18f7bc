from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from casework.models import Case
from casework.seeds import DEMO_PASSWORD, load_demo_data


class Command(BaseCommand):
    help = "Create the fictional demo users and cases from seeds/demo.json (idempotent)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            # Its accounts have a published password, an administrator's among them.
            raise CommandError(
                "load_demo makes accounts whose password is published: it runs only with "
                "DEBUG=1, on a development machine."
            )
        users = load_demo_data()
        self.stdout.write(f"Demo data: {Case.objects.count()} cases.")
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {DEMO_PASSWORD}):"))
        for user in sorted(users, key=lambda u: (u.role, u.username)):
            office = f", {user.office}" if user.office else ""
            self.stdout.write(f"  {user.username:<8} {user.get_role_display()}{office}")
