"""A chat's tasks as a spreadsheet: ``.xlsx`` (openpyxl) and ``.csv`` (the csv module).

Both have the same columns. In the workbook the deadline, creation and completion are real date
cells on the chat's wall clock (Excel has no time zones); in the CSV they are ISO 8601 text
(``2022-07-31``, ``2022-07-08 17:00``), which every spreadsheet reads as dates. The CSV starts
with a byte-order mark: without it Excel reads UTF-8 as the local code page and mangles
Vietnamese.

Whoever may record a task writes its title, so no text may become a formula in the file the
secretary opens (OWASP's "CSV injection"): every text cell of the workbook is typed as text,
and in the CSV, which has no types, a text that a spreadsheet would read as a formula starts
with an apostrophe, which spreadsheets show as a text marker.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from bot.exports.request import ExportData, ExportedTask
from bot.exports.text import (
    local,
    note_text,
    repeats_text,
    status_at,
    task_assignees_text,
    unconfirmed,
    with_parts,
)
from bot.i18n import Translator

COLUMNS = (
    "number",
    "task",
    "assignees",
    "deadline",
    "deadline_text",
    "status",
    "meeting",
    "created",
    "done_at",
    "repeats",
    "note",
)
_WRAPPED = ("task", "assignees", "note")  # the long texts
Cell = str | int | date | datetime | None
_DATE_FORMATS = {"vi": "dd/mm/yyyy", "en": "d mmm yyyy"}
_TIME_SUFFIX = " hh:mm"
_WIDTHS = (6, 60)  # narrowest and widest column, in characters
_SHEET_TITLE_LIMIT = 31  # Excel's limit
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what spreadsheets read as a formula


def _wall_clock(instant: datetime | None, timezone: str) -> datetime | None:
    """An instant as the chat's wall clock shows it, without a zone (Excel has none)."""
    if instant is None:
        return None
    return local(instant, timezone).replace(tzinfo=None)


def _row(t: Translator, item: ExportedTask, data: ExportData) -> list[Cell]:
    task, timezone = item.task, data.chat.timezone
    deadline: date | datetime | None = None
    said: str | None = None
    if task.due is not None:
        wall = _wall_clock(task.due.utc, timezone)
        assert wall is not None
        deadline = wall if task.due.precision == "time" else wall.date()
        said = task.due.text or None
    if unconfirmed(task):  # a date cell has no room for it: beside the words it was read from
        said = " ".join(filter(None, (said, t("export.due.unconfirmed"))))
    return [
        task.number,
        task.title,
        task_assignees_text(t, task),
        deadline,
        said,
        with_parts(t, task, status_at(t, task, data.at)),
        item.meeting_number,
        _wall_clock(task.created_at, timezone),
        _wall_clock(task.done_at, timezone),
        repeats_text(t, task, timezone) or None,
        note_text(t, item.note, timezone) if item.note else None,
    ]


def task_rows(t: Translator, data: ExportData) -> list[list[Cell]]:
    """The header and one row per task, dates as Python dates on the chat's wall clock; an open
    task past its deadline when the file is made is overdue, a deadline still to be confirmed
    is marked so beside the words it was read from."""
    header: list[Cell] = [t(f"export.column.{key}") for key in COLUMNS]
    return [header, *(_row(t, item, data) for item in data.tasks)]


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return value.isoformat() if isinstance(value, date) else str(value)


def _csv_field(value: Cell) -> str:
    text = _text(value)
    return f"'{text}" if isinstance(value, str) and text.startswith(_FORMULA_STARTS) else text


def tasks_csv(t: Translator, data: ExportData) -> bytes:
    """The tasks as comma-separated UTF-8 text with a byte-order mark."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerows([_csv_field(cell) for cell in row] for row in task_rows(t, data))
    return out.getvalue().encode("utf-8-sig")


def _width(values: list[Cell]) -> float:
    longest = max((len(_text(v)) for v in values), default=0)
    return float(min(max(longest + 2, _WIDTHS[0]), _WIDTHS[1]))


def tasks_xlsx(t: Translator, data: ExportData) -> bytes:
    """The tasks as a workbook: a bold, frozen header with filters, dates as date cells."""
    rows = task_rows(t, data)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook has one sheet
    sheet.title = t("export.sheet.tasks")[:_SHEET_TITLE_LIMIT]
    for row in rows:
        sheet.append(row)
    day_format = _DATE_FORMATS.get(t.language, "yyyy-mm-dd")
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # openpyxl types a text that starts with "=" as a formula
            elif isinstance(cell.value, datetime):
                cell.number_format = day_format + _TIME_SUFFIX
            elif isinstance(cell.value, date):
                cell.number_format = day_format
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, values in enumerate(zip(*rows, strict=True), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = _width(list(values))
    wrap = Alignment(wrap_text=True, vertical="top")
    for name in _WRAPPED:
        column = COLUMNS.index(name) + 1
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            cell.alignment = wrap
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
