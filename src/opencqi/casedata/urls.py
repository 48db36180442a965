from django.urls import path

from opencqi.casedata import views

urlpatterns = [
    path("imports/", views.import_list, name="import_list"),
    path("imports/upload/", views.upload, name="import_upload"),
    path("imports/<str:batch_id>/", views.import_detail, name="import_detail"),
    path(
        "imports/<str:batch_id>/problems.csv",
        views.import_problems_csv,
        name="import_problems_csv",
    ),
    path("quality/", views.data_quality, name="data_quality"),
]
