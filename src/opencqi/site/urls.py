"""URL map: each app keeps its own urls.py; a new page also needs a row in
tests/accounts/test_permission_matrix.py."""

from django.contrib import admin
from django.urls import include, path

from opencqi.accounts import views as accounts

admin.site.site_header = "OpenCQI administration"
admin.site.site_title = "OpenCQI administration"

urlpatterns = [
    path("", accounts.home, name="home"),
    path("account/", include("opencqi.accounts.urls")),
    path("counties/", include("opencqi.counties.urls")),
    path("data/", include("opencqi.casedata.urls")),
    path("jobs/", include("opencqi.jobs.urls")),
    path("measures/", include("opencqi.measures.urls")),
    path("cycles/", include("opencqi.cycles.urls")),
    path("reviews/", include("opencqi.reviews.urls")),
    path("reviews/", include("opencqi.reviews.urls_event")),  # event week, findings, report
    path("", include("opencqi.dashboard.urls")),  # dashboard/... and public/...
    path("admin/", admin.site.urls),
]
