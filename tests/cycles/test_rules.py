"""Cycle templates as data and the schedules they give (peer-review.md section 6, the seed)."""

import datetime
import tomllib
from importlib import resources

import pytest

from opencqi.cycles.rules import (
    AnchorError,
    ScheduleError,
    TemplateError,
    UnknownTemplateError,
    compute_schedule,
    load_template,
    template_from_dict,
    template_names,
)

D = datetime.date

# The table "Step ids of the 2009 triennial template" in peer-review.md section 6.
TABLE_2009 = {
    "review_report_draft": ("review_last_day", "+ 30 days"),
    "review_report_feedback": ("review_report_draft", "+ 10 working days"),
    "review_report_final": ("review_last_day", "+ 2 months"),
    "csa_final": ("review_report_final", "+ 6 months"),
    "csa_draft": ("csa_final", "- 2 months"),
    "csa_draft_feedback": ("csa_draft", "+ 10 working days"),
    "csa_second_draft": ("csa_final", "- 30 days"),
    "sip_final": ("csa_final", "+ 4 months"),
    "sip_draft": ("sip_final", "- 2 months"),
    "sip_draft_feedback": ("sip_draft", "+ 10 working days"),
    "sip_second_draft": ("sip_final", "- 30 days"),
    "sip_period_end": ("sip_final", "+ 3 years - 1 day"),
    "sip_update": ("sip_final", "+ 1 year"),
    "sip_update_draft": ("sip_update", "- 2 months"),
    "sip_update_feedback": ("sip_update_draft", "+ 10 working days"),
    "verbal_update": ("sip_final", "+ 2 years"),
}


def dates_of(template_name, **anchors):
    schedule = compute_schedule(load_template(template_name), anchors)
    return {due.step: due.date for due in schedule}


def schedule_2009(review_last_day):
    return dates_of("ccfsr-2009", review_last_day=review_last_day)


def minimal(*steps):
    return {"steps": [{"id": "start", "label": "Start", "kind": "period", "anchor": True}, *steps]}


def step(step_id, **rule):
    return {"id": step_id, "label": step_id.title(), "kind": "report", **rule}


# --- the shipped templates -----------------------------------------------------------------


def test_three_templates_ship_and_load():
    assert template_names() == ("calcqi-5yr", "ccfsr-2009", "ccfsr-5yr")
    for name in template_names():
        assert load_template(name).steps


def test_2009_template_uses_exactly_the_step_ids_and_rules_of_the_seed_table():
    template = load_template("ccfsr-2009")
    schedule = compute_schedule(template, {"review_last_day": D(2008, 3, 14)})
    single = {due.step: due.derivation for due in schedule if due.occurrence is None}
    assert template.anchors == ("review_last_day",)
    assert single.pop("review_last_day") == "anchor"
    assert single == {
        step_id: f"{source} {offset}" for step_id, (source, offset) in TABLE_2009.items()
    }


def test_2009_template_adds_quarterly_consultations_and_the_annual_capit_report():
    recurring = {
        due.step_id
        for due in compute_schedule(
            load_template("ccfsr-2009"), {"review_last_day": D(2008, 3, 14)}
        )
        if due.occurrence is not None
    }
    assert recurring == {"quarterly_consultation", "capit_cbcap_pssf_annual_report"}


# --- the seed's worked examples ------------------------------------------------------------


def test_review_ending_2008_03_14_gives_the_seeds_report_csa_and_sip_due_dates():
    dates = schedule_2009(D(2008, 3, 14))
    assert dates["review_report_draft"] == D(2008, 4, 13)
    assert dates["review_report_final"] == D(2008, 5, 14)
    assert dates["csa_final"] == D(2008, 11, 14)
    assert dates["sip_final"] == D(2009, 3, 14)


def test_sip_due_2009_01_15_gives_plan_period_to_2012_01_14_and_updates_in_2010_and_2011():
    # A review ending 2008-01-15 puts the SIP due on 2009-01-15 (2 + 6 + 4 months).
    dates = schedule_2009(D(2008, 1, 15))
    assert dates["sip_final"] == D(2009, 1, 15)
    assert dates["sip_period_end"] == D(2012, 1, 14)
    assert dates["sip_update"] == D(2010, 1, 15)
    assert dates["verbal_update"] == D(2011, 1, 15)


def test_drafts_are_due_two_months_and_30_days_before_the_final():
    dates = schedule_2009(D(2008, 3, 14))
    assert dates["csa_draft"] == D(2008, 9, 14)
    assert dates["csa_second_draft"] == D(2008, 10, 15)
    assert dates["sip_draft"] == D(2009, 1, 14)
    assert dates["sip_second_draft"] == D(2009, 2, 12)
    assert dates["sip_update_draft"] == D(2010, 1, 14)


def test_feedback_on_the_review_report_draft_is_due_ten_working_days_later():
    # Draft due Sunday 2008-04-13; Mon 14 (1) .. Fri 18 (5), Mon 21 (6) .. Fri 25 (10).
    assert schedule_2009(D(2008, 3, 14))["review_report_feedback"] == D(2008, 4, 25)


def test_feedback_across_martin_luther_king_day_skips_it():
    # SIP draft Wed 2009-01-14: Thu 15 (1), Fri 16 (2), Mon 19 MLK Day skipped, Tue 20 (3)
    # .. Fri 23 (6), Mon 26 (7) .. Thu 29 (10).
    assert schedule_2009(D(2008, 3, 14))["sip_draft_feedback"] == D(2009, 1, 29)


def test_feedback_across_thanksgiving_skips_thursday_and_friday():
    # Review ends 2008-10-22, so the report draft is due Friday 2008-11-21 (+ 30 days).
    # Mon 24 (1), Tue 25 (2), Wed 26 (3); Thu 27 Thanksgiving, Fri 28 day after, weekend;
    # Mon Dec 1 (4) .. Fri Dec 5 (8), Mon Dec 8 (9), Tue Dec 9 (10).
    dates = schedule_2009(D(2008, 10, 22))
    assert dates["review_report_draft"] == D(2008, 11, 21)
    assert dates["review_report_feedback"] == D(2008, 12, 9)


def test_feedback_across_new_year_skips_christmas_and_new_years_day():
    # Review ends 2008-02-22, so the SIP is due 2009-02-22 and its draft Monday 2008-12-22.
    # Tue 23 (1), Wed 24 (2), Thu 25 Christmas, Fri 26 (3), weekend, Mon 29 (4), Tue 30 (5),
    # Wed 31 (6), Thu Jan 1 New Year's Day, Fri Jan 2 (7), weekend, Mon 5 (8), Tue 6 (9),
    # Wed Jan 7 (10).
    dates = schedule_2009(D(2008, 2, 22))
    assert dates["sip_draft"] == D(2008, 12, 22)
    assert dates["sip_draft_feedback"] == D(2009, 1, 7)


def test_month_end_clamping_carries_through_the_chain_of_steps():
    # 2008-12-31 + 2 months = 2009-02-28; the CSA is 6 months after that (2009-08-28), not
    # 8 months after the review (2009-08-31); the SIP follows from the CSA.
    dates = schedule_2009(D(2008, 12, 31))
    assert dates["review_report_final"] == D(2009, 2, 28)
    assert dates["csa_final"] == D(2009, 8, 28)
    assert dates["sip_final"] == D(2009, 12, 28)
    assert dates["csa_draft"] == D(2009, 6, 28)


def test_every_date_says_how_it_was_derived():
    schedule = compute_schedule(load_template("ccfsr-2009"), {"review_last_day": D(2008, 3, 14)})
    derivations = {due.step: due.derivation for due in schedule}
    assert derivations["sip_final"] == "csa_final + 4 months"
    assert derivations["review_report_feedback"] == "review_report_draft + 10 working days"
    assert derivations["sip_period_end"] == "sip_final + 3 years - 1 day"


def test_the_schedule_is_in_date_order():
    schedule = compute_schedule(load_template("ccfsr-2009"), {"review_last_day": D(2008, 3, 14)})
    assert [due.date for due in schedule] == sorted(due.date for due in schedule)


# --- recurring steps -----------------------------------------------------------------------


def test_quarterly_consultations_are_numbered_and_run_until_the_verbal_update():
    dates = schedule_2009(D(2008, 3, 14))
    consultations = [dates[f"quarterly_consultation#{k}"] for k in range(1, 13)]
    assert consultations[:3] == [D(2008, 6, 14), D(2008, 9, 14), D(2008, 12, 14)]
    assert consultations[-1] == dates["verbal_update"] == D(2011, 3, 14)
    assert "quarterly_consultation#13" not in dates


def test_each_occurrence_is_computed_from_the_named_step_so_month_ends_do_not_drift():
    template = template_from_dict(
        minimal(step("meeting", **{"from": "start"}, months=1, every={"months": 1}, count=4))
    )
    schedule = compute_schedule(template, {"start": D(2008, 12, 31)})
    assert [(due.step, due.date, due.derivation) for due in schedule[1:]] == [
        ("meeting#1", D(2009, 1, 31), "start + 1 month"),
        ("meeting#2", D(2009, 2, 28), "start + 2 months"),
        ("meeting#3", D(2009, 3, 31), "start + 3 months"),
        ("meeting#4", D(2009, 4, 30), "start + 4 months"),
    ]


def test_a_recurring_working_day_step_lands_on_a_working_day_every_time():
    # start + 1 working day, every year: each occurrence is start + k-1 years + 1 working day.
    template = template_from_dict(
        minimal(step("call", **{"from": "start"}, working_days=1, every={"years": 1}, count=2))
    )
    schedule = compute_schedule(template, {"start": D(2000, 2, 2)})
    assert [(due.date, due.derivation) for due in schedule[1:]] == [
        (D(2000, 2, 3), "start + 1 working day"),
        (D(2001, 2, 5), "start + 1 year + 1 working day"),  # 2001-02-02 is a Friday
    ]


def test_capit_cbcap_pssf_report_is_due_each_30_september_after_a_state_fiscal_year():
    dates = schedule_2009(D(2008, 3, 14))
    reports = sorted(date for key, date in dates.items() if key.startswith("capit_"))
    assert reports == [D(2008, 9, 30), D(2009, 9, 30), D(2010, 9, 30)]


def test_a_next_date_rule_says_which_date_it_looked_for():
    schedule = compute_schedule(load_template("ccfsr-2009"), {"review_last_day": D(2008, 3, 14)})
    derivations = {due.step: due.derivation for due in schedule}
    assert derivations["capit_cbcap_pssf_annual_report#1"] == (
        "first 09-30 on or after review_last_day"
    )
    assert derivations["capit_cbcap_pssf_annual_report#3"] == (
        "first 09-30 on or after review_last_day + 2 years"
    )


def test_a_step_computed_from_a_recurring_step_gets_one_date_per_occurrence():
    dates = dates_of("ccfsr-5yr", sip_final=D(2019, 12, 27))
    reports = [dates[f"sip_progress_report#{k}"] for k in range(1, 5)]
    assert reports == [D(2020, 12, 27), D(2021, 12, 27), D(2022, 12, 27), D(2023, 12, 27)]
    assert "sip_progress_report#5" not in dates
    assert dates["sip_progress_report_draft#2"] == D(2021, 10, 27)
    # Wed 2021-10-27 + 10 working days: Thu 28 .. Fri Nov 5 (7), Mon 8 (8), Tue 9 (9),
    # Wed 10 (10); Veterans Day is Thursday the 11th, after the count ends.
    assert dates["sip_progress_report_feedback#2"] == D(2021, 11, 10)


# --- the five-year templates ---------------------------------------------------------------


def test_five_year_ccfsr_plan_period_matches_fresnos_2019_to_2024_sip():
    dates = dates_of("ccfsr-5yr", sip_final=D(2019, 12, 27))
    assert dates["sip_period_end"] == D(2024, 12, 26)
    assert dates["csa_final"] < dates["sip_final"]
    assert dates["review_last_day"] < dates["review_report_final"] < dates["csa_final"]


def test_calcqi_first_cycle_runs_july_2021_to_june_2026():
    dates = dates_of("calcqi-5yr", cycle_start=D(2021, 7, 1), cal_sip_final=D(2024, 2, 28))
    assert dates["cycle_end"] == D(2026, 6, 30)
    assert dates["cal_csa_final"] < dates["review_last_day"] < dates["cal_sip_final"]
    assert dates["progress_report_1"] < dates["progress_report_2"] <= dates["cycle_end"]


def test_calcqi_county_review_of_measures_closes_30_days_after_each_release():
    dates = dates_of("calcqi-5yr", cycle_start=D(2021, 7, 1), cal_sip_final=D(2024, 2, 28))
    assert dates["measures_to_county#1"] == D(2021, 8, 1)
    assert dates["measures_county_review_end#1"] == D(2021, 8, 31)
    assert dates["measures_to_county#59"] == D(2026, 6, 1)
    assert "measures_to_county#60" not in dates


# --- templates from plain data -------------------------------------------------------------


def test_a_template_from_a_dict_gives_the_same_schedule_as_its_file():
    path = resources.files("opencqi.cycles") / "templates" / "ccfsr-2009.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    anchors = {"review_last_day": D(2008, 3, 14)}
    from_dict = compute_schedule(template_from_dict(data, name="ccfsr-2009"), anchors)
    assert from_dict == compute_schedule(load_template("ccfsr-2009"), anchors)


def test_unknown_template_names_the_templates_there_are():
    with pytest.raises(UnknownTemplateError, match="ccfsr-2009"):
        load_template("ccfsr-2010")


INVALID_TEMPLATES = [
    (minimal(step("a", **{"from": "nowhere"}, days=1)), "from 'nowhere' is not a step"),
    (
        minimal(step("a", **{"from": "b"}, days=1), step("b", **{"from": "a"}, days=1)),
        "cycle: a -> b -> a",
    ),
    (minimal(step("a", **{"from": "a"}, days=1)), "cycle: a -> a"),
    (minimal(step("a", **{"from": "start"}, weeks=1)), "unknown key 'weeks'"),
    (minimal(step("a", **{"from": "start"}, days="30")), "must be whole numbers"),
    (minimal(step("a", **{"from": "start"}, days=1.5)), "must be whole numbers"),
    (minimal(step("a", **{"from": "start"}, days=0)), "offset is zero"),
    (minimal(step("a", **{"from": "start"})), "needs an offset"),
    (minimal(step("a", days=3)), "needs either anchor = true or from"),
    (minimal(step("a", **{"from": "start"}, days=1, working_days=2)), "cannot be combined"),
    (minimal(step("a", anchor=True, **{"from": "start"})), "an anchor takes no rule"),
    (minimal(step("a", **{"from": "start"}, days=1, kind="memo")), "kind 'memo'"),
    (minimal(step("start", **{"from": "start"}, days=1)), "id used twice"),
    (minimal(step("a", **{"from": "start"}, next={"month": 2, "day": 29})), "every year"),
    (
        minimal(step("a", **{"from": "start"}, days=1, every={"months": 3})),
        "needs count or until",
    ),
    (
        minimal(step("a", **{"from": "start"}, days=1, every={"weeks": 1}, count=2)),
        "unknown unit weeks",
    ),
    (
        minimal(step("a", **{"from": "start"}, days=1, every={"months": -3}, count=2)),
        "must go forward",
    ),
    (
        minimal(step("a", **{"from": "start"}, days=1, every={"months": 1}, until="zzz")),
        "until 'zzz' is not a step",
    ),
    (
        minimal(
            step("a", **{"from": "start"}, days=1, every={"months": 1}, count=2),
            step("b", **{"from": "a"}, days=1, every={"months": 1}, count=2),
        ),
        "cannot recur",
    ),
    (
        minimal(
            step("a", **{"from": "start"}, days=1, feedback_working_days=10),
            step("a_feedback", **{"from": "start"}, days=2),
        ),
        "the feedback step of a",
    ),
    (minimal(step("a", **{"from": "start"}, days=1, feedback_working_days=0)), "at least 1"),
    (
        {"steps": [step("a", days=1, **{"from": "b"}), step("b", days=1, **{"from": "a"})]},
        "at least one anchor",
    ),
    ({"steps": []}, "non-empty list of steps"),
]


@pytest.mark.parametrize(
    ("data", "message"), INVALID_TEMPLATES, ids=[message for _, message in INVALID_TEMPLATES]
)
def test_invalid_templates_are_refused_with_a_message_naming_the_problem(data, message):
    with pytest.raises(TemplateError, match=message):
        template_from_dict(data, name="test")


def test_every_problem_of_a_template_is_reported_at_once():
    data = minimal(
        step("a", **{"from": "start"}, days=0),
        step("b", **{"from": "start"}, weeks=1, days=1),
    )
    with pytest.raises(TemplateError) as raised:
        template_from_dict(data, name="test")
    assert [problem.split(":")[0] for problem in raised.value.problems] == ["step a", "step b"]


# --- anchors -------------------------------------------------------------------------------


def test_a_missing_anchor_is_named():
    template = load_template("calcqi-5yr")
    with pytest.raises(AnchorError, match="missing anchor date for cal_sip_final"):
        compute_schedule(template, {"cycle_start": D(2021, 7, 1)})


def test_an_anchor_for_an_unknown_step_names_the_anchors():
    with pytest.raises(AnchorError, match="unknown step 'pqcr_day'.*review_last_day"):
        compute_schedule(load_template("ccfsr-2009"), {"pqcr_day": D(2008, 3, 14)})


def test_a_computed_step_cannot_be_given_as_an_anchor():
    anchors = {"review_last_day": D(2008, 3, 14), "csa_final": D(2008, 12, 1)}
    with pytest.raises(AnchorError, match="'csa_final' is computed, not an anchor"):
        compute_schedule(load_template("ccfsr-2009"), anchors)


def test_a_recurrence_that_would_not_end_is_stopped_with_an_error():
    template = template_from_dict(
        minimal(
            step("end", **{"from": "start"}, years=900),
            step("daily", **{"from": "start"}, days=1, every={"days": 1}, until="end"),
        )
    )
    with pytest.raises(ScheduleError, match="recurs more than"):
        compute_schedule(template, {"start": D(2008, 1, 1)})


def test_a_date_beyond_the_calendar_is_a_schedule_error():
    template = template_from_dict(minimal(step("far", **{"from": "start"}, years=5)))
    with pytest.raises(ScheduleError, match="step far"):
        compute_schedule(template, {"start": D(9998, 1, 1)})
