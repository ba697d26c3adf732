"""Gathering what an export is made of: a meeting's minutes and every task of the chat."""

from __future__ import annotations

from datetime import datetime

from bot.domain import Chat, Meeting, Minutes
from bot.errors import NotFound
from bot.exports.request import ExportData, ExportedTask, ExportRequest
from bot.services.base import RequestContext, Service
from bot.services.meetings import find_meeting, latest_meeting, read_minutes
from storage import UnitOfWork


class ExportService(Service):
    """Use cases of ``/export`` and ``followup export``; they only read."""

    async def gather(self, ctx: RequestContext, request: ExportRequest) -> ExportData:
        """The records ``request`` needs, from the chat (and forum topic) of ``ctx``."""
        async with self._scope(ctx) as scope:
            data = await _gather(scope.uow, scope.chat, ctx.thread_id, request, scope.now)
            await scope.uow.commit()  # the chat and the sender, recorded as by every request
            return data

    async def gather_for_chat(self, telegram_id: int, request: ExportRequest) -> ExportData:
        """The same, for the command line: the chat by its Telegram id, nothing recorded.

        An unknown chat is :class:`NotFound` (``export.unknown_chat``).
        """
        async with UnitOfWork(self._deps.database) as uow:
            chat = await uow.chats.get_by_telegram_id(telegram_id)
            if chat is None:
                raise NotFound("export.unknown_chat", chat=telegram_id)
            return await _gather(uow, chat, None, request, self._deps.clock.now())


async def _gather(
    uow: UnitOfWork, chat: Chat, thread_id: int | None, request: ExportRequest, now: datetime
) -> ExportData:
    """Minutes are looked up when a minutes format is asked for; a meeting that does not exist
    is an error when it was named or when only minutes were asked for, and is left out (None)
    when the latest meeting would have come along with the task files."""
    minutes: Minutes | None = None
    if request.needs_minutes:
        meeting: Meeting | None
        if request.meeting or request.only_minutes:
            meeting = await find_meeting(uow, chat.id, thread_id, request.meeting)
        else:
            meeting = await latest_meeting(uow, chat.id, thread_id)
        minutes = None if meeting is None else await read_minutes(uow, chat, meeting)
    notes = await uow.tasks.latest_notes(chat.id)
    tasks = tuple(
        ExportedTask(task, number, notes.get(task.id))
        for task, number in await uow.tasks.every_with_meeting(chat.id)
    )
    return ExportData(chat, minutes, tasks, now)
