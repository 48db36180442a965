from django.urls import path

from opencqi.measures import views

urlpatterns = [
    path("definitions/", views.definitions, name="measure_definitions"),
    path("definitions/<str:measure_id>/", views.definition, name="measure_definition"),
    path("runs/", views.runs, name="measure_runs"),
    path("runs/compute/", views.compute, name="measure_compute"),
]
