"""The bot's calls to the Bot API: retried through Telegram's passing failures, and watched.

python-telegram-bot sends every call through a ``BaseRequest``; this one is our aiohttp client
(``bot.telegram_http``) that, around each HTTP exchange (``do_request``, the method PTB lets
subclasses replace):

* notes when it ended and how (the HTTP status, or the network error; never the URL, which holds
  the token) for ``/healthz`` and the metrics;
* tries again, a bounded number of times with a growing pause, when Telegram failed in passing:
  a 5xx answer or a lost connection. PTB retries neither; its ``AIORateLimiter`` (see
  ``bot.app.default_rate_limiter``) handles 429 only, and that stays its job. It lives here
  rather than in the rate limiter because this layer sees what the limiter cannot: whether the
  request reached Telegram at all (a refused connection) or its answer was lost on the way back.

Whether a failed call may be made again depends on whether Telegram may already have carried it
out (see :func:`may_retry`). A 200 whose body is not JSON (cut short, or a page of a proxy in the
way) counts as a lost answer: the call may have been carried out. A new message whose every try
failed before Telegram carried it out is raised as :class:`NotPosted`, which the caller may send
again later without posting it twice (``bot.resends``).
"""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeGuard

import aiohttp
from telegram.error import BadRequest, NetworkError, TelegramError

from bot.clock import Clock
from bot.metrics import Metrics
from bot.telegram_http import NOT_SENT, AiohttpRequest

log = logging.getLogger(__name__)

RETRIES = 3  # after the first try; with BACKOFF that is at most 3.5 s more before giving up
BACKOFF = 0.5  # seconds before the first retry, doubled before each next one
# Calls that post something new: made twice, they post it twice.
SENDS = frozenset(
    name.lower()
    for name in (
        "sendMessage",
        "sendDocument",
        "sendMediaGroup",
        "sendPhoto",
        "sendAudio",
        "sendVideo",
        "sendVoice",
        "sendAnimation",
        "sendSticker",
        "sendLocation",
        "sendContact",
        "sendPoll",
        "copyMessage",
        "copyMessages",
        "forwardMessage",
        "forwardMessages",
    )
)
# What Telegram answers when a call made again finds the first one done: that is success.
DONE_ALREADY = (
    "message is not modified",  # editMessageText / editMessageReplyMarkup
    "query is too old",  # answerCallbackQuery
    "message to delete not found",  # deleteMessage
)
# A button press answered after Telegram stopped waiting (the bot was busy or down): the client
# gave up on it, so there is nothing left to do, and the work of the button must go on.
TOO_LATE = ("query is too old",)
_DONE = json.dumps({"ok": True, "result": True}).encode()


class NotPosted(NetworkError):
    """A new message (:data:`SENDS`) whose every try failed before Telegram carried it out (5xx
    answers, connections never made): made again later, it is posted once."""


def telegram_failed(error: BaseException | None) -> TypeGuard[NetworkError]:
    """Whether ``error`` is Telegram failing or out of reach (5xx answers, lost or refused
    connections, answers that are not JSON) rather than a fault of the bot, or a refusal."""
    if not isinstance(error, NetworkError) or isinstance(error, BadRequest):
        return False
    # PTB turns any other exception of the HTTP client into a NetworkError too: a bug.
    return error.__cause__ is None or isinstance(
        error.__cause__, aiohttp.ClientError | TimeoutError | TelegramError
    )


def may_retry(method: str, error: BaseException | None, attempt: int, lost: int) -> bool:
    """Whether a call that failed this way may be made again.

    ``error`` is the network error, or None for a 5xx answer; ``attempt`` counts the tries
    made so far beyond the first, ``lost`` the answers lost before this one. Never more than
    :data:`RETRIES` retries.

    * A 5xx answer, or a request that never left (connection refused, pool full): Telegram did
      nothing, so the call is made again.
    * A lost answer (the connection dropped, or timed out, after the request went out): Telegram
      may have carried the call out. Edits, button answers, deletions and reads give the same
      result made twice (a second edit or answer is refused as done already, which
      :data:`DONE_ALREADY` turns into success), so they are made again. A new message
      (:data:`SENDS`) is sent again only after the FIRST lost answer: if that first one did
      arrive, the chat sees the answer twice; if it is not sent again and the first one was
      lost, the user sees no answer and types the command again, which records the task or
      decision twice. A doubled answer shows the same task number twice and misleads nobody; a
      missing one does, so one resend is the lesser harm, and only one, so the worst case is
      two copies.
    """
    if attempt >= RETRIES:
        return False
    if error is None or isinstance(error.__cause__, NOT_SENT):
        return True
    return method.lower() not in SENDS or lost == 0


def _not_carried_out(error: TelegramError | None) -> bool:
    """Whether the try that failed this way surely left Telegram's state as it was: a 5xx
    answer (None), or a request that never left."""
    return error is None or isinstance(error.__cause__, NOT_SENT)


def _is_json(payload: bytes) -> bool:
    """Whether an answer is JSON, as python-telegram-bot will read it. It is parsed twice, here
    and there: a few microseconds for an answer of a few kB, against a lost answer gone unseen."""
    try:
        json.loads(payload.decode("utf-8", "replace"))
    except ValueError:
        return False
    return True


def _refused_as(code: int, payload: bytes, reasons: tuple[str, ...]) -> bool:
    """Whether Telegram refused the call (400) for one of ``reasons``."""
    if code != 400:
        return False
    description = payload.decode("utf-8", "replace").lower()
    return any(reason in description for reason in reasons)


@dataclass(frozen=True, slots=True)
class CallResult:
    """How a Bot API call ended."""

    method: str
    at: datetime
    ok: bool
    error: str | None = None  # e.g. "HTTP 429", "HTTP 502", "TimedOut", "NetworkError"


class LastCall:
    """The most recent Bot API call's result, for ``/healthz``."""

    def __init__(self) -> None:
        self.result: CallResult | None = None


class ObservedRequest(AiohttpRequest):
    """The HTTP client, retrying passing failures and noting each exchange's result in
    ``last`` and in the metrics."""

    def __init__(self, metrics: Metrics, last: LastCall, clock: Clock, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._metrics = metrics
        self._last = last
        self._clock = clock

    async def do_request(
        self, url: str, method: str, *args: Any, **kwargs: Any
    ) -> tuple[int, bytes]:
        """Make the HTTP exchange, again after a passing failure while :func:`may_retry`
        allows; return the last answer or raise the last error."""
        name = url.rsplit("/", 1)[-1]  # the URL's last part is the method, never the token
        attempt, lost, pause = 0, 0, BACKOFF
        while True:
            error: TelegramError | None = None
            try:
                code, payload = await self._exchange(name, url, method, *args, **kwargs)
            except TelegramError as exc:
                error = exc
            else:
                if lost and _refused_as(code, payload, DONE_ALREADY):
                    log.info("%s had been carried out before its answer was lost", name)
                    return 200, _DONE
                if name.lower() == "answercallbackquery" and _refused_as(code, payload, TOO_LATE):
                    log.info("a button press was answered too late for Telegram to show it")
                    return 200, _DONE
                # A Bot API call (POST; a file is fetched with GET) answered with something
                # that is not JSON: the answer is lost, in effect.
                if method == "POST" and 200 <= code <= 299 and not _is_json(payload):
                    error = NetworkError(f"the answer to {name} is not JSON")
                elif code < 500:
                    return code, payload
            if not may_retry(name, error, attempt, lost):
                if lost == 0 and name.lower() in SENDS and _not_carried_out(error):
                    failure = error.message if error is not None else f"HTTP {code}"
                    raise NotPosted(f"{name} failed {attempt + 1} times ({failure})") from error
                if error is not None:
                    raise error
                return code, payload
            if error is not None and not isinstance(error.__cause__, NOT_SENT):
                lost += 1
            attempt += 1
            # A failed long poll is retried by python-telegram-bot's updater too, which then
            # logs one warning (bot.app.polling_failed): its retries here are details.
            level = logging.DEBUG if name.lower() == "getupdates" else logging.WARNING
            log.log(
                level,
                "%s failed (%s); trying again in %.1f s (retry %d)",
                name,
                error.message if error is not None else f"HTTP {code}",
                pause,
                attempt,
            )
            await asyncio.sleep(pause)
            pause *= 2

    async def _exchange(self, name: str, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        """One HTTP exchange, its result noted."""
        try:
            code, payload = await super().do_request(*args, **kwargs)
        except TelegramError as exc:
            self._note(name, type(exc).__name__)
            raise
        self._note(name, None if 200 <= code <= 299 else f"HTTP {code}")
        return code, payload

    def _note(self, method: str, error: str | None) -> None:
        self._last.result = CallResult(method, self._clock.now(), error is None, error)
        self._metrics.telegram_requests.labels("ok" if error is None else "error").inc()
        if error == "HTTP 429":
            self._metrics.telegram_429.inc()
