"""Who administers each chat, and who is in it, as Telegram says, remembered for a short while."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import TypeVar

from cachetools import LRUCache, TTLCache
from telegram import Bot, ChatMember, ChatMemberRestricted
from telegram.error import Forbidden, TelegramError

from bot.clock import Clock
from bot.domain import Standing

log = logging.getLogger(__name__)
FRESH_FOR = timedelta(seconds=60)  # a newly promoted administrator waits at most this long
# Answers remembered at most, per cache: a bound on memory (some MB at worst) far above what a
# bloc's groups ask within a minute, past which the least recently used answer is dropped.
KEPT = 10_000
K = TypeVar("K")
V = TypeVar("V")


def _fresh(clock: Clock, kept: int) -> TTLCache[K, V, datetime]:
    """Telegram's answers by key, each taken as still true for :data:`FRESH_FOR`, then dropped.

    Only the event loop's thread uses it, and each of its steps (look up, keep, forget) is one
    call with no ``await`` inside: no step sees another half done. Two chats asking about the
    same key at once both ask Telegram, and the later answer is kept (either is true for a
    minute). An answer asked for before a :meth:`Members.forget` and given after it is kept:
    the user's move shows a minute later at most, the staleness every answer is allowed.
    """
    return TTLCache(kept, FRESH_FOR, timer=clock.now)


class Administrators:
    """A cache of ``getChatAdministrators``: one Bot API call per chat and minute at most.

    Telegram does not tell a bot about promotions unless it is an administrator itself, so
    the list is asked for again once it is a minute old rather than kept up to date by events.
    """

    def __init__(self, clock: Clock, kept: int = KEPT) -> None:
        self._lists: TTLCache[int, frozenset[int], datetime] = _fresh(clock, kept)
        # The last list of each chat, however old: what to go by while Telegram cannot answer.
        self._last: LRUCache[int, frozenset[int]] = LRUCache(kept)

    def known(self, chat_id: int) -> frozenset[int] | None:
        """The administrators remembered for the chat, or None when the list is missing or stale
        (only :meth:`of` asks Telegram)."""
        return self._lists.get(chat_id)

    async def of(self, bot: Bot, chat_id: int) -> frozenset[int] | None:
        """The user ids of the chat's administrators (and its creator); while Telegram cannot
        answer, the last list however old, or None when there is none."""
        known = self._lists.get(chat_id)
        if known is not None:
            return known
        try:
            members = await bot.get_chat_administrators(chat_id)
        except TelegramError as exc:
            log.warning("could not read the administrators of chat %s: %s", chat_id, exc)
            return self._last.get(chat_id)
        ids = frozenset(member.user.id for member in members)
        self._lists[chat_id] = self._last[chat_id] = ids
        return ids

    def forget(self, chat_id: int) -> None:
        """Ask Telegram again next time (the chat moved, or the bot was removed)."""
        self._lists.pop(chat_id, None)
        self._last.pop(chat_id, None)


class Members:
    """A cache of ``getChatMember``: where a user stands in a group, one Bot API call per user,
    group and minute at most.

    Asked whenever a private chat reaches a group's records: that the bot once saw the person
    in the group says nothing of whether they left, or were removed or banned, since (Telegram
    tells a bot about that only in a service message a group may hide). An answer is trusted
    for a minute, as the administrators' list is; a failure is not remembered, and counts as
    not being in the group (:attr:`Standing.is_in`): nobody reaches a group's records because
    Telegram could not be asked.
    """

    def __init__(self, clock: Clock, kept: int = KEPT) -> None:
        self._standings: TTLCache[tuple[int, int], Standing, datetime] = _fresh(clock, kept)

    async def standing(self, bot: Bot, chat_id: int, user_id: int) -> Standing:
        """Where user ``user_id`` stands in chat ``chat_id`` now."""
        key = (chat_id, user_id)
        known = self._standings.get(key)
        if known is not None:
            return known
        try:
            member = await bot.get_chat_member(chat_id, user_id)
        except Forbidden as exc:
            log.warning("Telegram refuses the bot in chat %s: %s", chat_id, exc)
            return Standing.NO_BOT
        except TelegramError as exc:
            log.warning("could not ask whether user %s is in chat %s: %s", user_id, chat_id, exc)
            return Standing.UNKNOWN
        standing = standing_of(member)
        self._standings[key] = standing
        return standing

    def forget(self, chat_id: int, user_id: int) -> None:
        """Ask Telegram again next time (the group said the user left or joined)."""
        self._standings.pop((chat_id, user_id), None)


def standing_of(member: ChatMember) -> Standing:
    """Where a ``ChatMember`` stands: in the group (its creator, an administrator, a member, or
    a restricted member still in it), or out of it (left, or banned: ``kicked``)."""
    if member.status in (ChatMember.OWNER, ChatMember.ADMINISTRATOR):
        return Standing.ADMIN
    if member.status == ChatMember.MEMBER:
        return Standing.MEMBER
    if isinstance(member, ChatMemberRestricted) and member.is_member:
        return Standing.MEMBER
    return Standing.OUT
