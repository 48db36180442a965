"""Each rule of the input format, on the small extract with one row made wrong.

Rows count the header as row 1, so the first data row is row 2.
"""

from datetime import date

from tests.casedata.importing import (
    import_small,
    located,
    warehouse_rows,
    with_row_replaced,
    with_rows,
)


def test_the_small_extract_loads_with_county_written_as_its_code(tmp_path):
    report = import_small(tmp_path, county="10")
    assert report.ok, located(report)
    assert report.as_of == date(2024, 6, 30)
    assert report.rows == {
        "children": 2,
        "episodes": 2,
        "placements": 2,
        "reports": 1,
        "referrals": 1,
        "visits": 1,
        "population": 1,
    }
    counties = {row[2] for row in warehouse_rows(tmp_path / "data", "episodes")}
    assert counties == {"Fresno"}


def test_unknown_code(tmp_path):
    report = import_small(tmp_path, with_rows("children", "c3,2016-01-01,femal,latino"))
    assert located(report) == [
        ("children.csv", 4, "sex", "femal", "is not one of: female, male, other, unknown")
    ]


def test_date_not_written_iso(tmp_path):
    report = import_small(tmp_path, with_rows("children", "c3,03/02/2016,female,latino"))
    assert located(report) == [
        ("children.csv", 4, "birth_date", "03/02/2016", "is not a date written YYYY-MM-DD")
    ]


def test_missing_required_value(tmp_path):
    report = import_small(tmp_path, with_rows("children", 'c3,"",female,latino'))
    assert located(report) == [("children.csv", 4, "birth_date", None, "birth_date is required")]


def test_boolean_that_is_not_true_or_false(tmp_path):
    report = import_small(tmp_path, with_rows("visits", "c2,2023-04-15,yes,true,TRUE"))
    assert located(report) == [("visits.csv", 3, "in_person", "yes", "is not true or false")]


def test_timestamp_format(tmp_path):
    row = "f2,{county},2023-05-01 9am,immediate,"
    report = import_small(tmp_path, with_rows("referrals", row))
    assert located(report) == [
        (
            "referrals.csv",
            3,
            "received_at",
            "2023-05-01 9am",
            "is not a date and time written YYYY-MM-DD HH:MM[:SS]",
        )
    ]


def test_duplicate_id_is_reported_on_each_repeat(tmp_path):
    report = import_small(tmp_path, with_rows("children", "c1,2015-03-02,female,latino"))
    assert located(report) == [("children.csv", 4, "child_id", "c1", "child_id is not unique")]


def test_episode_of_a_child_not_in_children(tmp_path):
    row = "e3,c9,{county},2023-01-01,,,child_welfare"
    report = import_small(tmp_path, with_rows("episodes", row))
    assert located(report) == [("episodes.csv", 4, "child_id", "c9", "child_id is not in children")]


def test_placement_of_an_episode_not_in_episodes(tmp_path):
    report = import_small(tmp_path, with_rows("placements", "p3,e9,2023-01-01,,group_home"))
    assert located(report) == [
        ("placements.csv", 4, "episode_id", "e9", "episode_id is not in episodes")
    ]


def test_reports_and_visits_need_their_child(tmp_path):
    replace = {
        **with_rows("reports", "r2,c7,{county},2023-01-01,unfounded,"),
        **with_rows("visits", "c8,2023-01-01,true,true,true"),
    }
    report = import_small(tmp_path, replace)
    assert located(report) == [
        ("reports.csv", 3, "child_id", "c7", "child_id is not in children"),
        ("visits.csv", 3, "child_id", "c8", "child_id is not in children"),
    ]


def test_overlapping_episodes_of_one_child(tmp_path):
    row = "e3,c1,{county},2022-05-01,2022-12-01,reunification,child_welfare"
    report = import_small(tmp_path, with_rows("episodes", row))
    assert located(report) == [
        (
            "episodes.csv",
            4,
            "removal_date",
            "2022-05-01",
            "episode starts before an earlier episode of the same child ends",
        )
    ]


def test_an_open_episode_overlaps_every_later_one(tmp_path):
    replace = with_rows(
        "episodes",
        "e3,c2,{county},2023-03-01,2023-04-01,reunification,child_welfare",
        "e4,c2,{county},2023-05-01,,,child_welfare",
    )
    report = import_small(tmp_path, replace)
    assert [(p[1], p[3]) for p in located(report)] == [(4, "2023-03-01"), (5, "2023-05-01")]


def test_reentry_on_the_day_of_exit_is_not_an_overlap(tmp_path):
    row = "e3,c1,{county},2022-09-01,2022-12-01,reunification,child_welfare"
    report = import_small(tmp_path, with_rows("episodes", row))
    assert report.ok, located(report)


def test_removal_before_birth(tmp_path):
    row = "e3,c2,{county},2019-01-01,2019-02-01,reunification,child_welfare"
    report = import_small(tmp_path, with_rows("episodes", row))
    assert located(report) == [
        (
            "episodes.csv",
            4,
            "removal_date",
            "2019-01-01",
            "removal_date is before the child's birth_date",
        )
    ]


def test_exit_before_removal(tmp_path):
    row = "e2,c2,{county},2023-02-01,2023-01-01,reunification,child_welfare"
    report = import_small(tmp_path, with_row_replaced("episodes", 2, row))
    assert located(report) == [
        ("episodes.csv", 3, "exit_date", "2023-01-01", "exit_date is before removal_date"),
        (
            "placements.csv",
            3,
            "start_date",
            "2023-02-01",
            "placement starts outside its episode (before removal_date or after exit_date)",
        ),
    ]


def test_exit_reason_present_iff_exit_date(tmp_path):
    replace = {
        "episodes": [
            "episode_id,child_id,county,removal_date,exit_date,exit_reason,agency",
            "e1,c1,{county},2022-01-10,2022-09-01,,child_welfare",
            "e2,c2,{county},2023-02-01,,reunification,child_welfare",
        ]
    }
    rule = "exit_reason is given without exit_date, or missing with it"
    assert located(import_small(tmp_path, replace)) == [
        ("episodes.csv", 2, "exit_reason", None, rule),
        ("episodes.csv", 3, "exit_reason", "reunification", rule),
    ]


def test_placement_outside_its_episode(tmp_path):
    replace = with_rows(
        "placements",
        "p3,e1,2021-12-01,2022-02-01,group_home",
        "p4,e1,2022-08-01,2022-10-01,group_home",
        "p5,e1,2022-08-01,2022-07-01,group_home",
    )
    assert located(import_small(tmp_path, replace)) == [
        ("placements.csv", 6, "end_date", "2022-07-01", "end_date is before start_date"),
        (
            "placements.csv",
            4,
            "start_date",
            "2021-12-01",
            "placement starts outside its episode (before removal_date or after exit_date)",
        ),
        (
            "placements.csv",
            5,
            "end_date",
            "2022-10-01",
            "placement ends after its episode's exit_date",
        ),
    ]


def test_dates_after_as_of(tmp_path):
    replace = {
        **with_rows("visits", "c2,2024-07-01,true,true,true"),
        **with_rows("referrals", "f2,{county},2024-06-30 23:59,immediate,2024-07-01 00:00"),
    }
    assert located(import_small(tmp_path, replace)) == [
        (
            "referrals.csv",
            3,
            "first_contact_at",
            "2024-07-01 00:00",
            "is after the extract date (as_of)",
        ),
        ("visits.csv", 3, "visit_date", "2024-07-01", "is after the extract date (as_of)"),
    ]


def test_first_contact_before_received(tmp_path):
    row = "f2,{county},2023-05-01 09:00,immediate,2023-05-01 08:00"
    assert located(import_small(tmp_path, with_rows("referrals", row))) == [
        (
            "referrals.csv",
            3,
            "first_contact_at",
            "2023-05-01 08:00:00",
            "first_contact_at is before received_at",
        )
    ]


def test_rows_of_another_county_than_the_uploaders(tmp_path):
    report = import_small(tmp_path, with_rows("reports", "r2,c1,Alameda,2023-01-01,unfounded,"))
    assert located(report) == [
        ("reports.csv", 3, "county", "Alameda", "is not the uploading county")
    ]


def test_unknown_county(tmp_path):
    report = import_small(tmp_path, with_rows("population", "Fresnoo,2022,270000"))
    assert located(report) == [
        (
            "population.csv",
            3,
            "county",
            "Fresnoo",
            "is not a California county name or 2-digit code",
        )
    ]


def test_population_one_row_per_county_and_year(tmp_path):
    report = import_small(tmp_path, with_rows("population", "10,2023,1"))
    assert located(report) == [
        (
            "population.csv",
            3,
            "county, year",
            "Fresno, 2023",
            "more than one row for the same county and year",
        )
    ]


def test_a_long_run_of_one_rule_is_cut_with_a_count(tmp_path):
    rows = [f"c2,2023-04-{1 + i % 28:02d},maybe,true,true" for i in range(150)]
    problems = located(import_small(tmp_path, with_rows("visits", *rows)))
    assert len(problems) == 101
    assert [p[1] for p in problems[:100]] == list(range(3, 103))
    assert problems[100] == (
        "visits.csv",
        None,
        "in_person",
        None,
        "is not true or false (and 50 more rows not listed)",
    )


def test_every_problem_is_reported_not_only_the_first(tmp_path):
    replace = {
        **with_rows("children", "c3,2016-01-01,femal,latino"),
        **with_rows("placements", "p3,e9,2023-01-01,,group_home"),
    }
    assert [p[:3] for p in located(import_small(tmp_path, replace))] == [
        ("children.csv", 4, "sex"),
        ("placements.csv", 4, "episode_id"),
    ]
