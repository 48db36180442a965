import uuid

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from opencqi.accounts import permissions
from opencqi.casedata import quality
from opencqi.casedata.forms import UploadForm
from opencqi.casedata.models import ImportBatch
from opencqi.casedata.schemas import TABLES
from opencqi.casedata.tasks import import_batch
from opencqi.casedata.uploads import save_uploads
from opencqi.jobs.running import start_job

PROBLEMS_SHOWN = 500


@login_required
def import_list(request):
    permissions.require(request.user, "casedata.view_history")
    batches = ImportBatch.objects.visible_to(request.user).select_related("county", "uploaded_by")
    return render(
        request,
        "casedata/import_list.html",
        {
            "batches": batches[:200],
            "tables": list(TABLES),
            "can_import": permissions.can(request.user, "casedata.import"),
        },
    )


@login_required
def upload(request):
    permissions.require(request.user, "casedata.import")
    counties = permissions.counties_for(request.user, "casedata.import")
    options = {"counties": counties, "statewide_allowed": permissions.is_state(request.user)}
    form = UploadForm(request.POST or None, request.FILES or None, **options)
    if request.method == "POST" and form.is_valid():
        batch = _start_import(request, form.cleaned_data)
        return redirect(batch)
    return render(request, "casedata/upload.html", {"form": form, "tables": TABLES.values()})


@transaction.atomic
def _start_import(request, data):
    county = data["county"]
    batch_id = f"{timezone.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:6]}"
    batch = ImportBatch(
        batch_id=batch_id, county=county, uploaded_by=request.user, as_of=data["as_of"]
    )
    batch.files = save_uploads(data["files"], batch.upload_dir)
    title = f"Import of case data for {county or 'all counties'}"
    batch.job = start_job(
        import_batch, title=title, user=request.user, county=county, batch_id=batch_id
    )
    batch.save()
    return batch


@login_required
def import_detail(request, batch_id):
    batch = get_object_or_404(ImportBatch.objects.visible_to(request.user), batch_id=batch_id)
    return render(
        request,
        "casedata/import_detail.html",
        {
            "batch": batch,
            "problems": batch.problems(limit=PROBLEMS_SHOWN),
            "problems_shown": PROBLEMS_SHOWN,
        },
    )


@login_required
def import_problems_csv(request, batch_id):
    batch = get_object_or_404(ImportBatch.objects.visible_to(request.user), batch_id=batch_id)
    response = HttpResponse(batch.problems_csv, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="problems-{batch.batch_id}.csv"'
    return response


@login_required
def data_quality(request):
    permissions.require(request.user, "casedata.view_history")
    counties = permissions.counties_for(request.user, "casedata.view_history")
    code = request.GET.get("county") or None
    if not permissions.is_state(request.user):
        code = code or counties.first().code
    county = (
        permissions.county_or_deny(request.user, "casedata.view_history", code) if code else None
    )
    summary = quality.summarise(settings.DATA_DIR, county.name if county else None)
    return render(
        request,
        "casedata/quality.html",
        {
            "summary": summary,
            "county": county,
            "counties": counties,
            "statewide_allowed": permissions.is_state(request.user),
        },
    )
