"""Reminders an older version planned, before the steps of a plan (migration 0010) and days off
(0013): planned again when the bot starts, as a change of the chat's settings plans them.

Such a reminder still to come is a step of a task's plan (before the deadline, on its day,
overdue) stored without its step. Until planned again it would go out on a weekend or a
holiday, and a later change of settings, not knowing which steps were sent, could send one a
second time. Planning again is done once: it leaves none such still to come, and two replicas
starting together take turns (``ReminderRepository.lock_old_plans``).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.domain import Due, ReminderKind
from bot.reminders.plan import DAY
from bot.services.planning import replan
from bot.services.scope import Scope
from storage import Database, UnitOfWork

log = logging.getLogger(__name__)
NOBODY = 0  # the actor of the scope: nobody asked, and nothing is audited


async def replan_old_plans(database: Database, clock: Clock) -> int:
    """Plan again the reminders of the open tasks whose plans an older version stored, one
    transaction per chat; return how many tasks.

    What fell due while the bot was stopped stays and goes out (as a change of settings leaves
    it). The steps it and the reminders already sent were are told by their times
    (:func:`old_steps`) and recorded, so that neither this plan nor a later one sends them
    again.
    """
    async with UnitOfWork(database) as uow:
        chat_ids = await uow.reminders.chats_with_old_plans(clock.now())
    count = 0
    for chat_id in chat_ids:
        try:
            count += await _replan_chat(database, clock, chat_id)
        except Exception:
            # The bot starts all the same: this chat keeps its old plan until the next start (a
            # deadlock with a settings change on another replica, say).
            log.warning(
                "the old reminders of chat %s were not planned again", chat_id, exc_info=True
            )
    if count:
        log.info("planned again the reminders of %d open tasks planned by an older version", count)
    return count


async def _replan_chat(database: Database, clock: Clock, chat_id: int) -> int:
    """Plan again the old reminders of one chat, in one transaction; how many tasks."""
    async with UnitOfWork(database) as uow:
        now = clock.now()
        task_ids = await uow.reminders.lock_old_plans(chat_id, now)
        chat = await uow.chats.get(chat_id)
        if chat is None or not task_ids:  # another replica did it meanwhile
            return 0
        scope = Scope(uow, chat, NOBODY, now)
        zone = ZoneInfo(chat.timezone)
        tasks = (await uow.tasks.by_ids(task_ids)).values()
        for task in tasks:
            if task.due is not None:
                done = await uow.reminders.old_steps_done(task.id, now)
                await uow.reminders.set_steps(task.due.utc, old_steps(task.due, zone, done))
            await replan(scope, task, same_deadline=True)
        await uow.commit()
        return len(tasks)


def old_steps(
    due: Due, zone: ZoneInfo, rows: Sequence[tuple[int, ReminderKind, datetime]]
) -> dict[int, int]:
    """The steps of the plan of deadline ``due`` (``bot.reminders.plan``) that these reminders,
    stored without theirs, were, as far as their times tell (by id): one before the deadline,
    its minutes before it (for a deadline given as a date, its whole days: 0 on the day); an
    overdue notice, -1, -2... in time order. A reminder that cannot be one of this deadline's
    (an earlier deadline's: an overdue notice before it, a reminder before it after it) gets
    none.

    A step stands for those before it too (``plan``): a reminder moved out of the quiet hours
    counts as a later step than it was, which only takes for done steps whose time was past.
    """
    steps: dict[int, int] = {}
    overdue = 0
    for row_id, kind, fire_at in sorted(rows, key=lambda row: row[2]):
        if kind is ReminderKind.OVERDUE:
            if fire_at >= due.utc:
                overdue += 1
                steps[row_id] = -overdue
        elif fire_at < due.utc:
            if due.precision == "time":
                steps[row_id] = int((due.utc - fire_at).total_seconds()) // 60
            else:
                days = due.utc.astimezone(zone).date() - fire_at.astimezone(zone).date()
                steps[row_id] = days.days * DAY
    return steps
