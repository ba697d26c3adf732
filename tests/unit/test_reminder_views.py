"""What reminder messages say of the deadline, and what they leave room for."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from html import escape
from zoneinfo import ZoneInfo

import pytest

from bot.domain import Assignee, Chat, Due, ReminderKind, Task, TaskStatus
from bot.i18n import Catalogs
from bot.services.reminders import ReminderItem, ReminderMessage
from handlers.reminder_views import (
    MAX_TEXT,
    NOTE_ROOM,
    kept_in_message,
    private_copies,
    reminder_messages,
    when_html,
)
from handlers.views import confirm_lines


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


def test_keeping_drops_the_warning_that_names_the_other_reading() -> None:
    catalogs = Catalogs("vi")
    vi, en = catalogs.get("vi"), catalogs.get("en")
    fields = {"other": "Thứ Tư, 30/06/2027", "number": 1, "phrase": "30/6/2027"}
    warning_vi, warning_en = (c("deadline.confirm.ambiguous_other", **fields) for c in (vi, en))
    # The same words in a user's title are escaped: the line holds no <code> tag, and stays.
    typed = escape(warning_vi)
    text = f"📌 Việc #1\n<b>x\n{typed}</b>\n{typed}\n{warning_vi}\n{warning_en}"
    kept = kept_in_message(vi, [vi, en], text, 1, "Thư ký")
    assert kept == (
        f"📌 Việc #1\n<b>x\n{typed}</b>\n{typed}\n"
        + vi("deadline.kept_by", number=1, name="Thư ký")
    )


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


# A task due on Friday 8/7 and one due at 17:00 that Friday, seen at the same moments.
@pytest.mark.parametrize(
    ("fire_at", "on_the_day", "at_17"),
    [
        (_vn(7, 9), "còn 1 ngày", "còn 1 ngày"),
        (_vn(7, 20), "còn 1 ngày", "hạn lúc 17:00 ngày mai"),
        (_vn(8, 9), "hạn là hôm nay", "hạn là hôm nay"),
        (_vn(8, 18), "hạn là hôm nay", "đã quá hạn từ 17:00"),
        (_vn(9, 9), "đã quá hạn 1 ngày", "đã quá hạn từ 17:00 hôm qua"),
        (_vn(9, 20), "đã quá hạn 1 ngày", "đã quá hạn 1 ngày"),
        # Monday morning: three days on the calendar for both (not two whole days since 17:00).
        (_vn(11, 9), "đã quá hạn 3 ngày", "đã quá hạn 3 ngày"),
        (_vn(11, 18), "đã quá hạn 3 ngày", "đã quá hạn 3 ngày"),
        (_vn(18, 9), "đã quá hạn 10 ngày", "đã quá hạn 10 ngày"),
    ],
)
def test_a_date_and_a_time_of_that_day_count_the_same_calendar_days(
    fire_at: datetime, on_the_day: str, at_17: str
) -> None:
    assert _when("vi", _vn(8, 23, 59, 59), "day", fire_at) == on_the_day
    assert _when("vi", _vn(8, 17), "time", fire_at) == at_17
    english = {
        "còn 1 ngày": "1 day left",
        "hạn lúc 17:00 ngày mai": "due tomorrow at 17:00",
        "hạn là hôm nay": "due today",
        "đã quá hạn từ 17:00": "overdue since 17:00",
        "đã quá hạn từ 17:00 hôm qua": "overdue since 17:00 yesterday",
        "đã quá hạn 1 ngày": "overdue by 1 day",
        "đã quá hạn 3 ngày": "overdue by 3 days",
        "đã quá hạn 10 ngày": "overdue by 10 days",
    }
    assert _when("en", _vn(8, 23, 59, 59), "day", fire_at) == english[on_the_day]
    assert _when("en", _vn(8, 17), "time", fire_at) == english[at_17]


def _message(language: str, count: int) -> ReminderMessage:
    """A reminder of ``count`` tasks due on the same day."""
    chat = Chat(1, -100, "G", "Asia/Ho_Chi_Minh", language, True)
    due = Due(_vn(8, 17).astimezone(UTC), "time", "x")
    items = [
        ReminderItem(n, ReminderKind.BEFORE, Task(n, 1, n, f"việc {n}", TaskStatus.OPEN, due))
        for n in range(1, count + 1)
    ]
    return ReminderMessage(chat, _vn(7, 9), items, late=False, row_ids=list(range(count)))


@pytest.mark.parametrize(
    ("language", "legend"),
    [
        ("vi", "✅ xong · ⏰ nhắc lại mai · 📅 đổi hạn: <code>/han 1 thứ Sáu</code>"),
        (
            "en",
            "✅ done · ⏰ remind again tomorrow · 📅 new deadline: <code>/deadline 1 Friday</code>",
        ),
    ],
)
def test_many_tasks_get_short_buttons_two_tasks_a_row_and_a_legend(
    language: str, legend: str
) -> None:
    t = Catalogs("vi").get(language)
    [(text, keyboard)] = reminder_messages(t, _message(language, 5))
    rows = [[(b.text, b.callback_data) for b in row] for row in keyboard.inline_keyboard]
    assert rows == [
        [("✅ #1", "done:1"), ("⏰ #1", "snooze:1"), ("✅ #2", "done:2"), ("⏰ #2", "snooze:2")],
        [("✅ #3", "done:3"), ("⏰ #3", "snooze:3"), ("✅ #4", "done:4"), ("⏰ #4", "snooze:4")],
        [("✅ #5", "done:5"), ("⏰ #5", "snooze:5")],
    ]
    assert text.endswith("\n\n" + legend)
    # A few tasks keep their three full buttons a row, and no legend.
    [(text, keyboard)] = reminder_messages(t, _message(language, 3))
    assert [len(row) for row in keyboard.inline_keyboard] == [3, 3, 3]
    assert legend not in text


def test_a_long_compact_reminder_is_split_with_its_legend_under_each_part() -> None:
    t = Catalogs("vi").get("vi")
    parts = reminder_messages(t, _message("vi", 60))
    assert len(parts) == 3  # 25 tasks a message at most: Telegram's 100 buttons, three a task
    legend = t("reminder.buttons_legend", number=1)
    for text, keyboard in parts:
        assert text.endswith(legend)
        assert len(text) <= MAX_TEXT - NOTE_ROOM
        assert sum(len(row) for row in keyboard.inline_keyboard) <= 100


@pytest.mark.parametrize(("digest", "says_digest"), [(True, True), (False, False)])
def test_the_hold_line_says_the_digest_lists_the_task_only_when_there_is_one(
    digest: bool, says_digest: bool
) -> None:
    t = Catalogs("vi").get("vi")
    chat = replace(Chat(1, -100, "G", "Asia/Ho_Chi_Minh", "vi", True), digest_enabled=digest)
    lines = confirm_lines(t, chat, ("past",), None, 1)
    hold = "deadline.confirm.on_hold_digest" if says_digest else "deadline.confirm.on_hold"
    assert lines == [t("deadline.confirm.past"), t(hold)]


def test_keeping_drops_a_today_warning_that_names_the_next_period() -> None:
    catalogs = Catalogs("vi")
    vi, en = catalogs.get("vi"), catalogs.get("en")
    chat = Chat(1, -100, "G", "Asia/Ho_Chi_Minh", "vi", True)
    other = Due(datetime(2022, 8, 31, 16, 59, 59, tzinfo=UTC), "period", "cuối tháng")
    lines = confirm_lines(vi, chat, ("today",), other, 1)
    assert lines[0] == vi(
        "deadline.confirm.today_other", other="Thứ Tư, 31/08/2022", number=1, phrase="31/8/2022"
    )
    text = "\n".join(["📌 Việc #1", "<b>x</b>", *lines])
    kept = kept_in_message(vi, [vi, en], text, 1, "Thư ký")
    assert kept == "📌 Việc #1\n<b>x</b>\n" + vi("deadline.kept_by", number=1, name="Thư ký")


def test_a_private_copy_of_many_tasks_keeps_under_telegrams_limits_with_the_groups_buttons() -> (
    None
):
    t = Catalogs("vi").get("vi")
    hoa = Assignee(label="@hoa", person_id=7, person_telegram_id=70, private_chat=True)
    message = _message("vi", 60)
    message.items[:] = [
        replace(item, task=replace(item.task, title="x", assignees=(hoa,)))
        for item in message.items
    ]
    [(text, keyboard)] = private_copies(t, message).values()
    assert keyboard is not None
    data = [b.callback_data for row in keyboard.inline_keyboard for b in row]
    assert len(data) <= 100
    assert all(isinstance(d, str) and d.startswith("@1|") for d in data)  # group 1's buttons
    assert data[:2] == ["@1|done:1", "@1|snooze:1"]
    assert len(text) <= MAX_TEXT
    assert "… và 35 mục nữa" in text
    assert text.endswith(t("reminder.buttons_legend", number=1))
