"""The long lists (``/tasks``, ``/find``, ``/decisions``, ``/orgs``, ``/history``), a page at a
time: the commands send the first page, the ◀ ▶ buttons edit the message to show another.

A page button is answered only in the chat its list was sent in, and a ``/tasks mine`` list only
pages for the person who asked for it; anything else gets a translated pop-up, never a list.
"""

from __future__ import annotations

import logging

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.context import FollowUpContext
from bot.domain import Chat as ChatRecord
from bot.services import RequestContext
from bot.services.task_life import wants_mine
from handlers import paging, task_life_views, views
from handlers.common import answers_user_errors, reply, request_context
from handlers.group_choice import member_lookup
from handlers.paging import PageRef
from handlers.relay import current_relay
from handlers.replies import translator

log = logging.getLogger(__name__)
Rendered = tuple[ChatRecord, str, InlineKeyboardMarkup | None]
MINE = "~"  # the argument of a ``/tasks mine`` list: "~<user id>"


async def render(
    context: FollowUpContext, ctx: RequestContext, kind: str, text: str, page: int = 1
) -> Rendered:
    """Page ``page`` of list ``kind`` for ``text`` (a filter, search words or a task number)."""
    services, tag = context.services, paging.chat_tag(ctx.chat.telegram_id)
    if kind == "t" and ctx.chat.type == "private" and wants_mine(text):
        # One's own tasks, from a private chat without a chosen group: those of every group.
        mine = await services.task_life.mine_everywhere(ctx, member_lookup(context))
        ref = paging.ref_for(kind, tag, page, f"{MINE}{ctx.actor.telegram_id}")
        t = translator(context, mine.chat)
        return mine.chat, *task_life_views.my_tasks(t, mine, ref)
    if kind == "t":
        tasks = await services.task_life.list(ctx, text)
        which = tasks.which
        argument = "" if which == "open" else which
        if which == "mine":
            argument = f"{MINE}{ctx.actor.telegram_id}"
        ref = paging.ref_for(kind, tag, page, argument)
        t = translator(context, tasks.chat)
        return tasks.chat, *task_life_views.task_list(t, tasks, ref)
    if kind == "f":
        found = await services.task_life.find(ctx, text)
        t = translator(context, found.chat)
        ref = paging.ref_for(kind, tag, page, found.words)
        return found.chat, *task_life_views.found(t, found, ref)
    if kind == "h":
        entries = await services.task_life.history(ctx, text)
        t = translator(context, entries.chat)
        ref = PageRef(kind, tag, page, str(entries.task.number))
        return entries.chat, *task_life_views.history(t, entries, ref)
    if kind == "d":
        decisions = await services.decisions.latest(ctx, text)
        t = translator(context, decisions.chat)
        of = str(decisions.meeting.number) if decisions.meeting is not None else ""
        return decisions.chat, *views.decision_list(t, decisions, PageRef(kind, tag, page, of))
    chat, orgs = await services.organisations.list_all(ctx)
    t = translator(context, chat)
    return chat, *views.organisation_list(t, orgs, PageRef(kind, tag, page))


async def send_first_page(update: Update, context: FollowUpContext, kind: str, text: str) -> None:
    """Answer a list command with the list's first page."""
    _, body, keyboard = await render(context, request_context(update), kind, text)
    await reply(update, body, keyboard)


def _refusal(update: Update, ref: PageRef | None) -> str | None:
    """Why the button may not turn the page, as a catalog key; None when it may."""
    message = update.callback_query.message if update.callback_query else None
    if ref is None or not isinstance(message, Message):
        return "page.stale"  # forged data, or a message too old for Telegram to send
    relay = current_relay()  # a private chat's list of the group it acts on
    where = relay.group.telegram_id if relay is not None else message.chat.id
    if ref.tag != paging.chat_tag(where):
        return "page.other_chat"
    user = update.effective_user
    if ref.argument.startswith(MINE) and (user is None or ref.argument != f"{MINE}{user.id}"):
        return "page.not_yours"
    return None


@answers_user_errors
async def press_page(update: Update, context: FollowUpContext) -> None:
    """A ◀ page ▶ button: draw that page of the list in the same message."""
    query = update.callback_query
    assert query is not None
    assert query.data is not None
    ref = paging.parse(query.data)
    refusal = _refusal(update, ref)
    if refusal is not None or ref is None:
        await _refuse(update, context, refusal or "page.stale")
        return
    text = "mine" if ref.argument.startswith(MINE) else ref.argument
    chat, body, keyboard = await render(context, request_context(update), ref.kind, text, ref.page)
    t = translator(context, chat)
    try:
        await query.edit_message_text(body, reply_markup=keyboard)
    except BadRequest as exc:
        if "not modified" not in exc.message.lower():
            raise
        await query.answer(t("page.same"))  # the page number pressed, the list unchanged
        return
    # A page the list no longer has (it shrank since): its last page is shown instead.
    await query.answer(t("page.moved") if not _shows(keyboard, ref) else None)


def _shows(keyboard: InlineKeyboardMarkup | None, ref: PageRef) -> bool:
    """Whether the page drawn is the one asked for (its page button is in the keyboard)."""
    if ref.page == 1:
        return True
    rows = keyboard.inline_keyboard if keyboard else ()
    return any(button.callback_data == ref.data for row in rows for button in row)


async def _refuse(update: Update, context: FollowUpContext, key: str) -> None:
    chat, query = update.effective_chat, update.callback_query
    assert query is not None
    language = await context.services.chats.language_of(chat.id) if chat else None
    log.info("page button refused (%s): %r", key, query.data)
    await query.answer(context.services.catalogs.get(language)(key), show_alert=True)


def setup() -> list[BaseHandler[Update, FollowUpContext, None]]:
    """The page buttons."""
    return [CallbackQueryHandler(press_page, pattern=rf"^{paging.PREFIX}")]
