"""What the minutes of a meeting say about deadlines, read from the audit trail.

A task's ``create`` event holds the deadline it was recorded with, each ``deadline`` event a
change (before and after), each ``due_zone`` event a date re-anchored in a new time zone (the
same day there: no change of the deadline). From them, for the tasks recorded in a meeting, the
deadline decided at it: the one they had when it ended (a correction made during the meeting is
what was decided), or when a task typed during it was stored, if that was later; and for the
other tasks, the deadlines changed while it was held.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, time
from zoneinfo import ZoneInfo

from bot.domain import Chat, DeadlineChange, Due, HistoryEntry, Meeting, Task
from bot.settings_change import due_in_zone
from storage import UnitOfWork

DEADLINE_EVENTS = ("create", "deadline", "due_zone")
PRECISIONS = frozenset({"time", "day", "period"})
_DAY_END = time(23, 59, 59)  # a deadline given as a day is due at its end


def recorded_due(values: Mapping[str, object] | None, timezone: str) -> Due | None:
    """The deadline an event's ``before`` or ``after`` holds (None: none, or unreadable).

    Events written before the trail kept the precision: a deadline at 23:59:59 on the wall
    clock of ``timezone`` (the chat's zone when the event was written) was given as a day.
    """
    values = values or {}
    raw = values.get("due")
    if not isinstance(raw, str):
        return None
    try:
        instant = datetime.fromisoformat(raw)
    except ValueError:
        return None
    precision = values.get("precision")
    if precision not in PRECISIONS:
        at_day_end = instant.astimezone(ZoneInfo(timezone)).time() == _DAY_END
        precision = "day" if at_day_end else "time"
    text = values.get("text")
    return Due(instant, str(precision), text if isinstance(text, str) else "")


def same_deadline(one: Due | None, other: Due | None) -> bool:
    """Whether two deadlines are the same instant (or both none)."""
    if one is None or other is None:
        return one is other
    return one.utc == other.utc


def _zones(events: Sequence[HistoryEntry], timezone: str) -> list[str]:
    """The chat's zone when each event was written: the zone a later ``due_zone`` left."""
    zones, zone = [], timezone
    for event in reversed(events):
        if event.action == "due_zone":
            zone = str((event.before or {}).get("timezone") or zone)
        zones.append(zone)
    return zones[::-1]


def decided_at_meeting(
    task: Task, events: Sequence[HistoryEntry], ended_at: datetime, timezone: str
) -> DeadlineChange | None:
    """The deadline decided for ``task`` at a meeting that ended at ``ended_at`` and the one it
    has now, when they differ (``at``: the latest change since); None when it did not change,
    or when the trail has no record of its creation."""
    decided: Due | None = None
    cutoff: datetime | None = None
    changed_at: datetime | None = None
    for event, zone in zip(events, _zones(events, timezone), strict=True):
        if event.action == "create":
            decided, cutoff = recorded_due(event.after, zone), max(ended_at, event.at)
        elif cutoff is None:
            continue
        elif event.action == "deadline":
            if event.at <= cutoff:
                decided = recorded_due(event.after, zone)
            else:
                changed_at = event.at
        elif event.action == "due_zone" and decided is not None:
            before, after = event.before or {}, event.after or {}
            decided = due_in_zone(decided, str(before.get("timezone")), str(after.get("timezone")))
    if changed_at is None or same_deadline(decided, task.due):
        return None
    return DeadlineChange(task, decided, task.due, changed_at)


def changed_during(
    events: Sequence[tuple[int, HistoryEntry]], tasks: Mapping[int, Task], timezone: str
) -> tuple[DeadlineChange, ...]:
    """The ``deadline`` events of a meeting told as one change per task (from before the first
    to after the last), by task number; a deadline changed and changed back is left out."""
    first: dict[int, HistoryEntry] = {}
    last: dict[int, HistoryEntry] = {}
    for task_id, event in events:
        first.setdefault(task_id, event)
        last[task_id] = event
    changes = []
    for task_id, event in first.items():
        task = tasks.get(task_id)
        if task is None:
            continue
        before = recorded_due(event.before, timezone)
        after = recorded_due(last[task_id].after, timezone)
        if not same_deadline(before, after):
            changes.append(DeadlineChange(task, before, after, last[task_id].at))
    return tuple(sorted(changes, key=lambda change: change.task.number))


async def deadline_record(
    uow: UnitOfWork, chat: Chat, meeting: Meeting, tasks: Sequence[Task]
) -> tuple[dict[int, DeadlineChange], tuple[DeadlineChange, ...]]:
    """For the minutes of ``meeting``: the deadlines of its ``tasks`` decided at it that have
    changed since, by task id (none while it is open: all so far is its decision); and the
    deadlines of other tasks changed while it was held.

    A chat holding two meetings at once, in two forum topics, has the changes made while both
    were open in the minutes of both: the trail does not say in which topic a change was sent.
    """
    timezone = chat.timezone
    decided: dict[int, DeadlineChange] = {}
    if meeting.ended_at is not None:
        trails: dict[int, list[HistoryEntry]] = {task.id: [] for task in tasks}
        ids = list(trails)
        for task_id, event in await uow.audit.task_events(chat.id, DEADLINE_EVENTS, task_ids=ids):
            trails[task_id].append(event)
        for task in tasks:
            change = decided_at_meeting(task, trails[task.id], meeting.ended_at, timezone)
            if change is not None:
                decided[task.id] = change
    own = {task.id for task in tasks}
    during = [
        (task_id, event)
        for task_id, event in await uow.audit.task_events(
            chat.id, ("deadline",), since=meeting.started_at, until=meeting.ended_at
        )
        if task_id not in own
    ]
    others = await uow.tasks.by_ids({task_id for task_id, _ in during})
    return decided, changed_during(during, others, timezone)
