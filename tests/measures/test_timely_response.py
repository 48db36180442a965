"""2B timely response to referrals, by quarter."""

from tests.measures.cases import Cases

IMMEDIATE = "timely_response_immediate"
TEN_DAY = "timely_response_10day"
QUARTER = ("2022-04-01", "2022-06-30")


def test_first_contact_at_exactly_24_hours_is_timely():
    cases = Cases()
    cases.referral("2022-04-01T08:00", "2022-04-02T08:00")
    cases.referral("2022-04-01T08:00", "2022-04-02T08:00:01")
    assert cases.result(IMMEDIATE, *QUARTER) == (1, 2)


def test_first_contact_at_exactly_240_hours_is_timely_for_10_day_referrals():
    cases = Cases()
    for response_type in ("3_day", "5_day", "10_day"):
        cases.referral("2022-05-01T23:30", "2022-05-11T23:30", response_type=response_type)
    cases.referral("2022-05-01T23:30", "2022-05-11T23:31", response_type="10_day")
    assert cases.result(TEN_DAY, *QUARTER) == (3, 4)


def test_referral_without_a_first_contact_is_not_timely():
    cases = Cases()
    cases.referral("2022-04-01T08:00", None)
    assert cases.result(IMMEDIATE, *QUARTER) == (0, 1)


def test_referral_belongs_to_the_quarter_of_its_received_date():
    cases = Cases()
    cases.referral("2022-03-31T23:59", "2022-04-01T01:00")
    cases.referral("2022-06-30T23:59", "2022-07-01T01:00")
    assert cases.result(IMMEDIATE, *QUARTER) == (1, 1)


def test_immediate_and_10_day_referrals_are_separate_measures():
    cases = Cases()
    cases.referral("2022-04-01T08:00", "2022-04-01T09:00", response_type="immediate")
    cases.referral("2022-04-01T08:00", "2022-04-01T09:00", response_type="5_day")
    assert cases.result(IMMEDIATE, *QUARTER) == (1, 1)
    assert cases.result(TEN_DAY, *QUARTER) == (1, 1)


def test_referral_counts_in_its_county_and_in_california():
    cases = Cases()
    cases.referral("2022-04-01T08:00", "2022-04-01T09:00", county="Fresno")
    cases.referral("2022-04-01T08:00", None, county="Alameda")
    assert cases.result(IMMEDIATE, *QUARTER, county="Fresno") == (1, 1)
    assert cases.result(IMMEDIATE, *QUARTER, county="California") == (1, 2)


def test_referrals_have_no_strata():
    cases = Cases()
    cases.referral("2022-04-01T08:00", "2022-04-01T09:00")
    assert {stratum for _, stratum in cases.results(IMMEDIATE, *QUARTER)} == {"all"}
