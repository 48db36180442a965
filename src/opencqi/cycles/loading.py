"""Copy the shipped cycle templates (templates/*.toml) into the app database, once.

A template already in the database is left as it is: from then on the state administrator's
copy (edited in Django admin) is the one in force. Safe to run again.
"""

import tomllib
from importlib import resources

from opencqi.cycles import rules

# The programme each shipped template belongs to.
PROGRAMME_OF = {
    "ccfsr-2009": "child_welfare",
    "ccfsr-5yr": "child_welfare",
    "calcqi-5yr": "calworks",
}


def shipped_templates() -> list[tuple[str, str, dict]]:
    """(name, programme, definition) of every shipped template, each checked by the rules."""
    shipped = []
    for name in rules.template_names():
        rules.load_template(name)  # refuses a broken file with the rule's message
        path = resources.files(rules.TEMPLATES_PACKAGE) / rules.TEMPLATES_FOLDER / f"{name}.toml"
        definition = tomllib.loads(path.read_text(encoding="utf-8"))
        shipped.append((name, PROGRAMME_OF[name], definition))
    return shipped


def load_templates(model=None) -> int:
    """Create the shipped templates missing from the database; returns how many were created.

    `model` is the CycleTemplate model (a migration passes its historical one).
    """
    if model is None:
        from opencqi.cycles.models import CycleTemplate as model
    created = 0
    for name, programme, definition in shipped_templates():
        _, was_created = model.objects.get_or_create(
            name=name, defaults={"programme": programme, "definition": definition}
        )
        created += was_created
    return created
