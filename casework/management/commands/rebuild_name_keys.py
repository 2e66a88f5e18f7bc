"""Rebuild the search keys of every name spelling (DESIGN.md section 7).

PersonName.save() keeps the keys of a spelling up to date. Run this after the folding rules or
the given-name equivalents (casework/names/keys.py, casework/names/given_names.py) change, or after
names were written around save(). Batched, one transaction per batch; only spellings whose
keys differ are rewritten, so running it again, or after an interruption, is safe.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from casework.models import PersonName
from casework.names.index import write_name_keys


class Command(BaseCommand):
    help = "Rebuild the search keys of every name spelling (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size", type=int, default=2000, help="Spellings per transaction (2000)."
        )

    def handle(self, *args, batch_size: int, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        checked = updated = keys = 0
        last = 0
        while True:
            names = list(
                PersonName.objects.filter(pk__gt=last)
                .order_by("pk")
                .only("pk", "person_id", "text", "search_folded")[:batch_size]
            )
            if not names:
                break
            changed, written = write_name_keys(names)
            checked += len(names)
            updated += changed
            keys += written
            last = names[-1].pk
        self.stdout.write(f"{checked} spellings checked, {updated} updated, {keys} keys written.")
