from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def gather_sqlite_statistics(sender, using: str, **kwargs) -> None:
    """ANALYZE after migrating an SQLite database: SQLite keeps no statistics for its query
    planner unless asked (PostgreSQL's autovacuum gathers them by itself), and without them
    it reads a large office's deadlines through the office's cases instead of walking each
    due-date index. The statistics are as fresh as the last `manage.py migrate`."""
    connection = connections[using]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = _("Casework")

    def ready(self) -> None:
        from casework import checks, signals  # noqa: F401 - registers checks, audit receivers

        post_migrate.connect(gather_sqlite_statistics, sender=self)
