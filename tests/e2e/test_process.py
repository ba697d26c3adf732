"""A real bot process: killed with SIGKILL while a reminder falls due, restarted, the reminder
arrives once, marked late. Also a clean stop on SIGTERM."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import IO

import pytest
from sqlalchemy import select, update

from bot.clock import SystemClock
from bot.sandbox import Sandbox
from storage import Database, UnitOfWork
from storage.models import ReminderRow
from tests.e2e.test_webhook_process import free_port

ROOT = Path(__file__).resolve().parents[2]


class BotProcess:
    """``python -m bot run`` against the sandbox, as an operator would start it."""

    def __init__(self, sandbox: Sandbox, database_url: str, log: IO[bytes]) -> None:
        self.log = log  # a file, not a pipe: a full pipe would block the bot
        self.env = {
            **os.environ,
            "TELEGRAM_API_BASE_URL": sandbox.root_url,
            "TELEGRAM_BOT_TOKEN": sandbox.bot_token,
            "DATABASE_URL": database_url,
            "PTB_TIMEDELTA": "true",
            "PYTHONPATH": str(ROOT),
            "WEB_PORT": str(free_port()),  # health and metrics; not 8080, which may be taken
        }
        self.process: asyncio.subprocess.Process | None = None

    async def start(self, sandbox: Sandbox) -> None:
        polls = len([m for m, _ in sandbox.calls if m == "getUpdates"])
        self.process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            env=self.env,
            cwd=ROOT,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=self.log,
        )
        await sandbox.wait_for_calls("getUpdates", count=polls + 1, timeout=60)

    async def stop(self, sig: signal.Signals) -> int:
        assert self.process is not None
        self.process.send_signal(sig)
        return await asyncio.wait_for(self.process.wait(), timeout=30)


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    box = Sandbox(clock=SystemClock())
    await box.start()
    yield box
    await box.stop()


async def test_reminder_due_while_killed_is_sent_once_after_restart(
    sandbox: Sandbox, database_url: str, tmp_path: Path
) -> None:
    lan = sandbox.add_user("Lan", username="lan")
    chat = sandbox.add_group("Khối thi đua", members=[lan], admins=[lan])
    log = (tmp_path / "bot.log").open("wb")
    bot = BotProcess(sandbox, database_url, log)
    await bot.start(sandbox)
    try:
        await sandbox.send_message(chat["id"], lan["id"], "/viec @lan: gửi báo cáo tuần sau")
        [confirmation] = await sandbox.wait_for_bot_messages(chat["id"], timeout=30)
        assert await bot.stop(signal.SIGKILL) == -signal.SIGKILL
        # While the bot is down, its first reminder falls due (moved to five minutes ago).
        database = Database(database_url)
        async with UnitOfWork(database) as uow:
            # The task's own first reminder: on a Monday morning the weekly digest comes first.
            first = (
                await uow.session.execute(
                    select(ReminderRow.id)
                    .where(ReminderRow.task_id.is_not(None))
                    .order_by(ReminderRow.fire_at)
                    .limit(1)
                )
            ).scalar_one()
            due = SystemClock().now() - timedelta(minutes=5)
            await uow.session.execute(
                update(ReminderRow).where(ReminderRow.id == first).values(fire_at=due)
            )
            await uow.commit()
        await bot.start(sandbox)
        [reminder] = await sandbox.wait_for_bot_messages(
            chat["id"], timeout=30, after_message_id=confirmation["message_id"]
        )
        assert reminder["text"].startswith("⏰ Nhắc việc\n(gửi muộn")
        assert "#1 gửi báo cáo" in reminder["text"]
        assert await bot.stop(signal.SIGTERM) == 0  # a clean stop, which lets the job finish
        async with UnitOfWork(database) as uow:
            row = await uow.session.get(ReminderRow, first)
            assert row is not None
            assert row.sent_at is not None
        await database.dispose()
        reminders = [m for m in sandbox.transcript(chat["id"]) if "Nhắc việc" in m["text"]]
        assert len(reminders) == 1
    finally:
        if bot.process is not None and bot.process.returncode is None:
            bot.process.kill()
            await bot.process.wait()
        log.close()
        print((tmp_path / "bot.log").read_text()[-3000:])  # shown when the test fails


@pytest.mark.parametrize("kind", ["502", "drop"])
async def test_default_logs_are_quiet_while_idle_and_one_line_per_failed_poll(
    sandbox: Sandbox, tmp_path: Path, kind: str
) -> None:
    # At the default INFO: no line for each run of a scheduled job (three a minute, forever),
    # and a poll that fails through all its retries is one warning line, without a traceback.
    path = tmp_path / "bot.log"
    log = path.open("wb")
    bot = BotProcess(sandbox, f"sqlite:///{tmp_path / 'bot.sqlite3'}", log)
    await bot.start(sandbox)
    try:
        polls = len([m for m, _ in sandbox.calls if m == "getUpdates"])
        sandbox.inject_fault("getUpdates", kind, times=4)  # the first try and its 3 retries
        await sandbox.wait_for_calls("getUpdates", count=polls + 5, timeout=60)
        assert sandbox.faults_pending == 0
        assert await bot.stop(signal.SIGTERM) == 0
    finally:
        if bot.process is not None and bot.process.returncode is None:
            bot.process.kill()
            await bot.process.wait()
        log.close()
    lines = path.read_text().splitlines()
    print("\n".join(lines))  # shown when the test fails
    assert [line for line in lines if "apscheduler" in line] == []
    warnings = [line for line in lines if " WARNING " in line or " ERROR " in line]
    assert len(warnings) == 1
    assert " WARNING bot.app: getting updates from Telegram failed (NetworkError: " in warnings[0]
    assert warnings[0].endswith("; trying again")
    assert "exc_info" not in path.read_text()


async def test_a_busy_web_port_stops_the_start_before_anything_is_done(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    with socket.socket() as busy:  # another program holds the port
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        bot = BotProcess(sandbox, f"sqlite:///{tmp_path / 'bot.sqlite3'}", sys.stderr.buffer)
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            env={**bot.env, "WEB_PORT": str(port)},
            cwd=tmp_path,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
        _, err = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode == 2
    assert err.decode().splitlines()[-1] == (
        f"followup: WEB_LISTEN 127.0.0.1 and WEB_PORT {port} cannot be listened on "
        "(address already in use); choose a free port (WEB_PORT in .env) or another address."
    )
    methods = {method for method, _ in sandbox.calls}
    assert "setMyCommands" not in methods  # the bot told Telegram nothing
    assert "getUpdates" not in methods
