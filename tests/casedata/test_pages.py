import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from opencqi.accounts.roles import Role
from opencqi.casedata.models import ImportBatch
from opencqi.counties.models import County
from opencqi.measures.models import MeasureResult, MeasureRun
from tests.casedata.small_extract import TABLES, write_extract

IMMEDIATE_TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()
    settings.TASKS = IMMEDIATE_TASKS
    return settings.DATA_DIR


@pytest.fixture
def lead_client(client, counties, make_user):
    client.force_login(make_user(Role.COUNTY_LEAD))
    return client


def upload(client, paths, county="Fresno", **extra):
    files = [SimpleUploadedFile(p.name, p.read_bytes()) for p in paths]
    data = {"county": County.objects.get(name=county).pk, "files": files, **extra}
    with_commit = client.post(reverse("import_upload"), data)
    return with_commit


def test_a_valid_extract_is_loaded_and_shows_in_the_history(
    lead_client, data_dir, tmp_path, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(lead_client, write_extract(tmp_path / "x"))
    batch = ImportBatch.objects.get()
    assert response.url == batch.get_absolute_url()
    assert batch.status == "loaded", batch.problems_csv
    assert batch.rows == {table: len(lines) - 1 for table, lines in TABLES.items()}
    history = lead_client.get(reverse("import_list")).content.decode()
    assert batch.batch_id in history and "Loaded" in history
    quality = lead_client.get(reverse("data_quality"))
    assert quality.context["summary"].rows["episodes"] == 2


def test_a_loaded_import_recomputes_the_measures(
    lead_client, data_dir, tmp_path, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        upload(lead_client, write_extract(tmp_path / "x"))
    run = MeasureRun.objects.get()
    assert run.status == "succeeded", run.error
    assert run.batch_ids == [ImportBatch.objects.get().batch_id]
    assert str(run.as_of) == "2024-06-30"
    entries = MeasureResult.objects.filter(
        measure_id="entry_rate",
        county__name="Fresno",
        stratum="all",
        period_end="2023-12-31",
    ).get()
    assert (entries.numerator, entries.denominator) == (1, 278409)


def test_a_bad_extract_loads_nothing_and_lists_each_problem(
    lead_client, data_dir, tmp_path, django_capture_on_commit_callbacks
):
    episodes = list(TABLES["episodes"])
    episodes[2] = "e2,c2,{county},2023-02-01,2022-01-01,,child_welfare"
    paths = write_extract(tmp_path / "x", replace={"episodes": episodes})
    with django_capture_on_commit_callbacks(execute=True):
        upload(lead_client, paths)
    batch = ImportBatch.objects.get()
    assert batch.status == "rejected"
    page = lead_client.get(batch.get_absolute_url()).content.decode()
    assert "nothing was loaded" in page
    problems = batch.problems()
    assert {(p["file"], p["row"], p["column"]) for p in problems} >= {
        ("episodes.csv", "3", "exit_date")
    }
    csv_text = lead_client.get(reverse("import_problems_csv", args=[batch.batch_id])).content
    assert csv_text.startswith(b"file,row,column,value,rule")
    assert b"episodes.csv,3,exit_date" in csv_text


def test_a_county_lead_cannot_upload_for_another_county(lead_client, data_dir, tmp_path):
    response = upload(lead_client, write_extract(tmp_path / "x"), county="Alpine")
    assert response.status_code == 200
    assert "county" in response.context["form"].errors
    assert not ImportBatch.objects.exists()


def test_files_not_named_after_a_table_are_refused_before_upload(lead_client, data_dir, tmp_path):
    path = tmp_path / "kids.csv"
    path.write_text("child_id\n")
    response = upload(lead_client, [path])
    assert "kids.csv: name each file after its table" in response.content.decode()


def test_county_staff_may_not_upload(client, counties, make_user):
    client.force_login(make_user(Role.COUNTY_STAFF))
    assert client.get(reverse("import_upload")).status_code == 403


def test_a_county_lead_sees_no_other_countys_data_quality(lead_client, data_dir):
    other = County.objects.get(name="Alpine").code
    assert lead_client.get(reverse("data_quality"), {"county": other}).status_code == 403
