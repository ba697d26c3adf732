"""Plain-text pieces every export shares: names, dates, assignees, deadlines and statuses.

They say what the minutes in Telegram say (``handlers/meeting_views.py``), without the HTML.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.assignees import shown_once
from bot.domain import Assignee, DeadlineChange, Due, Meeting, Minutes, Task, TaskNote, TaskStatus
from bot.i18n import Translator
from bot.recurrence import describe
from bot.text import fold

_NOT_IN_FILE_NAMES = re.compile(r"[^a-z0-9]+")


def local(instant: datetime, timezone: str) -> datetime:
    """``instant`` on the chat's wall clock."""
    return instant.astimezone(ZoneInfo(timezone))


def meeting_name(t: Translator, meeting: Meeting) -> str:
    """``Cuộc họp #3: title`` (or ``Cuộc họp #3`` when it has no title), unescaped."""
    if not meeting.title:
        return t("meeting.name_untitled", number=meeting.number)
    return t("meeting.name", number=meeting.number, title=meeting.title)


def meeting_when(t: Translator, meeting: Meeting, timezone: str) -> str:
    """``Thứ Năm, 07/07/2022, 09:00–11:30``, or the start and "(still open)"."""
    start = local(meeting.started_at, timezone)
    when = t.date(start.date()) + start.strftime(", %H:%M")
    if meeting.ended_at is None:
        return when + " " + t("minutes.still_open")
    return when + local(meeting.ended_at, timezone).strftime("–%H:%M")


def assignee_text(assignee: Assignee) -> str:
    """A person by name (or @username); an organisation with its contact persons."""
    if not assignee.contacts:
        return assignee.label
    people = ", ".join(f"@{c.username}" if c.username else c.name for c in assignee.contacts)
    return f"{assignee.label} ({people})"


def assignees_text(t: Translator, assignees: Iterable[Assignee]) -> str:
    """Everyone a task is for, each person once (every contact of an organisation is named, so
    a person assigned beside it whom it names is left out), or "nobody yet"."""
    return ", ".join(assignee_text(a) for a in shown_once(assignees)) or t("task.nobody")


def task_assignees_text(t: Translator, task: Task) -> str:
    """Everyone a task is for (as :func:`assignees_text`); of a task for several in progress,
    each whose part is done said so."""
    if not task.in_progress:
        return assignees_text(t, task.assignees)
    return ", ".join(
        t("export.part_done", name=assignee_text(a)) if a.done_at else assignee_text(a)
        for a in shown_once(task.assignees)
    )


def deadline_text(t: Translator, due: Due | None, timezone: str) -> str:
    """A deadline as people read it (with its time when one was given), or "no deadline"."""
    if due is None:
        return t("task.no_deadline")
    return t.due(due.utc, due.precision, timezone)


def unconfirmed(task: Task) -> bool:
    """Whether the bot still asks about the deadline of the open ``task`` (a doubtful reading,
    not yet kept nor changed), so that it is not reminded of."""
    return task.status is TaskStatus.OPEN and task.due is not None and not task.due_confirmed


def due_text(
    t: Translator, task: Task, timezone: str, decided: DeadlineChange | None = None
) -> str:
    """The deadline as people read it, or "no deadline", marked when it is still to be
    confirmed. With ``decided`` (the minutes of a meeting whose decision changed since), the
    deadline decided at the meeting, then the one it was changed to and on which day."""
    mark = unconfirmed(task)
    if decided is None:
        due = deadline_text(t, task.due, timezone)
        if mark:
            due += " " + t("export.due.unconfirmed")
    else:
        day = t.date(local(decided.at, timezone).date(), weekday=False)
        now = deadline_text(t, task.due, timezone)
        key = "export.due.changed_unconfirmed" if mark else "export.due.changed"
        due = deadline_text(t, decided.before, timezone) + " " + t(key, due=now, date=day)
    if task.recurrence:  # the minutes' tables have no column of their own for it
        due += " · " + t("task.repeats_short", rule=repeats_text(t, task, timezone))
    return due


def repeats_text(t: Translator, task: Task, timezone: str) -> str:
    """How often a recurring task repeats, or an empty text."""
    if not task.recurrence:
        return ""
    month = local(task.due.utc, timezone).month if task.due else None
    return describe(t, task.recurrence, month)


def status_text(t: Translator, status: TaskStatus) -> str:
    """``đang mở``, ``đã xong`` or ``đã huỷ``, without the emoji of the chat messages."""
    return t(f"export.status.{status.value}")


def status_at(t: Translator, task: Task, at: datetime) -> str:
    """The task's status at ``at``: an open task past its deadline is ``quá hạn``."""
    if task.status is TaskStatus.OPEN and task.due is not None and task.due.utc < at:
        return t("export.status.overdue")
    return status_text(t, task.status)


def with_parts(t: Translator, task: Task, status: str) -> str:
    """``status`` (the task's, as a file says it); of a task for several in progress, with how
    many parts are done."""
    if not task.in_progress:
        return status
    done, total = len(task.parts_done), len(task.assignees)
    return t("export.status_parts", status=status, done=done, total=total)


def note_text(t: Translator, note: TaskNote, timezone: str) -> str:
    """A progress note with its day and author: ``08/07/2022, Lan: đã gửi bản nháp``."""
    day = t.date(local(note.at, timezone).date(), weekday=False)
    if note.author is None:
        return t("export.note_anonymous", date=day, text=note.text)
    return t("export.note", date=day, author=note.author, text=note.text)


def latest_note(t: Translator, minutes: Minutes, task: Task) -> str | None:
    """``Ghi chú mới nhất: …`` under a task of the minutes, or None when it has no note."""
    note = minutes.notes.get(task.id)
    if note is None:
        return None
    return t("export.latest_note", note=note_text(t, note, minutes.chat.timezone))


def task_columns(t: Translator) -> list[str]:
    """The headers of the minutes' tasks table (Markdown and Word)."""
    keys = ("number", "task", "assignees", "deadline", "status")
    return [t(f"export.column.{key}") for key in keys]


def task_cells(t: Translator, minutes: Minutes) -> list[list[str]]:
    """One row of text per task of the minutes: number, title, assignees, deadline (as decided
    at the meeting, and what it was changed to since), status."""
    tz = minutes.chat.timezone
    return [
        [
            str(task.number),
            task.title,
            task_assignees_text(t, task),
            due_text(t, task, tz, minutes.decided.get(task.id)),
            with_parts(t, task, status_text(t, task.status)),
        ]
        for task in minutes.tasks
    ]


def change_lines(t: Translator, minutes: Minutes) -> list[str]:
    """``#3 title: before → after``: the deadlines of other tasks changed during the meeting."""
    tz = minutes.chat.timezone
    return [
        t(
            "export.minutes.changed_item",
            number=change.task.number,
            title=one_line(change.task.title),
            before=deadline_text(t, change.before, tz),
            after=deadline_text(t, change.after, tz),
        )
        for change in minutes.changes
    ]


def one_line(text: str) -> str:
    """``text`` with its line breaks turned into spaces, for a table cell or a list item."""
    return " ".join(text.split())


def slug(text: str) -> str:
    """``Biên bản họp 3`` as ``bien-ban-hop-3``: lower-case ASCII letters, digits and hyphens,
    safe as a file name everywhere."""
    return _NOT_IN_FILE_NAMES.sub("-", fold(text)).strip("-") or "export"
