"""``/secretary add|remove @person`` and ``/secretaries``."""

from __future__ import annotations

from html import escape

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler

from bot.context import FollowUpContext
from bot.text import first_word
from handlers.common import (
    acting,
    answers_user_errors,
    command_text,
    reply,
    request_context,
    text_mentions,
)
from handlers.replies import answer, translator
from handlers.views import person_html

NAME = ("secretary", "thuky")
LIST = ("secretaries", "dsthuky")
ADD_WORDS = ("add", "them", "thêm")
REMOVE_WORDS = ("remove", "xoa", "xoá", "xóa")


@answers_user_errors
async def secretary_command(update: Update, context: FollowUpContext) -> None:
    """An administrator names a secretary, or takes the role back."""
    message = update.effective_message
    assert message is not None  # CommandHandler only fires on messages
    verb, rest = first_word(command_text(message))
    on = verb.lower() in ADD_WORDS
    if not on and verb.lower() not in REMOVE_WORDS:
        rest = ""  # neither verb: the service explains how to write the command
    chat, shown, changed = await context.services.roles.name_secretary(
        await acting(update, context), rest, text_mentions(message), on=on
    )
    if changed:
        key = "secretary.added" if on else "secretary.removed"
    else:  # nothing to do: already one, or not one to begin with
        key = "secretary.unchanged" if on else "secretary.not_one"
    await answer(update, context, chat, lambda t: (t(key, name=escape(shown)), None))


@answers_user_errors
async def list_secretaries(update: Update, context: FollowUpContext) -> None:
    """Who may record and change things besides the administrators."""
    result = await context.services.roles.secretaries(request_context(update))
    t = translator(context, result.chat)
    if not result.people:
        await reply(update, t("secretaries.none"))
        return
    names = ", ".join(person_html(tid, name, username) for tid, name, username in result.people)
    await reply(update, t("secretaries.list", names=names))


def setup() -> list[BaseHandler[Update, FollowUpContext, None]]:
    """The handlers of this module."""
    return [CommandHandler(NAME, secretary_command), CommandHandler(LIST, list_secretaries)]
