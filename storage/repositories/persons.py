"""Telegram users the bot has seen, and the @username -> id mapping it learns from them."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, select, update

from bot.domain import PersonRef, Role
from storage.models import ChatMemberRow, PersonRow, table_of
from storage.repositories._insert import insert_ignoring_conflict
from storage.session import UnitSession

# What an update says about its sender, after the person's id, read as a plain row: loading a
# PersonRow entity on every update cost more than the query itself.
PERSON_COLUMNS = (
    PersonRow.id,
    PersonRow.username,
    PersonRow.first_name,
    PersonRow.last_name,
    PersonRow.language_code,
    PersonRow.is_bot,
)


# The role of a member row that says the person left the group, or was removed from it (the
# group's note said so): they have no role there, no longer reach the group from a private chat,
# and get no private copy of its reminders. A silent member is never seen (the bot reads only
# commands): the row is what tells one who left apart from one still in the group.
LEFT = "left"

# A @username of a new task, built once: building and cache-keying it cost on every /task. On
# the Core table: no ORM compile state, and no autoflush (persons are written by statements that
# run at once).
_PERSONS = table_of(PersonRow)
_BY_USERNAME = select(_PERSONS.c.id, _PERSONS.c.telegram_id).where(
    func.lower(_PERSONS.c.username) == bindparam("username")
)


class PersonRepository:
    """Reads and writes persons; never commits."""

    def __init__(self, session: UnitSession) -> None:
        self._session = session

    async def upsert(self, ref: PersonRef, now: datetime, row: Sequence[Any] | None = None) -> int:
        """Record what the update says about a user; return the person's id (``row``: the
        values of :data:`PERSON_COLUMNS`, already read).

        The row is written only when something changed, so that busy users do not hold row
        locks (two chats mentioning each other's members would otherwise deadlock).
        """
        row = row or await self._read(ref.telegram_id)
        if row is None:
            await insert_ignoring_conflict(
                self._session,
                PersonRow,
                telegram_id=ref.telegram_id,
                first_name=ref.first_name,
                is_bot=ref.is_bot,
                private_chat=False,
                updated_at=now,
            )
            row = await self._read(ref.telegram_id)
            assert row is not None  # inserted now, or by a concurrent update
        person_id, username = row[0], row[1]
        seen = (ref.username, ref.first_name, ref.last_name, ref.language_code, ref.is_bot)
        if seen == tuple(row[1:]):
            return int(person_id)
        if ref.username and (username or "").lower() != ref.username.lower():
            # Usernames move between accounts: the newest holder keeps it.
            await self._session.execute(
                update(PersonRow)
                .where(func.lower(PersonRow.username) == ref.username.lower())
                .where(PersonRow.telegram_id != ref.telegram_id)
                .values(username=None)
            )
        await self._session.execute(
            update(PersonRow)
            .where(PersonRow.id == person_id)
            .values(
                username=ref.username,
                first_name=ref.first_name,
                last_name=ref.last_name,
                language_code=ref.language_code,
                is_bot=ref.is_bot,
                updated_at=now,
            )
        )
        return int(person_id)

    async def seen_in_chat(self, chat_id: int, person_id: int, now: datetime) -> None:
        """Remember that the person is in the chat (the first time only, or back after they
        left: no write after that)."""
        inserted = await insert_ignoring_conflict(
            self._session,
            ChatMemberRow,
            chat_id=chat_id,
            person_id=person_id,
            role="member",
            last_seen_at=now,
        )
        if not inserted:
            await self._session.execute(
                update(ChatMemberRow)
                .where(
                    ChatMemberRow.chat_id == chat_id,
                    ChatMemberRow.person_id == person_id,
                    ChatMemberRow.role == LEFT,
                )
                .values(role="member", last_seen_at=now)
            )

    async def role(self, chat_id: int, person_id: int) -> Role:
        """The person's role in the chat (a member unless named secretary)."""
        result = await self._session.execute(
            select(ChatMemberRow.role).where(
                ChatMemberRow.chat_id == chat_id, ChatMemberRow.person_id == person_id
            )
        )
        found = result.scalar_one_or_none()
        return Role(found) if found in {r.value for r in Role} else Role.MEMBER

    async def set_role(self, chat_id: int, person_id: int, role: Role, now: datetime) -> bool:
        """Give the person ``role`` in the chat; False if they had it already."""
        if await self.role(chat_id, person_id) is role:
            return False
        await self.seen_in_chat(chat_id, person_id, now)
        await self._session.execute(
            update(ChatMemberRow)
            .where(ChatMemberRow.chat_id == chat_id, ChatMemberRow.person_id == person_id)
            .values(role=role.value)
        )
        return True

    async def left_chat(
        self, chat_id: int, telegram_id: int, now: datetime
    ) -> tuple[int, Role] | None:
        """Record that the user with ``telegram_id`` left the chat (Telegram said they left, or
        were removed), which ends their role there; return their person id and the role they
        had, or None if the bot had not seen them there. A user the bot knows but had not seen
        there (assigned by @username, never a command) is recorded as gone too, so that no
        private reminder of the chat reaches them. Nothing else of theirs goes: the tasks given
        to them name the person, not the membership."""
        person_id = await self._session.scalar(
            select(PersonRow.id).where(PersonRow.telegram_id == telegram_id)
        )
        if person_id is None:  # never seen anywhere: nothing of theirs to stop
            return None
        member = (ChatMemberRow.chat_id == chat_id, ChatMemberRow.person_id == person_id)
        role = await self._session.scalar(select(ChatMemberRow.role).where(*member))
        if role is None:
            await insert_ignoring_conflict(
                self._session,
                ChatMemberRow,
                chat_id=chat_id,
                person_id=person_id,
                role=LEFT,
                last_seen_at=now,
            )
            return None
        if role == LEFT:
            return None
        await self._session.execute(
            update(ChatMemberRow).where(*member).values(role=LEFT, last_seen_at=now)
        )
        return person_id, Role(role) if role in {r.value for r in Role} else Role.MEMBER

    async def came_back(self, chat_id: int, telegram_ids: Collection[int]) -> None:
        """Telegram says these users joined the chat: those recorded as gone are members again."""
        await self._session.execute(
            update(ChatMemberRow)
            .where(
                ChatMemberRow.chat_id == chat_id,
                ChatMemberRow.role == LEFT,
                ChatMemberRow.person_id.in_(
                    select(PersonRow.id).where(PersonRow.telegram_id.in_(telegram_ids))
                ),
            )
            .values(role="member")
        )

    async def gone_from(
        self, chat_ids: Collection[int], telegram_ids: Collection[int]
    ) -> dict[int, set[int]]:
        """Of these users, those recorded as gone from each of these chats (Telegram ids)."""
        if not chat_ids or not telegram_ids:
            return {}
        result = await self._session.execute(
            select(ChatMemberRow.chat_id, PersonRow.telegram_id)
            .join(PersonRow, PersonRow.id == ChatMemberRow.person_id)
            .where(
                ChatMemberRow.chat_id.in_(sorted(chat_ids)),
                ChatMemberRow.role == LEFT,
                PersonRow.telegram_id.in_(sorted(telegram_ids)),
            )
        )
        gone: dict[int, set[int]] = {}
        for chat_id, telegram_id in result.all():
            gone.setdefault(chat_id, set()).add(telegram_id)
        return gone

    async def with_role(self, chat_id: int, role: Role) -> list[tuple[int, str, str | None]]:
        """``(telegram id, name, username)`` of the chat's persons with ``role``."""
        result = await self._session.execute(
            select(PersonRow)
            .join(ChatMemberRow, ChatMemberRow.person_id == PersonRow.id)
            .where(ChatMemberRow.chat_id == chat_id, ChatMemberRow.role == role.value)
            .order_by(PersonRow.first_name)
        )
        return [
            (p.telegram_id, " ".join(x for x in (p.first_name, p.last_name) if x), p.username)
            for p in result.scalars()
        ]

    async def set_private_chat(self, telegram_id: int, allowed: bool) -> None:
        """Whether the bot may write to the person privately (they started it, or blocked it)."""
        await self._session.execute(
            update(PersonRow)
            .where(PersonRow.telegram_id == telegram_id, PersonRow.private_chat != allowed)
            .values(private_chat=allowed)
        )

    async def by_username(self, username: str) -> tuple[int, int] | None:
        """``(person id, telegram id)`` of the user who holds ``username``, if seen."""
        result = await self._session.execute(_BY_USERNAME, {"username": username.lower()})
        found = result.first()
        return None if found is None else (found[0], found[1])

    async def selected_chat(self, person_id: int) -> int | None:
        """The id of the group the person works on from their private chat, if they chose one."""
        row = await self._session.get(PersonRow, person_id)
        return None if row is None else row.selected_chat_id

    async def select_chat(self, person_id: int, chat_id: int | None) -> None:
        """Work on group ``chat_id`` from the private chat (None: on the private chat itself)."""
        await self._session.execute(
            update(PersonRow).where(PersonRow.id == person_id).values(selected_chat_id=chat_id)
        )

    async def _read(self, telegram_id: int) -> Sequence[Any] | None:
        result = await self._session.execute(
            select(*PERSON_COLUMNS).where(PersonRow.telegram_id == telegram_id)
        )
        return result.first()
