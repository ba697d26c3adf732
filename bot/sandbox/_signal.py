"""Waiting for something to happen in the sandbox without polling."""

from __future__ import annotations

import asyncio
from collections.abc import Callable


class Signal:
    """An ``asyncio.Condition`` that changes to the world notify and waiters check against."""

    def __init__(self) -> None:
        self._condition = asyncio.Condition()

    async def notify(self) -> None:
        """Wake every waiter so it re-checks its predicate."""
        async with self._condition:
            self._condition.notify_all()

    async def wait_until(self, predicate: Callable[[], bool], within: float) -> bool:
        """Wait until ``predicate()`` holds or ``within`` seconds pass; return the predicate."""
        if predicate():
            return True
        try:
            async with asyncio.timeout(within), self._condition:
                await self._condition.wait_for(predicate)
        except TimeoutError:
            return predicate()
        return True
