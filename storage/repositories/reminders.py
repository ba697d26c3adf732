"""Planned reminders: the database is the source of truth, the timer only wakes the sender.

A reminder is *claimed* (a lease: ``claimed_until``) before it is sent and *marked sent* after;
a crash in between lets the lease run out, so the reminder is sent again rather than lost.
On PostgreSQL the claim skips rows another replica has locked (``FOR UPDATE SKIP LOCKED``).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Delete, bindparam, delete, func, insert, or_, select, update

from bot.domain import ReminderKind, TaskStatus
from storage.models import ChatRow, ReminderRow, TaskRow, table_of
from storage.session import UnitSession

# Built once: building and cache-keying it cost on every task with a deadline.
INSERT = insert(table_of(ReminderRow))


def reminder_rows(
    chat_id: int,
    task_id: int | None,
    due_at: datetime | None,
    planned: Iterable[tuple[datetime, ReminderKind, int | None]],
) -> list[dict[str, Any]]:
    """The parameters of :data:`INSERT` for these planned reminders, a set for each: those of
    a task's deadline ``due_at`` with their steps, the others with neither."""
    return [
        {
            "chat_id": chat_id,
            "task_id": task_id,
            "kind": kind.value,
            "fire_at": fire_at,
            "step": step,
            "due_at": due_at,
        }
        for fire_at, kind, step in planned
    ]


def cancelling(task_id: Any, after: Any) -> Delete:
    """The statement of :meth:`ReminderRepository.cancel_pending`, for the task ``task_id`` and
    the instant ``after`` (expressions: bound parameters)."""
    # Core; on the table, not the mapped class: no ORM "synchronize session" pass (reminders
    # are never loaded as ORM objects) and no autoflush (the delete needs no pending change).
    reminders = table_of(ReminderRow)
    return delete(reminders).where(
        reminders.c.task_id == task_id,
        reminders.c.sent_at.is_(None),
        reminders.c.fire_at > after,
        reminders.c.kind != ReminderKind.UNANSWERED.value,
    )


# Built once; it says which steps of the plan it took (a settings re-plan carries them over).
_CANCEL_PENDING = cancelling(bindparam("task_id"), bindparam("after")).returning(
    table_of(ReminderRow).c.due_at, table_of(ReminderRow).c.step, table_of(ReminderRow).c.fire_at
)
_CANCEL_PLAN = _CANCEL_PENDING.where(table_of(ReminderRow).c.kind != ReminderKind.SNOOZE.value)


# The kinds of reminder that are steps of a task's plan (bot.reminders.plan): stored with their
# steps since migration 0010. A snooze, a notice of names kept as typed, a digest have none.
PLAN_KINDS = (ReminderKind.BEFORE.value, ReminderKind.DUE.value, ReminderKind.OVERDUE.value)
_OLD_PLAN = (ReminderRow.step.is_(None), ReminderRow.kind.in_(PLAN_KINDS))


def _old_plans(now: datetime, *columns: Any) -> Any:
    """The steps of open tasks' plans still to come stored without their steps: planned by a
    version before the steps and days off (migrations 0010 and 0013)."""
    return (
        select(*columns)
        .join(TaskRow, TaskRow.id == ReminderRow.task_id)
        .where(
            *_OLD_PLAN,
            ReminderRow.sent_at.is_(None),
            ReminderRow.fire_at > now,
            TaskRow.status == TaskStatus.OPEN.value,
        )
    )


@dataclass(frozen=True, slots=True)
class ClaimedReminder:
    """A reminder this process now holds the lease of."""

    id: int
    chat_id: int
    task_id: int | None
    kind: ReminderKind
    fire_at: datetime
    attempts: int


class ReminderRepository:
    """Reads and writes reminders; never commits."""

    def __init__(self, session: UnitSession) -> None:
        self._session = session

    async def add(
        self, chat_id: int, task_id: int | None, planned: Iterable[tuple[datetime, ReminderKind]]
    ) -> None:
        """Store reminders that are no step of a task's plan (a digest, a snooze, a notice)."""
        await self._insert(chat_id, task_id, None, ((f, k, None) for f, k in planned))

    async def add_plan(
        self,
        chat_id: int,
        task_id: int,
        due_at: datetime,
        planned: Iterable[tuple[datetime, ReminderKind, int]],
    ) -> None:
        """Store the planned reminders of a task's deadline ``due_at``, each with its step."""
        await self._insert(chat_id, task_id, due_at, planned)

    async def _insert(
        self,
        chat_id: int,
        task_id: int | None,
        due_at: datetime | None,
        planned: Iterable[tuple[datetime, ReminderKind, int | None]],
    ) -> None:
        # Core's "executemany" form: no new ids fetched (nothing needs them), and a statement
        # compiled once (``.values(rows)`` would compile one per count of rows, every time).
        rows = reminder_rows(chat_id, task_id, due_at, planned)
        if rows:
            await self._session.execute(INSERT, rows)

    async def steps_done(self, task_id: int, due_at: datetime, now: datetime) -> set[int]:
        """The steps of the plan of the task's deadline ``due_at`` sent, or due by ``now`` and
        being sent (a message is a fact: a new plan does not take it back, nor sends it again)."""
        found = await self._session.scalars(
            select(ReminderRow.step).where(
                ReminderRow.task_id == task_id,
                ReminderRow.due_at == due_at,
                ReminderRow.step.is_not(None),
                or_(ReminderRow.sent_at.is_not(None), ReminderRow.fire_at <= now),
            )
        )
        return {step for step in found if step is not None}

    async def move_due(self, task_id: int, old: datetime, new: datetime) -> None:
        """The task's deadline moved from ``old`` to ``new`` and stays the same deadline (a new
        zone keeps its date): the steps done for the one are done for the other."""
        await self._session.execute(
            update(ReminderRow)
            .where(ReminderRow.task_id == task_id, ReminderRow.due_at == old)
            .values(due_at=new)
        )

    async def chats_with_old_plans(self, now: datetime) -> list[int]:
        """The chats with steps of open tasks' plans still to come that an older version
        planned (see :meth:`lock_old_plans`)."""
        found = await self._session.scalars(_old_plans(now, ReminderRow.chat_id).distinct())
        return sorted(found)

    async def lock_old_plans(self, chat_id: int, now: datetime) -> set[int]:
        """The chat's open tasks with steps of their plans still to come that an older version
        planned, stored without their steps; those rows are locked until the transaction ends
        (on PostgreSQL; SQLite's transactions take the write lock when they begin), so that
        two replicas starting together plan them again one after the other, the second finding
        none left."""
        rows = await self._session.execute(
            _old_plans(now, ReminderRow.task_id)
            .where(ReminderRow.chat_id == chat_id)
            .order_by(ReminderRow.id)
            .with_for_update(of=ReminderRow)
        )
        return {task_id for task_id in rows.scalars() if task_id is not None}

    async def old_steps_done(
        self, task_id: int, now: datetime
    ) -> list[tuple[int, ReminderKind, datetime]]:
        """The task's steps of a plan an older version stored without their steps, sent or due
        by ``now`` (being sent): their ids, kinds and times."""
        rows = await self._session.execute(
            select(ReminderRow.id, ReminderRow.kind, ReminderRow.fire_at).where(
                ReminderRow.task_id == task_id,
                *_OLD_PLAN,
                or_(ReminderRow.sent_at.is_not(None), ReminderRow.fire_at <= now),
            )
        )
        return [(row_id, ReminderKind(kind), fire_at) for row_id, kind, fire_at in rows]

    async def set_steps(self, due_at: datetime, steps: Mapping[int, int]) -> None:
        """Record the steps of the plan of deadline ``due_at`` these rows (by id) were."""
        if steps:
            rows = table_of(ReminderRow)
            await self._session.execute(
                update(rows)
                .where(rows.c.id == bindparam("row_id"))
                .values(step=bindparam("row_step"), due_at=bindparam("row_due")),
                [{"row_id": i, "row_step": s, "row_due": due_at} for i, s in steps.items()],
            )

    async def cancel_pending(
        self, task_id: int, after: datetime, *, keep_snooze: bool = False
    ) -> set[tuple[datetime, int, datetime]]:
        """Forget the reminders of a task still to come after ``after`` (done, cancelled,
        re-planned); the deadline, step and time of those that were steps of its plan. One due by
        then and not sent is being sent, or waits for its retry: it stays, as a message already
        out would (retired unsent if the task is closed by the time it is claimed). Its notice
        of names kept as typed is no reminder of the deadline: it stays too; so does a snooze,
        when ``keep_snooze``."""
        statement = _CANCEL_PLAN if keep_snooze else _CANCEL_PENDING
        result = await self._session.execute(statement, {"task_id": task_id, "after": after})
        return {
            (due_at, step, fire_at)
            for due_at, step, fire_at in result
            if due_at is not None and step is not None
        }

    async def snoozed_until(self, task_id: int) -> datetime | None:
        """When the task's snooze still to come is due, if it has one."""
        return await self._session.scalar(  # type: ignore[no-any-return]
            select(func.max(ReminderRow.fire_at)).where(
                ReminderRow.task_id == task_id,
                ReminderRow.sent_at.is_(None),
                ReminderRow.kind == ReminderKind.SNOOZE.value,
            )
        )

    async def cancel_kinds(
        self, task_id: int, kinds: Collection[ReminderKind], until: datetime | None = None
    ) -> None:
        """Forget the task's reminders of these kinds not sent yet (those due by ``until``)."""
        query = delete(ReminderRow).where(
            ReminderRow.task_id == task_id,
            ReminderRow.sent_at.is_(None),
            ReminderRow.kind.in_([kind.value for kind in kinds]),
        )
        if until is not None:
            query = query.where(ReminderRow.fire_at <= until)
        await self._session.execute(query)

    async def pending_between(
        self, task_id: int, kind: ReminderKind, start: datetime, end: datetime
    ) -> bool:
        """Whether a reminder of the task of this kind, not sent yet, falls due in
        ``(start, end]``."""
        found = await self._session.scalar(
            select(ReminderRow.id)
            .where(
                ReminderRow.task_id == task_id,
                ReminderRow.sent_at.is_(None),
                ReminderRow.kind == kind.value,
                ReminderRow.fire_at > start,
                ReminderRow.fire_at <= end,
            )
            .limit(1)
        )
        return found is not None

    async def sent_since(self, task_ids: Collection[int], since: datetime) -> set[int]:
        """Those of the tasks with a reminder of their own that went out at ``since`` or later
        (a message is a fact: nothing done afterwards takes it back)."""
        if not task_ids:
            return set()
        found = await self._session.scalars(
            select(ReminderRow.task_id).where(
                ReminderRow.task_id.in_(task_ids),
                ReminderRow.kind != ReminderKind.DIGEST.value,
                ReminderRow.sent_at >= since,
            )
        )
        return {task_id for task_id in found if task_id is not None}

    async def notices_over(self, task_ids: Collection[int]) -> set[int]:
        """Those of the tasks whose overdue notices are over: one went out, and no reminder of
        the task is still to be sent (a notice of names kept as typed is none)."""
        if not task_ids:
            return set()
        rows = table_of(ReminderRow)
        pending = select(rows.c.task_id).where(
            rows.c.task_id.in_(task_ids),
            rows.c.sent_at.is_(None),
            rows.c.kind != ReminderKind.UNANSWERED.value,
        )
        found = await self._session.scalars(
            select(rows.c.task_id)
            .where(
                rows.c.task_id.in_(task_ids),
                rows.c.kind == ReminderKind.OVERDUE.value,
                rows.c.sent_at.is_not(None),
                rows.c.task_id.not_in(pending),
            )
            .distinct()
        )
        return {task_id for task_id in found if task_id is not None}

    async def due_in_minute(
        self, chat_id: int, minute: datetime, besides: Collection[int]
    ) -> set[int]:
        """The chat's tasks with a reminder of their deadline due in ``minute`` (from it to the
        next minute) and not sent, other than the rows ``besides``."""
        found = await self._session.scalars(
            select(ReminderRow.task_id).where(
                ReminderRow.chat_id == chat_id,
                ReminderRow.sent_at.is_(None),
                ReminderRow.fire_at >= minute,
                ReminderRow.fire_at < minute + timedelta(minutes=1),
                ReminderRow.kind.not_in([ReminderKind.DIGEST.value, ReminderKind.UNANSWERED.value]),
                ReminderRow.id.not_in(besides),
            )
        )
        return {task_id for task_id in found if task_id is not None}

    async def digest_planned_after(self, chat_id: int, after: datetime) -> bool:
        """Whether the chat has a weekly digest, not sent yet, due after ``after``."""
        found = await self._session.scalar(
            select(ReminderRow.id)
            .where(
                ReminderRow.chat_id == chat_id,
                ReminderRow.kind == ReminderKind.DIGEST.value,
                ReminderRow.sent_at.is_(None),
                ReminderRow.fire_at > after,
            )
            .limit(1)
        )
        return found is not None

    async def digest_after(self, chat_id: int, after: datetime) -> bool:
        """Whether the chat has a weekly digest due after ``after``, sent or not."""
        found = await self._session.scalar(
            select(ReminderRow.id)
            .where(
                ReminderRow.chat_id == chat_id,
                ReminderRow.kind == ReminderKind.DIGEST.value,
                ReminderRow.fire_at > after,
            )
            .limit(1)
        )
        return found is not None

    async def cancel_digests(self, chat_id: int, after: datetime) -> list[datetime]:
        """Forget the chat's weekly digests still to come after ``after``; when they were due.
        One due by then and not sent is being sent, or waits for its retry or for its chat to
        come back: it stays."""
        result = await self._session.execute(
            delete(ReminderRow)
            .where(
                ReminderRow.chat_id == chat_id,
                ReminderRow.kind == ReminderKind.DIGEST.value,
                ReminderRow.sent_at.is_(None),
                ReminderRow.fire_at > after,
            )
            .returning(ReminderRow.fire_at)
        )
        return list(result.scalars())

    async def claim_due(
        self, now: datetime, lease_until: datetime, owner: str, limit: int
    ) -> list[ClaimedReminder]:
        """Take the lease of up to ``limit`` reminders due by ``now`` in active chats.

        One statement, so two claimers can never take the same row: on PostgreSQL the inner
        select skips rows locked by another replica; on SQLite writers are serialised and the
        outer condition is checked again under the write lock.

        The candidates are a WITH query, run once: PostgreSQL ran a subquery in ``IN`` again
        for each row the update took, and each run, skipping the rows the update had just
        changed, gave one more: the limit was not kept (one claim took every row due).
        PostgreSQL does not fold a WITH query that locks rows into the statement.
        """
        free = or_(ReminderRow.claimed_until.is_(None), ReminderRow.claimed_until < now)
        due = (ReminderRow.sent_at.is_(None), ReminderRow.fire_at <= now, free)
        candidates = (
            select(ReminderRow.id)
            .join(ChatRow, ChatRow.id == ReminderRow.chat_id)
            .where(*due, ChatRow.active)
            # A chat's rows of one minute stay together, so they go out as one message.
            .order_by(ReminderRow.fire_at, ReminderRow.chat_id, ReminderRow.id)
            .limit(limit)
            .with_for_update(of=ReminderRow, skip_locked=True)
            .cte("candidates")
        )
        rows = await self._session.execute(
            update(ReminderRow)
            .where(ReminderRow.id.in_(select(candidates.c.id)), *due)
            .values(claimed_until=lease_until, claimed_by=owner)
            .returning(
                ReminderRow.id,
                ReminderRow.chat_id,
                ReminderRow.task_id,
                ReminderRow.kind,
                ReminderRow.fire_at,
                ReminderRow.attempts,
            )
        )
        claimed = [
            ClaimedReminder(r.id, r.chat_id, r.task_id, ReminderKind(r.kind), r.fire_at, r.attempts)
            for r in rows
        ]
        return sorted(claimed, key=lambda c: (c.fire_at, c.id))

    async def renew(self, ids: Sequence[int], owner: str, now: datetime, until: datetime) -> bool:
        """Extend this owner's lease on the rows; False if any was lost (taken over or sent)."""
        result = await self._session.execute(
            update(ReminderRow)
            .where(
                ReminderRow.id.in_(ids),
                ReminderRow.claimed_by == owner,
                ReminderRow.sent_at.is_(None),
                ReminderRow.claimed_until >= now,
            )
            .values(claimed_until=until)
        )
        updated: int = result.rowcount  # type: ignore[attr-defined]  # an UPDATE's CursorResult
        return updated == len(ids)

    async def mark_sent(self, ids: Sequence[int], now: datetime) -> None:
        """Record that these reminders went out."""
        await self._session.execute(
            update(ReminderRow)
            .where(ReminderRow.id.in_(ids))
            .values(sent_at=now, claimed_until=None, attempts=ReminderRow.attempts + 1)
        )

    async def release(self, ids: Sequence[int], error: str) -> None:
        """Give up the lease without sending (the chat is gone); the rows wait for it."""
        await self._session.execute(
            update(ReminderRow)
            .where(ReminderRow.id.in_(ids))
            .values(claimed_until=None, claimed_by=None, last_error=error[:500])
        )

    async def postpone(self, ids: Sequence[int], until: datetime, error: str) -> None:
        """Release the lease until ``until`` (a 429's ``retry_after``, a back-off), keeping them."""
        await self._session.execute(
            update(ReminderRow)
            .where(ReminderRow.id.in_(ids))
            .values(claimed_until=until, attempts=ReminderRow.attempts + 1, last_error=error[:500])
        )

    async def next_fire_at(self, now: datetime) -> datetime | None:
        """The earliest instant a pending reminder of an active chat can be sent: its time, or
        the end of its lease or back-off if later."""
        # Two index walks that stop at their first row, rather than one MIN over a CASE that
        # would read every pending row (350 ms with 100,000 pending on SQLite, bench/reminders.py).
        # The chats are a small IN list, so the reminders' own indexes drive the search and it
        # stops at the first row (a join made SQLite read every pending row: 3.5 s at 1,000,000).
        active = select(ChatRow.id).where(ChatRow.active).scalar_subquery()
        pending = (ReminderRow.sent_at.is_(None), ReminderRow.chat_id.in_(active))
        free = or_(
            ReminderRow.claimed_until.is_(None), ReminderRow.claimed_until <= ReminderRow.fire_at
        )
        ready = await self._session.execute(
            select(ReminderRow.fire_at)
            .where(*pending, free)
            .order_by(ReminderRow.sent_at, ReminderRow.fire_at)
            .limit(1)
        )
        # A lease or back-off still running (sending clears it): the lease index alone answers.
        # An expired one is left to the minute's sweep, so a row of a chat that has since gone
        # inactive can never wake the timer in a loop.
        held = await self._session.execute(
            select(ReminderRow.claimed_until)
            .where(ReminderRow.claimed_until > now)
            .order_by(ReminderRow.claimed_until)
            .limit(1)
        )
        times = [t for t in (ready.scalar_one_or_none(), held.scalar_one_or_none()) if t]
        return min(times, default=None)

    async def pending_for_task(self, task_id: int) -> list[tuple[datetime, ReminderKind]]:
        """The task's reminders not sent yet, soonest first."""
        result = await self._session.execute(
            select(ReminderRow.fire_at, ReminderRow.kind)
            .where(ReminderRow.task_id == task_id, ReminderRow.sent_at.is_(None))
            .order_by(ReminderRow.fire_at)
        )
        return [(fire_at, ReminderKind(kind)) for fire_at, kind in result.all()]

    async def count_due(self, now: datetime) -> int:
        """How many reminders of active chats are due by ``now`` and not sent (the backlog)."""
        active = select(ChatRow.id).where(ChatRow.active).scalar_subquery()
        result = await self._session.execute(
            select(func.count())
            .select_from(ReminderRow)
            .where(
                ReminderRow.sent_at.is_(None),
                ReminderRow.fire_at <= now,
                ReminderRow.chat_id.in_(active),
            )
        )
        return int(result.scalar_one())
