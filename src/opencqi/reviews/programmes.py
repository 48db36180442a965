"""The peer review programmes and their rule values, read from `data/programmes/*.toml`.

One review engine serves the child welfare Peer Review (PQCR) and the Cal-OAR Peer Review; what
differs between them (labels, co-chairs, team backgrounds, cases per team per day, team size,
focus-group size, the 45-day agreement, the planning checklist...) is data in those files, so
the state changes a rule by editing a file, not code. A file with a missing, unknown or
ill-typed value is refused with a message naming the file and the key.

Plain Python: no Django.
"""

import dataclasses
import datetime
import tomllib
import typing
from dataclasses import dataclass
from functools import cache
from importlib import resources

from opencqi.measures.catalog import MEASURES
from opencqi.measures.periods import add_months

PROGRAMME_FILES = ("child_welfare", "calworks")


class ProgrammeError(ValueError):
    """A programme file breaks a rule; the message names the file and the key."""


@dataclass(frozen=True)
class SamplingRules:
    cases_per_team_per_day: int
    min_cases_per_team_per_day: int
    min_days_in_service: int
    backup_share: float
    min_backups_per_stratum: int


@dataclass(frozen=True)
class TeamRules:
    min_size: int
    max_size: int
    min_peer_members: int


@dataclass(frozen=True)
class ScheduleRules:
    interview_days_min: int
    interview_days_max: int
    day_start: str
    training_hours: float
    interview_minutes: int
    debrief_minutes: int
    arrive_early_minutes: int
    lunch_after_interview: int
    lunch_minutes: int
    daily_debrief_minutes: int
    final_debrief_hours: float
    focus_group_min_participants: int
    focus_group_max_participants: int
    focus_group_minutes: int
    tool_lead_days: int

    @property
    def start_time(self) -> datetime.time:
        return datetime.time.fromisoformat(self.day_start)


@dataclass(frozen=True)
class FocusAreaRules:
    min_denominator: int
    trend_periods: int
    trend_threshold_percent: float


@dataclass(frozen=True)
class PeerCountyRules:
    performance_weight: float
    proximity_weight: float
    similarity_weight: float
    distance_scale_km: float


@dataclass(frozen=True)
class Choice:
    key: str
    label: str


@dataclass(frozen=True)
class CoChairSeat:
    seat: str
    label: str


@dataclass(frozen=True)
class TaskTemplate:
    """A planning-checklist task; its due date is counted from the event's first or last day."""

    stage: int
    title: str
    before_start: int | None = None
    after_end: int | None = None
    after_end_months: int | None = None

    def due_date(self, event_start: datetime.date, event_end: datetime.date) -> datetime.date:
        if self.before_start is not None:
            return event_start - datetime.timedelta(days=self.before_start)
        if self.after_end is not None:
            return event_end + datetime.timedelta(days=self.after_end)
        return add_months(event_end, self.after_end_months)


@dataclass(frozen=True)
class Programme:
    id: str
    label: str
    short_label: str
    host_agencies: tuple[str, ...]
    stages: tuple[str, ...]
    focus_measures: tuple[str, ...]
    confidentiality_statement: str
    co_chairs: tuple[CoChairSeat, ...]
    agreement_days_before_event: int
    agreement_items: tuple[Choice, ...]
    backgrounds: tuple[Choice, ...]
    sampling: SamplingRules
    teams: TeamRules
    schedule: ScheduleRules
    focus_areas: FocusAreaRules
    peer_counties: PeerCountyRules
    tasks: tuple[TaskTemplate, ...]

    def background_label(self, key: str) -> str:
        return next((b.label for b in self.backgrounds if b.key == key), key)


@cache
def all_programmes() -> dict[str, Programme]:
    """Every shipped programme by id, each checked."""
    folder = resources.files("opencqi.reviews") / "data" / "programmes"
    programmes = {}
    for name in PROGRAMME_FILES:
        text = (folder / f"{name}.toml").read_text(encoding="utf-8")
        programmes[name] = programme_from_dict(name, tomllib.loads(text))
    return programmes


def programme(programme_id: str) -> Programme:
    try:
        return all_programmes()[programme_id]
    except KeyError:
        known = ", ".join(all_programmes())
        raise ProgrammeError(f"unknown programme {programme_id!r}; known: {known}") from None


def programme_choices() -> list[tuple[str, str]]:
    return [(p.id, p.label) for p in all_programmes().values()]


def programme_from_dict(name: str, data: dict) -> Programme:
    """A Programme from a parsed file; raises ProgrammeError naming the file and the key."""
    where = f"{name}.toml"
    agreement = _section(data, "agreement", where)
    unknown = set(agreement) - {"days_before_event", "items"}
    if unknown:
        raise ProgrammeError(f"{where}: unknown key agreement.{sorted(unknown)[0]}")
    plain = {
        key: _value(data, key, where)
        for key in ("label", "short_label", "confidentiality_statement")
    }
    known = {
        *plain,
        "host_agencies",
        "stages",
        "focus_measures",
        "co_chairs",
        "agreement",
        "backgrounds",
        "sampling",
        "teams",
        "schedule",
        "focus_areas",
        "peer_counties",
        "tasks",
    }
    if unknown := set(data) - known:
        raise ProgrammeError(f"{where}: unknown key {sorted(unknown)[0]}")
    focus_measures = tuple(_value(data, "focus_measures", where))
    for measure_id in focus_measures:
        if measure_id not in MEASURES:
            raise ProgrammeError(f"{where}: focus_measures names unknown measure {measure_id!r}")
    tasks = tuple(_build(TaskTemplate, t, f"{where} tasks") for t in _value(data, "tasks", where))
    stages = tuple(_value(data, "stages", where))
    for task in tasks:
        offsets = [task.before_start, task.after_end, task.after_end_months]
        if sum(o is not None for o in offsets) != 1:
            raise ProgrammeError(
                f"{where}: task {task.title!r} needs exactly one of before_start, after_end, "
                "after_end_months"
            )
        if not 1 <= task.stage <= len(stages):
            raise ProgrammeError(f"{where}: task {task.title!r} has no stage {task.stage}")
    return Programme(
        id=name,
        host_agencies=tuple(_value(data, "host_agencies", where)),
        stages=stages,
        focus_measures=focus_measures,
        co_chairs=tuple(_build(CoChairSeat, c, f"{where} co_chairs") for c in data["co_chairs"]),
        agreement_days_before_event=_value(agreement, "days_before_event", f"{where} agreement"),
        agreement_items=tuple(
            _build(Choice, item, f"{where} agreement.items")
            for item in _value(agreement, "items", f"{where} agreement")
        ),
        backgrounds=tuple(
            _build(Choice, b, f"{where} backgrounds") for b in _value(data, "backgrounds", where)
        ),
        sampling=_build(SamplingRules, _section(data, "sampling", where), f"{where} sampling"),
        teams=_build(TeamRules, _section(data, "teams", where), f"{where} teams"),
        schedule=_build(ScheduleRules, _section(data, "schedule", where), f"{where} schedule"),
        focus_areas=_build(
            FocusAreaRules, _section(data, "focus_areas", where), f"{where} focus_areas"
        ),
        peer_counties=_build(
            PeerCountyRules, _section(data, "peer_counties", where), f"{where} peer_counties"
        ),
        tasks=tasks,
        **plain,
    )


def _value(data: dict, key: str, where: str):
    if key not in data:
        raise ProgrammeError(f"{where}: missing key {key}")
    return data[key]


def _section(data: dict, key: str, where: str) -> dict:
    value = _value(data, key, where)
    if not isinstance(value, dict):
        raise ProgrammeError(f"{where}: {key} must be a table")
    return value


def _build(cls, values: dict, where: str):
    """An instance of dataclass `cls` from `values`, every key known and of the declared type."""
    fields = {f.name: f for f in dataclasses.fields(cls)}
    if unknown := set(values) - set(fields):
        raise ProgrammeError(f"{where}: unknown key {sorted(unknown)[0]}")
    for name, field in fields.items():
        if name not in values:
            if field.default is dataclasses.MISSING:
                raise ProgrammeError(f"{where}: missing key {name}")
            continue
        if not _has_type(values[name], field.type):
            raise ProgrammeError(f"{where}: {name} must be {field.type}, not {values[name]!r}")
    return cls(**values)


def _has_type(value, annotation) -> bool:
    options = [o for o in (typing.get_args(annotation) or (annotation,)) if o is not type(None)]
    if isinstance(value, bool):
        return bool in options
    if float in options:
        options.append(int)
    return isinstance(value, tuple(options))
