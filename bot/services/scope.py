"""The open transaction of one request, as the services and the planning helpers see it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.domain import Assignee, Chat, Role, Task
from bot.errors import AdministratorsNeeded, NotAllowed
from storage import UnitOfWork
from storage.repositories.audit import Event


@dataclass(slots=True)
class Scope:
    """An open transaction with the request's chat and actor already recorded."""

    uow: UnitOfWork
    chat: Chat
    actor_id: int
    now: datetime
    planned: list[datetime] = field(default_factory=list)  # reminders planned in this unit
    is_admin: bool | None = False  # None: not asked yet (see RequestContext.is_admin)
    actor_username: str | None = None

    async def audit(
        self,
        action: str,
        entity: str,
        entity_id: int,
        *,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
    ) -> None:
        """Append one event to the chat's audit trail: this actor, now."""
        await self.uow.audit.record(
            self.event(action, entity, entity_id, before=before, after=after)
        )

    def event(
        self,
        action: str,
        entity: str,
        entity_id: int,
        *,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
    ) -> Event:
        """An event of the chat's audit trail by this actor, now, to record (:meth:`audit`) or
        to give a repository that records it with the change it tells of."""
        return Event(
            self.chat.id, self.actor_id, action, entity, entity_id, self.now, before, after
        )

    def administers(self) -> bool:
        """Whether the actor administers the chat; :class:`AdministratorsNeeded` when that is
        not known yet, so that Telegram is asked only when the database left it open."""
        if self.is_admin is None:
            raise AdministratorsNeeded
        return self.is_admin

    async def can_manage(self) -> bool:
        """Administrators and the secretaries they named record, change and close anything."""
        if self.is_admin:
            return True
        if await self.uow.persons.role(self.chat.id, self.actor_id) is Role.SECRETARY:
            return True
        return self.administers()

    async def require_manager(self) -> None:
        """Refuse, saying who may, unless the actor is an administrator or a secretary."""
        if not await self.can_manage():
            raise NotAllowed("rights.managers_only")

    def _is(self, assignee: Assignee) -> bool:
        me = (self.actor_username or "").lower()
        # A @username counts only while it names nobody known: once the task holds a person,
        # whoever takes that @username later does not take the task with it.
        return assignee.person_id == self.actor_id or bool(
            me and assignee.person_id is None and (assignee.username or "").lower() == me
        )

    def _contact_of(self, assignee: Assignee) -> bool:
        # The contacts of a task's organisations are read with the task: no query here.
        return any(c.person_id == self.actor_id for c in assignee.contacts)

    def parts_of(self, task: Task) -> list[Assignee]:
        """The assignees of ``task`` the actor answers for: themselves, and the organisations
        they are a contact of (for a task of several, the parts that are theirs to do)."""
        return [a for a in task.assignees if self._is(a) or self._contact_of(a)]

    async def known_manager(self) -> bool:
        """Whether the actor is known to manage the chat without asking Telegram (for a hint,
        not a right: a right asks, see :meth:`can_manage`)."""
        if self.is_admin:
            return True
        return await self.uow.persons.role(self.chat.id, self.actor_id) is Role.SECRETARY

    def answers_for(self, task: Task) -> bool:
        """Whether the actor is one of the task's persons, or a contact person of one of its
        organisations."""
        return bool(self.parts_of(task))

    async def require_task_hand(self, task: Task) -> None:
        """Refuse unless the actor manages the chat or answers for the task: one of its persons,
        or a contact person of one of its organisations."""
        # Known without a query (the task holds its contacts): the database, then Telegram, are
        # asked only about anyone else.
        if self.is_admin or self.answers_for(task):
            return
        if not await self.can_manage():
            raise NotAllowed("rights.assignee_only", number=task.number)
