"""Background tasks, run by `manage.py db_worker` (django-tasks with its database backend).

The work itself is in docs_app/worker.py; docs_app/actions.py enqueues these."""

from django_tasks import task

from docs_app import worker


@task()
def build_summary_export(export_id: int) -> int:
    export = worker.build_summary_export(export_id=export_id)
    return export.done if export else 0


@task()
def purge_summary_exports() -> int:
    return worker.purge_expired_exports()
