"""What every handler shares: reading the update, answering, and turning errors into replies."""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable, Coroutine
from dataclasses import replace
from html import escape, unescape
from typing import Any

from telegram import Chat, InlineKeyboardMarkup, Message, MessageEntity, Update, User
from telegram.error import ChatMigrated

from bot.context import FollowUpContext
from bot.domain import ChatRef, PersonRef
from bot.errors import UserError
from bot.services import RequestContext
from bot.text import clean

log = logging.getLogger(__name__)
_TAG = re.compile(r"<[^>]+>")
Handler = Callable[[Update, FollowUpContext], Coroutine[Any, Any, None]]


def person_ref(user: User) -> PersonRef:
    """A Telegram user as the domain sees it."""
    return PersonRef(
        telegram_id=user.id,
        first_name=user.first_name,
        last_name=user.last_name,
        username=user.username,
        language_code=user.language_code,
        is_bot=user.is_bot,
    )


def request_context(update: Update) -> RequestContext:
    """Who spoke, in which chat, from which message."""
    chat, user, message = update.effective_chat, update.effective_user, update.effective_message
    if chat is None or user is None:
        raise ValueError("an update without a chat or a sender reached a command handler")
    return RequestContext(
        chat=ChatRef(telegram_id=chat.id, type=chat.type, title=chat.title or chat.full_name),
        actor=person_ref(user),
        message_id=message.message_id if message else None,
        thread_id=message.message_thread_id if message and message.is_topic_message else None,
    )


async def acting(update: Update, context: FollowUpContext) -> RequestContext:
    """The request context of an update that may change records: it also says whether the
    sender administers the chat (their own private chat, an anonymous administrator posting as
    the group, or a member Telegram lists as an administrator)."""
    ctx = request_context(update)
    chat, message = update.effective_chat, update.effective_message
    assert chat is not None  # request_context checked it
    if chat.type == Chat.PRIVATE or (
        message is not None
        and message.sender_chat is not None
        and message.sender_chat.id == chat.id
    ):
        return replace(ctx, is_admin=True)
    admins = await context.services.admins.of(context.bot, chat.id)
    return replace(ctx, is_admin=ctx.actor.telegram_id in admins)


def command_text(message: Message) -> str:
    """The text after ``/command`` (or ``/command@bot``), as typed, with its line breaks."""
    text = message.text or message.caption or ""
    for entity, value in message.parse_entities([MessageEntity.BOT_COMMAND]).items():
        if entity.offset == 0:
            text = text[len(value) :]
            break
    return clean(text).strip()


def text_mentions(message: Message) -> dict[str, PersonRef]:
    """Users mentioned by name (users without a @username), keyed by the text shown."""
    return {
        value: person_ref(entity.user)
        for entity, value in message.parse_entities([MessageEntity.TEXT_MENTION]).items()
        if entity.user is not None
    }


async def reply(
    update: Update, text: str, keyboard: InlineKeyboardMarkup | None = None
) -> Message | None:
    """Answer in the chat (and the forum topic) the update came from.

    When the group became a supergroup before the answer went out, the answer goes to the new
    chat, as a plain message (the message it answered stayed behind); the records follow on
    Telegram's service message (``handlers.chats.migrated``).
    """
    message = update.effective_message
    if message is None:
        return None
    try:
        return await message.reply_html(text, reply_markup=keyboard, do_quote=True)
    except ChatMigrated as moved:
        log.info(
            "chat %s moved to %s before the answer went out", message.chat_id, moved.new_chat_id
        )
        return await message.get_bot().send_message(
            moved.new_chat_id, text, parse_mode="HTML", reply_markup=keyboard
        )


def plain(html_text: str) -> str:
    """Telegram HTML as the plain text a button's pop-up can show."""
    return unescape(_TAG.sub("", html_text))


def answers_user_errors(handler: Handler) -> Handler:
    """Turn a :class:`UserError` raised by a service into a translated answer: a reply to a
    command, a pop-up for a button."""

    @functools.wraps(handler)
    async def wrapper(update: Update, context: FollowUpContext) -> None:
        try:
            await handler(update, context)
        except UserError as exc:
            t = context.services.catalogs.get(exc.language)
            log.info("refused %s: %s", exc.key, exc.params)
            params = {k: escape(v) if isinstance(v, str) else v for k, v in exc.params.items()}
            if update.callback_query is not None:
                text = plain(t(exc.key, **params))
                await update.callback_query.answer(text[:200], show_alert=True)
            else:
                await reply(update, t(exc.key, **params))

    return wrapper
