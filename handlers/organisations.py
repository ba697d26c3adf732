"""``/org add`` and ``/orgs``."""

from __future__ import annotations

from html import escape

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler

from bot.context import FollowUpContext
from bot.errors import InvalidInput
from handlers import views
from handlers.common import answers_user_errors, command_text, reply, request_context

ADD = ("org", "tochuc")
LIST = ("orgs", "dstochuc")
ADD_WORDS = ("add", "them", "thêm")


@answers_user_errors
async def add_organisation(update: Update, context: FollowUpContext) -> None:
    """Add a member organisation: ``/org add Name | alias | alias``."""
    message = update.effective_message
    assert message is not None  # CommandHandler only fires on messages
    verb, _, rest = command_text(message).partition(" ")
    if verb.lower() not in ADD_WORDS:
        chat = await context.services.chats.get(request_context(update))
        error = InvalidInput("org.usage")
        await reply(update, context.services.catalogs.get(chat.language)(error.key))
        return
    chat, name, aliases = await context.services.organisations.add(request_context(update), rest)
    t = context.services.catalogs.get(chat.language)
    await reply(
        update, t("org.added", name=escape(name), aliases=escape(", ".join(aliases)) or "—")
    )


@answers_user_errors
async def list_organisations(update: Update, context: FollowUpContext) -> None:
    """List the chat's member organisations."""
    chat, orgs = await context.services.organisations.list_all(request_context(update))
    await reply(update, views.organisation_list(context.services.catalogs.get(chat.language), orgs))


def setup() -> list[BaseHandler[Update, FollowUpContext, None]]:
    """The handlers of this module."""
    return [CommandHandler(ADD, add_organisation), CommandHandler(LIST, list_organisations)]
