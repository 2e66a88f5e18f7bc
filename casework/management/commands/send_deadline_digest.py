from django.core.management.base import BaseCommand

from casework.deadlines.digest import send_deadline_digest, summary


class Command(BaseCommand):
    help = (
        "E-mail each active user with an e-mail address what is overdue or due within 7 days "
        "on their cases (case references only, never names). Run daily, from cron or the "
        "task worker (casework.tasks.send_deadline_digest)."
    )

    def handle(self, *args, **options):
        self.stdout.write(summary(send_deadline_digest()))
