"""Fixtures shared by every level: the fake clock and real databases (SQLite and PostgreSQL)."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import asyncpg
import pytest

from bot.clock import FakeClock
from storage import Database

# python-telegram-bot 22 warns unless durations such as RetryAfter.retry_after are timedeltas.
os.environ.setdefault("PTB_TIMEDELTA", "true")

MEETING = datetime(2022, 7, 7, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
POSTGRES_DSN = os.environ.get(
    "FOLLOWUP_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres"
)
REQUIRE_POSTGRES = os.environ.get("FOLLOWUP_REQUIRE_POSTGRES") == "1"


@pytest.fixture
def clock() -> FakeClock:
    """A clock standing at the seed meeting's morning, 07/7/2022 09:00 in Vietnam."""
    return FakeClock(MEETING)


async def _postgres_database() -> str | None:
    """Create an empty database for one test; None when no PostgreSQL answers."""
    try:
        admin = await asyncpg.connect(POSTGRES_DSN, timeout=3)
    except (OSError, asyncpg.PostgresError, TimeoutError):
        if REQUIRE_POSTGRES:
            pytest.fail(
                f"PostgreSQL is required (FOLLOWUP_REQUIRE_POSTGRES=1) but {POSTGRES_DSN} "
                "does not answer"
            )
        return None
    name = f"followup_test_{uuid.uuid4().hex[:12]}"
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    return name


async def _drop_postgres_database(name: str) -> None:
    admin = await asyncpg.connect(POSTGRES_DSN, timeout=3)
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


def _pg_url(name: str) -> str:
    base = POSTGRES_DSN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://", 1)
    return f"{base}/{name}"


@asynccontextmanager
async def _new_postgres_url() -> AsyncIterator[str]:
    """The URL of a new, empty PostgreSQL database, dropped afterwards; the test is skipped
    when no PostgreSQL answers (and fails, with FOLLOWUP_REQUIRE_POSTGRES=1)."""
    name = await _postgres_database()
    if name is None:
        pytest.skip("no PostgreSQL reachable at " + POSTGRES_DSN)
    try:
        yield _pg_url(name)
    finally:
        await _drop_postgres_database(name)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """The URL of an empty database, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'test.sqlite3'}"
        return
    async with _new_postgres_url() as url:
        yield url


@pytest.fixture
async def postgres_url() -> AsyncIterator[str]:
    """The URL of an empty PostgreSQL database (for what only PostgreSQL does)."""
    async with _new_postgres_url() as url:
        yield url


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[Database]:
    """A migrated database, disposed of after the test."""
    db = Database(database_url)
    await db.upgrade()
    try:
        yield db
    finally:
        await db.dispose()
