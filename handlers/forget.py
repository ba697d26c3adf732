"""``/forget`` (``/xoadulieu``): a group's administrator deletes everything the bot keeps about
the group, after a second look.

The command answers with what would go and two buttons. Their data says where and by whom the
question was asked, and when, so that any replica can answer it after a restart::

    fg:<chat tag>:<asker's user id, 0 for an anonymous administrator>:<asked at>:<y|n>

``chat tag`` is :func:`handlers.paging.chat_tag` of the group: a button that turns up in
another chat (forged, or replayed) deletes nothing there. ``asked at`` is the Unix time in base
36. The service checks the rest again at the press: the presser administers the group now, is
the asker, and is in time.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.context import FollowUpContext
from bot.i18n import Translator
from bot.services.forget import ANY_ADMINISTRATOR, CONFIRM_MINUTES, Confirmation, ForgetAsked
from handlers.common import acting, answers_user_errors, edit_pressed, reply
from handlers.paging import base36, chat_tag
from handlers.relay import current_relay

log = logging.getLogger(__name__)
FORGET = ("forget", "xoadulieu")
PREFIX = "fg:"
_DATA = re.compile(r"fg:([0-9a-z]{1,7}):(\d{1,15}):([0-9a-z]{1,8}):([yn])")


@dataclass(frozen=True, slots=True)
class Press:
    """What a button under the question says."""

    tag: str
    confirmation: Confirmation
    delete: bool  # "Delete everything"; False: "Cancel"


def button_data(tag: str, asker: int, asked_at: datetime, *, delete: bool) -> str:
    """The data of one of the question's buttons."""
    # The instant as whole Unix seconds in base 36.
    stamp = base36(int(asked_at.timestamp()))
    return f"{PREFIX}{tag}:{asker}:{stamp}:{'y' if delete else 'n'}"


def parse(data: str) -> Press | None:
    """The press a button's data describes, or None when it is not one of ours."""
    match = _DATA.fullmatch(data)
    if match is None:
        return None
    tag, asker, asked, choice = match.groups()
    asked_at = datetime.fromtimestamp(int(asked, 36), UTC)
    return Press(tag, Confirmation(int(asker), asked_at), choice == "y")


def question(t: Translator, asked: ForgetAsked, asker: int) -> tuple[str, InlineKeyboardMarkup]:
    """The answer to ``/forget``: what would go, and the two buttons."""
    contents = asked.contents
    who = "forget.confirm_by.any" if asker == ANY_ADMINISTRATOR else "forget.confirm_by.asker"
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
                    callback_data=button_data(tag, asker, asked.asked_at, delete=True),
                ),
                InlineKeyboardButton(
                    t("forget.button.cancel"),
                    callback_data=button_data(tag, asker, asked.asked_at, delete=False),
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
    asked = await context.services.forget.ask(await acting(update, context))
    t = context.services.catalogs.get(asked.chat.language)
    await reply(update, *question(t, asked, asker))


@answers_user_errors
async def press_forget(update: Update, context: FollowUpContext) -> None:
    """ "Delete everything" deletes and says so in the message; "Cancel" says nothing was."""
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
        gone = await services.forget.forget(ctx, press.confirmation)
        t = services.catalogs.get(gone.language)
        await query.answer(t("forget.done.short"))
        await edit_pressed(update, context, t("forget.done"), None)
        return
    chat = await services.forget.cancel(ctx, press.confirmation)
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
