"""What every update records first: its chat, its sender, and that the sender is in the chat."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, bindparam, select

from bot.domain import Chat, ChatRef, PersonRef
from storage.models import ChatMemberRow, ChatRow, PersonRow, table_of
from storage.repositories.chats import CHAT_COLUMNS, ChatRepository, chat_of
from storage.repositories.persons import LEFT, PERSON_COLUMNS, PersonRepository
from storage.session import UnitSession

_SPLIT = len(CHAT_COLUMNS)

# The chat, the sender and their membership in one query. Plain rows, not ChatRow and PersonRow
# entities: loading those cost more than the query. Built once, with bound parameters: building
# and cache-keying it on every update cost more than running it. On the Core tables: no ORM
# compile state nor ORM result processing, and no autoflush, which the first statement of a unit
# of work needs none of (nothing is pending yet).
_CHATS, _PERSONS, _MEMBERS = table_of(ChatRow), table_of(PersonRow), table_of(ChatMemberRow)
_READ = (
    select(
        *(_CHATS.c[c.key] for c in CHAT_COLUMNS),
        *(_PERSONS.c[c.key] for c in PERSON_COLUMNS),
        _MEMBERS.c.role,
    )
    .select_from(_CHATS)
    .outerjoin(_PERSONS, _PERSONS.c.telegram_id == bindparam("person"))
    .outerjoin(
        _MEMBERS,
        and_(_MEMBERS.c.chat_id == _CHATS.c.id, _MEMBERS.c.person_id == _PERSONS.c.id),
    )
    .where(_CHATS.c.telegram_id == bindparam("chat"))
)


class RequestRepository:
    """Records the chat and the sender of an update; never commits."""

    def __init__(self, session: UnitSession, chats: ChatRepository, persons: PersonRepository):
        self._session = session
        self._chats = chats
        self._persons = persons

    async def record(
        self,
        chat: ChatRef,
        actor: PersonRef,
        *,
        timezone: str,
        language: str,
        now: datetime,
        holidays: str | None = "VN",
    ) -> tuple[Chat, bool, int]:
        """The chat (created with the defaults the first time: ``holidays`` is the country
        whose public holidays are its days off), whether it was created now, and the sender's
        person id; the sender is remembered as one of the chat's members.

        Usually the chat, the person and the membership all exist and nothing changed: one
        query reads the three, instead of one query each.
        """
        chat_row, person_row, member = await self._read(chat.telegram_id, actor.telegram_id)
        found, created = await self._chats.ensure(
            chat, timezone=timezone, language=language, now=now, row=chat_row, holidays=holidays
        )
        person_id = await self._persons.upsert(actor, now, row=person_row)
        if not member or created or person_row is None:
            await self._persons.seen_in_chat(found.id, person_id, now)
        return found, created, person_id

    async def _read(
        self, chat_telegram_id: int, person_telegram_id: int
    ) -> tuple[Chat | None, Sequence[Any] | None, bool]:
        result = await self._session.execute(
            _READ, {"chat": chat_telegram_id, "person": person_telegram_id}
        )
        found = result.first()
        if found is None:  # a new chat: the person is read on their own
            return None, None, False
        person = found[_SPLIT:-1]
        member = found[-1] not in (None, LEFT)  # one who left and speaks again is back
        return chat_of(found[:_SPLIT]), None if person[0] is None else person, member
