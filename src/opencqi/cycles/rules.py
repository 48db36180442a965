"""Cycle templates as data, and the schedule of due dates a template gives for given anchors.

A template is a list of steps. Each step is either an anchor (a date the county or the state
supplies, such as the last day of a peer review event) or a rule naming the step it is computed
from: an offset (`years`, `months`, `days`, `working_days`, signed) or the next calendar date
(`next = {month = 9, day = 30}`). A step may recur (`every`, with `count` or `until`), and a
draft may carry `feedback_working_days`, which adds the step "state feedback due".

Templates come from the TOML files in `templates/` or from a plain dict of the same shape (the
app stores edited templates in its database); both go through `template_from_dict`, which
reports every problem at once. `compute_schedule` turns a template and its anchor dates into
dated steps, each saying how it was derived ("csa_final + 4 months").

Plain Python: no Django.
"""

import datetime
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources

from opencqi.cycles import dates

KINDS = (
    "review",  # the peer review event
    "report",  # the peer review report
    "csa",  # county self-assessment
    "sip",  # system improvement plan
    "update",  # SIP updates and progress reports
    "meeting",  # consultations with the state
    "annual_report",  # CAPIT/CBCAP/PSSF annual report
    "measures",  # release and county review of performance measures
    "period",  # start and end of a plan period or cycle
)
# Steps of these kinds are documents the county submits (a draft or a final); the others are
# events (a review, a meeting, a release of measures, a period boundary).
DELIVERABLE_KINDS = frozenset({"report", "csa", "sip", "update", "annual_report"})
OFFSET_UNITS = ("years", "months", "days", "working_days")
RECURRENCE_UNITS = ("years", "months", "days")
STEP_KEYS = frozenset(
    {
        "id",
        "label",
        "kind",
        "anchor",
        "from",
        "next",
        "every",
        "count",
        "until",
        "feedback_working_days",
        "feedback_step",
        "board_approval",
        *OFFSET_UNITS,
    }
)
TEMPLATE_KEYS = frozenset({"name", "title", "description", "steps"})
STEP_ID = re.compile(r"^[a-z][a-z0-9_]*$")
MAX_OCCURRENCES = 500
TEMPLATES_PACKAGE = "opencqi.cycles"
TEMPLATES_FOLDER = "templates"


class TemplateError(ValueError):
    """A template that cannot be used; `problems` lists every reason, each naming its step."""

    def __init__(self, template: str, problems: list[str]):
        self.template = template
        self.problems = problems
        super().__init__(f"template {template}: " + "; ".join(problems))


class UnknownTemplateError(LookupError):
    def __init__(self, name: str, known: tuple[str, ...]):
        self.name = name
        self.known = known
        super().__init__(f"unknown template {name!r}; templates: {', '.join(known)}")


class AnchorError(ValueError):
    """Anchor dates that do not fit the template: missing, unknown or not an anchor step."""


class ScheduleError(ValueError):
    """A date that cannot be computed (out of range, or a recurrence that does not end)."""


@dataclass(frozen=True)
class Offset:
    """A signed distance; applied as years and months first, then days, then working days."""

    years: int = 0
    months: int = 0
    days: int = 0
    working_days: int = 0

    def apply(self, day: datetime.date) -> datetime.date:
        if self.years or self.months:
            day = dates.add_months(day, 12 * self.years + self.months)
        if self.days:
            day = dates.add_days(day, self.days)
        if self.working_days:
            day = dates.add_working_days(day, self.working_days)
        return day

    def plus(self, other: "Offset") -> "Offset":
        return Offset(
            years=self.years + other.years,
            months=self.months + other.months,
            days=self.days + other.days,
            working_days=self.working_days + other.working_days,
        )

    def times(self, factor: int) -> "Offset":
        return Offset(
            years=self.years * factor,
            months=self.months * factor,
            days=self.days * factor,
            working_days=self.working_days * factor,
        )

    def is_forward(self) -> bool:
        """True when no part of the offset goes back in time."""
        return all(getattr(self, unit) >= 0 for unit in OFFSET_UNITS)

    def describe(self) -> str:
        """' + 3 years - 1 day': the offset as it reads after a step id."""
        parts = []
        for unit in OFFSET_UNITS:
            amount = getattr(self, unit)
            if amount:
                name = unit.replace("_", " ")
                if abs(amount) == 1:
                    name = name[:-1]
                parts.append(f" {'+' if amount > 0 else '-'} {abs(amount)} {name}")
        return "".join(parts) or " + 0 days"


@dataclass(frozen=True)
class MonthDay:
    month: int
    day: int

    def describe(self) -> str:
        return f"{self.month:02d}-{self.day:02d}"


@dataclass(frozen=True)
class Recurrence:
    """Occurrences k = 1, 2, ... while k <= count and the date is on or before until.

    Occurrence k is computed from the step named in `from`, moved on by (k - 1) x every: with
    an offset, the step's offset plus (k - 1) x every ("review_last_day + 9 months" for the
    third quarterly consultation), so month ends do not drift from one occurrence to the next.
    """

    every: Offset
    count: int | None = None
    until: str | None = None


@dataclass(frozen=True)
class Step:
    id: str
    label: str
    kind: str
    anchor: bool = False
    source: str | None = None
    offset: Offset | None = None
    next_date: MonthDay | None = None
    recurrence: Recurrence | None = None
    feedback_working_days: int | None = None
    feedback_of: str | None = None
    board_approval: bool = False

    @property
    def is_deliverable(self) -> bool:
        """A document the county submits (not an event, nor the state's feedback deadline)."""
        return self.kind in DELIVERABLE_KINDS and self.feedback_of is None

    def date_from(self, source_date: datetime.date, shift: Offset = Offset()) -> datetime.date:
        """This step's date computed from its source's date, moved on by `shift` if recurring."""
        if self.next_date is not None:
            start = shift.apply(source_date)
            return dates.next_month_day(start, self.next_date.month, self.next_date.day)
        return self.offset.plus(shift).apply(source_date)

    def derivation(self, source_key: str, shift: Offset = Offset()) -> str:
        """How `date_from` got its date, e.g. "csa_final + 4 months"."""
        if self.next_date is not None:
            moved = shift.describe() if shift != Offset() else ""
            return f"first {self.next_date.describe()} on or after {source_key}{moved}"
        return f"{source_key}{self.offset.plus(shift).describe()}"


@dataclass(frozen=True)
class Template:
    name: str
    title: str
    steps: tuple[Step, ...]
    description: str = ""
    evaluation_order: tuple[str, ...] = ()

    def step(self, step_id: str) -> Step:
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)

    @property
    def step_ids(self) -> tuple[str, ...]:
        return tuple(step.id for step in self.steps)

    @property
    def anchors(self) -> tuple[str, ...]:
        return tuple(step.id for step in self.steps if step.anchor)


@dataclass(frozen=True)
class DueDate:
    step: str  # the step id, with "#k" for the kth occurrence of a recurring step
    step_id: str
    occurrence: int | None
    label: str
    kind: str
    date: datetime.date
    derivation: str
    derived_from: str | None  # the `step` this date was computed from; None for anchors


# --- loading -------------------------------------------------------------------------------


def template_names() -> tuple[str, ...]:
    folder = resources.files(TEMPLATES_PACKAGE) / TEMPLATES_FOLDER
    return tuple(
        sorted(
            entry.name.removesuffix(".toml")
            for entry in folder.iterdir()
            if entry.name.endswith(".toml")
        )
    )


def load_template(name: str) -> Template:
    """The shipped template called `name` (e.g. "ccfsr-2009")."""
    known = template_names()
    if name not in known:
        raise UnknownTemplateError(name, known)
    path = resources.files(TEMPLATES_PACKAGE) / TEMPLATES_FOLDER / f"{name}.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise TemplateError(name, [f"{name}.toml is not valid TOML: {error}"]) from error
    return template_from_dict(data, name=name)


def template_from_dict(data: Mapping, name: str | None = None) -> Template:
    """Validate plain template data (as read from TOML, JSON or a database) into a Template."""
    name = name or (data.get("name") if isinstance(data, Mapping) else None) or "(unnamed)"
    if not isinstance(data, Mapping):
        raise TemplateError(name, ["a template must be a table with a list of steps"])
    problems = [f"unknown key {key!r}" for key in data if key not in TEMPLATE_KEYS]
    raw_steps = data.get("steps")
    if not isinstance(raw_steps, list | tuple) or not raw_steps:
        raise TemplateError(name, [*problems, "a template needs a non-empty list of steps"])

    steps: list[Step] = []
    for position, raw in enumerate(raw_steps, start=1):
        steps.extend(_parse_step(raw, position, problems))
    if problems:
        raise TemplateError(name, problems)

    _check_references(steps, problems)
    if problems:
        raise TemplateError(name, problems)
    order = _evaluation_order(steps, problems)
    if problems:
        raise TemplateError(name, problems)
    _check_recurrences(steps, order, problems)
    if problems:
        raise TemplateError(name, problems)

    return Template(
        name=name,
        title=str(data.get("title", name)),
        description=str(data.get("description", "")),
        steps=tuple(steps),
        evaluation_order=tuple(order),
    )


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _parse_step(raw, position: int, problems: list[str]) -> list[Step]:
    """The step (and its generated feedback step), appending any problem to `problems`."""
    if not isinstance(raw, Mapping):
        problems.append(f"step {position} is not a table")
        return []
    step_id = raw.get("id")
    if not isinstance(step_id, str) or not STEP_ID.match(step_id):
        problems.append(
            f"step {position}: id {step_id!r} must be lower-case letters, digits and underscores"
        )
        return []
    before = len(problems)

    def problem(text: str) -> None:
        problems.append(f"step {step_id}: {text}")

    for key in raw:
        if key not in STEP_KEYS:
            problem(f"unknown key {key!r} (keys: {', '.join(sorted(STEP_KEYS))})")
    label = raw.get("label")
    if not isinstance(label, str) or not label.strip():
        problem("needs a label")
    kind = raw.get("kind")
    if kind not in KINDS:
        problem(f"kind {kind!r} is not one of {', '.join(KINDS)}")

    anchor = raw.get("anchor", False)
    if not isinstance(anchor, bool):
        problem("anchor must be true or false")
    rule_keys = [
        key for key in ("from", "next", "every", "count", "until", *OFFSET_UNITS) if key in raw
    ]
    source = offset = next_date = recurrence = None
    if anchor:
        if rule_keys:
            problem(f"an anchor takes no rule, but has {', '.join(rule_keys)}")
    else:
        source = raw.get("from")
        if not isinstance(source, str):
            problem('needs either anchor = true or from = "<step>" with an offset or next')
        offset = _parse_offset(raw, OFFSET_UNITS, problem, "offset")
        if "next" in raw:
            next_date = _parse_month_day(raw["next"], problem)
            if offset is not None:
                problem("takes either an offset or next, not both")
        elif offset is None and not any(unit in raw for unit in OFFSET_UNITS):
            problem(f"needs an offset ({', '.join(OFFSET_UNITS)}) or next = {{month, day}}")
        recurrence = _parse_recurrence(raw, problem)

    feedback_working_days = raw.get("feedback_working_days")
    feedback_step_id = raw.get("feedback_step", f"{step_id}_feedback")
    if feedback_working_days is not None and (
        not _is_int(feedback_working_days) or feedback_working_days < 1
    ):
        problem("feedback_working_days must be a whole number of at least 1")
    if "feedback_step" in raw and feedback_working_days is None:
        problem("feedback_step needs feedback_working_days")
    if not isinstance(feedback_step_id, str) or not STEP_ID.match(feedback_step_id):
        problem(f"feedback_step {feedback_step_id!r} must be lower-case letters, digits and _")

    board_approval = raw.get("board_approval", False)
    if not isinstance(board_approval, bool):
        problem("board_approval must be true or false")
    elif board_approval and kind not in DELIVERABLE_KINDS:
        problem(f"board_approval needs a deliverable kind ({', '.join(sorted(DELIVERABLE_KINDS))})")

    if len(problems) > before:
        return []
    step = Step(
        id=step_id,
        label=label.strip(),
        kind=kind,
        anchor=anchor,
        source=source,
        offset=offset,
        next_date=next_date,
        recurrence=recurrence,
        feedback_working_days=feedback_working_days,
        board_approval=board_approval,
    )
    if feedback_working_days is None:
        return [step]
    feedback = Step(
        id=feedback_step_id,
        label=f"State feedback due: {step.label}",
        kind=kind,
        source=step_id,
        offset=Offset(working_days=feedback_working_days),
        feedback_of=step_id,
    )
    return [step, feedback]


def _parse_offset(raw: Mapping, units: tuple[str, ...], problem, what: str) -> Offset | None:
    given = {unit: raw[unit] for unit in units if unit in raw}
    if not given:
        return None
    bad = [unit for unit, amount in given.items() if not _is_int(amount)]
    if bad:
        problem(f"{what} {', '.join(bad)} must be whole numbers")
        return None
    if "working_days" in given and len(given) > 1:
        problem(f"{what}: working_days cannot be combined with other units")
        return None
    if not any(given.values()):
        problem(f"{what} is zero")
        return None
    return Offset(**given)


def _parse_month_day(raw, problem) -> MonthDay | None:
    if not isinstance(raw, Mapping) or set(raw) != {"month", "day"}:
        problem("next must be a table {month = M, day = D}")
        return None
    month, day = raw["month"], raw["day"]
    if not (_is_int(month) and _is_int(day)):
        problem("next month and day must be whole numbers")
        return None
    try:
        datetime.date(2001, month, day)  # a non-leap year: 29 February is refused
    except ValueError:
        problem(f"next {month}-{day} is not a date that exists every year")
        return None
    return MonthDay(month, day)


def _parse_recurrence(raw: Mapping, problem) -> Recurrence | None:
    if "every" not in raw:
        for key in ("count", "until"):
            if key in raw:
                problem(f"{key} needs every")
        return None
    every_raw = raw["every"]
    if not isinstance(every_raw, Mapping) or not every_raw:
        problem(f"every must be a table such as {{months = 3}} ({', '.join(RECURRENCE_UNITS)})")
        return None
    unknown = [unit for unit in every_raw if unit not in RECURRENCE_UNITS]
    if unknown:
        problem(f"every: unknown unit {', '.join(unknown)} (units: {', '.join(RECURRENCE_UNITS)})")
        return None
    every = _parse_offset(every_raw, RECURRENCE_UNITS, problem, "every")
    if every is None:
        return None
    if not every.is_forward():
        problem("every must go forward in time")
        return None
    count, until = raw.get("count"), raw.get("until")
    if count is None and until is None:
        problem("a recurring step needs count or until")
        return None
    if count is not None and (not _is_int(count) or count < 1):
        problem("count must be a whole number of at least 1")
        return None
    if until is not None and not isinstance(until, str):
        problem("until must name a step")
        return None
    return Recurrence(every=every, count=count, until=until)


def _dependencies(step: Step) -> list[str]:
    names = [step.source] if step.source else []
    if step.recurrence and step.recurrence.until:
        names.append(step.recurrence.until)
    return names


def _check_references(steps: list[Step], problems: list[str]) -> None:
    seen: dict[str, Step] = {}
    for step in steps:
        if step.id in seen:
            feedback_of = step.feedback_of or seen[step.id].feedback_of
            origin = f" (also the feedback step of {feedback_of})" if feedback_of else ""
            problems.append(f"step {step.id}: id used twice{origin}")
        seen.setdefault(step.id, step)
    if not any(step.anchor for step in steps):
        problems.append("a template needs at least one anchor step (anchor = true)")
    for step in steps:
        if step.source and step.source not in seen:
            problems.append(f"step {step.id}: from {step.source!r} is not a step of this template")
        until = step.recurrence.until if step.recurrence else None
        if until and until not in seen:
            problems.append(f"step {step.id}: until {until!r} is not a step of this template")


def _evaluation_order(steps: list[Step], problems: list[str]) -> list[str]:
    """Steps ordered so that each comes after the steps it depends on; reports any cycle."""
    by_id = {step.id: step for step in steps}
    order: list[str] = []
    state: dict[str, str] = {}  # "visiting" or "done"

    def visit(step_id: str, path: list[str]) -> bool:
        if state.get(step_id) == "done":
            return True
        if state.get(step_id) == "visiting":
            loop = path[path.index(step_id) :] + [step_id]
            problems.append("steps depend on each other in a cycle: " + " -> ".join(loop))
            return False
        state[step_id] = "visiting"
        for dependency in _dependencies(by_id[step_id]):
            if not visit(dependency, [*path, step_id]):
                return False
        state[step_id] = "done"
        order.append(step_id)
        return True

    for step in steps:
        if not visit(step.id, []):
            break
    return order


def _check_recurrences(steps: list[Step], order: list[str], problems: list[str]) -> None:
    by_id = {step.id: step for step in steps}
    repeated: dict[str, bool] = {}
    for step_id in order:
        step = by_id[step_id]
        source_repeats = bool(step.source and repeated[step.source])
        if step.recurrence and source_repeats:
            problems.append(
                f"step {step_id}: cannot recur, it is already computed once per occurrence "
                f"of {step.source}"
            )
        until = step.recurrence.until if step.recurrence else None
        if until and repeated[until]:
            problems.append(f"step {step_id}: until {until!r} must be a step with a single date")
        repeated[step_id] = bool(step.recurrence) or source_repeats


# --- computing -----------------------------------------------------------------------------


def compute_schedule(template: Template, anchors: Mapping[str, datetime.date]) -> list[DueDate]:
    """Every due date of `template` given its anchor dates, in date order.

    Each step is computed from the step it names, so month clamping carries through a chain.
    A step computed from a recurring step is computed once per occurrence, numbered alike.
    """
    _check_anchors(template, anchors)
    by_id = {step.id: step for step in template.steps}
    computed: dict[str, list[DueDate]] = {}
    for step_id in template.evaluation_order:
        step = by_id[step_id]
        try:
            computed[step_id] = _due_dates_for(step, anchors, computed)
        except (OverflowError, ValueError) as error:
            raise ScheduleError(f"step {step_id}: date out of range ({error})") from error

    position = {step_id: index for index, step_id in enumerate(template.step_ids)}
    schedule = [due for step_id in template.step_ids for due in computed[step_id]]
    schedule.sort(key=lambda due: (due.date, position[due.step_id], due.occurrence or 0))
    return schedule


def check_anchor_steps(template: Template, step_ids) -> None:
    """Raise AnchorError if a step id given an anchor date is unknown or not an anchor."""
    for step_id in step_ids:
        if step_id not in template.step_ids:
            raise AnchorError(f"unknown step {step_id!r}; {_anchor_choices(template)}")
        if step_id not in template.anchors:
            raise AnchorError(
                f"step {step_id!r} is computed, not an anchor; {_anchor_choices(template)}"
            )


def _check_anchors(template: Template, anchors: Mapping[str, datetime.date]) -> None:
    check_anchor_steps(template, anchors)
    missing = [step_id for step_id in template.anchors if step_id not in anchors]
    if missing:
        raise AnchorError(
            f"missing anchor date for {', '.join(missing)}; {_anchor_choices(template)}"
        )


def _anchor_choices(template: Template) -> str:
    return f"anchors of {template.name}: {', '.join(template.anchors)}"


def _due_dates_for(
    step: Step, anchors: Mapping[str, datetime.date], computed: dict[str, list[DueDate]]
) -> list[DueDate]:
    def due(key: str, occurrence: int | None, day: datetime.date, derivation: str, source):
        return DueDate(
            step=key,
            step_id=step.id,
            occurrence=occurrence,
            label=step.label,
            kind=step.kind,
            date=day,
            derivation=derivation,
            derived_from=source,
        )

    if step.anchor:
        return [due(step.id, None, anchors[step.id], "anchor", None)]

    sources = computed[step.source]
    if any(source.occurrence is not None for source in sources):
        return [
            due(
                f"{step.id}#{source.occurrence}",
                source.occurrence,
                step.date_from(source.date),
                step.derivation(source.step),
                source.step,
            )
            for source in sources
        ]

    (source,) = sources
    if step.recurrence is None:
        day = step.date_from(source.date)
        return [due(step.id, None, day, step.derivation(source.step), source.step)]

    recurrence = step.recurrence
    until = computed[recurrence.until][0].date if recurrence.until else None
    occurrences = []
    occurrence = 1
    while recurrence.count is None or occurrence <= recurrence.count:
        shift = recurrence.every.times(occurrence - 1)
        day = step.date_from(source.date, shift)
        if until is not None and day > until:
            break
        if occurrence > MAX_OCCURRENCES:
            raise ScheduleError(
                f"step {step.id} recurs more than {MAX_OCCURRENCES} times before "
                f"{recurrence.until}; check the anchor dates"
            )
        derivation = step.derivation(source.step, shift)
        occurrences.append(due(f"{step.id}#{occurrence}", occurrence, day, derivation, source.step))
        occurrence += 1
    return occurrences
