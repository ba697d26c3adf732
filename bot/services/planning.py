"""Keeping a task's reminder rows in step with its deadline and its chat's plan."""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import date, datetime, timedelta

from bot.deadlines import Deadline, ParseResult, Shift, apply_shift, parse_deadline, reading_order
from bot.domain import Chat, Due, ReminderKind, Task, TaskStatus
from bot.errors import InvalidInput
from bot.reminders.plan import Policy, digest_week, next_digest, plan
from bot.services.scope import Scope


def policy_of(chat: Chat) -> Policy:
    """The chat's reminder settings as the planner wants them."""
    return Policy(
        timezone=chat.timezone,
        morning_hour=chat.morning_hour,
        quiet_start=chat.quiet_start,
        quiet_end=chat.quiet_end,
        offsets=chat.reminder_offsets,
        holidays=chat.holiday_country,
        weekends_off=chat.weekends_off,
    )


async def replan(scope: Scope, task: Task, *, same_deadline: bool = False) -> None:
    """Drop the task's reminders still to come and plan them again from its deadline, if it has
    one. Re-planning changes only the future: a reminder already due and not sent is being
    sent, or waits for its retry (a 502, a 429), and goes out as a message already sent would
    have; the new plan starts after now.

    ``same_deadline``: the chat's settings changed, not the deadline (nor the task: a reopened
    one is reminded afresh). The steps of its plan already sent, or being sent, are then not
    planned again at the time the new settings give them: a morning hour set later just after
    the morning's reminders went out does not send them a second time that day. Nor are the
    steps still to come lost: one the new settings put before now (a morning hour set earlier,
    already past) goes out now (see :func:`bot.reminders.plan.plan`).
    """
    reminders = scope.uow.reminders
    # A snooze ("remind me tomorrow") is the presser's, and stays when the settings change.
    dropped = await reminders.cancel_pending(task.id, scope.now, keep_snooze=same_deadline)
    done: set[int] = set()
    owed: set[int] = set()
    snoozed = await reminders.snoozed_until(task.id) if same_deadline else None
    if same_deadline and task.due is not None:
        done = await scope.uow.reminders.steps_done(task.id, task.due.utc, scope.now)
        # An overdue notice is owed only when it was for today: those of a task recorded after
        # its deadline start from the morning after it was recorded, and counted again from
        # the deadline they would all be past, sent at once.
        zone = policy_of(scope.chat).zone
        today = scope.now.astimezone(zone).date()
        owed = {
            step
            for due_at, step, fire_at in dropped
            if due_at == task.due.utc and (step >= 0 or fire_at.astimezone(zone).date() <= today)
        }
    await plan_reminders(scope, task, done, owed, snoozed)


async def plan_reminders(
    scope: Scope,
    task: Task,
    done: Collection[int] = frozenset(),
    owed: Collection[int] = frozenset(),
    snoozed: datetime | None = None,
) -> None:
    """Plan the reminders of a task that has none pending (a new one), if it is open and has a
    deadline, less the steps ``done``; the steps ``owed`` are not lost (see ``plan``). A task
    ``snoozed`` until then gets none of its reminders before the deadline until then (the
    snooze put them off, ``DeadlineService.snooze``)."""
    if task.status is TaskStatus.OPEN and task.due is not None:
        planned = new_reminders(scope, task.due, task.due_confirmed, done, owed)
        if snoozed is not None:
            planned = [p for p in planned if p[1] not in _SNOOZABLE or p[0] > snoozed]
        await scope.uow.reminders.add_plan(scope.chat.id, task.id, task.due.utc, planned)


_SNOOZABLE = (ReminderKind.BEFORE, ReminderKind.DUE)  # the kinds a snooze puts off


def new_reminders(
    scope: Scope,
    due: Due | None,
    confirmed: bool,
    done: Collection[int] = frozenset(),
    owed: Collection[int] = frozenset(),
) -> list[tuple[datetime, ReminderKind, int]]:
    """The reminders of an open task with none pending (a new one) and deadline ``due`` (none
    without one, or while it is not confirmed), less the steps ``done`` and keeping those
    ``owed`` (see ``plan``), to be stored with their steps; the timer hears of the first."""
    if due is None or not confirmed:
        return []
    planned = plan(due, scope.now, policy_of(scope.chat), done, owed)
    if planned:
        scope.planned.append(planned[0].fire_at)
    return [(p.fire_at, p.kind, p.step) for p in planned]


SAME_WEEK = timedelta(days=2)


async def plan_digest(scope: Scope) -> None:
    """Plan the chat's next weekly digest (replacing the one still to come), if it wants
    digests.

    A change never skips a week's digest: when the one still to come moves to an hour already
    past (a Monday morning hour set earlier, a zone where Monday's morning is over), it goes
    out now rather than next week. The digest and the morning reminders it merges with move
    alike, and the re-plan drops the reminders still to come: the digest is then the one
    message about the tasks of the day. Nor does a change send a week's digest twice: one
    already due stays (it is being sent, or waits for its retry or for its chat to come back,
    with the reminders of its minute), and, like one sent, it is the week's; the next is the
    following week's, whatever hour the change now gives this Monday.
    """
    policy = policy_of(scope.chat)
    dropped = await scope.uow.reminders.cancel_digests(scope.chat.id, scope.now)
    if scope.chat.digest_enabled:
        at = next_digest(scope.now, policy)
        # The same week's digest, at another hour or in another zone, is a day away at most
        # from its Monday, or later in the week (a Monday off); last week's, moved by days
        # off, went out by Friday.
        this_week = digest_week(at, policy) - SAME_WEEK
        if any(pending < this_week for pending in dropped):
            at = scope.now
        elif await scope.uow.reminders.digest_after(scope.chat.id, this_week):
            at = next_digest(at, policy)
        await scope.uow.reminders.add(scope.chat.id, None, [(at, ReminderKind.DIGEST)])
        scope.planned.append(at)


def read_deadline(
    scope: Scope, text: str, *, strict: bool = True
) -> tuple[ParseResult, Due | None]:
    """Find the deadline in ``text`` as the chat means it; an impossible date is refused, or
    when not ``strict`` (the text is not read for a deadline to set), no deadline."""
    chat = scope.chat
    parsed = parse_deadline(
        text,
        now=scope.now,
        tz=chat.timezone,
        languages=reading_order(chat.language),
    )
    if parsed.error is not None and strict:
        phrase = parsed.error_detail or text[:80]
        swapped = day_first(phrase)
        if swapped:
            raise InvalidInput("deadline.invalid_month_first", phrase=phrase, swapped=swapped)
        raise InvalidInput("deadline.invalid", phrase=phrase)
    return parsed, _due(parsed.deadline)


_NUMERIC_DATE = re.compile(r"(\d{1,2})([/.-])(\d{1,2})(?:\2(\d{4}|\d{2}))?(?!\d)")


def day_first(phrase: str) -> str:
    """The refused date ``phrase`` ("12/15", "12/15/2022 5pm") written day first ("15/12",
    "15/12/2022") when it reads as a real date only month first, else ""."""
    found = _NUMERIC_DATE.match(phrase.strip())
    if found is None:
        return ""
    first, sep, second, year = found.groups()
    # Without a year, any year will do: 2/29 is 29 February of a leap year.
    full_year = 2000 if year is None else int(year) + (2000 if len(year) == 2 else 0)
    try:
        date(full_year, int(first), int(second))
    except ValueError:
        return ""
    return sep.join([second, first, *([year] if year else [])])


def shifted_deadline(scope: Scope, task: Task, shift: Shift) -> tuple[ParseResult, Due | None]:
    """The deadline ``task`` gets when its own moves by ``shift``, read as a deadline typed (to
    be asked about when past or far); refused when it has none to move, or when hours move a
    deadline without a time of day."""
    if task.due is None:
        raise InvalidInput("deadline.shift.no_deadline", number=task.number)
    if shift.needs_time and task.due.precision != "time":
        raise InvalidInput("deadline.shift.no_time", number=task.number)
    parsed = apply_shift(
        shift,
        due_utc=task.due.utc,
        precision=task.due.precision,
        now=scope.now,
        tz=scope.chat.timezone,
    )
    return parsed, _due(parsed.deadline)


def alternative_due(parsed: ParseResult) -> Due | None:
    """The one other deadline the words may mean (see ParseResult.alternative), for the
    warning that asks to check the deadline to name it."""
    return _due(parsed.alternative)


def _due(found: Deadline | None) -> Due | None:
    return None if found is None else Due(found.due_utc, found.precision.value, found.text)
