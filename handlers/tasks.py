"""``/task``, ``/tasks``, ``/done`` and the done button."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.context import FollowUpContext
from bot.domain import Task
from bot.i18n import Translator
from bot.services.task_drafts import TaskQuestion
from bot.text import clean
from handlers import draft_views, views
from handlers.common import (
    acting,
    answers_user_errors,
    command_text,
    edit_pressed,
    own_message,
    text_mentions,
)
from handlers.reminder_views import confirm_keyboard
from handlers.replies import Rendered, announce, answer, translator

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
    if isinstance(result, TaskQuestion):  # a name to settle first: ask, with buttons
        question = result
        # Not a record yet: from a private chat, the group sees the task once it is settled.
        await answer(
            update,
            context,
            question.chat,
            lambda t: (
                draft_views.question_html(t, question),
                draft_views.question_keyboard(t, question),
            ),
            record=False,
        )
        return
    recorded = result
    await answer(
        update,
        context,
        recorded.chat,
        lambda t: (views.task_recorded(t, recorded), _task_keyboard(t, recorded.task)),
    )


def _task_keyboard(t: Translator, task: Task) -> InlineKeyboardMarkup | None:
    """Under a new task: done, or, while its deadline waits to be kept, keep or change it."""
    return views.done_keyboard(t, task) if task.due_confirmed else confirm_keyboard(t, task)


@answers_user_errors
async def complete_task(update: Update, context: FollowUpContext) -> None:
    """Mark a task of this chat as done."""
    message = update.effective_message
    assert message is not None  # CommandHandler only fires on messages
    outcome = await context.services.tasks.complete_each(
        await acting(update, context), command_text(message)
    )

    def render(t: Translator) -> Rendered:
        if len(outcome.closed) == 1 and not outcome.refused:
            return views.task_closed(t, outcome.closed[0]), views.closed_keyboard(t, outcome)
        return views.tasks_closed(t, outcome), views.closed_keyboard(t, outcome)

    # Only tasks already done, or refused: nothing changed, so the group is not told (from a
    # private chat), as with the button.
    changed = any(not closed.already for closed in outcome.closed)
    await answer(update, context, outcome.chat, render, record=changed)


@answers_user_errors
async def press_done(update: Update, context: FollowUpContext) -> None:
    """The done button under a task: close the task of the chat the button is in."""
    query = update.callback_query
    assert query is not None
    assert query.data is not None
    number = query.data.removeprefix(views.DONE_PREFIX)
    result = await context.services.tasks.complete(await acting(update, context), number)
    t, n = translator(context, result.chat), result.task.number
    if result.already:  # nothing changed: the group is not told
        partial = result.partial  # the presser's part of a task for several, done before
        await query.answer(
            views.part_popup(t, result) if partial else t("done.already_short", number=n)
        )
        return
    message = own_message(update, context)
    if result.partial:  # the presser's part: the button stays for the others
        await announce(update, context, result.chat, lambda any_t: views.part_popup(any_t, result))
        text = views.part_done_in_message(t, message.text_html, result) if message else None
        if message is not None and text is not None:  # None: no room left (the pop-up said it)
            await edit_pressed(update, context, text, message.reply_markup)
        return
    await announce(update, context, result.chat, lambda any_t: any_t("button.done_ok", number=n))
    if message is None:
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
