"""The global error handler: log with the traceback, tell the chat that nothing was recorded."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError

from bot.context import FollowUpContext

log = logging.getLogger(__name__)


async def on_error(update: object, context: FollowUpContext) -> None:
    """Log an unexpected error and, when it came from a user's message, say so in the chat."""
    log.error("error while handling an update", exc_info=context.error)
    if not isinstance(update, Update) or update.effective_message is None:
        return
    if isinstance(context.error, TelegramError):
        return  # answering would likely fail the same way
    t = context.services.catalogs.get(None)
    try:
        await update.effective_message.reply_html(t("error.internal"))
    except TelegramError:
        log.warning("could not tell the chat about the error")
