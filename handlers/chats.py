"""``/start``, ``/help`` and ``/lang``; a group upgraded to a supergroup; members who left."""

from __future__ import annotations

from telegram import Chat, Update
from telegram.ext import BaseHandler, CommandHandler, MessageHandler, filters

from bot.context import FollowUpContext
from handlers import command_lines
from handlers.common import acting, answers_user_errors, command_text, reply, request_context

START = ("start", "batdau")
HELP = ("help", "trogiup", "hd")
LANG = ("lang", "ngonngu")


@answers_user_errors
async def start(update: Update, context: FollowUpContext) -> None:
    """Greet and say what the bot does."""
    chat = await context.services.chats.get(request_context(update))
    await reply(update, context.services.catalogs.get(chat.language)("start"))


@answers_user_errors
async def show_help(update: Update, context: FollowUpContext) -> None:
    """List the commands with their short aliases."""
    chat = await context.services.chats.get(request_context(update))
    t = context.services.catalogs.get(chat.language)
    where = update.effective_chat
    private = where is not None and where.type == Chat.PRIVATE
    # /lang and /remind are never relayed: from a private chat they change that chat's own.
    where_said = "private" if private else "group"
    lang, remind = t(f"help.lang.{where_said}"), t(f"help.remind.{where_said}")
    await reply(update, t("help", limit=command_lines.MAX_COMMANDS, lang=lang, remind=remind))


@answers_user_errors
async def set_language(update: Update, context: FollowUpContext) -> None:
    """Switch the language the bot speaks in this chat."""
    message = update.effective_message
    assert message is not None  # CommandHandler only fires on messages
    chat = await context.services.chats.set_language(
        await acting(update, context), command_text(message)
    )
    await reply(update, context.services.catalogs.get(chat.language)("lang.set"))


async def migrated(update: Update, context: FollowUpContext) -> None:
    """A group became a supergroup with a new chat id: its records follow it.

    Telegram says so twice, in the old group (``migrate_to_chat_id``) and in the new one
    (``migrate_from_chat_id``); whichever comes first moves the records, the other finds them
    moved. Nothing is said in the chat.
    """
    message = update.effective_message
    if message is None:
        return
    if message.migrate_to_chat_id is not None:
        old, new = message.chat_id, message.migrate_to_chat_id
    elif message.migrate_from_chat_id is not None:
        old, new = message.migrate_from_chat_id, message.chat_id
    else:
        return
    await context.services.chats.migrated(old, new)


async def members_changed(update: Update, context: FollowUpContext) -> None:
    """Telegram says members joined the group, or one left or was removed (its service message,
    which a group may hide: a private chat asks Telegram anyway, see ``bot.admins.Members``).

    What was remembered of where they stand is forgotten, so that a private command asks
    Telegram again at once rather than a minute later; one who left is no longer one of the
    group's members for the bot either (their tasks stay theirs, but the private copies of its
    reminders stop), until they join again. Nothing is said in the chat.
    """
    message = update.effective_message
    if message is None:
        return
    members = context.services.members
    joined = [user.id for user in message.new_chat_members]
    for user_id in joined:
        members.forget(message.chat_id, user_id)
    if joined:
        await context.services.chats.members_joined(message.chat_id, joined)
    left = message.left_chat_member
    if left is None or left.id == context.bot.id:  # the bot itself: my_chat_member says so
        return
    members.forget(message.chat_id, left.id)
    await context.services.chats.member_left(message.chat_id, left.id)


def setup() -> list[BaseHandler[Update, FollowUpContext, None]]:
    """The handlers of this module."""
    return [
        MessageHandler(filters.StatusUpdate.MIGRATE, migrated),
        MessageHandler(
            filters.StatusUpdate.NEW_CHAT_MEMBERS | filters.StatusUpdate.LEFT_CHAT_MEMBER,
            members_changed,
        ),
        CommandHandler(START, start),
        CommandHandler(HELP, show_help),
        CommandHandler(LANG, set_language),
    ]
