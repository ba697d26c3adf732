"""The global error handler: log with the traceback, tell the chat what happened."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import BadRequest, Forbidden, TelegramError

from bot.context import FollowUpContext
from bot.telegram_calls import telegram_failed
from handlers.common import AnswerNotPosted
from handlers.reminders import GONE, TOPIC_GONE

log = logging.getLogger(__name__)


async def on_error(update: object, context: FollowUpContext) -> None:
    """Log an unexpected error and, when it came from a user's message, say so in the chat.

    Telegram refusing the bot in the chat (removed from the group, blocked, no right to write
    there) is no fault of the bot: the work was recorded, only the answer could not be given.
    The chat is marked inactive, so reminders wait until the bot is back, and no traceback is
    logged; nor when the answer's forum topic was closed or deleted meanwhile. Nor when Telegram
    failed longer than the request layer's retries: an answer it did not take is stored and
    sent again later (``bot.resends``); anything else is logged in one line.
    """
    chat = update.effective_chat if isinstance(update, Update) else None
    error, where = context.error, chat.id if chat is not None else "?"
    resends = context.services.resends
    if isinstance(error, AnswerNotPosted) and await resends.answer_later(error.call):
        log.warning(
            "Telegram did not take the answer in chat %s (%s): sent again later",
            where,
            error.message,
        )
        return
    if telegram_failed(error):
        log.warning("Telegram failed while handling an update in chat %s: %s", where, error.message)
        return
    if isinstance(error, Forbidden) or (isinstance(error, BadRequest) and _refused(error, GONE)):
        log.warning("Telegram refuses the bot in chat %s: %s", where, error.message)
        if chat is not None:
            await context.services.chats.refused(chat.id)
        return
    if isinstance(error, BadRequest) and _refused(error, TOPIC_GONE):
        log.warning("the topic of the answer in chat %s is gone: %s", where, error.message)
        return  # an answer anywhere else in the chat would be out of place
    log.error("error while handling an update", exc_info=context.error)
    if not isinstance(update, Update) or update.effective_message is None:
        return
    if isinstance(context.error, TelegramError) and not isinstance(context.error, BadRequest):
        return  # Telegram is unreachable or refuses the chat: an answer would fail the same way
    language = await context.services.chats.language_of(chat.id) if chat else None
    t = context.services.catalogs.get(language)
    # A refused answer means the work was done but could not be shown; anything else, not done.
    key = "error.reply" if isinstance(context.error, BadRequest) else "error.internal"
    try:
        await update.effective_message.reply_html(t(key))
    except TelegramError:
        log.warning("could not tell the chat about the error")


def _refused(error: BadRequest, reasons: tuple[str, ...]) -> bool:
    return any(reason in error.message.lower() for reason in reasons)
