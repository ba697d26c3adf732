"""What one SQL statement costs the bot's process in CPU time, by the way it is sent.

Run from the repository root:  python bench/statement_cost.py [--statements 5000]

The follow-up bot sends about eight statements per update (``bench/round_trips.py``), and on a
2-core machine its throughput is its CPU time per update (``bench/e2e.py``). This measures the
floor under each: the same trivial statement (``SELECT 1``, no table, nothing to convert), sent
again and again, and the CPU time (user and system) the process spends per statement:

- SQLite through a synchronous SQLAlchemy ``Session``: the bot's units of work on SQLite
  (``storage/inline_sqlite.py``);
- PostgreSQL through SQLAlchemy's ``AsyncSession`` on asyncpg, each ``execute`` run in its own
  greenlet: the bot's units of work on PostgreSQL; one session at a time, then six at once (six
  groups' updates under way, as in ``bench/e2e.py``'s burst, so that the process is not idle
  while the server answers);
- the same statements run in one greenlet (``AsyncSession.run_sync``): what the greenlet per
  ``execute`` costs;
- the bot's own units of work on PostgreSQL (``storage/greenlet_session.py``: ``AsyncSession``'s
  methods, every call of a unit in one greenlet), six at once;
- asyncpg alone, a prepared statement: the driver's floor.

Figures only. PostgreSQL is reached as in the other benchmarks (``FOLLOWUP_BENCH_POSTGRES``).
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

import asyncpg  # type: ignore[import-untyped]  # noqa: E402
from sqlalchemy import create_engine, literal, select  # noqa: E402
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from bench._reminder_kit import POSTGRES_DSN  # noqa: E402
from storage.greenlet_session import GreenletSession  # noqa: E402

STATEMENT = select(literal(1))
SESSIONS = 6


def cpu() -> tuple[float, float]:
    """This process's user and system CPU seconds so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime, usage.ru_stime


def per_statement(label: str, n: int, run: Callable[[], None]) -> None:
    """Run ``run`` (``n`` statements) and print the CPU and wall time per statement."""
    (user_0, system_0), wall_0 = cpu(), time.perf_counter()
    run()
    (user_1, system_1), wall_1 = cpu(), time.perf_counter()
    busy = (user_1 - user_0) + (system_1 - system_0)
    print(
        f"  {label:<66} {1e6 * busy / n:6.0f} µs CPU  ({(system_1 - system_0) / busy:4.0%} kernel)"
        f"  {1e6 * (wall_1 - wall_0) / n:6.0f} µs wall",
        flush=True,
    )


def sqlite_session(n: int, folder: Path) -> None:
    engine = create_engine(f"sqlite:///{folder / 'cost.db'}")
    with Session(engine) as session:
        for _ in range(100):  # compiled and cached, as in a running bot
            session.execute(STATEMENT)

        def run() -> None:
            for _ in range(n):
                session.execute(STATEMENT).all()

        per_statement("SQLite, Session.execute", n, run)
    engine.dispose()


def on_loop(
    loop: asyncio.AbstractEventLoop, work: Callable[[], Awaitable[object]]
) -> Callable[[], None]:
    """``work`` run to its end on ``loop``."""

    async def run() -> None:
        await work()

    return lambda: loop.run_until_complete(run())


def postgresql(n: int, loop: asyncio.AbstractEventLoop) -> None:
    url = POSTGRES_DSN.replace("postgresql://", "postgresql+asyncpg://", 1)
    engine = create_async_engine(url, pool_size=SESSIONS)

    async def each(session: AsyncSession | GreenletSession, count: int) -> None:
        for _ in range(count):
            (await session.execute(STATEMENT)).all()

    async def one_session() -> None:
        async with AsyncSession(engine) as session:
            await each(session, n)

    async def several() -> None:
        sessions = [AsyncSession(engine) for _ in range(SESSIONS)]
        await asyncio.gather(*(each(s, n // SESSIONS) for s in sessions))
        await asyncio.gather(*(s.close() for s in sessions))

    async def units() -> None:
        sessions = [GreenletSession(Session(engine.sync_engine)) for _ in range(SESSIONS)]
        await asyncio.gather(*(each(s, n // SESSIONS) for s in sessions))
        await asyncio.gather(*(s.close() for s in sessions))

    async def one_greenlet() -> None:
        async with AsyncSession(engine) as session:
            await session.run_sync(lambda s: [s.execute(STATEMENT).all() for _ in range(n)])

    async def warm() -> None:
        async with AsyncSession(engine) as session:
            await each(session, 100)
        await several()

    loop.run_until_complete(warm())
    per_statement("PostgreSQL, AsyncSession.execute, one session", n, on_loop(loop, one_session))
    per_statement(
        f"PostgreSQL, AsyncSession.execute, {SESSIONS} sessions at once",
        n // SESSIONS * SESSIONS,
        on_loop(loop, several),
    )
    per_statement(
        "PostgreSQL, one greenlet (AsyncSession.run_sync)", n, on_loop(loop, one_greenlet)
    )
    per_statement(
        f"PostgreSQL, the bot's unit sessions (GreenletSession), {SESSIONS} at once",
        n // SESSIONS * SESSIONS,
        on_loop(loop, units),
    )
    loop.run_until_complete(engine.dispose())


def asyncpg_alone(n: int, loop: asyncio.AbstractEventLoop) -> None:
    async def connections() -> list[asyncpg.Connection]:
        return [await asyncpg.connect(POSTGRES_DSN) for _ in range(SESSIONS)]

    opened = loop.run_until_complete(connections())

    async def each(connection: asyncpg.Connection, count: int) -> None:
        prepared = await connection.prepare("SELECT 1")
        for _ in range(count):
            await prepared.fetch()

    per_statement("asyncpg alone, one connection", n, on_loop(loop, lambda: each(opened[0], n)))

    async def all_at_once() -> None:
        await asyncio.gather(*(each(c, n // SESSIONS) for c in opened))

    async def close() -> None:
        await asyncio.gather(*(c.close() for c in opened))

    per_statement(
        f"asyncpg alone, {SESSIONS} connections at once",
        n // SESSIONS * SESSIONS,
        on_loop(loop, all_at_once),
    )
    loop.run_until_complete(close())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=5000)
    n = parser.parse_args().statements
    print(f"statement cost: {n} times SELECT 1, CPU time of this process per statement")
    with tempfile.TemporaryDirectory(prefix="followup-cost-") as folder:
        sqlite_session(n, Path(folder))
    loop = asyncio.new_event_loop()
    try:
        postgresql(n, loop)
        asyncpg_alone(n, loop)
    finally:
        loop.close()


if __name__ == "__main__":
    main()
