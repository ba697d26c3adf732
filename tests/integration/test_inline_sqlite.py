"""SQLite run in the event loop's thread: another process's write lock is waited for without
blocking the loop, and given up on, with SQLite's own error, after ``BUSY_TIMEOUT``; units of
work that finish together share one COMMIT, and none is confirmed before that COMMIT is done."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import OperationalError

from bot.domain import ChatRef
from storage import Database, UnitOfWork, inline_sqlite
from storage.models import PersonRow

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
async def sqlite_database(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'inline.sqlite3'}")
    await database.upgrade()
    yield database
    await database.dispose()


async def add_chat(database: Database, telegram_id: int = -1) -> None:
    async with UnitOfWork(database) as uow:
        ref = ChatRef(telegram_id, "group", "G")
        await uow.chats.upsert(ref, timezone="UTC", language="vi", now=NOW)
        await uow.commit()


def stored_chats(path: Path) -> set[int]:
    """The chats on disk, as another process sees them."""
    with sqlite3.connect(path) as other:
        return {row[0] for row in other.execute("SELECT telegram_id FROM chats")}


def count_commits(database: Database) -> list[int]:
    """A list that grows by one at each COMMIT of a unit of work's transaction."""
    commits: list[int] = []
    event.listen(database.engines[-1], "commit", lambda _connection: commits.append(1))
    return commits


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


async def test_a_lock_never_released_ends_in_sqlites_error(
    sqlite_database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(inline_sqlite, "BUSY_TIMEOUT", 0.2)
    with (
        locked_by_another_process(str(tmp_path / "inline.sqlite3")),
        pytest.raises(OperationalError, match="database is locked"),
    ):
        await add_chat(sqlite_database)
    await add_chat(sqlite_database)  # the connection is usable again afterwards


async def test_commits_wait_for_the_disk(sqlite_database: Database) -> None:
    async with UnitOfWork(sqlite_database) as uow:
        synchronous = (await uow.session.execute(text("PRAGMA synchronous"))).scalar_one()
    assert synchronous == 2  # FULL: in WAL mode, NORMAL may lose commits to a power cut


async def test_units_that_finish_together_share_one_durable_commit(
    sqlite_database: Database, tmp_path: Path
) -> None:
    commits = count_commits(sqlite_database)
    seen_on_disk: list[bool] = []

    async def add_and_look(telegram_id: int) -> None:
        await add_chat(sqlite_database, telegram_id)
        # Confirmed: on disk, for any other process, before the unit's commit returned.
        seen_on_disk.append(telegram_id in stored_chats(tmp_path / "inline.sqlite3"))

    await asyncio.gather(*(add_and_look(-n) for n in range(1, 11)))
    assert seen_on_disk == [True] * 10
    assert 1 <= len(commits) < 10
    assert stored_chats(tmp_path / "inline.sqlite3") == {-n for n in range(1, 11)}


async def test_a_failing_unit_leaves_the_work_of_those_sharing_its_commit(
    sqlite_database: Database, tmp_path: Path
) -> None:
    async def fail_after_writing() -> None:
        async with UnitOfWork(sqlite_database) as uow:
            ref = ChatRef(-99, "group", "Lost")
            await uow.chats.upsert(ref, timezone="UTC", language="vi", now=NOW)
            raise ValueError("the use case fails after writing")

    outcomes = await asyncio.gather(
        add_chat(sqlite_database, -1),
        fail_after_writing(),
        add_chat(sqlite_database, -2),
        return_exceptions=True,
    )
    assert [type(o) for o in outcomes] == [type(None), ValueError, type(None)]
    assert stored_chats(tmp_path / "inline.sqlite3") == {-1, -2}


async def test_a_failed_commit_fails_every_unit_in_it_and_the_next_one_works(
    sqlite_database: Database, tmp_path: Path
) -> None:
    def disk_full(_connection: object) -> None:
        raise OperationalError("COMMIT", {}, sqlite3.OperationalError("database or disk is full"))

    engine = sqlite_database.engines[-1]
    event.listen(engine, "commit", disk_full)
    outcomes = await asyncio.gather(
        *(add_chat(sqlite_database, -n) for n in range(1, 4)), return_exceptions=True
    )
    assert all(isinstance(o, OperationalError) for o in outcomes)
    assert stored_chats(tmp_path / "inline.sqlite3") == set()
    event.remove(engine, "commit", disk_full)
    await add_chat(sqlite_database, -4)
    assert stored_chats(tmp_path / "inline.sqlite3") == {-4}


async def test_a_disk_full_error_fails_the_units_whose_work_sqlite_rolled_back(
    sqlite_database: Database, tmp_path: Path
) -> None:
    # A full disk makes SQLite roll back the whole transaction, savepoints and all: the unit
    # before the failing one is told its work is lost, never that it was kept.
    with sqlite3.connect(tmp_path / "inline.sqlite3") as other:
        other.execute("CREATE TABLE scratch (x)")

    async def fill_the_disk() -> None:
        async with UnitOfWork(sqlite_database) as uow:
            pages = (await uow.session.execute(text("PRAGMA page_count"))).scalar_one()
            await uow.session.execute(text(f"PRAGMA max_page_count = {pages + 1}"))
            await uow.session.execute(text("INSERT INTO scratch VALUES (zeroblob(200000))"))
            await uow.commit()

    first, full, last = await asyncio.gather(
        add_chat(sqlite_database, -1),
        fill_the_disk(),
        add_chat(sqlite_database, -2),
        return_exceptions=True,
    )
    assert isinstance(first, inline_sqlite.TransactionLost)
    assert isinstance(full, OperationalError)
    assert "full" in str(full)  # its own error, not the rollback's
    assert last is None
    assert stored_chats(tmp_path / "inline.sqlite3") == {-2}


async def test_a_commit_cancelled_as_the_loop_ends_fails_its_units_and_frees_the_lock(
    sqlite_database: Database, tmp_path: Path
) -> None:
    waiting = asyncio.create_task(add_chat(sqlite_database, -1))
    await asyncio.sleep(0)  # the unit waits for its COMMIT
    committing = next(
        task for task in asyncio.all_tasks() if "_commit_soon" in repr(task.get_coro())
    )
    committing.cancel()
    with pytest.raises(inline_sqlite.TransactionLost):
        async with asyncio.timeout(5):  # not forever
            await waiting
    async with asyncio.timeout(5):
        await add_chat(sqlite_database, -2)  # the next unit starts afresh
    with locked_by_another_process(str(tmp_path / "inline.sqlite3")):
        pass  # the write lock is free
    assert stored_chats(tmp_path / "inline.sqlite3") == {-2}


async def test_an_object_left_for_the_commit_to_flush_is_kept(
    sqlite_database: Database, tmp_path: Path
) -> None:
    async with UnitOfWork(sqlite_database) as uow:
        uow.session.add(PersonRow(telegram_id=7, first_name="Lan", updated_at=NOW))
        await uow.commit()  # the first statement of the unit: the commit's own flush
    with sqlite3.connect(tmp_path / "inline.sqlite3") as other:
        assert other.execute("SELECT first_name FROM persons").fetchall() == [("Lan",)]


async def test_closing_the_database_fails_the_units_waiting_for_their_commit(
    sqlite_database: Database, tmp_path: Path
) -> None:
    waiting = asyncio.create_task(add_chat(sqlite_database))
    await asyncio.sleep(0)  # the unit has released its savepoint; its COMMIT is not done
    await sqlite_database.dispose()
    with pytest.raises(inline_sqlite.TransactionLost, match="closed before the COMMIT"):
        await waiting
    assert stored_chats(tmp_path / "inline.sqlite3") == set()


async def test_a_unit_reads_again_after_its_commit(sqlite_database: Database) -> None:
    async with UnitOfWork(sqlite_database) as uow:
        ref = ChatRef(-1, "group", "G")
        chat = await uow.chats.upsert(ref, timezone="UTC", language="vi", now=NOW)
        await uow.commit()
        await uow.chats.set_language(chat.id, "en", NOW)  # after the commit: not kept
        again = await uow.chats.get_by_telegram_id(-1)
    assert again is not None
    assert again.language == "en"  # its own change, seen in its own (new) savepoint
    async with UnitOfWork(sqlite_database) as uow:
        stored = await uow.chats.get_by_telegram_id(-1)
    assert stored is not None
    assert stored.language == "vi"  # never committed, so rolled back


async def test_a_unit_opened_inside_another_in_one_task_is_refused_at_once(
    sqlite_database: Database,
) -> None:
    async with UnitOfWork(sqlite_database):
        with pytest.raises(RuntimeError, match="already open"):
            async with asyncio.timeout(1):  # in this task, not a new one
                await add_chat(sqlite_database)
    await add_chat(sqlite_database)  # the outer unit's turn was handed on
