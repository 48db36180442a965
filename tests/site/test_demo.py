from django.contrib.auth.models import User

from opencqi.accounts.roles import Role
from opencqi.casedata.models import ImportBatch
from opencqi.counties.models import County
from opencqi.measures.models import MeasureResult, MeasureRun
from opencqi.site.demo import load_demo_case_data, load_demo_content


def test_demo_content_gives_one_working_login_per_role(db, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    logins = load_demo_content(log=lambda *_: None)
    assert County.objects.count() == 58
    assert {label for _, label, _ in logins} == {role.label for role in Role}
    for username, _, password in logins:
        assert User.objects.get(username=username).check_password(password), username


def test_running_the_demo_twice_keeps_existing_data(db, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    first = load_demo_content(log=lambda *_: None)
    lead = User.objects.get(username="county-lead")
    lead.first_name = "Changed"
    lead.save()
    second = load_demo_content(log=lambda *_: None)
    assert first == second
    assert User.objects.get(username="county-lead").first_name == "Changed"
    assert User.objects.count() == len(first)


def test_demo_case_data_is_imported_and_measured_once(db, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    load_demo_content(log=lambda *_: None)
    load_demo_case_data(episodes=3000, log=lambda *_: None)
    batch = ImportBatch.objects.get()
    assert batch.status == "loaded"
    assert batch.rows["episodes"] == 3000
    counties_with_results = (
        MeasureResult.objects.filter(measure_id="entry_rate", stratum="all")
        .values("county")
        .distinct()
        .count()
    )
    assert counties_with_results == 59  # the 58 counties and California
    load_demo_case_data(episodes=3000, log=lambda *_: None)
    assert ImportBatch.objects.count() == 1
    assert MeasureRun.objects.count() == 1
