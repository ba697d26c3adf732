"""The global error handler: log with the traceback, tell the chat what happened."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import BadRequest, TelegramError

from bot.context import FollowUpContext

log = logging.getLogger(__name__)


async def on_error(update: object, context: FollowUpContext) -> None:
    """Log an unexpected error and, when it came from a user's message, say so in the chat."""
    log.error("error while handling an update", exc_info=context.error)
    if not isinstance(update, Update) or update.effective_message is None:
        return
    if isinstance(context.error, TelegramError) and not isinstance(context.error, BadRequest):
        return  # Telegram is unreachable or refuses the chat: an answer would fail the same way
    chat = update.effective_chat
    language = await context.services.chats.language_of(chat.id) if chat else None
    t = context.services.catalogs.get(language)
    # A refused answer means the work was done but could not be shown; anything else, not done.
    key = "error.reply" if isinstance(context.error, BadRequest) else "error.internal"
    try:
        await update.effective_message.reply_html(t(key))
    except TelegramError:
        log.warning("could not tell the chat about the error")
