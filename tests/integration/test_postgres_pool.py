"""PostgreSQL's pooled connections: each one tested before a unit uses it, at no extra cost."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import pytest
from sqlalchemy import event, text

from storage import Database, UnitOfWork
from tests.conftest import POSTGRES_DSN

pytestmark = pytest.mark.postgres


@pytest.fixture
async def database(postgres_url: str) -> AsyncIterator[Database]:
    db = Database(postgres_url)
    try:
        yield db
    finally:
        await db.dispose()


async def backend_of_a_unit(database: Database) -> int:
    """The server process that served a unit of work."""
    async with UnitOfWork(database) as uow:
        pid = await uow.session.scalar(text("SELECT pg_backend_pid()"))
        await uow.commit()
    assert isinstance(pid, int)
    return pid


async def test_a_unit_sends_only_its_begin_and_commit(database: Database) -> None:
    # The simple queries asyncpg sends (BEGIN, COMMIT, ROLLBACK, a ping), not the statements.
    sent: list[str] = []

    def log_queries(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.driver_connection.add_query_logger(lambda q: sent.append(q.query))

    event.listen(database.engine.sync_engine, "connect", log_queries)
    first = await backend_of_a_unit(database)
    second = await backend_of_a_unit(database)  # a pooled connection, tested before its use
    await asyncio.sleep(0)  # asyncpg calls the loggers soon after each query
    assert first == second
    assert [q.split()[0].rstrip(";") for q in sent] == ["BEGIN", "COMMIT"] * 2


@pytest.mark.parametrize("noticed", [True, False], ids=["noticed", "not-yet-noticed"])
async def test_a_connection_the_server_dropped_is_replaced_unseen(
    database: Database, noticed: bool
) -> None:
    dropped = await backend_of_a_unit(database)
    admin = await asyncpg.connect(POSTGRES_DSN)
    try:
        assert await admin.fetchval("SELECT pg_terminate_backend($1)", dropped)
    finally:
        await admin.close()
    if noticed:  # the driver has read the end of the connection: it knows it is closed
        await asyncio.sleep(0.2)
    assert await backend_of_a_unit(database) != dropped
