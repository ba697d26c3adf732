"""What every handler shares: reading the update, answering, and turning errors into replies."""

from __future__ import annotations

import functools
import logging
import re
import warnings
from collections.abc import Callable, Coroutine
from contextvars import ContextVar
from dataclasses import replace
from html import escape, unescape
from typing import Any

from telegram import (
    Chat,
    InlineKeyboardMarkup,
    Message,
    MessageEntity,
    ReplyParameters,
    Update,
    User,
)
from telegram.constants import MessageLimit, ParseMode
from telegram.error import BadRequest, ChatMigrated
from telegram.ext import ExtBot
from telegram.warnings import PTBUserWarning

from bot.context import FollowUpContext
from bot.domain import ChatRef, PersonRef
from bot.errors import AdministratorsNeeded, NotAllowed, UserError
from bot.services import RequestContext
from bot.telegram_calls import NotPosted
from bot.text import clean
from handlers.relay import current_relay, for_group, post_in_group

log = logging.getLogger(__name__)
# quote() calls sendMessage through do_api_request on purpose (see there); PTB's nudge towards
# send_message would otherwise be logged on every answer. (pyproject.toml tells pytest too.)
_RAW_SEND = r"Please use 'Bot\.sendMessage' instead of 'Bot\.do_api_request"
warnings.filterwarnings("ignore", message=_RAW_SEND, category=PTBUserWarning)
_TAG = re.compile(r"<[^>]+>")
Handler = Callable[[Update, FollowUpContext], Coroutine[Any, Any, None]]
# The administrators Telegram listed for the update being handled, once a service needed them.
# A context variable (not an argument) because acting() is called inside each handler, which
# answers_user_errors() runs a second time with the list: this hands the list to that run even
# when Telegram could not be reached (an empty list then: nobody is taken for an administrator).
_LISTED: ContextVar[frozenset[int] | None] = ContextVar("listed_administrators", default=None)


class AnswerNotPosted(NotPosted):
    """An answer Telegram did not take (:class:`~bot.telegram_calls.NotPosted`), with the
    arguments of the ``sendMessage`` call that posts it."""

    def __init__(self, call: dict[str, object], failure: NotPosted) -> None:
        super().__init__(failure.message)
        self.call = call


def person_ref(user: User) -> PersonRef:
    """A Telegram user as the domain sees it."""
    return PersonRef(
        telegram_id=user.id,
        first_name=user.first_name,
        last_name=user.last_name,
        username=user.username,
        language_code=user.language_code,
        is_bot=user.is_bot,
    )


def request_context(update: Update) -> RequestContext:
    """Who spoke, in which chat, from which message."""
    chat, user, message = update.effective_chat, update.effective_user, update.effective_message
    if chat is None or user is None:
        raise ValueError("an update without a chat or a sender reached a command handler")
    relay = current_relay()
    if relay is not None:  # the private message has no place in the group: no id, no topic
        group = relay.group
        return RequestContext(
            chat=ChatRef(telegram_id=group.telegram_id, type="group", title=group.title),
            actor=person_ref(user),
            is_admin=relay.is_admin,
        )
    return RequestContext(
        chat=ChatRef(telegram_id=chat.id, type=chat.type, title=chat.title or chat.full_name),
        actor=person_ref(user),
        message_id=message.message_id if message else None,
        thread_id=message.message_thread_id if message and message.is_topic_message else None,
    )


async def acting(update: Update, context: FollowUpContext) -> RequestContext:
    """The request context of an update that may change records: it also says whether the
    sender administers the chat (their own private chat, an anonymous administrator posting as
    the group, or a member Telegram lists as an administrator), or that it is not known yet:
    Telegram is then asked only if the services need it (see :func:`answers_user_errors`)."""
    ctx = request_context(update)
    chat, message = update.effective_chat, update.effective_message
    assert chat is not None  # request_context checked it
    if current_relay() is not None:
        return ctx  # the right in the chosen group was checked as the command came in
    if chat.type == Chat.PRIVATE or (
        message is not None
        and message.sender_chat is not None
        and message.sender_chat.id == chat.id
    ):
        return replace(ctx, is_admin=True)
    listed = _LISTED.get()
    if listed is None:  # not asked for this update: what is remembered, if still fresh
        listed = context.services.admins.known(chat.id)
    return replace(ctx, is_admin=None if listed is None else ctx.actor.telegram_id in listed)


def command_text(message: Message) -> str:
    """The text after ``/command`` (or ``/command@bot``), as typed, with its line breaks."""
    text = message.text or message.caption or ""
    for entity, value in message.parse_entities([MessageEntity.BOT_COMMAND]).items():
        if entity.offset == 0:
            text = text[len(value) :]
            break
    return clean(text).strip()


def text_mentions(message: Message) -> dict[str, PersonRef]:
    """Users mentioned by name (users without a @username), keyed by the text shown, cleaned
    as the command's text is (a name may hold direction marks or zero-width spaces)."""
    return {
        clean(value): person_ref(entity.user)
        for entity, value in message.parse_entities([MessageEntity.TEXT_MENTION]).items()
        if entity.user is not None
    }


async def reply(
    update: Update,
    text: str,
    keyboard: InlineKeyboardMarkup | None = None,
    *,
    record: bool = True,
    in_group: tuple[str, InlineKeyboardMarkup | None] | None = None,
) -> None:
    """Answer in the chat (and the forum topic) the update came from.

    A private command acting on a chosen group names the group in its answer and, when it
    changed a ``record`` there, posts it in the group too, with the same buttons: as
    ``in_group`` writes it (in the group's language, see ``handlers.replies.answer``), else as
    the answer does.

    When the group became a supergroup before the answer went out, the answer goes to the new
    chat, as a plain message (the message it answered stayed behind); the records follow on
    Telegram's service message (``handlers.chats.migrated``).
    """
    message = update.effective_message
    if message is None:
        return
    relay = current_relay()
    if relay is not None:
        if record and relay.copy_header is not None:
            copy, copy_keyboard = in_group or (text, keyboard)
            if not await post_in_group(relay, copy, copy_keyboard):
                text = f"{text}\n\n{relay.copy_failed}"
        text, keyboard = f"{relay.header}\n{text}", for_group(keyboard, relay.group.id)
    try:
        await quote(message, text, keyboard)
    except ChatMigrated as moved:
        log.info(
            "chat %s moved to %s before the answer went out", message.chat_id, moved.new_chat_id
        )
        await message.get_bot().send_message(
            moved.new_chat_id, text, parse_mode="HTML", reply_markup=keyboard
        )


def text_room() -> int:
    """The characters of text Telegram leaves to the answer being written, once :func:`reply`
    has added its lines: a private command acting on a group has the group named atop its
    answer (and a warning below when the group could not be told), the group's copy has its
    sender named atop it. For an answer cut to fit, such as a long note quoted back."""
    relay = current_relay()
    if relay is None:
        return MessageLimit.MAX_TEXT_LENGTH
    added = len(plain(relay.header)) + len("\n")
    if relay.copy_header is not None:
        failed = len("\n\n") + len(plain(relay.copy_failed))
        added = max(added + failed, len(plain(relay.copy_header)) + len("\n"))
    return MessageLimit.MAX_TEXT_LENGTH - added


async def quote(message: Message, text: str, keyboard: InlineKeyboardMarkup | None) -> None:
    """Send ``text`` (HTML) quoting ``message``, in its forum topic, as
    ``message.reply_html(text, reply_markup=keyboard, do_quote=True)`` does, but without reading
    the sent message back.

    python-telegram-bot's ``send_message`` turns Telegram's answer into a ``Message`` (the quoted
    message inside it once more); no answer is ever read back, and ``bench/e2e.py`` measured
    that parse and the typed arguments at about an eighth of an update's CPU. ``do_api_request``
    is PTB's public door for raw calls (it warns that ``send_message`` exists, which is the
    point: the warning is filtered above). The rate limiter, the request layer and the errors
    (``ChatMigrated``, ``Forbidden``...) are the same. The two ``Defaults`` the bot sets for
    messages besides the parse mode (``bot.app.build_application``) are read from the bot; a new
    one must be added here too.

    An answer Telegram did not take, none of whose tries reached it, is raised as
    :class:`AnswerNotPosted`: the error handler has it sent again later.
    """
    bot = message.get_bot()
    defaults = bot.defaults if isinstance(bot, ExtBot) else None
    call: dict[str, object] = {
        "chat_id": message.chat_id,
        "text": text,
        "parse_mode": ParseMode.HTML,
        "reply_parameters": ReplyParameters(
            message.message_id,
            allow_sending_without_reply=defaults.allow_sending_without_reply if defaults else None,
        ),
    }
    if defaults is not None and defaults.link_preview_options is not None:
        call["link_preview_options"] = defaults.link_preview_options
    if keyboard is not None:
        call["reply_markup"] = keyboard
    if message.is_topic_message and message.message_thread_id is not None:
        call["message_thread_id"] = message.message_thread_id
    try:
        await bot.do_api_request("sendMessage", api_kwargs=call)
    except NotPosted as exc:
        raise AnswerNotPosted(call, exc) from exc


def own_message(update: Update, context: FollowUpContext) -> Message | None:
    """The message under a pressed button, when it is the bot's own and still there to edit.

    A modified client can press "a button" under a user's message or one that is gone
    (python-telegram-bot 22 parses the latter as a ``Message`` dated 0); those are not edited.
    """
    query = update.callback_query
    message = query.message if query is not None else None
    if not isinstance(message, Message) or not message.is_accessible:
        return None
    if message.from_user is None or message.from_user.id != context.bot.id:
        return None
    return message


async def edit_pressed(
    update: Update,
    context: FollowUpContext,
    text: str | None,
    keyboard: InlineKeyboardMarkup | None,
) -> None:
    """Show ``text`` and ``keyboard`` (only the keyboard when ``text`` is None) in the bot's
    message under the pressed button. A message that is not the bot's, or is gone, is left
    alone; one that already shows exactly this (a second tap, a change made meanwhile) too."""
    message = own_message(update, context)
    if message is None:
        return
    try:
        if text is None:
            await message.edit_reply_markup(reply_markup=keyboard)
        else:
            await message.edit_text(text, reply_markup=keyboard)
    except BadRequest as exc:
        if "not modified" not in exc.message.lower():
            raise


def plain(html_text: str) -> str:
    """Telegram HTML as the plain text a button's pop-up can show."""
    return unescape(_TAG.sub("", html_text))


async def _with_administrators(handler: Handler, update: Update, context: FollowUpContext) -> None:
    """Run ``handler`` again, now that Telegram was asked who administers the chat. The first
    run wrote nothing (its transaction was rolled back) and sent nothing.

    When Telegram could not say (and no earlier list is remembered), nobody is taken for an
    administrator: secretaries still act, and what only an administrator could do is refused
    saying that Telegram could not be asked, and to try again in a minute (the refusal would
    otherwise tell an administrator that only administrators may)."""
    chat = update.effective_chat
    assert chat is not None  # acting() read it before the service asked
    listed = await context.services.admins.of(context.bot, chat.id)
    token = _LISTED.set(frozenset() if listed is None else listed)
    try:
        await handler(update, context)
    except NotAllowed as exc:
        if listed is not None:
            raise
        unchecked = NotAllowed("rights.unchecked")
        unchecked.language = exc.language
        raise unchecked from exc
    finally:
        _LISTED.reset(token)


def answers_user_errors(handler: Handler) -> Handler:
    """Turn a :class:`UserError` raised by a service into a translated answer: a reply to a
    command, a pop-up for a button (a button with no chat: that it cannot be used). When a
    service needs to know whether the sender administers the chat, ask Telegram and run the
    handler once more."""

    @functools.wraps(handler)
    async def wrapper(update: Update, context: FollowUpContext) -> None:
        query = update.callback_query
        if query is not None and update.effective_chat is None:
            # A button under an inline-mode message: no chat to act in (the bot sends none).
            log.info("button without a chat refused: %r", query.data)
            t = context.services.catalogs.get(None)
            await query.answer(t("button.unknown"), show_alert=True)
            return
        try:
            try:
                await handler(update, context)
            except AdministratorsNeeded:
                await _with_administrators(handler, update, context)
        except UserError as exc:
            relay = current_relay()  # refused from a private chat: said in its language
            language = relay.language if relay else exc.language
            chat = update.effective_chat
            if language is None and chat is not None:
                # Refused before the service read the chat (the command's text was not
                # understood): still in the chat's language, not the operator's default.
                language = await context.services.chats.language_of(chat.id)
            t = context.services.catalogs.get(language)
            log.info("refused %s: %s", exc.key, exc.params)
            params = {k: escape(v) if isinstance(v, str) else v for k, v in exc.params.items()}
            if update.callback_query is not None:
                text = plain(t(exc.key, **params))
                await update.callback_query.answer(text[:200], show_alert=True)
            else:
                await reply(update, t(exc.key, **params), record=False)

    return wrapper
