"""Changing, confirming and snoozing deadlines; each re-plans the task's reminders."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.deadlines import ParseResult, parse_shift
from bot.domain import Chat, Due, ReminderKind, Task, TaskStatus
from bot.errors import InvalidInput, NotAllowed, NotFound
from bot.reminders.plan import next_working, out_of_quiet_hours
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
from bot.text import first_word
from storage import UnitOfWork

SNOOZE = timedelta(days=1)
SNOOZE_MERGE = timedelta(hours=1)  # an overdue notice this close before a snooze is it


@dataclass(frozen=True, slots=True)
class ChangePressed:
    """What the "Change" button does for its presser: ``who`` is ``manager`` (they are asked
    for the new deadline of ``task``, open), ``hand`` (they answer for the task: they ask for a
    new deadline with /note) or ``member`` (they ask the secretary)."""

    chat: Chat
    who: str
    task: Task | None = None


@dataclass(frozen=True, slots=True)
class PromptOvertaken:
    """A reply to a deadline question asked before the task's deadline changed again: nothing
    changed; ``task`` is the task as it now is."""

    chat: Chat
    task: Task


@dataclass(frozen=True, slots=True)
class DeadlineChanged:
    """A task whose deadline was set, kept or snoozed."""

    chat: Chat
    task: Task
    confirm_reasons: tuple[str, ...] = ()
    previous: Due | None = None  # /deadline: the deadline it replaced (None: it had none)
    alternative: Due | None = None  # the new deadline's one other reading, for its warning
    again: datetime | None = None  # the snooze: when the task is reminded again


class DeadlineService(Service):
    """Use cases around a task's deadline."""

    async def change(self, ctx: RequestContext, text: str) -> DeadlineChanged:
        """``/deadline <n> <phrase>``: give task n the deadline the phrase means, or move the
        one it has ("lùi 1 tuần", "+3d": see bot.deadlines.parse_shift)."""
        number_text, phrase = first_word(text)
        async with self._scope(ctx) as scope:
            await scope.require_manager()
            if not number_text or not phrase.strip():
                raise InvalidInput("deadline.usage")
            task = await self._open_task(scope, number_text)
            return await self._change(scope, task, phrase, "deadline.not_understood")

    async def _change(
        self, scope: Scope, task: Task, phrase: str, not_understood: str
    ) -> DeadlineChanged:
        """Give the open ``task`` the deadline ``phrase`` means (or the one it has, moved:
        "lùi 1 tuần"), and commit."""
        shift = parse_shift(phrase)
        if shift is not None:
            parsed, due = shifted_deadline(scope, task, shift)
        else:
            parsed, due = read_deadline(scope, phrase)
        if due is None:
            raise InvalidInput(not_understood, phrase=phrase.strip()[:80], number=task.number)
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

    async def change_pressed(self, ctx: RequestContext, number_text: str) -> ChangePressed:
        """What the "Change" button of task n does for its presser, by their rights: a manager
        is asked for the new deadline (the task must be open), anyone else told who may change
        it and how to ask them."""
        async with self._scope(ctx) as scope:
            if await scope.can_manage():
                task = await self._open_task(scope, number_text)
                await scope.uow.commit()
                return ChangePressed(scope.chat, "manager", task)
            found = await scope.uow.tasks.get(scope.chat.id, parse_task_number(number_text))
            hand = (
                found is not None and found.status is TaskStatus.OPEN and scope.answers_for(found)
            )
            await scope.uow.commit()
            return ChangePressed(scope.chat, "hand" if hand else "member")

    async def prompt_posted(
        self, ctx: RequestContext, task: Task, telegram_chat_id: int, message_id: int
    ) -> None:
        """Remember that message ``message_id`` of chat ``telegram_chat_id`` (the task's chat,
        or the private chat of a manager acting on it) asks the actor for ``task``'s new
        deadline, as :meth:`change_pressed` found it."""
        async with self._scope(ctx) as scope:
            asked_in: int | None = scope.chat.id
            if telegram_chat_id != scope.chat.telegram_id:
                found = await scope.uow.chats.get_by_telegram_id(telegram_chat_id)
                asked_in = found.id if found is not None else None
            if asked_in is None:  # a private chat the bot never recorded: no reply can come
                return
            await scope.uow.prompts.add(
                chat_id=scope.chat.id,
                asked_in=asked_in,
                message_id=message_id,
                task_id=task.id,
                asked_by=scope.actor_id,
                due=task.due,
                now=scope.now,
            )
            await scope.uow.commit()

    async def prompted_chat(self, telegram_chat_id: int, message_id: int) -> int | None:
        """The chat whose task message ``message_id`` of chat ``telegram_chat_id`` asks a
        deadline for, when that is another chat (a private chat acting on a group); None when
        the message asks about its own chat's task, or asks nothing."""
        async with UnitOfWork(self._deps.database) as uow:
            prompt = await uow.prompts.find(telegram_chat_id, message_id)
        if prompt is None or prompt.chat_id == prompt.asked_in:
            return None
        return prompt.chat_id

    async def answer_prompt(
        self, ctx: RequestContext, telegram_chat_id: int, message_id: int, text: str
    ) -> DeadlineChanged | PromptOvertaken | None:
        """A reply to message ``message_id`` of chat ``telegram_chat_id``: when that message is
        a deadline question about one of this chat's tasks, the reply is its answer, read as
        ``/deadline <n> <text>`` is, by whoever was asked. None when it is no such question
        (a reply to another of the bot's messages): nothing is written, nothing is said.

        A question is answered only by whoever was asked (still a manager), about a task still
        open whose deadline did not change since it was asked (:class:`PromptOvertaken`: the
        answer may no longer be meant)."""
        async with self._scope(ctx) as scope:
            prompt = await scope.uow.prompts.find(telegram_chat_id, message_id)
            if prompt is None or prompt.chat_id != scope.chat.id:
                return None
            task = (await scope.uow.tasks.by_ids({prompt.task_id})).get(prompt.task_id)
            if task is None:
                return None
            if prompt.asked_by != scope.actor_id:
                raise NotAllowed(
                    "deadline.prompt.not_yours", name=prompt.asker_name, number=task.number
                )
            await scope.require_manager()
            require_open(task)
            if task.due != prompt.due:
                await scope.uow.commit()
                return PromptOvertaken(scope.chat, task)
            return await self._change(scope, task, text, "deadline.prompt.not_understood")

    async def snooze(self, ctx: RequestContext, number_text: str) -> DeadlineChanged:
        """The snooze button: remind about task n again in a day, outside the quiet hours and
        not on one of the chat's days off: one that would fall on a day off (pressed on a
        Friday, Saturday and Sunday off) goes out at the chat's morning hour of the next
        working day, as an overdue notice moved off a day off does (``plan.next_working``).

        What the presser means is "not now, remind me tomorrow", and anyone who answers for
        the task may press it, so it changes only what is theirs to put off:
        - the reminders of the task planned before its deadline until then go (tomorrow
          brings the one reminder), and so does an earlier snooze: pressing twice moves the
          one snooze, it adds none;
        - the overdue notices stay: the deadline passing is the group's news (the other
          assignees and the secretary hear of it), not the presser's to silence. When one
          of them falls due within the hour before the snooze, it is that reminder, and no
          snooze is added (two messages of one task within an hour are noise);
        - when days off alone put it past the deadline (pressed on a Friday, due Monday 08:00),
          nothing is put off: the task's reminders before the deadline are the snooze.
        """
        async with self._scope(ctx) as scope:
            task = await self._open_task(scope, number_text)
            await scope.require_task_hand(task)
            policy = policy_of(scope.chat)
            tomorrow = out_of_quiet_hours(scope.now + SNOOZE, policy)
            again = next_working(tomorrow, policy)
            reminders = scope.uow.reminders
            await reminders.cancel_kinds(task.id, (ReminderKind.SNOOZE,))
            if task.due is not None and tomorrow < task.due.utc <= again:
                # Days off would put it past the deadline (pressed on a Friday for a Monday
                # morning): the task's own reminders before the deadline stay, and are it.
                following = await reminders.pending_for_task(task.id)
                await scope.uow.commit()
                first = following[0][0] if following else task.due.utc
                return DeadlineChanged(scope.chat, task, again=first)
            await reminders.cancel_kinds(task.id, (ReminderKind.BEFORE, ReminderKind.DUE), again)
            if not await reminders.pending_between(
                task.id, ReminderKind.OVERDUE, again - SNOOZE_MERGE, again
            ):
                await reminders.add(scope.chat.id, task.id, [(again, ReminderKind.SNOOZE)])
                scope.planned.append(again)
            await scope.uow.commit()
            return DeadlineChanged(scope.chat, task, again=again)

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
        before=(
            {"due": task.due.utc.isoformat(), "precision": task.due.precision}
            if task.due
            else {"due": None}
        ),
        after={"due": due.utc.isoformat(), "text": due.text, "precision": due.precision},
    )
    changed = await scope.uow.tasks.get(scope.chat.id, task.number)
    assert changed is not None  # it was read in this same transaction
    await replan(scope, changed)
    return changed
