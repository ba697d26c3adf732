"""PostgreSQL for the units of work: ``AsyncSession``'s methods, with every call of a unit run in
one greenlet.

SQLAlchemy's asyncio extension runs each call of an ``AsyncSession`` (``execute``, ``commit``,
``close``...) in a new greenlet, which switches back to the event loop whenever asyncpg waits for
the server. On CPython 3.11 each new greenlet also gets its own stack for its Python frames,
16 KiB mapped from the operating system and unmapped when it ends (``mmap``, page faults,
``munmap``). A unit of work makes about ten such calls, and that cost the bot more per statement
than asyncpg's own work (``bench/statement_cost.py``: "one greenlet per unit" against
"AsyncSession.execute").

So :class:`GreenletSession` offers the repositories the methods of ``AsyncSession`` that they
use (:class:`storage.session.UnitSession`) over a synchronous ``Session`` on the async engine,
and runs them all in one greenlet that lives as long as the unit: the protocol SQLAlchemy's own
``greenlet_spawn`` follows (the greenlet is marked as SQLAlchemy's, so the driver's ``await_``
switches to its parent, here the event loop's, with the coroutine to wait for), without a
greenlet per call. SQLAlchemy offers no such mode of its own; this relies on that marker and on
``await_`` switching to the parent, as of SQLAlchemy 2.1
(``tests/integration/test_greenlet_session.py``).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any, TypeVar

from greenlet import GreenletExit, getcurrent, greenlet
from sqlalchemy import Connection, Engine, Executable, Result, ScalarResult
from sqlalchemy.orm import Session

from storage.session import OneRow, Params

_T = TypeVar("_T")
# Every row fetched before the call returns, as AsyncSession does: an ORM result's relationship
# loading (selectinload) may run statements while its rows are read, outside the greenlet.
_PREBUFFER: Mapping[str, Any] = {"prebuffer_rows": True}


class _Done:
    """What a call in the worker came to: its value or its error."""

    __slots__ = ("error", "value")

    def __init__(self, value: Any, error: BaseException | None) -> None:
        self.value, self.error = value, error


class _Worker(greenlet):
    """The greenlet a unit's synchronous calls run in, one after the other."""

    # SQLAlchemy's await_() waits only in a greenlet that says it is one of its own.
    __sqlalchemy_greenlet_provider__ = True

    def __init__(self) -> None:
        super().__init__(_serve, getcurrent())


def _serve(call: Callable[..., Any] | None, args: tuple[Any, ...]) -> None:
    """The worker's loop: run a call, hand its outcome to the caller, wait for the next.

    While it waits its frame holds neither the worker nor the session: a suspended greenlet is
    not seen by the garbage collector, so a unit dropped without ``close()`` would otherwise
    keep its session, and its connection, for good. Dropped, the worker is ended (greenlet
    throws ``GreenletExit`` into it) and the session is collected as ``AsyncSession``'s is.
    """
    while call is not None:
        try:
            done = _Done(call(*args), None)
        except GreenletExit:
            raise
        except BaseException as error:  # handed to the caller, who raises it
            done = _Done(None, error)
        call = args = None  # type: ignore[assignment]
        caller = getcurrent().parent  # the event loop's greenlet, set by each caller
        assert caller is not None
        call, args = caller.switch(done)


class GreenletSession:
    """``AsyncSession``'s methods that the repositories use, on a ``Session`` whose calls all run
    in the unit's one greenlet."""

    __slots__ = ("_busy", "_worker", "sync_session")

    def __init__(self, session: Session) -> None:
        self.sync_session = session
        self._worker: _Worker | None = None
        self._busy = False

    async def _run(self, call: Callable[..., _T], *args: Any) -> _T:
        """``call(*args)`` in the unit's greenlet, waiting on the event loop for what it awaits."""
        if self._busy:  # the greenlet waits for the answer to another call's statement
            raise RuntimeError("a unit of work's session was used by two tasks at once")
        if self._worker is None or self._worker.dead:
            self._worker = _Worker()
        worker, driver = self._worker, getcurrent()
        worker.parent = driver
        worker.gr_context = driver.gr_context  # the calling task's context, as greenlet_spawn
        self._busy = True
        try:
            value = worker.switch(call, args)
            while not isinstance(value, _Done):
                try:
                    answer = await value
                except BaseException:  # into the greenlet, for the session to unwind
                    value = worker.throw(*sys.exc_info())
                else:
                    value = worker.switch(answer)
        finally:
            self._busy = False
        if value.error is not None:
            raise value.error
        return value.value  # type: ignore[no-any-return]

    async def execute(self, statement: Executable, params: Params = None) -> Result[Any]:
        execute = partial(self.sync_session.execute, execution_options=_PREBUFFER)
        return await self._run(execute, statement, params)

    async def scalar(self, statement: Executable, params: OneRow = None) -> Any:
        scalar = partial(self.sync_session.scalar, execution_options=_PREBUFFER)
        return await self._run(scalar, statement, params)

    async def scalars(self, statement: Executable, params: Params = None) -> ScalarResult[Any]:
        scalars = partial(self.sync_session.scalars, execution_options=_PREBUFFER)
        return await self._run(scalars, statement, params)

    async def get(self, entity: type[_T], ident: Any) -> _T | None:
        return await self._run(self.sync_session.get, entity, ident)

    async def get_one(self, entity: type[_T], ident: Any) -> _T:
        return await self._run(self.sync_session.get_one, entity, ident)

    def add(self, instance: object) -> None:
        self.sync_session.add(instance)  # written by the next flush

    async def delete(self, instance: object) -> None:
        await self._run(self.sync_session.delete, instance)

    async def flush(self) -> None:
        await self._run(self.sync_session.flush)

    def expunge_all(self) -> None:
        self.sync_session.expunge_all()

    def get_bind(self) -> Engine | Connection:
        return self.sync_session.get_bind()

    async def commit(self) -> None:
        await self._run(self.sync_session.commit)

    async def rollback(self) -> None:
        await self._run(self.sync_session.rollback)

    async def close(self) -> None:
        """Close the session (its connection goes back to the pool), and end the greenlet."""
        if self._busy:  # refused before anything is let go: the other call's task goes on
            raise RuntimeError("a unit of work's session was used by two tasks at once")
        try:
            await self._run(self.sync_session.close)
        finally:
            worker, self._worker = self._worker, None
            if worker is not None and not worker.dead:
                worker.parent = getcurrent()
                worker.switch(None, ())  # its loop ends
