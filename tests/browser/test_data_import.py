from opencqi.accounts.roles import Role
from tests.casedata.small_extract import TABLES, write_extract

IMMEDIATE_TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def test_lead_uploads_a_bad_extract_then_a_good_one(
    page, live_server, sign_in, counties, make_user, settings, tmp_path
):
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()
    settings.TASKS = IMMEDIATE_TASKS
    make_user(Role.COUNTY_LEAD)
    sign_in("county_lead")

    episodes = list(TABLES["episodes"])
    episodes[1] = "e1,c1,{county},2022-01-10,2022-09-01,moved_away,child_welfare"
    bad = write_extract(tmp_path / "bad", replace={"episodes": episodes})
    page.goto(f"{live_server.url}/data/imports/upload/")
    page.set_input_files("#id_files", [str(p) for p in bad])
    page.get_by_role("button", name="Check and load").click()
    problems = page.locator("#problems tbody tr")
    problems.first.wait_for()
    assert "episodes.csv" in problems.first.inner_text()
    assert "moved_away" in page.locator("#problems").inner_text()
    assert "nothing was loaded" in page.content()

    good = write_extract(tmp_path / "good")
    page.goto(f"{live_server.url}/data/imports/upload/")
    page.set_input_files("#id_files", [str(p) for p in good])
    page.get_by_role("button", name="Check and load").click()
    page.locator("#batch-status").wait_for()
    assert page.locator("#batch-status").inner_text() == "Loaded"

    page.goto(f"{live_server.url}/data/imports/")
    rows = page.locator("table tbody tr")
    assert rows.count() == 2
    assert "Loaded" in rows.nth(0).inner_text()
    assert "Rejected" in rows.nth(1).inner_text()
