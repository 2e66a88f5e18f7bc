from django.core.management.base import BaseCommand

from docs_app.worker import purge_expired_exports


class Command(BaseCommand):
    help = (
        "Delete bulk summary exports (and their ZIPs) past their lifetime. The task worker "
        "does this on its own an hour after each export; this is for a worker that was down."
    )

    def handle(self, *args, **options):
        deleted = purge_expired_exports()
        self.stdout.write(f"Deleted {deleted} expired export(s).")
