"""The casework pages (namespace `casework:`); the access table test walks them all."""

from django.urls import path

from casework.items import ITEM_KINDS
from casework.views import (
    account,
    audit,
    case_list,
    case_manage,
    case_pages,
    dashboard,
    files,
    guide,
    history,
    items,
    users,
)
from casework.views import deadlines as deadline_views
from casework.views import duplicates as duplicate_views

app_name = "casework"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("account/", account.account, name="account"),
    path("language/", account.set_language, name="set_language"),
    path("session/extend/", account.session_extend, name="session_extend"),
    path("cases/", case_list.case_list, name="case_list"),
    path("audit/", audit.audit_log, name="audit_log"),
    path("audit/export.csv", audit.audit_log_csv, name="audit_log_csv"),
    path("cases/new/", case_pages.case_create, name="case_create"),
    path(
        "cases/new/duplicates/",
        duplicate_views.intake_duplicates,
        name="intake_duplicates",
    ),
    path(
        "duplicates/<int:notice_pk>/dismiss/",
        duplicate_views.duplicate_dismiss,
        name="duplicate_dismiss",
    ),
    path("cases/<int:pk>/", case_pages.case_detail, name="case_detail"),
    path("cases/<int:pk>/edit/", case_pages.case_edit, name="case_edit"),
    path("cases/<int:pk>/history/", history.case_history, name="case_history"),
    path(
        "cases/<int:pk>/history/<slug:kind>/<int:history_pk>/restore/",
        history.history_restore,
        name="history_restore",
    ),
    # The document vault (casework.views.files).
    path("cases/<int:pk>/files/", files.case_files, name="case_files"),
    path("cases/<int:pk>/files/<int:file_pk>/", files.case_file, name="case_file"),
    path(
        "cases/<int:pk>/files/<int:file_pk>/preview/",
        files.case_file_preview,
        name="case_file_preview",
    ),
    path(
        "cases/<int:pk>/files/<int:file_pk>/thumbnail/",
        files.case_file_thumbnail,
        name="case_file_thumbnail",
    ),
    path("cases/<int:pk>/files/<int:file_pk>/edit/", files.case_file_edit, name="case_file_edit"),
    path(
        "cases/<int:pk>/files/<int:file_pk>/replace/",
        files.case_file_replace,
        name="case_file_replace",
    ),
    path(
        "cases/<int:pk>/files/<int:file_pk>/remove/",
        files.case_file_remove,
        name="case_file_remove",
    ),
    path("cases/<int:pk>/assign/", case_manage.case_assign, name="case_assign"),
    path("cases/<int:pk>/share/", case_manage.case_share, name="case_share"),
    path(
        "cases/<int:pk>/shares/<int:share_pk>/revoke/",
        case_manage.case_unshare,
        name="case_unshare",
    ),
    path("cases/<int:pk>/close/", case_manage.case_close, name="case_close"),
    path("cases/<int:pk>/reopen/", case_manage.case_reopen, name="case_reopen"),
    path(
        "cases/<int:pk>/guide/<int:option_pk>/track/",
        guide.track_remedy,
        name="track_remedy",
    ),
    path("cases/<int:pk>/tasks/new/", deadline_views.task_create, name="task_create"),
    path("cases/<int:pk>/tasks/<int:item_pk>/done/", deadline_views.task_done, name="tasks_done"),
    path("cases/<int:pk>/snooze/", deadline_views.snooze, name="deadline_snooze"),
    path(
        "cases/<int:pk>/snoozes/<int:snooze_pk>/end/",
        deadline_views.snooze_end,
        name="snooze_end",
    ),
    path("calendar/", deadline_views.calendar_feed, name="calendar_feed"),
    # The secret token is the feed's only credential: calendar applications have no session.
    path("calendar/<str:token>.ics", deadline_views.calendar_feed_ics, name="calendar_feed_ics"),
    path(
        "cases/<int:pk>/relatives/<int:relative_pk>/pressure-events/new/",
        items.item_create,
        {"kind": "pressure-events"},
        name="pressure_event_create",
    ),
    # Account management for admins (casework.views.users).
    path("accounts/users/", users.user_list, name="user_list"),
    path("accounts/users/new/", users.user_create, name="user_create"),
    path("accounts/users/<int:user_pk>/", users.user_detail, name="user_detail"),
    path("accounts/users/<int:user_pk>/change/", users.user_change, name="user_change"),
    path("accounts/users/<int:user_pk>/active/", users.user_set_active, name="user_set_active"),
    path(
        "accounts/users/<int:user_pk>/password-link/",
        users.user_password_link,
        name="user_password_link",
    ),
    path("accounts/users/<int:user_pk>/unlock/", users.user_unlock, name="user_unlock"),
    path(
        "accounts/users/<int:user_pk>/second-factor/reset/",
        users.user_reset_second_factor,
        name="user_reset_second_factor",
    ),
    path(
        "accounts/changes/<int:change_pk>/approve/",
        users.account_change_decide,
        {"approve": True},
        name="account_change_approve",
    ),
    path(
        "accounts/changes/<int:change_pk>/decline/",
        users.account_change_decide,
        {"approve": False},
        name="account_change_decline",
    ),
]

# Risks, remedies, documents, relatives, pressure events, notes: the same three pages each.
# A pressure event is added to one relative (above), the others to the case.
for slug in ITEM_KINDS:
    name = slug.replace("-", "_")
    if slug != "pressure-events":
        urlpatterns.append(
            path(
                f"cases/<int:pk>/{slug}/new/", items.item_create, {"kind": slug}, name=f"{name}_new"
            )
        )
    urlpatterns += [
        path(
            f"cases/<int:pk>/{slug}/<int:item_pk>/edit/",
            items.item_edit,
            {"kind": slug},
            name=f"{name}_edit",
        ),
        path(
            f"cases/<int:pk>/{slug}/<int:item_pk>/delete/",
            items.item_delete,
            {"kind": slug},
            name=f"{name}_delete",
        ),
    ]
