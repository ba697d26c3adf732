"""The questions ``/task`` asks when a name is not exactly one organisation, and their answers.

The draft lives in the database until every name is settled (then the task is recorded) or the
secretary cancels it. A question left unanswered for a day does not lose the task: the reminder
loop records it with each name still open as typed, and tells the group how to settle them
(:meth:`TaskDraftService.keep_unanswered`). Only the secretary who sent ``/task`` or another
manager may answer; a second press of a button already answered changes nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING

from bot.domain import Assignee, Chat, ReminderKind
from bot.errors import InvalidInput, NotAllowed
from bot.org_names import lookup
from bot.services.base import RequestContext, Service, ServiceDeps
from bot.services.organisations import create_organisation, refuse_unusable, unusable
from bot.services.scope import Scope
from bot.task_draft import DRAFT_LIFETIME, Draft, StoredDraft, Unsettled
from storage import UnitOfWork

if TYPE_CHECKING:
    from bot.services.tasks import TaskRecorded, TaskService

log = logging.getLogger(__name__)
CREATE = "new"
CANCEL = "no"
KEEP_LIMIT = 100  # unanswered drafts recorded by one run of the reminder loop; the next takes more


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
    # Why no organisation can be created under this name ("a@b", "2022"), or None: the question
    # then offers no Create button, whose press would only be refused.
    uncreatable: InvalidInput | None = None


@dataclass(frozen=True, slots=True)
class DraftDropped:
    """The draft ended without a task: ``by`` cancelled it."""

    chat: Chat
    title: str
    by: str


def question(chat: Chat, draft_id: int, draft: Draft) -> TaskQuestion:
    """The question about the draft's first unsettled name."""
    index = draft.next_open()
    assert index is not None  # only asked while a name is open
    item = draft.items[index]
    assert isinstance(item, Unsettled)
    left = sum(isinstance(it, Unsettled) for it in draft.items)
    return TaskQuestion(
        chat,
        draft_id,
        index,
        item.text,
        item.candidates,
        draft.title,
        left,
        item.more,
        # The name's own faults only: one that is another organisation's was matched instead.
        unusable([item.text], []),
    )


async def ask(scope: Scope, draft: Draft) -> TaskQuestion:
    """Keep ``draft`` for a day and commit; return the question about its first open name."""
    expires_at = scope.now + DRAFT_LIFETIME
    draft_id = await scope.uow.drafts.add(
        scope.chat.id, scope.actor_id, draft, scope.now, expires_at
    )
    scope.planned.append(expires_at)  # the reminder loop records it then, if still unanswered
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
            # A draft past its day but still here (the reminder loop has not come yet) is still
            # answered: the answer is worth more than the name as typed.
            if choice == CANCEL:
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
                return await self._tasks.finish(replace(scope, actor_id=stored.created_by), draft)
            await scope.uow.drafts.save(draft_id, draft)
            await scope.uow.commit()
            return question(scope.chat, draft_id, draft)

    async def keep_unanswered(self) -> int:
        """Record the task of each draft whose question went unanswered for a day, with every
        name still open kept as typed, and plan the message telling its group which names those
        are and how to settle them. Return how many tasks were recorded.

        The reminder loop calls this before sending what is due, and wakes when a draft's day
        ends (``ReminderService.next_fire_at``): it happens on time with nobody writing, and at
        start-up for the days that ended while the bot was down. Each draft is one transaction;
        one that fails is logged and tried again on the next run, never holding back reminders.
        """
        now = self._deps.clock.now()
        async with UnitOfWork(self._deps.database) as uow:
            expired = await uow.drafts.expired(now, KEEP_LIMIT)
        kept = 0
        for chat_id, draft_id in expired:
            try:
                kept += await self._keep(chat_id, draft_id, now)
            except Exception:
                log.exception("unanswered draft %s of chat %s not recorded yet", draft_id, chat_id)
        return kept

    async def _keep(self, chat_id: int, draft_id: int, now: datetime) -> bool:
        """Record one unanswered draft's task and plan its notice; False if it is gone."""
        async with UnitOfWork(self._deps.database) as uow:
            stored = await uow.drafts.claim(chat_id, draft_id)
            chat = await uow.chats.get(chat_id)
            if stored is None or stored.expires_at > now or chat is None:
                return False  # answered or cancelled meanwhile
            await uow.drafts.remove(draft_id)
            # The task is the sender's, as when a button settles its last name.
            scope = Scope(uow, chat, stored.created_by, now)
            recorded = await self._tasks.store_draft(scope, stored.draft.as_typed())
            # Sent by the reminder loop, with its retries: the group learns of it even if
            # Telegram cannot be reached at this moment.
            await uow.reminders.add(chat_id, recorded.task.id, [(now, ReminderKind.UNANSWERED)])
            await uow.commit()
        return True

    async def _drop(self, scope: Scope, ctx: RequestContext, stored: StoredDraft) -> DraftDropped:
        """Forget the draft: the sender or a manager cancelled it."""
        await scope.uow.drafts.remove(stored.id)
        await scope.uow.commit()
        return DraftDropped(scope.chat, stored.draft.title, ctx.actor.display_name)

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
        # "a@b", "2022": /task could never name it again. The question offered no button for
        # such a name, but one asked before it learned not to may still be pressed.
        refuse_unusable([name], orgs)
        org_id = await create_organisation(scope, name, [])
        return Assignee(name, organisation_id=org_id), True
