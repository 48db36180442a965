from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path

from opencqi.accounts import views as accounts
from opencqi.casedata import views as casedata
from opencqi.counties import views as counties
from opencqi.jobs import views as jobs

admin.site.site_header = "OpenCQI administration"
admin.site.site_title = "OpenCQI administration"

urlpatterns = [
    path("", accounts.home, name="home"),
    path("account/", accounts.profile, name="profile"),
    path("account/login/", auth_views.LoginView.as_view(), name="login"),
    path("account/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "account/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("counties/", counties.county_list, name="county_list"),
    path("counties/<str:code>/", counties.county_detail, name="county_detail"),
    path("counties/<str:code>/people/", counties.county_people, name="county_people"),
    path("data/imports/", casedata.import_list, name="import_list"),
    path("data/imports/upload/", casedata.upload, name="import_upload"),
    path("data/imports/<str:batch_id>/", casedata.import_detail, name="import_detail"),
    path(
        "data/imports/<str:batch_id>/problems.csv",
        casedata.import_problems_csv,
        name="import_problems_csv",
    ),
    path("data/quality/", casedata.data_quality, name="data_quality"),
    path("jobs/", jobs.job_list, name="job_list"),
    path("jobs/<uuid:pk>/", jobs.job_detail, name="job_detail"),
    path("admin/", admin.site.urls),
]
