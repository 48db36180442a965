"""The rows of a measure table, rendered in Python: a county profile has a thousand cells, and
the template language (or format_html per cell) would spend most of the page's time on them.
Every text goes through `escape`."""

from html import escape

from django import template
from django.utils.html import json_script
from django.utils.safestring import mark_safe

from opencqi.dashboard.tables import MASKED_TEXT

register = template.Library()


@register.simple_tag
def table_rows(table, sortable=False):
    """<tr> elements: the first cell a row header; numbers right-aligned; cells coloured by
    comparison, with the comparison spoken after the figure; masked cells marked."""
    charts = table.row_charts or [None] * len(table.rows)
    rows = []
    for number, (row, chart) in enumerate(zip(table.labelled_rows, charts, strict=True), 1):
        cells = [cell_html(column, cell, i == 0, sortable) for i, (column, cell) in enumerate(row)]
        if chart:
            cells.append(chart_cell(chart, number))
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return mark_safe("\n".join(rows))


def cell_html(column, cell, header, sortable):
    classes = []
    if column.numeric:
        classes.append("number")
    if cell.status:
        classes.append(cell.status)
    if cell.text == MASKED_TEXT:
        classes.append("masked")
    content = escape(cell.text)
    if cell.href:
        content = f'<a href="{escape(cell.href)}">{content}</a>'
    if cell.note:
        content += f'<span class="usa-sr-only"> ({escape(cell.note)})</span>'
    attributes = f' class="{" ".join(classes)}"' if classes else ""
    if sortable:
        attributes += f' data-sort-value="{"" if cell.value is None else escape(str(cell.value))}"'
    tag = "th" if header else "td"
    scope = ' scope="row"' if header else ""
    return f"<{tag}{scope}{attributes}>{content}</{tag}>"


def chart_cell(spec, number):
    spec_id = f"spark-{number}"
    return (
        f'<td class="sparkline"><div class="chart" data-chart="{spec_id}" '
        f'data-name="trend-{number}"></div>{json_script(spec, spec_id)}</td>'
    )


@register.simple_tag
def options(choices, selected):
    """<option> elements of (value, label) `choices`, `selected` chosen."""
    return mark_safe(
        "".join(
            f'<option value="{escape(str(value))}"{" selected" if value == selected else ""}>'
            f"{escape(str(label))}</option>"
            for value, label in choices
        )
    )
