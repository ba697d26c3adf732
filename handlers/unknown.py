"""What is surely meant for the bot but no handler runs: a mistyped command, or a command
written without its slash, answered with the command it is nearest to.

A command is surely the bot's in its private chat, or where it names the bot (``/xongg@bot``).
In a group, a command naming no bot may be another bot's, and a message without a slash is
talk among the members: both are left alone, as ``handlers.command_lines`` leaves them.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from telegram import Chat, Message, MessageEntity, Update
from telegram.ext import BaseHandler, CommandHandler, MessageHandler, filters

from bot.commands import nearest_command
from bot.context import FollowUpContext
from bot.text import first_word, fold
from handlers.common import reply, request_context

_SHOWN_ARGUMENTS = 40  # what follows a command written without its slash, repeated when short
_SHOWN_NAME = 32  # Telegram's longest command name; a forged entity may hold a whole text


class _MeantForTheBot(filters.MessageFilter):
    """A text in the bot's private chat, or a command that names the bot."""

    def filter(self, message: Message) -> bool:
        """Whether ``message`` can only be meant for the bot."""
        if message.chat.type == Chat.PRIVATE:
            return True
        for entity, value in message.parse_entities([MessageEntity.BOT_COMMAND]).items():
            if entity.offset == 0:
                _, _, bot = value.partition("@")
                return bot.lower() == message.get_bot().username.lower()
        return False


def _command_name(message: Message) -> str | None:
    """The name of the command opening ``message`` (without slash or ``@bot``), if any."""
    for entity, value in message.parse_entities([MessageEntity.BOT_COMMAND]).items():
        if entity.offset == 0:
            return value[1:].partition("@")[0][:_SHOWN_NAME]
    return None


def _without_slash(text: str, names: frozenset[str]) -> str | None:
    """``xong 1`` as ``/xong 1``: a text whose first word is a command's name, with its slash
    (and what follows it, when short); None when it starts with no command's name."""
    word, rest = first_word(text)
    name = fold(word)
    if name not in names:
        return None
    shown = f" {rest}" if rest and len(rest) <= _SHOWN_ARGUMENTS and "\n" not in rest else ""
    return f"/{name}{shown}"


def unknown_messages(
    handlers: Sequence[BaseHandler[Update, FollowUpContext, None]],
) -> MessageHandler[FollowUpContext, None]:
    """The last resort for a text meant for the bot that none of ``handlers`` took."""
    names = frozenset(n for h in handlers if isinstance(h, CommandHandler) for n in h.commands)

    async def misread(update: Update, context: FollowUpContext) -> None:
        """Say that the command is not one of the bot's, and which one it may be."""
        message = update.effective_message
        assert message is not None  # a MessageHandler for text messages
        t = context.services.catalogs.get(
            (await context.services.chats.get(request_context(update))).language
        )
        typed = _command_name(message)
        if typed is not None:
            nearest = nearest_command(typed, names)
            command = escape(f"/{typed}")
            if nearest is None:
                await reply(update, t("unknown.command", command=command), record=False)
            else:
                said = t("unknown.command_near", command=command, nearest=f"/{nearest}")
                await reply(update, said, record=False)
            return
        meant = _without_slash(message.text or "", names)
        if meant is None:
            await reply(update, t("unknown.text"), record=False)
        else:
            await reply(update, t("unknown.text_near", meant=escape(meant)), record=False)

    return MessageHandler(
        filters.UpdateType.MESSAGE & filters.TEXT & _MeantForTheBot(name="meant_for_the_bot"),
        misread,
    )
