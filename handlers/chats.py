"""``/start``, ``/help`` and ``/lang``."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler

from bot.context import FollowUpContext
from handlers.common import acting, answers_user_errors, command_text, reply, request_context

START = ("start", "batdau")
HELP = ("help", "trogiup", "hd")
LANG = ("lang", "ngonngu")


@answers_user_errors
async def start(update: Update, context: FollowUpContext) -> None:
    """Greet and say what the bot does."""
    chat = await context.services.chats.get(request_context(update))
    await reply(update, context.services.catalogs.get(chat.language)("start"))


@answers_user_errors
async def show_help(update: Update, context: FollowUpContext) -> None:
    """List the commands with their short aliases."""
    chat = await context.services.chats.get(request_context(update))
    await reply(update, context.services.catalogs.get(chat.language)("help"))


@answers_user_errors
async def set_language(update: Update, context: FollowUpContext) -> None:
    """Switch the language the bot speaks in this chat."""
    message = update.effective_message
    assert message is not None  # CommandHandler only fires on messages
    chat = await context.services.chats.set_language(
        await acting(update, context), command_text(message)
    )
    await reply(update, context.services.catalogs.get(chat.language)("lang.set"))


def setup() -> list[BaseHandler[Update, FollowUpContext, None]]:
    """The handlers of this module."""
    return [
        CommandHandler(START, start),
        CommandHandler(HELP, show_help),
        CommandHandler(LANG, set_language),
    ]
