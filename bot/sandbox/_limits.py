"""Telegram's flood limits, enforced when the sandbox is asked to (``enforce_limits=True``).

Telegram documents its limits loosely: about 30 messages a second in all, about 20 messages a
minute to one group, and (for private chats) about one message a second, short bursts allowed.
The sandbox enforces them as sliding windows over the calls it accepted, and answers a call that
would exceed one with Telegram's 429 ``Too Many Requests: retry after N``, ``N`` being the whole
seconds until the oldest call in the full window leaves it.

The windows are measured with their own clock (the real one unless a test injects a fake), not
with the world's clock: the bot's rate limiter paces itself in real time, even when the world's
clock is a fake one that end-to-end tests move by hand.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.sandbox._errors import too_many_requests

# The calls that post or change a message. Reading calls (getMe, getChat...) are not limited.
LIMITED_METHODS = frozenset(
    {"sendMessage", "sendDocument", "sendMediaGroup", "editMessageText", "editMessageReplyMarkup"}
)
_SECOND = timedelta(seconds=1)
_MINUTE = timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class TelegramLimits:
    """How many message calls the sandbox accepts; ``None`` switches a limit off."""

    messages_per_second: int | None = 30
    group_messages_per_minute: int | None = 20
    private_messages_per_second: int | None = None  # Telegram tolerates bursts; off by default


class SlidingWindow:
    """At most ``limit`` events in any span of ``period``."""

    def __init__(self, limit: int, period: timedelta) -> None:
        if limit < 1:
            raise ValueError("a window must allow at least one event")
        self.limit = limit
        self.period = period
        self._events: deque[datetime] = deque()

    def wait(self, now: datetime) -> timedelta:
        """How long until one more event fits (zero when it fits now)."""
        while self._events and self._events[0] <= now - self.period:
            self._events.popleft()
        if len(self._events) < self.limit:
            return timedelta(0)
        return self._events[0] + self.period - now

    def add(self, now: datetime) -> None:
        """Count one event at ``now``."""
        self._events.append(now)


class FloodControl:
    """Admits message calls within the limits and refuses the others with a 429."""

    def __init__(self, clock: Clock, limits: TelegramLimits | None = None) -> None:
        self.clock = clock
        self.limits = limits or TelegramLimits()
        per_second = self.limits.messages_per_second
        self._overall = SlidingWindow(per_second, _SECOND) if per_second else None
        self._chats: dict[int, SlidingWindow] = {}
        self.too_many_requests = 0

    def admit(self, method: str, chat_id: int | None, chat_type: str | None) -> None:
        """Count the call, or raise the 429 ``ApiError`` Telegram would answer with."""
        if method not in LIMITED_METHODS:
            return
        now = self.clock.now()
        windows = [w for w in (self._overall, self._chat_window(chat_id, chat_type)) if w]
        wait = max((window.wait(now) for window in windows), default=timedelta(0))
        if wait > timedelta(0):
            self.too_many_requests += 1
            raise too_many_requests(max(1, math.ceil(wait.total_seconds())))
        for window in windows:
            window.add(now)

    def _chat_window(self, chat_id: int | None, chat_type: str | None) -> SlidingWindow | None:
        if chat_id is None:
            return None
        if chat_type in {"group", "supergroup"}:
            limit, period = self.limits.group_messages_per_minute, _MINUTE
        elif chat_type == "private":
            limit, period = self.limits.private_messages_per_second, _SECOND
        else:
            return None
        if not limit:
            return None
        window = self._chats.get(chat_id)
        if window is None:
            window = self._chats[chat_id] = SlidingWindow(limit, period)
        return window
