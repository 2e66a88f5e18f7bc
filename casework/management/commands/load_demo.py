from django.core.management.base import BaseCommand

from casework.models import Case
from casework.seeds import DEMO_PASSWORD, load_demo_data


class Command(BaseCommand):
    help = "Create the fictional demo users and cases from seeds/demo.json (idempotent)."

    def handle(self, *args, **options):
        users = load_demo_data()
        self.stdout.write(f"Demo data: {Case.objects.count()} cases.")
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {DEMO_PASSWORD}):"))
        for user in sorted(users, key=lambda u: (u.role, u.username)):
            office = f", {user.office}" if user.office else ""
            self.stdout.write(f"  {user.username:<8} {user.get_role_display()}{office}")
