from django.urls import path

from opencqi.counties import views

urlpatterns = [
    path("", views.county_list, name="county_list"),
    path("<str:code>/", views.county_detail, name="county_detail"),
    path("<str:code>/people/", views.county_people, name="county_people"),
]
