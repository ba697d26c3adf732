"""The questions ``/task`` asks when a name is not exactly one organisation, and their answers.

The draft lives in the database until every name is settled (then the task is recorded), the
secretary cancels it, or a day passes. Only the secretary who sent ``/task`` or another manager
may answer; a second press of a button already answered changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from bot.domain import Assignee, Chat
from bot.errors import InvalidInput, NotAllowed
from bot.org_names import lookup
from bot.services.base import RequestContext, Service, ServiceDeps
from bot.services.organisations import create_organisation, refuse_unusable
from bot.services.scope import Scope
from bot.task_draft import DRAFT_LIFETIME, Draft, StoredDraft, Unsettled

if TYPE_CHECKING:
    from bot.services.tasks import TaskRecorded, TaskService

CREATE = "new"
CANCEL = "no"


@dataclass(frozen=True, slots=True)
class TaskQuestion:
    """Which organisation does name ``index`` of draft ``draft_id`` mean?"""

    chat: Chat
    draft_id: int
    index: int
    name: str
    candidates: tuple[tuple[int, str], ...]
    title: str
    left: int  # names still to settle, this one included
    more: int = 0  # organisations it may also mean, beyond the candidates offered


@dataclass(frozen=True, slots=True)
class DraftDropped:
    """The draft ended without a task: cancelled by ``by``, or expired."""

    chat: Chat
    title: str
    reason: Literal["cancelled", "expired"]
    by: str


def question(chat: Chat, draft_id: int, draft: Draft) -> TaskQuestion:
    """The question about the draft's first unsettled name."""
    index = draft.next_open()
    assert index is not None  # only asked while a name is open
    item = draft.items[index]
    assert isinstance(item, Unsettled)
    left = sum(isinstance(it, Unsettled) for it in draft.items)
    return TaskQuestion(
        chat, draft_id, index, item.text, item.candidates, draft.title, left, item.more
    )


async def ask(scope: Scope, draft: Draft) -> TaskQuestion:
    """Keep ``draft`` for a day and commit; return the question about its first open name."""
    await scope.uow.drafts.prune(scope.chat.id, scope.now)
    draft_id = await scope.uow.drafts.add(
        scope.chat.id, scope.actor_id, draft, scope.now, scope.now + DRAFT_LIFETIME
    )
    await scope.uow.commit()
    return question(scope.chat, draft_id, draft)


class TaskDraftService(Service):
    """Answers to the questions of ``/task``."""

    def __init__(self, deps: ServiceDeps, tasks: TaskService) -> None:
        super().__init__(deps)
        self._tasks = tasks  # records the task once every name is settled

    async def choose(
        self, ctx: RequestContext, draft_id: int, index: int, choice: str
    ) -> TaskQuestion | TaskRecorded | DraftDropped:
        """Settle name ``index`` of the draft as organisation ``choice`` (an id), a new
        organisation (:data:`CREATE`), or drop the draft (:data:`CANCEL`)."""
        async with self._scope(ctx) as scope:
            stored = await scope.uow.drafts.claim(scope.chat.id, draft_id)
            if stored is None:
                raise InvalidInput("draft.gone")
            if stored.created_by != scope.actor_id and not await scope.can_manage():
                raise NotAllowed("draft.only_sender", name=stored.creator_name)
            draft = stored.draft
            if stored.expires_at <= scope.now or choice == CANCEL:
                return await self._drop(scope, ctx, stored)
            item = draft.items[index] if index < len(draft.items) else None
            if not isinstance(item, Unsettled):
                raise InvalidInput("draft.answered")
            if choice == CREATE:
                assignee, created = await self._create(scope, item.text)
            else:
                assignee, created = await self._existing(scope, item, int(choice)), False
            draft = draft.settle(index, assignee, created)
            if draft.next_open() is None:
                await scope.uow.drafts.remove(draft_id)
                # The task is the sender's, whoever settled its last name; the copy shares the
                # unit of work and the list of planned reminders with ``scope``.
                return await self._tasks.finish(
                    replace(scope, actor_id=stored.created_by), ctx, draft
                )
            await scope.uow.drafts.save(draft_id, draft)
            await scope.uow.commit()
            return question(scope.chat, draft_id, draft)

    async def _drop(self, scope: Scope, ctx: RequestContext, stored: StoredDraft) -> DraftDropped:
        """Forget the draft: cancelled, or expired (whatever button was pressed)."""
        await scope.uow.drafts.remove(stored.id)
        await scope.uow.commit()
        expired = stored.expires_at <= scope.now
        reason: Literal["cancelled", "expired"] = "expired" if expired else "cancelled"
        return DraftDropped(scope.chat, stored.draft.title, reason, ctx.actor.display_name)

    async def _existing(self, scope: Scope, item: Unsettled, org_id: int) -> Assignee:
        """The offered organisation ``org_id``, if it was offered and still exists."""
        orgs = {oid: name for oid, name, _ in await scope.uow.organisations.all(scope.chat.id)}
        if org_id not in dict(item.candidates) or org_id not in orgs:
            raise InvalidInput("draft.answered")
        return Assignee(orgs[org_id], organisation_id=org_id)

    async def _create(self, scope: Scope, name: str) -> tuple[Assignee, bool]:
        """The organisation ``name``, created by a manager; the existing one if someone added
        it since the question was asked."""
        await scope.require_manager()
        orgs = await scope.uow.organisations.all(scope.chat.id)
        if (found := lookup(name, orgs).found) is not None:
            return Assignee(found[1], organisation_id=found[0]), False
        refuse_unusable([name], orgs)  # "a@b", "2022": /task could never name it again
        org_id = await create_organisation(scope, name, [])
        return Assignee(name, organisation_id=org_id), True
