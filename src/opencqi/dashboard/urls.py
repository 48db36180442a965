from django.urls import path

from opencqi.dashboard import views

COUNTY = "counties/<str:code>/"
MEASURE = "counties/<str:code>/measures/<str:measure_id>/"
DOWNLOAD = "download/<slug:key>.<slug:fmt>"

urlpatterns = [
    path("dashboard/", views.overview, name="dashboard_overview"),
    path(f"dashboard/{DOWNLOAD}", views.overview_download, name="dashboard_overview_download"),
    path(f"dashboard/{COUNTY}", views.county, name="dashboard_county"),
    path(f"dashboard/{COUNTY}{DOWNLOAD}", views.county_download, name="dashboard_county_download"),
    path(f"dashboard/{COUNTY}report.pdf", views.county_report, name="dashboard_county_report"),
    path(f"dashboard/{MEASURE}", views.measure, name="dashboard_measure"),
    path(
        f"dashboard/{MEASURE}{DOWNLOAD}", views.measure_download, name="dashboard_measure_download"
    ),
    path("dashboard/reports/", views.report_batches, name="report_batches"),
    path("dashboard/reports/<uuid:job_id>/", views.report_batch, name="report_batch"),
    path(
        "dashboard/reports/<uuid:job_id>/<str:filename>",
        views.report_batch_file,
        name="report_batch_file",
    ),
    path("public/", views.overview, {"public": True}, name="public_overview"),
    path(
        f"public/{DOWNLOAD}",
        views.overview_download,
        {"public": True},
        name="public_overview_download",
    ),
    path(f"public/{COUNTY}", views.county, {"public": True}, name="public_county"),
    path(
        f"public/{COUNTY}{DOWNLOAD}",
        views.county_download,
        {"public": True},
        name="public_county_download",
    ),
    path(f"public/{MEASURE}", views.measure, {"public": True}, name="public_measure"),
    path(
        f"public/{MEASURE}{DOWNLOAD}",
        views.measure_download,
        {"public": True},
        name="public_measure_download",
    ),
]
