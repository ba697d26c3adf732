"""SQLite run in the event loop's thread: another process's write lock is waited for without
blocking the loop, and given up on, with SQLite's own error, after ``BUSY_TIMEOUT``."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from bot.domain import ChatRef
from storage import Database, UnitOfWork, inline_sqlite

NOW = datetime(2022, 7, 7, 2, 0, tzinfo=UTC)


@contextmanager
def locked_by_another_process(path: str) -> Iterator[sqlite3.Connection]:
    """A second connection (as a backup or the command line would be) holding the write lock."""
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield other
    finally:
        if other.in_transaction:
            other.execute("ROLLBACK")
        other.close()


@pytest.fixture
async def sqlite_database(tmp_path: Path) -> Database:
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'inline.sqlite3'}")
    await database.upgrade()
    return database


async def add_chat(database: Database) -> None:
    async with UnitOfWork(database) as uow:
        await uow.chats.upsert(ChatRef(-1, "group", "G"), timezone="UTC", language="vi", now=NOW)
        await uow.commit()


async def test_a_lock_held_elsewhere_is_waited_for_while_the_loop_runs_on(
    sqlite_database: Database, tmp_path: Path
) -> None:
    ticks = 0

    async def tick() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0.01)

    ticker = asyncio.create_task(tick())
    try:
        with locked_by_another_process(str(tmp_path / "inline.sqlite3")) as other:
            loop = asyncio.get_running_loop()
            loop.call_later(0.3, other.execute, "COMMIT")  # the other process lets go
            await add_chat(sqlite_database)
        assert ticks >= 10  # the loop went on while the unit of work waited for its turn
        async with UnitOfWork(sqlite_database) as uow:
            assert await uow.chats.get_by_telegram_id(-1) is not None
    finally:
        ticker.cancel()
        await sqlite_database.dispose()


async def test_a_lock_never_released_ends_in_sqlites_error(
    sqlite_database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(inline_sqlite, "BUSY_TIMEOUT", 0.2)
    try:
        with (
            locked_by_another_process(str(tmp_path / "inline.sqlite3")),
            pytest.raises(OperationalError, match="database is locked"),
        ):
            await add_chat(sqlite_database)
        await add_chat(sqlite_database)  # the connection is usable again afterwards
    finally:
        await sqlite_database.dispose()
