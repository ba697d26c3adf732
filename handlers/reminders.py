"""Sending due reminders, and the commands and buttons that act on deadlines.

The sender is a job, not an update handler, but it is the same kind of adapter: ask the service
what is due, render it, call Telegram, tell the service what happened.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import timedelta

from telegram import Bot, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
)

from bot.context import FollowUpContext, Services
from bot.domain import Chat, Standing
from bot.services.reminders import ReminderMessage
from handlers import reminder_views as rv

log = logging.getLogger(__name__)
GONE = (
    "chat not found",
    "bot was kicked",
    "bot is not a member",
    "have no rights to send",
    "not enough rights to send",  # Telegram's current wording
)
# What Telegram answers when a forum topic is closed or deleted (the wording varies by case).
TOPIC_GONE = ("message thread not found", "topic_closed", "topic_deleted", "topic_id_invalid")
BACKOFF = (timedelta(seconds=10), timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30))


async def _send(bot: Bot, services: Services, message: ReminderMessage) -> None:
    if not await services.reminders.renew(message):
        log.warning("reminders %s were taken over by another sender", message.ids)
        return
    for part in message.by_topic():
        await _post(bot, services, part)
    await services.reminders.sent(message.ids)
    await _send_privately(bot, services, message)


def _topic_gone(exc: BadRequest) -> bool:
    return any(reason in exc.message.lower() for reason in TOPIC_GONE)


async def _post(bot: Bot, services: Services, message: ReminderMessage) -> None:
    """Post one topic's part; when Telegram says the topic was closed or deleted, post it in
    the main thread instead, saying so, and move the topic's tasks there for good."""
    t = services.catalogs.get(message.chat.language)
    thread_id, note = message.thread_id, None
    for text, keyboard in rv.reminder_messages(t, message):
        try:
            await _post_one(bot, message, text, keyboard, thread_id, note)
        except BadRequest as exc:
            if thread_id is None or not _topic_gone(exc):
                raise
            log.warning("topic %s of chat %s is gone: %s", thread_id, message.chat.id, exc.message)
            await services.reminders.topic_gone(message.chat, thread_id)
            thread_id, note = None, t("reminder.topic_gone")
            await _post_one(bot, message, text, keyboard, thread_id, note)
            note = None  # said once, under the first message in the main thread


async def _post_one(
    bot: Bot,
    message: ReminderMessage,
    text: str,
    keyboard: InlineKeyboardMarkup | None,
    thread_id: int | None,
    note: str | None,
) -> None:
    # reminder_messages() leaves room for the note (NOTE_ROOM) under a full message.
    await bot.send_message(
        message.chat.telegram_id,
        f"{text}\n\n{note}" if note else text,
        parse_mode=ParseMode.HTML,
        reply_markup=keyboard,
        message_thread_id=thread_id,
    )


async def _send_privately(bot: Bot, services: Services, message: ReminderMessage) -> None:
    """A copy for each assignee who started the bot and is still in the group, in the language
    of their private chat with it, with buttons acting on the group; best effort, the group has
    the reminder."""
    copies = {
        language: rv.private_copies(services.catalogs.get(language), message)
        for language in {message.chat.language, *message.private_languages.values()}
    }
    for person in copies[message.chat.language]:
        if not await _still_in(bot, services, message.chat, person):
            continue
        language = message.private_languages.get(person, message.chat.language)
        text, keyboard = copies[language][person]
        try:
            await bot.send_message(person, text, parse_mode=ParseMode.HTML, reply_markup=keyboard)
        except Forbidden:
            await services.reminders.private_chat_closed(person)
        except TelegramError as exc:
            log.warning("private reminder to %s not sent: %s", person, exc.message)


async def _still_in(bot: Bot, services: Services, chat: Chat, person: int) -> bool:
    """Whether ``person`` is in the group now, as Telegram says when asked (``getChatMember``,
    remembered for a minute): the group's note that they left or were banned may have been
    hidden from the bot, and a copy would carry the group's tasks out of it. One Telegram says
    is out is recorded as gone, so that the next reminders leave them out without asking; one
    it cannot be asked about gets no copy this time, as a private chat does not reach the group
    then either (``bot.admins.Members``)."""
    standing = await services.members.standing(bot, chat.telegram_id, person)
    if standing is Standing.OUT:
        log.info("user %s is no longer in chat %s: no private copy", person, chat.telegram_id)
        await services.chats.member_left(chat.telegram_id, person)
    return standing.is_in


async def deliver(bot: Bot, services: Services, message: ReminderMessage) -> timedelta | None:
    """Send one reminder message and record its fate; nothing is dropped on an error.

    Returns how long Telegram asked the bot to pause (a 429), if it did.
    """
    try:
        try:
            await _send(bot, services, message)
        except ChatMigrated as moved:
            chat = await services.reminders.chat_migrated(message.chat, moved.new_chat_id)
            await _send(bot, services, replace(message, chat=chat))
    except RetryAfter as exc:
        wait = (
            exc.retry_after
            if isinstance(exc.retry_after, timedelta)
            else timedelta(seconds=exc.retry_after)
        )
        await services.reminders.retry_later(message.ids, wait, exc.message)
        return wait
    except Forbidden as exc:
        await services.reminders.chat_gone(message.chat, message.ids, exc.message)
    except BadRequest as exc:
        if any(reason in exc.message.lower() for reason in GONE):
            await services.reminders.chat_gone(message.chat, message.ids, exc.message)
        else:
            log.error("reminder %s refused by Telegram: %s", message.ids, exc.message)
            await services.reminders.retry_later(message.ids, BACKOFF[-1], exc.message)
    except NetworkError as exc:  # timeouts and 5xx: back off and try again
        backoff = BACKOFF[min(message.attempts, len(BACKOFF) - 1)]
        await services.reminders.retry_later(message.ids, backoff, exc.message)
    return None


async def deliver_due(bot: Bot, services: Services) -> int:
    """Send everything due now; return how many reminder rows went out or were retried.

    First the ``/task`` questions unanswered for a day become tasks, with their notices due now.
    """
    await services.drafts.keep_unanswered()
    handled = 0
    while batch := await services.reminders.claim():
        for i, message in enumerate(batch):
            pause = await deliver(bot, services, message)
            handled += len(message.ids)
            if pause is not None:
                # Telegram said to stop: hold back the rest ourselves rather than trust the
                # rate limiter's halt (PTB 22.8's AIORateLimiter can lift it early, issue 5338).
                rest = [row for later in batch[i + 1 :] for row in later.ids]
                if rest:
                    await services.reminders.retry_later(rest, pause, "held back by a 429")
                    handled += len(rest)
                break
        else:
            continue
        break
    next_at = await services.reminders.next_fire_at()
    if next_at is not None:
        services.timer.planned(next_at)
    return handled


async def reminder_job(context: FollowUpContext) -> None:
    """The timer's job: send what is due, then re-arm for the next one."""
    context.services.timer.fired()
    await deliver_due(context.bot, context.services)
