"""``/org add`` and ``/orgs``."""

from __future__ import annotations

from html import escape

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler

from bot.context import FollowUpContext
from handlers import lists
from handlers.common import (
    acting,
    answers_user_errors,
    command_text,
    reply,
    text_mentions,
)

ADD = ("org", "tochuc")
LIST = ("orgs", "dstochuc")
ADD_WORDS = ("add", "them", "thêm")
LINK_WORDS = ("link", "lienhe", "liênhệ")


@answers_user_errors
async def organisation_command(update: Update, context: FollowUpContext) -> None:
    """``/org add Name | alias`` or ``/org link <organisation> @person``."""
    message = update.effective_message
    assert message is not None  # CommandHandler only fires on messages
    verb, _, rest = command_text(message).partition(" ")
    services, ctx = context.services, await acting(update, context)
    if verb.lower() in LINK_WORDS:
        chat, org, person = await services.organisations.link(ctx, rest, text_mentions(message))
        text = services.catalogs.get(chat.language)(
            "org.linked", name=escape(org), person=escape(person)
        )
        await reply(update, text)
        return
    if verb.lower() not in ADD_WORDS:
        rest = ""  # neither verb: the service explains how to write the command
    added = await services.organisations.add(ctx, rest)
    t = services.catalogs.get(added.chat.language)
    text = t("org.added", name=escape(added.name), aliases=escape(", ".join(added.aliases)) or "—")
    if added.shadowed:
        others = ", ".join(escape(other) for other in added.shadowed)
        text += "\n" + t("org.shadows", name=escape(added.name), others=others)
    await reply(update, text)


@answers_user_errors
async def list_organisations(update: Update, context: FollowUpContext) -> None:
    """List the chat's member organisations."""
    await lists.send_first_page(update, context, "o", "")


def setup() -> list[BaseHandler[Update, FollowUpContext, None]]:
    """The handlers of this module."""
    return [CommandHandler(ADD, organisation_command), CommandHandler(LIST, list_organisations)]
