"""What reminder messages say of the deadline, and what they leave room for."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.domain import Chat, Due, ReminderKind, Task, TaskStatus
from bot.i18n import Catalogs
from bot.services.reminders import ReminderItem, ReminderMessage
from handlers.reminder_views import NOTE_ROOM, kept_in_message, when_html


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_topic_gone_note_fits_under_a_full_reminder(language: str) -> None:
    note = Catalogs("vi").get(language)("reminder.topic_gone")
    assert len("\n\n" + note) <= NOTE_ROOM


def test_keeping_drops_the_warnings_in_either_language_and_nothing_of_the_users_text() -> None:
    catalogs = Catalogs("vi")
    vi, en = catalogs.get("vi"), catalogs.get("en")
    warning_vi, warning_en = vi("deadline.confirm.past"), en("deadline.confirm.ambiguous")
    # A title that goes on over two lines, the second reading like a warning: it stays.
    text = f"📌 Task #1\n<b>x\n{warning_vi}</b>\n{warning_vi}\n{warning_en}"
    kept = kept_in_message(en, [vi, en], text, 1, "Thư ký <3")
    assert kept == (
        f"📌 Task #1\n<b>x\n{warning_vi}</b>\n"
        + en("deadline.kept_by", number=1, name="Thư ký &lt;3")
    )
    assert kept_in_message(en, [vi, en], kept, 1, "Thư ký <3") == kept


def _when(language: str, due: datetime, precision: str, fire_at: datetime) -> str:
    """How far the deadline is, as a reminder at ``fire_at`` says it."""
    chat = Chat(1, -100, "G", "Asia/Ho_Chi_Minh", language, True)
    task = Task(1, 1, 1, "x", TaskStatus.OPEN, Due(due.astimezone(UTC), precision, "x"))
    message = ReminderMessage(chat, fire_at, [], late=False, row_ids=[1])
    item = ReminderItem(1, ReminderKind.BEFORE, task)
    return when_html(Catalogs("vi").get(language), item, message)


def _vn(day: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(2022, 7, day, hour, minute, second, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.mark.parametrize(
    ("due", "precision", "fire_at", "vi", "en"),
    [
        # Less than a day before a deadline of tomorrow: when it is due, not "1 day left".
        (_vn(8, 6), "time", _vn(7, 20, 59), "hạn lúc 06:00 ngày mai", "due tomorrow at 06:00"),
        (_vn(8, 8), "time", _vn(7, 21), "hạn lúc 08:00 ngày mai", "due tomorrow at 08:00"),
        # A day or more before it, a day is left indeed.
        (_vn(8, 23, 59), "time", _vn(7, 9), "còn 1 ngày", "1 day left"),
        (_vn(8, 9), "time", _vn(7, 9), "còn 1 ngày", "1 day left"),
        (_vn(8, 23, 59, 59), "day", _vn(7, 20, 59), "còn 1 ngày", "1 day left"),
        # Further off, the days are counted on the calendar (the date is on the line).
        (_vn(9, 6), "time", _vn(7, 20, 59), "còn 2 ngày", "2 days left"),
        (_vn(7, 17), "time", _vn(7, 15), "hạn là hôm nay", "due today"),
    ],
)
def test_the_time_left_never_promises_a_day_that_is_not_there(
    due: datetime, precision: str, fire_at: datetime, vi: str, en: str
) -> None:
    assert _when("vi", due, precision, fire_at) == vi
    assert _when("en", due, precision, fire_at) == en
