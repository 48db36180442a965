import datetime as dt
import functools

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode

from opencqi.accounts import permissions
from opencqi.counties.models import County
from opencqi.jobs.models import Job
from opencqi.jobs.running import start_job
from opencqi.measures.catalog import CATALOG, MEASURES, measure_by_id

from . import access, batches, comparisons, downloads, pages, report, results
from .tasks import quarterly_reports_for_all_counties


def reader(view):
    """Signed-in pages need a sign-in; their public twins (public=True) do not."""

    @functools.wraps(view)
    def wrapped(request, *args, public=False, **kwargs):
        if not public and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        permissions.require(request.user, "dashboard.view_public" if public else "dashboard.view")
        return view(request, *args, public=public, **kwargs)

    return wrapped


def requested_period(request, data=None):
    """The period end asked for (?period=YYYY-MM-DD), or None for the latest."""
    try:
        return dt.date.fromisoformat((data or request.GET).get("period", ""))
    except ValueError:
        return None


def requested_peers(request, county):
    return pages.peers_for(county, request.GET.getlist("peers")) if county else []


def links_for(request, public):
    """Links that keep the reader's chosen period and peers."""
    kept = [(k, v) for k in ("period", "peers") for v in request.GET.getlist(k)]
    return pages.Links(public, urlencode(kept))


def place_or_deny(request, code, public):
    if code == pages.CALIFORNIA_CODE:
        return None
    action = "dashboard.view_public" if public else "dashboard.view"
    return permissions.county_or_deny(request.user, action, code)


def measure_or_404(measure_id):
    try:
        return measure_by_id(measure_id)
    except KeyError:
        raise Http404("No measure with that id") from None


def context(request, page, public, **extra):
    return {
        "page": page,
        "public": public,
        "query": request.GET.urlencode(),
        "download_base": request.path + "download/",
        **extra,
    }


# State overview ------------------------------------------------------------------------------


def requested_measure(request):
    return MEASURES.get(request.GET.get("measure", ""), CATALOG[0])


def overview_page(request, public):
    return pages.overview(
        results.latest_run(),
        access.exact_places(request.user, public),
        links_for(request, public),
        requested_period(request),
        request.GET.get("region", ""),
        request.GET.get("size", ""),
        requested_measure(request),
    )


@reader
def overview(request, public=False):
    page = overview_page(request, public)
    regions = sorted(set(County.objects.values_list("region", flat=True)))
    return render(
        request,
        "dashboard/overview.html",
        context(
            request,
            page,
            public,
            regions=regions,
            region=request.GET.get("region", ""),
            sizes=comparisons.SIZE_BANDS,
            size=request.GET.get("size", ""),
            measures=CATALOG,
            measure=requested_measure(request),
            can_report_all=not public and permissions.can(request.user, "dashboard.report_all"),
        ),
    )


@reader
def overview_download(request, key, fmt, public=False):
    page = overview_page(request, public)
    return downloads.download(page, key, fmt, "california-overview") or not_found()


# County profile ------------------------------------------------------------------------------


def county_page(request, code, public):
    county = place_or_deny(request, code, public)
    if county is None:
        raise Http404("California has no county profile: see the state overview")
    page = pages.county_profile(
        results.latest_run(),
        county,
        access.exact_places(request.user, public),
        links_for(request, public),
        requested_peers(request, county),
        requested_period(request),
    )
    return county, page


@reader
def county(request, code, public=False):
    county, page = county_page(request, code, public)
    return render(
        request,
        "dashboard/county.html",
        context(
            request,
            page,
            public,
            county=county,
            peers=page.peers,
            county_choices=[
                (c.code, c.name) for c in County.objects.order_by("name") if c.pk != county.pk
            ],
            measures=CATALOG,
            can_report=not public and permissions.can(request.user, "dashboard.report", county),
        ),
    )


@reader
def county_download(request, code, key, fmt, public=False):
    county, page = county_page(request, code, public)
    return downloads.download(page, key, fmt, f"{county.name}-county") or not_found()


# Measure detail ------------------------------------------------------------------------------


def measure_page(request, code, measure_id, public):
    place = place_or_deny(request, code, public)
    measure = measure_or_404(measure_id)
    page = pages.measure_detail(
        results.latest_run(),
        measure,
        place,
        access.exact_places(request.user, public),
        links_for(request, public),
        requested_peers(request, place),
        requested_period(request),
    )
    return place, measure, page


@reader
def measure(request, code, measure_id, public=False):
    place, measure, page = measure_page(request, code, measure_id, public)
    return render(
        request,
        "dashboard/measure.html",
        context(request, page, public, place=place, measure=measure, measures=CATALOG),
    )


@reader
def measure_download(request, code, measure_id, key, fmt, public=False):
    place, measure, page = measure_page(request, code, measure_id, public)
    return downloads.download(page, key, fmt, f"{pages.place_name(place)}-{measure.id}") or (
        not_found()
    )


def not_found():
    raise Http404("No such table or format: tables download as .csv or .xlsx")


# Quarterly county data report ----------------------------------------------------------------


@login_required
def county_report(request, code):
    county = permissions.county_or_deny(request.user, "dashboard.report", code)
    run = results.latest_run()
    period_end, _ = pages.choose_period(run, requested_period(request))
    if period_end is None:
        raise Http404("No measure results yet: compute the measures first")
    content = report.quarterly_pdf(run, county, period_end)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{report.filename(county, period_end)}"'
    )
    return response


@login_required
def report_batches(request):
    permissions.require(request.user, "dashboard.report_all")
    run = results.latest_run()
    period_end, ends = pages.choose_period(run, requested_period(request))
    if request.method == "POST":
        period_end, _ = pages.choose_period(run, requested_period(request, request.POST))
        if period_end is None:
            raise Http404("No measure results yet: compute the measures first")
        job = start_job(
            quarterly_reports_for_all_counties,
            title=f"Quarterly reports for all counties, period ending {period_end:%b %d, %Y}",
            user=request.user,
            period_end=period_end.isoformat(),
        )
        return redirect("job_detail", pk=job.pk)
    jobs = Job.objects.filter(task_name=quarterly_reports_for_all_counties.name)
    return render(
        request,
        "dashboard/report_batches.html",
        {"period_end": period_end, "period_ends": ends, "jobs": jobs[:20]},
    )


def batch_job(request, job_id):
    permissions.require(request.user, "dashboard.report_all")
    return get_object_or_404(
        Job.objects.visible_to(request.user),
        pk=job_id,
        task_name=quarterly_reports_for_all_counties.name,
    )


@login_required
def report_batch(request, job_id):
    job = batch_job(request, job_id)
    return render(
        request, "dashboard/report_batch.html", {"job": job, "files": batches.files(job.pk)}
    )


@login_required
def report_batch_file(request, job_id, filename):
    job = batch_job(request, job_id)
    path = batches.file_path(job.pk, filename)
    if path is None:
        raise Http404("No such file in this batch")
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)
