"""``followup console``: chat with the bot in the terminal, offline, with no token.

The real bot runs against the in-process sandbox on an SQLite file (a temporary one unless
``--database-url``), in the demo's group (:func:`bot.demo.create_group`, with forum topics).
Each line typed is a message from the current member where they post (the group, a topic of it,
another group, their private chat with the bot: :mod:`bot.console._places`); lines starting
with ``:`` are the console's own (``:help``, :mod:`bot.console._commands`). The clock is the
system clock, so reminders fire in real time; ``:clock +3d`` moves it ahead, and
``:clock 2022-07-07 09:00`` sets it (:class:`~bot.console._clock.ShiftedClock`).
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import tempfile
import threading
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from bot.app import build_application, build_services, running
from bot.clock import Clock, SystemClock
from bot.console import _texts as t
from bot.console._clock import ShiftedClock
from bot.console._places import Places
from bot.console._session import Session
from bot.console._users import full_name
from bot.demo import GROUP_TITLE, create_group
from bot.sandbox import Sandbox
from bot.settings import Settings
from storage import Database

__all__ = ["run_console"]


def _read_lines(
    stream: TextIO, loop: asyncio.AbstractEventLoop, lines: asyncio.Queue[str | None]
) -> None:
    """Feed the lines of ``stream`` to the event loop, then ``None`` at the end.

    A daemon thread, not ``asyncio.to_thread``: a thread of the default executor blocked in
    ``readline`` would keep the program alive after Ctrl-C until Enter is pressed.
    """
    for line in iter(stream.readline, ""):
        with contextlib.suppress(RuntimeError):  # the loop is closed: the console has ended
            loop.call_soon_threadsafe(lines.put_nowait, line)
    with contextlib.suppress(RuntimeError):
        loop.call_soon_threadsafe(lines.put_nowait, None)


async def _converse(session: Session, stdin: TextIO) -> None:
    lines: asyncio.Queue[str | None] = asyncio.Queue()
    reader = threading.Thread(
        target=_read_lines,
        args=(stdin, asyncio.get_running_loop(), lines),
        name="console-input",
        daemon=True,
    )
    reader.start()
    while True:
        session.prompt()
        line = await lines.get()
        if line is None:
            if session.interactive:  # leave the terminal on a new line after Ctrl-D
                session.echo("")
                session.say("")
            session.finish()
            return
        session.echo(line.rstrip("\n"))
        if not await session.handle(line):
            return


async def run_console(
    settings: Settings,
    *,
    database_url: str | None = None,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    clock: Clock | None = None,
) -> int:
    """Run the console until ``:quit`` or the end of the input; leave nothing running.

    ``clock`` is the system clock unless given (tests give a fake one).
    """
    stdin, out = stdin or sys.stdin, stdout or sys.stdout
    shifted = ShiftedClock(clock or SystemClock())
    sandbox = Sandbox(clock=shifted)
    with tempfile.TemporaryDirectory(prefix="followup-console-") as tmp:
        url = database_url or f"sqlite+aiosqlite:///{Path(tmp) / 'console.sqlite3'}"
        database = Database(url)  # first: a folder it cannot write in leaves nothing running
        root = await sandbox.start()
        local = settings.model_copy(
            update={"database_url": url, "telegram_api_base_url": root, "telegram_bot_token": None}
        )
        application = build_application(
            local, build_services(local, database, shifted), token=sandbox.bot_token
        )
        group = create_group(sandbox, is_forum=True)
        users = [group.secretary, group.chair, group.hoa]
        session = Session(
            sandbox,
            application,
            shifted,
            Places(sandbox, {"id": group.chat_id, "title": GROUP_TITLE}),
            users,
            zone=ZoneInfo(local.default_timezone),
            out=out,
            interactive=stdin.isatty(),
        )
        banner = t.BANNER.format(
            title=GROUP_TITLE, root=root, database=database.safe_url, user=full_name(users[0])
        )
        try:
            async with running(application):
                session.say(banner)
                watcher = asyncio.create_task(session.watch(), name="console-watch")
                try:
                    await _converse(session, stdin)
                finally:
                    watcher.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await watcher
        finally:
            await sandbox.stop()
            await database.dispose()
    return 0
