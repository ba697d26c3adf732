"""Answers Telegram did not take, sent again in the background for a few minutes.

The request layer (``bot.telegram_calls``) tries each call four times within about four seconds.
When Telegram fails for longer (an outage of a minute or two), the answer to a command would be
lost though the command's work is recorded, and the secretary, seeing no confirmation, would
send the command again. An answer none of whose tries reached Telegram
(:class:`~bot.telegram_calls.NotPosted`: sending it again cannot post it twice) is therefore sent
again after each pause of :data:`RESEND_AFTER` (as reminders are, ``handlers.reminders.BACKOFF``,
but in memory: an answer is worth little an hour later). The job queue sends it, not the update's
handler, so the chat's next updates are handled meanwhile (``bot.processing`` runs one chat's
updates one at a time): the late answer comes after theirs, quoting its command.

When Telegram has not taken it after the last pause (about six minutes in all), the answer is
given up, with a warning in the log: the work stays recorded (``/ds`` shows it), but its sender
saw no confirmation and may send the command again, recording it twice. Answers still waiting
when the bot stops are dropped the same way (they live in memory only).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from telegram.error import TelegramError
from telegram.ext import CallbackContext, JobQueue

from bot.telegram_calls import NotPosted

log = logging.getLogger(__name__)
# The pauses before each try in the background; after the request layer's own four tries.
RESEND_AFTER = (
    timedelta(seconds=10),
    timedelta(seconds=30),
    timedelta(minutes=1),
    timedelta(minutes=2),
    timedelta(minutes=2),
)
# A try that comes late (a busy event loop) still runs: APScheduler's default would drop it.
_JOB_KWARGS = {"misfire_grace_time": None}


@dataclass(slots=True)
class _Pending:
    """An answer waiting to be sent again: ``sendMessage``'s arguments, and the tries so far."""

    call: dict[str, object]
    tries: int = 0


class Resends:
    """Sends answers again later, through the application's job queue."""

    def __init__(self) -> None:
        self._queue: JobQueue[Any] | None = None
        self._after: tuple[timedelta, ...] = RESEND_AFTER

    def attach(self, queue: JobQueue[Any], after: Sequence[timedelta] = RESEND_AFTER) -> None:
        """Send through ``queue``, after the pauses ``after``."""
        self._queue, self._after = queue, tuple(after)

    def answer_later(self, call: dict[str, object]) -> bool:
        """Send the answer ``call`` (``sendMessage``'s arguments) again after the first pause;
        False when it cannot be (no job queue)."""
        return self._schedule(_Pending(call))

    def _schedule(self, pending: _Pending) -> bool:
        if self._queue is None or pending.tries >= len(self._after):
            return False
        self._queue.run_once(
            self._try_again,
            when=self._after[pending.tries],
            data=pending,
            name="answer-again",
            job_kwargs=_JOB_KWARGS,
        )
        return True

    async def _try_again(self, context: CallbackContext[Any, Any, Any, Any]) -> None:
        """One try in the background; the next one planned if Telegram still fails."""
        assert context.job is not None  # a job's callback
        pending = context.job.data
        assert isinstance(pending, _Pending)  # what _schedule() gave it
        pending.tries += 1
        chat = pending.call.get("chat_id")
        try:
            await context.bot.do_api_request("sendMessage", api_kwargs=pending.call)
        except NotPosted as exc:
            if self._schedule(pending):
                log.info("the answer in chat %s is still not taken (%s)", chat, exc.message)
            else:
                log.warning(
                    "the answer in chat %s is given up: Telegram did not take it in %d tries "
                    "over %s (%s)",
                    chat,
                    pending.tries + 1,
                    sum(self._after, timedelta()),
                    exc.message,
                )
        except TelegramError as exc:  # refused now, or lost on the way: not sent again
            log.warning("the answer in chat %s, sent again, failed: %s", chat, exc.message)
        else:
            log.info("the answer in chat %s went out at try %d", chat, pending.tries + 1)
