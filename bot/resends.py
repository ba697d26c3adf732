"""Answers Telegram did not take, sent again in the background for a few minutes.

The request layer (``bot.telegram_calls``) tries each call four times within about four seconds.
When Telegram fails for longer (an outage of a minute or two), the answer to a command would be
lost though the command's work is recorded, and the secretary, seeing no confirmation, would
send the command again. An answer none of whose tries reached Telegram
(:class:`~bot.telegram_calls.NotPosted`: sending it again cannot post it twice) is therefore sent
again after each pause of :data:`RESEND_AFTER` (as reminders are, ``handlers.reminders.BACKOFF``).
The job queue sends it, not the update's handler, so the chat's next updates are handled
meanwhile (``bot.processing`` runs one chat's updates one at a time): the late answer comes after
theirs, quoting its command.

The answer waits in the database (``pending_answers``, stored in a transaction of its own), so a
restart of the bot does not lose it: the next process sends it when it starts. It is sent as
reminders are: a timer of its own (``bot.reminders.timer``) wakes the sender when the next answer
falls due, and every minute besides; the sender takes the lease of one due answer at a time
(``storage.repositories.answers``), so that processes sharing the database (webhook replicas)
send it once. The pauses are real time, as the job queue's: the system clock, not the one the
services are given (a test's or the demo's clock stands still or jumps).

When Telegram has not taken it after the last pause (about six minutes in all), the answer is
given up, with a warning in the log: the work stays recorded (``/ds`` shows it), but its sender
saw no confirmation and may send the command again, recording it twice. So is an answer found
after its give-up time, :data:`LATE` past its last pause (the bot was down longer than that): it
would come long after its command.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta
from enum import Enum
from typing import Any

from telegram import Bot, TelegramObject
from telegram.error import ChatMigrated, Forbidden, TelegramError
from telegram.ext import CallbackContext, JobQueue

from bot.clock import Clock, SystemClock
from bot.reminders.timer import ReminderTimer
from bot.telegram_calls import NotPosted
from storage import Database, UnitOfWork
from storage.repositories.answers import ClaimedAnswer

log = logging.getLogger(__name__)
# The pauses before each try in the background; after the request layer's own four tries.
RESEND_AFTER = (
    timedelta(seconds=10),
    timedelta(seconds=30),
    timedelta(minutes=1),
    timedelta(minutes=2),
    timedelta(minutes=2),
)
# How long after its last planned try an answer may still go out (the tries themselves take
# time); one found later is given up.
LATE = timedelta(minutes=5)
# A sender holds an answer this long while it tries: the request layer's four tries take
# seconds, but the rate limiter may hold a call back for a minute or more (20 messages a minute
# in a group, after an outage when the answers and the reminders go out together), and the
# lease is not renewed during the call: a shorter one could let another sender post the answer
# again. When the sender dies meanwhile, another sends the answer after that.
LEASE = timedelta(minutes=5)


def as_json(value: object) -> Any:
    """``value`` (``sendMessage``'s arguments, as ``handlers.common.quote`` builds them) in
    plain JSON: Telegram objects as the Bot API reads them (a keyboard, the quoted message),
    enumerations (the parse mode) as their values."""
    if isinstance(value, TelegramObject):
        return value.to_dict()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {str(key): as_json(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [as_json(item) for item in value]
    return value


class Resends:
    """Sends answers again later, through the application's job queue."""

    def __init__(
        self,
        database: Database,
        owner: str,
        clock: Clock | None = None,
        refused: Callable[[int], Awaitable[None]] | None = None,
    ) -> None:
        self._database = database
        self._refused = refused  # told of a chat that refuses the bot (``ChatService.refused``)
        self._owner = owner  # whose leases these are
        self._clock = clock or SystemClock()
        self._timer = ReminderTimer(self._clock, name="answer")
        self._after: tuple[timedelta, ...] = RESEND_AFTER
        self._attached = False

    def attach(self, queue: JobQueue[Any], after: Sequence[timedelta] = RESEND_AFTER) -> None:
        """Send through ``queue``, after the pauses ``after``; at start-up what is due first."""
        self._after, self._attached = tuple(after), True
        self._timer.attach(queue, self._job)

    async def answer_later(self, call: dict[str, object]) -> bool:
        """Store the answer ``call`` (``sendMessage``'s arguments) to be sent again after the
        first pause; False when it cannot be (no job queue, or no pause)."""
        if not self._attached or not self._after:
            return False
        now = self._clock.now()
        next_at = now + self._after[0]
        async with UnitOfWork(self._database) as uow:
            await uow.answers.add(as_json(call), next_at, now + sum(self._after, LATE))
            await uow.commit()
        self._timer.planned(next_at)
        return True

    async def _job(self, context: CallbackContext[Any, Any, Any, Any]) -> None:
        """The timer's job: send what is due."""
        self._timer.fired()
        await self.send_due(context.bot)

    async def send_due(self, bot: Bot) -> int:
        """Try each answer due now, one at a time; arm the timer for the next one. Return how
        many went out."""
        sent = 0
        while (answer := await self._claim()) is not None:
            sent += await self._try(bot, answer)
        async with UnitOfWork(self._database) as uow:
            next_at = await uow.answers.next_at()
        if next_at is not None:
            self._timer.planned(next_at)
        return sent

    async def _claim(self) -> ClaimedAnswer | None:
        now = self._clock.now()
        async with UnitOfWork(self._database) as uow:
            answer = await uow.answers.claim_due(now, now + LEASE, self._owner)
            await uow.commit()
        return answer

    async def _try(self, bot: Bot, answer: ClaimedAnswer) -> bool:
        """One try; the next one planned if Telegram still fails and a pause is left."""
        chat, tries = answer.call.get("chat_id"), answer.tries + 1
        if self._clock.now() > answer.give_up_at:
            await self._remove(answer)
            self._given_up(chat, answer.tries, "not sent before its time to give up")
            return False
        try:
            try:
                await bot.do_api_request("sendMessage", api_kwargs=answer.call)
            except ChatMigrated as moved:
                # The group became a supergroup meanwhile: the answer goes to the new chat, as
                # a plain message (the message it answered stayed behind), as at once
                # (``handlers.common.reply``).
                log.info("chat %s moved to %s before the answer went out", chat, moved.new_chat_id)
                call = {k: v for k, v in answer.call.items() if k != "reply_parameters"}
                await bot.do_api_request(
                    "sendMessage", api_kwargs=call | {"chat_id": moved.new_chat_id}
                )
        except NotPosted as exc:
            if tries < len(self._after):
                next_at = self._clock.now() + self._after[tries]
                async with UnitOfWork(self._database) as uow:
                    await uow.answers.postpone(answer.id, self._owner, next_at)
                    await uow.commit()
                self._timer.planned(next_at)
                log.info("the answer in chat %s is still not taken (%s)", chat, exc.message)
            else:
                await self._remove(answer)
                self._given_up(chat, tries, exc.message)
            return False
        except TelegramError as exc:  # refused now, or lost on the way: not sent again
            await self._remove(answer)
            log.warning("the answer in chat %s, sent again, failed: %s", chat, exc.message)
            if isinstance(exc, Forbidden) and self._refused is not None and isinstance(chat, int):
                await self._refused(chat)  # removed from the group meanwhile, as at once
            return False
        await self._remove(answer)
        log.info("the answer in chat %s went out at try %d", chat, tries + 1)
        return True

    async def _remove(self, answer: ClaimedAnswer) -> None:
        async with UnitOfWork(self._database) as uow:
            await uow.answers.remove(answer.id)
            await uow.commit()

    def _given_up(self, chat: object, tries: int, reason: str) -> None:
        """The warning of an answer given up after ``tries`` tries in the background."""
        log.warning(
            "the answer in chat %s is given up: Telegram did not take it in %d tries over %s (%s)",
            chat,
            tries + 1,
            sum(self._after, timedelta()),
            reason,
        )
