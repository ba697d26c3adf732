"""Set-up for ``bench/reminders.py``: throw-away databases, bulk rows, a sandbox world, the bot.

Nothing here asserts anything; it builds what the benchmark measures and takes it down again
(and prints the plain-text tables the benchmarks share).
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import statistics
import time
import uuid
from collections import Counter
from collections.abc import (
    AsyncIterator,
    Awaitable,
    Callable,
    Collection,
    Iterable,
    Iterator,
    Sequence,
)
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import islice
from pathlib import Path
from typing import Any

import asyncpg  # type: ignore[import-untyped]  # no stubs; used for COPY and CREATE DATABASE
from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from bot.app import build_application, build_services, default_rate_limiter, running
from bot.clock import SystemClock
from bot.context import FollowUpApplication
from bot.sandbox import Sandbox
from bot.settings import Settings
from storage import Database
from storage.models import ReminderRow


def print_rows(
    headers: Sequence[object], rows: Sequence[Sequence[object]], left: Collection[int] = (0,)
) -> None:
    """A plain-text table: the columns in ``left`` (``-1`` is the last) to the left, the
    figures to the right."""
    cells = [[str(c) for c in headers], *[[str(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    flush_left = {i % len(widths) for i in left}
    for index, row in enumerate(cells):
        print("  " + "  ".join(
            c.ljust(widths[i]) if i in flush_left else c.rjust(widths[i]) for i, c in enumerate(row)
        ))  # fmt: skip
        if index == 0:
            print("  " + "  ".join("-" * w for w in widths))


POSTGRES_DSN = os.environ.get(
    "FOLLOWUP_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres"
)
CHUNK = 20_000
SQLITE_DATETIME = "%Y-%m-%d %H:%M:%S.%f"  # how SQLAlchemy writes a DateTime in SQLite
TIMEZONE = "Asia/Ho_Chi_Minh"
CLOCK = SystemClock()
Row = tuple[Any, ...]

CHAT_COLUMNS = (
    "id", "telegram_id", "type", "title", "timezone", "language", "active", "morning_hour",
    "quiet_start", "quiet_end", "digest_enabled", "next_task_number", "next_decision_number",
    "next_meeting_number", "created_at", "updated_at",
)  # fmt: skip
TASK_COLUMNS = (
    "id", "chat_id", "number", "title", "status", "due_utc", "due_precision", "due_text",
    "due_confirmed", "created_at", "updated_at",
)  # fmt: skip
REMINDER_COLUMNS = ("id", "chat_id", "task_id", "kind", "fire_at", "attempts")


# --- databases ----------------------------------------------------------------------------------


def _asyncpg_dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@asynccontextmanager
async def fresh_database(kind: str, directory: Path) -> AsyncIterator[str]:
    """An empty, migrated database (``sqlite`` or ``postgresql``); dropped afterwards."""
    if kind == "sqlite":
        path = directory / f"bench-{uuid.uuid4().hex[:8]}.sqlite3"
        url = f"sqlite+aiosqlite:///{path}"
        try:
            await _migrate(url)
            yield url
        finally:
            await asyncio.to_thread(_remove_sqlite, path)
        return
    name = f"followup_bench_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(POSTGRES_DSN)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    base = make_url(POSTGRES_DSN).set(drivername="postgresql+asyncpg", database=name)
    url = base.render_as_string(hide_password=False)
    try:
        await _migrate(url)
        yield url
    finally:
        admin = await asyncpg.connect(POSTGRES_DSN)
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()


def _remove_sqlite(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


async def _migrate(url: str) -> None:
    database = Database(url)
    try:
        await database.upgrade()
    finally:
        await database.dispose()


def _chunks(rows: Iterable[Row], size: int = CHUNK) -> Iterator[list[Row]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _sqlite_value(value: object) -> object:
    """A value as ``UTCDateTime`` and SQLAlchemy store it in SQLite (naive UTC text, 0/1)."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime(SQLITE_DATETIME)
    if isinstance(value, bool):
        return int(value)
    return value


async def bulk_insert(url: str, table: str, columns: Sequence[str], rows: Iterable[Row]) -> int:
    """Insert rows fast: COPY on PostgreSQL, ``executemany`` on SQLite. Return the count.

    Foreign keys are not checked while loading (PostgreSQL: replica mode; SQLite: off unless a
    connection turns them on, as the bot's do): the rows are consistent by construction.
    """
    count = 0
    if url.startswith("postgresql"):
        connection = await asyncpg.connect(_asyncpg_dsn(url))
        try:
            await connection.execute("SET session_replication_role = replica")
            for chunk in _chunks(rows):
                await connection.copy_records_to_table(table, records=chunk, columns=columns)
                count += len(chunk)
        finally:
            await connection.close()
        return count
    statement = (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    )
    engine = create_async_engine(url)
    try:
        for chunk in _chunks(rows):
            values = [tuple(_sqlite_value(v) for v in row) for row in chunk]
            async with engine.begin() as connection:
                await connection.exec_driver_sql(statement, values)
            count += len(chunk)
    finally:
        await engine.dispose()
    return count


async def after_bulk_load(url: str) -> None:
    """PostgreSQL: move the id sequences past the explicit ids, and refresh the statistics."""
    if not url.startswith("postgresql"):
        return
    connection = await asyncpg.connect(_asyncpg_dsn(url))
    try:
        for table in ("chats", "tasks", "reminders"):
            await connection.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"coalesce((SELECT max(id) FROM {table}), 1))"
            )
        await connection.execute("ANALYZE")
    finally:
        await connection.close()


def chat_rows(
    telegram_ids: Sequence[int], tasks_each: int, now: datetime, first_id: int = 1
) -> Iterator[Row]:
    """One supergroup row per Telegram id, internal ids from ``first_id``."""
    for index, telegram_id in enumerate(telegram_ids, start=first_id):
        yield (
            index, telegram_id, "supergroup", f"Khối thi đua số {index}", TIMEZONE, "vi", True,
            9, 21, 7, True, tasks_each + 1, 1, 1, now, now,
        )  # fmt: skip


def task_row(task_id: int, chat_id: int, number: int, due: datetime, now: datetime) -> Row:
    """An open task with a deadline."""
    title = f"Gửi báo cáo tổng kết số {number}"
    return (task_id, chat_id, number, title, "open", due, "day", "31/12", True, now, now)


@dataclass(frozen=True)
class Seeded:
    """How many rows of each table a seeding wrote (their ids are 1..n)."""

    chats: int = 0
    tasks: int = 0
    reminders: int = 0


async def seed_pending(
    url: str, pending: int, now: datetime, telegram_ids: Sequence[int] = ()
) -> Seeded:
    """``pending`` future reminders that nothing in a benchmark will reach.

    Four per task, one chat per thousand reminders (ten at least), spread over 90 days from
    tomorrow in an order unrelated to their ids. The chats take ``telegram_ids`` first, then
    made-up ids of groups the sandbox does not know.
    """
    if pending == 0:
        return Seeded()
    chats = max(10, pending // 1000)
    tasks_total = max(1, pending // 4)
    ids = [*telegram_ids, *(-2_000_000_000_000 - n for n in range(chats - len(telegram_ids)))]
    start = minute_floor(now) + timedelta(days=1)

    def tasks() -> Iterator[Row]:
        for task_id in range(1, tasks_total + 1):
            chat_id, number = (task_id - 1) % chats + 1, (task_id - 1) // chats + 1
            yield task_row(task_id, chat_id, number, start + timedelta(days=100), now)

    def reminders() -> Iterator[Row]:
        for row_id in range(1, pending + 1):
            task_id = (row_id - 1) % tasks_total + 1
            fire_at = start + timedelta(minutes=(row_id * 7919) % (90 * 24 * 60))
            yield (row_id, (task_id - 1) % chats + 1, task_id, "before", fire_at, 0)

    await bulk_insert(url, "chats", CHAT_COLUMNS, chat_rows(ids, tasks_total // chats + 1, now))
    await bulk_insert(url, "tasks", TASK_COLUMNS, tasks())
    await bulk_insert(url, "reminders", REMINDER_COLUMNS, reminders())
    return Seeded(chats, tasks_total, pending)


@dataclass
class Counts:
    """Database figures after a run."""

    pending: int
    sent: int
    retried: int  # rows that needed more than one attempt


async def reminder_counts(url: str) -> Counts:
    """How many rows are pending, sent, and were postponed at least once."""
    engine = create_async_engine(url)
    try:
        async with engine.connect() as connection:
            pending = await connection.scalar(
                select(func.count()).where(ReminderRow.sent_at.is_(None))
            )
            sent = await connection.scalar(
                select(func.count()).where(ReminderRow.sent_at.is_not(None))
            )
            retried = await connection.scalar(select(func.count()).where(ReminderRow.attempts > 1))
    finally:
        await engine.dispose()
    return Counts(int(pending or 0), int(sent or 0), int(retried or 0))


# --- the bot in this process ------------------------------------------------------------------


class LogTally(logging.Handler):
    """Counts warnings and errors by logger instead of printing them over the tables."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.counts: Counter[tuple[str, str]] = Counter()
        self.first: dict[tuple[str, str], str] = {}  # the first message of each kind

    def emit(self, record: logging.LogRecord) -> None:
        key = (record.name, record.levelname)
        self.counts[key] += 1
        self.first.setdefault(key, record.getMessage().splitlines()[0][:120])

    def summary(self) -> str:
        """The closing line of a benchmark: what was logged, by logger and level."""
        logged = ", ".join(
            f"{name} {level} x{n}" for (name, level), n in sorted(self.counts.items())
        )
        return f"Logged (WARNING and above): {logged or 'nothing'}"


@dataclass
class Bot:
    """The real application with PTB's default rate limiter, plus what the benchmark watches."""

    application: FollowUpApplication
    claims: int = 0  # how many times the sender asked the database for due reminders


@asynccontextmanager
async def running_bot(sandbox: Sandbox, url: str) -> AsyncIterator[Bot]:
    """Start the whole bot (polling, job queue, timer) against the sandbox; stop it after."""
    settings = Settings(
        _env_file=None,
        telegram_api_base_url=sandbox.root_url,
        database_url=url,  # type: ignore[call-arg]
    )
    database = Database(url)
    services = build_services(settings, database, CLOCK)
    application = build_application(
        settings, services, token=sandbox.bot_token, rate_limiter=default_rate_limiter()
    )
    bot = Bot(application)
    claim: Callable[..., Awaitable[Any]] = services.reminders.claim
    first_claim = asyncio.Event()

    async def counted_claim(*args: Any, **kwargs: Any) -> Any:
        bot.claims += 1
        first_claim.set()
        return await claim(*args, **kwargs)

    # Instrumentation only: the service is unchanged, the benchmark counts its calls.
    setattr(services.reminders, "claim", counted_claim)  # noqa: B010
    try:
        async with running(application):
            await first_claim.wait()  # the start-up run of the sender has seen the empty database
            yield bot
    finally:
        await database.dispose()


async def sender_query_ms(url: str, rounds: int = 5) -> tuple[float, float]:
    """Median milliseconds of the sender's two queries, ``claim()`` and ``next_fire_at()``."""
    database = Database(url)
    settings = Settings(_env_file=None, database_url=url)  # type: ignore[call-arg]
    services = build_services(settings, database, CLOCK)
    timings: dict[str, list[float]] = {"claim": [], "next": []}
    try:
        for _ in range(rounds):
            started = time.perf_counter()
            await services.reminders.claim()
            timings["claim"].append(time.perf_counter() - started)
            started = time.perf_counter()
            await services.reminders.next_fire_at()
            timings["next"].append(time.perf_counter() - started)
    finally:
        await database.dispose()
    return 1000 * statistics.median(timings["claim"]), 1000 * statistics.median(timings["next"])


async def wait_until_sent(url: str, deadline: float, poll: float = 0.5) -> bool:
    """Poll until no reminder is pending or the loop time ``deadline`` passes."""
    loop = asyncio.get_running_loop()
    while loop.time() < deadline:
        if (await reminder_counts(url)).pending == 0:
            return True
        await asyncio.sleep(poll)
    return False


def sandbox_groups(sandbox: Sandbox, count: int) -> list[int]:
    """``count`` supergroups with the bot and one admin; their Telegram ids."""
    secretary = sandbox.add_user("Thư ký", username="thuky", language_code="vi")
    return [
        int(sandbox.add_group(f"Khối {n}", admins=[secretary])["id"]) for n in range(1, count + 1)
    ]


# --- the bot in its own process ---------------------------------------------------------------


def memory_kib(pid: int) -> tuple[int, int]:
    """(VmRSS, VmHWM) of a process in KiB, from ``/proc/<pid>/status``."""
    fields: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in {"VmRSS", "VmHWM"}:
            fields[key] = int(value.split()[0])
    return fields["VmRSS"], fields["VmHWM"]


@asynccontextmanager
async def bot_process(
    command: Sequence[str], env: dict[str, str], cwd: Path, log: Path
) -> AsyncIterator[asyncio.subprocess.Process]:
    """Run ``followup run``; on the way out stop it with SIGINT (SIGKILL if it hangs)."""
    with log.open("wb") as output:
        process = await asyncio.create_subprocess_exec(
            *command, env=env, cwd=cwd, stdout=output, stderr=asyncio.subprocess.STDOUT
        )
        try:
            yield process
        finally:
            if process.returncode is None:
                with suppress(ProcessLookupError):
                    process.send_signal(signal.SIGINT)
                try:
                    await asyncio.wait_for(process.wait(), 20)
                except TimeoutError:
                    process.kill()
                    await process.wait()


def utc_now() -> datetime:
    """The real clock (the only clock these benchmarks use)."""
    return CLOCK.now()


def minute_floor(instant: datetime) -> datetime:
    """The start of the instant's minute."""
    return instant.replace(second=0, microsecond=0)


def seconds(delta: timedelta) -> float:
    """A duration in seconds."""
    return delta.total_seconds()
