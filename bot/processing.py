"""Handling several chats' updates at once, and each chat's updates one at a time, in order."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

MAX_CONCURRENT_UPDATES = 64


def chat_key(update: object) -> int | None:
    """The chat an update belongs to (``None`` for updates without one)."""
    if isinstance(update, Update) and update.effective_chat is not None:
        return update.effective_chat.id
    return None


class PerChatOrder(BaseUpdateProcessor):
    """Up to ``max_concurrent_updates`` updates at a time, but one chat's updates one by one.

    By default python-telegram-bot handles one update after the other, so a group waits while
    the bot waits on the database or on Telegram for another group. A chat's own updates must
    keep their order (``/task`` then ``/done 1``), so each chat has a lock. python-telegram-bot
    starts the updates in the order they arrive and an asyncio lock serves its waiters first
    come, first served, so a chat's updates run in arrival order. A lock lives while one of its
    chat's updates is running or waiting, so memory does not grow with the number of chats.
    """

    __slots__ = ("_locks", "_users")

    def __init__(self, max_concurrent_updates: int = MAX_CONCURRENT_UPDATES) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int | None, asyncio.Lock] = {}
        self._users: dict[int | None, int] = {}  # updates running or waiting, per chat

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Run ``coroutine`` once the chat's earlier updates are done."""
        key = chat_key(update)
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._users[key] = self._users.get(key, 0) + 1
        try:
            async with lock:
                await coroutine
        finally:
            self._users[key] -= 1
            if not self._users[key]:
                del self._users[key], self._locks[key]

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to free."""
