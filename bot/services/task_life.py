"""A task's life after ``/task``: lists and search, edits, notes, cancelling, reopening, history."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from bot.assignees import MAX_ASSIGNEES, MAX_LABEL_LENGTH, split_names
from bot.domain import (
    Assignee,
    Chat,
    Decision,
    Due,
    HistoryEntry,
    PersonRef,
    Task,
    TaskNote,
    TaskStatus,
)
from bot.errors import InvalidInput, NotFound
from bot.org_names import Organisation, lookup, offer
from bot.services import parts
from bot.services.base import RequestContext, Service, ServiceDeps
from bot.services.deadlines import set_deadline
from bot.services.group_choice import MemberLookup, memberships, unchecked
from bot.services.planning import alternative_due, read_deadline, replan
from bot.services.scope import Scope
from bot.services.tasks import MAX_TITLE_LENGTH, TaskService, parse_number
from bot.task_draft import Item, Unsettled, distinct
from bot.text import first_word, fold, has_visible, squash

MAX_NOTE_LENGTH = 2000
MAX_EXAMPLE = 300  # characters of a command given back to send again; longer, only the name
SEARCH_SCOPE = 5000  # latest records searched by /find
FOUND_LIMIT = 20
LIST_LIMIT = 200  # tasks in a list; /tasks shows them a page at a time
MINE = ("mine", "cua toi", "của tôi", "toi")
OVERDUE = ("overdue", "qua han", "quá hạn")
ALL = ("all", "tat ca", "tất cả")


@dataclass(frozen=True, slots=True)
class TaskList:
    """Tasks of a chat, and which list they are (``open``, ``mine``, ``overdue``, ``all``, or
    an organisation's name)."""

    chat: Chat
    tasks: list[Task]
    which: str = "open"


@dataclass(frozen=True, slots=True)
class MyTasks:
    """``/tasks mine`` in a private chat: the person's open tasks in each group they are in,
    then in their own notes; chats with none are left out."""

    chat: Chat  # the private chat
    sections: list[tuple[Chat, list[Task]]]  # groups by title, then the private chat
    unchecked: int = 0  # groups left out because Telegram could not be asked about them


@dataclass(frozen=True, slots=True)
class TaskChanged:
    """A task after a change, and what the change was."""

    chat: Chat
    task: Task
    action: str
    following: Task | None = None  # a recurring task's next occurrence, when one is recorded
    new_deadline: bool = False  # /edit found a deadline in the new wording and set it
    # A deadline /edit's wording names that it did not set, the task having another one.
    other_deadline: Due | None = None
    confirm_reasons: tuple[str, ...] = ()  # why that deadline is to be confirmed
    alternative: Due | None = None  # its one other reading, to name in the warning
    note: str = ""  # the note /note stored, or the reason /cancel was given
    parts: tuple[str, ...] = ()  # a task for several: the parts /reopen said not done


@dataclass(frozen=True, slots=True)
class TaskHistory:
    """A task, its notes and every change made to it."""

    chat: Chat
    task: Task
    notes: list[TaskNote]
    entries: list[HistoryEntry]


@dataclass(frozen=True, slots=True)
class Found:
    """What ``/find`` found."""

    chat: Chat
    words: str
    tasks: list[Task] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)


def wants_mine(which: str) -> bool:
    """Whether the filter of ``/tasks`` asks for the sender's own tasks."""
    return fold(which) in map(fold, MINE)


async def _mine(scope: Scope, chat_id: int, username: str | None) -> list[Task]:
    """The open tasks of chat ``chat_id`` assigned to the actor: to them, to their @username
    while it names nobody known, or to an organisation of the chat they are a contact of."""
    orgs = await scope.uow.organisations.of_contact(chat_id, scope.actor_id)
    return await scope.uow.tasks.select(
        chat_id,
        person_id=scope.actor_id,
        username=username,
        organisation_ids=[oid for oid, _ in orgs],
        limit=LIST_LIMIT,
    )


async def _organisation(scope: Scope, which: str) -> tuple[int, str]:
    """The organisation whose tasks ``/tasks <name>`` lists. A name that may mean several is
    refused with them and the command to send for the first, as ``/assign`` refuses it."""
    orgs = await scope.uow.organisations.all(scope.chat.id)
    found = lookup(which, orgs)
    if found.found is not None:
        return found.found
    typed = squash(which)[:80]
    if not found.candidates:
        raise InvalidInput("tasks.filter_unknown", text=typed)
    names, first = offer(found.candidates, found.more, orgs)
    raise InvalidInput("tasks.choose", name=typed, names=", ".join(names), example=first)


def _split(text: str, usage: str) -> tuple[str, str]:
    number, rest = first_word(text)
    if not number:
        raise InvalidInput(usage)
    return number, rest.strip()


class TaskLifeService(Service):
    """Use cases that read or change existing tasks."""

    def __init__(self, deps: ServiceDeps, tasks: TaskService) -> None:
        super().__init__(deps)
        self._tasks = tasks  # resolves assignees the way /task does

    async def list(self, ctx: RequestContext, which: str = "") -> TaskList:
        """``/tasks [mine | overdue | all | <organisation>]``."""
        folded = fold(which)
        async with self._scope(ctx) as scope:
            repo = scope.uow.tasks
            if not folded:
                tasks, kind = await repo.select(scope.chat.id, limit=LIST_LIMIT), "open"
            elif wants_mine(which):
                tasks, kind = await _mine(scope, scope.chat.id, ctx.actor.username), "mine"
            elif folded in map(fold, OVERDUE):
                tasks = await repo.select(scope.chat.id, due_before=scope.now, limit=LIST_LIMIT)
                kind = "overdue"
            elif folded in map(fold, ALL):
                tasks = await repo.select(
                    scope.chat.id, statuses=list(TaskStatus), limit=LIST_LIMIT
                )
                kind = "all"
            else:
                org = await _organisation(scope, which)
                tasks = await repo.select(
                    scope.chat.id, organisation_ids=[org[0]], limit=LIST_LIMIT
                )
                kind = org[1]
            await scope.uow.commit()
            return TaskList(scope.chat, tasks, kind)

    async def mine_everywhere(self, ctx: RequestContext, members: MemberLookup) -> MyTasks:
        """``/tasks mine`` in a private chat: the sender's open tasks in every group the bot
        has seen them in, is still in, and Telegram says they are in now, each as ``/tasks
        mine`` lists it there, then in their own notes. A group they are not in (or that
        Telegram could not be asked about) is never read, whatever its tasks say."""
        async with self._scope(ctx) as scope:
            found = await memberships(scope, ctx, members)
            groups = [m.group for m in found if m.standing.is_in]
            sections = []
            for chat in [*groups, scope.chat]:
                tasks = await _mine(scope, chat.id, ctx.actor.username)
                if tasks:
                    sections.append((chat, tasks))
            await scope.uow.commit()
            return MyTasks(scope.chat, sections, unchecked(found))

    async def find(self, ctx: RequestContext, words: str) -> Found:
        """Tasks and decisions whose text holds every word (case and diacritics ignored)."""
        words = squash(words)
        async with self._scope(ctx) as scope:
            if not has_visible(words):
                raise InvalidInput("find.usage")
            wanted = fold(words).split()

            def matches(text: str) -> bool:
                folded = fold(text)
                return all(word in folded for word in wanted)

            uow = scope.uow
            titles = await uow.tasks.titles(scope.chat.id, SEARCH_SCOPE)
            hits = [number for number, title in titles if matches(title)][:FOUND_LIMIT]
            decisions = await uow.decisions.latest(scope.chat.id, SEARCH_SCOPE)
            await scope.uow.commit()
            return Found(
                scope.chat,
                words,
                await uow.tasks.by_numbers(scope.chat.id, hits) if hits else [],
                [d for d in reversed(decisions) if matches(d.text)][:FOUND_LIMIT],
            )

    async def edit(self, ctx: RequestContext, text: str) -> TaskChanged:
        """``/edit <n> <new wording>``. An open task without a deadline takes the one the
        wording names, read as ``/task`` reads it (the title is the rest). Any other task keeps
        its deadline and the wording whole: in "tổng hợp báo cáo quý 3" the quarter is what the
        report is about, not a deadline to replace the one agreed on. A different deadline the
        wording names is only pointed out (``other_deadline``), with the command that sets it."""
        number_text, wording = _split(text, "edit.usage")
        async with self._scope(ctx) as scope:
            await scope.require_manager()
            task = await self._task(scope, number_text, "edit")
            is_open = task.status is TaskStatus.OPEN
            sets_deadline = is_open and task.due is None
            parsed, due = read_deadline(scope, wording, strict=sets_deadline)
            if due is not None and not has_visible(parsed.title):
                raise InvalidInput("edit.only_deadline", number=task.number, phrase=due.text)
            title = squash(parsed.title if sets_deadline else wording)
            if not has_visible(title):
                raise InvalidInput("edit.usage")
            if len(title) > MAX_TITLE_LENGTH:
                raise InvalidInput("text.too_long", length=len(title), limit=MAX_TITLE_LENGTH)
            await scope.uow.tasks.set_title(scope.chat.id, task.number, title, scope.now)
            await self._audit(scope, task, "edit", {"title": task.title}, {"title": title})
            if sets_deadline and due is not None:
                await set_deadline(scope, task, parsed, due)
            changed = await self._done(scope, task, "edit")
            if sets_deadline:
                return replace(
                    changed,
                    new_deadline=due is not None,
                    confirm_reasons=tuple(parsed.confirm_reasons),
                    alternative=alternative_due(parsed),
                )
            other = None  # a closed task's deadline cannot change: nothing to point out
            if is_open and due is not None and task.due is not None and due.utc != task.due.utc:
                other = due
            return replace(changed, other_deadline=other)

    async def assign(
        self, ctx: RequestContext, text: str, mentions: Mapping[str, PersonRef]
    ) -> TaskChanged:
        """``/assign <n> <assignees>``: who the task is for, instead of whoever it was."""
        number_text, names = _split(text, "assign.usage")
        async with self._scope(ctx) as scope:
            await scope.require_manager()
            task = await self._task(scope, number_text, "assign")
            typed = split_names(names, mentions)
            if not typed:
                raise InvalidInput("assign.usage")
            if len(typed) > MAX_ASSIGNEES or any(len(a.text) > MAX_LABEL_LENGTH for a in typed):
                raise InvalidInput("task.assignees_invalid", limit=MAX_ASSIGNEES)
            orgs = await scope.uow.organisations.all(scope.chat.id)
            retry = Retry(task.number, names, orgs)
            assignees = settled(await self._tasks.resolve(scope, typed), retry)
            await self._set_assignees(scope, task, assignees)
            return await self._done(scope, task, "assign")

    async def note(self, ctx: RequestContext, text: str) -> TaskChanged:
        """``/note <n> <progress>``: the assignees and the secretaries may add notes."""
        number_text, body = _split(text, "note.usage")
        async with self._scope(ctx) as scope:
            task = await self._task(scope, number_text, "note")
            await scope.require_task_hand(task)
            if not has_visible(body):
                raise InvalidInput("note.usage")
            if len(body) > MAX_NOTE_LENGTH:
                raise InvalidInput("text.too_long", length=len(body), limit=MAX_NOTE_LENGTH)
            await scope.uow.tasks.add_note(task.id, scope.actor_id, body, scope.now)
            await self._audit(scope, task, "note", None, {"text": body})
            return replace(await self._done(scope, task, "note"), note=body)

    async def cancel(self, ctx: RequestContext, text: str) -> TaskChanged:
        """``/cancel <n> [reason]``: the task is no longer needed; its reminders stop. The reason
        is kept in the change's record and as a note of the task."""
        parts = text.split(maxsplit=1)  # the number, then the reason (on the next line, too)
        number_text = parts[0] if parts else ""
        reason = parts[1].strip() if len(parts) > 1 else ""
        if len(reason) > MAX_NOTE_LENGTH:
            raise InvalidInput("text.too_long", length=len(reason), limit=MAX_NOTE_LENGTH)
        reason = reason if has_visible(reason) else ""
        return await self._set_status(ctx, number_text, TaskStatus.CANCELLED, "cancel", reason)

    async def reopen(
        self, ctx: RequestContext, text: str, part_ids: Sequence[int] = ()
    ) -> TaskChanged:
        """``/reopen <n> [names]``: a done or cancelled task is open again, with its reminders;
        a task for several waits again for the parts named, or for those whose completion
        closed it. Of an open task for several, the parts named (or ``part_ids``: a button's),
        or the sender's own, are not done any more."""
        number_text, names = first_word(text)
        async with self._scope(ctx) as scope:
            task = await self._task(scope, number_text, "reopen")
            if task.status is TaskStatus.OPEN and (names or part_ids or task.parts_done):
                return await self._reopen_parts(scope, task, names, part_ids)
            await scope.require_manager()
            return await self._change_status(scope, task, TaskStatus.OPEN, "reopen", names=names)

    async def _reopen_parts(
        self, scope: Scope, task: Task, names: str, part_ids: Sequence[int]
    ) -> TaskChanged:
        """Parts of an open task for several are not done any more: those named, or the
        sender's own done ones; the sender's own only, unless a secretary's."""
        mine = scope.parts_of(task)
        chosen = [a for a in task.assignees if a.id in part_ids]
        if not chosen and names:
            chosen = await parts.named(scope, task, names)
        if not chosen:
            if not mine:  # a secretary's, for no part of theirs: which part, then?
                await scope.require_manager()
                example = task.parts_done[0].label if task.parts_done else ""
                key = "reopen.which_part" if example else "reopen.already"
                raise InvalidInput(key, number=task.number, example=example)
            chosen = [a for a in mine if a.done_at is not None] or mine
        if not {a.id for a in chosen} <= {a.id for a in mine}:
            await scope.require_manager()
        if all(a.done_at is None for a in chosen):
            labels = ", ".join(a.label for a in chosen)
            raise InvalidInput("reopen.part_already", number=task.number, names=labels)
        reopened = tuple(a.label for a in chosen if a.done_at is not None)
        await parts.mark_undone(scope, task, chosen)
        return replace(await self._done(scope, task, "reopen_part"), parts=reopened)

    async def history(self, ctx: RequestContext, number_text: str) -> TaskHistory:
        """Every change of the task, with who and when."""
        async with self._scope(ctx) as scope:
            task = await self._task(scope, number_text, "history")
            entries = await scope.uow.audit.history(scope.chat.id, "task", task.id)
            notes = await scope.uow.tasks.notes(task.id)
            await scope.uow.commit()
            return TaskHistory(scope.chat, task, notes, entries)

    async def _set_status(
        self,
        ctx: RequestContext,
        number_text: str,
        status: TaskStatus,
        action: str,
        reason: str = "",
    ) -> TaskChanged:
        async with self._scope(ctx) as scope:
            await scope.require_manager()
            task = await self._task(scope, number_text, action)
            return await self._change_status(scope, task, status, action, reason)

    async def _change_status(
        self,
        scope: Scope,
        task: Task,
        status: TaskStatus,
        action: str,
        reason: str = "",
        names: str = "",
    ) -> TaskChanged:
        """Give ``task`` another status, audited, and commit; reopened, a task for several
        waits again for the parts ``names`` names, or for those whose completion closed it."""
        if task.status is status:
            raise InvalidInput(f"{action}.already", number=task.number)
        if status is TaskStatus.CANCELLED and task.status is TaskStatus.DONE:
            # Its completion is a record people rely on: reopen first, on purpose.
            raise InvalidInput("cancel.done", number=task.number)
        if status is TaskStatus.OPEN:
            again = await parts.named(scope, task, names) if names else parts.closing_parts(task)
            await self._relink(scope, await parts.mark_undone(scope, task, again))
        await scope.uow.tasks.set_status(
            scope.chat.id, task.number, status, scope.actor_id, scope.now
        )
        before: dict[str, object] = {"status": task.status.value}
        after: dict[str, object] = {"status": status.value}
        following = await scope.uow.tasks.following(task.id) if task.recurrence else None
        if task.recurrence and following is None:  # cancelled: no next; reopened: one again
            after["series"] = "stopped" if status is TaskStatus.CANCELLED else "goes_on"
        if reason:  # a note too, so it is read with the task's progress
            after["reason"] = reason
            await scope.uow.tasks.add_note(task.id, scope.actor_id, reason, scope.now)
        await self._audit(scope, task, action, before, after)
        return replace(await self._done(scope, task, action, following), note=reason)

    async def _relink(self, scope: Scope, task: Task) -> None:
        """Before ``task`` is open again: link each assignee whose organisation was removed,
        now only a name, to the organisation that has that name again (as ``/task`` reads it);
        while one has none, refuse: the task would be open for no one."""
        if not any(a.is_name_only for a in task.assignees):
            return
        assignees: list[Assignee] = []
        for assignee in task.assignees:
            if assignee.is_name_only:
                found = await scope.uow.organisations.find(scope.chat.id, assignee.label)
                if found is None:
                    raise InvalidInput("reopen.name_only", number=task.number, name=assignee.label)
                linked = Assignee(found[1], organisation_id=found[0])
                assignee = replace(linked, done_at=assignee.done_at, done_by=assignee.done_by)
            assignees.append(assignee)
        await self._set_assignees(scope, task, distinct(assignees))

    async def _set_assignees(self, scope: Scope, task: Task, assignees: Sequence[Assignee]) -> None:
        """Give ``task`` these assignees, audited as an assignment; a part said done stays done
        for whoever stays (:func:`~bot.services.parts.carried`)."""
        assignees = parts.carried(task, assignees)
        await scope.uow.tasks.set_assignees(scope.chat.id, task.number, assignees, scope.now)
        await self._audit(
            scope,
            task,
            "assign",
            {"assignees": [a.label for a in task.assignees]},
            {"assignees": [a.label for a in assignees]},
        )

    async def _task(self, scope: Scope, number_text: str, command: str) -> Task:
        """Task ``number_text`` of the chat; a text that is not a number is refused with an
        example of ``command`` (``edit``, ``cancel``...), and no text at all with that example
        alone (``cancel``, ``reopen`` and ``history`` take a number alone)."""
        if not number_text.strip():
            raise InvalidInput(f"number.missing.{command}")
        number = parse_number(number_text, invalid=f"number.invalid.{command}")
        task = await scope.uow.tasks.get(scope.chat.id, number)
        if task is None:
            raise NotFound("task.not_found", number=number)
        return task

    async def _audit(
        self,
        scope: Scope,
        task: Task,
        action: str,
        before: dict[str, object] | None,
        after: dict[str, object],
    ) -> None:
        await scope.audit(action, "task", task.id, before=before, after=after)

    async def _done(
        self, scope: Scope, task: Task, action: str, following: Task | None = None
    ) -> TaskChanged:
        changed = await scope.uow.tasks.get(scope.chat.id, task.number)
        assert changed is not None  # read in this same transaction
        if changed.status != task.status:
            await replan(scope, changed)  # cancelled: reminders stop; reopened: planned again
        await scope.uow.commit()
        return TaskChanged(scope.chat, changed, action, following)


@dataclass(frozen=True, slots=True)
class Retry:
    """What ``/assign`` was sent, to give back as the command to send again."""

    number: int
    names: str  # the assignees as typed
    orgs: list[Organisation]

    def choose(self, item: Unsettled) -> InvalidInput:
        """The refusal of a name that may mean several organisations: each (with the shortest
        way to write it), and the command again with the first of them in place of the name."""
        names, first = offer(item.candidates, item.more, self.orgs)
        example = self.names.replace(item.text, first, 1)
        if len(example) > MAX_EXAMPLE or item.text not in self.names:
            example = first  # the other assignees are the secretary's to add back
        return InvalidInput(
            "assign.choose",
            name=item.text,
            names=", ".join(names),
            number=self.number,
            example=example,
        )


def settled(items: list[Item], retry: Retry) -> list[Assignee]:
    """The assignees of ``/assign``, each once; a name that is not exactly one organisation is
    refused with what it may mean and the command to send again (``/assign`` asks no
    questions: it changes a task at once)."""
    for item in items:
        if isinstance(item, Unsettled):
            if item.candidates:
                raise retry.choose(item)
            raise InvalidInput("assign.unknown", name=item.text)
    return distinct(items)
