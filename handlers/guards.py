"""Updates no command may run on: edited command messages, commands in a caption, buttons
no handler knows, and presses without data."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import Message, Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.context import FollowUpContext
from handlers.common import reply

_ANSWERED_EDITS = "edited_commands_answered"
_REMEMBERED_EDITS = 1000  # bounds the memory; an older message edited again is answered again


class RunsACommand(filters.MessageFilter):
    """A message one of the command handlers would run: PTB's own matching (name, alias,
    ``@bot`` suffix), asked of each of them."""

    def __init__(
        self,
        handlers: Sequence[BaseHandler[Update, FollowUpContext, None]],
        *,
        caption: bool = False,
    ) -> None:
        super().__init__(name="runs_a_command")
        self._commands = [h for h in handlers if isinstance(h, CommandHandler)]
        # Every name and alias (lower-case, as PTB keeps them), to pass over others quickly.
        self.names = frozenset(name for h in self._commands for name in h.commands)
        self._caption = caption  # ask of the caption, as if it were the text

    def filter(self, message: Message) -> bool:
        """Whether a command handler would take ``message`` were it new (its caption the text,
        when asked of captions)."""
        if self._caption:
            data = message.to_dict()
            data["text"] = data.pop("caption", None)
            data["entities"] = data.pop("caption_entities", [])
            message = Message.de_json(data, message.get_bot())
        as_new = Update(0, message=message)
        return any(handler.check_update(as_new) for handler in self._commands)


def edited_commands(
    handlers: Sequence[BaseHandler[Update, FollowUpContext, None]],
) -> MessageHandler[FollowUpContext, None]:
    """One handler for a command message of ``handlers`` that was edited.

    python-telegram-bot hands edited messages to command handlers too, so an edited ``/task``
    would record the task a second time. Placed before them, this one takes those updates.
    """
    runs = RunsACommand(handlers)
    return MessageHandler(filters.UpdateType.EDITED_MESSAGE & runs, explain_edit)


def caption_commands(
    handlers: Sequence[BaseHandler[Update, FollowUpContext, None]],
) -> MessageHandler[FollowUpContext, None]:
    """One handler for a photo or file whose caption is a command of ``handlers``.

    python-telegram-bot's command handlers read the text only, so such a command would be
    passed over in silence, and its sender would think it recorded.
    """
    runs = RunsACommand(handlers, caption=True)
    return MessageHandler(filters.UpdateType.MESSAGE & filters.CAPTION & runs, explain_caption)


class _PressWithoutData(BaseHandler[Update, FollowUpContext, None]):
    """A button press whose callback data is empty or missing (a game's has none either).

    Telegram never sends one (a button's data is 1 to 64 bytes), but another Bot API server may;
    and python-telegram-bot hands such a press to every ``CallbackQueryHandler``, whatever its
    pattern (its ``check_update`` matches the pattern only against data that is there). Placed
    before them, this handler answers it as a stale button."""

    def __init__(self) -> None:
        super().__init__(press_unknown)

    def check_update(self, update: object) -> bool:
        """Whether ``update`` is a press with no data."""
        if not isinstance(update, Update) or update.callback_query is None:
            return False
        return not update.callback_query.data


def presses_without_data() -> BaseHandler[Update, FollowUpContext, None]:
    """The handler of presses with no data, to be tried before every button's."""
    return _PressWithoutData()


def unknown_buttons() -> CallbackQueryHandler[FollowUpContext, None]:
    """The last resort for a button press: stale, forged, or from a former version of the bot."""
    return CallbackQueryHandler(press_unknown)


async def explain_edit(update: Update, context: FollowUpContext) -> None:
    """Say, once per message, that editing does not run the command again nor change the record."""
    message = update.edited_message
    if message is None:
        return
    answered: dict[tuple[int, int], None] = context.bot_data.setdefault(_ANSWERED_EDITS, {})
    key = (message.chat_id, message.message_id)
    if key in answered:
        return
    answered[key] = None
    if len(answered) > _REMEMBERED_EDITS:
        del answered[next(iter(answered))]  # dicts keep insertion order: the oldest goes
    language = await context.services.chats.language_of(message.chat_id)
    await reply(update, context.services.catalogs.get(language)("edited.not_rerun"))


async def explain_caption(update: Update, context: FollowUpContext) -> None:
    """Say that a command in a caption is not run, and how to send it."""
    message = update.message
    if message is None:
        return
    language = await context.services.chats.language_of(message.chat_id)
    await reply(update, context.services.catalogs.get(language)("caption.not_run"), record=False)


async def press_unknown(update: Update, context: FollowUpContext) -> None:
    """Answer a button no handler knows, so the user is not left waiting on a spinner."""
    query = update.callback_query
    if query is None:
        return
    chat = update.effective_chat
    language = await context.services.chats.language_of(chat.id) if chat else None
    await query.answer(context.services.catalogs.get(language)("button.unknown"), show_alert=True)
