"""Background tasks of the casework app, run by `manage.py db_worker` (django-tasks).

The notices of possible duplicates are told by a task beside their action
(casework.actions.duplicates.tell_offices_of_duplicates), which take_in_case enqueues: this
module reaches the actions through the digest, and the actions must not import it back."""

from django_tasks import task

from casework.deadlines.digest import send_deadline_digest as send_digest


@task()
def send_deadline_digest() -> int:
    """The daily digest, for a deployment that enqueues it instead of running the command."""
    return send_digest().sent
