"""Meetings and who attended them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, delete, func, or_, select

from bot.domain import Meeting
from storage.models import (
    MeetingAttendeeRow,
    MeetingRow,
    OrganisationContactRow,
    OrganisationRow,
    PersonRow,
    table_of,
)
from storage.session import UnitSession


def _to_meeting(row: MeetingRow) -> Meeting:
    return Meeting(
        id=row.id,
        chat_id=row.chat_id,
        number=row.number,
        title=row.title,
        started_at=row.started_at,
        ended_at=row.ended_at,
        thread_id=row.message_thread_id,
    )


# The meeting open in a topic (``m_thread_id`` None: the main thread), the latest not yet ended,
# as the id of a scalar subquery: read by current(), and by the INSERT of every task recorded
# (storage/repositories/tasks.py), which so needs no statement of its own to find it. On the
# Core table, built once with bound parameters.
_MEETINGS = table_of(MeetingRow)
OPEN_MEETING_ID = (
    select(_MEETINGS.c.id)
    .where(
        _MEETINGS.c.chat_id == bindparam("m_chat_id"),
        _MEETINGS.c.ended_at.is_(None),
        _MEETINGS.c.message_thread_id.is_not_distinct_from(bindparam("m_thread_id")),
    )
    .order_by(_MEETINGS.c.number.desc())
    .limit(1)
    .scalar_subquery()
)
_CURRENT = select(MeetingRow).where(MeetingRow.id == OPEN_MEETING_ID)


class MeetingRepository:
    """Reads and writes meetings; never commits."""

    def __init__(self, session: UnitSession) -> None:
        self._session = session

    async def add(
        self,
        *,
        chat_id: int,
        number: int,
        title: str,
        thread_id: int | None,
        opened_by: int | None,
        now: datetime,
    ) -> Meeting:
        """Open a meeting and return it."""
        row = MeetingRow(
            chat_id=chat_id,
            number=number,
            title=title,
            message_thread_id=thread_id,
            opened_by=opened_by,
            started_at=now,
        )
        self._session.add(row)
        await self._session.flush()
        return _to_meeting(row)

    async def current(self, chat_id: int, thread_id: int | None) -> Meeting | None:
        """The open meeting of the chat's topic (``thread_id``), if any."""
        params = {"m_chat_id": chat_id, "m_thread_id": thread_id}
        row = (await self._session.execute(_CURRENT, params)).scalar_one_or_none()
        return None if row is None else _to_meeting(row)

    async def get(self, chat_id: int, number: int) -> Meeting | None:
        """Meeting ``number`` of the chat; other chats' meetings are never found."""
        row = await self._row(chat_id, number)
        return None if row is None else _to_meeting(row)

    async def by_id(self, chat_id: int, meeting_id: int) -> Meeting | None:
        """The chat's meeting with this internal id; other chats' meetings are never found."""
        row = await self._session.get(MeetingRow, meeting_id)
        return None if row is None or row.chat_id != chat_id else _to_meeting(row)

    async def latest(self, chat_id: int, thread_id: int | None = None) -> Meeting | None:
        """The chat's most recent meeting (of the topic, when one is given)."""
        query = select(MeetingRow).where(MeetingRow.chat_id == chat_id)
        if thread_id is not None:
            query = query.where(MeetingRow.message_thread_id == thread_id)
        result = await self._session.execute(query.order_by(MeetingRow.number.desc()).limit(1))
        row = result.scalar_one_or_none()
        return None if row is None else _to_meeting(row)

    async def end(self, chat_id: int, number: int, now: datetime) -> None:
        """Close the meeting."""
        row = await self._row(chat_id, number)
        if row is not None:
            row.ended_at = now
            await self._session.flush()  # for the statements that read it, which do not flush

    async def attend(
        self, meeting_id: int, *, person_id: int | None = None, organisation_id: int | None = None
    ) -> bool:
        """Record a person or an organisation as present; False if already recorded."""
        query = select(MeetingAttendeeRow.id).where(MeetingAttendeeRow.meeting_id == meeting_id)
        if person_id is not None:
            query = query.where(MeetingAttendeeRow.person_id == person_id)
        else:
            query = query.where(MeetingAttendeeRow.organisation_id == organisation_id)
        if (await self._session.execute(query)).first() is not None:
            return False
        self._session.add(
            MeetingAttendeeRow(
                meeting_id=meeting_id, person_id=person_id, organisation_id=organisation_id
            )
        )
        await self._session.flush()
        return True

    async def attendees(self, meeting_id: int) -> list[str]:
        """Who was present: organisations first (by the name kept when one was removed since),
        then persons, in the order recorded."""
        return [name for _, name, _ in await self.present(meeting_id)]

    async def present(self, meeting_id: int) -> list[tuple[int, str, list[str]]]:
        """Who was present, as :meth:`attendees` lists them, each as ``(id of the record, name,
        other names)``: an organisation's aliases, a person's @username."""
        result = await self._session.execute(
            select(
                MeetingAttendeeRow.id,
                func.coalesce(OrganisationRow.name, MeetingAttendeeRow.label),
                OrganisationRow.aliases,
                PersonRow,
            )
            .select_from(MeetingAttendeeRow)
            .outerjoin(OrganisationRow, OrganisationRow.id == MeetingAttendeeRow.organisation_id)
            .outerjoin(PersonRow, PersonRow.id == MeetingAttendeeRow.person_id)
            .where(MeetingAttendeeRow.meeting_id == meeting_id)
            .order_by(MeetingAttendeeRow.id)
        )
        orgs: list[tuple[int, str, list[str]]] = []
        people: list[tuple[int, str, list[str]]] = []
        for row_id, org_name, aliases, person in result.all():
            if org_name is not None:
                orgs.append((row_id, org_name, list(aliases or ())))
            elif person is not None:
                name = " ".join(p for p in (person.first_name, person.last_name) if p)
                people.append((row_id, name, [f"@{person.username}"] if person.username else []))
        return orgs + people

    async def absent(self, meeting: Meeting) -> list[str]:
        """The chat's organisations absent from ``meeting``, in the order they were added.

        Only once an organisation was recorded present: with persons alone recorded, the
        secretary took no attendance of organisations, and calling them all absent would be a
        guess. An organisation one of whose contact persons was recorded present is not absent
        (they came for it); nor is one added after the meeting started, not a member then.
        """
        attendees = select(MeetingAttendeeRow).where(MeetingAttendeeRow.meeting_id == meeting.id)
        # A removed organisation is recorded by its label.
        orgs_recorded = attendees.where(
            or_(
                MeetingAttendeeRow.organisation_id.is_not(None),
                MeetingAttendeeRow.label.is_not(None),
            )
        ).exists()
        came = attendees.with_only_columns(MeetingAttendeeRow.organisation_id).where(
            MeetingAttendeeRow.organisation_id.is_not(None)
        )
        came_for = select(OrganisationContactRow.organisation_id).where(
            OrganisationContactRow.person_id.in_(
                attendees.with_only_columns(MeetingAttendeeRow.person_id).where(
                    MeetingAttendeeRow.person_id.is_not(None)
                )
            )
        )
        query = select(OrganisationRow.name).where(
            orgs_recorded,
            OrganisationRow.chat_id == meeting.chat_id,
            OrganisationRow.created_at <= meeting.started_at,
            OrganisationRow.id.not_in(came),
            OrganisationRow.id.not_in(came_for),
        )
        result = await self._session.execute(query.order_by(OrganisationRow.id))
        return list(result.scalars())

    async def opener(self, meeting_id: int) -> str | None:
        """The name of the person who opened the meeting, if they are still known."""
        result = await self._session.execute(
            select(PersonRow.first_name, PersonRow.last_name)
            .join(MeetingRow, MeetingRow.opened_by == PersonRow.id)
            .where(MeetingRow.id == meeting_id)
        )
        row = result.first()
        return None if row is None else " ".join(part for part in row if part)

    async def take_off(self, meeting_id: int, attendee_ids: list[int]) -> None:
        """Take these records (ids from :meth:`present`) off the meeting's attendees."""
        await self._session.execute(
            delete(MeetingAttendeeRow).where(
                MeetingAttendeeRow.meeting_id == meeting_id, MeetingAttendeeRow.id.in_(attendee_ids)
            )
        )

    async def _row(self, chat_id: int, number: int) -> MeetingRow | None:
        result = await self._session.execute(
            select(MeetingRow).where(MeetingRow.chat_id == chat_id, MeetingRow.number == number)
        )
        return result.scalar_one_or_none()
