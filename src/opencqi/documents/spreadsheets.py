"""Tables to CSV and XLSX. A cell is a number, a date, text, None (empty) or any object shown
by its text (such as the suppression module's MASKED marker)."""

import csv
import datetime as dt
import io
from numbers import Number

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

MAX_COLUMN_WIDTH = 60


def plain(value):
    """A cell as CSV and XLSX hold it: numbers and dates as themselves, None empty, the rest
    as text."""
    if value is None:
        return ""
    if isinstance(value, Number | dt.date):
        return value
    return str(value)


def csv_bytes(header, rows) -> bytes:
    """UTF-8 CSV with a byte-order mark, so spreadsheet programs read accents right."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([plain(v).isoformat() if isinstance(v, dt.date) else plain(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(about, sheets) -> bytes:
    """A workbook: first an "About" sheet of (label, text) lines, then one sheet per
    (name, header, rows)."""
    book = Workbook()
    first = book.active
    first.title = "About"
    for label, text in about:
        first.append([label, plain(text)])
        first.cell(first.max_row, 1).font = Font(bold=True)
        first.cell(first.max_row, 2).alignment = Alignment(wrap_text=True, vertical="top")
    first.column_dimensions["A"].width = 28
    first.column_dimensions["B"].width = 100
    for name, header, rows in sheets:
        sheet = book.create_sheet(name[:31])
        sheet.append(list(header))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([plain(v) for v in row])
        sheet.freeze_panes = "B2"
        for index, label in enumerate(header, start=1):
            longest = max([len(str(label))] + [len(str(plain(r[index - 1]))) for r in rows])
            width = min(MAX_COLUMN_WIDTH, longest + 2)
            sheet.column_dimensions[get_column_letter(index)].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
