"""``/meeting``, ``/present``, ``/endmeeting``, ``/minutes`` and the present button."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.context import FollowUpContext
from bot.i18n import Translator
from bot.text import first_word
from handlers import meeting_views
from handlers.common import acting, answers_user_errors, command_text, plain, request_context
from handlers.replies import Rendered, announce, answer

OPEN = ("meeting", "hop", "cuochop")
PRESENT = ("present", "comat")
END = ("endmeeting", "ketthuc", "ketthuchop")
MINUTES = ("minutes", "bienban")
REMOVE_WORDS = ("remove", "delete", "xoa", "xoá", "xóa")  # as /org remove takes them


@answers_user_errors
async def open_meeting(update: Update, context: FollowUpContext) -> None:
    """Open a meeting, list what is still open from earlier ones, and ask who is present."""
    message = update.effective_message
    assert message is not None  # CommandHandler only fires on messages
    result = await context.services.meetings.open(
        await acting(update, context), command_text(message)
    )
    await answer(
        update,
        context,
        result.chat,
        lambda t: (
            meeting_views.meeting_opened(t, result),
            meeting_views.opened_keyboard(t, result),
        ),
    )


@answers_user_errors
async def name_present(update: Update, context: FollowUpContext) -> None:
    """The secretary names the organisations present, or (``/present remove``) who was
    recorded by mistake; the answer lists everyone present now."""
    message = update.effective_message
    assert message is not None  # CommandHandler only fires on messages
    text = command_text(message)
    verb, names = first_word(text)
    ctx, meetings = await acting(update, context), context.services.meetings
    if verb.lower() in REMOVE_WORDS:
        result = await meetings.take_off(ctx, names)
    else:
        result = await meetings.present(ctx, text)
    await answer(
        update, context, result.chat, lambda t: (meeting_views.attendance_changed(t, result), None)
    )


@answers_user_errors
async def press_present(update: Update, context: FollowUpContext) -> None:
    """The present button: the presser (and the organisations they answer for) are present."""
    query = update.callback_query
    assert query is not None
    assert query.data is not None
    number = query.data.removeprefix(meeting_views.PRESENT_PREFIX)
    result = await context.services.meetings.attend(request_context(update), number)
    await announce(
        update, context, result.chat, lambda t: plain(meeting_views.attendance(t, result))[:200]
    )


@answers_user_errors
async def end_meeting(update: Update, context: FollowUpContext) -> None:
    """Close the open meeting and post its minutes, saying which tasks still wait for an
    answer."""
    ended = await context.services.meetings.end(await acting(update, context))
    minutes = ended.minutes

    def render(t: Translator) -> Rendered:
        text = meeting_views.minutes_text(t, minutes)
        if ended.waiting:
            number = minutes.meeting.number
            text += "\n\n" + t.plural("minutes.waiting", ended.waiting, number=number)
        return text, meeting_views.minutes_keyboard(t, minutes)

    await answer(update, context, minutes.chat, render)


@answers_user_errors
async def show_minutes(update: Update, context: FollowUpContext) -> None:
    """Post the minutes of a meeting again (the latest one by default)."""
    message = update.effective_message
    assert message is not None  # CommandHandler only fires on messages
    minutes = await context.services.meetings.minutes(
        request_context(update), command_text(message)
    )
    await answer(
        update,
        context,
        minutes.chat,
        lambda t: (
            meeting_views.minutes_text(t, minutes),
            meeting_views.minutes_keyboard(t, minutes),
        ),
    )


def setup() -> list[BaseHandler[Update, FollowUpContext, None]]:
    """The handlers of this module."""
    return [
        CommandHandler(OPEN, open_meeting),
        CommandHandler(PRESENT, name_present),
        CommandHandler(END, end_meeting),
        CommandHandler(MINUTES, show_minutes),
        CallbackQueryHandler(
            press_present, pattern=rf"^{meeting_views.PRESENT_PREFIX}[0-9]{{1,9}}$"
        ),
    ]
