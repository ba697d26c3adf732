"""Watching the bot's calls to the Bot API: the last one's result, and the metrics.

python-telegram-bot sends every call through a ``BaseRequest``; this one is PTB's own
``HTTPXRequest`` that notes, after each call's HTTP exchange (``do_request``, the method PTB
lets subclasses replace), when it ended and how: the HTTP status, or the network error. Never the
URL, which holds the token.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from telegram.error import TelegramError
from telegram.request import HTTPXRequest

from bot.clock import Clock
from bot.metrics import Metrics


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


class ObservedRequest(HTTPXRequest):
    """PTB's HTTP client, noting each call's result in ``last`` and in the metrics."""

    def __init__(self, metrics: Metrics, last: LastCall, clock: Clock, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._metrics = metrics
        self._last = last
        self._clock = clock

    async def do_request(
        self, url: str, method: str, *args: Any, **kwargs: Any
    ) -> tuple[int, bytes]:
        """Make the HTTP exchange; note its result, then return it or raise its error."""
        name = url.rsplit("/", 1)[-1]  # the URL's last part is the method, never the token
        try:
            code, payload = await super().do_request(url, method, *args, **kwargs)
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
