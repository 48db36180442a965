"""Finding the names of people in free text before anything is released.

Findings, exports and the report never name an interviewee, worker, reviewer or focus-group
participant (PQCR guide III.E, VI.D). `find_names` finds, in a text, every person the review
knows by name, and the pseudonymous ids (worker, case, child) that identify a worker or a case:

- a full name in any case and spacing ("alma  REYES");
- a part of a name of three letters or more, as a capitalised word ("Reyes said", "Alma");
- an id as a whole word, in any case ("w0123").

A flag is a hint, not a verdict: a co-chair may dismiss one that is not a person (with a
reason). Plain Python: no Django.
"""

import re
import unicodedata
from dataclasses import dataclass

INTERVIEWEE = "interviewee"
REVIEWER = "reviewer"
PARTICIPANT = "focus-group participant"
IDENTIFIER = "identifier"
MIN_PART_LENGTH = 3
# Parts of names that are not names.
NOT_NAMES = frozenset({"the", "and", "van", "von", "der", "del", "des", "mrs", "miss"})
WORD = r"[\w'’-]"


@dataclass(frozen=True)
class Person:
    name: str
    kind: str  # INTERVIEWEE, REVIEWER, PARTICIPANT or IDENTIFIER


@dataclass(frozen=True)
class NameFlag:
    name: str  # the person's name (or id) as the review knows it
    kind: str
    found: str  # the text that matched
    start: int
    end: int


def _fold(text: str) -> str:
    """Lower case without accents, keeping every character's place."""
    return "".join(
        unicodedata.normalize("NFKD", c).encode("ascii", "ignore").decode().lower()[:1] or c.lower()
        for c in text
    )


def _patterns(person: Person):
    """(pattern over the folded text, needs a capital) for `person`."""
    folded = _fold(person.name).strip()
    if not folded:
        return []
    if person.kind == IDENTIFIER:
        return [(re.compile(rf"(?<!{WORD}){re.escape(folded)}(?!{WORD})"), False)]
    parts = [p for p in re.split(r"\s+", folded) if p]
    patterns = [
        (re.compile(rf"(?<!{WORD})" + r"\s+".join(map(re.escape, parts)) + rf"(?!{WORD})"), False)
    ]
    if len(parts) > 1:
        for part in parts:
            if len(part) >= MIN_PART_LENGTH and part not in NOT_NAMES and not part.isdigit():
                patterns.append((re.compile(rf"(?<!{WORD}){re.escape(part)}(?!{WORD})"), True))
    return patterns


def find_names(text: str, people) -> list[NameFlag]:
    """Every place in `text` that names one of `people`, in order; where matches overlap, the
    longest is kept."""
    if not text:
        return []
    folded = _fold(text)
    found = []
    for person in people:
        for pattern, needs_capital in _patterns(person):
            for match in pattern.finditer(folded):
                if needs_capital and not text[match.start()].isupper():
                    continue
                found.append(
                    NameFlag(
                        person.name,
                        person.kind,
                        text[match.start() : match.end()],
                        match.start(),
                        match.end(),
                    )
                )
    found.sort(key=lambda f: (f.start, -(f.end - f.start)))
    kept: list[NameFlag] = []
    for flag in found:
        if kept and flag.start < kept[-1].end:
            continue
        kept.append(flag)
    return kept
