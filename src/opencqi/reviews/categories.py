"""The seven categories of the debrief tool and of the report's Summary of Practice (PQCR guide
VII.C.3), and the two scopes an item may carry (VII.D.3). Strengths come first wherever findings
are listed: the guide asks reports to begin with the strong practices.
"""

STRENGTHS = "strengths"

CATEGORIES: tuple[tuple[str, str], ...] = (
    ("documentation", "Documentation"),
    (STRENGTHS, "Strengths and Promising Practices"),
    ("barriers", "Barriers and Challenges"),
    ("training", "Training Needs"),
    ("state_assistance", "State Technical Assistance"),
    ("policy", "Policy and Systemic Issues"),
    ("resources", "Resource Issues"),
)
CATEGORY_LABELS = dict(CATEGORIES)

FOCUS_AREA = "focus_area"
SYSTEM_WIDE = "system_wide"
SCOPES: tuple[tuple[str, str], ...] = (
    (FOCUS_AREA, "Focus-area related"),
    (SYSTEM_WIDE, "System-wide"),
)
SCOPE_LABELS = dict(SCOPES)


def strengths_first() -> list[str]:
    """Category keys in the order findings are shown: strengths, then the guide's order."""
    return [STRENGTHS] + [key for key, _ in CATEGORIES if key != STRENGTHS]


def category_rank(key: str) -> int:
    order = strengths_first()
    return order.index(key) if key in order else len(order)
