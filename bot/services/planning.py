"""Keeping a task's reminder rows in step with its deadline and its chat's plan."""

from __future__ import annotations

from bot.deadlines import Deadline, ParseResult, parse_deadline, reading_order
from bot.domain import Chat, Due, ReminderKind, Task, TaskStatus
from bot.errors import InvalidInput
from bot.reminders.plan import DIGEST_WEEK, Policy, next_digest, plan
from bot.services.scope import Scope


def policy_of(chat: Chat) -> Policy:
    """The chat's reminder settings as the planner wants them."""
    return Policy(
        timezone=chat.timezone,
        morning_hour=chat.morning_hour,
        quiet_start=chat.quiet_start,
        quiet_end=chat.quiet_end,
        offsets=chat.reminder_offsets,
    )


async def replan(scope: Scope, task: Task) -> None:
    """Drop the task's pending reminders and plan them again from its deadline, if it has one."""
    await scope.uow.reminders.cancel_pending(task.id)
    await plan_reminders(scope, task)


async def plan_reminders(scope: Scope, task: Task) -> None:
    """Plan the reminders of a task that has none pending (a new one), if it has a deadline."""
    if task.status is not TaskStatus.OPEN or task.due is None or not task.due_confirmed:
        return
    planned = plan(task.due, scope.now, policy_of(scope.chat))
    await scope.uow.reminders.add(scope.chat.id, task.id, [(p.fire_at, p.kind) for p in planned])
    if planned:
        scope.planned.append(planned[0].fire_at)


async def plan_digest(scope: Scope) -> None:
    """Plan the chat's next weekly digest (replacing any pending one), if it wants digests.

    A change never skips a week's digest: when the one still to come moves to an hour already
    past (a Monday morning hour set earlier, a zone where Monday's morning is over), it goes
    out now rather than next week. The digest and the morning reminders it merges with move
    alike, and the re-plan drops the reminders now past: the digest is then the one message
    about the tasks of the day.
    """
    dropped = await scope.uow.reminders.cancel_digests(scope.chat.id)
    if scope.chat.digest_enabled:
        at = next_digest(scope.now, policy_of(scope.chat))
        # The same week's digest, at another hour or in another zone, is a day away at most.
        # One due already is being sent, or waits for its chat to come back: not skipped.
        if any(scope.now < pending < at - DIGEST_WEEK / 2 for pending in dropped):
            at = scope.now
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
        raise InvalidInput("deadline.invalid", phrase=parsed.error_detail or text[:80])
    return parsed, _due(parsed.deadline)


def alternative_due(parsed: ParseResult) -> Due | None:
    """The one other deadline the words may mean (see ParseResult.alternative), for the
    warning that asks to check the deadline to name it."""
    return _due(parsed.alternative)


def _due(found: Deadline | None) -> Due | None:
    return None if found is None else Due(found.due_utc, found.precision.value, found.text)
