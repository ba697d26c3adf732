"""Who administers each chat, as Telegram says, remembered for a short while."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from telegram import Bot
from telegram.error import TelegramError

from bot.clock import Clock

log = logging.getLogger(__name__)
FRESH_FOR = timedelta(seconds=60)  # a newly promoted administrator waits at most this long


class Administrators:
    """A cache of ``getChatAdministrators``: one Bot API call per chat and minute at most.

    Telegram does not tell a bot about promotions unless it is an administrator itself, so
    the list is asked for again once it is a minute old rather than kept up to date by events.
    """

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._known: dict[int, tuple[datetime, frozenset[int]]] = {}

    def known(self, chat_id: int) -> frozenset[int] | None:
        """The administrators remembered for the chat, or None when the list is missing or stale
        (only :meth:`of` asks Telegram)."""
        known = self._known.get(chat_id)
        if known is None or self._clock.now() - known[0] >= FRESH_FOR:
            return None
        return known[1]

    async def of(self, bot: Bot, chat_id: int) -> frozenset[int]:
        """The user ids of the chat's administrators (and its creator)."""
        now = self._clock.now()
        known = self._known.get(chat_id)
        if known is not None and now - known[0] < FRESH_FOR:
            return known[1]
        try:
            members = await bot.get_chat_administrators(chat_id)
        except TelegramError as exc:
            # Without the list nobody is taken for an administrator: secretaries still can act.
            log.warning("could not read the administrators of chat %s: %s", chat_id, exc)
            return known[1] if known is not None else frozenset()
        ids = frozenset(member.user.id for member in members)
        self._known[chat_id] = (now, ids)
        return ids

    def forget(self, chat_id: int) -> None:
        """Ask Telegram again next time (the chat moved, or the bot was removed)."""
        self._known.pop(chat_id, None)
