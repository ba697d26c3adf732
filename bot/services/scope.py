"""The open transaction of one request, as the services and the planning helpers see it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.domain import Chat, Role, Task
from bot.errors import AdministratorsNeeded, NotAllowed
from storage import UnitOfWork


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
            chat_id=self.chat.id,
            actor_id=self.actor_id,
            action=action,
            entity=entity,
            entity_id=entity_id,
            now=self.now,
            before=before,
            after=after,
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

    def _named_in(self, task: Task) -> bool:
        me = (self.actor_username or "").lower()
        # A @username counts only while it names nobody known: once the task holds a person,
        # whoever takes that @username later does not take the task with it.
        return any(
            a.person_id == self.actor_id
            or (me and a.person_id is None and (a.username or "").lower() == me)
            for a in task.assignees
        )

    async def _contact_for(self, task: Task) -> bool:
        org_ids = {a.organisation_id for a in task.assignees if a.organisation_id}
        return bool(org_ids) and await self.uow.organisations.is_contact(org_ids, self.actor_id)

    async def answers_for(self, task: Task) -> bool:
        """Whether the actor is one of the task's persons, or a contact person of one of its
        organisations."""
        return self._named_in(task) or await self._contact_for(task)

    async def require_task_hand(self, task: Task) -> None:
        """Refuse unless the actor manages the chat or answers for the task: one of its persons,
        or a contact person of one of its organisations."""
        # An administrator is known without a query: asked before the organisations are.
        if self._named_in(task) or self.is_admin or await self._contact_for(task):
            return
        if not await self.can_manage():
            raise NotAllowed("rights.assignee_only", number=task.number)
