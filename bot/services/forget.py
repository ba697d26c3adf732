"""``/forget``: a group's administrator deletes everything the bot keeps about the group.

Two steps, so that nothing goes on a slip of the finger: the command only counts what would go
(:meth:`ForgetService.ask`) and stores the question under a random token, which its two buttons
carry. A press of "Delete everything" deletes (:meth:`ForgetService.forget`) when it comes from
the administrator who asked (any administrator when an anonymous one asked), within
:data:`CONFIRM_WITHIN`. The rights are checked again at the press: a demoted administrator's
press is refused.

The first press of either button answers the question, in the transaction that deletes (or
keeps) everything: no later press of those buttons acts, whatever the chat holds by then. A
double tap, the same keyboard on another device, or a press Telegram delivers twice is told
that the group's data was already deleted, or that the question was cancelled; one pressed
under two answers at once waits for the first (the row lock) and finds it answered.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain import Chat, ChatContents, ForgetAnswer, ForgetQuestion
from bot.errors import NotAllowed
from bot.services.base import RequestContext, Service
from bot.services.scope import Scope

log = logging.getLogger(__name__)
CONFIRM_MINUTES = 10
CONFIRM_WITHIN = timedelta(minutes=CONFIRM_MINUTES)
ANY_ADMINISTRATOR = 0  # the asker of an anonymous administrator's /forget: any may confirm
# Questions are forgotten this long after they were asked (when /forget is next asked): long
# after their buttons stop deleting, long enough to tell a late press what became of them.
KEEP = timedelta(days=1)
TOKEN_BYTES = 8  # 64 random bits, 16 hexadecimal digits in the buttons' data


@dataclass(frozen=True, slots=True)
class ForgetAsked:
    """What ``/forget`` would delete, when it was asked and by whom, and the token of its
    buttons."""

    chat: Chat
    contents: ChatContents
    asked_at: datetime
    asker: int  # Telegram user id, ANY_ADMINISTRATOR for an anonymous administrator
    token: str


@dataclass(frozen=True, slots=True)
class Forgotten:
    """A deleted chat: its language (to say so) and what went."""

    language: str
    contents: ChatContents


class ForgetService(Service):
    """Deleting a group's records."""

    async def ask(self, ctx: RequestContext, asker: int) -> ForgetAsked:
        """What would go, and the question stored for its buttons; refused outside a group and
        to anyone but its administrators. ``asker``: who may answer (:data:`ANY_ADMINISTRATOR`
        for an anonymous administrator)."""
        async with self._scope(ctx) as scope:
            self._require_group(ctx)
            self._require_administrator(scope)
            contents = await scope.uow.chats.contents(scope.chat.id)
            questions = scope.uow.forget_questions
            await questions.prune(scope.now - KEEP)
            token = secrets.token_hex(TOKEN_BYTES)
            await questions.add(token, scope.chat.id, asker, scope.now)
            await scope.uow.commit()
            return ForgetAsked(scope.chat, contents, scope.now, asker, token)

    async def forget(self, ctx: RequestContext, token: str) -> Forgotten:
        """Delete the chat and everything it holds (the asker's first press, in time)."""
        async with self._scope(ctx) as scope:
            await self._open_question(ctx, scope, token, delete=True)
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

    async def cancel(self, ctx: RequestContext, token: str) -> Chat:
        """Keep everything (the asker's first press; late is fine: nothing happens)."""
        async with self._scope(ctx) as scope:
            await self._open_question(ctx, scope, token, delete=False)
            await scope.uow.commit()
            return scope.chat

    async def _open_question(
        self, ctx: RequestContext, scope: Scope, token: str, *, delete: bool
    ) -> None:
        """Answer the question the press is for, or refuse saying why it may not be."""
        self._require_group(ctx)
        self._require_administrator(scope)
        questions = scope.uow.forget_questions
        question = self._check(ctx, scope, await questions.find(token), delete=delete)
        if delete and scope.now - question.asked_at > CONFIRM_WITHIN:
            raise NotAllowed("forget.expired", minutes=CONFIRM_MINUTES)
        answer = ForgetAnswer.DELETED if delete else ForgetAnswer.CANCELLED
        if not await questions.answer(token, scope.chat.id, answer):
            # Another press answered it meanwhile: say what that one did.
            self._check(ctx, scope, await questions.find(token), delete=delete)
            raise NotAllowed("forget.unknown")  # not reached: it was answered, or is gone

    @staticmethod
    def _check(
        ctx: RequestContext, scope: Scope, question: ForgetQuestion | None, *, delete: bool
    ) -> ForgetQuestion:
        """The question, open, of this chat and for this presser; otherwise refuse, saying
        whether it is unknown (forged, or long gone), answered already, of another chat or of
        another administrator."""
        if question is None:
            raise NotAllowed("forget.unknown")
        if question.answer is ForgetAnswer.DELETED or question.chat_id is None:
            raise NotAllowed("forget.already_deleted" if delete else "forget.cancel_too_late")
        if question.answer is ForgetAnswer.CANCELLED:
            raise NotAllowed("forget.already_cancelled")
        if question.chat_id != scope.chat.id:
            raise NotAllowed("forget.other_chat")
        if question.asker not in (ANY_ADMINISTRATOR, ctx.actor.telegram_id):
            raise NotAllowed("forget.not_yours")
        return question

    @staticmethod
    def _require_group(ctx: RequestContext) -> None:
        if ctx.chat.type == "private":
            raise NotAllowed("forget.group_only")

    @staticmethod
    def _require_administrator(scope: Scope) -> None:
        if not scope.administers():
            raise NotAllowed("forget.admins_only")
