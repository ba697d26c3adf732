"""Chats the bot serves, and their per-chat counters."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, func, select, update

from bot.domain import Chat, ChatContents, ChatRef, ForgetAnswer, Role
from bot.task_draft import Draft
from storage.models import (
    AuditEventRow,
    ChatMemberRow,
    ChatRow,
    DeadlinePromptRow,
    DecisionRow,
    ForgetQuestionRow,
    MeetingAttendeeRow,
    MeetingRow,
    OrganisationContactRow,
    OrganisationRow,
    PersonRow,
    ReminderRow,
    TaskAssigneeRow,
    TaskDraftRow,
    TaskRow,
    table_of,
)
from storage.repositories._insert import insert_ignoring_conflict
from storage.repositories.persons import LEFT
from storage.session import UnitSession

# A Chat's columns in the order of its fields, read as a plain row: loading a ChatRow entity
# (identity map, instrumentation) on every update cost more than the query itself.
CHAT_COLUMNS = (
    ChatRow.id,
    ChatRow.telegram_id,
    ChatRow.title,
    ChatRow.timezone,
    ChatRow.language,
    ChatRow.active,
    ChatRow.morning_hour,
    ChatRow.quiet_start,
    ChatRow.quiet_end,
    ChatRow.reminder_offsets,
    ChatRow.digest_enabled,
    ChatRow.holiday_country,
    ChatRow.weekends_off,
)


# Taking a task, decision or meeting number, built once per counter with a bound parameter:
# building and cache-keying it on each call cost more than running it. On the Core table, not
# the mapped class: no ORM "synchronize session" evaluation of the WHERE clause on every call
# and no autoflush (no ChatRow object reads a counter; a pending change of another of the
# chat's columns is flushed at commit without touching the counter).
_CHATS = table_of(ChatRow)
NEXT_NUMBER = {  # the counter's new value: the number taken is one less
    counter: update(_CHATS)
    .where(_CHATS.c.id == bindparam("chat_id"))
    .values({column: column + 1})
    .returning(column)
    for counter, column in (
        (c, _CHATS.c[c])
        for c in ("next_task_number", "next_decision_number", "next_meeting_number")
    )
}


def to_chat(row: ChatRow) -> Chat:
    """The domain view of a chat row."""
    return chat_of([getattr(row, column.key) for column in CHAT_COLUMNS])


def chat_of(values: Sequence[Any]) -> Chat:
    """The domain view of the values of :data:`CHAT_COLUMNS`."""
    (
        id_,
        telegram_id,
        title,
        timezone,
        language,
        active,
        morning_hour,
        quiet_start,
        quiet_end,
        offsets,
        digest_enabled,
        holiday_country,
        weekends_off,
    ) = values
    return Chat(
        id=id_,
        telegram_id=telegram_id,
        title=title,
        timezone=timezone,
        language=language,
        active=active,
        morning_hour=morning_hour,
        quiet_start=quiet_start,
        quiet_end=quiet_end,
        reminder_offsets=tuple(offsets) if offsets else None,
        digest_enabled=digest_enabled,
        holiday_country=holiday_country,
        weekends_off=weekends_off,
    )


class ChatRepository:
    """Reads and writes chats; never commits."""

    def __init__(self, session: UnitSession) -> None:
        self._session = session

    async def upsert(
        self,
        ref: ChatRef,
        *,
        timezone: str,
        language: str,
        now: datetime,
        holidays: str | None = "VN",
    ) -> Chat:
        """Return the chat for ``ref``, creating it with the defaults the first time it is seen."""
        chat, _ = await self.ensure(
            ref, timezone=timezone, language=language, now=now, holidays=holidays
        )
        return chat

    async def ensure(
        self,
        ref: ChatRef,
        *,
        timezone: str,
        language: str,
        now: datetime,
        row: Chat | None = None,
        holidays: str | None = "VN",
    ) -> tuple[Chat, bool]:
        """The chat for ``ref`` and whether this call created it (``row``: already read); a new
        one takes the public holidays of ``holidays`` (a country's ISO code, None: none)."""
        row, created = row or await self._read(ref.telegram_id), False
        if row is None:
            created = await insert_ignoring_conflict(
                self._session,
                ChatRow,
                telegram_id=ref.telegram_id,
                type=ref.type,
                title=ref.title,
                timezone=timezone,
                language=language,
                active=True,
                morning_hour=9,
                quiet_start=21,
                quiet_end=7,
                digest_enabled=True,
                holiday_country=holidays,
                weekends_off=True,
                next_task_number=1,
                next_decision_number=1,
                next_meeting_number=1,
                created_at=now,
                updated_at=now,
            )
            row = await self._read(ref.telegram_id)
            assert row is not None  # inserted now, or by a concurrent update
        elif (ref.title is not None and row.title != ref.title) or not row.active:
            # Any update from the chat shows the bot is back in it.
            row = replace(row, title=ref.title or row.title, active=True)
            await self._session.execute(
                update(ChatRow)
                .where(ChatRow.id == row.id)
                .values(title=row.title, active=True, updated_at=now)
            )
        return row, created

    async def get_by_telegram_id(self, telegram_id: int) -> Chat | None:
        """The chat with this Telegram id, if the bot has seen it."""
        return await self._read(telegram_id)

    async def languages_of(self, telegram_ids: Collection[int]) -> dict[int, str]:
        """The language of each of these chats the bot has seen (a private chat's Telegram id
        is its user's)."""
        if not telegram_ids:
            return {}
        result = await self._session.execute(
            select(ChatRow.telegram_id, ChatRow.language).where(
                ChatRow.telegram_id.in_(sorted(telegram_ids))
            )
        )
        return {telegram_id: language for telegram_id, language in result.all()}

    async def set_language(self, chat_id: int, language: str, now: datetime) -> None:
        """Change the language the bot speaks in the chat."""
        await self._session.execute(
            update(ChatRow).where(ChatRow.id == chat_id).values(language=language, updated_at=now)
        )

    async def save_settings(self, chat: Chat, now: datetime) -> None:
        """Store the chat's settings as ``chat`` holds them."""
        await self._session.execute(
            update(ChatRow)
            .where(ChatRow.id == chat.id)
            .values(
                timezone=chat.timezone,
                language=chat.language,
                morning_hour=chat.morning_hour,
                quiet_start=chat.quiet_start,
                quiet_end=chat.quiet_end,
                digest_enabled=chat.digest_enabled,
                holiday_country=chat.holiday_country,
                weekends_off=chat.weekends_off,
                updated_at=now,
            )
        )

    async def set_reminder_offsets(
        self, chat_id: int, offsets: tuple[int, ...] | None, now: datetime
    ) -> None:
        """Change the chat's reminder plan (None: back to the default plan)."""
        values = list(offsets) if offsets else None
        await self._session.execute(
            update(ChatRow)
            .where(ChatRow.id == chat_id)
            .values(reminder_offsets=values, updated_at=now)
        )

    async def get(self, chat_id: int) -> Chat | None:
        """The chat with this internal id."""
        row = await self._session.get(ChatRow, chat_id)
        return None if row is None else to_chat(row)

    async def deactivate(self, chat_id: int, now: datetime) -> None:
        """Stop reminding a chat the bot can no longer write to."""
        await self._session.execute(
            update(ChatRow).where(ChatRow.id == chat_id).values(active=False, updated_at=now)
        )

    async def migrate(
        self, old_telegram_id: int, new_telegram_id: int, now: datetime
    ) -> Chat | None:
        """A group became a supergroup: its records follow it to the new id.

        Safe to call more than once (the error on a send and both service messages each say
        so): once moved, the chat at the new id is returned. Should the new id already hold a
        chat (an update from the supergroup handled before the news of the move), its records
        join the old chat's, numbered after them, and that second chat goes. None when the bot
        knows neither id.
        """
        row, there = await self._row(old_telegram_id), await self._row(new_telegram_id)
        if row is None:
            return None if there is None else to_chat(there)
        # The deadline questions posted in the group stay behind with its messages: a reply in
        # the supergroup (whose message ids start again) must not be read as answering one.
        await self._session.execute(
            delete(DeadlinePromptRow).where(DeadlinePromptRow.asked_in == row.id)
        )
        if there is not None:
            await self._absorb(row, there)
        row.telegram_id, row.type, row.active, row.updated_at = (
            new_telegram_id,
            "supergroup",
            True,
            now,
        )
        await self._session.flush()
        return to_chat(row)

    async def _absorb(self, row: ChatRow, other: ChatRow) -> None:
        """Move every record of ``other`` into ``row``, then delete ``other``."""
        execute = self._session.execute
        for model, counter in (
            (TaskRow, "next_task_number"),
            (DecisionRow, "next_decision_number"),
            (MeetingRow, "next_meeting_number"),
        ):
            shift = getattr(row, counter) - 1
            await execute(
                update(model)
                .where(model.chat_id == other.id)
                .values(chat_id=row.id, number=model.number + shift)
            )
            setattr(row, counter, shift + getattr(other, counter))
        merged = await self._absorb_organisations(row.id, other.id)
        # A /task still waiting for an answer about an organisation follows too.
        for draft in await self._session.scalars(
            select(TaskDraftRow).where(TaskDraftRow.chat_id == other.id)
        ):
            payload = Draft.from_json(draft.payload).with_organisations_merged(merged)
            draft.chat_id, draft.payload = row.id, payload.to_json()
        for owned in (ReminderRow, AuditEventRow):
            await execute(update(owned).where(owned.chat_id == other.id).values(chat_id=row.id))
        # Deadline questions about the chat, or posted in it, follow it too.
        for column in (DeadlinePromptRow.chat_id, DeadlinePromptRow.asked_in):
            await execute(
                update(DeadlinePromptRow).where(column == other.id).values({column: row.id})
            )
        known = select(ChatMemberRow.person_id).where(ChatMemberRow.chat_id == row.id)
        await execute(
            update(ChatMemberRow)
            .where(ChatMemberRow.chat_id == other.id, ChatMemberRow.person_id.not_in(known))
            .values(chat_id=row.id)
        )
        await execute(delete(ChatMemberRow).where(ChatMemberRow.chat_id == other.id))
        await execute(
            update(PersonRow)
            .where(PersonRow.selected_chat_id == other.id)
            .values(selected_chat_id=row.id)
        )
        await self._session.delete(other)
        await self._session.flush()

    async def _absorb_organisations(self, chat_id: int, other_id: int) -> dict[int, int]:
        """Organisations of ``other_id`` join ``chat_id``; one named alike there stands in.
        Return which stood in for which: ``{id gone: id standing in}``."""
        merged: dict[int, int] = {}
        execute = self._session.execute
        mine = {
            org.folded_name: org.id
            for org in await self._session.scalars(
                select(OrganisationRow).where(OrganisationRow.chat_id == chat_id)
            )
        }
        theirs = await self._session.scalars(
            select(OrganisationRow).where(OrganisationRow.chat_id == other_id)
        )
        for org in list(theirs):
            same = mine.get(org.folded_name)
            if same is None:
                org.chat_id = chat_id
                continue
            merged[org.id] = same
            for model in (TaskAssigneeRow, MeetingAttendeeRow):
                await execute(
                    update(model)
                    .where(model.organisation_id == org.id)
                    .values(organisation_id=same)
                )
            contacts = select(OrganisationContactRow.person_id).where(
                OrganisationContactRow.organisation_id == same
            )
            await execute(
                update(OrganisationContactRow)
                .where(
                    OrganisationContactRow.organisation_id == org.id,
                    OrganisationContactRow.person_id.not_in(contacts),
                )
                .values(organisation_id=same)
            )
            await execute(
                delete(OrganisationContactRow).where(
                    OrganisationContactRow.organisation_id == org.id
                )
            )
            await self._session.delete(org)
        await self._session.flush()
        return merged

    async def contents(self, chat_id: int) -> ChatContents:
        """How many tasks, decisions, meetings and organisations the chat holds, in one query."""

        def count(model: type[TaskRow | DecisionRow | MeetingRow | OrganisationRow]) -> Any:
            return (
                select(func.count())
                .select_from(model)
                .where(model.chat_id == chat_id)
                .scalar_subquery()
            )

        row = (
            await self._session.execute(
                select(
                    count(TaskRow), count(DecisionRow), count(MeetingRow), count(OrganisationRow)
                )
            )
        ).one()
        return ChatContents(*(int(n) for n in row))

    async def forget(self, chat_id: int) -> bool:
        """Delete the chat and everything it holds; False when it was already gone.

        The foreign keys from the chat's rows cascade (``ON DELETE CASCADE``; SQLite enforces
        them per connection, see ``storage.database``), but some of the links between those
        rows do not (a task's organisation, decision and meeting; an attendance's
        organisation; a decision's meeting), and PostgreSQL checks those after each cascaded
        step, not after the whole statement: deleting the chat row alone fails there once a
        task names an organisation. So the rows go in the order of their links first: tasks
        (with their assignees, notes and reminders), decisions, meetings (with their
        attendance), organisations (with their contacts); then the chat row takes its roles,
        task drafts, remaining reminders and audit trail with it, and a person who chose it
        from a private chat is left with no choice (``ON DELETE SET NULL``). Persons stay. The
        ``/forget`` questions asked in the chat stay too, answered "deleted" and detached from
        it and from their askers (a random token and a time), so that a later press of their
        buttons deletes nothing of whatever the chat holds next and is told why.
        """
        execute = self._session.execute
        await execute(
            update(ForgetQuestionRow)
            .where(ForgetQuestionRow.chat_id == chat_id)
            .values(chat_id=None, asker=None, answer=ForgetAnswer.DELETED.value)
            .execution_options(synchronize_session=False)
        )
        for model in (TaskRow, DecisionRow, MeetingRow, OrganisationRow):
            await execute(
                delete(model)
                .where(model.chat_id == chat_id)
                .execution_options(synchronize_session=False)
            )
        result = await execute(
            delete(ChatRow)
            .where(ChatRow.id == chat_id)
            .execution_options(synchronize_session=False)
        )
        self._session.expunge_all()  # rows of the chat the session still holds are gone
        return bool(getattr(result, "rowcount", 0))

    async def next_number(self, chat_id: int, counter: str) -> int:
        """Take the next task or decision number of the chat (the row lock serialises writers)."""
        result = await self._session.execute(NEXT_NUMBER[counter], {"chat_id": chat_id})
        return int(result.scalar_one()) - 1

    async def groups_of(self, person_id: int) -> list[tuple[Chat, Role]]:
        """The active groups where the bot has seen the person, and that did not say they left,
        with their role, by title."""
        result = await self._session.execute(
            select(ChatRow, ChatMemberRow.role)
            .join(ChatMemberRow, ChatMemberRow.chat_id == ChatRow.id)
            .where(
                ChatMemberRow.person_id == person_id,
                ChatMemberRow.role != LEFT,
                ChatRow.type != "private",
                ChatRow.active.is_(True),
            )
            .order_by(ChatRow.title, ChatRow.id)
        )
        roles = {r.value for r in Role}
        return [
            (to_chat(row), Role(role) if role in roles else Role.MEMBER) for row, role in result
        ]

    async def assigned_groups_of(self, person_id: int, username: str | None) -> list[Chat]:
        """The active groups where the bot has not seen the person (nor heard that they left)
        but which give them open work: a task assigned to them (or to their @username while it
        names nobody known, as ``/tasks mine`` reads it), or to an organisation they are a
        contact of. Whether they are in one is Telegram's to say."""
        contact_of = select(OrganisationContactRow.organisation_id).where(
            OrganisationContactRow.person_id == person_id
        )
        theirs = (TaskAssigneeRow.person_id == person_id) | TaskAssigneeRow.organisation_id.in_(
            contact_of
        )
        if username:
            theirs |= TaskAssigneeRow.person_id.is_(None) & (
                func.lower(TaskAssigneeRow.username) == username.lower()
            )
        assigned = (
            select(TaskRow.chat_id)
            .join(TaskAssigneeRow, TaskAssigneeRow.task_id == TaskRow.id)
            .where(TaskRow.status == "open", theirs)
        )
        recorded = select(ChatMemberRow.chat_id).where(ChatMemberRow.person_id == person_id)
        result = await self._session.execute(
            select(*CHAT_COLUMNS)
            .where(
                ChatRow.id.in_(assigned),
                ChatRow.id.not_in(recorded),
                ChatRow.type != "private",
                ChatRow.active.is_(True),
            )
            .order_by(ChatRow.title, ChatRow.id)
        )
        return [chat_of(row) for row in result.all()]

    async def _read(self, telegram_id: int) -> Chat | None:
        result = await self._session.execute(
            select(*CHAT_COLUMNS).where(ChatRow.telegram_id == telegram_id)
        )
        found = result.first()
        return None if found is None else chat_of(found)

    async def _row(self, telegram_id: int) -> ChatRow | None:
        result = await self._session.execute(
            select(ChatRow).where(ChatRow.telegram_id == telegram_id)
        )
        return result.scalar_one_or_none()
