"""``/decision`` and ``/decisions``."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler

from bot.context import FollowUpContext
from handlers import lists, views
from handlers.common import acting, answers_user_errors, command_text
from handlers.replies import answer

RECORD = ("decision", "quyetdinh", "qd")
LIST = ("decisions", "dsqd")


@answers_user_errors
async def record_decision(update: Update, context: FollowUpContext) -> None:
    """Record the text after the command, or the message the command replies to."""
    message = update.effective_message
    assert message is not None  # CommandHandler only fires on messages
    text, source = command_text(message), None
    replied = message.reply_to_message
    from_bot = replied is not None and replied.from_user is not None and replied.from_user.is_bot
    if not text and replied is not None and not replied.forum_topic_created and not from_bot:
        text, source = replied.text or replied.caption or "", replied.message_id
    chat, decision = await context.services.decisions.record(
        await acting(update, context), text, source_message_id=source
    )
    await answer(update, context, chat, lambda t: (views.decision_recorded(t, decision), None))


@answers_user_errors
async def list_decisions(update: Update, context: FollowUpContext) -> None:
    """List the chat's latest decisions, or those of one meeting (``/decisions 2``)."""
    message = update.effective_message
    assert message is not None  # CommandHandler only fires on messages
    await lists.send_first_page(update, context, "d", command_text(message))


def setup() -> list[BaseHandler[Update, FollowUpContext, None]]:
    """The handlers of this module."""
    return [CommandHandler(RECORD, record_decision), CommandHandler(LIST, list_decisions)]
