"""Sending reminders: claim what is due, then record what became of each message.

Each method is one short transaction; the sender (``handlers/reminders.py``) calls Telegram in
between, outside any transaction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from bot.domain import Chat, ReminderKind, Task, TaskStatus
from bot.reminders.plan import DIGEST_WEEK, digest_week, next_digest
from bot.services.base import ServiceDeps
from bot.services.planning import policy_of
from storage import UnitOfWork
from storage.repositories.reminders import ClaimedReminder

# A sender holds its claims this long, renewed before each message; when it dies, another
# replica takes them over after at most this.
LEASE = timedelta(seconds=60)
CLAIM_LIMIT = 100
LATE_AFTER = timedelta(minutes=2)
DIGEST_LIMIT = 50
# The weekly digest goes out on Monday at the chat's morning hour (``plan.next_digest``), the
# minute of its morning reminders: the reminders of that minute join it, one message (their
# lines and buttons, as they are, among the week's). It leaves out a task whose own reminder
# went out this shortly before it (the 07:00 end of the quiet hours, an overdue notice at
# 08:00): a second message about the task within the hour is noise. Only a reminder already
# sent, or sent in the digest itself, counts: a pending one after the digest could still be
# dropped (a morning hour set earlier, a new zone) and leave the task without any message.
# Nor does it name a task whose reminder of its minute another sender took: that one does.
DIGEST_NEAR = timedelta(hours=2)


@dataclass(frozen=True, slots=True)
class ReminderItem:
    """One task to remind about in a message."""

    reminder_id: int
    kind: ReminderKind
    task: Task


@dataclass(frozen=True, slots=True)
class ReminderMessage:
    """What goes out as one message: a chat's reminders due in the same minute."""

    chat: Chat
    fire_at: datetime
    items: list[ReminderItem]
    late: bool

    row_ids: list[int]  # every row it answers for: a task may have two in the same minute
    attempts: int = 0  # how many times these were tried before (for the back-off)
    digest: bool = False  # the weekly digest rather than reminders
    # The notice that its one task was recorded with names kept as typed (ReminderKind.UNANSWERED).
    unanswered: bool = False
    thread_id: int | None = None  # the forum topic it goes to; None: the main thread
    # The language of each private chat a copy goes to (its user's choice there, which may not
    # be the group's); missing: the group's.
    private_languages: Mapping[int, str] = field(default_factory=dict)
    # Those the group (or Telegram, asked before a copy) said left or were removed
    # (``ChatService.member_left``): no private copy reaches them, though their tasks still
    # name them.
    gone: frozenset[int] = frozenset()
    # The digest's overdue tasks whose overdue notices are all behind them: counted in one
    # line, not listed (their four notices said enough; /tasks overdue lists them).
    long_overdue: tuple[Task, ...] = ()

    @property
    def ids(self) -> list[int]:
        """The reminder rows this message delivers."""
        return self.row_ids

    def by_topic(self) -> list[ReminderMessage]:
        """The message cut per forum topic, each part for the topic its tasks were recorded
        in (the main thread first). Reminders are already grouped so; the weekly digest is
        one per chat and is cut here, so that each topic sees its own tasks."""
        topics: dict[int | None, list[ReminderItem]] = defaultdict(list)
        for item in self.items:
            topics[item.task.thread_id].append(item)
        long_overdue: dict[int | None, list[Task]] = defaultdict(list)
        for task in self.long_overdue:
            long_overdue[task.thread_id].append(task)
        order = sorted(
            topics.keys() | long_overdue.keys(),
            key=lambda thread: (thread is not None, thread or 0),
        )
        return [
            replace(
                self,
                items=topics[thread],
                long_overdue=tuple(long_overdue[thread]),
                thread_id=thread,
            )
            for thread in order
        ]


def private_recipients(task: Task) -> set[int]:
    """The people who get a private copy of the task's reminders: its person assignees and
    its organisations' contacts who started the bot (Telegram ids), of a task for several only
    those whose part is left; a message leaves out those who left the group
    (:attr:`ReminderMessage.gone`)."""
    return {
        person
        for a in task.awaited
        for person, private in (
            (a.person_telegram_id, a.private_chat),
            *((c.telegram_id, c.private_chat) for c in a.contacts),
        )
        if person is not None and private
    }


def _one_per_task(claimed: list[ClaimedReminder], tasks: dict[int, Task]) -> list[ReminderItem]:
    """A task listed once per message, however many of its reminders fell in that minute."""
    items: dict[int, ReminderItem] = {}
    for c in claimed:
        if c.task_id is not None and c.task_id not in items:
            items[c.task_id] = ReminderItem(c.id, c.kind, tasks[c.task_id])
    return list(items.values())


def _unanswered_apart(
    live: list[ClaimedReminder], tasks: dict[int, Task]
) -> tuple[list[ClaimedReminder], list[ClaimedReminder]]:
    """The reminders, and apart the notices of tasks kept with names as typed; a notice whose
    names were all settled meanwhile (``/assign``) has nothing left to say, and is retired."""
    reminders = [c for c in live if c.kind is not ReminderKind.UNANSWERED]
    notices = [
        c
        for c in live
        if c.kind is ReminderKind.UNANSWERED
        and c.task_id is not None
        and any(a.is_name_only for a in tasks[c.task_id].assignees)
    ]
    return reminders, notices


def _unanswered_messages(
    notices: list[ClaimedReminder],
    tasks: dict[int, Task],
    chats: Mapping[int, Chat | None],
) -> list[ReminderMessage]:
    """One message per notice, in its task's topic, with the task's own buttons."""
    messages = []
    for c in notices:
        assert c.task_id is not None  # a notice is about its task
        task, chat = tasks[c.task_id], chats[c.chat_id]
        if chat is not None:
            messages.append(
                ReminderMessage(
                    chat=chat,
                    fire_at=c.fire_at,
                    late=False,  # it says itself that a day has passed
                    items=[ReminderItem(c.id, c.kind, task)],
                    row_ids=[c.id],
                    attempts=c.attempts,
                    thread_id=task.thread_id,
                    unanswered=True,
                )
            )
    return messages


class ReminderService:
    """Claims due reminders and records their fate; safe to run in several replicas at once."""

    def __init__(self, deps: ServiceDeps, owner: str) -> None:
        self._deps = deps
        self._owner = owner

    async def claim(self, limit: int = CLAIM_LIMIT) -> list[ReminderMessage]:
        """Take the due reminders, grouped into messages: one per chat and minute (and one
        per weekly digest)."""
        now = self._deps.clock.now()
        async with UnitOfWork(self._deps.database) as uow:
            claimed = await uow.reminders.claim_due(now, now + LEASE, self._owner, limit)
            tasks = await uow.tasks.by_ids({c.task_id for c in claimed if c.task_id})
            digests = [c for c in claimed if c.kind is ReminderKind.DIGEST]
            live = [
                c
                for c in claimed
                if c.task_id in tasks and tasks[c.task_id].status is TaskStatus.OPEN
            ]
            live, unanswered = _unanswered_apart(live, tasks)
            chats = {cid: await uow.chats.get(cid) for cid in {c.chat_id for c in claimed}}
            messages = [
                message
                for c in digests
                if (message := await self._digest(uow, chats[c.chat_id], c, live, tasks, now))
                is not None
            ]
            # The reminders a digest took go out in it, not on their own.
            joined = {row for m in messages for row in m.ids}
            reminded = [tasks[c.task_id] for c in live if c.task_id is not None]
            reminded += [item.task for m in messages for item in m.items]
            private = {person for task in reminded for person in private_recipients(task)}
            languages = await uow.chats.languages_of(private)
            gone = await uow.persons.gone_from(chats.keys(), private)
            # A reminder whose task was closed meanwhile, or an empty digest, is retired.
            kept = {c.id for c in live + unanswered} | {row for m in messages for row in m.ids}
            await uow.reminders.mark_sent([c.id for c in claimed if c.id not in kept], now)
            await uow.commit()
        # One message per chat, forum topic and minute.
        groups: dict[tuple[int, int | None, datetime], list[ClaimedReminder]] = defaultdict(list)
        for c in live:
            if c.id in joined:
                continue
            assert c.task_id is not None  # live reminders are those of open tasks
            minute = c.fire_at.replace(second=0, microsecond=0)
            groups[(c.chat_id, tasks[c.task_id].thread_id, minute)].append(c)
        messages += [
            ReminderMessage(
                chat=chat,
                fire_at=minute,
                late=now - minute > LATE_AFTER,
                items=_one_per_task(group, tasks),
                row_ids=[c.id for c in group],
                attempts=max(c.attempts for c in group),
                thread_id=thread_id,
            )
            for (chat_id, thread_id, minute), group in groups.items()
            if (chat := chats[chat_id]) is not None
        ]
        messages += _unanswered_messages(unanswered, tasks, chats)
        messages = [
            replace(m, private_languages=languages, gone=frozenset(gone.get(m.chat.id, ())))
            for m in messages
        ]
        # In time order; in the same minute, the main thread first, then the topics.
        return sorted(messages, key=lambda m: (m.fire_at, m.thread_id is not None, m.thread_id))

    async def _digest(
        self,
        uow: UnitOfWork,
        chat: Chat | None,
        row: ClaimedReminder,
        live: list[ClaimedReminder],
        tasks: dict[int, Task],
        now: datetime,
    ) -> ReminderMessage | None:
        """The weekly digest: the chat's open tasks due by Sunday or overdue, with the chat's
        reminders of the same minute in it, but the tasks reminded on their own just before
        (:data:`DIGEST_NEAR`); the overdue tasks whose overdue notices are all behind them are
        counted, not listed. None when it adds nothing to those reminders. Plans the next."""
        if chat is None or not chat.digest_enabled:
            return None
        policy = policy_of(chat)
        # Its week ends at next Monday's digest, whatever hour a change made while it waited
        # for a retry gives this Monday now (a later morning hour: ``planning.plan_digest``),
        # and however late in the week a Monday off moved it.
        middle = digest_week(row.fire_at, policy) + DIGEST_WEEK / 2
        end_of_week = next_digest(max(middle, row.fire_at), policy)
        # Planned once: a digest claimed again after a failed sending must not plan another.
        if not await uow.reminders.digest_planned_after(chat.id, row.fire_at):
            following = max(end_of_week, next_digest(now, policy))  # sent late: the next to come
            await uow.reminders.add(chat.id, None, [(following, ReminderKind.DIGEST)])
        minute = row.fire_at.replace(second=0, microsecond=0)
        joining = [
            c
            for c in live
            if c.chat_id == chat.id and c.fire_at.replace(second=0, microsecond=0) == minute
        ]
        reminded = {item.task.id: item for item in _one_per_task(joining, tasks)}
        week = [
            task
            for task in await uow.tasks.list_open(chat.id, DIGEST_LIMIT)
            if task.due is not None and task.due.utc < end_of_week
        ]
        just_sent = await uow.reminders.sent_since(
            {task.id for task in week}, row.fire_at - DIGEST_NEAR
        )
        # A reminder of this minute that this claim did not take (another sender holds it, or
        # it fell past the claim's limit) goes out on its own: its task is left to it.
        elsewhere = await uow.reminders.due_in_minute(chat.id, minute, [c.id for c in joining])
        # An overdue task is reminded four times (``plan.OVERDUE_REPEATS``), the last ones with
        # the digest: once they are over (no reminder of it still to come), it is counted.
        overdue = {t.id for t in week if t.due is not None and t.due.utc <= row.fire_at}
        over = await uow.reminders.notices_over(overdue - reminded.keys())
        long_overdue = tuple(task for task in week if task.id in over)
        listed = [task for task in week if task.id not in just_sent | elsewhere | over]
        if not long_overdue and all(task.id in reminded for task in listed):
            return None  # nothing to add: the reminders go out as they are
        # The week's soonest deadline first, each task once, in its reminder's words when it
        # has one now; the other reminders of the minute (7 days before a later deadline) after.
        items = [
            reminded.pop(task.id) if task.id in reminded else ReminderItem(row.id, row.kind, task)
            for task in listed
        ]
        items += reminded.values()
        return ReminderMessage(
            chat=chat,
            fire_at=minute,
            late=now - minute > LATE_AFTER,
            items=items,
            row_ids=[row.id, *(c.id for c in joining)],
            attempts=max(c.attempts for c in (row, *joining)),
            digest=True,
            long_overdue=long_overdue,
        )

    async def renew(self, message: ReminderMessage) -> bool:
        """Renew the lease just before sending; False when another sender has taken it over."""
        now = self._deps.clock.now()
        async with UnitOfWork(self._deps.database) as uow:
            kept = await uow.reminders.renew(message.ids, self._owner, now, now + LEASE)
            if kept:
                await uow.commit()
        return kept

    async def private_chat_closed(self, telegram_id: int) -> None:
        """The person blocked the bot: stop writing to them privately."""
        async with UnitOfWork(self._deps.database) as uow:
            await uow.persons.set_private_chat(telegram_id, False)
            await uow.commit()

    async def sent(self, ids: list[int]) -> None:
        """The message went out."""
        async with UnitOfWork(self._deps.database) as uow:
            await uow.reminders.mark_sent(ids, self._deps.clock.now())
            await uow.commit()

    async def retry_later(self, ids: list[int], delay: timedelta, error: str) -> None:
        """Telegram asked to wait, or did not answer: keep the reminders, try after ``delay``."""
        async with UnitOfWork(self._deps.database) as uow:
            await uow.reminders.postpone(ids, self._deps.clock.now() + delay, error)
            await uow.commit()

    async def chat_gone(self, chat: Chat, ids: list[int], error: str) -> None:
        """The bot cannot write to the chat any more: stop reminding it, keep the reminders."""
        now = self._deps.clock.now()
        async with UnitOfWork(self._deps.database) as uow:
            await uow.chats.deactivate(chat.id, now)
            await uow.reminders.release(ids, error)
            await uow.commit()

    async def topic_gone(self, chat: Chat, thread_id: int) -> None:
        """Telegram refused to post in the forum topic (closed or deleted): the tasks of that
        topic are reminded in the main thread from now on, so the move is announced once."""
        async with UnitOfWork(self._deps.database) as uow:
            await uow.tasks.leave_topic(chat.id, thread_id)
            await uow.commit()

    async def chat_migrated(self, chat: Chat, new_telegram_id: int) -> Chat:
        """The group became a supergroup with a new id; its records follow it."""
        now = self._deps.clock.now()
        async with UnitOfWork(self._deps.database) as uow:
            moved = await uow.chats.migrate(chat.telegram_id, new_telegram_id, now)
            await uow.commit()
        # None only if the chat vanished meanwhile; its reminders went with it (cascade).
        return moved or replace(chat, telegram_id=new_telegram_id)

    async def next_fire_at(self) -> datetime | None:
        """When the next pending reminder falls due, or the next unanswered ``/task`` question
        is to be recorded as typed (``TaskDraftService.keep_unanswered``), for arming the timer."""
        now = self._deps.clock.now()
        async with UnitOfWork(self._deps.database) as uow:
            times = (await uow.reminders.next_fire_at(now), await uow.drafts.next_expiry(now))
        return min((t for t in times if t is not None), default=None)
