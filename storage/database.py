"""The engine, its connection settings, and bringing the schema up to date with Alembic."""

from __future__ import annotations

import asyncio
import inspect
import logging
import os
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.util.exc import CommandError
from sqlalchemy import Dialect, Engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import InvalidatePoolError, SQLAlchemyError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import sessionmaker
from sqlalchemy.util import await_

from bot.errors import DatabaseError
from storage import inline_sqlite
from storage.greenlet_session import GreenletSession
from storage.session import UnitSession

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).parent / "migrations"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """WAL lets readers work while a writer commits; durable commits; foreign keys are off by
    default in SQLite."""
    # Let SQLAlchemy's "begin" event open the transaction (see _begin_immediate), not the driver.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    # Every COMMIT on disk before a command is confirmed, whatever this SQLite's build defaults
    # to (some build WAL with NORMAL, which a power cut can undo); see storage/inline_sqlite.py.
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _begin_immediate(connection: Any) -> None:
    """Take SQLite's write lock when a transaction begins.

    A transaction that reads and then writes would otherwise fail at once with "database is
    locked" when another one (the reminder sender, another update) wrote in between; with the
    lock taken up front, it waits instead (a unit of work waiting for another process's lock:
    see :mod:`storage.inline_sqlite`, whose writer also makes this process's units take turns).
    """
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def _begin_on_checkout(dialect: Dialect) -> Any:
    """A pool ``checkout`` listener that tests each PostgreSQL connection by beginning its
    transaction.

    A server may drop a pooled connection (a restart, an idle timeout), so each one is tested
    before use. SQLAlchemy's ``pool_pre_ping`` does that on asyncpg with three round trips (BEGIN,
    an empty query and ROLLBACK; sqlalchemy#10226), after which the unit sends its own BEGIN; and
    each round trip costs the bot about what a statement does (``bench/round_trips.py``). The
    transaction the connection is checked out for is begun here instead, with the adapter's own
    method, so that the test is the one round trip the unit needed anyway. A dead connection
    fails it and, as with a failed pre-ping, the pool is invalidated and another connection is
    checked out.
    """

    def begin(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        try:
            if dbapi_connection.autocommit:  # no transaction to begin: the plain test
                dbapi_connection.ping()
            elif dbapi_connection._transaction is None:
                await_(dbapi_connection._start_transaction())
        except dialect.loaded_dbapi.Error as exc:
            if dialect.is_disconnect(exc, dbapi_connection, None):
                raise InvalidatePoolError(str(exc)) from exc
            raise  # SQLAlchemy wraps it, as any error of the driver on connecting

    return begin


def _can_begin_on_checkout(url: URL) -> bool:
    """Whether :func:`_begin_on_checkout` knows this driver's adapter (SQLAlchemy's asyncpg
    adapter as of 2.1); else the pool's own ``pool_pre_ping`` tests each connection."""
    if (url.get_backend_name(), url.get_driver_name()) != ("postgresql", "asyncpg"):
        return False
    from sqlalchemy.dialects.postgresql.asyncpg import AsyncAdapt_asyncpg_connection as adapter

    start = getattr(adapter, "_start_transaction", None)
    return inspect.iscoroutinefunction(start) and "_transaction" in adapter.__slots__


def alembic_config(url: str) -> Config:
    """An Alembic configuration pointing at the packaged migrations and at ``url``."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def _cannot_create(folder: Path, reason: str) -> str:
    return (
        f"the folder {folder.absolute()} of the SQLite database cannot be created ({reason}); "
        "create it, or set DATABASE_URL (or --database-url) to a file in a folder this user "
        "can write in"
    )


def _not_writable(folder: Path) -> str:
    return (
        f"the folder {folder.absolute()} of the SQLite database is not writable by this user; "
        "let this user write in it, or set DATABASE_URL (or --database-url) to a file in a "
        "folder it can write in"
    )


def folder_problem(folder: Path) -> str | None:
    """Why the SQLite file's folder could not be created or written in, without creating it
    (for the commands that change nothing); None when it could."""
    existing = folder.absolute()
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        return _cannot_create(folder, "Not a directory")
    if not os.access(existing, os.W_OK | os.X_OK):
        if existing == folder.absolute():
            return _not_writable(folder)
        return _cannot_create(folder, f"{existing} is not writable by this user")
    return None


def _writable_folder(folder: Path) -> None:
    """Create the SQLite file's folder if needed; :class:`DatabaseError` naming it when it
    cannot be created or written in (SQLite also writes its -wal and -shm files there)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseError(_cannot_create(folder, exc.strerror or str(exc))) from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise DatabaseError(_not_writable(folder))


class Database:
    """Owns the engine and the session factory for one database URL."""

    def __init__(self, url: str) -> None:
        self.url = url
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
            _writable_folder(Path(parsed.database).parent)
        begin_on_checkout = _can_begin_on_checkout(parsed)
        self.engine: AsyncEngine = create_async_engine(
            url,
            # a server may drop a pooled connection (restart, idle timeout): test each one
            pool_pre_ping=parsed.get_backend_name() != "sqlite" and not begin_on_checkout,
        )
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        self._unit_sessions = sessionmaker(self.engine.sync_engine, expire_on_commit=False)
        # On SQLite the units of work run on a synchronous engine: see storage/inline_sqlite.py.
        self._inline: Engine | None = None
        self.engines: tuple[Engine, ...] = (self.engine.sync_engine,)  # for event listeners
        if begin_on_checkout:
            begin = _begin_on_checkout(self.engine.dialect)
            event.listen(self.engine.sync_engine.pool, "checkout", begin)
        if self.engine.dialect.name == "sqlite":
            self._inline = inline_sqlite.engine(parsed)
            self.engines += (self._inline,)
            for engine in self.engines:
                event.listen(engine, "connect", _sqlite_pragmas)
                event.listen(engine, "begin", _begin_immediate)
        self._writers: tuple[asyncio.AbstractEventLoop, inline_sqlite.Writer] | None = None

    def _writer(self) -> inline_sqlite.Writer:
        """This event loop's SQLite writer (the command line runs more than one loop in turn:
        a transaction left open by a loop that has gone is rolled back)."""
        assert self._inline is not None
        loop = asyncio.get_running_loop()
        if self._writers is not None and self._writers[0] is not loop:
            self._writers[1].abandon()
            self._writers = None
        if self._writers is None:
            self._writers = (loop, inline_sqlite.Writer(self._inline))
        return self._writers[1]

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    async def upgrade(self) -> None:
        """Apply every pending migration, or raise :class:`DatabaseError` with the reason."""
        try:
            # Alembic's env.py runs its own event loop; keep it off ours.
            await asyncio.to_thread(command.upgrade, alembic_config(self.url), "head")
        except (SQLAlchemyError, OSError, CommandError) as exc:
            # CommandError: the database is at a revision this version does not ship.
            reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
            raise DatabaseError(
                f"the database at {self.safe_url} cannot be brought up to date: {reason}"
            ) from exc

    @property
    def safe_url(self) -> str:
        """The URL with any password hidden, for messages and logs."""
        return make_url(self.url).render_as_string(hide_password=True)

    def session(self) -> AsyncSession:
        """A new session, for reads outside a unit of work."""
        return self.sessions()

    async def unit_session(self) -> UnitSession:
        """A new session for a unit of work. On PostgreSQL it owns its transaction, and its
        calls run in one greenlet (:mod:`storage.greenlet_session`); on SQLite it has the
        writer's turn, in a savepoint of the writer's transaction, which holds the write lock
        (waited for without blocking the loop): see :mod:`storage.inline_sqlite`."""
        if self._inline is None:
            return GreenletSession(self._unit_sessions())
        return await self._writer().session()

    async def dispose(self) -> None:
        """Close every pooled connection."""
        if self._writers is not None:
            self._writers[1].abandon()  # units still waiting for their COMMIT are told it failed
            self._writers = None
        await self.engine.dispose()
        for engine in self.engines[1:]:
            engine.dispose()
