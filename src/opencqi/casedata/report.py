"""What an import found and did, as plain values the CLI, the upload page and history share."""

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

PROBLEM_FIELDS = ("file", "row", "column", "value", "rule")


@dataclass(frozen=True)
class Problem:
    """One rule broken at one place. `row` counts the header as row 1 (the first data row is 2),
    as a spreadsheet shows it; it is None when the problem is about the whole file, and for the
    summary line that stands for the rest of a long run of one rule."""

    file: str
    rule: str
    row: int | None = None
    column: str | None = None
    value: str | None = None

    def as_dict(self) -> dict:
        return {name: getattr(self, name) for name in PROBLEM_FIELDS}


@dataclass
class ImportReport:
    batch_id: str
    county: str | None
    as_of: date | None = None
    problems: list[Problem] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    started_at: datetime | None = None
    loaded_at: datetime | None = None

    @property
    def ok(self) -> bool:
        """True when the batch was loaded: no problem was found and the swap committed."""
        return not self.problems and self.loaded_at is not None

    def write_problems_csv(self, target: str | Path | io.TextIOBase) -> None:
        if isinstance(target, str | Path):
            with open(target, "w", newline="", encoding="utf-8") as f:
                self._write_problems(f)
        else:
            self._write_problems(target)

    def problems_csv(self) -> str:
        buffer = io.StringIO()
        self._write_problems(buffer)
        return buffer.getvalue()

    def _write_problems(self, f) -> None:
        writer = csv.DictWriter(f, fieldnames=PROBLEM_FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(problem.as_dict() for problem in self.problems)

    def summary(self) -> str:
        scope = self.county or "statewide"
        if self.ok:
            counts = ", ".join(f"{table} {count:,}" for table, count in self.rows.items())
            return f"Loaded batch {self.batch_id} ({scope}, as of {self.as_of}): {counts}."
        return (
            f"Rejected batch {self.batch_id} ({scope}): {len(self.problems):,} problem lines;"
            " nothing was loaded."
        )
