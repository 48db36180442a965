"""Saving what a recorder types, one field at a time, without losing or overwriting anything.

Each stored answer carries a version. A save says which version the typist last saw; the
store compares it with the version it holds (compare-and-swap):

- same version: the save goes through and the version goes up;
- another version but the same value: nothing to do (a double submit, a retry after a lost
  response, or two teammates who typed the same thing);
- another version and another value: a conflict. Nothing is written; the typist is shown both
  values and chooses.

Teammates editing different fields never meet, since each field has its own version.
"""

from dataclasses import dataclass

SAVED = "saved"
UNCHANGED = "unchanged"
CONFLICT = "conflict"


@dataclass(frozen=True)
class Stored:
    value: object
    version: int


def same_value(a, b) -> bool:
    """Values equal as the recorder sees them: no answer and an empty one are the same."""
    empty = (None, "", [])
    if a in empty and b in empty:
        return True
    if isinstance(a, str) and isinstance(b, str):
        return a.rstrip() == b.rstrip()
    return a == b


def decide(stored: Stored | None, value, seen_version: int) -> str:
    """What a save of `value`, typed over version `seen_version`, does to `stored`."""
    if stored is None:
        return SAVED
    if stored.version == seen_version:
        return UNCHANGED if same_value(stored.value, value) else SAVED
    return UNCHANGED if same_value(stored.value, value) else CONFLICT
