"""Themes of the final debrief: the rules of support, release and the matrices.

A theme or trend is something "experienced or expressed by numerous parties, not one
individual" (PQCR guide V.E.7): a theme is supported by debrief items, and what counts is how
many distinct sources (interviews, focus groups) those items come from. Only a theme with at
least the review's threshold of sources (default 2) may be released to the host county, and
only when no name is flagged in what would be released. Plain Python: no Django.
"""

from collections import Counter
from dataclasses import dataclass

from opencqi.reviews.categories import CATEGORIES, category_rank

DEFAULT_THRESHOLD = 2
INTERVIEW = "interview"
FOCUS_GROUP = "focus_group"


@dataclass(frozen=True)
class ItemFacts:
    """A debrief item as the theme rules see it."""

    item_id: int
    source_id: int
    source_kind: str  # INTERVIEW or FOCUS_GROUP
    category: str
    case_id: str = ""  # the case of an interview


@dataclass(frozen=True)
class ThemeFacts:
    theme_id: int
    title: str
    category: str
    items: tuple[ItemFacts, ...]


def distinct_sources(items) -> int:
    return len({item.source_id for item in items})


def sources_by_kind(items) -> dict[str, int]:
    """How many distinct interviews and focus groups support a theme."""
    kinds = {item.source_id: item.source_kind for item in items}
    counts = Counter(kinds.values())
    return {INTERVIEW: counts.get(INTERVIEW, 0), FOCUS_GROUP: counts.get(FOCUS_GROUP, 0)}


def release_problems(items, threshold: int, open_flags=()) -> list[str]:
    """Why a theme cannot be released yet; empty when it can."""
    problems = []
    count = distinct_sources(items)
    if count < threshold:
        problems.append(
            f"It is supported by {count} source{'' if count == 1 else 's'}; a theme needs at "
            f"least {threshold} distinct interviews or focus groups. Add items from other "
            "sources or keep it with the review team."
        )
    problems += [
        f"{flag}: edit the text or have the state co-chair dismiss the flag." for flag in open_flags
    ]
    return problems


def strengths_first(themes):
    """Themes with strengths and promising practices first, then by the guide's categories,
    the best supported first within a category."""
    return sorted(
        themes, key=lambda t: (category_rank(t.category), -distinct_sources(t.items), t.title)
    )


def case_theme_matrix(themes, cases) -> list[tuple[str, list[int]]]:
    """Rows (case id, [supporting items of that case per theme]) for the interviews' cases."""
    return [
        (case, [sum(1 for i in t.items if i.case_id == case) for t in themes]) for case in cases
    ]


def category_theme_matrix(themes) -> list[tuple[str, list[int]]]:
    """Rows (category key, [supporting items of that category per theme]), strengths first."""
    order = sorted((key for key, _ in CATEGORIES), key=category_rank)
    return [(key, [sum(1 for i in t.items if i.category == key) for t in themes]) for key in order]
