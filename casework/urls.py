from django.urls import path

from casework.items import ITEM_KINDS
from casework.views import audit, case_list, case_manage, case_pages, dashboard, items

app_name = "casework"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("cases/", case_list.case_list, name="case_list"),
    path("audit/", audit.audit_log, name="audit_log"),
    path("audit/export.csv", audit.audit_log_csv, name="audit_log_csv"),
    path("cases/new/", case_pages.case_create, name="case_create"),
    path("cases/<int:pk>/", case_pages.case_detail, name="case_detail"),
    path("cases/<int:pk>/edit/", case_pages.case_edit, name="case_edit"),
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
        "cases/<int:pk>/relatives/<int:relative_pk>/pressure-events/new/",
        items.item_create,
        {"kind": "pressure-events"},
        name="pressure_event_create",
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
