"""The harness of the property-based tests: one running bot per test module (the real PTB
Application over HTTP against the sandbox, on SQLite), driven from synchronous hypothesis tests
through an event loop of its own (``run``), so that starting the bot is paid once per module,
not once per example; and how its senders speak.

Settings: few examples by default (the suite shares two cores with others), derandomized so CI
sees the same examples every run, no example database. ``FOLLOWUP_PROPERTY_SCALE=10`` runs ten
times as many examples, at random, for a deeper search by hand.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
from collections.abc import Coroutine
from dataclasses import dataclass, field
from typing import Any, TypeVar

from hypothesis import HealthCheck, settings
from sqlalchemy import or_, select
from telegram.ext import CallbackQueryHandler, CommandHandler

import handlers
from bot.context import FollowUpApplication
from bot.sandbox import Sandbox
from storage import Database
from storage.models import Base

JSON = dict[str, Any]
T = TypeVar("T")
_SCALE = int(os.environ.get("FOLLOWUP_PROPERTY_SCALE", "1"))
# What the application registers (build_application adds exactly these), read once so that the
# strategies can be built before any bot runs; a new command or button is covered by itself.
_HANDLERS = handlers.all_handlers()
COMMANDS = sorted({n for h in _HANDLERS if isinstance(h, CommandHandler) for n in h.commands})
PATTERNS = [
    h.pattern
    for h in _HANDLERS
    if isinstance(h, CallbackQueryHandler) and isinstance(h.pattern, re.Pattern)
]
LAN_ID = 1_000_000_002  # the second user the world creates; the one text mentions name
# Bookkeeping any sender causes by speaking at all: who they are, when they were last seen,
# which update ids were handled. Everything else is a record someone has to have the right to
# change.
_BOOKKEEPING_TABLES = {"persons", "processed_updates"}
_BOOKKEEPING_COLUMNS = {"updated_at", "last_seen_at"}


def examples(count: int) -> settings:
    """Hypothesis settings for ``count`` examples (times ``FOLLOWUP_PROPERTY_SCALE``)."""
    return settings(
        max_examples=count * _SCALE,
        deadline=None,  # a round trip through HTTP and the database; speed is bench/'s business
        derandomize=_SCALE == 1,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        print_blob=True,
    )


class ErrorLog(logging.Handler):
    """Collects what reaches the bot's global error handler."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.getMessage()}: {record.exc_info and record.exc_info[1]!r}")


@dataclass
class PropertyBot:
    """The running bot, the sandbox world it lives in, and the loop that drives both."""

    runner: asyncio.Runner
    sandbox: Sandbox
    database: Database
    application: FollowUpApplication
    errors: ErrorLog
    users: dict[str, JSON] = field(default_factory=dict)
    chats: dict[str, JSON] = field(default_factory=dict)

    def run(self, work: Coroutine[Any, Any, T]) -> T:
        """Run ``work`` on the bot's loop (the bot polls and answers meanwhile)."""
        return self.runner.run(work)

    async def settle(self) -> None:
        """Wait until the bot has taken every update sent and finished handling it."""
        await self.sandbox.wait_until_taken(timeout=10)
        async with asyncio.timeout(20):
            await self.application.update_queue.join()

    @property
    def commands(self) -> list[str]:
        """Every command name and alias the application answers, as registered."""
        names = {
            name
            for handler in self.application.handlers[0]
            if isinstance(handler, CommandHandler)
            for name in handler.commands
        }
        return sorted(names)

    @property
    def button_patterns(self) -> list[re.Pattern[str]]:
        """The callback data patterns of the application's button handlers."""
        return [
            handler.pattern
            for handler in self.application.handlers[0]
            if isinstance(handler, CallbackQueryHandler) and isinstance(handler.pattern, re.Pattern)
        ]

    def refusals(self, since: int = 0) -> list[tuple[str, str]]:
        """Calls Telegram refused after the first ``since``, except "message is not modified":
        the bot expects that answer to an edit that changes nothing (a second tap) and ignores
        it."""
        return [e for e in self.sandbox.api_errors[since:] if "is not modified" not in e[1]]

    async def records(self, actor: int | None = None) -> dict[str, list[tuple[Any, ...]]]:
        """Every record a sender needs a right to change, table by table, sorted.

        The attendance of ``actor`` (a Telegram user id) is left out: anyone who sees a
        meeting's "present" button may say they are there themselves.
        """
        snapshot: dict[str, list[tuple[Any, ...]]] = {}
        persons = Base.metadata.tables["persons"]
        theirs = select(persons.c.id).where(persons.c.telegram_id == actor)
        async with self.database.engine.connect() as connection:
            for table in Base.metadata.sorted_tables:
                if table.name in _BOOKKEEPING_TABLES:
                    continue
                columns = [c for c in table.columns if c.name not in _BOOKKEEPING_COLUMNS]
                query = select(*columns)
                if table.name == "chat_members":  # a member row appears when one speaks first
                    query = query.where(table.c.role != "member")
                if table.name == "meeting_attendees":
                    query = query.where(
                        or_(table.c.person_id.is_(None), table.c.person_id.not_in(theirs))
                    )
                rows = (await connection.execute(query)).all()
                snapshot[table.name] = sorted((tuple(r) for r in rows), key=repr)
        return snapshot


SENDERS = ("secretary", "lan", "guest", "anonymous", "channel", "forward", "private")
WITHOUT_RIGHTS = ("guest", "channel", "forward", "stranger")
SEED = (
    ("secretary", "a", "/tochuc them Hội A | HA"),
    ("secretary", "a", "/viec @lan, HA: in tài liệu thứ 6"),
    ("secretary", "a", "/viec @lan: nộp hồ sơ 15/6/2022"),  # a past deadline: keep or change
    ("secretary", "a", "/qd Mua máy chiếu"),
    ("secretary", "a", "/hop Họp tháng 7"),
    ("secretary", "a", "/caidat"),
    ("minh", "b", "/viec @nguoila: gửi báo cáo"),
)


async def send(
    bot: PropertyBot,
    sender: str,
    text: str,
    *,
    chat: str = "a",
    entities: list[JSON] | None = None,
    reply: bool = False,
) -> JSON:
    """``sender`` (a user's key, ``anonymous`` admin, ``channel`` posting in the group, its
    ``forward`` into it, or the secretary in their ``private`` chat with the bot) writes
    ``text`` in ``chat``; return the message as delivered."""
    if sender == "private":
        sender, chat = "secretary", "private"
    sandbox, chat_id = bot.sandbox, int(bot.chats[chat]["id"])
    messages = sandbox.transcript(chat_id)
    reply_to = messages[-1]["message_id"] if reply and messages else None
    if sender == "anonymous":
        return await sandbox.anonymous_admin_says(
            chat_id, text, entities=entities, reply_to_message_id=reply_to
        )
    if sender in {"channel", "forward"}:
        channel = int(bot.chats["channel"]["id"])
        return await sandbox.channel_says(
            chat_id, channel, text, entities=entities, automatic_forward=sender == "forward"
        )
    user = int(bot.users[sender]["id"])
    return await sandbox.send_message(
        chat_id, user, text, entities=entities, reply_to_message_id=reply_to
    )


def answers_to(bot: PropertyBot, message: JSON) -> list[JSON]:
    """The bot's messages posted in the chat after ``message``."""
    bot_id = bot.sandbox.bot["id"]
    return [
        m
        for m in bot.sandbox.transcript(int(message["chat"]["id"]))
        if m["message_id"] > message["message_id"] and m["from"]["id"] == bot_id
    ]


def runs_a_command(bot: PropertyBot, message: JSON) -> bool:
    """Whether Telegram marked a command of this bot at the start of the message."""
    first = next(iter(message.get("entities", [])), None)
    if first is None or first["type"] != "bot_command" or first["offset"] != 0:
        return False
    text: str = message["text"].encode("utf-16-le")[: first["length"] * 2].decode("utf-16-le")
    name, _, addressee = text[1:].partition("@")
    ours = not addressee or addressee.lower() == bot.sandbox.bot["username"].lower()
    return ours and name.lower() in bot.commands
