"""Recurring tasks in the services: reading the phrase, the series' first date, and the next
occurrence recorded when one is closed (see ``bot.recurrence`` for the rules themselves)."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from bot.domain import Due, Task
from bot.errors import InvalidInput
from bot.recurrence import Phrase, build_rule, find_phrase, first_date, next_after, shape
from bot.services.planning import new_reminders
from bot.services.scope import Scope

END_OF_DAY = time(23, 59, 59)  # a date without a time is due at its end, as deadlines are


def cut_recurrence(text: str) -> tuple[str, Phrase | None]:
    """``text`` without the recurrence it says, and that recurrence; one said but not
    understood ("every blue moon") is refused with how to say it, never guessed."""
    phrase = find_phrase(text)
    if phrase is None:
        return text, None
    if phrase.pattern is None:
        raise InvalidInput("recurrence.unknown", phrase=phrase.text[:80])
    if phrase.impossible:
        raise InvalidInput("recurrence.no_such_day", phrase=phrase.text[:80])
    start, end = phrase.span
    return f"{text[:start].rstrip(' ,;')} {text[end:].lstrip(' ,;')}".strip(), phrase


def start_series(scope: Scope, phrase: Phrase | None, due: Due | None) -> tuple[Due | None, str]:
    """The first due date and the rule: the deadline given, else the rule's first date from
    today (a weekday strictly after today, as DEADLINES.md rule 5 says)."""
    if phrase is None or phrase.pattern is None:
        return due, ""
    zone = ZoneInfo(scope.chat.timezone)
    pattern = phrase.pattern
    rule = build_rule(pattern, due.utc.astimezone(zone).date() if due else None)
    said_day = pattern.weekday is not None or pattern.monthday is not None
    today = scope.now.astimezone(zone).date()
    if due is None:
        day = first_date(rule, today, strictly_after=pattern.weekday is not None)
        precision = "day" if said_day or pattern.freq == "DAILY" else "period"
        end = datetime.combine(day, END_OF_DAY, tzinfo=zone).astimezone(UTC)
        due = Due(end, precision, phrase.text)
    elif said_day and due.precision == "time":
        # "every Monday at 9am": a time alone falls today or tomorrow; it is the time of the
        # days the rule names, so the series starts on the first of them.
        local = due.utc.astimezone(zone)
        if first_date(rule, local.date()) != local.date():
            day = first_date(rule, today, strictly_after=pattern.weekday is not None)
            start = datetime.combine(day, local.timetz()).astimezone(UTC)
            due = Due(start, due.precision, f"{phrase.text} {due.text}")
    return due, rule


def next_due(scope: Scope, task: Task) -> Due:
    """The occurrence after the closed one's due date, not after now: a late close neither
    skips a period nor stacks several (one next occurrence, which may already be overdue)."""
    assert task.recurrence is not None
    zone = ZoneInfo(scope.chat.timezone)
    if task.due is None:  # the deadline was taken away: the series goes on from today
        day = first_date(task.recurrence, scope.now.astimezone(zone).date())
        wall, precision = datetime.combine(day, END_OF_DAY, tzinfo=zone), "day"
    else:
        previous = task.due.utc.astimezone(zone)
        wall, precision = next_after(task.recurrence, previous), task.due.precision
    return Due(wall.astimezone(UTC), precision, "")


async def record_next(scope: Scope, task: Task) -> tuple[Task | None, bool]:
    """The occurrence that follows ``task`` (just closed), and whether it is new: one already
    recorded (closed, reopened, closed again) is returned, never a second one."""
    if not task.recurrence or shape(task.recurrence) is None:
        return None, False
    found = await scope.uow.tasks.following(task.id)
    if found is not None:
        return found, False
    due = next_due(scope, task)
    following = await scope.uow.tasks.add(
        chat_id=scope.chat.id,
        title=task.title,
        due=due,
        assignees=task.assignees,
        created_by=scope.actor_id,
        source_message_id=None,
        message_thread_id=task.thread_id,
        now=scope.now,
        meeting_id=task.meeting_id,
        recurrence=task.recurrence,
        previous_id=task.id,
        reminders=new_reminders(scope, due, confirmed=True),
    )
    for entity, after in (
        (task.id, {"number": following.number, "due": due.utc.isoformat()}),
        (following.id, {"previous": task.number, "recurrence": task.recurrence}),
    ):
        await scope.audit(
            "recur_next" if entity == task.id else "recur_from",
            "task",
            entity,
            after=after,
        )
    return following, True
