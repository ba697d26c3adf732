"""Recording and listing decisions."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain import Chat, Decision, Meeting
from bot.errors import InvalidInput
from bot.services.base import RequestContext, Service
from bot.services.meetings import find_meeting
from bot.text import has_visible

MAX_DECISION_LENGTH = 3000
LIST_LIMIT = 100  # the latest decisions; /decisions shows them a page at a time


@dataclass(frozen=True, slots=True)
class DecisionList:
    """The latest decisions of a chat."""

    chat: Chat
    decisions: list[Decision]
    meeting: Meeting | None = None  # the meeting asked for, if one was


class DecisionService(Service):
    """Use cases around decisions."""

    async def record(
        self, ctx: RequestContext, text: str, *, source_message_id: int | None = None
    ) -> tuple[Chat, Decision]:
        """Store a decision of the chat; the text comes from the command or the replied message."""
        text = text.strip()
        async with self._scope(ctx) as scope:
            await scope.require_manager()
            if not has_visible(text):
                raise InvalidInput("decision.usage")
            if len(text) > MAX_DECISION_LENGTH:
                raise InvalidInput("text.too_long", length=len(text), limit=MAX_DECISION_LENGTH)
            number = await scope.uow.chats.next_number(scope.chat.id, "next_decision_number")
            meeting = await scope.uow.meetings.current(scope.chat.id, ctx.thread_id)
            decision = await scope.uow.decisions.add(
                chat_id=scope.chat.id,
                number=number,
                text=text,
                recorded_by=scope.actor_id,
                source_message_id=source_message_id or ctx.message_id,
                message_thread_id=ctx.thread_id,
                now=scope.now,
                meeting_id=meeting.id if meeting else None,
            )
            await scope.audit(
                "create",
                "decision",
                decision.id,
                after={"number": number, "text": text},
            )
            await scope.uow.commit()
            return scope.chat, decision

    async def latest(self, ctx: RequestContext, meeting_text: str = "") -> DecisionList:
        """The chat's latest decisions, or those of meeting ``meeting_text`` (a number)."""
        async with self._scope(ctx) as scope:
            meeting = None
            if meeting_text.strip():
                meeting = await find_meeting(
                    scope.uow,
                    scope.chat.id,
                    ctx.thread_id,
                    meeting_text,
                    "number.invalid.decisions",
                )
            of = meeting.id if meeting is not None else None
            decisions = await scope.uow.decisions.latest(scope.chat.id, LIST_LIMIT, of)
            await scope.uow.commit()
            return DecisionList(scope.chat, decisions, meeting)
