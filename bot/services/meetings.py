"""Meetings: opening, attendance, closing, and the minutes."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from bot.assignees import split_names
from bot.domain import Chat, Meeting, Minutes, Role, Task
from bot.errors import InvalidInput, NotFound
from bot.org_names import Lookup, Organisation, conjoined, key, lookup, offer
from bot.services.base import RequestContext, Service
from bot.services.deadline_record import deadline_record
from bot.services.scope import Scope
from bot.services.tasks import LIST_LIMIT, parse_number
from bot.text import has_visible, squash
from storage import UnitOfWork

MAX_TITLE_LENGTH = 200
MINUTES_LIMIT = 500  # decisions or tasks of one meeting; far above any real meeting


@dataclass(frozen=True, slots=True)
class MeetingOpened:
    """A new meeting, and what is still open from earlier ones (overdue first)."""

    chat: Chat
    meeting: Meeting
    carried_over: list[Task] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class MeetingEnded:
    """The minutes of the meeting just closed, and how many tasks typed during it still wait
    for an answer about an organisation (they join these minutes once answered)."""

    minutes: Minutes
    waiting: int = 0


@dataclass(frozen=True, slots=True)
class Unclear:
    """A name given to ``/present`` that is not exactly one organisation (or, to take off the
    list, one attendee): what it may mean, each with the shortest way to write it, and that
    way for the first; no candidates: nothing of that name."""

    text: str
    candidates: list[str] = field(default_factory=list)
    example: str = ""


@dataclass(frozen=True, slots=True)
class Attendance:
    """Who was just recorded as present (or, ``removing``, taken off the list), who already
    was, the names left unclear, and everyone present now (filled by ``/present``)."""

    chat: Chat
    meeting: Meeting
    added: list[str]
    already: list[str]
    removed: list[str] = field(default_factory=list)
    unclear: list[Unclear] = field(default_factory=list)
    everyone: list[str] = field(default_factory=list)
    removing: bool = False


async def find_meeting(
    uow: UnitOfWork,
    chat_id: int,
    thread_id: int | None,
    number_text: str,
    invalid: str = "number.invalid.minutes",
) -> Meeting:
    """Meeting ``number_text`` of the chat, or the latest one (of the topic, if it has one);
    ``invalid``: the key that says what to write instead of a number that is not one."""
    if number_text.strip():
        number = parse_number(number_text, "meeting.not_found", invalid)
        meeting = await uow.meetings.get(chat_id, number)
        if meeting is None:
            raise NotFound("meeting.not_found", number=number)
        return meeting
    meeting = await latest_meeting(uow, chat_id, thread_id)
    if meeting is None:
        raise InvalidInput("meeting.none_yet")
    return meeting


async def latest_meeting(uow: UnitOfWork, chat_id: int, thread_id: int | None) -> Meeting | None:
    """The latest meeting of the forum topic, or of the chat when the topic has had none."""
    return await uow.meetings.latest(chat_id, thread_id) or await uow.meetings.latest(chat_id)


async def read_minutes(uow: UnitOfWork, chat: Chat, meeting: Meeting) -> Minutes:
    """Everything the minutes of ``meeting`` say: the tasks recorded in it with the deadlines
    decided at it (see :mod:`bot.services.deadline_record`), and the deadlines changed during it.

    Absent are the organisations that did not come, once some organisation was recorded
    present (see MeetingRepository.absent). The secretary is who opened the
    meeting (opening one takes a secretary or an administrator); when that person is no longer
    known, the chat's named secretaries.
    """
    attendees = tuple(await uow.meetings.attendees(meeting.id))
    secretary = await uow.meetings.opener(meeting.id)
    if secretary is None:
        named = await uow.persons.with_role(chat.id, Role.SECRETARY)
        secretary = ", ".join(name for _, name, _ in named) or None
    tasks = tuple(await uow.tasks.by_meeting(chat.id, meeting.id))
    decided, changes = await deadline_record(uow, chat, meeting, tasks)
    return Minutes(
        chat=chat,
        meeting=meeting,
        attendees=attendees,
        decisions=tuple(await uow.decisions.latest(chat.id, MINUTES_LIMIT, meeting.id)),
        tasks=tasks,
        absent=tuple(await uow.meetings.absent(meeting)),
        secretary=secretary,
        notes=await uow.tasks.latest_notes(chat.id, meeting.id),
        decided=decided,
        changes=changes,
    )


async def _open_meeting(scope: Scope, ctx: RequestContext) -> Meeting:
    """The meeting open in the chat (or topic), which attendance is recorded in; managers only."""
    await scope.require_manager()
    meeting = await scope.uow.meetings.current(scope.chat.id, ctx.thread_id)
    if meeting is None:
        raise await _none_open(scope, ctx.thread_id)
    return meeting


async def _none_open(scope: Scope, thread_id: int | None) -> InvalidInput:
    """Why no meeting is open in this topic (``thread_id``; None: the main thread): the
    chat's latest is open in another topic, or ended here, or there is none."""
    latest = await scope.uow.meetings.latest(scope.chat.id)
    if latest is not None and latest.is_open and latest.thread_id != thread_id:
        title = latest.title or "—"
        return InvalidInput("meeting.open_elsewhere", number=latest.number, title=title)
    last = await scope.uow.meetings.latest(scope.chat.id, thread_id)
    if last is None:
        return InvalidInput("meeting.none_open")
    return InvalidInput("meeting.already_ended", number=last.number)


def _typed(names: str, usage: str) -> list[str]:
    typed = [item.text for item in split_names(names, None)]
    if not typed:
        raise InvalidInput(usage)
    return typed


def _settle(
    typed: list[str], known: list[Organisation]
) -> tuple[list[tuple[int, str]], list[Unclear]]:
    """What each typed name means among ``known`` (organisations, or who is present): those
    that name exactly one (or "A và B", each exactly one), each once, even when written two
    ways ("ctd, Hội Chữ thập đỏ"); and the others, each once, with what they may mean."""
    found: dict[int, tuple[int, str]] = {}
    unclear: dict[str, Unclear] = {}
    for text in typed:
        match = lookup(text, known)
        named = [match.found] if match.found is not None else conjoined(text, known)
        if named is not None:
            found.update((one[0], one) for one in named)
        elif key(text) not in unclear:
            unclear[key(text)] = _unclear(text, match, known)
    return list(found.values()), list(unclear.values())


def _unclear(text: str, match: Lookup, known: list[Organisation]) -> Unclear:
    if not match.candidates:
        return Unclear(text)
    candidates, first = offer(match.candidates, match.more, known)
    return Unclear(text, candidates, first)


async def _with_everyone(scope: Scope, result: Attendance) -> Attendance:
    """The result with everyone now present, the change committed."""
    everyone = await scope.uow.meetings.attendees(result.meeting.id)
    await scope.uow.commit()
    return replace(result, everyone=everyone)


class MeetingService(Service):
    """Use cases around meetings."""

    async def open(self, ctx: RequestContext, title: str) -> MeetingOpened:
        """Open a meeting in the chat (or forum topic); one may be open at a time."""
        title = squash(title)
        async with self._scope(ctx) as scope:
            await scope.require_manager()
            if len(title) > MAX_TITLE_LENGTH:
                raise InvalidInput("text.too_long", length=len(title), limit=MAX_TITLE_LENGTH)
            current = await scope.uow.meetings.current(scope.chat.id, ctx.thread_id)
            if current is not None:
                raise InvalidInput(
                    "meeting.already_open", number=current.number, title=current.title or "—"
                )
            number = await scope.uow.chats.next_number(scope.chat.id, "next_meeting_number")
            meeting = await scope.uow.meetings.add(
                chat_id=scope.chat.id,
                number=number,
                title=title if has_visible(title) else "",
                thread_id=ctx.thread_id,
                opened_by=scope.actor_id,
                now=scope.now,
            )
            await self._audit(scope, "open", meeting, {"title": meeting.title})
            carried = await scope.uow.tasks.list_open(scope.chat.id, LIST_LIMIT)
            await scope.uow.commit()
            return MeetingOpened(scope.chat, meeting, carried)

    async def end(self, ctx: RequestContext) -> MeetingEnded:
        """Close the open meeting of the chat (or topic) and return its minutes, with the tasks
        typed during it that still wait for an answer."""
        async with self._scope(ctx) as scope:
            await scope.require_manager()
            meeting = await scope.uow.meetings.current(scope.chat.id, ctx.thread_id)
            if meeting is None:
                raise await _none_open(scope, ctx.thread_id)
            await scope.uow.meetings.end(scope.chat.id, meeting.number, scope.now)
            await self._audit(scope, "end", meeting, {"ended_at": scope.now.isoformat()})
            meeting = await scope.uow.meetings.get(scope.chat.id, meeting.number) or meeting
            minutes = await read_minutes(scope.uow, scope.chat, meeting)
            drafts = await scope.uow.drafts.waiting(scope.chat.id)
            waiting = sum(d.meeting_fixed and d.meeting_id == meeting.id for _, d in drafts)
            await scope.uow.commit()
            return MeetingEnded(minutes, waiting)

    async def minutes(self, ctx: RequestContext, number_text: str = "") -> Minutes:
        """The minutes of meeting ``number_text``, or of the latest meeting."""
        async with self._scope(ctx) as scope:
            meeting = await find_meeting(scope.uow, scope.chat.id, ctx.thread_id, number_text)
            minutes = await read_minutes(scope.uow, scope.chat, meeting)
            await scope.uow.commit()
            return minutes

    async def attend(self, ctx: RequestContext, number_text: str) -> Attendance:
        """The sender is present (the "present" button): as a person, and for the organisations
        they are a contact of."""
        async with self._scope(ctx) as scope:
            number = parse_number(number_text, "meeting.not_found", "number.invalid.minutes")
            meeting = await scope.uow.meetings.get(scope.chat.id, number)
            if meeting is None:
                raise NotFound("meeting.not_found", number=number)
            if not meeting.is_open:
                raise InvalidInput("meeting.already_ended", number=meeting.number)
            result = Attendance(scope.chat, meeting, [], [])
            fresh = await scope.uow.meetings.attend(meeting.id, person_id=scope.actor_id)
            (result.added if fresh else result.already).append(ctx.actor.display_name)
            orgs = await scope.uow.organisations.of_contact(scope.chat.id, scope.actor_id)
            await self._mark(scope, result, orgs)
            await scope.uow.commit()
            return result

    async def present(self, ctx: RequestContext, names: str) -> Attendance:
        """The secretary names the organisations present: ``/present Red Cross, Youth Union``.
        Each name that is exactly one organisation is recorded; the others are not, and the
        answer says what each may mean (a list typed in a hurry is not refused whole)."""
        async with self._scope(ctx) as scope:
            meeting = await _open_meeting(scope, ctx)
            orgs = await scope.uow.organisations.all(scope.chat.id)
            found, unclear = _settle(_typed(names, "present.usage"), orgs)
            result = Attendance(scope.chat, meeting, [], [], unclear=unclear)
            await self._mark(scope, result, found)
            if result.added:
                await self._audit(scope, "present", meeting, {"added": result.added})
            return await _with_everyone(scope, result)

    async def take_off(self, ctx: RequestContext, names: str) -> Attendance:
        """``/present remove Red Cross``: take attendees recorded by mistake (organisations,
        or persons who pressed the present button) off the open meeting's list; audited."""
        async with self._scope(ctx) as scope:
            meeting = await _open_meeting(scope, ctx)
            present = await scope.uow.meetings.present(meeting.id)
            found, unclear = _settle(_typed(names, "present.remove_usage"), present)
            removed = [name for _, name in found]
            if found:
                await scope.uow.meetings.take_off(meeting.id, [row_id for row_id, _ in found])
                await self._audit(scope, "take_off", meeting, {"removed": removed})
            result = Attendance(
                scope.chat, meeting, [], [], removed=removed, unclear=unclear, removing=True
            )
            return await _with_everyone(scope, result)

    async def _mark(self, scope: Scope, result: Attendance, orgs: list[tuple[int, str]]) -> None:
        for org_id, name in orgs:
            fresh = await scope.uow.meetings.attend(result.meeting.id, organisation_id=org_id)
            (result.added if fresh else result.already).append(name)

    async def _audit(
        self, scope: Scope, action: str, meeting: Meeting, after: dict[str, object]
    ) -> None:
        await scope.audit(action, "meeting", meeting.id, after={"number": meeting.number, **after})
