"""Member organisations of a group."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Row, bindparam, delete, select, update

from bot.org_names import key
from bot.text import fold
from storage.models import (
    MeetingAttendeeRow,
    OrganisationContactRow,
    OrganisationRow,
    TaskAssigneeRow,
    table_of,
)
from storage.repositories._insert import insert_ignoring_conflict
from storage.session import UnitSession

# The statement read on every task recorded, built once with bound parameters: building and
# cache-keying it on each call cost more than running it. On the Core table, columns not ORM
# objects: no ORM compile state, identity map nor instrumentation per row, and no autoflush
# (every organisation is added and flushed at once; see add()).
_ORGS = table_of(OrganisationRow)
_ALL = (
    select(_ORGS.c.id, _ORGS.c.name, _ORGS.c.aliases)
    .where(_ORGS.c.chat_id == bindparam("chat_id"))
    .order_by(_ORGS.c.id)
)


class OrganisationRepository:
    """Reads and writes organisations; never commits."""

    def __init__(self, session: UnitSession) -> None:
        self._session = session
        # The chat's organisations, read once per unit of work: a task for three organisations
        # looks each one up. Forgotten when this repository adds one.
        self._loaded: dict[int, Sequence[Row[int, str, list[str]]]] = {}

    async def find(self, chat_id: int, name: str) -> tuple[int, str] | None:
        """``(id, name)`` of the chat's organisation called ``name`` or one of its aliases, in
        any case, with or without diacritics or punctuation (see :func:`bot.org_names.key`)."""
        wanted = key(name)
        for id_, name_, aliases in await self._all(chat_id):
            if any(key(label) == wanted for label in (name_, *aliases)):
                return id_, name_
        return None

    async def add(self, chat_id: int, name: str, aliases: list[str], now: datetime) -> int:
        """Create an organisation in the chat and return its id."""
        row = OrganisationRow(
            chat_id=chat_id, name=name, folded_name=fold(name), aliases=aliases, created_at=now
        )
        self._session.add(row)
        await self._session.flush()
        self._loaded.pop(chat_id, None)
        return row.id

    async def rename(self, organisation_id: int, name: str, aliases: list[str]) -> None:
        """Give the organisation a new name and aliases. It keeps its id, so its tasks stay its
        own; they show the new name too (a task shows each assignee by its label)."""
        execute = self._session.execute
        await execute(
            update(OrganisationRow)
            .where(OrganisationRow.id == organisation_id)
            .values(name=name, folded_name=fold(name), aliases=aliases)
        )
        await execute(
            update(TaskAssigneeRow)
            .where(TaskAssigneeRow.organisation_id == organisation_id)
            .values(label=name)
        )
        self._loaded.clear()

    async def remove(self, organisation_id: int, name: str) -> list[int]:
        """Delete the organisation and return who its contact persons were. What named it keeps
        its name as text: the tasks assigned to it (by their label) and the meetings it
        attended, so that no record is lost with it."""
        execute = self._session.execute
        contacts = await self._session.scalars(
            select(OrganisationContactRow.person_id)
            .where(OrganisationContactRow.organisation_id == organisation_id)
            .order_by(OrganisationContactRow.person_id)
        )
        was_contact = list(contacts)
        await execute(
            update(TaskAssigneeRow)
            .where(TaskAssigneeRow.organisation_id == organisation_id)
            .values(organisation_id=None)
        )
        await execute(
            update(MeetingAttendeeRow)
            .where(MeetingAttendeeRow.organisation_id == organisation_id)
            .values(organisation_id=None, label=name)
        )
        await execute(
            delete(OrganisationContactRow).where(
                OrganisationContactRow.organisation_id == organisation_id
            )
        )
        await execute(delete(OrganisationRow).where(OrganisationRow.id == organisation_id))
        self._loaded.clear()
        return was_contact

    async def link(self, organisation_id: int, person_id: int) -> bool:
        """Make the person a contact of the organisation; False if they already were."""
        return await insert_ignoring_conflict(
            self._session,
            OrganisationContactRow,
            organisation_id=organisation_id,
            person_id=person_id,
        )

    async def of_contact(self, chat_id: int, person_id: int) -> list[tuple[int, str]]:
        """``(id, name)`` of the chat's organisations the person is a contact of."""
        result = await self._session.execute(
            select(OrganisationRow.id, OrganisationRow.name)
            .join(
                OrganisationContactRow,
                OrganisationContactRow.organisation_id == OrganisationRow.id,
            )
            .where(
                OrganisationRow.chat_id == chat_id, OrganisationContactRow.person_id == person_id
            )
            .order_by(OrganisationRow.id)
        )
        return [(oid, name) for oid, name in result.all()]

    async def all(self, chat_id: int) -> list[tuple[int, str, list[str]]]:
        """Every organisation of the chat as ``(id, name, aliases)``, by name."""
        return [(id_, name, list(aliases)) for id_, name, aliases in await self._all(chat_id)]

    async def _all(self, chat_id: int) -> Sequence[Row[int, str, list[str]]]:
        if chat_id not in self._loaded:
            result = await self._session.execute(_ALL, {"chat_id": chat_id})
            self._loaded[chat_id] = result.all()
        return self._loaded[chat_id]
