"""A set-password link for an account, an administrator's included, from the server.

The admin pages make no link for an administrator's account (nor reset its second factor):
one admin could then log in as a second and approve their own requests. Whoever runs this has
the server, and the event is in the audit log with no user and told to the account's user.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from casework import actions
from casework.models import User


class Command(BaseCommand):
    help = "Print a one-time link to set the password of an account (--second-factor: reset it)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--second-factor",
            action="store_true",
            help="Also remove the account's second factor: it enrols again at the next login.",
        )

    def handle(self, *args, username: str, second_factor: bool, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No account is called {username!r}.")
        path = actions.recover_account(user=user, second_factor=second_factor)
        self.stdout.write(f"{settings.SITE_URL.rstrip('/')}{path}")
        self.stdout.write("It works once, for 24 hours. Give it over a channel you trust.")
