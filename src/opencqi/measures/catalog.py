"""The measure catalog: every child welfare outcome measure declared once, as data.

The engine, the docs and the measure pages read these declarations; a measure's name, unit,
direction or benchmark is never typed anywhere else. Rules that differ between measures only by
a number or a list (months in care, response types, hours) live in `parameters`, which the
engine reads.
"""

from dataclasses import dataclass, field
from enum import StrEnum

CALIFORNIA = "California"

STRATUM_DIMENSIONS = ("age_group", "sex", "race_ethnicity", "agency")
CHILD_DIMENSIONS = ("age_group", "sex", "race_ethnicity")

# (lowest completed age, label); a label covers ages up to the next group's lowest age.
AGE_GROUPS = (
    (0, "under 1"),
    (1, "1-2"),
    (3, "3-5"),
    (6, "6-10"),
    (11, "11-15"),
    (16, "16-17"),
    (18, "18+"),
)

# Exit reasons that count as permanency, by permanency profile (measures.md section 2).
PERMANENCY_EXITS = {
    "federal": ("reunification", "living_with_relative", "adoption", "guardianship"),
    "california": ("reunification", "adoption", "guardianship"),
}
DEFAULT_PROFILE = "federal"

VICTIM_DISPOSITIONS = ("substantiated", "indicated")
NOT_PLACEMENT_SETTINGS = ("trial_home_visit", "runaway")


class PeriodType(StrEnum):
    TWELVE_MONTHS = "12 months"
    QUARTER = "quarter"
    CHILD_MONTHS = "child-months over 12 months"


@dataclass(frozen=True)
class Measure:
    id: str
    code: str
    name: str
    description: str
    unit: str
    multiplier: int
    direction: str | None  # "higher" or "lower" is better; None for context measures
    benchmark: float | None
    benchmark_kind: str | None  # "national performance" or "federal standard"
    period_type: PeriodType
    tables: tuple[str, ...]  # input tables whose dates decide which periods the data covers
    strata: tuple[str, ...]
    reference_date: str  # the date age groups are taken on
    county_of: str  # where a result is attributed
    denominator: str
    numerator: str
    rules: tuple[str, ...]
    edge_cases: tuple[str, ...] = ()
    uses_permanency_profile: bool = False
    follow_up_months: int = 0
    parameters: dict = field(default_factory=dict)

    @property
    def is_percent(self):
        return self.multiplier == 100

    @property
    def period_months(self):
        return 3 if self.period_type == PeriodType.QUARTER else 12


CATALOG = (
    Measure(
        id="maltreatment_in_care",
        code="S1",
        name="Maltreatment in foster care",
        description="Of all days children spent in foster care in the period, how often was a "
        "child the victim of substantiated or indicated maltreatment?",
        unit="victimizations per 100,000 days in care",
        multiplier=100_000,
        direction="lower",
        benchmark=9.07,
        benchmark_kind="national performance",
        period_type=PeriodType.TWELVE_MONTHS,
        tables=("episodes", "reports"),
        strata=STRATUM_DIMENSIONS,
        reference_date="the episode's first day in care in the period "
        "(removal date, or the period's first day for children already in care)",
        county_of="the episode's county",
        denominator="days in care during the period of children under 18; episodes closed "
        "after fewer than 8 days contribute nothing",
        numerator="substantiated or indicated reports dated in the period on a day in care",
        rules=(
            "A day counts when it falls in the period, the child is in care that day "
            "(removal_date <= day < exit_date, or still in care) and is under 18.",
            "An episode closed after fewer than 8 days (exit_date - removal_date < 8) "
            "contributes neither days nor reports.",
            "A report counts when its disposition is substantiated or indicated, its report_date "
            "is in the period and is a day in care of a counted episode, the child is under 18 "
            "that day, and report_date - removal_date >= 7.",
            "A report whose incident_date is known and is not a day in care of that episode "
            "does not count.",
            "A report within 1 day of the child's previous counted report is the same "
            "victimization: of reports on consecutive days only every second day counts, "
            "and several reports on one day count once. Whether a report is counted is decided "
            "over the child's whole history, not per period.",
        ),
        edge_cases=(
            "A 7-day stay contributes no days and none of its reports.",
            "A report on removal day + 3 is not counted (first 7 days).",
            "Reports on two consecutive days are one victimization.",
        ),
    ),
    Measure(
        id="recurrence",
        code="S2",
        name="Recurrence of maltreatment",
        description="Of children who were victims of substantiated or indicated maltreatment in "
        "the period, what percent were victims again within 12 months?",
        unit="percent",
        multiplier=100,
        direction="lower",
        benchmark=9.7,
        benchmark_kind="national performance",
        period_type=PeriodType.TWELVE_MONTHS,
        tables=("reports",),
        strata=CHILD_DIMENSIONS,
        reference_date="the index report's report_date",
        county_of="the index report's county",
        denominator="children under 18 on the index date with a substantiated or indicated "
        "report in the period",
        numerator="children with another substantiated or indicated report more than 14 days "
        "and within 12 months after the index",
        rules=(
            "The index is the child's earliest substantiated or indicated report in the period "
            "(ties: smallest report_id); the child must be under 18 on the index date.",
            "A recurrence is a substantiated or indicated report from any county with "
            "report_date - index date > 14 days and report_date < index date + 12 months.",
            "A report with the same known incident_date as the index is the same incident, "
            "not a recurrence.",
            "The follow-up ends 12 months after the period; until then the result is provisional.",
        ),
        edge_cases=("A second report 10 days after the index is not a recurrence.",),
        follow_up_months=12,
    ),
    Measure(
        id="permanency_12m_entries",
        code="P1",
        name="Permanency in 12 months for children entering care",
        description="Of children who entered foster care in the period, what percent exited to "
        "permanency within 12 months of entering?",
        unit="percent",
        multiplier=100,
        direction="higher",
        benchmark=35.2,
        benchmark_kind="national performance",
        period_type=PeriodType.TWELVE_MONTHS,
        tables=("episodes",),
        strata=STRATUM_DIMENSIONS,
        reference_date="the removal date of the child's first entry in the period",
        county_of="the episode's county",
        denominator="children entering care in the period (first entry per child), under 18 "
        "at entry, excluding stays of fewer than 8 days",
        numerator="children who exited to permanency within 12 months of entry, before their "
        "18th birthday",
        rules=(
            "The child's first entry is the episode with the earliest removal_date in the period "
            "(ties: smallest episode_id); a later entry in the same period never takes its place.",
            "The child is excluded when that first stay lasted fewer than 8 days or the child was "
            "18 or older at entry.",
            "Within 12 months means the (adjusted) exit date is strictly before removal_date + 12 "
            "months.",
            "Trial home visit adjustment: when the child exits to reunification and the episode's "
            "last placement is a trial home visit, its days beyond 30 are subtracted from the "
            "length of stay.",
            "An exit on or after the 18th birthday is never a permanency exit.",
            "The follow-up ends 12 months after the period; until then the result is provisional.",
        ),
        edge_cases=(
            "A child with two entries in the period is counted once, on the first.",
            "A 60-day trial home visit ending in reunification at day 390 counts as permanency "
            "at day 360.",
            "Guardianship on the 18th birthday is not permanency.",
        ),
        uses_permanency_profile=True,
        follow_up_months=12,
        parameters={"trial_home_visit_days_allowed": 30},
    ),
    Measure(
        id="permanency_12m_12_23",
        code="P2",
        name="Permanency in 12 months for children in care 12 to 23 months",
        description="Of children in care on the period's first day who had been in care 12 to 23 "
        "months, what percent exited to permanency during the period?",
        unit="percent",
        multiplier=100,
        direction="higher",
        benchmark=43.8,
        benchmark_kind="national performance",
        period_type=PeriodType.TWELVE_MONTHS,
        tables=("episodes",),
        strata=STRATUM_DIMENSIONS,
        reference_date="the period's first day",
        county_of="the episode's county",
        denominator="children in care on the period's first day, under 18 that day, whose "
        "episode had lasted at least 12 and less than 24 months",
        numerator="children who exited to permanency by the period's last day, before their "
        "18th birthday",
        rules=(
            "In care on the first day: removal_date <= period_start and (no exit_date or "
            "period_start < exit_date).",
            "removal_date + 12 months <= period_start < removal_date + 24 months.",
            "Numerator: a permanency exit with exit_date <= period_end, before the 18th birthday.",
        ),
        edge_cases=("An episode exactly 12 months old on the first day belongs to this cohort.",),
        uses_permanency_profile=True,
        parameters={"min_months_in_care": 12, "max_months_in_care": 24},
    ),
    Measure(
        id="permanency_12m_24plus",
        code="P3",
        name="Permanency in 12 months for children in care 24 months or more",
        description="Of children in care on the period's first day who had been in care 24 "
        "months or more, what percent exited to permanency during the period?",
        unit="percent",
        multiplier=100,
        direction="higher",
        benchmark=37.3,
        benchmark_kind="national performance",
        period_type=PeriodType.TWELVE_MONTHS,
        tables=("episodes",),
        strata=STRATUM_DIMENSIONS,
        reference_date="the period's first day",
        county_of="the episode's county",
        denominator="children in care on the period's first day, under 18 that day, whose "
        "episode had lasted at least 24 months",
        numerator="children who exited to permanency by the period's last day, before their "
        "18th birthday",
        rules=(
            "In care on the first day: removal_date <= period_start and (no exit_date or "
            "period_start < exit_date).",
            "removal_date + 24 months <= period_start.",
            "Numerator: a permanency exit with exit_date <= period_end, before the 18th birthday; "
            "a youth who exits on or after the 18th birthday counts as still in care.",
        ),
        edge_cases=(
            "An episode exactly 24 months old on the first day belongs to this cohort.",
            "Guardianship on the 18th birthday is not permanency.",
        ),
        uses_permanency_profile=True,
        parameters={"min_months_in_care": 24, "max_months_in_care": None},
    ),
    Measure(
        id="reentry_12m",
        code="P4",
        name="Re-entry to foster care in 12 months",
        description="Of children who exited foster care in the period to reunification, a "
        "relative or guardianship, what percent re-entered within 12 months?",
        unit="percent",
        multiplier=100,
        direction="lower",
        benchmark=5.6,
        benchmark_kind="national performance",
        period_type=PeriodType.TWELVE_MONTHS,
        tables=("episodes",),
        strata=STRATUM_DIMENSIONS,
        reference_date="the exit date",
        county_of="the county of the episode the child exited",
        denominator="children who exited in the period to a permanency exit other than adoption "
        "(first such exit per child), under 18 at exit, after a stay of at least 8 days",
        numerator="children with a new removal, in any county, within 12 months of that exit",
        rules=(
            "Qualifying exits are filtered first (exit reason, under 18 at exit, stay of at least "
            "8 days); then the child's earliest qualifying exit in the period is used "
            "(ties: smallest episode_id).",
            "Exit reasons: the permanency profile's exits without adoption (federal: "
            "reunification, living_with_relative, guardianship; California: reunification, "
            "guardianship).",
            "A re-entry is another episode of the child with exit_date <= removal_date < "
            "exit_date + 12 months; two re-entries count once.",
            "The follow-up ends 12 months after the period; until then the result is provisional.",
        ),
        edge_cases=(
            "A re-entry 13 months after reunification is not counted.",
            "An adoption exit followed by re-entry is not in the cohort.",
        ),
        uses_permanency_profile=True,
        follow_up_months=12,
        parameters={"excluded_exit_reasons": ("adoption",)},
    ),
    Measure(
        id="placement_stability",
        code="P5",
        name="Placement stability",
        description="For children who entered foster care in the period, how many placement "
        "moves were there per 1,000 days in care?",
        unit="moves per 1,000 days in care",
        multiplier=1_000,
        direction="lower",
        benchmark=4.48,
        benchmark_kind="national performance",
        period_type=PeriodType.TWELVE_MONTHS,
        tables=("episodes",),
        strata=STRATUM_DIMENSIONS,
        reference_date="the removal date of the child's first entry in the period",
        county_of="the episode's county",
        denominator="days in care, from entry through the period's end or exit, of children "
        "entering in the period (first entry per child), under 18 at entry, stays of at least "
        "8 days",
        numerator="placement moves in the period",
        rules=(
            "The cohort is P1's: the first entry per child in the period, excluding stays of "
            "fewer than 8 days and children 18 or older at entry.",
            "Days = min(exit_date, period_end + 1 day) - removal_date.",
            "Placements are the episode's placements whose setting is neither trial_home_visit "
            "nor runaway, ordered by start_date then placement_id; moves are those after the "
            "first whose start_date <= period_end.",
        ),
        edge_cases=(
            "A trial home visit or a runaway spell is not a move.",
            "A placement nested inside another is counted as a move (the rule above decides; "
            "CCWIP's placement-day files drop nested placements).",
        ),
        parameters={"not_placement_settings": NOT_PLACEMENT_SETTINGS},
    ),
    Measure(
        id="timely_response_immediate",
        code="2B",
        name="Timely response to immediate referrals",
        description="Of referrals needing an immediate response, what percent had a first "
        "contact within 24 hours?",
        unit="percent",
        multiplier=100,
        direction="higher",
        benchmark=None,
        benchmark_kind=None,
        period_type=PeriodType.QUARTER,
        tables=("referrals",),
        strata=(),
        reference_date="the referral's received date",
        county_of="the referral's county",
        denominator="referrals received in the quarter with response type immediate",
        numerator="referrals with a first contact within 24 hours of receipt",
        rules=(
            "A referral belongs to the quarter of its received_at date.",
            "Within 24 hours: first_contact_at - received_at <= 24 hours; no first contact is "
            "not timely.",
            "Referrals carry no child, so this measure has no strata.",
        ),
        parameters={"response_types": ("immediate",), "within_hours": 24},
    ),
    Measure(
        id="timely_response_10day",
        code="2B",
        name="Timely response to 10-day referrals",
        description="Of referrals needing a 3-, 5- or 10-day response, what percent had a first "
        "contact within 10 days?",
        unit="percent",
        multiplier=100,
        direction="higher",
        benchmark=None,
        benchmark_kind=None,
        period_type=PeriodType.QUARTER,
        tables=("referrals",),
        strata=(),
        reference_date="the referral's received date",
        county_of="the referral's county",
        denominator="referrals received in the quarter with response type 3_day, 5_day or 10_day",
        numerator="referrals with a first contact within 10 days (240 hours) of receipt",
        rules=(
            "A referral belongs to the quarter of its received_at date.",
            "Within 10 days: first_contact_at - received_at <= 240 hours; no first contact is "
            "not timely.",
            "Referrals carry no child, so this measure has no strata.",
        ),
        parameters={"response_types": ("3_day", "5_day", "10_day"), "within_hours": 240},
    ),
    Measure(
        id="caseworker_visits",
        code="2F",
        name="Timely monthly caseworker visits",
        description="Of the months children spent entirely in foster care, in what percent did "
        "a caseworker visit the child in person?",
        unit="percent",
        multiplier=100,
        direction="higher",
        benchmark=95.0,
        benchmark_kind="federal standard",
        period_type=PeriodType.CHILD_MONTHS,
        tables=("episodes", "visits"),
        strata=STRATUM_DIMENSIONS,
        reference_date="the first day of each child-month",
        county_of="the episode's county",
        denominator="child-months: children in care every day of a calendar month, summed over "
        "the months of the period",
        numerator="child-months with a completed in-person visit",
        rules=(
            "A child-month counts when the child is in care on every day of the calendar month "
            "(removal_date <= first day and last day < exit_date, or still in care).",
            "No age limit; children 18 or older fall in age group 18+.",
            "A visit counts when it is completed and in person and its visit_date is in the month.",
        ),
        parameters={"visit_condition": "completed_in_person"},
    ),
    Measure(
        id="visits_in_residence",
        code="2F",
        name="Caseworker visits in the residence",
        description="Of the months with a caseworker visit, in what percent was a visit in the "
        "child's placement?",
        unit="percent",
        multiplier=100,
        direction="higher",
        benchmark=50.0,
        benchmark_kind="federal standard",
        period_type=PeriodType.CHILD_MONTHS,
        tables=("episodes", "visits"),
        strata=STRATUM_DIMENSIONS,
        reference_date="the first day of each child-month",
        county_of="the episode's county",
        denominator="child-months with a completed in-person visit (the numerator of "
        "caseworker_visits)",
        numerator="of those, child-months with such a visit in the placement",
        rules=(
            "Child-months as in caseworker_visits.",
            "Numerator: at least one completed in-person visit in the month was in the placement.",
        ),
        parameters={"visit_condition": "completed_in_person_in_placement"},
    ),
    Measure(
        id="entry_rate",
        code="context",
        name="Foster care entry rate",
        description="How many children entered foster care in the period per 1,000 children "
        "in the population?",
        unit="per 1,000 children",
        multiplier=1_000,
        direction=None,
        benchmark=None,
        benchmark_kind=None,
        period_type=PeriodType.TWELVE_MONTHS,
        tables=("episodes",),
        strata=(),
        reference_date="-",
        county_of="the episode's county",
        denominator="child population (0-17) of the county, or of California, for the calendar "
        "year the period ends in",
        numerator="distinct children with a removal_date in the period",
        rules=(
            "Population strata are not in the input, so rates have no strata.",
            "California's population is the sum of the counties' rows for the year.",
        ),
    ),
    Measure(
        id="in_care_rate",
        code="context",
        name="Children in foster care rate",
        description="How many children were in foster care on the period's last day per 1,000 "
        "children in the population?",
        unit="per 1,000 children",
        multiplier=1_000,
        direction=None,
        benchmark=None,
        benchmark_kind=None,
        period_type=PeriodType.TWELVE_MONTHS,
        tables=("episodes",),
        strata=(),
        reference_date="-",
        county_of="the episode's county",
        denominator="child population of the county, or of California, for the calendar year "
        "the period ends in",
        numerator="distinct children in care on the period's last day",
        rules=(
            "In care on day d: removal_date <= d and (no exit_date or d < exit_date).",
            "Population strata are not in the input, so rates have no strata.",
        ),
    ),
    Measure(
        id="substantiation_rate",
        code="context",
        name="Substantiation rate",
        description="How many children were victims of substantiated or indicated maltreatment "
        "in the period per 1,000 children in the population?",
        unit="per 1,000 children",
        multiplier=1_000,
        direction=None,
        benchmark=None,
        benchmark_kind=None,
        period_type=PeriodType.TWELVE_MONTHS,
        tables=("reports",),
        strata=(),
        reference_date="-",
        county_of="the report's county",
        denominator="child population of the county, or of California, for the calendar year "
        "the period ends in",
        numerator="distinct children with a substantiated or indicated report dated in the period",
        rules=("Population strata are not in the input, so rates have no strata.",),
    ),
)

MEASURES = {measure.id: measure for measure in CATALOG}

# Cells that publish the same number: suppression masks them together.
SAME_COUNT = ((("caseworker_visits", "numerator"), ("visits_in_residence", "denominator")),)


def measure_by_id(measure_id):
    """The declared measure, or a KeyError naming the known ids."""
    try:
        return MEASURES[measure_id]
    except KeyError:
        raise KeyError(f"unknown measure {measure_id!r}; known: {', '.join(MEASURES)}") from None


def permanency_exits(profile=DEFAULT_PROFILE):
    """Exit reasons that count as permanency under a permanency profile."""
    try:
        return PERMANENCY_EXITS[profile]
    except KeyError:
        raise KeyError(f"unknown permanency profile {profile!r}") from None


def age_group_of(age):
    """The label of the age group a completed age falls in."""
    label = AGE_GROUPS[0][1]
    for lowest, name in AGE_GROUPS:
        if age >= lowest:
            label = name
    return label
