"""The review tools as data: case summary tool, interview tool, focus-group tool, debrief tool.

A tool is sections of questions. A question has a key (unique in the tool), its text, a kind
(free text, yes/no/not applicable, a rating scale, single or multiple choice), whether an answer
is required, help text, the choices of a choice question, the scale of a rating, and an optional
show-if: the question is asked only when an earlier question has one of the given answers.

The programme's templates live in `data/instruments/<programme>.toml`; a review copies them and
adapts them before the event. This module checks a tool, decides which questions are asked
given the answers so far, and cleans an answer. Plain Python: no Django.
"""

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

CASE_SUMMARY = "case_summary"
INTERVIEW = "interview"
FOCUS_GROUP = "focus_group"
DEBRIEF = "debrief"
KINDS: tuple[tuple[str, str], ...] = (
    (CASE_SUMMARY, "Case summary tool"),
    (INTERVIEW, "Interview tool"),
    (FOCUS_GROUP, "Focus-group tool"),
    (DEBRIEF, "Debrief tool"),
)
KIND_LABELS = dict(KINDS)

TEXT = "text"
YES_NO_NA = "yes_no_na"
RATING = "rating"
SINGLE = "single"
MULTIPLE = "multiple"
QUESTION_KINDS: tuple[tuple[str, str], ...] = (
    (TEXT, "Free text"),
    (YES_NO_NA, "Yes / no / not applicable"),
    (RATING, "Rating scale"),
    (SINGLE, "Single choice"),
    (MULTIPLE, "Multiple choice"),
)
QUESTION_KIND_LABELS = dict(QUESTION_KINDS)
YES_NO_NA_CHOICES = (("yes", "Yes"), ("no", "No"), ("na", "Not applicable"))
DEFAULT_SCALE = (1, 5)

DATA_DIR = Path(__file__).parent / "data" / "instruments"


class InstrumentError(ValueError):
    """A tool definition breaks a rule; the message names the tool, question and rule."""


class AnswerError(ValueError):
    """An answer does not fit its question; the message says what is expected."""


@dataclass(frozen=True)
class ShowIf:
    question: str
    answers: tuple[str, ...]


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    kind: str = TEXT
    required: bool = False
    help: str = ""
    choices: tuple[str, ...] = ()
    scale: tuple[int, int] = DEFAULT_SCALE
    show_if: ShowIf | None = None

    @property
    def kind_label(self) -> str:
        return QUESTION_KIND_LABELS[self.kind]

    @property
    def options(self) -> list[tuple[str, str]]:
        """(value, label) of the answers a closed question offers."""
        if self.kind == YES_NO_NA:
            return list(YES_NO_NA_CHOICES)
        if self.kind == RATING:
            return [(str(n), str(n)) for n in range(self.scale[0], self.scale[1] + 1)]
        return [(choice, choice) for choice in self.choices]


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    help: str = ""
    questions: tuple[Question, ...] = ()


@dataclass(frozen=True)
class Tool:
    kind: str
    title: str
    introduction: str = ""
    sections: tuple[Section, ...] = field(default_factory=tuple)

    @property
    def questions(self) -> list[Question]:
        return [q for s in self.sections for q in s.questions]

    def question(self, key: str) -> Question | None:
        return next((q for q in self.questions if q.key == key), None)

    def condition(self, question: Question) -> str:
        """When `question` is asked, in words: 'if “Met?” is No or Not applicable'."""
        rule = question.show_if
        if rule is None:
            return ""
        target = self.question(rule.question)
        labels = dict(target.options) if target else {}
        answers = " or ".join(labels.get(a, a) for a in rule.answers)
        return f"if “{target.text if target else rule.question}” is {answers}"

    @property
    def conditions(self) -> dict[str, str]:
        """Question key -> its condition, for templates."""
        return {q.key: self.condition(q) for q in self.questions if q.show_if}


# -- reading and writing a definition -----------------------------------------------------------


def _str(data, name, where, default=None) -> str:
    value = data.get(name, default)
    if value is None:
        raise InstrumentError(f"{where}: '{name}' is missing.")
    if not isinstance(value, str):
        raise InstrumentError(f"{where}: '{name}' must be text.")
    return value


def _question(data, where) -> Question:
    if not isinstance(data, dict):
        raise InstrumentError(f"{where}: a question must be a table of key, text and kind.")
    known = {"key", "text", "kind", "required", "help", "choices", "scale", "show_if"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise InstrumentError(f"{where}: unknown setting '{unknown[0]}'.")
    key = _str(data, "key", where)
    where = f"{where} '{key}'"
    kind = _str(data, "kind", where, TEXT)
    if kind not in QUESTION_KIND_LABELS:
        raise InstrumentError(
            f"{where}: kind '{kind}' is not one of {', '.join(QUESTION_KIND_LABELS)}."
        )
    choices = tuple(str(c).strip() for c in data.get("choices", ()) if str(c).strip())
    if kind in (SINGLE, MULTIPLE) and len(choices) < 2:
        raise InstrumentError(f"{where}: a choice question needs at least two choices.")
    if len(set(choices)) != len(choices):
        raise InstrumentError(f"{where}: a choice is listed twice.")
    scale = tuple(data.get("scale", DEFAULT_SCALE))
    if kind == RATING and (
        len(scale) != 2 or not all(isinstance(n, int) for n in scale) or scale[0] >= scale[1]
    ):
        raise InstrumentError(f"{where}: a rating scale is two whole numbers, lowest first.")
    show_if = None
    if data.get("show_if"):
        rule = data["show_if"]
        answers = rule.get("answers", rule.get("equals"))
        answers = (answers,) if isinstance(answers, str) else tuple(answers or ())
        if not rule.get("question") or not answers:
            raise InstrumentError(f"{where}: show_if needs a question and the answers to match.")
        show_if = ShowIf(str(rule["question"]), tuple(str(a) for a in answers))
    if not isinstance(data.get("required", False), bool):
        raise InstrumentError(f"{where}: 'required' must be true or false.")
    return Question(
        key=key,
        text=_str(data, "text", where).strip(),
        kind=kind,
        required=data.get("required", False),
        help=str(data.get("help", "")).strip(),
        choices=choices if kind in (SINGLE, MULTIPLE) else (),
        scale=scale if kind == RATING else DEFAULT_SCALE,
        show_if=show_if,
    )


def parse_tool(kind: str, data: dict) -> Tool:
    """The tool a definition describes, checked: unique keys, known kinds, choices present,
    and a show-if that points at an earlier closed question and one of its answers."""
    if kind not in KIND_LABELS:
        raise InstrumentError(f"'{kind}' is not a review tool ({', '.join(KIND_LABELS)}).")
    where = KIND_LABELS[kind]
    sections = []
    seen: dict[str, Question] = {}
    section_keys = set()
    for number, section in enumerate(data.get("sections", ()), start=1):
        section_where = f"{where}, section {number}"
        key = _str(section, "key", section_where)
        if key in section_keys:
            raise InstrumentError(f"{section_where}: section key '{key}' is used twice.")
        section_keys.add(key)
        questions = []
        for index, raw in enumerate(section.get("questions", ()), start=1):
            question = _question(raw, f"{section_where}, question {index}")
            if question.key in seen:
                raise InstrumentError(f"{where}: question key '{question.key}' is used twice.")
            if question.show_if:
                _check_show_if(where, question, seen)
            seen[question.key] = question
            questions.append(question)
        sections.append(
            Section(
                key=key,
                title=_str(section, "title", section_where).strip(),
                help=str(section.get("help", "")).strip(),
                questions=tuple(questions),
            )
        )
    if not sections:
        raise InstrumentError(f"{where}: a tool needs at least one section.")
    return Tool(
        kind=kind,
        title=_str(data, "title", where).strip(),
        introduction=str(data.get("introduction", "")).strip(),
        sections=tuple(sections),
    )


def _check_show_if(where, question, earlier):
    target = earlier.get(question.show_if.question)
    if target is None:
        raise InstrumentError(
            f"{where}: '{question.key}' is shown if '{question.show_if.question}', which is not "
            "an earlier question."
        )
    if target.kind == TEXT:
        raise InstrumentError(
            f"{where}: '{question.key}' depends on '{target.key}', a free-text question; "
            "show-if needs a closed question."
        )
    values = {value for value, _ in target.options}
    wrong = [a for a in question.show_if.answers if a not in values]
    if wrong:
        raise InstrumentError(
            f"{where}: '{question.key}' is shown if '{target.key}' is '{wrong[0]}', which is "
            "not one of its answers."
        )


def tool_data(tool: Tool) -> dict:
    """The definition of `tool`, as stored (the inverse of parse_tool)."""

    def question_data(q: Question) -> dict:
        data = {"key": q.key, "text": q.text, "kind": q.kind, "required": q.required}
        if q.help:
            data["help"] = q.help
        if q.kind in (SINGLE, MULTIPLE):
            data["choices"] = list(q.choices)
        if q.kind == RATING:
            data["scale"] = list(q.scale)
        if q.show_if:
            data["show_if"] = {"question": q.show_if.question, "answers": list(q.show_if.answers)}
        return data

    return {
        "title": tool.title,
        "introduction": tool.introduction,
        "sections": [
            {
                "key": s.key,
                "title": s.title,
                "help": s.help,
                "questions": [question_data(q) for q in s.questions],
            }
            for s in tool.sections
        ],
    }


def shipped_templates(programme: str) -> dict[str, dict]:
    """kind -> definition of the programme's shipped tools (data/instruments/<programme>.toml),
    each checked."""
    path = DATA_DIR / f"{programme}.toml"
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    missing = [kind for kind in KIND_LABELS if kind not in data]
    if missing:
        raise InstrumentError(f"{path.name}: no [{missing[0]}] tool.")
    for kind in KIND_LABELS:
        try:
            parse_tool(kind, data[kind])
        except InstrumentError as error:
            raise InstrumentError(f"{path.name}: {error}") from None
    return {kind: data[kind] for kind in KIND_LABELS}


# -- answering ---------------------------------------------------------------------------------


def asked_questions(tool: Tool, answers: dict) -> list[Question]:
    """The questions asked given `answers` (key -> cleaned value): a question with a show-if is
    asked when its question is asked and answered with one of the listed answers."""
    asked: dict[str, Question] = {}
    for question in tool.questions:
        rule = question.show_if
        if rule is not None:
            if rule.question not in asked:
                continue
            given = answers.get(rule.question)
            given = given if isinstance(given, list) else [given]
            if not any(str(value) in rule.answers for value in given if value not in (None, "")):
                continue
        asked[question.key] = question
    return list(asked.values())


def clean_answer(question: Question, raw):
    """The stored form of an answer: text as typed (trimmed), a closed answer as one of its
    values, a multiple choice as a list in the question's order, nothing as None."""
    if question.kind == MULTIPLE:
        values = [raw] if isinstance(raw, str) else list(raw or ())
        values = [v for v in values if v]
        wrong = [v for v in values if v not in question.choices]
        if wrong:
            raise AnswerError(f"'{wrong[0]}' is not a choice of this question.")
        return [c for c in question.choices if c in values] or None
    if raw is None:
        return None
    if isinstance(raw, list):
        raise AnswerError("This question takes one answer.")
    text = str(raw).strip()
    if question.kind == TEXT:
        return str(raw).rstrip() if text else None
    if not text:
        return None
    values = {value for value, _ in question.options}
    if text not in values:
        allowed = ", ".join(label for _, label in question.options)
        raise AnswerError(f"Choose one of: {allowed}.")
    return text


def unanswered_required(tool: Tool, answers: dict) -> list[Question]:
    """Required questions that are asked and have no answer yet."""
    return [
        q for q in asked_questions(tool, answers) if q.required and answers.get(q.key) in (None, [])
    ]


def answer_text(question: Question, value) -> str:
    """An answer as a reader sees it."""
    if value in (None, [], ""):
        return ""
    labels = dict(question.options)
    if isinstance(value, list):
        return "; ".join(labels.get(v, v) for v in value)
    return labels.get(str(value), str(value))


# -- adapting a review's copy --------------------------------------------------------------------


def question_key(text: str, taken) -> str:
    """A short key from the question's text, unique among `taken`."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", plain)[:5] or ["question"]
    base = "_".join(words)[:40].strip("_")
    key, n = base, 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    return key


def add_question(tool: Tool, section_key: str, question: Question) -> Tool:
    if tool.question(question.key):
        raise InstrumentError(f"Question key '{question.key}' is used already.")
    if not any(s.key == section_key for s in tool.sections):
        raise InstrumentError(f"No section '{section_key}' in the {KIND_LABELS[tool.kind]}.")
    sections = tuple(
        replace(s, questions=s.questions + (question,)) if s.key == section_key else s
        for s in tool.sections
    )
    return parse_tool(tool.kind, tool_data(replace(tool, sections=sections)))


def change_question(tool: Tool, question: Question) -> Tool:
    """`tool` with the question of the same key replaced (reworded, made required, ...)."""
    if tool.question(question.key) is None:
        raise InstrumentError(f"No question '{question.key}' to change.")
    sections = tuple(
        replace(s, questions=tuple(question if q.key == question.key else q for q in s.questions))
        for s in tool.sections
    )
    return parse_tool(tool.kind, tool_data(replace(tool, sections=sections)))


def remove_question(tool: Tool, key: str) -> Tool:
    dependants = [q.key for q in tool.questions if q.show_if and q.show_if.question == key]
    if dependants:
        raise InstrumentError(
            f"'{key}' decides whether '{dependants[0]}' is asked: change or remove that "
            "question first."
        )
    if tool.question(key) is None:
        raise InstrumentError(f"No question '{key}' to remove.")
    sections = tuple(
        replace(s, questions=tuple(q for q in s.questions if q.key != key)) for s in tool.sections
    )
    return replace(tool, sections=sections)
