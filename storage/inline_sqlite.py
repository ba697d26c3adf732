"""SQLite for the async engine, run in the event loop's own thread.

SQLAlchemy's ``sqlite+aiosqlite`` dialect talks to aiosqlite, which runs every call (open a
cursor, execute, fetch, close the cursor) in a worker thread and wakes the event loop when it
is done: three to four round trips between threads per statement. ``bench/e2e.py`` measured
that hand-off as the largest single cost of an update (the statements themselves take tens of
microseconds on the bot's small, indexed tables). No maintained library offers SQLite to
SQLAlchemy's asyncio engine without a thread, so this module gives the dialect an object with
aiosqlite's interface (the part the dialect uses) whose coroutines call :mod:`sqlite3` at once.

The statements then run in the event loop's thread. That is safe because the process writes
through one connection at a time (``Database.writer_lock``) and every query the bot runs is
indexed. What must never block the loop is waiting for *another process's* lock (a backup, the
command line): SQLite's busy handler would sleep in the loop's thread. So the connection's own
``busy_timeout`` is zero, and a ``BEGIN`` that finds the database locked is retried with
``asyncio.sleep`` until :data:`BUSY_TIMEOUT` has passed.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from typing import Any

BUSY_TIMEOUT = 10.0  # seconds a transaction waits for another process's write lock
_FIRST_WAIT, _LONGEST_WAIT = 0.002, 0.1


class InlineCursor:
    """aiosqlite's cursor interface over a :class:`sqlite3.Cursor`, without a thread."""

    __slots__ = ("_cursor",)

    def __init__(self, cursor: sqlite3.Cursor) -> None:
        self._cursor = cursor

    async def __aenter__(self) -> InlineCursor:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        self._cursor.close()

    async def execute(self, sql: str, parameters: Any = ()) -> InlineCursor:
        """Run one statement; a ``BEGIN`` waits (without blocking the loop) for the lock."""
        if sql.startswith("BEGIN"):
            await _when_unlocked(lambda: self._cursor.execute(sql, parameters))
        else:
            self._cursor.execute(sql, parameters)
        return self

    async def executemany(self, sql: str, parameters: Iterable[Any]) -> InlineCursor:
        """Run one statement for each set of parameters."""
        self._cursor.executemany(sql, parameters)
        return self

    async def fetchone(self) -> Any:
        return self._cursor.fetchone()

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        return self._cursor.fetchmany(self._cursor.arraysize if size is None else size)

    async def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    async def close(self) -> None:
        self._cursor.close()

    async def setinputsizes(self, *_sizes: Any) -> None:
        """Nothing to do for SQLite."""

    @property
    def description(self) -> Any:
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid

    @property
    def arraysize(self) -> int:
        return self._cursor.arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._cursor.arraysize = value


class _Now:
    """Stands for aiosqlite's queue to its thread: the dialect puts ``(future, function)`` on
    it to set the isolation level; here the function runs at once."""

    def put_nowait(self, item: tuple[asyncio.Future[Any], Callable[[], Any]]) -> None:
        future, function = item
        try:
            future.set_result(function())
        except Exception as exc:  # handed to whoever awaits the future
            future.set_exception(exc)


class InlineConnection:
    """aiosqlite's connection interface over a :class:`sqlite3.Connection`, without a thread."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._conn = connection
        self._connection: sqlite3.Connection | None = connection  # the dialect checks it
        self._tx = _Now()

    @property
    def isolation_level(self) -> str | None:
        return self._conn.isolation_level

    def cursor(self) -> InlineCursor:
        return InlineCursor(self._conn.cursor())

    async def execute(self, sql: str, parameters: Sequence[Any] = ()) -> InlineCursor:
        return await self.cursor().execute(sql, parameters)

    async def commit(self) -> None:
        self._conn.commit()

    async def rollback(self) -> None:
        self._conn.rollback()

    async def create_function(self, *args: Any, **kwargs: Any) -> None:
        self._conn.create_function(*args, **kwargs)

    async def close(self) -> None:
        if self._connection is not None:
            self._connection = None
            self._conn.close()

    def stop(self) -> None:
        """Close at once (the pool's forced close)."""
        if self._connection is not None:
            self._connection = None
            self._conn.close()


async def connect(path: str, **kwargs: Any) -> InlineConnection:
    """Open ``path`` with :mod:`sqlite3`: the engine's ``async_creator``."""
    connection = sqlite3.connect(path, timeout=0, check_same_thread=False, **kwargs)
    return InlineConnection(connection)


async def _when_unlocked(begin: Callable[[], Any]) -> None:
    """Run ``begin``; while another process holds the lock, try again after a short sleep."""
    loop = asyncio.get_running_loop()
    give_up, wait = loop.time() + BUSY_TIMEOUT, _FIRST_WAIT
    while True:
        try:
            begin()
            return
        except sqlite3.OperationalError as exc:
            if exc.sqlite_errorcode != sqlite3.SQLITE_BUSY or loop.time() > give_up:
                raise
        await asyncio.sleep(wait)
        wait = min(2 * wait, _LONGEST_WAIT)
