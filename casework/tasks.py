"""Background tasks of the casework app, run by `manage.py db_worker` (django-tasks)."""

from django_tasks import task

from casework.deadlines.digest import send_deadline_digest as send_digest


@task()
def send_deadline_digest() -> int:
    """The daily digest, for a deployment that enqueues it instead of running the command."""
    return send_digest().sent
