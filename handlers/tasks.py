"""``/task``, ``/tasks``, ``/done`` and the done button."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.context import FollowUpContext
from bot.services.task_drafts import TaskQuestion
from bot.text import clean
from handlers import draft_views, views
from handlers.common import (
    acting,
    answers_user_errors,
    command_text,
    edit_pressed,
    own_message,
    reply,
    text_mentions,
)
from handlers.reminder_views import confirm_keyboard

RECORD = ("task", "viec", "nv")
DONE = ("done", "xong")


@answers_user_errors
async def record_task(update: Update, context: FollowUpContext) -> None:
    """Record a task with its assignees and deadline, and echo what was understood."""
    message = update.effective_message
    assert message is not None  # CommandHandler only fires on messages
    text, mentions = command_text(message), text_mentions(message)
    replied, original = message.reply_to_message, None
    if replied is not None and not replied.forum_topic_created:
        original = clean(replied.text or replied.caption or "") or None
        mentions |= text_mentions(replied)
    result = await context.services.tasks.record(
        await acting(update, context), text, mentions, replied=original
    )
    t = context.services.catalogs.get(result.chat.language)
    if isinstance(result, TaskQuestion):  # a name to settle first: ask, with buttons
        question = draft_views.question_html(t, result)
        # Not a record yet: from a private chat, the group sees the task once it is settled.
        await reply(update, question, draft_views.question_keyboard(t, result), record=False)
        return
    task = result.task
    keyboard = views.done_keyboard(t, task) if task.due_confirmed else confirm_keyboard(t, task)
    await reply(update, views.task_recorded(t, result), keyboard)


@answers_user_errors
async def complete_task(update: Update, context: FollowUpContext) -> None:
    """Mark a task of this chat as done."""
    message = update.effective_message
    assert message is not None  # CommandHandler only fires on messages
    outcome = await context.services.tasks.complete_each(
        await acting(update, context), command_text(message)
    )
    t = context.services.catalogs.get(outcome.chat.language)
    keyboard = views.closed_keyboard(t, outcome)
    if len(outcome.closed) == 1 and not outcome.refused:
        await reply(update, views.task_closed(t, outcome.closed[0]), keyboard)
        return
    await reply(update, views.tasks_closed(t, outcome), keyboard)


@answers_user_errors
async def press_done(update: Update, context: FollowUpContext) -> None:
    """The done button under a task: close the task of the chat the button is in."""
    query = update.callback_query
    assert query is not None
    assert query.data is not None
    number = query.data.removeprefix(views.DONE_PREFIX)
    result = await context.services.tasks.complete(await acting(update, context), number)
    t = context.services.catalogs.get(result.chat.language)
    key = "done.already_short" if result.already else "button.done_ok"
    await query.answer(t(key, number=result.task.number))
    message = own_message(update, context)
    if result.already or message is None:
        return
    # The message itself shows who closed the task; the other tasks keep their buttons.
    await edit_pressed(
        update,
        context,
        views.closed_in_message(t, message.text_html, result),
        views.without_task(message.reply_markup, result.task.number),
    )


def setup() -> list[BaseHandler[Update, FollowUpContext, None]]:
    """The handlers of this module."""
    return [
        CommandHandler(RECORD, record_task),
        CommandHandler(DONE, complete_task),
        CallbackQueryHandler(press_done, pattern=rf"^{views.DONE_PREFIX}[0-9]{{1,9}}$"),
    ]
