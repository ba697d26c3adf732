"""Several commands in one message: a secretary pastes her notes, one command a line.

Each line that starts with a command of the bot runs as if it had been sent as a message of its
own, in order, each answered and stored on its own (its own transaction, its own refusal); a
line that does not start with one continues the text of the command above it, so a ``/task``
or ``/decision`` written over several lines stays one record. What comes before the first such
line (a heading such as "Kết luận cuộc họp:", a typo ``/vieec``, another bot's command) is passed
over, as it would be sent alone: the bot answers neither text nor a command it does not run. A
line is handed to the first handler that takes it, as python-telegram-bot does with a message:
it is a copy of the message (same id, chat, forum topic, sender and replied message) holding only
that line's text and the entities within it. The update was recorded as handled once, before it
was split. An edited message runs none of its lines again, as an edited command does not run: its
sender is told so once.

With privacy mode on, Telegram sends the bot a group message that does not start with a command
only where the bot is an administrator; elsewhere such notes never reach it.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any, cast

from telegram import Message, MessageEntity, Update
from telegram.ext import BaseHandler, MessageHandler, filters

from bot.context import FollowUpContext
from handlers.common import reply
from handlers.guards import RunsACommand, explain_edit

log = logging.getLogger(__name__)
MAX_COMMANDS = 20  # one message's answers already take a minute of a group's sending rate
Handlers = Sequence[BaseHandler[Update, FollowUpContext, None]]


def _units(text: str) -> bytes:
    """``text`` in UTF-16, the code units Telegram counts entity offsets in (two bytes each)."""
    return text.encode("utf-16-le")


def _part(message: Message, data: dict[str, Any], start: int, end: int) -> Message:
    """``message`` (as ``data``, its dictionary) holding only its text from unit ``start`` to
    unit ``end``, with the entities within it (cut at the edges, moved to their new offsets)."""
    part = {**data, "text": _units(message.text or "")[2 * start : 2 * end].decode("utf-16-le")}
    part["entities"] = [
        {
            **entity.to_dict(),
            "offset": max(entity.offset, start) - start,
            "length": min(entity.offset + entity.length, end) - max(entity.offset, start),
        }
        for entity in message.entities
        if entity.offset < end and entity.offset + entity.length > start
    ]
    return Message.de_json(part, message.get_bot())


def _line_commands(message: Message, names: frozenset[str]) -> list[MessageEntity]:
    """The commands named ``names`` (and not another bot's) that open a line, spaces before
    them allowed (pasted notes). A quick test, for a message full of commands: PTB's own, on a
    message built for each, comes later."""
    units, username = _units(message.text or ""), message.get_bot().username.lower()
    found = []
    for entity in message.entities:
        if entity.type != MessageEntity.BOT_COMMAND:
            continue
        command = units[2 * entity.offset : 2 * (entity.offset + entity.length)].decode("utf-16-le")
        name, _, bot = command[1:].lower().partition("@")
        if name not in names or bot not in ("", username):
            continue
        before = units[: 2 * entity.offset].decode("utf-16-le")
        if not before.rpartition("\n")[2].strip():
            found.append(entity)
    return found


def split(message: Message, runs: RunsACommand) -> list[Message]:
    """The commands of ``message``, one message each, from the first line opening with a command
    ``runs`` says the bot runs (what is above it is dropped); ``[message]`` when it is one such
    command alone, or holds none. A line starting with a command the bot does not run (another
    bot's, a typo) stays in the text of the command above it. Beyond :data:`MAX_COMMANDS`
    commands the message is refused whole, so the rest is not read."""
    data, units = message.to_dict(), _units(message.text or "")
    taken: list[int] = []
    for command in _line_commands(message, runs.names):
        # Whether the bot runs it (name, @bot suffix) is in the command alone.
        if runs.filter(_part(message, data, command.offset, command.offset + command.length)):
            taken.append(command.offset)
            if len(taken) > MAX_COMMANDS:
                break
    if not taken or taken == [0]:
        return [message]
    parts, total = [], len(units) // 2
    for start, end in zip(taken, [*taken[1:], total], strict=True):
        piece = units[2 * start : 2 * end].decode("utf-16-le")
        # Trailing white space is one unit a character: it never lies outside the BMP.
        parts.append(_part(message, data, start, end - (len(piece) - len(piece.rstrip()))))
    return parts


class _SeveralCommands(filters.MessageFilter):
    """A message holding a command line the bot runs other than the message itself: several,
    or one below other text."""

    def __init__(self, runs: RunsACommand) -> None:
        super().__init__(name="several_commands")
        self.runs = runs

    def filter(self, message: Message) -> bool:
        """Whether ``message`` is more than one command the bot runs, alone."""
        # Every command message comes here first: one that opens no other line with a command
        # is left at once, without the copies and the handlers' checks that split() makes
        # (they cost a third more instructions per update, bench/e2e_instructions.py); one of
        # a single line, before its entities are even read.
        if "\n" not in (message.text or ""):
            return False
        if all(c.offset == 0 for c in _line_commands(message, self.runs.names)):
            return False
        parts = split(message, self.runs)
        return len(parts) > 1 or parts[0] is not message


def setup(handlers: Handlers) -> MessageHandler[FollowUpContext, None]:
    """The handler that runs each command line of a message through ``handlers``; to be tried
    before them. An edited message of command lines runs none of them again (as an edited
    command does not, ``guards.edited_commands``): it gets the same answer, once."""
    several = _SeveralCommands(RunsACommand(handlers))

    async def run_each_line(update: Update, context: FollowUpContext) -> None:
        """Run each command line of the message as a message of its own, in order."""
        if update.edited_message is not None:
            # Not left to the guard of edited commands: it sees only a command opening the
            # message, so lines below a heading would be passed over in silence.
            await explain_edit(update, context)
            return
        message = update.message
        assert message is not None  # the filter took a new message, or the edited one above
        parts = split(message, several.runs)
        if len(parts) > MAX_COMMANDS:
            language = await context.services.chats.language_of(message.chat_id)
            t = context.services.catalogs.get(language)
            log.info("a message of more than %s commands refused", MAX_COMMANDS)
            await reply(update, t("lines.too_many", limit=MAX_COMMANDS))
            return
        for part in parts:
            data = update.to_dict()
            data["message"] = part.to_dict()
            await _dispatch(Update.de_json(data, update.get_bot()), handlers, context)

    return MessageHandler(filters.UpdateType.MESSAGES & filters.TEXT & several, run_each_line)


async def _dispatch(update: Update, handlers: Handlers, context: FollowUpContext) -> None:
    """Hand ``update`` to the first of ``handlers`` that takes it, with a context of its own,
    as python-telegram-bot does; an error goes to the error handlers, as it does, and the next
    line still runs, as the next message would."""
    application = cast(Any, context.application)  # PTB types it by its own context
    for handler in handlers:
        check = handler.check_update(update)
        if check is None or check is False:
            continue
        own = FollowUpContext.from_update(update, application)
        try:
            await handler.handle_update(update, application, check, own)
        except Exception as exc:  # any error, as Application.process_update catches it
            await application.process_error(update=update, error=exc)
        return
