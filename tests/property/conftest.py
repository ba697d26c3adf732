"""Fixtures of the property-based tests: one running bot per test module (see ``harness``)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.app import build_application, build_services, running
from bot.clock import FakeClock
from bot.sandbox import Sandbox
from bot.settings import Settings
from storage import Database
from tests.conftest import MEETING
from tests.property.harness import LAN_ID, SEED, ErrorLog, PropertyBot, send


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
    errors = ErrorLog()
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


@pytest.fixture(scope="module")
def seeded_bot(property_bot: PropertyBot) -> PropertyBot:
    """The bot after the secretary set group A up (an organisation, tasks with done, keep and
    change buttons, a decision, a meeting, the settings with their buttons) and Minh gave the
    stranger a task in group B."""

    async def seed() -> None:
        for sender, chat, text in SEED:
            await send(property_bot, sender, text, chat=chat)
            await property_bot.settle()

    property_bot.run(seed())
    assert property_bot.errors.messages == []
    assert property_bot.sandbox.api_errors == []
    return property_bot
