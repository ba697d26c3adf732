"""The queue of updates waiting for the bot, served by ``getUpdates`` long polling."""

from __future__ import annotations

from collections import deque
from typing import Any

from bot.sandbox._signal import Signal

# What Telegram sends when the bot has not chosen (it leaves these three out unless asked).
_NOT_BY_DEFAULT = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
_KEEP_CONFIRMED = 100  # confirmed updates kept, to serve again (one getUpdates answer at most)


def update_kind(update: dict[str, Any]) -> str:
    """Return the update's type, the one key besides ``update_id``."""
    return next(key for key in update if key != "update_id")


class UpdateQueue:
    """Updates in order, confirmed by ``offset`` and filtered by ``allowed_updates``."""

    def __init__(self) -> None:
        self._pending: list[dict[str, Any]] = []
        self._next_id = 1
        self._allowed: frozenset[str] | None = None
        self._signal = Signal()
        self.taken = Signal()  # notified when the bot confirms updates (getUpdates ``offset``)
        self._closed = False
        self._confirmed: deque[dict[str, Any]] = deque(maxlen=_KEEP_CONFIRMED)
        self._again: list[dict[str, Any]] = []  # served again first, whatever the offset

    @property
    def pending_count(self) -> int:
        """How many updates the bot has not confirmed yet."""
        return len(self._pending)

    async def push(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        """Queue an update of ``kind`` and wake any long poll."""
        update = {"update_id": self._next_id, kind: payload}
        self._next_id += 1
        self._pending.append(update)
        await self._signal.notify()
        return update

    def set_allowed(self, allowed: list[str] | None) -> None:
        """Remember ``allowed_updates``; an empty list restores Telegram's default."""
        if allowed is not None:
            self._allowed = frozenset(allowed) if allowed else None

    async def deliver_again(self, count: int) -> list[int]:
        """Serve the last ``count`` confirmed updates again, same ids, at the head of the next
        ``getUpdates`` answer whatever its ``offset``; return their ids."""
        if not 1 <= count <= len(self._confirmed):
            raise ValueError(f"only {len(self._confirmed)} confirmed update(s) to deliver again")
        self._again = list(self._confirmed)[-count:]
        await self._signal.notify()
        return [u["update_id"] for u in self._again]

    def drop_pending(self) -> None:
        """Forget every queued update (``drop_pending_updates``)."""
        self._pending.clear()

    async def close(self) -> None:
        """End every long poll now; used when the sandbox stops."""
        self._closed = True
        await self._signal.notify()

    async def fetch(self, offset: int | None, limit: int, within: float) -> list[dict[str, Any]]:
        """Confirm updates before ``offset``, then return up to ``limit``, waiting ``within`` s."""
        if self._confirm(offset):
            await self.taken.notify()
        if within > 0:
            await self._signal.wait_until(
                lambda: self._closed or bool(self._again) or self._deliverable(), within
            )
        again, self._again = self._again, []
        batch = self._pending[: max(1, min(limit, 100))] if self._deliverable() else []
        return (again + batch)[: max(1, min(limit, 100))]

    async def next_batch(self, limit: int) -> list[dict[str, Any]] | None:
        """Wait for updates to push to a webhook; return up to ``limit`` (None: closing).

        They stay queued until :meth:`remove` confirms them.
        """
        while not await self._signal.wait_until(lambda: self._closed or self._deliverable(), 60):
            pass
        return None if self._closed else self._pending[: max(1, limit)]

    def remove(self, update_ids: list[int]) -> None:
        """Forget the updates the webhook accepted."""
        accepted = set(update_ids)
        self._pending = [u for u in self._pending if u["update_id"] not in accepted]

    def _confirm(self, offset: int | None) -> bool:
        """Forget the updates ``offset`` confirms; tell whether any were."""
        before = len(self._pending)
        if offset is None or offset == 0:
            return False
        if offset < 0:
            kept = self._pending[offset:]
        else:
            kept = [u for u in self._pending if u["update_id"] >= offset]
        self._confirmed.extend(self._pending[: before - len(kept)])
        self._pending = kept
        return len(self._pending) < before

    def _deliverable(self) -> bool:
        """Drop updates the bot did not ask for; tell whether any remain."""
        self._pending = [u for u in self._pending if self._wanted(update_kind(u))]
        return bool(self._pending)

    def _wanted(self, kind: str) -> bool:
        if self._allowed is None:
            return kind not in _NOT_BY_DEFAULT
        return kind in self._allowed
