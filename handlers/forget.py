"""``/forget`` (``/xoadulieu``): a group's administrator deletes everything the bot keeps about
the group, after a second look.

The command answers with what would go and two buttons. Their data names the group and the
question, stored in the database (by whom and when it was asked, whether it was answered), so
that any replica can answer it after a restart::

    fg:<chat tag>:<token>:<y|n>

``chat tag`` is :func:`handlers.paging.chat_tag` of the group: a button that turns up in
another chat (forged, or replayed) deletes nothing there. ``token`` is the question's random
token (:mod:`bot.services.forget`). The service checks the rest at the press: the question is
still open (the first press of either button answers it), the presser administers the group now,
is the asker, and is in time.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.context import FollowUpContext
from bot.i18n import Translator
from bot.services.forget import ANY_ADMINISTRATOR, CONFIRM_MINUTES, ForgetAsked
from handlers.common import acting, answers_user_errors, edit_pressed, reply
from handlers.paging import chat_tag
from handlers.relay import current_relay

log = logging.getLogger(__name__)
FORGET = ("forget", "xoadulieu")
PREFIX = "fg:"
_DATA = re.compile(r"fg:([0-9a-z]{1,7}):([0-9a-f]{1,32}):([yn])")


@dataclass(frozen=True, slots=True)
class Press:
    """What a button under the question says."""

    tag: str
    token: str
    delete: bool  # "Delete everything"; False: "Cancel"


def button_data(tag: str, token: str, *, delete: bool) -> str:
    """The data of one of the question's buttons."""
    return f"{PREFIX}{tag}:{token}:{'y' if delete else 'n'}"


def parse(data: str) -> Press | None:
    """The press a button's data describes, or None when it is not one of ours."""
    match = _DATA.fullmatch(data)
    if match is None:
        return None
    tag, token, choice = match.groups()
    return Press(tag, token, choice == "y")


def question(t: Translator, asked: ForgetAsked) -> tuple[str, InlineKeyboardMarkup]:
    """The answer to ``/forget``: what would go, and the two buttons."""
    contents = asked.contents
    anyone = asked.asker == ANY_ADMINISTRATOR
    who = "forget.confirm_by.any" if anyone else "forget.confirm_by.asker"
    text = (
        t(
            "forget.ask",
            tasks=contents.tasks,
            decisions=contents.decisions,
            meetings=contents.meetings,
            organisations=contents.organisations,
        )
        + "\n\n"
        + t(who, minutes=CONFIRM_MINUTES)
    )
    tag = chat_tag(asked.chat.telegram_id)
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t("forget.button.delete"),
                    callback_data=button_data(tag, asked.token, delete=True),
                ),
                InlineKeyboardButton(
                    t("forget.button.cancel"),
                    callback_data=button_data(tag, asked.token, delete=False),
                ),
            ]
        ]
    )
    return text, keyboard


@answers_user_errors
async def forget_command(update: Update, context: FollowUpContext) -> None:
    """Say what would be deleted, with "Delete everything" and "Cancel"."""
    message, user = update.effective_message, update.effective_user
    assert message is not None  # CommandHandler only fires on messages
    assert user is not None
    anonymous = message.sender_chat is not None and message.sender_chat.id == message.chat_id
    asker = ANY_ADMINISTRATOR if anonymous else user.id
    asked = await context.services.forget.ask(await acting(update, context), asker)
    t = context.services.catalogs.get(asked.chat.language)
    await reply(update, *question(t, asked))


@answers_user_errors
async def press_forget(update: Update, context: FollowUpContext) -> None:
    """ "Delete everything" deletes and says so in the message; "Cancel" says nothing was. Only
    the first press of either acts: a later one is answered with what the first did."""
    query = update.callback_query
    assert query is not None
    press = parse(query.data or "")
    assert press is not None  # the handler's pattern
    refusal = _refusal(update, press)
    if refusal is not None:
        await _refuse(update, context, refusal)
        return
    services, ctx = context.services, await acting(update, context)
    if press.delete:
        gone = await services.forget.forget(ctx, press.token)
        t = services.catalogs.get(gone.language)
        await query.answer(t("forget.done.short"))
        await edit_pressed(update, context, t("forget.done"), None)
        return
    chat = await services.forget.cancel(ctx, press.token)
    t = services.catalogs.get(chat.language)
    await query.answer(t("forget.cancelled.short"))
    await edit_pressed(update, context, t("forget.cancelled"), None)


def _refusal(update: Update, press: Press) -> str | None:
    """Why the button may not act where it was pressed, as a catalog key; None when it may."""
    if current_relay() is not None:
        # Pressed in a private chat about a chosen group: the question is only ever asked in
        # the group, so the button was forged there; deleting happens in the group only.
        return "forget.group_only"
    message = update.callback_query.message if update.callback_query else None
    if not isinstance(message, Message) or press.tag != chat_tag(message.chat.id):
        return "forget.other_chat"
    return None


async def _refuse(update: Update, context: FollowUpContext, key: str) -> None:
    chat, query = update.effective_chat, update.callback_query
    assert query is not None
    relay = current_relay()
    if relay is not None:
        language: str | None = relay.group.language
    else:
        language = await context.services.chats.language_of(chat.id) if chat else None
    log.info("forget button refused (%s): %r", key, query.data)
    await query.answer(context.services.catalogs.get(language)(key), show_alert=True)


def setup() -> list[BaseHandler[Update, FollowUpContext, None]]:
    """The command and its two buttons."""
    return [
        CommandHandler(FORGET, forget_command),
        CallbackQueryHandler(press_forget, pattern=rf"^{_DATA.pattern}$"),
    ]
