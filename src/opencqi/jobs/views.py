from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from opencqi.jobs.models import Job


@login_required
def job_detail(request, pk):
    """A job's progress: the whole page, or the progress fragment htmx polls for."""
    job = get_object_or_404(Job.objects.visible_to(request.user), pk=pk)
    template = "jobs/_progress.html" if request.headers.get("HX-Request") else "jobs/detail.html"
    return render(request, template, {"job": job})


@login_required
def job_list(request):
    jobs = Job.objects.visible_to(request.user).select_related("county", "created_by")[:100]
    return render(request, "jobs/list.html", {"jobs": jobs})
