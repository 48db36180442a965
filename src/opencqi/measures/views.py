from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from opencqi.accounts import permissions
from opencqi.jobs.models import Job
from opencqi.jobs.running import start_job
from opencqi.measures.catalog import CATALOG, measure_by_id
from opencqi.measures.definitions import measure_sql
from opencqi.measures.models import MeasureRun
from opencqi.measures.tasks import compute_catalog


def definitions(request):
    return render(request, "measures/definitions.html", {"measures": CATALOG})


def definition(request, measure_id):
    try:
        measure = measure_by_id(measure_id)
    except KeyError:
        raise Http404("No measure with that id") from None
    return render(
        request,
        "measures/definition.html",
        {
            "measure": measure,
            "sql": measure_sql(measure),
        },
    )


@login_required
def runs(request):
    permissions.require(request.user, "measures.view_runs")
    return render(
        request,
        "measures/runs.html",
        {
            "runs": MeasureRun.objects.select_related("started_by", "job")[:50],
            "can_compute": permissions.can(request.user, "measures.compute"),
        },
    )


@login_required
@require_POST
def compute(request):
    permissions.require(request.user, "measures.compute")
    running = Job.objects.filter(
        task_name=compute_catalog.name, status__in=[Job.Status.QUEUED, Job.Status.RUNNING]
    ).first()
    if running:  # a second click joins the computation already under way
        return redirect("job_detail", pk=running.pk)
    job = start_job(
        compute_catalog, title="Measure computation", user=request.user, user_id=request.user.pk
    )
    return redirect("job_detail", pk=job.pk)
