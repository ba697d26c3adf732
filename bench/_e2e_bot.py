"""The bot process of ``bench/e2e.py``: the follow-up bot, or a bare python-telegram-bot echo bot.

    python bench/_e2e_bot.py followup ROOT TOKEN DATABASE_URL
    python bench/_e2e_bot.py echo ROOT TOKEN

Both poll the sandbox at ``ROOT`` until SIGINT or SIGTERM. The follow-up bot is built as the
end-to-end tests build it (``build_application`` without a rate limiter, the real clock); the
echo bot is python-telegram-bot with its defaults and one handler that quotes each text back:
the framework's floor on the same sandbox. Each runs in its own process so that its memory
(``VmHWM``) is its own, and so that the sandbox and the benchmark do not share its event loop.
"""

from __future__ import annotations

import asyncio
import contextvars
import cProfile
import json
import logging
import os
import signal
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]
os.environ.setdefault("PTB_TIMEDELTA", "true")

import asyncpg  # noqa: E402
from asyncpg.prepared_stmt import PreparedStatement  # noqa: E402
from sqlalchemy import event  # noqa: E402
from telegram import Update  # noqa: E402
from telegram.ext import Application, ApplicationBuilder, ContextTypes, MessageHandler, filters  # noqa: E402

from bot.app import build_application, build_services, running  # noqa: E402
from bot.clock import SystemClock  # noqa: E402
from bot.settings import Settings  # noqa: E402
from storage import Database  # noqa: E402

READY = "bot ready"
ROUND_TRIPS = "round trips: "  # then a JSON object: command -> [updates, round trips]
_COMMAND: contextvars.ContextVar[str] = contextvars.ContextVar("command", default="-")


async def _until_signalled() -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    print(READY, flush=True)
    await stop.wait()


async def echo(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    """Quote the text back."""
    message = update.effective_message
    assert message is not None
    assert message.text is not None  # filters.TEXT
    await message.reply_text(message.text, do_quote=True)


async def run_echo(root: str, token: str) -> None:
    """python-telegram-bot's defaults, one handler."""
    application: Application = (  # type: ignore[type-arg]  # PTB's defaults, untyped here
        ApplicationBuilder().token(token).base_url(f"{root}/bot").build()
    )
    application.add_handler(MessageHandler(filters.TEXT, echo))
    async with application:
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(poll_interval=0, timeout=10)
        try:
            await _until_signalled()
        finally:
            await application.updater.stop()
            await application.stop()


def count_round_trips(application: Any) -> dict[str, list[int]]:
    """Count the round trips to PostgreSQL of each command (the first word of the update's
    text), by wrapping the asyncpg calls that each wait for one answer of the server: a simple
    query (BEGIN, COMMIT, ROLLBACK), a prepare, and a prepared statement's execution (with
    asyncpg's ``executemany``, its rows go in one round trip)."""
    counts: dict[str, list[int]] = {}

    def counted(cls: type, name: str) -> None:
        call = getattr(cls, name)

        async def wrapper(*args: Any, **kwargs: Any) -> Any:
            counts.setdefault(_COMMAND.get(), [0, 0])[1] += 1
            return await call(*args, **kwargs)

        setattr(cls, name, wrapper)

    for name in ("execute", "executemany", "fetch", "fetchrow", "fetchval", "prepare"):
        counted(asyncpg.Connection, name)
    for name in ("fetch", "fetchrow", "fetchval", "executemany"):
        counted(PreparedStatement, name)
    process = application.process_update

    async def process_update(update: object) -> None:
        message = update.effective_message if isinstance(update, Update) else None
        command = (message.text or "-").split()[0] if message is not None else "-"
        _COMMAND.set(command.split("@")[0])
        counts.setdefault(_COMMAND.get(), [0, 0])[0] += 1
        await process(update)

    application.process_update = process_update
    return counts


async def run_followup(root: str, token: str, url: str) -> None:
    """The whole follow-up bot, as ``tests/e2e/conftest.py`` runs it."""
    settings = Settings(
        _env_file=None,
        telegram_api_base_url=root,
        database_url=url,  # type: ignore[call-arg]
    )
    database = Database(url)
    statements = 0

    def count(*_args: object) -> None:
        nonlocal statements
        statements += 1

    for engine in database.engines:
        event.listen(engine, "before_cursor_execute", count)
    application = build_application(
        settings, build_services(settings, database, SystemClock()), token=token
    )
    trips = count_round_trips(application) if os.environ.get("FOLLOWUP_BENCH_TRIPS") else None
    try:
        async with running(application):
            await _until_signalled()
    finally:
        print(f"SQL statements: {statements}", flush=True)
        if trips is not None:
            print(ROUND_TRIPS + json.dumps(trips), flush=True)
        await database.dispose()


def main(argv: list[str]) -> None:
    """``followup ROOT TOKEN URL`` or ``echo ROOT TOKEN``.

    With ``FOLLOWUP_BENCH_PROFILE=FILE`` the run is profiled (cProfile) into ``FILE``; with
    ``FOLLOWUP_BENCH_TRIPS=1`` the round trips to PostgreSQL are counted (bench/round_trips.py).
    """
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s %(message)s")
    kind, root, token, *rest = argv
    run = run_echo(root, token) if kind == "echo" else run_followup(root, token, rest[0])
    target = os.environ.get("FOLLOWUP_BENCH_PROFILE")
    if not target:
        asyncio.run(run)
        return
    with cProfile.Profile() as profile:
        asyncio.run(run)
    profile.dump_stats(target)


if __name__ == "__main__":
    main(sys.argv[1:])
