"""Background tasks of the casework app, run by `manage.py db_worker` (django-tasks)."""

from django_tasks import task

from casework.deadlines.digest import send_deadline_digest as send_digest
from casework.models import Case, User


@task()
def send_deadline_digest() -> int:
    """The daily digest, for a deployment that enqueues it instead of running the command."""
    return send_digest().sent


@task()
def flag_possible_duplicates(case_id: int, by_id: int) -> int:
    """Tell the offices holding possible duplicates of a case just taken in, which its
    taker may not see (casework.actions.take_in_case enqueues this). How many were told."""
    from casework.actions import flag_possible_duplicates as flag

    case = Case.objects.select_related("person").filter(pk=case_id).first()
    by = User.objects.filter(pk=by_id).first()
    if case is None or by is None:
        return 0
    return len(flag(case=case, by=by))
