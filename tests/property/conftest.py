"""One running bot per test module for property-based tests: the real PTB Application over HTTP
against the sandbox, on SQLite, driven from synchronous hypothesis tests through an event loop
of its own (``run``), so that starting the bot is paid once per module, not once per example.

Settings: few examples by default (the suite shares two cores with others), derandomized so CI
sees the same examples every run, no example database. ``FOLLOWUP_PROPERTY_SCALE=10`` runs ten
times as many examples, at random, for a deeper search by hand.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
from collections.abc import Coroutine, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy import select
from telegram.ext import CallbackQueryHandler, CommandHandler

import handlers
from bot.app import build_application, build_services, running
from bot.clock import FakeClock
from bot.context import FollowUpApplication
from bot.sandbox import Sandbox
from bot.settings import Settings
from storage import Database
from storage.models import Base
from tests.conftest import MEETING

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


class _Errors(logging.Handler):
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
    errors: _Errors
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

    async def records(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every record a sender needs a right to change, table by table, sorted."""
        snapshot: dict[str, list[tuple[Any, ...]]] = {}
        async with self.database.engine.connect() as connection:
            for table in Base.metadata.sorted_tables:
                if table.name in _BOOKKEEPING_TABLES:
                    continue
                columns = [c for c in table.columns if c.name not in _BOOKKEEPING_COLUMNS]
                query = select(*columns)
                if table.name == "chat_members":  # a member row appears when one speaks first
                    query = query.where(table.c.role != "member")
                rows = (await connection.execute(query)).all()
                snapshot[table.name] = sorted((tuple(r) for r in rows), key=repr)
        return snapshot


@pytest.fixture(scope="module")
def property_bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PropertyBot]:
    """A running bot with a world: group A (the secretary is its admin; Lan, a guest and Minh
    are members), group B (a stranger's), a channel, and the secretary's private chat."""
    path: Path = tmp_path_factory.mktemp("property") / "bot.sqlite3"
    url = f"sqlite+aiosqlite:///{path}"
    clock = FakeClock(MEETING)
    runner = asyncio.Runner()
    sandbox = Sandbox(clock=clock)
    database = Database(url)
    errors = _Errors()
    logging.getLogger("handlers.errors").addHandler(errors)
    context: Any = None
    try:
        root = runner.run(sandbox.start())
        settings_ = Settings(
            _env_file=None,
            telegram_api_base_url=root,
            database_url=url,  # type: ignore[call-arg]
        )
        application = build_application(
            settings_, build_services(settings_, database, clock), token=sandbox.bot_token
        )
        bot = PropertyBot(runner, sandbox, database, application, errors)
        _build_world(bot)
        context = running(application)
        runner.run(context.__aenter__())
        yield bot
    finally:
        if context is not None:
            runner.run(context.__aexit__(None, None, None))
        runner.run(sandbox.stop())
        runner.run(database.dispose())
        runner.close()
        logging.getLogger("handlers.errors").removeHandler(errors)


def _build_world(bot: PropertyBot) -> None:
    sandbox = bot.sandbox
    users = bot.users
    users["secretary"] = sandbox.add_user("Thư ký", username="thuky", language_code="vi")
    users["lan"] = sandbox.add_user("Lan", last_name="Nguyễn", username="lan", language_code="vi")
    assert users["lan"]["id"] == LAN_ID
    users["minh"] = sandbox.add_user("Minh", language_code="en")
    # A member who is given nothing and named nowhere: the sender without rights.
    users["guest"] = sandbox.add_user("Khách", language_code="en")
    users["stranger"] = sandbox.add_user("Người lạ", username="nguoila")
    members = [users["lan"], users["minh"], users["guest"]]
    bot.chats["a"] = sandbox.add_group("Khối thi đua số 1", members, [users["secretary"]])
    bot.chats["b"] = sandbox.add_group("Khối 2", [users["stranger"]], [users["minh"]])
    bot.chats["channel"] = sandbox.add_channel("Kênh Khối 1", username="khoi1")
    bot.chats["private"] = sandbox.add_private_chat(users["secretary"])


SENDERS = ("secretary", "lan", "guest", "anonymous", "channel", "forward", "private")
WITHOUT_RIGHTS = ("guest", "channel", "forward", "stranger")
SEED = (
    ("secretary", "a", "/tochuc them Hội A | HA"),
    ("secretary", "a", "/viec @lan, HA: in tài liệu thứ 6"),
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


@pytest.fixture(scope="module")
def seeded_bot(property_bot: PropertyBot) -> PropertyBot:
    """The bot after the secretary set group A up (an organisation, a task, a decision, a
    meeting, the settings with their buttons) and Minh gave the stranger a task in group B."""

    async def seed() -> None:
        for sender, chat, text in SEED:
            await send(property_bot, sender, text, chat=chat)
            await property_bot.settle()

    property_bot.run(seed())
    assert property_bot.errors.messages == []
    assert property_bot.sandbox.api_errors == []
    return property_bot
