"""``/org add|link|rename|remove`` and ``/orgs``."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from html import escape

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler

from bot.context import FollowUpContext
from bot.i18n import Translator
from bot.services.organisations import OrganisationAdded
from bot.text import first_word, fold
from handlers import lists
from handlers.common import (
    acting,
    answers_user_errors,
    command_text,
    text_mentions,
)
from handlers.replies import answer

ADD = ("org", "tochuc")
LIST = ("orgs", "dstochuc")
# Compared without diacritics or case (bot.text.fold), and Vietnamese verbs of two words also
# as people write them, in two: "đổi tên", "lien he".
ADD_WORDS = ("add", "them")
LINK_WORDS = ("link", "lienhe")
RENAME_WORDS = ("rename", "doiten")
REMOVE_WORDS = ("remove", "delete", "xoa")
TWO_WORDS = ("lienhe", "doiten")


def _verb(text: str) -> tuple[str, str]:
    """The verb of ``/org`` (folded, its two words joined) and what follows it."""
    word, rest = first_word(text)
    verb = fold(word)
    second, after = first_word(rest)
    if verb + fold(second) in TWO_WORDS:
        return verb + fold(second), after
    return verb, rest


@answers_user_errors
async def organisation_command(update: Update, context: FollowUpContext) -> None:
    """``/org add Name | alias``, ``/org link <organisation> @person``,
    ``/org rename <organisation> | New name`` or ``/org remove <organisation>``."""
    message = update.effective_message
    assert message is not None  # CommandHandler only fires on messages
    verb, rest = _verb(command_text(message))
    services, ctx = context.services, await acting(update, context)
    render: Callable[[Translator], str]
    if verb in LINK_WORDS:
        chat, org, person = await services.organisations.link(ctx, rest, text_mentions(message))
        render = partial(_said, "org.linked", name=escape(org), person=escape(person))
    elif verb in REMOVE_WORDS:
        chat, name = await services.organisations.remove(ctx, rest)
        render = partial(_said, "org.removed", name=escape(name))
    else:
        if verb in RENAME_WORDS:
            added = await services.organisations.rename(ctx, rest)
        else:
            if verb not in ADD_WORDS:
                rest = ""  # no verb known: the service explains how to write the command
            added = await services.organisations.add(ctx, rest)
        chat, render = added.chat, partial(_added, added)
    await answer(update, context, chat, lambda t: (render(t), None))


def _said(key: str, t: Translator, **params: str) -> str:
    """The sentence ``key`` in ``t``'s language."""
    return t(key, **params)


def _added(added: OrganisationAdded, t: Translator) -> str:
    """The answer to ``/org add`` or ``/org rename``."""
    aliases = escape(", ".join(added.aliases)) or "—"
    if added.old and added.old == added.name:  # renamed to its own name: new short names only
        text = t("org.renamed_aliases", name=escape(added.name), aliases=aliases)
    elif added.old:
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
