import subprocess
import zipfile

import pytest
from django.urls import reverse

from opencqi.accounts.roles import Role
from opencqi.cli import main
from opencqi.counties.models import County
from opencqi.dashboard import report, tables
from opencqi.jobs.models import Job
from opencqi.measures.catalog import CATALOG
from opencqi.measures.models import MeasureResult
from tests.dashboard.factories import LATEST

IMMEDIATE_TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def pdf_text(path):
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout
    return " ".join(text.decode().split())


def run_cli(*args):
    with pytest.raises(SystemExit) as exit_:
        main(["report", "quarterly", *args])
    return exit_.value.code


def test_the_report_shows_the_county_the_period_and_every_measure_s_value(
    results, tmp_path, capsys
):
    out = tmp_path / "fresno.pdf"
    status = run_cli("--county", "fresno", "--period", "2024-06-30", "--out", str(out))
    assert status == 0, capsys.readouterr().err
    text = pdf_text(out)
    assert "Fresno County" in text
    assert "Period ending June 30, 2024" in text and "Data as of June 30, 2024" in text
    for measure in CATALOG:
        stored = MeasureResult.objects.get(
            measure_id=measure.id, county__name="Fresno", stratum="all", period_end=LATEST
        )
        shown = tables.value_text(measure, stored.value)
        assert f"{measure.code} {measure.name}" in text
        assert f"Fresno: {shown}" in text, measure.id


def test_the_report_of_a_small_county_shows_its_exact_figures(results, tmp_path):
    out = tmp_path / "alpine.pdf"
    assert run_cli("--county", "02", "--out", str(out)) == 0
    text = pdf_text(out)
    assert "Alpine County" in text
    assert "Alpine: masked" not in text


def test_an_unknown_county_is_named_in_the_error(results, capsys):
    assert run_cli("--county", "Atlantis") == 2
    assert "no county 'Atlantis'" in capsys.readouterr().err


def test_a_period_without_results_lists_the_latest_ones(results, capsys):
    assert run_cli("--county", "Fresno", "--period", "2020-03-31") == 2
    err = capsys.readouterr().err
    assert "no results for the period ending 2020-03-31" in err and "2024-06-30" in err


def test_without_results_the_command_says_what_to_do(counties, capsys):
    assert run_cli("--county", "Fresno") == 2
    assert "compute the measures first" in capsys.readouterr().err


def test_a_county_lead_downloads_their_county_s_report(client, results, make_user):
    client.force_login(make_user(Role.COUNTY_LEAD, county="Fresno"))
    url = reverse("dashboard_county_report", args=["10"])
    response = client.get(url, {"period": "2024-03-31"})
    assert response["Content-Type"] == "application/pdf"
    assert "quarterly-report-fresno-2024-03-31.pdf" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")


def test_all_counties_are_written_as_one_background_job(
    client, results, make_user, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE_TASKS
    settings.DATA_DIR = tmp_path
    County.objects.exclude(name__in=["Alpine", "Fresno", "Kern"]).delete()
    client.force_login(make_user(Role.STATE_CONSULTANT))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("report_batches"), {"period": "2024-06-30"})
    job = Job.objects.get()
    assert response.url == reverse("job_detail", args=[job.pk])
    assert job.status == "succeeded", job.error
    assert (job.done, job.total) == (4, 4)
    batch = client.get(job.result_url)
    names = [path.name for path in batch.context["files"]]
    assert names[0] == "quarterly-reports-2024-06-30.zip"
    assert "quarterly-report-alpine-2024-06-30.pdf" in names and len(names) == 4
    with zipfile.ZipFile(tmp_path / "reports" / str(job.pk) / names[0]) as zipped:
        assert len(zipped.namelist()) == 3
    download = client.get(reverse("report_batch_file", args=[job.pk, names[1]]))
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_a_batch_file_outside_the_batch_is_not_found(
    client, results, make_user, settings, tmp_path
):
    settings.DATA_DIR = tmp_path
    job = Job.objects.create(
        title="t", task_name="opencqi.dashboard.tasks.quarterly_reports_for_all_counties"
    )
    client.force_login(make_user(Role.STATE_ADMIN))
    url = reverse("report_batch_file", args=[job.pk, "..%2F..%2Fsecret_key"])
    assert client.get(url).status_code == 404


def test_report_file_names_name_the_county_and_period(counties):
    county = County.objects.get(name="San Luis Obispo")
    assert report.filename(county, LATEST) == "quarterly-report-san-luis-obispo-2024-06-30.pdf"
