from django.core.management.base import BaseCommand

from casework.seeds import load_reference_data


class Command(BaseCommand):
    help = "Load offices and the remedy knowledge base from seeds/ (idempotent)."

    def handle(self, *args, **options):
        changed = load_reference_data()
        self.stdout.write(
            f"Reference data loaded: {changed['offices']} offices and "
            f"{changed['remedy_options']} remedy options created or updated."
        )
