"""PostgreSQL's units of work run every call in one greenlet (storage/greenlet_session.py), and
behave as ``AsyncSession`` does: errors, cancellation, rollback, the connection given back."""

from __future__ import annotations

import asyncio
import contextvars
import gc
import warnings
from collections.abc import AsyncIterator
from typing import Any

import pytest
from greenlet import getcurrent
from sqlalchemy import event, select, text
from sqlalchemy.exc import IntegrityError

from bot.domain import Assignee
from storage import Database, UnitOfWork
from storage.models import PersonRow, TaskRow
from tests.integration.test_storage import NOW, add_task, make_chat

pytestmark = pytest.mark.postgres


@pytest.fixture
async def database(postgres_url: str) -> AsyncIterator[Database]:
    db = Database(postgres_url)
    await db.upgrade()
    try:
        yield db
    finally:
        await db.dispose()


async def test_a_units_statements_and_commit_run_in_one_greenlet(database: Database) -> None:
    greenlets: list[int] = []

    def seen(*_args: Any) -> None:
        greenlets.append(id(getcurrent()))

    event.listen(database.engine.sync_engine, "before_cursor_execute", seen)
    async with UnitOfWork(database) as uow:
        uow.session.add(PersonRow(telegram_id=7, first_name="Lan", updated_at=NOW))
        await uow.session.flush()
        await uow.session.execute(text("SELECT 1"))
        assert await uow.session.scalar(select(PersonRow.first_name)) == "Lan"
        await uow.commit()
    async with UnitOfWork(database) as uow:
        await uow.session.execute(text("SELECT 2"))
    assert len(greenlets) == 4
    assert len(set(greenlets[:3])) == 1  # the first unit's three statements
    assert greenlets[3] != id(getcurrent())  # never the event loop's own


async def test_statements_see_the_context_variables_of_the_task_that_runs_them(
    database: Database,
) -> None:
    command: contextvars.ContextVar[str] = contextvars.ContextVar("command", default="-")
    seen: list[tuple[str, str]] = []

    def note(_c: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append((command.get(), statement))

    event.listen(database.engine.sync_engine, "before_cursor_execute", note)

    async def run(name: str, ready: asyncio.Event, go: asyncio.Event) -> None:
        command.set(name)
        async with UnitOfWork(database) as uow:
            await uow.session.execute(text(f"SELECT '{name}', 1"))
            ready.set()
            await go.wait()
            await uow.session.execute(text(f"SELECT '{name}', 2"))

    events = [asyncio.Event() for _ in range(3)]
    await asyncio.gather(run("/task", events[0], events[2]), run("/done", events[1], events[2]),
                         _after(events[:2], events[2]))  # fmt: skip
    assert sorted(seen) == sorted(
        (n, f"SELECT '{n}', {i}") for n in ("/task", "/done") for i in (1, 2)
    )


async def _after(ready: list[asyncio.Event], go: asyncio.Event) -> None:
    for event_ in ready:
        await event_.wait()
    go.set()


async def test_an_orm_result_comes_with_what_its_relationships_load(database: Database) -> None:
    async with UnitOfWork(database) as uow:
        chat_id = await make_chat(uow, -100)
        await add_task(uow, chat_id, 1, "gửi báo cáo", assignees=[Assignee("Ban TĐKT")])
        await uow.commit()
    async with UnitOfWork(database) as uow:
        # TaskRow.assignees loads with a second statement as the rows are read ("selectin"),
        # which must not wait outside the unit's greenlet.
        tasks = (await uow.session.scalars(select(TaskRow))).all()
        assert [[a.label for a in t.assignees] for t in tasks] == [["Ban TĐKT"]]


async def test_an_error_is_raised_and_the_unit_goes_on_after_its_rollback(
    database: Database,
) -> None:
    async with UnitOfWork(database) as uow:
        uow.session.add(PersonRow(telegram_id=7, first_name="Lan", updated_at=NOW))
        await uow.commit()
    async with UnitOfWork(database) as uow:
        uow.session.add(PersonRow(telegram_id=7, first_name="Lan again", updated_at=NOW))
        with pytest.raises(IntegrityError):
            await uow.session.flush()
        await uow.session.rollback()
        names = (await uow.session.scalars(select(PersonRow.first_name))).all()
        assert names == ["Lan"]


async def test_a_cancelled_statement_cancels_the_unit_and_frees_its_connection(
    database: Database,
) -> None:
    started = asyncio.Event()

    async def slow() -> None:
        async with UnitOfWork(database) as uow:
            started.set()
            await uow.session.execute(text("SELECT pg_sleep(30)"))

    task = asyncio.create_task(slow())
    await started.wait()
    await asyncio.sleep(0.2)  # the statement is with the server
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(task, 10)
    async with UnitOfWork(database) as uow:  # the pool still hands out a working connection
        assert await uow.session.scalar(text("SELECT 41 + 1")) == 42
    assert database.engine.sync_engine.pool.checkedout() == 0  # type: ignore[attr-defined]


async def test_two_tasks_at_once_in_one_unit_are_refused(database: Database) -> None:
    async with UnitOfWork(database) as uow:
        first = asyncio.create_task(uow.session.execute(text("SELECT pg_sleep(0.3)")))
        await asyncio.sleep(0.1)
        with pytest.raises(RuntimeError, match="two tasks at once"):
            await uow.session.execute(text("SELECT 1"))
        await first
        assert await uow.session.scalar(text("SELECT 1")) == 1  # and the unit goes on


async def test_a_unit_dropped_without_closing_gives_its_connection_back(database: Database) -> None:
    pool = database.engine.sync_engine.pool
    session = await database.unit_session()
    await session.execute(text("SELECT 1"))
    assert pool.checkedout() == 1  # type: ignore[attr-defined]
    with warnings.catch_warnings():  # SQLAlchemy warns of a connection the collector cleans up
        warnings.simplefilter("ignore")
        del session
        gc.collect()
    assert pool.checkedout() == 0  # type: ignore[attr-defined]


async def test_closing_while_another_task_runs_a_statement_is_refused(database: Database) -> None:
    pool = database.engine.sync_engine.pool
    async with UnitOfWork(database) as uow:
        running = asyncio.create_task(uow.session.execute(text("SELECT pg_sleep(0.3)")))
        await asyncio.sleep(0.1)
        with pytest.raises(RuntimeError, match="two tasks at once"):
            await uow.session.close()
        await running
    assert pool.checkedout() == 0  # type: ignore[attr-defined]
