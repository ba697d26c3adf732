"""Private commands that act on a group the sender chose: where they act, and how they answer.

While :func:`relaying` holds, ``request_context()`` and ``acting()`` (in ``handlers.common``)
name the group, and ``reply()`` names it in the private answer and posts records in the group.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import TelegramError

from bot.domain import Chat

log = logging.getLogger(__name__)
GROUP_BUTTON = "@"  # the prefix of a private button's data that names the group it acts on


@dataclass(frozen=True, slots=True)
class Relay:
    """A command sent in a private chat that acts on the group the sender chose there."""

    group: Chat
    is_admin: bool  # an administrator of the group, as Telegram said just now
    bot: Bot  # the bot itself, to post the group's copy
    language: str  # the private chat's, the person's: what is said privately is said in it
    header: str  # the private answer's first line, naming the group
    copy_header: str | None = None  # the group's copy's first line; None: no copy
    copy_failed: str = ""


# The group a private command acts on, for the length of that command. A context variable (not
# an argument) because it reaches request_context(), acting() and reply(), which every handler
# calls with the update alone; relaying() sets it and always resets it.
_RELAY: ContextVar[Relay | None] = ContextVar("relay", default=None)


@contextmanager
def relaying(relay: Relay) -> Iterator[None]:
    """Within the block, the handlers act on ``relay.group`` and answer as :func:`reply` says."""
    token = _RELAY.set(relay)
    try:
        yield
    finally:
        _RELAY.reset(token)


def current_relay() -> Relay | None:
    """The group the command being handled acts on from a private chat, if any."""
    return _RELAY.get()


async def post_in_group(relay: Relay, text: str, keyboard: InlineKeyboardMarkup | None) -> bool:
    """Post the group's copy of what a private command recorded (``text``, in the group's
    language); False when the group could not be told."""
    try:
        await relay.bot.send_message(
            relay.group.telegram_id,
            f"{relay.copy_header}\n{text}",
            parse_mode=ParseMode.HTML,
            reply_markup=keyboard,
        )
    except TelegramError as exc:
        log.warning("could not post to group %s: %s", relay.group.telegram_id, exc)
        return False
    return True


def button_prefix(group_id: int) -> str:
    """What a private button's data starts with when it acts on group ``group_id``."""
    return f"{GROUP_BUTTON}{group_id}|"


def data_room() -> int:
    """The bytes of callback data left to a button of the answer being written: Telegram's
    64, less the group's prefix when the answer goes to a private chat about a group."""
    relay = current_relay()
    return 64 - (len(button_prefix(relay.group.id)) if relay is not None else 0)


def for_group(keyboard: InlineKeyboardMarkup | None, group_id: int) -> InlineKeyboardMarkup | None:
    """``keyboard`` as sent in a private chat about group ``group_id``: each button's data
    says which group it acts on (``@<id>|done:7``), so that choosing another group later does
    not turn old buttons on the new group's records."""
    if keyboard is None:
        return None
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    b.text, callback_data=button_prefix(group_id) + b.callback_data
                )
                if isinstance(b.callback_data, str) and not b.callback_data.startswith(GROUP_BUTTON)
                else b
                for b in row
            ]
            for row in keyboard.inline_keyboard
        ]
    )
