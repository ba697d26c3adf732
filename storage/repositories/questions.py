"""The questions ``/forget`` asks: each answered once, by the first press of its buttons."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update

from bot.domain import ForgetAnswer, ForgetQuestion
from storage.models import ForgetQuestionRow
from storage.session import UnitSession


class ForgetQuestionRepository:
    """Reads and writes ``/forget`` questions; never commits."""

    def __init__(self, session: UnitSession) -> None:
        self._session = session

    async def add(self, token: str, chat_id: int, asker: int, now: datetime) -> None:
        """Remember a question asked in the chat, open."""
        self._session.add(
            ForgetQuestionRow(token=token, chat_id=chat_id, asker=asker, asked_at=now)
        )
        await self._session.flush()

    async def find(self, token: str) -> ForgetQuestion | None:
        """The question whose buttons carry ``token``, as the database holds it now (read
        again, not from the session: after :meth:`answer` found it answered by another press)."""
        q = ForgetQuestionRow
        result = await self._session.execute(
            select(q.chat_id, q.asker, q.asked_at, q.answer).where(q.token == token)
        )
        found = result.first()
        if found is None:
            return None
        chat_id, asker, asked_at, answer = found
        return ForgetQuestion(
            token, chat_id, asker, asked_at, None if answer is None else ForgetAnswer(answer)
        )

    async def answer(self, token: str, chat_id: int, answer: ForgetAnswer) -> bool:
        """Answer the chat's question if it is still open; False when it is not (answered
        meanwhile, by a press handled at the same time: PostgreSQL's row lock makes the second
        one wait for the first, then find it answered)."""
        result = await self._session.execute(
            update(ForgetQuestionRow)
            .where(
                ForgetQuestionRow.token == token,
                ForgetQuestionRow.chat_id == chat_id,
                ForgetQuestionRow.answer.is_(None),
            )
            .values(answer=answer.value)
            .execution_options(synchronize_session=False)
        )
        return bool(getattr(result, "rowcount", 0))

    async def prune(self, before: datetime) -> int:
        """Forget the questions asked before ``before``; return how many."""
        result = await self._session.execute(
            delete(ForgetQuestionRow)
            .where(ForgetQuestionRow.asked_at < before)
            .execution_options(synchronize_session=False)
        )
        return int(getattr(result, "rowcount", 0))
