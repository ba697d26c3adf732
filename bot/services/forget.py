"""``/forget``: a group's administrator deletes everything the bot keeps about the group.

Two steps, so that nothing goes on a slip of the finger: the command only counts what would go
(:meth:`ForgetService.ask`); a press of "Delete everything" under that answer deletes
(:meth:`ForgetService.forget`), when it comes from the administrator who asked (any
administrator when an anonymous one asked), within :data:`CONFIRM_WITHIN`. The rights are
checked again at the press: a demoted administrator's press is refused.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain import Chat, ChatContents
from bot.errors import NotAllowed
from bot.services.base import RequestContext, Service
from bot.services.scope import Scope

log = logging.getLogger(__name__)
CONFIRM_MINUTES = 10
CONFIRM_WITHIN = timedelta(minutes=CONFIRM_MINUTES)
ANY_ADMINISTRATOR = 0  # the asker of an anonymous administrator's /forget: any may confirm
_EARLY = timedelta(minutes=1)  # a question dated later than now (a forged button) is refused


@dataclass(frozen=True, slots=True)
class ForgetAsked:
    """What ``/forget`` would delete, and when it was asked."""

    chat: Chat
    contents: ChatContents
    asked_at: datetime


@dataclass(frozen=True, slots=True)
class Forgotten:
    """A deleted chat: its language (to say so) and what went."""

    language: str
    contents: ChatContents


@dataclass(frozen=True, slots=True)
class Confirmation:
    """A press under the question: who asked (:data:`ANY_ADMINISTRATOR` for an anonymous
    administrator) and when."""

    asker: int  # Telegram user id
    asked_at: datetime


class ForgetService(Service):
    """Deleting a group's records."""

    async def ask(self, ctx: RequestContext) -> ForgetAsked:
        """What would go; refused outside a group and to anyone but its administrators."""
        async with self._scope(ctx) as scope:
            self._require_group(ctx)
            self._require_administrator(scope)
            contents = await scope.uow.chats.contents(scope.chat.id)
            await scope.uow.commit()
            return ForgetAsked(scope.chat, contents, scope.now)

    async def forget(self, ctx: RequestContext, press: Confirmation) -> Forgotten:
        """Delete the chat and everything it holds (the asker's press, in time)."""
        async with self._scope(ctx) as scope:
            self._check(ctx, scope, press)
            if scope.now - press.asked_at > CONFIRM_WITHIN:
                raise NotAllowed("forget.expired", minutes=CONFIRM_MINUTES)
            contents = await scope.uow.chats.contents(scope.chat.id)
            await scope.uow.chats.forget(scope.chat.id)
            await scope.uow.commit()
        log.info(
            "chat %s deleted with everything it held by user %s: %s tasks, %s decisions, "
            "%s meetings, %s organisations",
            ctx.chat.telegram_id,
            ctx.actor.telegram_id,
            contents.tasks,
            contents.decisions,
            contents.meetings,
            contents.organisations,
        )
        return Forgotten(scope.chat.language, contents)

    async def cancel(self, ctx: RequestContext, press: Confirmation) -> Chat:
        """Keep everything (the asker's press; late is fine: nothing happens)."""
        async with self._scope(ctx) as scope:
            self._check(ctx, scope, press)
            await scope.uow.commit()
            return scope.chat

    def _check(self, ctx: RequestContext, scope: Scope, press: Confirmation) -> None:
        self._require_group(ctx)
        self._require_administrator(scope)
        if press.asker not in (ANY_ADMINISTRATOR, ctx.actor.telegram_id):
            raise NotAllowed("forget.not_yours")
        if press.asked_at > scope.now + _EARLY:
            raise NotAllowed("forget.expired", minutes=CONFIRM_MINUTES)

    @staticmethod
    def _require_group(ctx: RequestContext) -> None:
        if ctx.chat.type == "private":
            raise NotAllowed("forget.group_only")

    @staticmethod
    def _require_administrator(scope: Scope) -> None:
        if not scope.administers():
            raise NotAllowed("forget.admins_only")
