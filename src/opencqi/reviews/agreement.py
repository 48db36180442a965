"""The 45-day agreement: what the co-chairs must have agreed before the event (PQCR Process
Guide V, "Agreements"; the items and the number of days are the programme's).

Each item needs the sign-off of every co-chair. The agreement is due `days_before_event` days
before the event's first day; from that day on an incomplete agreement is overdue and the
review page says what is missing.

Plain Python: no Django.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class AgreementStatus:
    due_date: dt.date
    today: dt.date
    total: int
    missing: tuple[tuple[str, tuple[str, ...]], ...]  # (item label, co-chairs still to sign)

    @property
    def signed(self) -> int:
        return self.total - sum(len(seats) for _, seats in self.missing)

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def days_left(self) -> int:
        return (self.due_date - self.today).days

    @property
    def overdue(self) -> bool:
        """Incomplete on or after the due date: the page shows a warning."""
        return not self.complete and self.today >= self.due_date


def agreement_status(
    items: Sequence,
    seats: Sequence,
    signed: set[tuple[str, str]],
    *,
    event_start: dt.date,
    today: dt.date,
    days_before_event: int,
) -> AgreementStatus:
    """`items` have .key/.label, `seats` .seat/.label; `signed` holds (item key, seat)."""
    missing = []
    for item in items:
        waiting = tuple(s.label for s in seats if (item.key, s.seat) not in signed)
        if waiting:
            missing.append((item.label, waiting))
    return AgreementStatus(
        due_date=event_start - dt.timedelta(days=days_before_event),
        today=today,
        total=len(items) * len(seats),
        missing=tuple(missing),
    )
