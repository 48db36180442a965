from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from opencqi.jobs.models import Job


@login_required
def job_detail(request, pk):
    """A job's progress: the whole page, or the progress fragment htmx polls for."""
    job = get_object_or_404(Job.objects.visible_to(request.user), pk=pk)
    if not request.headers.get("HX-Request"):
        return render(request, "jobs/detail.html", {"job": job})
    response = render(request, "jobs/_progress.html", {"job": job})
    if job.status == Job.Status.SUCCEEDED and job.result_url:
        response["HX-Redirect"] = job.result_url  # the page was waiting: show the result
    return response


@login_required
def job_list(request):
    jobs = Job.objects.visible_to(request.user).select_related("county", "created_by")[:100]
    return render(request, "jobs/list.html", {"jobs": jobs})
