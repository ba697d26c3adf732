"""``/org add|link|rename|remove`` and ``/orgs``."""

from __future__ import annotations

from html import escape

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler

from bot.context import FollowUpContext
from bot.services.organisations import OrganisationAdded
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
RENAME_WORDS = ("rename", "doiten", "đổitên")
REMOVE_WORDS = ("remove", "delete", "xoa", "xoá", "xóa")


@answers_user_errors
async def organisation_command(update: Update, context: FollowUpContext) -> None:
    """``/org add Name | alias``, ``/org link <organisation> @person``,
    ``/org rename <organisation> | New name`` or ``/org remove <organisation>``."""
    message = update.effective_message
    assert message is not None  # CommandHandler only fires on messages
    verb, _, rest = command_text(message).partition(" ")
    verb = verb.lower()
    services, ctx = context.services, await acting(update, context)
    if verb in LINK_WORDS:
        chat, org, person = await services.organisations.link(ctx, rest, text_mentions(message))
        text = services.catalogs.get(chat.language)(
            "org.linked", name=escape(org), person=escape(person)
        )
    elif verb in REMOVE_WORDS:
        chat, name = await services.organisations.remove(ctx, rest)
        text = services.catalogs.get(chat.language)("org.removed", name=escape(name))
    elif verb in RENAME_WORDS:
        text = _added(context, await services.organisations.rename(ctx, rest))
    else:
        if verb not in ADD_WORDS:
            rest = ""  # no verb known: the service explains how to write the command
        text = _added(context, await services.organisations.add(ctx, rest))
    await reply(update, text)


def _added(context: FollowUpContext, added: OrganisationAdded) -> str:
    """The answer to ``/org add`` or ``/org rename``."""
    t = context.services.catalogs.get(added.chat.language)
    aliases = escape(", ".join(added.aliases)) or "—"
    if added.old:
        text = t("org.renamed", old=escape(added.old), name=escape(added.name), aliases=aliases)
    else:
        text = t("org.added", name=escape(added.name), aliases=aliases)
    if added.shadowed:
        others = ", ".join(escape(other) for other in added.shadowed)
        text += "\n" + t("org.shadows", name=escape(added.name), others=others)
    return text


@answers_user_errors
async def list_organisations(update: Update, context: FollowUpContext) -> None:
    """List the chat's member organisations."""
    await lists.send_first_page(update, context, "o", "")


def setup() -> list[BaseHandler[Update, FollowUpContext, None]]:
    """The handlers of this module."""
    return [CommandHandler(ADD, organisation_command), CommandHandler(LIST, list_organisations)]
