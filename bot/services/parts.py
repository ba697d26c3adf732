"""A task for several assignees is done part by part (``/done 5`` from the Red Cross's contact
is the Red Cross's part, not the task of the six associations): which parts a command is for,
saying them done or not, and keeping an open task with a part left to do.

A task for one assignee (or none) is done or not as a whole, as it always was: nothing here
changes it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from bot.assignees import ALL_MEMBERS, AssigneeText, split_names
from bot.domain import Assignee, Task, TaskStatus
from bot.errors import InvalidInput, NotAllowed
from bot.org_names import Organisation, key, lookup
from bot.services.scope import Scope

# "/done 5 tất cả": the whole task, whoever said their part done (as org_names.key reads it).
WHOLE = frozenset({"tat ca", "ca viec", "toan bo", "all", "everyone", "whole", *ALL_MEMBERS})
MAX_NAME_SHOWN = 80  # characters of a name typed, given back in a refusal
MAX_NAMES_SHOWN = 8  # names of a task's assignees in a refusal


@dataclass(frozen=True, slots=True)
class PartsDone:
    """What a ``/done`` for some parts of a task did."""

    task: Task  # as it stands now
    parts: tuple[Assignee, ...]  # the parts the command was for
    newly: tuple[Assignee, ...]  # of them, those it said done (the others already were)


async def chosen(scope: Scope, task: Task, names: str) -> list[Assignee] | None:
    """The parts of ``task`` a ``/done`` is for: those ``names`` names ("CTĐ, @lan"), or, with
    no names, the actor's own. None for the whole task: "tất cả" (a secretary's), a task for one
    assignee, or a shared task from a secretary who answers for none of its parts."""
    if key(names) in WHOLE:
        await scope.require_manager()
        return None
    if names.strip():
        parts = await named(scope, task, names)
        mine = {a.id for a in scope.parts_of(task)}  # asked first: no need to ask Telegram
        other = next((a for a in parts if a.id not in mine), None)
        if other is not None and not await scope.can_manage():
            raise NotAllowed("done.part_not_yours", number=task.number, name=other.label)
    elif task.shared:
        parts = scope.parts_of(task)
    else:
        return None
    return parts if task.shared and parts else None


async def named(scope: Scope, task: Task, names: str) -> list[Assignee]:
    """The assignees of ``task`` that ``names`` names, each once, in the order typed; a name
    that is none of them is refused, with who the task is for."""
    ours = {a.organisation_id for a in task.assignees if a.organisation_id is not None}
    orgs = [o for o in await scope.uow.organisations.all(scope.chat.id) if o[0] in ours]
    found: dict[int | None, Assignee] = {}
    for typed in split_names(names):
        part = _find(task, typed, orgs)
        if part is None:
            raise InvalidInput(
                "done.not_a_part",
                name=typed.text[:MAX_NAME_SHOWN],
                number=task.number,
                names=_some(a.label for a in task.assignees),
            )
        found.setdefault(part.id, part)
    return list(found.values())


def _find(task: Task, typed: AssigneeText, orgs: Sequence[Organisation]) -> Assignee | None:
    """The assignee ``typed`` names: by @username, by the name or an alias of its organisation
    (the one it is near, when it is near one only: "Chữ thập đỏ"), or by its name as shown."""
    if typed.username is not None or typed.person is not None:
        username = (typed.username or "").lower()
        person = typed.person.telegram_id if typed.person else None
        return next(
            (
                a
                for a in task.assignees
                if (username and (a.username or "").lower() == username)
                or (person is not None and a.person_telegram_id == person)
            ),
            None,
        )
    match = lookup(typed.text, orgs)
    org = match.found or (match.near[0] if len(match.near) == 1 else None)
    if org is not None:
        return next(a for a in task.assignees if a.organisation_id == org[0])
    wanted = key(typed.text)
    return next((a for a in task.assignees if key(a.label) == wanted), None)


async def mark_done(scope: Scope, task: Task, parts: Sequence[Assignee]) -> PartsDone:
    """Say ``parts`` of ``task`` done, now, by the actor (those already done stay as they were),
    audited; the caller closes the task when none is left."""
    newly = [a for a in parts if a.done_at is None]
    ids = _ids(newly)
    if ids:
        event = scope.event("done_part", "task", task.id, after={"parts": _labels(newly)})
        await scope.uow.tasks.set_parts(task.id, ids, scope.now, scope.actor_id, event)
    task = _with(task, ids, scope.now, scope.actor_id)
    return PartsDone(task, tuple(parts), tuple(newly))


async def mark_undone(scope: Scope, task: Task, parts: Sequence[Assignee]) -> Task:
    """Say ``parts`` of ``task`` not done (any done among them), audited; ``task`` as it now
    stands."""
    undone = [a for a in parts if a.done_at is not None]
    ids = _ids(undone)
    if ids:
        event = scope.event("reopen_part", "task", task.id, after={"parts": _labels(undone)})
        await scope.uow.tasks.set_parts(task.id, ids, None, None, event)
    return _with(task, ids, None, None)


def closing_parts(task: Task) -> list[Assignee]:
    """The parts to reopen with a done task: when each part was said done, those whose
    completion closed it (every part, should none match); none when some parts were left open
    (a secretary closed it whole): the task is open again as it stood."""
    if not task.shared or task.parts_left:
        return []
    last = [a for a in task.assignees if a.done_at == task.done_at]
    return last or list(task.assignees)


def carried(task: Task, assignees: Iterable[Assignee]) -> list[Assignee]:
    """``assignees``, the new ones of ``task`` (``/assign``): a part said done stays done for
    whoever stays assigned. None is done when the task would be for one, nor when no part of
    an open task would be left to do: it waits for someone."""
    done = {_who(a): a for a in task.assignees if a.done_at is not None}
    kept = [
        a
        if a.done_at is not None or _who(a) not in done
        else replace(a, done_at=done[_who(a)].done_at, done_by=done[_who(a)].done_by)
        for a in assignees
    ]
    if len(kept) < 2 or (task.status is TaskStatus.OPEN and all(a.done_at for a in kept)):
        return [replace(a, done_at=None, done_by=None) for a in kept]
    return kept


def _who(assignee: Assignee) -> tuple[str, object]:
    """Whom an assignee stands for, whatever its row: what stays the same across ``/assign``."""
    if assignee.organisation_id is not None:
        return "organisation", assignee.organisation_id
    if assignee.person_id is not None:
        return "person", assignee.person_id
    if assignee.username is not None:
        return "username", assignee.username.lower()
    return "name", key(assignee.label)


def _some(labels: Iterable[str]) -> str:
    """The first few of ``labels``, to name in a refusal, and "…" for the others."""
    listed = list(labels)
    shown = ", ".join(listed[:MAX_NAMES_SHOWN])
    return (shown + ", …" if len(listed) > MAX_NAMES_SHOWN else shown) or "—"


def _labels(parts: Iterable[Assignee]) -> list[str]:
    return [a.label for a in parts]


def _ids(parts: Iterable[Assignee]) -> list[int]:
    return [a.id for a in parts if a.id is not None]


def _with(task: Task, ids: Sequence[int], at: datetime | None, by: int | None) -> Task:
    """``task`` with the parts ``ids`` said done at ``at`` by ``by`` (or not done: None)."""
    if not ids:
        return task
    assignees = tuple(
        replace(a, done_at=at, done_by=by) if a.id in ids else a for a in task.assignees
    )
    return replace(task, assignees=assignees)
