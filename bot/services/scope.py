"""The open transaction of one request, as the services and the planning helpers see it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bot.domain import Chat
from storage import UnitOfWork


@dataclass(slots=True)
class Scope:
    """An open transaction with the request's chat and actor already recorded."""

    uow: UnitOfWork
    chat: Chat
    actor_id: int
    now: datetime
    planned: list[datetime] = field(default_factory=list)  # reminders planned in this unit
