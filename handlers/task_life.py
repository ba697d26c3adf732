"""``/tasks [filter]``, ``/find``, ``/edit``, ``/assign``, ``/note``, ``/cancel``, ``/reopen``
and ``/history``."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.context import FollowUpContext
from bot.errors import InvalidInput
from handlers import lists
from handlers import task_life_views as views
from handlers.common import (
    acting,
    answers_user_errors,
    command_text,
    edit_pressed,
    own_message,
    text_mentions,
)
from handlers.replies import announce, answer, translator
from handlers.views import REOPEN_PREFIX, without_task

LIST = ("tasks", "ds", "dsviec")
FIND = ("find", "tim")
EDIT = ("edit", "sua")
ASSIGN = ("assign", "giao")
NOTE = ("note", "ghichu")
CANCEL = ("cancel", "huy")
REOPEN = ("reopen", "momai")
HISTORY = ("history", "lichsu")
# "reopen:5", or "reopen:5:12,13": the parts of task 5 a /done said done (assignee rows).
REOPEN_PATTERN = rf"^{REOPEN_PREFIX}[0-9]{{1,9}}(?::[0-9]{{1,12}}(?:,[0-9]{{1,12}})*)?$"
# What a used reopen button meets: the task, or the part, was reopened meanwhile.
REOPENED = ("reopen.already", "reopen.part_already", "reopen.which_part")


def _text(update: Update) -> str:
    message = update.effective_message
    assert message is not None  # CommandHandler only fires on messages
    return command_text(message)


@answers_user_errors
async def list_tasks(update: Update, context: FollowUpContext) -> None:
    """The chat's open tasks, or those of a filter: mine, overdue, all, an organisation."""
    await lists.send_first_page(update, context, "t", _text(update))


@answers_user_errors
async def find(update: Update, context: FollowUpContext) -> None:
    """Tasks and decisions holding every word."""
    await lists.send_first_page(update, context, "f", _text(update))


@answers_user_errors
async def change(update: Update, context: FollowUpContext) -> None:
    """One of the commands that change a task, then the task as it now stands."""
    message = update.effective_message
    assert message is not None
    assert message.text is not None
    service, ctx, text = context.services.task_life, await acting(update, context), _text(update)
    command = message.text.split()[0].lstrip("/").split("@")[0].lower()
    if command in EDIT:
        result = await service.edit(ctx, text)
    elif command in ASSIGN:
        result = await service.assign(ctx, text, text_mentions(message))
    elif command in NOTE:
        result = await service.note(ctx, text)
    elif command in CANCEL:
        result = await service.cancel(ctx, text)
    else:
        result = await service.reopen(ctx, text)
    await answer(
        update,
        context,
        result.chat,
        lambda t: (views.task_changed(t, result), views.changed_keyboard(t, result)),
    )


@answers_user_errors
async def press_reopen(update: Update, context: FollowUpContext) -> None:
    """The reopen button under a /done confirmation: /reopen in one tap (of the parts it said
    done, for a task of several); the message then says who reopened it, and the button goes."""
    query = update.callback_query
    assert query is not None
    assert query.data is not None
    number, _, ids = query.data.removeprefix(REOPEN_PREFIX).partition(":")
    message = own_message(update, context)
    keyboard = (
        without_task(message.reply_markup, int(number), (REOPEN_PREFIX,)) if message else None
    )
    part_ids = [int(i) for i in ids.split(",") if i]
    try:
        result = await context.services.task_life.reopen(
            await acting(update, context), number, part_ids
        )
    except InvalidInput as refused:
        if refused.key in REOPENED:  # reopened meanwhile: the button has had its use
            await edit_pressed(update, context, None, keyboard)
        raise  # answered as a refusal
    t = translator(context, result.chat)
    await announce(update, context, result.chat, lambda any_t: views.reopened_popup(any_t, result))
    if message is not None:
        name = query.from_user.full_name
        text = views.reopened_in_message(t, message.text_html, result, name)
        await edit_pressed(update, context, text, keyboard)


@answers_user_errors
async def history(update: Update, context: FollowUpContext) -> None:
    """Every change of a task, with who and when."""
    await lists.send_first_page(update, context, "h", _text(update))


def setup() -> list[BaseHandler[Update, FollowUpContext, None]]:
    """The handlers of this module."""
    return [
        CommandHandler(LIST, list_tasks),
        CommandHandler(FIND, find),
        *(CommandHandler(names, change) for names in (EDIT, ASSIGN, NOTE, CANCEL, REOPEN)),
        CommandHandler(HISTORY, history),
        CallbackQueryHandler(press_reopen, pattern=REOPEN_PATTERN),
    ]
