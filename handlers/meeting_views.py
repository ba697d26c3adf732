"""Rendering meetings: the opening message, attendance and the minutes."""

from __future__ import annotations

from datetime import datetime
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.domain import Meeting, Minutes, Task, TaskStatus
from bot.exports.text import deadline_text, due_text, meeting_when
from bot.i18n import Translator
from bot.services.meetings import Attendance, MeetingOpened
from handlers.paging import LIST_BUDGET
from handlers.views import (
    DONE_PREFIX,
    awaited_html,
    fit,
    progress_line,
    short,
    task_line,
)

PRESENT_PREFIX = "att:"
MINUTES_PREFIX = "exp:"  # exp:<meeting number>:<md|docx>, the buttons under the minutes
CARRIED_BUTTONS = 8  # done buttons under the opening message, two a row
# Characters quoted back in an attendance answer, so that it stays within Telegram's limit.
NAMES_SHOWN = 600  # the names just recorded or taken off
PRESENT_SHOWN = 1000  # everyone present
UNCLEAR_SHOWN = 100  # a name typed that is not recorded


def meeting_name(t: Translator, meeting: Meeting) -> str:
    """``Meeting #3: title`` (or ``Meeting #3`` when it has no title)."""
    if not meeting.title:
        return t("meeting.name_untitled", number=meeting.number)
    return t("meeting.name", number=meeting.number, title=escape(meeting.title))


def present_keyboard(t: Translator, meeting: Meeting) -> InlineKeyboardMarkup:
    """The button members press to say they are present."""
    button = InlineKeyboardButton(
        t("button.present"), callback_data=f"{PRESENT_PREFIX}{meeting.number}"
    )
    return InlineKeyboardMarkup([[button]])


def opened_keyboard(t: Translator, result: MeetingOpened) -> InlineKeyboardMarkup:
    """The present button, then a done button for each of the first open tasks carried over
    (those are what the meeting goes through first)."""
    shown = _carried(result)[:CARRIED_BUTTONS]
    done = [
        InlineKeyboardButton(
            t("button.done_n", number=task.number), callback_data=f"{DONE_PREFIX}{task.number}"
        )
        for task in shown
        if task.status is TaskStatus.OPEN
    ]
    rows = present_keyboard(t, result.meeting).inline_keyboard
    return InlineKeyboardMarkup([*rows, *(done[i : i + 2] for i in range(0, len(done), 2))])


def minutes_keyboard(t: Translator, minutes: Minutes) -> InlineKeyboardMarkup:
    """The minutes as a document to share: Word or Markdown."""
    data = f"{MINUTES_PREFIX}{minutes.meeting.number}"
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(t("button.minutes_docx"), callback_data=f"{data}:docx"),
                InlineKeyboardButton(t("button.minutes_md"), callback_data=f"{data}:md"),
            ]
        ]
    )


def _carried(result: MeetingOpened) -> list[Task]:
    """The tasks carried over, overdue first, as the opening message lists them."""
    at = result.meeting.started_at
    return sorted(result.carried_over, key=lambda task: not _overdue(task, at))


def _overdue(task: Task, at: datetime) -> bool:
    return task.status is TaskStatus.OPEN and task.due is not None and task.due.utc < at


def meeting_opened(t: Translator, result: MeetingOpened) -> str:
    """The answer to ``/meeting``: what is recorded from now on, and what is still open."""
    meeting, tz = result.meeting, result.chat.timezone
    head = "\n".join(
        [
            t("meeting.opened", name=meeting_name(t, meeting)),
            t("meeting.opened_hint"),
        ]
    )
    if not result.carried_over:
        return head + "\n\n" + t("meeting.nothing_open")
    tasks = _carried(result)
    lines = [head + "\n\n" + t.plural("meeting.carried_over", len(tasks))]
    for task in tasks:
        lines.append(task_line(t, task, tz, overdue=_overdue(task, meeting.started_at)))
    return fit(t, lines, more="meeting.carried_more")


def attendance(t: Translator, result: Attendance) -> str:
    """Who was just recorded as present."""
    lines = []
    if result.added:
        lines.append(t("present.added", names=escape(", ".join(result.added))))
    if result.already:
        lines.append(t("present.already", names=escape(", ".join(result.already))))
    return "\n".join(lines)


def attendance_changed(t: Translator, result: Attendance) -> str:
    """The answer to ``/present`` and ``/present remove``: what changed, each name left
    unclear with what it may mean and the command to send again, then everyone present now
    (one line, short enough for a phone; /minutes lists them all)."""
    if result.removing:
        changed = [t("present.removed", names=_names(result.removed))] if result.removed else []
    else:
        changed = [t("present.recorded", names=_names(result.added))] if result.added else []
        if result.already:
            changed.append(t("present.already", names=_names(result.already)))
    if not changed:
        changed = [t("present.nothing_removed" if result.removing else "present.nothing")]
    prefix = "present.remove_" if result.removing else "present."
    for unclear in result.unclear:
        name = escape(short(unclear.text, UNCLEAR_SHOWN))
        if not unclear.candidates:
            changed.append(t(f"{prefix}unknown", name=name))
            continue
        names, example = escape(", ".join(unclear.candidates)), escape(unclear.example)
        changed.append(t(f"{prefix}which", name=name, names=names, example=example))
    everyone = result.everyone
    if everyone:
        tail = t("present.list", count=len(everyone), names=_names(everyone, PRESENT_SHOWN))
    else:
        tail = t("present.none")
    return fit(t, changed, "\n", budget=LIST_BUDGET - len(tail)) + "\n" + tail


def _names(names: list[str], limit: int = NAMES_SHOWN) -> str:
    return escape(short(", ".join(names), limit))


def minutes_text(t: Translator, minutes: Minutes) -> str:
    """The minutes of a meeting as a Telegram message: title, date, attendees and absent
    organisations, decisions, tasks with their assignees and deadlines (as decided at the
    meeting, and what they were changed to since), and the deadlines changed during it."""
    meeting, tz = minutes.meeting, minutes.chat.timezone
    when = meeting_when(t, meeting, tz)  # the same words as the exported minutes
    head = [
        t("minutes.title", name=meeting_name(t, meeting)),
        t("minutes.when", when=when),
        t("minutes.attendees", names=escape(", ".join(minutes.attendees)) or t("minutes.nobody")),
    ]
    if minutes.absent:
        head.append(t("minutes.absent", names=escape(", ".join(minutes.absent))))
    parts = ["\n".join(head)]
    decisions, tasks = len(minutes.decisions), len(minutes.tasks)
    parts.append(
        t.plural("minutes.decisions", decisions) if decisions else t("minutes.no_decisions")
    )
    parts.extend(
        t("minutes.decision", number=d.number, text=escape(short(d.text)))
        for d in minutes.decisions
    )
    parts.append(t.plural("minutes.tasks", tasks) if tasks else t("minutes.no_tasks"))
    for task in minutes.tasks:
        line = t(
            "tasks.item",
            number=task.number,
            title=escape(short(task.title)),
            assignees=awaited_html(t, task),  # of a task for several in progress: who is left
            # As decided at the meeting, and what it was changed to since: as in the files.
            due=escape(due_text(t, task, tz, minutes.decided.get(task.id))),
        )
        if task.status is not TaskStatus.OPEN:
            line += " " + t(f"status.{task.status.value}")
        if progress := progress_line(t, task):  # and who is done
            line += f"\n   {progress}"
        parts.append(line)
    if minutes.changes:
        parts.append(t("minutes.changed"))
        parts.extend(
            t(
                "minutes.changed_item",
                number=change.task.number,
                title=escape(short(change.task.title)),
                before=escape(deadline_text(t, change.before, tz)),
                after=escape(deadline_text(t, change.after, tz)),
            )
            for change in minutes.changes
        )
    # The Word button under the minutes has every item the message has no room for.
    return fit(t, parts, more="minutes.more")
