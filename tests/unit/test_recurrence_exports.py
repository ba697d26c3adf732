"""A recurring task in every export: the RRULE in the calendar, a column in the spreadsheets,
the rule beside the deadline in the minutes."""

from __future__ import annotations

import csv
import io
from dataclasses import replace

import pytest
from icalendar import Calendar
from openpyxl import load_workbook

from bot.exports.ical import deadlines_ics
from bot.exports.markdown import minutes_markdown
from bot.exports.request import ExportData, ExportedTask
from bot.exports.sheet import tasks_csv, tasks_xlsx
from bot.i18n import Catalogs
from tests.unit.exports_seed import seed_data

CATALOGS = Catalogs("vi")
QUARTERLY = "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1"


def recurring_seed(language: str) -> ExportData:
    """The seed meeting with task #3 (due 31/07) repeating on the last day of every month, and
    task #1 (due 31/12) every quarter."""
    data = seed_data(language)
    rules = {1: QUARTERLY, 3: "FREQ=MONTHLY;BYMONTHDAY=-1"}
    tasks = tuple(
        ExportedTask(
            replace(item.task, recurrence=rules.get(item.task.number)), item.meeting_number
        )
        for item in data.tasks
    )
    assert data.minutes is not None
    minutes = replace(data.minutes, tasks=tuple(item.task for item in tasks[:5]))
    return replace(data, tasks=tasks, minutes=minutes)


def test_the_calendar_event_of_a_recurring_task_carries_its_rrule() -> None:
    calendar = Calendar.from_ical(deadlines_ics(CATALOGS.get("vi"), recurring_seed("vi")))
    rules = {str(e["SUMMARY"])[:2]: e.get("RRULE") for e in calendar.walk("VEVENT")}
    assert rules["#6"] is None
    assert rules["#3"].to_ical() == b"FREQ=MONTHLY;BYMONTHDAY=-1"
    assert rules["#1"].to_ical() == QUARTERLY.encode()


@pytest.mark.parametrize(
    ("language", "header", "monthly", "quarterly"),
    [
        ("vi", "Lặp lại", "ngày cuối cùng hằng tháng", "ngày cuối cùng hằng quý"),
        ("en", "Repeats", "every month on its last day", "every quarter on its last day"),
    ],
)
def test_spreadsheets_have_a_repeats_column(
    language: str, header: str, monthly: str, quarterly: str
) -> None:
    t, data = CATALOGS.get(language), recurring_seed(language)
    sheet = load_workbook(io.BytesIO(tasks_xlsx(t, data))).active
    assert sheet is not None
    column = [cell.value for cell in sheet["J"]]
    assert column == [header, quarterly, None, monthly, None, None, None]
    rows = list(csv.reader(io.StringIO(tasks_csv(t, data).decode("utf-8-sig"), newline="")))
    assert [row[9] for row in rows] == [header, quarterly, "", monthly, "", "", ""]


def test_the_minutes_show_the_rule_beside_the_deadline() -> None:
    minutes = recurring_seed("vi").minutes
    assert minutes is not None
    text = minutes_markdown(CATALOGS.get("vi"), minutes)
    assert "Chủ Nhật, 31/07/2022 · 🔁 ngày cuối cùng hằng tháng" in text
    assert "Thứ Bảy, 31/12/2022 · 🔁 ngày cuối cùng hằng quý" in text
