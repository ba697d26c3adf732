"""SQLite for the units of work: a synchronous session, called from the event loop's own thread.

SQLAlchemy's asyncio extension runs every ``execute`` in a new greenlet, and its
``sqlite+aiosqlite`` dialect hands each cursor call (open, execute, fetch, close) to aiosqlite's
worker thread and waits for the event loop to be woken: on the bot's small, indexed tables that
adaptation costs more than the statements themselves (``bench/e2e_instructions.py``). So on
SQLite a unit of work runs on a synchronous ``Session`` over a synchronous (pysqlite) engine,
behind :class:`InlineSession`, which offers the repositories the ``AsyncSession`` methods they
use (:class:`storage.session.UnitSession`). The rest (schema checks, ``/healthz``, the command
line) keeps the ``sqlite+aiosqlite`` engine.

Running statements in the loop's thread is safe because the process writes through one unit of
work at a time (``Database.writer_lock``) and every query the bot runs is indexed. What must
never block the loop is waiting for *another process's* lock (a backup, the command line):
SQLite's busy handler would sleep in the loop's thread. So the connections' own busy timeout is
zero, and the ``BEGIN IMMEDIATE`` that opens a unit of work is retried with ``asyncio.sleep``
while the database is locked, until :data:`BUSY_TIMEOUT` has passed.
"""

from __future__ import annotations

import asyncio
import sqlite3
from typing import Any, TypeVar

from sqlalchemy import URL, Connection, Engine, Executable, Result, ScalarResult, create_engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from storage.session import OneRow, Params

BUSY_TIMEOUT = 10.0  # seconds a unit of work waits for another process's write lock
_FIRST_WAIT, _LONGEST_WAIT = 0.002, 0.1
_T = TypeVar("_T")


def engine(url: URL) -> Engine:
    """A synchronous engine on the database of ``url`` (an ``sqlite+aiosqlite`` URL), whose
    connections never wait for a lock themselves and may be used from any thread the pool
    hands them to (only ever the event loop's)."""
    return create_engine(
        url.set(drivername="sqlite+pysqlite"),
        connect_args={"timeout": 0, "check_same_thread": False},
    )


class InlineSession:
    """``AsyncSession``'s methods that the repositories use, run at once on a ``Session``."""

    __slots__ = ("sync_session",)

    def __init__(self, session: Session) -> None:
        self.sync_session = session

    async def begin(self) -> None:
        """Open the transaction (which takes the write lock); while another process holds
        the lock, try again after a short sleep, then give up with SQLite's own error."""
        loop = asyncio.get_running_loop()
        give_up, wait = loop.time() + BUSY_TIMEOUT, _FIRST_WAIT
        while True:
            try:
                self.sync_session.connection()
                return
            except OperationalError as exc:
                busy = getattr(exc.orig, "sqlite_errorcode", None) == sqlite3.SQLITE_BUSY
                self.sync_session.rollback()
                if not busy or loop.time() > give_up:
                    raise
            await asyncio.sleep(wait)
            wait = min(2 * wait, _LONGEST_WAIT)

    async def execute(self, statement: Executable, params: Params = None) -> Result[Any]:
        return self.sync_session.execute(statement, params)

    async def scalar(self, statement: Executable, params: OneRow = None) -> Any:
        return self.sync_session.scalar(statement, params)

    async def scalars(self, statement: Executable, params: Params = None) -> ScalarResult[Any]:
        return self.sync_session.scalars(statement, params)

    async def get(self, entity: type[_T], ident: Any) -> _T | None:
        return self.sync_session.get(entity, ident)

    async def get_one(self, entity: type[_T], ident: Any) -> _T:
        return self.sync_session.get_one(entity, ident)

    def add(self, instance: object) -> None:
        self.sync_session.add(instance)

    async def delete(self, instance: object) -> None:
        self.sync_session.delete(instance)

    async def flush(self) -> None:
        self.sync_session.flush()

    def expunge_all(self) -> None:
        self.sync_session.expunge_all()

    def get_bind(self) -> Engine | Connection:
        return self.sync_session.get_bind()

    async def commit(self) -> None:
        self.sync_session.commit()

    async def rollback(self) -> None:
        self.sync_session.rollback()

    async def close(self) -> None:
        self.sync_session.close()
