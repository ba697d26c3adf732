"""What every service shares: its dependencies and the transaction of one request."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from bot.clock import Clock
from bot.domain import ChatRef, PersonRef
from bot.errors import UserError
from bot.i18n import LANGUAGES
from bot.services.planning import plan_digest
from bot.services.scope import Scope
from storage import Database, UnitOfWork


@dataclass(frozen=True, slots=True)
class RequestContext:
    """Who asked, where, and from which message."""

    chat: ChatRef
    actor: PersonRef
    message_id: int | None = None
    thread_id: int | None = None
    # An administrator of the chat, as Telegram says (or its own chat); None: not asked yet, and
    # asked (AdministratorsNeeded) only when the database gives the sender no role that suffices.
    is_admin: bool | None = False


class Wakeup(Protocol):
    """Told when a reminder was planned, so the timer can fire earlier than it is armed for."""

    def planned(self, earliest: datetime) -> None:
        """A reminder now falls due at ``earliest``."""
        ...


class NoWakeup:
    """For tools that plan reminders but send none (the CLI, some tests)."""

    def planned(self, earliest: datetime) -> None:
        """Nothing to wake."""


@dataclass(frozen=True, slots=True)
class ServiceDeps:
    """The collaborators every service needs."""

    database: Database
    clock: Clock
    default_timezone: str
    default_language: str
    wakeup: Wakeup = field(default_factory=NoWakeup)
    default_holidays: str | None = "VN"  # the country whose holidays a new chat has off


class Service:
    """Base of the services: opens one unit of work per request."""

    def __init__(self, deps: ServiceDeps) -> None:
        self._deps = deps

    def _language_for(self, ctx: RequestContext) -> str:
        """The language a chat the bot has not seen starts in: a private chat in its user's
        own Telegram language when the bot speaks it, a group in the operator's default."""
        code = (ctx.actor.language_code or "").split("-")[0].lower()
        if ctx.chat.type == "private" and code in LANGUAGES:
            return code
        return self._deps.default_language

    @asynccontextmanager
    async def _scope(self, ctx: RequestContext) -> AsyncIterator[Scope]:
        """One transaction: records the chat and the sender, then the use case runs in it.

        A :class:`UserError` raised inside leaves the database unchanged and is tagged with the
        chat's language, so the handler can answer in it.
        """
        now = self._deps.clock.now()
        async with UnitOfWork(self._deps.database) as uow:
            chat, created, actor_id = await uow.requests.record(
                ctx.chat,
                ctx.actor,
                timezone=self._deps.default_timezone,
                language=self._language_for(ctx),
                now=now,
                holidays=self._deps.default_holidays,
            )
            if ctx.chat.type == "private":  # Telegram lets a user write only after /start
                await uow.persons.set_private_chat(ctx.actor.telegram_id, True)
            scope = Scope(
                uow, chat, actor_id, now, is_admin=ctx.is_admin, actor_username=ctx.actor.username
            )
            if created and ctx.chat.type != "private":
                await plan_digest(scope)
            try:
                yield scope
            except UserError as exc:
                exc.language = chat.language
                raise
        if scope.planned:
            self._deps.wakeup.planned(min(scope.planned))
