"""The PDF summary and export pages (namespace `docs_app:`)."""

from django.urls import path

from docs_app import views

app_name = "docs_app"

urlpatterns = [
    path("cases/<int:pk>/summary/", views.summary_form, name="summary_form"),
    path("cases/<int:pk>/summary.pdf", views.case_summary, name="case_summary"),
    path("cases/summaries/", views.export_create, name="export_create"),
    path("exports/<int:export_pk>/", views.export_detail, name="export_detail"),
    path("exports/<int:export_pk>/download/", views.export_download, name="export_download"),
]
