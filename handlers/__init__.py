"""Telegram adapters: each module turns updates into one service call and renders the reply."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler

from bot.context import FollowUpContext
from handlers import (
    chats,
    command_lines,
    deadlines,
    decisions,
    exports,
    forget,
    group_choice,
    guards,
    lists,
    meetings,
    organisations,
    roles,
    settings,
    task_drafts,
    task_life,
    tasks,
    unknown,
)
from handlers.errors import on_error

__all__ = ["all_handlers", "on_error"]


def all_handlers() -> list[BaseHandler[Update, FollowUpContext, None]]:
    """Every handler of the bot, in the order they are tried: a press without data first (it
    is answered as a stale button), a message of several command lines next (each line runs
    through the others), then edited commands and commands in a caption (they are not run, the
    sender is told why), buttons no handler knows (they are answered anyway), and last a text
    surely meant for the bot that nothing ran (a mistyped command: the nearest one is named);
    from a private chat, the group commands act on the group chosen with ``/group``."""
    main: list[BaseHandler[Update, FollowUpContext, None]] = [
        *chats.setup(),
        *meetings.setup(),
        *decisions.setup(),
        *tasks.setup(),
        *task_drafts.setup(),
        *task_life.setup(),
        *organisations.setup(),
        *deadlines.setup(),
        *settings.setup(),
        *roles.setup(),
        *exports.setup(),
        *forget.setup(),
        *lists.setup(),
    ]
    guarded = [guards.edited_commands(main), guards.caption_commands(main), *main]
    handlers = group_choice.setup([*guarded, guards.unknown_buttons()])
    last = unknown.unknown_messages(handlers)  # a text meant for the bot that nothing took
    return [guards.presses_without_data(), command_lines.setup(handlers), *handlers, last]
