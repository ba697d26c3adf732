"""The buttons under a question of ``/task``: which organisation a name means."""

from __future__ import annotations

import re

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.context import FollowUpContext
from bot.services.task_drafts import DraftDropped, TaskQuestion
from handlers import draft_views, views
from handlers.common import acting, answers_user_errors, plain
from handlers.relay import current_relay, post_in_group
from handlers.reminder_views import confirm_keyboard
from handlers.replies import translator


@answers_user_errors
async def press_pick(update: Update, context: FollowUpContext) -> None:
    """Settle one name of a waiting task; the question becomes the next one, or the task."""
    query = update.callback_query
    assert query is not None
    assert query.data is not None
    match = re.match(draft_views.PICK_PATTERN, query.data)
    assert match is not None  # the handler's pattern
    draft_id, index, choice = match.groups()
    result = await context.services.drafts.choose(
        await acting(update, context), int(draft_id), int(index), choice
    )
    t = translator(context, result.chat)
    relay = current_relay()  # the question was asked in a private chat about a group
    # The message changes first, then the pop-up: whoever waits for the answer sees the result.
    if isinstance(result, TaskQuestion):
        await query.edit_message_text(
            draft_views.question_html(t, result),
            reply_markup=draft_views.question_keyboard(t, result),
        )
        await query.answer()
    elif isinstance(result, DraftDropped):
        text = draft_views.dropped_html(t, result)
        await query.edit_message_text(text)
        # A question asked in a private chat about a group was never posted there: a pop-up
        # there (which a private button's pop-up becomes) would tell the group nothing.
        await query.answer(plain(text)[:200] if relay is None else None)
    else:
        task = result.task
        keyboard = views.done_keyboard(t, task) if task.due_confirmed else confirm_keyboard(t, task)
        await query.edit_message_text(views.task_recorded(t, result), reply_markup=keyboard)
        if relay is not None and relay.copy_header is not None:
            # The group sees the whole task, in its own language.
            in_group = context.services.catalogs.get(result.chat.language)
            group_keyboard = (
                views.done_keyboard(in_group, task)
                if task.due_confirmed
                else confirm_keyboard(in_group, task)
            )
            await post_in_group(relay, views.task_recorded(in_group, result), group_keyboard)
            await query.answer()
        else:
            await query.answer(t("draft.recorded", number=task.number))


def setup() -> list[BaseHandler[Update, FollowUpContext, None]]:
    """The handlers of this module."""
    return [CallbackQueryHandler(press_pick, pattern=draft_views.PICK_PATTERN)]
