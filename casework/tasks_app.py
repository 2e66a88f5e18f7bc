"""django-tasks-db under a name the admin can translate (its own is a plain string). A module
of its own: casework.apps must hold only the casework app's config, which Django picks by
being the only one there."""

from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class BackgroundTasksConfig(TasksAppConfig):
    # Django takes lazy text here; the base class declares str.
    verbose_name = _("Background tasks")  # type: ignore[assignment]
