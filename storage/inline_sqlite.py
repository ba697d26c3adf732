"""SQLite for the units of work: one writer per event loop, on a synchronous connection run in
the loop's own thread, whose units are made durable together (group commit).

SQLAlchemy's asyncio extension runs every ``execute`` in a new greenlet, and its
``sqlite+aiosqlite`` dialect hands each cursor call (open, execute, fetch, close) to aiosqlite's
worker thread and waits for the event loop to be woken: on the bot's small, indexed tables that
adaptation costs more than the statements themselves (``bench/e2e_instructions.py``). So on
SQLite a unit of work runs on a synchronous ``Session`` over a synchronous (pysqlite) engine,
behind :class:`InlineSession`, which offers the repositories the ``AsyncSession`` methods they
use (:class:`storage.session.UnitSession`). The rest (schema checks, ``/healthz``, the command
line) keeps the ``sqlite+aiosqlite`` engine.

SQLite has one writer at a time, so the units of work of a process take turns
(:class:`Writer`), and every statement the bot runs is indexed: running them in the loop's
thread is safe. What must never block the loop is waiting for *another process's* lock (a
backup, the command line): SQLite's busy handler would sleep in the loop's thread. So the
connections' own busy timeout is zero, and the ``BEGIN IMMEDIATE`` that opens a transaction is
retried with ``asyncio.sleep`` while the database is locked, until :data:`BUSY_TIMEOUT` has
passed.

A durable ``COMMIT`` waits for the disk (``fsync``), in the loop's thread; under load that wait
was the largest single share of the bot's time (``bench/e2e.py``). So the units that finish
close together share one: each runs in a savepoint of the writer's open transaction, and its
``commit()`` releases the savepoint, hands the turn on, and returns once the ``COMMIT`` that
includes its work is done, soon after (:data:`GATHER`). A unit that fails rolls back to its
savepoint, leaving the others' work alone; a ``COMMIT`` that fails fails every unit in it.
Nothing is confirmed before it is on disk. (SQLite and SQLAlchemy have no group commit of
their own: SQLAlchemy's savepoints and ``join_transaction_mode`` do the rest.)
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from contextlib import suppress
from functools import partial
from typing import Any, TypeVar

from sqlalchemy import URL, Connection, Engine, Executable, Result, ScalarResult, create_engine
from sqlalchemy.dialects import registry
from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session

from storage.session import OneRow, Params

log = logging.getLogger(__name__)
BUSY_TIMEOUT = 10.0  # seconds a unit of work waits for another process's write lock
GATHER = 0.001  # seconds a COMMIT waits for the units under way to finish and share it
_FIRST_WAIT, _LONGEST_WAIT = 0.002, 0.1
_T = TypeVar("_T")


class InlineDialect(SQLiteDialect_pysqlite):
    """pysqlite, with its savepoints sent as the plain SQL they are.

    Every unit of work begins and ends one (:class:`Writer`). SQLAlchemy's own dialect builds a
    ``SAVEPOINT`` statement and compiles it anew each time (its savepoint statements are not
    cached), which cost more than SQLite's work for it.
    """

    supports_statement_cache = True

    def _savepoint_sql(self, connection: Connection, sql: str, name: str) -> None:
        connection.exec_driver_sql(f"{sql} {self.identifier_preparer.quote(name)}")

    def do_savepoint(self, connection: Connection, name: str) -> None:
        self._savepoint_sql(connection, "SAVEPOINT", name)

    def do_release_savepoint(self, connection: Connection, name: str) -> None:
        self._savepoint_sql(connection, "RELEASE SAVEPOINT", name)

    def do_rollback_to_savepoint(self, connection: Connection, name: str) -> None:
        self._savepoint_sql(connection, "ROLLBACK TO SAVEPOINT", name)


registry.register("sqlite.followup_inline", __name__, InlineDialect.__name__)


def engine(url: URL) -> Engine:
    """A synchronous engine on the database of ``url`` (an ``sqlite+aiosqlite`` URL), whose
    connections never wait for a lock themselves and may be used from any thread the pool
    hands them to (only ever the event loop's)."""
    return create_engine(
        url.set(drivername="sqlite+followup_inline"),
        connect_args={"timeout": 0, "check_same_thread": False},
    )


class TransactionLost(SQLAlchemyError):
    """A unit's work was in a transaction that ended without its COMMIT: nothing of it was kept.
    (A database error like any other to its callers.)"""


class Writer:
    """The units of work of one event loop, one at a time, on one open transaction that a
    single ``COMMIT`` ends for all of them."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._turn = asyncio.Lock()
        self._holder: asyncio.Task[Any] | None = None
        self._connection: Connection | None = None
        # Done when the COMMIT of the units that have released their savepoints is.
        self._pending: asyncio.Future[None] | None = None
        self._committing: asyncio.Task[None] | None = None  # held: the loop holds it weakly
        self._spoilt = False  # the open transaction holds work its units were told is lost

    async def session(self) -> InlineSession:
        """Wait for the turn and open a unit's session, in a savepoint of the transaction."""
        session = Session(join_transaction_mode="create_savepoint", expire_on_commit=False)
        await self.take_turn(session)
        return InlineSession(self, session)

    async def take_turn(self, session: Session) -> None:
        """Wait for the turn and bind ``session`` to the transaction (begun if need be)."""
        task = asyncio.current_task()
        if task is not None and task is self._holder:
            # It would wait for a turn its own task holds, forever.
            raise RuntimeError("a unit of work is already open in this task")
        await self._turn.acquire()
        self._holder = task
        try:
            if self._spoilt or not self._in_transaction():
                self._lose("the transaction was rolled back before its COMMIT")
            if self._connection is None:
                self._connection = await self._begin()
        except BaseException:
            self._let_go()
            raise
        session.bind = self._connection

    async def _begin(self) -> Connection:
        """A connection in a new transaction, which takes the write lock; while another process
        holds the lock, try again after a short sleep, then give up with SQLite's own error."""
        loop = asyncio.get_running_loop()
        give_up, wait = loop.time() + BUSY_TIMEOUT, _FIRST_WAIT
        while True:
            connection: Connection | None = None
            try:
                connection = self.engine.connect()
                connection.begin()  # BEGIN IMMEDIATE: see storage.database
                return connection
            except OperationalError as exc:
                if connection is not None:
                    connection.close()
                code = getattr(exc.orig, "sqlite_errorcode", None) or 0
                busy = code & 0xFF == sqlite3.SQLITE_BUSY  # also SQLITE_BUSY_RECOVERY...
                if not busy or loop.time() > give_up:
                    raise
            await asyncio.sleep(wait)
            wait = min(2 * wait, _LONGEST_WAIT)

    def _in_transaction(self) -> bool:
        """Whether the open connection, if any, is still in its transaction: some errors
        (a full disk, an I/O error) make SQLite roll the whole of it back, savepoints and all."""
        if self._connection is None:
            return True
        if self._connection.invalidated:  # a statement was interrupted: it cannot be trusted
            return False
        dbapi = self._connection.connection.dbapi_connection
        return dbapi is not None and bool(dbapi.in_transaction)

    async def commit(self, session: Session) -> None:
        """Keep the unit's work (release its savepoint), hand the turn on, and return once the
        ``COMMIT`` that includes it is done; raise what that ``COMMIT`` raised."""
        had_work = session.in_transaction()
        try:
            session.commit()
            if not self._in_transaction():
                raise TransactionLost("SQLite rolled the transaction back during this unit")
        except BaseException:
            self.close(session)
            raise
        if not had_work:  # nothing to wait for
            self.close(session)
            return
        if self._pending is None:
            self._pending = asyncio.get_running_loop().create_future()
            self._committing = asyncio.create_task(self._commit_soon(self._pending))
            self._committing.add_done_callback(partial(self._committed, self._pending))
        pending = self._pending
        session.bind = None  # nothing of this unit may run outside its turn
        self._let_go()
        await asyncio.shield(pending)

    def close(self, session: Session) -> None:
        """End the unit's turn: undo what it did not commit (roll back to its savepoint) and
        hand the turn on."""
        try:
            session.close()
        finally:
            try:
                if not self._in_transaction():
                    self._lose("SQLite rolled the transaction back after an error")
                elif self._pending is None:  # no other unit's work waits for a COMMIT: end it
                    self._end(commit=False)
            finally:
                session.bind = None
                self._let_go()

    async def _commit_soon(self, pending: asyncio.Future[None]) -> None:
        await asyncio.sleep(GATHER)
        async with self._turn:
            if pending.done():  # lost meanwhile: see _lose()
                return
            if self._spoilt:
                self._lose("the transaction was rolled back before its COMMIT")
                return
            self._pending = self._committing = None
            try:
                self._end(commit=True)
            except Exception as exc:
                log.warning("a COMMIT of the SQLite database failed: %s", exc)
                _fail(pending, exc)
            else:
                pending.set_result(None)

    def _committed(self, pending: asyncio.Future[None], _task: asyncio.Task[None]) -> None:
        """After :meth:`_commit_soon`: if it ended without its COMMIT (cancelled, as the event
        loop shuts down), its units are told, and the next turn rolls their work back (the turn
        may be another unit's now)."""
        if not pending.done():
            _fail(pending, TransactionLost("the COMMIT was cancelled"))
            if self._pending is pending:
                self._pending, self._spoilt = None, True
            if not self._turn.locked():  # nobody's turn: let the write lock go at once
                self._lose("the COMMIT was cancelled")

    def _lose(self, reason: str) -> None:
        """Roll back and drop the transaction; the units waiting for its COMMIT are told."""
        pending, self._pending, self._spoilt = self._pending, None, False
        try:
            self._end(commit=False)
        finally:
            if pending is not None and not pending.done():
                _fail(pending, TransactionLost(reason))

    def _end(self, *, commit: bool) -> None:
        """Commit or roll back the transaction, and give the connection back to the pool."""
        connection, self._connection = self._connection, None
        if connection is None:
            return
        try:
            if commit:
                connection.commit()
        except BaseException:
            connection.invalidate()  # in a state nobody knows: never to be handed out again
            raise
        finally:
            connection.close()

    def _let_go(self) -> None:
        self._holder = None
        self._turn.release()

    def abandon(self) -> None:
        """Roll back and drop the transaction: the database is closed, or its event loop has
        gone. Units still waiting for their COMMIT are told it failed (nothing in it was ever
        confirmed)."""
        self._lose("the database was closed before the COMMIT")


def _fail(pending: asyncio.Future[None], error: BaseException) -> None:
    """Tell the units waiting for a COMMIT that it failed, with ``error``."""
    with suppress(RuntimeError):  # the future's event loop is closed: nobody waits any more
        pending.set_exception(error)
        pending.exception()  # retrieved here too, in case every unit was cancelled


class InlineSession:
    """``AsyncSession``'s methods that the repositories use, run at once on a ``Session``.

    It has the writer's turn from its creation to its commit; used again after a commit (to
    read what was written, say), it waits for the turn again, in a new savepoint.
    """

    __slots__ = ("_turn_held", "_writer", "sync_session")

    def __init__(self, writer: Writer, session: Session) -> None:
        self._writer = writer
        self.sync_session = session
        self._turn_held = True

    async def _ready(self) -> Session:
        if not self._turn_held:
            await self._writer.take_turn(self.sync_session)
            self._turn_held = True
        return self.sync_session

    async def execute(self, statement: Executable, params: Params = None) -> Result[Any]:
        return (await self._ready()).execute(statement, params)

    async def scalar(self, statement: Executable, params: OneRow = None) -> Any:
        return (await self._ready()).scalar(statement, params)

    async def scalars(self, statement: Executable, params: Params = None) -> ScalarResult[Any]:
        return (await self._ready()).scalars(statement, params)

    async def get(self, entity: type[_T], ident: Any) -> _T | None:
        return (await self._ready()).get(entity, ident)

    async def get_one(self, entity: type[_T], ident: Any) -> _T:
        return (await self._ready()).get_one(entity, ident)

    def add(self, instance: object) -> None:
        self.sync_session.add(instance)  # written by the next flush, which waits for the turn

    async def delete(self, instance: object) -> None:
        (await self._ready()).delete(instance)

    async def flush(self) -> None:
        (await self._ready()).flush()

    def expunge_all(self) -> None:
        self.sync_session.expunge_all()

    def get_bind(self) -> Engine | Connection:
        return self._writer.engine  # its dialect, at any time (the connection is the turn's)

    async def commit(self) -> None:
        session = await self._ready()
        self._turn_held = False  # handed on by the commit, even when it fails
        await self._writer.commit(session)

    async def rollback(self) -> None:
        self.sync_session.rollback()

    async def close(self) -> None:
        if self._turn_held:
            self._turn_held = False
            self._writer.close(self.sync_session)
        else:
            self.sync_session.close()
