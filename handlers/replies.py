"""Answers in the language of whoever reads them.

The bot speaks in a chat in that chat's language. A private command or button acting on a group
is answered in the private chat's language (the person's: their Telegram app's when the bot
speaks it, or the one they set there with ``/lang``); what it records is posted in the group in
the group's language. So a view is rendered with :func:`translator`, and an answer that the
group sees too is rendered twice, by :func:`answer` and :func:`announce`.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from telegram import InlineKeyboardMarkup, Update

from bot.context import FollowUpContext
from bot.domain import Chat
from bot.i18n import Translator
from handlers.common import reply
from handlers.relay import current_relay, post_in_group

Rendered = tuple[str, InlineKeyboardMarkup | None]


def translator(context: FollowUpContext, chat: Chat) -> Translator:
    """The language to speak of ``chat`` in: its own, or, for a private command or button
    acting on it, the private chat's."""
    relay = current_relay()
    private = relay is not None and relay.group.id == chat.id
    return context.services.catalogs.get(relay.language if relay and private else chat.language)


async def answer(
    update: Update,
    context: FollowUpContext,
    chat: Chat,
    render: Callable[[Translator], Rendered],
    *,
    record: bool = True,
) -> None:
    """Reply with what ``render`` writes in :func:`translator`'s language; when a private
    command recorded something in ``chat``, the group's copy is what ``render`` writes in the
    group's own language."""
    t = translator(context, chat)
    text, keyboard = render(t)
    relay, in_group = current_relay(), None
    if record and relay is not None and relay.copy_header is not None:
        in_group = render(context.services.catalogs.get(chat.language))
    await reply(update, text, keyboard, record=record, in_group=in_group)


async def announce(
    update: Update, context: FollowUpContext, chat: Chat, render: Callable[[Translator], str]
) -> None:
    """Answer a pressed button with ``render``'s pop-up; when it was pressed in a private chat
    and changed ``chat``'s records, the group is told too, in its own language."""
    query = update.callback_query
    assert query is not None  # only buttons announce
    await query.answer(render(translator(context, chat)))
    relay = current_relay()
    if relay is not None and relay.copy_header is not None:
        text = render(context.services.catalogs.get(chat.language))
        await post_in_group(relay, escape(text), None)
