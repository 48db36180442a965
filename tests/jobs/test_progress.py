import pytest
from django.core.management import call_command

from opencqi.accounts.roles import Role
from opencqi.jobs.models import Job
from opencqi.jobs.running import start_job
from tests.jobs.sample_tasks import count_to, fail_on_empty_file


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


@pytest.fixture
def lead(counties, make_user):
    return make_user(Role.COUNTY_LEAD)


# The worker closes database connections between tasks, as in production, so these tests
# commit for real instead of running inside a rolled-back transaction.
@pytest.mark.django_db(transaction=True)
def test_a_job_runs_on_the_database_worker_and_records_its_progress(lead):
    job = start_job(count_to, title="Counting", user=lead, n=3)
    assert Job.objects.get(pk=job.pk).status == Job.Status.QUEUED
    run_worker()
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.percent) == ("succeeded", 3, 3, 100)
    assert job.message == "Counted 3 of 3"
    assert job.result_url == "/counties/"


@pytest.mark.django_db(transaction=True)
def test_a_failing_job_shows_its_error(lead):
    job = start_job(fail_on_empty_file, title="Import", user=lead)
    run_worker()
    job.refresh_from_db()
    assert job.status == "failed"
    assert job.error == "episodes.csv is empty"


def test_progress_fragment_polls_until_the_job_finishes(client, lead):
    job = Job.objects.create(title="Import", task_name="t", created_by=lead, done=2, total=4)
    client.force_login(lead)
    fragment = client.get(f"/jobs/{job.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 1s"' in fragment
    assert 'value="50"' in fragment
    assert "<html" not in fragment
    job.status = Job.Status.SUCCEEDED
    job.result_url = "/counties/"
    job.save()
    fragment = client.get(f"/jobs/{job.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in fragment
    assert 'href="/counties/"' in fragment


def test_a_user_cannot_follow_another_users_job_outside_their_county(client, counties, make_user):
    owner = make_user(Role.COUNTY_LEAD, county="Alpine", username="alpine-lead")
    job = Job.objects.create(title="Import", task_name="t", created_by=owner)
    client.force_login(make_user(Role.COUNTY_LEAD))
    assert client.get(f"/jobs/{job.pk}/").status_code == 404
