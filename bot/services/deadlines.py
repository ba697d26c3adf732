"""Changing, confirming and snoozing deadlines; each re-plans the task's reminders."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.deadlines import ParseResult, parse_shift
from bot.domain import Chat, Due, ReminderKind, Task, TaskStatus
from bot.errors import InvalidInput, NotFound
from bot.reminders.plan import out_of_quiet_hours
from bot.services.base import RequestContext, Service
from bot.services.planning import (
    alternative_due,
    policy_of,
    read_deadline,
    replan,
    shifted_deadline,
)
from bot.services.scope import Scope
from bot.services.tasks import parse_task_number

SNOOZE = timedelta(days=1)
SNOOZE_MERGE = timedelta(hours=1)  # an overdue notice this close before a snooze is it


@dataclass(frozen=True, slots=True)
class DeadlineChanged:
    """A task whose deadline was set, kept or snoozed."""

    chat: Chat
    task: Task
    confirm_reasons: tuple[str, ...] = ()
    previous: Due | None = None  # /deadline: the deadline it replaced (None: it had none)
    alternative: Due | None = None  # the new deadline's one other reading, for its warning


class DeadlineService(Service):
    """Use cases around a task's deadline."""

    async def change(self, ctx: RequestContext, text: str) -> DeadlineChanged:
        """``/deadline <n> <phrase>``: give task n the deadline the phrase means, or move the
        one it has ("lùi 1 tuần", "+3d": see bot.deadlines.parse_shift)."""
        number_text, _, phrase = text.strip().partition(" ")
        async with self._scope(ctx) as scope:
            await scope.require_manager()
            if not number_text or not phrase.strip():
                raise InvalidInput("deadline.usage")
            task = await self._open_task(scope, number_text)
            shift = parse_shift(phrase)  # "lùi 1 tuần": a move of the deadline it has
            if shift is not None:
                parsed, due = shifted_deadline(scope, task, shift)
            else:
                parsed, due = read_deadline(scope, phrase)
            if due is None:
                raise InvalidInput("deadline.not_understood", phrase=phrase.strip()[:80])
            changed = await set_deadline(scope, task, parsed, due)
            await scope.uow.commit()
            reasons, other = tuple(parsed.confirm_reasons), alternative_due(parsed)
            return DeadlineChanged(scope.chat, changed, reasons, task.due, other)

    async def confirm(self, ctx: RequestContext, number_text: str) -> DeadlineChanged:
        """The "keep" button: the deadline as understood is what was meant."""
        async with self._scope(ctx) as scope:
            await scope.require_manager()
            task = await self._open_task(scope, number_text)
            await scope.uow.tasks.set_due(scope.chat.id, task.number, task.due, True, scope.now)
            return await self._finish(scope, task.number)

    async def change_hint(self, ctx: RequestContext, number_text: str) -> tuple[Chat, str]:
        """What the "Change" button tells its presser about task n, by their rights: ``manager``
        (they change it with /deadline), ``hand`` (they answer for the task: they ask for a new
        deadline with /note) or ``member`` (they ask the secretary)."""
        async with self._scope(ctx) as scope:
            if await scope.can_manage():
                who = "manager"
            else:
                task = await scope.uow.tasks.get(scope.chat.id, parse_task_number(number_text))
                hand = (
                    task is not None
                    and task.status is TaskStatus.OPEN
                    and await scope.answers_for(task)
                )
                who = "hand" if hand else "member"
            await scope.uow.commit()
            return scope.chat, who

    async def snooze(self, ctx: RequestContext, number_text: str) -> DeadlineChanged:
        """The snooze button: remind about task n again in a day (outside the quiet hours).

        What the presser means is "not now, remind me tomorrow", and anyone who answers for
        the task may press it, so it changes only what is theirs to put off:
        - the reminders of the task planned before its deadline until then go (tomorrow
          brings the one reminder), and so does an earlier snooze: pressing twice moves the
          one snooze, it adds none;
        - the overdue notices stay: the deadline passing is the group's news (the other
          assignees and the secretary hear of it), not the presser's to silence. When one
          of them falls due within the hour before the snooze, it is that reminder, and no
          snooze is added (two messages of one task within an hour are noise).
        """
        async with self._scope(ctx) as scope:
            task = await self._open_task(scope, number_text)
            await scope.require_task_hand(task)
            again = out_of_quiet_hours(scope.now + SNOOZE, policy_of(scope.chat))
            reminders = scope.uow.reminders
            await reminders.cancel_kinds(task.id, (ReminderKind.SNOOZE,))
            await reminders.cancel_kinds(task.id, (ReminderKind.BEFORE, ReminderKind.DUE), again)
            if not await reminders.pending_between(
                task.id, ReminderKind.OVERDUE, again - SNOOZE_MERGE, again
            ):
                await reminders.add(scope.chat.id, task.id, [(again, ReminderKind.SNOOZE)])
                scope.planned.append(again)
            await scope.uow.commit()
            return DeadlineChanged(scope.chat, task)

    async def _open_task(self, scope: Scope, number_text: str) -> Task:
        number = parse_task_number(number_text, "number.invalid.deadline")
        task = await scope.uow.tasks.get(scope.chat.id, number)
        if task is None:
            raise NotFound("task.not_found", number=number)
        require_open(task)
        return task

    async def _finish(self, scope: Scope, number: int) -> DeadlineChanged:
        task = await scope.uow.tasks.get(scope.chat.id, number)
        assert task is not None  # it was read in this same transaction
        await replan(scope, task)
        await scope.uow.commit()
        return DeadlineChanged(scope.chat, task)


def require_open(task: Task) -> None:
    """Refuse to change the deadline of a closed task: it has no reminders to follow it."""
    if task.status is not TaskStatus.OPEN:
        raise InvalidInput("task.not_open", number=task.number)


async def set_deadline(scope: Scope, task: Task, parsed: ParseResult, due: Due) -> Task:
    """Give the open ``task`` the deadline ``due`` read in ``parsed`` (to be confirmed when the
    reading was unsure), audit the change and re-plan the reminders; the task as it now is.

    ``/deadline`` and ``/edit`` with a deadline in the new wording both change it here."""
    await scope.uow.tasks.set_due(scope.chat.id, task.number, due, not parsed.confirm, scope.now)
    await scope.audit(
        "deadline",
        "task",
        task.id,
        before={"due": task.due.utc.isoformat() if task.due else None},
        after={"due": due.utc.isoformat(), "text": due.text, "precision": due.precision},
    )
    changed = await scope.uow.tasks.get(scope.chat.id, task.number)
    assert changed is not None  # it was read in this same transaction
    await replan(scope, changed)
    return changed
