"""The seven child-welfare input tables, declared once as data.

The importer builds its checks from these declarations, the warehouse its tables, and
`docs/data-format.md` is rendered from them (`render_data_format`), so the rules a county
reads are the rules the importer applies. Section 1 of `shared/domain/measures.md` is the
source; where it leaves a gap the decision is written in the declaration's text.
"""

from dataclasses import dataclass, field

# Kinds of column: how a value is written in a file and stored in the warehouse.
KINDS = {
    "id": ("VARCHAR", "text identifier"),
    "text": ("VARCHAR", "free text"),
    "code": ("VARCHAR", "one of the listed codes, lower case"),
    "county": ("VARCHAR", "county name (any case) or 2-digit code; stored as the official name"),
    "date": ("DATE", "ISO date YYYY-MM-DD"),
    "timestamp": ("TIMESTAMP", "ISO date and time YYYY-MM-DD HH:MM[:SS], California time"),
    "boolean": ("BOOLEAN", "true or false (also 1 or 0), any case"),
    "integer": ("INTEGER", "whole number"),
}


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    required: bool = True
    codes: tuple[str, ...] = ()
    unique: bool = False
    description: str = ""

    @property
    def sql_type(self) -> str:
        return KINDS[self.kind][0]


@dataclass(frozen=True)
class Rule:
    """A rule a row must satisfy, checked after every value has its type.

    `violations` is a DuckDB query over the typed staging tables (named as the tables) that
    returns `_row` and `value` of each row breaking the rule; `as_of()` is the extract date.
    """

    column: str
    text: str
    violations: str


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    rules: tuple[Rule, ...] = ()
    unique_together: tuple[str, ...] = ()
    county_column: str | None = None
    required_in_county_load: bool = True
    notes: tuple[str, ...] = field(default=())

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    def column(self, name: str) -> Column:
        return next(column for column in self.columns if column.name == name)


SEX = ("female", "male", "other", "unknown")
RACE_ETHNICITY = (
    "black",
    "white",
    "latino",
    "asian_pacific_islander",
    "native_american",
    "other",
    "missing",
)
AGENCY = ("child_welfare", "probation")
EXIT_REASONS = (
    "reunification",
    "living_with_relative",
    "adoption",
    "guardianship",
    "emancipation",
    "transfer",
    "runaway",
    "death",
    "other",
)
SETTINGS = (
    "pre_adoptive",
    "relative_foster_home",
    "nonrelative_foster_home",
    "group_home",
    "institution",
    "supervised_independent_living",
    "runaway",
    "trial_home_visit",
)
DISPOSITIONS = ("substantiated", "indicated", "inconclusive", "unfounded")
RESPONSE_TYPES = ("immediate", "3_day", "5_day", "10_day")


def _missing_child(table: str) -> Rule:
    return Rule(
        "child_id",
        "child_id is not in children",
        f"SELECT t._row, t.child_id AS value FROM {table} t ANTI JOIN children c USING (child_id)"
        " WHERE t.child_id IS NOT NULL",
    )


CHILDREN = Table(
    "children",
    "One row per child: every child of episodes, reports and visits must be here (their ages"
    " at each event come from birth_date).",
    (
        Column("child_id", "id", unique=True),
        Column("birth_date", "date"),
        Column("sex", "code", codes=SEX),
        Column("race_ethnicity", "code", codes=RACE_ETHNICITY),
    ),
)

EPISODES = Table(
    "episodes",
    "One row per removal episode (a stay in out-of-home care).",
    (
        Column("episode_id", "id", unique=True),
        Column("child_id", "id"),
        Column("county", "county"),
        Column("removal_date", "date"),
        Column("exit_date", "date", required=False, description="empty while in care"),
        Column("exit_reason", "code", required=False, codes=EXIT_REASONS),
        Column("agency", "code", codes=AGENCY),
        Column(
            "worker_id",
            "id",
            required=False,
            description="the caseworker assigned; peer-review case sampling prefers a "
            "different worker per case",
        ),
    ),
    rules=(
        _missing_child("episodes"),
        Rule(
            "removal_date",
            "removal_date is before the child's birth_date",
            "SELECT e._row, CAST(e.removal_date AS VARCHAR) AS value"
            " FROM episodes e JOIN children c USING (child_id) WHERE e.removal_date < c.birth_date",
        ),
        Rule(
            "exit_date",
            "exit_date is before removal_date",
            "SELECT _row, CAST(exit_date AS VARCHAR) AS value FROM episodes"
            " WHERE exit_date < removal_date",
        ),
        Rule(
            "exit_reason",
            "exit_reason is given without exit_date, or missing with it",
            "SELECT _row, exit_reason AS value FROM episodes"
            " WHERE (exit_reason IS NULL) <> (exit_date IS NULL)",
        ),
        Rule(
            "removal_date",
            "episode starts before an earlier episode of the same child ends",
            # An episode covers removal_date <= d < exit_date, so a re-entry on the exit day is
            # allowed. Comparing with every earlier episode, not only the previous one, also
            # catches an open episode followed by several others.
            "SELECT _row, CAST(removal_date AS VARCHAR) AS value FROM ("
            " SELECT _row, removal_date, max(coalesce(exit_date, DATE '9999-12-31')) OVER ("
            "  PARTITION BY child_id ORDER BY removal_date, episode_id"
            "  ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS earlier_end"
            " FROM episodes WHERE child_id IS NOT NULL AND removal_date IS NOT NULL)"
            " WHERE removal_date < earlier_end",
        ),
    ),
    county_column="county",
)

PLACEMENTS = Table(
    "placements",
    "One row per placement within an episode, including trial home visits and runaway spells.",
    (
        Column("placement_id", "id", unique=True),
        Column("episode_id", "id"),
        Column("start_date", "date"),
        Column("end_date", "date", required=False, description="empty while current"),
        Column("setting", "code", codes=SETTINGS),
    ),
    rules=(
        Rule(
            "episode_id",
            "episode_id is not in episodes",
            "SELECT p._row, p.episode_id AS value FROM placements p ANTI JOIN episodes e"
            " USING (episode_id) WHERE p.episode_id IS NOT NULL",
        ),
        Rule(
            "end_date",
            "end_date is before start_date",
            "SELECT _row, CAST(end_date AS VARCHAR) AS value FROM placements"
            " WHERE end_date < start_date",
        ),
        Rule(
            "start_date",
            "placement starts outside its episode (before removal_date or after exit_date)",
            "SELECT p._row, CAST(p.start_date AS VARCHAR) AS value"
            " FROM placements p JOIN episodes e USING (episode_id)"
            " WHERE p.start_date < e.removal_date OR p.start_date > e.exit_date",
        ),
        Rule(
            "end_date",
            "placement ends after its episode's exit_date",
            "SELECT p._row, CAST(p.end_date AS VARCHAR) AS value"
            " FROM placements p JOIN episodes e USING (episode_id) WHERE p.end_date > e.exit_date",
        ),
    ),
    notes=("A placement with no end_date in a closed episode is taken to end with the episode.",),
)

REPORTS = Table(
    "reports",
    "One row per child per maltreatment allegation report, with its disposition.",
    (
        Column("report_id", "id", unique=True),
        Column("child_id", "id"),
        Column("county", "county"),
        Column("report_date", "date"),
        Column("disposition", "code", codes=DISPOSITIONS),
        Column("incident_date", "date", required=False),
    ),
    rules=(_missing_child("reports"),),
    county_column="county",
)

REFERRALS = Table(
    "referrals",
    "One row per referral that needs an in-person response.",
    (
        Column("referral_id", "id", unique=True),
        Column("county", "county"),
        Column("received_at", "timestamp"),
        Column("response_type", "code", codes=RESPONSE_TYPES),
        Column("first_contact_at", "timestamp", required=False, description="empty: no contact"),
    ),
    rules=(
        Rule(
            "first_contact_at",
            "first_contact_at is before received_at",
            "SELECT _row, CAST(first_contact_at AS VARCHAR) AS value FROM referrals"
            " WHERE first_contact_at < received_at",
        ),
    ),
    county_column="county",
)

VISITS = Table(
    "visits",
    "One row per caseworker visit (made or missed) with a child.",
    (
        Column("child_id", "id"),
        Column("visit_date", "date"),
        Column("in_person", "boolean"),
        Column("in_placement", "boolean"),
        Column("completed", "boolean"),
    ),
    rules=(_missing_child("visits"),),
)

POPULATION = Table(
    "population",
    "Child population (ages 0-17) per county and calendar year, the denominator of rates.",
    (
        Column("county", "county"),
        Column("year", "integer"),
        Column("population", "integer", description="children 0-17"),
    ),
    rules=(
        Rule(
            "population",
            "population is negative",
            "SELECT _row, CAST(population AS VARCHAR) AS value FROM population"
            " WHERE population < 0",
        ),
    ),
    unique_together=("county", "year"),
    county_column="county",
    required_in_county_load=False,
)

TABLES: dict[str, Table] = {
    table.name: table
    for table in (CHILDREN, EPISODES, PLACEMENTS, REPORTS, REFERRALS, VISITS, POPULATION)
}
