"""Who administers each chat, and who is in it, as Telegram says, remembered for a short while."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Generic, TypeVar

from telegram import Bot, ChatMember, ChatMemberRestricted
from telegram.error import Forbidden, TelegramError

from bot.clock import Clock
from bot.domain import Standing

log = logging.getLogger(__name__)
FRESH_FOR = timedelta(seconds=60)  # a newly promoted administrator waits at most this long
K = TypeVar("K")
V = TypeVar("V")


class Remembered(Generic[K, V]):
    """Telegram's answers by key, each taken as still true for :data:`FRESH_FOR`."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._known: dict[K, tuple[datetime, V]] = {}

    def fresh(self, key: K) -> V | None:
        """The answer remembered for ``key``, or None when it is missing or stale."""
        known = self._known.get(key)
        if known is None or self._clock.now() - known[0] >= FRESH_FOR:
            return None
        return known[1]

    def last(self, key: K) -> V | None:
        """The last answer for ``key``, however old."""
        known = self._known.get(key)
        return None if known is None else known[1]

    def keep(self, key: K, value: V) -> None:
        """Remember Telegram's answer for ``key``, given now."""
        self._known[key] = (self._clock.now(), value)

    def forget(self, key: K) -> None:
        """Ask Telegram again next time."""
        self._known.pop(key, None)


class Administrators:
    """A cache of ``getChatAdministrators``: one Bot API call per chat and minute at most.

    Telegram does not tell a bot about promotions unless it is an administrator itself, so
    the list is asked for again once it is a minute old rather than kept up to date by events.
    """

    def __init__(self, clock: Clock) -> None:
        self._lists: Remembered[int, frozenset[int]] = Remembered(clock)

    def known(self, chat_id: int) -> frozenset[int] | None:
        """The administrators remembered for the chat, or None when the list is missing or stale
        (only :meth:`of` asks Telegram)."""
        return self._lists.fresh(chat_id)

    async def of(self, bot: Bot, chat_id: int) -> frozenset[int]:
        """The user ids of the chat's administrators (and its creator)."""
        known = self._lists.fresh(chat_id)
        if known is not None:
            return known
        try:
            members = await bot.get_chat_administrators(chat_id)
        except TelegramError as exc:
            # Without the list nobody is taken for an administrator: secretaries still can act.
            log.warning("could not read the administrators of chat %s: %s", chat_id, exc)
            return self._lists.last(chat_id) or frozenset()
        ids = frozenset(member.user.id for member in members)
        self._lists.keep(chat_id, ids)
        return ids

    def forget(self, chat_id: int) -> None:
        """Ask Telegram again next time (the chat moved, or the bot was removed)."""
        self._lists.forget(chat_id)


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

    def __init__(self, clock: Clock) -> None:
        self._standings: Remembered[tuple[int, int], Standing] = Remembered(clock)

    async def standing(self, bot: Bot, chat_id: int, user_id: int) -> Standing:
        """Where user ``user_id`` stands in chat ``chat_id`` now."""
        key = (chat_id, user_id)
        known = self._standings.fresh(key)
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
        self._standings.keep(key, standing)
        return standing

    def forget(self, chat_id: int, user_id: int) -> None:
        """Ask Telegram again next time (the group said the user left or joined)."""
        self._standings.forget((chat_id, user_id))


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
