"""The whole bot over HTTP: the real python-telegram-bot Application against the sandbox."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pytest

from bot.app import ALLOWED_UPDATES, build_application, build_services, running
from bot.clock import FakeClock
from bot.context import FollowUpApplication
from bot.sandbox import Sandbox
from bot.settings import Settings
from handlers.reminders import deliver_due
from storage import Database

JSON = dict[str, Any]


@dataclass
class Group:
    """A group chat of the sandbox world, and the harness to speak in it."""

    harness: Harness
    chat: JSON

    @property
    def id(self) -> int:
        """The group's Telegram chat id."""
        return int(self.chat["id"])

    async def say(self, user: JSON, text: str, **kwargs: Any) -> str:
        """``user`` writes ``text``; return the text of the bot's one answer."""
        return (await self.say_all(user, text, count=1, **kwargs))[0]["text"]  # type: ignore[no-any-return]

    async def say_all(self, user: JSON, text: str, count: int = 1, **kwargs: Any) -> list[JSON]:
        """``user`` writes ``text``; return the bot's next ``count`` messages."""
        await self.harness.sandbox.send_message(self.id, user["id"], text, **kwargs)
        return await self.harness.sandbox.wait_for_bot_messages(self.id, count=count, timeout=10)

    def bot_messages(self) -> list[JSON]:
        """Everything the bot has posted in the group, edits applied."""
        bot_id = self.harness.sandbox.bot["id"]
        return [m for m in self.harness.sandbox.transcript(self.id) if m["from"]["id"] == bot_id]


@dataclass
class Harness:
    """The sandbox world, the running bot, its database and clock."""

    sandbox: Sandbox
    database: Database
    clock: FakeClock
    application: FollowUpApplication
    users: dict[str, JSON] = field(default_factory=dict)

    async def remind(self) -> int:
        """Run the reminder sender now (what the timer does when it fires)."""
        return await deliver_due(self.application.bot, self.application.services)

    async def at(self, when: datetime) -> int:
        """Move the clock forward to ``when`` and let due reminders go out."""
        self.clock.set(when)
        return await self.remind()

    def group(self, title: str, members: list[JSON], admins: list[JSON]) -> Group:
        """A new group with the bot in it."""
        return Group(self, self.sandbox.add_group(title, members=members, admins=admins))

    def basic_group(self) -> Group:
        """A basic group (not a supergroup: it can still be upgraded), Lan in it, the secretary
        its creator."""
        users = self.users
        chat = self.sandbox.add_group(
            "Nhóm thường", members=[users["lan"]], admins=[users["secretary"]], type="group"
        )
        return Group(self, chat)


@asynccontextmanager
async def started(
    database_url: str,
    clock: FakeClock,
    before: Callable[[Harness], Awaitable[None]] | None = None,
    **build: Any,
) -> AsyncIterator[Harness]:
    """A running bot on a fresh database, with three users: a secretary, Lan and Minh.

    ``before`` runs before the bot starts (groups the database already knows, the records an
    older version left); ``build`` goes to ``build_application`` (a rate limiter, a shorter
    read timeout...).
    """
    sandbox = Sandbox(clock=clock)
    root = await sandbox.start()
    settings = Settings(
        _env_file=None,
        telegram_api_base_url=root,
        database_url=database_url,  # type: ignore[call-arg]
    )
    database = Database(database_url)
    application = build_application(
        settings, build_services(settings, database, clock), token=sandbox.bot_token, **build
    )
    harness = Harness(sandbox, database, clock, application)
    harness.users = {
        "secretary": sandbox.add_user("Thư ký", username="thuky", language_code="vi"),
        "lan": sandbox.add_user("Lan", last_name="Nguyễn", username="lan", language_code="vi"),
        "minh": sandbox.add_user("Minh", language_code="en"),  # no @username
    }
    try:
        if before is not None:
            await before(harness)
        async with running(application):
            yield harness
    finally:
        await sandbox.stop()
        await database.dispose()


@asynccontextmanager
async def restarted(harness: Harness, **build: Any) -> AsyncIterator[FollowUpApplication]:
    """The bot stops and another process starts on the same database (and stops in turn);
    yield the new process's application. ``build`` goes to ``build_application``."""
    old = harness.application
    assert old.updater is not None
    await old.updater.stop()
    await old.stop()
    settings = Settings(
        _env_file=None,
        telegram_api_base_url=harness.sandbox.root_url,
        database_url=harness.database.url,  # type: ignore[call-arg]
    )
    database = Database(harness.database.url)
    services = build_services(settings, database, harness.clock)
    application = build_application(settings, services, token=harness.sandbox.bot_token, **build)
    try:
        async with running(application):
            yield application
    finally:
        await database.dispose()
        await old.start()  # so the fixture can stop it as usual
        await old.updater.start_polling(
            poll_interval=0, timeout=10, allowed_updates=ALLOWED_UPDATES
        )


@pytest.fixture
async def harness(database_url: str, clock: FakeClock) -> AsyncIterator[Harness]:
    """A running bot on a fresh database, with three users: a secretary, Lan and Minh."""
    async with started(database_url, clock) as harness:
        yield harness


@pytest.fixture
def group(harness: Harness) -> Group:
    """The association bloc's group: the secretary is an admin, Lan and Minh are members."""
    users = harness.users
    return harness.group("Khối thi đua số 1", [users["lan"], users["minh"]], [users["secretary"]])


@pytest.fixture(autouse=True)
def _no_handler_errors(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """An end-to-end test fails if any update ended in the global error handler as an error
    (Telegram failing longer than the retries is a warning there, see ``handlers.errors``)."""
    caplog.set_level(logging.ERROR, logger="handlers.errors")
    yield
    # caplog.records would hold only this teardown's records: the test's own are the "call" ones.
    records = [r for when in ("setup", "call") for r in caplog.get_records(when)]
    errors = [r for r in records if r.name == "handlers.errors"]
    assert [r.getMessage() for r in errors] == []
