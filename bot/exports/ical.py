"""The open deadlines of a chat as an iCalendar file (``.ics``), written with icalendar.

One event per open task with a deadline: all day on the deadline's date when the deadline is a
day or a period ("cuối tháng 7"), at the deadline's time (with the chat's TZID) when a time was
said. Each has a reminder a day before (for an all-day event, on the morning before, at the
chat's morning hour) and a UID made of the task's id and the chat's, so importing the file
again updates the events instead of duplicating them.
"""

from __future__ import annotations

from datetime import timedelta

from icalendar import Alarm, Calendar, Event, vRecur

from bot.domain import Task, TaskStatus
from bot.exports.request import ExportData
from bot.exports.text import local, task_assignees_text, unconfirmed
from bot.i18n import Translator

PRODUCT = "-//followup-bot//Meeting follow-ups//EN"
UID_DOMAIN = "followup-bot"


def open_deadlines(data: ExportData) -> list[Task]:
    """The open tasks that have a deadline, soonest first."""
    tasks = [
        item.task
        for item in data.tasks
        if item.task.status is TaskStatus.OPEN and item.task.due is not None
    ]
    return sorted(tasks, key=lambda task: (task.due.utc if task.due else data.at, task.number))


def task_uid(task: Task, chat_telegram_id: int) -> str:
    """The event's stable UID: the same task of the same chat always gets the same one."""
    return f"task-{task.id}-chat-{chat_telegram_id}@{UID_DOMAIN}"


def _event(t: Translator, data: ExportData, task: Task) -> Event:
    assert task.due is not None
    chat = data.chat
    summary = f"#{task.number} {task.title}"
    event = Event()
    event.add("uid", task_uid(task, chat.telegram_id))
    event.add("dtstamp", data.at)
    event.add("summary", summary)
    lines = [t("export.ics.assignees", names=task_assignees_text(t, task))]
    if task.due.text:
        lines.append(t("export.ics.said", text=task.due.text))
    if unconfirmed(task):
        lines.append(t("export.ics.unconfirmed"))
    event.add("description", "\n".join(lines))
    due = local(task.due.utc, chat.timezone)
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", t("export.ics.alarm", summary=summary))
    if task.due.precision == "time":
        event.add("dtstart", due)
        alarm.add("trigger", timedelta(days=-1))
    else:
        event.add("dtstart", due.date())
        event.add("dtend", due.date() + timedelta(days=1))
        alarm.add("trigger", timedelta(hours=chat.morning_hour - 24))
    event.add_component(alarm)
    if task.recurrence:  # the stored rule is already RFC 5545's
        event.add("rrule", vRecur.from_ical(task.recurrence))
    return event


def deadlines_ics(t: Translator, data: ExportData) -> bytes:
    """Every open deadline of the chat as a calendar a phone imports."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add(
        "x-wr-calname", t("export.ics.name", chat=data.chat.title or data.chat.telegram_id)
    )
    calendar.add("x-wr-timezone", data.chat.timezone)
    for task in open_deadlines(data):
        calendar.add_component(_event(t, data, task))
    calendar.add_missing_timezones()
    for timezone in calendar.timezones:
        # icalendar writes an English COMMENT on the years its VTIMEZONE covers (1970-2038):
        # no reader needs it, and the file is otherwise in the chat's language.
        timezone.pop("COMMENT", None)
    return bytes(calendar.to_ical())
