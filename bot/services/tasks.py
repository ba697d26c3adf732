"""Recording, listing and closing tasks."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from bot.assignees import (
    MAX_ASSIGNEES,
    MAX_LABEL_LENGTH,
    AssigneeText,
    leading_username,
    split_assignees,
    split_names,
)
from bot.deadlines import ParseResult
from bot.domain import Assignee, Chat, Due, Meeting, PersonRef, Task, TaskStatus
from bot.errors import InvalidInput, NotAllowed, NotFound, UserError
from bot.org_names import conjoined, key, lookup, opening, shortest_label
from bot.services import parts
from bot.services.base import RequestContext, Service
from bot.services.planning import alternative_due, new_reminders, read_deadline
from bot.services.recurring import cut_recurrence, next_due, record_next, start_series
from bot.services.scope import Scope
from bot.services.task_drafts import TaskQuestion, ask
from bot.task_draft import Draft, Item, Unsettled
from bot.text import first_word, has_visible, squash

MAX_TITLE_LENGTH = 1000
LIST_LIMIT = 50
MAX_NUMBER = 2**31 - 1  # the column is a 32-bit integer
_NUMBER = re.compile(r"#?\s*(\d{1,18})", re.ASCII)
# "/done 2 3", "/done #2, #3": several numbers and nothing else.
_NUMBERS = re.compile(r"#?\d{1,18}(?:[\s,;]+#?\d{1,18})+", re.ASCII)
MAX_CLOSED_AT_ONCE = 20


@dataclass(frozen=True, slots=True)
class TaskRecorded:
    """What ``/task`` stored, and what the bot should point out about it."""

    chat: Chat
    task: Task
    new_organisations: list[str] = field(default_factory=list)
    confirm_reasons: tuple[str, ...] = ()
    then: Due | None = None  # a recurring task's occurrence after this one
    # The meeting the task joined although it had ended: /task was typed during it, and its
    # question answered after it closed (its minutes, already posted, lacked the task).
    late_for: Meeting | None = None
    # Who the title may name at its start, when the task went to nobody (a colon forgotten:
    # "/task CTD - gửi báo cáo"), and how to type it: (name shown, what /assign takes).
    maybe_for: tuple[str, str] | None = None
    alternative: Due | None = None  # the deadline's one other reading, to name in its warning


@dataclass(frozen=True, slots=True)
class TaskClosed:
    """The outcome of ``/done``: the task closed, or (a task for several) some of its parts."""

    chat: Chat
    task: Task
    already: bool  # the task was done, or the parts named were
    closed_by: str
    following: Task | None = None  # a recurring task's next occurrence
    following_new: bool = False  # recorded by this close (not by an earlier one)
    following_overdue: bool = False  # periods were missed: the next one is already past due
    # A task for several: the parts the command was for (the sender's own, or those named), and
    # those it said done; with the task still open, the others are left to do.
    parts: tuple[Assignee, ...] = ()
    newly: tuple[Assignee, ...] = ()
    # The task closed whole by a secretary: the parts nobody had said done.
    swept: tuple[Assignee, ...] = ()
    may_close_all: bool = False  # a secretary who did their part: "/done 5 all" closes it all

    @property
    def partial(self) -> bool:
        """True when only parts of the task were done by this command: it is still open."""
        return bool(self.parts) and self.task.status is TaskStatus.OPEN


@dataclass(frozen=True, slots=True)
class TasksClosed:
    """The outcome of ``/done 2 3``: each task closed, and each number refused (with why)."""

    chat: Chat
    closed: list[TaskClosed]
    refused: list[UserError]


def parse_number(
    text: str, not_found: str = "task.not_found", invalid: str = "number.invalid"
) -> int:
    """``3`` or ``#3`` as a record's number, or an :class:`InvalidInput` with the ``invalid``
    key (which says what number the command wanted, with an example of that command); a
    number beyond any record is :class:`NotFound` with the ``not_found`` key."""
    match = _NUMBER.fullmatch(text.strip())
    if match is None:
        raise InvalidInput(invalid, text=text.strip()[:50])
    number = int(match.group(1))
    if number > MAX_NUMBER:
        raise NotFound(not_found, number=number)
    return number


def parse_task_number(text: str, invalid: str = "number.invalid") -> int:
    """``3`` or ``#3`` as a task number (``invalid``: see :func:`parse_number`)."""
    return parse_number(text, invalid=invalid)


class TaskService(Service):
    """Use cases around tasks."""

    async def record(
        self,
        ctx: RequestContext,
        text: str,
        text_mentions: Mapping[str, PersonRef] | None = None,
        replied: str | None = None,
    ) -> TaskRecorded | TaskQuestion:
        """Store the task described by ``/task``, with its assignees and deadline; or, when a
        name is not exactly one organisation, keep it as a draft and ask which one it means.

        As a reply, the replied message says what to do and the command says who (and maybe
        by when); otherwise the command says it all: ``who: what when``.
        """
        async with self._scope(ctx) as scope:
            await scope.require_manager()
            if not has_visible(text) and not (replied and has_visible(replied)):
                raise InvalidInput("task.usage")
            if replied is None:
                typed, rest = split_assignees(text, text_mentions)
                rest, repeats = cut_recurrence(rest)
                parsed, due = read_deadline(scope, rest)
                title = parsed.title.strip()
            else:
                text, repeats = cut_recurrence(text)
                if repeats is None:
                    replied, repeats = cut_recurrence(replied)
                typed, title, parsed, due = self._read_reply(scope, text, replied, text_mentions)
            due, rule = start_series(scope, repeats, due)
            if len(typed) > MAX_ASSIGNEES or any(len(a.text) > MAX_LABEL_LENGTH for a in typed):
                raise InvalidInput("task.assignees_invalid", limit=MAX_ASSIGNEES)
            if not has_visible(title):
                raise InvalidInput("task.no_title")
            if len(title) > MAX_TITLE_LENGTH:
                raise InvalidInput("text.too_long", length=len(title), limit=MAX_TITLE_LENGTH)
            items = await self.resolve(scope, typed)
            draft = Draft(
                title,
                due,
                not parsed.confirm,
                tuple(parsed.confirm_reasons),
                tuple(items),
                ctx.message_id,
                ctx.thread_id,
                recurrence=rule or "",
                alternative=alternative_due(parsed),
            )
            if draft.next_open() is not None:  # a name to ask about: nothing is guessed
                # The task will belong to the meeting open now, however late it is answered.
                meeting = await scope.uow.meetings.current(scope.chat.id, ctx.thread_id)
                meeting_id = meeting.id if meeting is not None else None
                return await ask(scope, replace(draft, meeting_id=meeting_id, meeting_fixed=True))
            maybe_for = None if items else await self._named_first(scope, title)
            return replace(await self.finish(scope, draft), maybe_for=maybe_for)

    async def _named_first(self, scope: Scope, title: str) -> tuple[str, str] | None:
        """The @username, or the organisation's name or alias, that opens ``title``: as it is
        shown, and as ``/assign`` takes it (the organisation's shortest label). Only a hint:
        the task stays for nobody, since nothing is guessed."""
        username = leading_username(title)
        if username is not None:
            return username, username
        orgs = await scope.uow.organisations.all(scope.chat.id)
        org = opening(title, orgs)
        return None if org is None else (org[1], shortest_label(org, orgs))

    async def finish(self, scope: Scope, draft: Draft) -> TaskRecorded:
        """Store the task of a draft whose every name is settled, and commit."""
        recorded = await self.store_draft(scope, draft)
        await scope.uow.commit()
        return recorded

    async def store_draft(self, scope: Scope, draft: Draft) -> TaskRecorded:
        """Store the task of a draft whose every name is settled, in the meeting it belongs to,
        with its reminders; the caller commits."""
        meeting = None
        if draft.meeting_fixed and draft.meeting_id is not None:
            meeting = await scope.uow.meetings.by_id(scope.chat.id, draft.meeting_id)
        task = await self._store(
            scope,
            draft,
            meeting_id=meeting.id if meeting is not None else None,
            in_open_meeting=not draft.meeting_fixed,
        )
        then = next_due(scope, task) if draft.recurrence else None
        new_orgs = list(draft.new_organisations)
        late_for = meeting if meeting is not None and not meeting.is_open else None
        return TaskRecorded(
            scope.chat,
            task,
            new_orgs,
            draft.confirm_reasons,
            then,
            late_for,
            alternative=draft.alternative,
        )

    def _read_reply(
        self,
        scope: Scope,
        text: str,
        replied: str,
        text_mentions: Mapping[str, PersonRef] | None,
    ) -> tuple[list[AssigneeText], str, ParseResult, Due | None]:
        """Who and when from the command, what from the replied message (or when, too)."""
        parsed, due = read_deadline(scope, text)
        typed = split_names(parsed.title, text_mentions)
        if due is None:
            parsed, due = read_deadline(scope, replied)
            return typed, parsed.title.strip(), parsed, due
        return typed, squash(replied), parsed, due

    async def complete(self, ctx: RequestContext, number_text: str) -> TaskClosed:
        """Mark task ``number_text`` of this chat as done."""
        async with self._scope(ctx) as scope:
            if not number_text.strip():
                raise InvalidInput("done.usage")
            closed = await self._close(scope, ctx, number_text)
            await scope.uow.commit()
            return closed

    async def complete_each(self, ctx: RequestContext, numbers_text: str) -> TasksClosed:
        """``/done 2 3``: mark each task done that the sender may close, each checked and
        audited on its own; the others are refused with why. One number: :meth:`complete`."""
        if _NUMBERS.fullmatch(numbers_text.strip()) is None:
            one = await self.complete(ctx, numbers_text)
            return TasksClosed(one.chat, [one], [])
        numbers = list(dict.fromkeys(re.findall(r"\d+", numbers_text)))
        async with self._scope(ctx) as scope:
            if len(numbers) > MAX_CLOSED_AT_ONCE:
                raise InvalidInput("done.too_many", limit=MAX_CLOSED_AT_ONCE)
            result = TasksClosed(scope.chat, [], [])
            for number in numbers:
                try:  # each refusal comes before any write for its task
                    result.closed.append(await self._close(scope, ctx, number))
                except (NotFound, InvalidInput, NotAllowed) as refused:
                    result.refused.append(refused)
            await scope.uow.commit()
            return result

    async def _close(self, scope: Scope, ctx: RequestContext, text: str) -> TaskClosed:
        """Close one task (``5``), or the parts of a task for several that are the sender's or
        that are named (``5 CTĐ``); or refuse (before writing anything) with a
        :class:`UserError`. The last part done closes the task."""
        number_text, names = first_word(text)
        number = parse_task_number(number_text)
        task = await scope.uow.tasks.get(scope.chat.id, number)
        if task is None:
            raise NotFound("task.not_found", number=number)
        await scope.require_task_hand(task)
        if task.status is TaskStatus.CANCELLED:  # a stale button must not revive it
            raise InvalidInput("done.cancelled", number=number)
        name = ctx.actor.display_name
        if task.status is TaskStatus.DONE:
            return TaskClosed(scope.chat, task, True, name)
        chosen = await parts.chosen(scope, task, names)
        if chosen is None:  # the whole task, whatever parts were left
            swept = task.parts_left if task.shared else ()
            return await self._close_whole(scope, task, name, swept)
        done = await parts.mark_done(scope, task, chosen)
        if done.task.parts_left:
            return TaskClosed(
                scope.chat,
                done.task,
                not done.newly,
                name,
                parts=done.parts,
                newly=done.newly,
                may_close_all=await scope.known_manager(),
            )
        closed = await self._close_whole(scope, done.task, name)
        return replace(closed, parts=done.parts, newly=done.newly)

    async def _close_whole(
        self, scope: Scope, task: Task, name: str, swept: tuple[Assignee, ...] = ()
    ) -> TaskClosed:
        """Close an open task, audited (with the parts ``swept``: left not done); its reminders
        stop, and a recurring task's next occurrence is recorded."""
        after: dict[str, object] = {"status": TaskStatus.DONE.value}
        if swept:
            after["parts_left"] = [a.label for a in swept]
        before = {"status": task.status.value}
        await scope.uow.tasks.close(
            task, scope.event("done", "task", task.id, before=before, after=after)
        )
        task = replace(task, status=TaskStatus.DONE, done_at=scope.now)
        following, following_new = await record_next(scope, task)
        coming = following.due if following is not None else None
        late = coming is not None and coming.utc < scope.now
        return TaskClosed(
            scope.chat, task, False, name, following, following_new, late, swept=swept
        )

    async def resolve(self, scope: Scope, typed: list[AssigneeText]) -> list[Item]:
        """Turn typed assignees into persons and organisations, in the order typed; a name that
        is not exactly one organisation stays :class:`Unsettled`, with what it may mean."""
        items: list[Item] = []
        orgs = await scope.uow.organisations.all(scope.chat.id)
        asked: set[str] = set()
        for item in typed:
            if item.person is not None:
                person_id = await scope.uow.persons.upsert(item.person, scope.now)
                items.append(Assignee(item.person.display_name, person_id, item.person.telegram_id))
            elif item.username is not None:
                found = await scope.uow.persons.by_username(item.username)
                items.append(
                    Assignee(
                        item.text,
                        found[0] if found else None,
                        found[1] if found else None,
                        username=item.username,
                    )
                )
            elif item.means_all_members:
                if not orgs:
                    raise InvalidInput("task.no_organisations")
                items.extend(Assignee(name, organisation_id=oid) for oid, name, _ in orgs)
            elif (match := lookup(item.text, orgs)).found is not None:
                items.append(Assignee(match.found[1], organisation_id=match.found[0]))
            elif (parts := conjoined(item.text, orgs)) is not None:  # "CTĐ và LHH"
                items.extend(Assignee(name, organisation_id=oid) for oid, name in parts)
            elif key(item.text) not in asked:  # "Hội, hội" is one question, not two
                asked.add(key(item.text))
                items.append(Unsettled(item.text, tuple(match.candidates), match.more))
        return items

    async def _store(
        self,
        scope: Scope,
        draft: Draft,
        meeting_id: int | None = None,
        in_open_meeting: bool = True,
    ) -> Task:
        """Store the draft's task with its reminders, in meeting ``meeting_id`` or,
        ``in_open_meeting``, in the one open in its topic (which the INSERT looks up itself),
        and audit it."""
        assignees, due, recurrence = draft.assignees(), draft.due, draft.recurrence
        return await scope.uow.tasks.add(
            chat_id=scope.chat.id,
            title=draft.title,
            due=due,
            assignees=assignees,
            created_by=scope.actor_id,
            source_message_id=draft.message_id,
            message_thread_id=draft.thread_id,
            now=scope.now,
            due_confirmed=draft.confirmed,
            meeting_id=meeting_id,
            in_open_meeting=in_open_meeting,
            recurrence=recurrence or None,
            reminders=new_reminders(scope, due, draft.confirmed),
            created={  # the audit trail's "create" event, to which the task's number is added
                "title": draft.title,
                "due": due.utc.isoformat() if due else None,
                **({"precision": due.precision} if due else {}),
                "assignees": [a.label for a in assignees],
                **({"recurrence": recurrence} if recurrence else {}),
            },
        )
