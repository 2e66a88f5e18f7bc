from django.core.management.base import BaseCommand

from casework.seeds import load_reference_data


class Command(BaseCommand):
    help = "Load offices and the remedy knowledge base from seeds/ (idempotent)."

    def handle(self, *args, **options):
        changed = load_reference_data()
        for option in changed["kept"]:
            key = f"{option.country}/{option.kind}/{option.title_en}"
            date = option.edited_in_admin_at.date().isoformat()
            self.stdout.write(f"Kept remedy option {key}: edited in the admin on {date}.")
        self.stdout.write(
            f"Reference data loaded: {changed['offices']} offices and "
            f"{changed['remedy_options']} remedy options created or updated."
        )
