"""CSV and XLSX of a page's tables: the same published cells the page shows."""

from django.http import HttpResponse
from django.utils.text import slugify

from opencqi.documents.spreadsheets import csv_bytes, xlsx_bytes

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

PUBLISHED_NOTE = (
    'Published figures: a count of 1 to 10 is shown as "masked", and so is every rate or '
    "percent built on one; further figures are masked where needed so that no masked figure "
    'can be worked out from the others. "masked" is neither zero nor missing: zeros are shown '
    "as 0 and missing figures are left empty."
)
EXACT_NOTE = "Exact figures, including counts of 1 to 10: confidential, not for publication."


def suppression_note(page):
    notes = []
    if page.exact_places:
        notes.append(f"{', '.join(sorted(page.exact_places))}: {EXACT_NOTE}")
    if page.published_places:
        notes.append(f"{', '.join(sorted(page.published_places))}: {PUBLISHED_NOTE}")
    return " ".join(notes)


def about_lines(page, table):
    lines = [
        ("Table", table.title),
        ("Period", f"ending {page.period_end:%Y-%m-%d}" if page.period_end else ""),
        ("Data as of", page.as_of),
        ("Suppression", suppression_note(page)),
    ]
    lines += [("Note", note) for note in table.notes]
    for measure in table.measures:
        lines += [
            (f"{measure.code} {measure.name}", measure.description),
            ("  id", measure.id),
            ("  numerator", measure.numerator),
            ("  denominator", measure.denominator),
            ("  unit", measure.unit),
            ("  better when", f"{measure.direction}" if measure.direction else "context only"),
            (f"  {measure.benchmark_kind or 'benchmark'}", measure.benchmark),
        ]
    return lines


def download(page, key, fmt, name):
    """The response for table `key` of `page` as `fmt`, or None if there is no such table."""
    table = page.table(key)
    if table is None or fmt not in FORMATS:
        return None
    header = [column.label for column in table.columns]
    rows = [[cell.value for cell in row] for row in table.rows]
    if fmt == "csv":
        content = csv_bytes(header, rows)
    else:
        content = xlsx_bytes(about_lines(page, table), [(table.key, header, rows)])
    response = HttpResponse(content, content_type=FORMATS[fmt])
    period = f"-{page.period_end:%Y-%m-%d}" if page.period_end else ""
    filename = f"{slugify(name)}-{table.key}{period}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
