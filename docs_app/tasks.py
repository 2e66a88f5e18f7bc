"""Background tasks, run by `manage.py db_worker` (django-tasks with its database backend)."""

from django_tasks import task

from docs_app import actions


@task()
def build_summary_export(export_id: int) -> int:
    export = actions.build_summary_export(export_id=export_id)
    return export.done if export else 0


@task()
def purge_summary_exports() -> int:
    return actions.purge_expired_exports()
