"""The real ``followup`` commands in webhook mode, as an operator runs them: ``webhook set``,
``run`` with JSON logs at DEBUG, a forged request, failures; then every log line and every error
message is read: each is one JSON object, and none holds the bot token or the webhook secret."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from bot.clock import SystemClock
from bot.sandbox import SECRET_HEADER, Sandbox
from tests.e2e.webhook import get, post

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "987654321:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
SECRET = "Zq8-webhook_secret-4f1c9a0e7b"
SECRETS = (TOKEN, TOKEN.split(":")[1], SECRET)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    box = Sandbox(clock=SystemClock(), bot_token=TOKEN)
    await box.start()
    yield box
    await box.stop()


class Operator:
    """Runs ``python -m bot ...`` with the environment an operator would set."""

    def __init__(self, sandbox: Sandbox, database_url: str, port: int) -> None:
        self.port = port
        self.env = {
            **os.environ,
            "TELEGRAM_API_BASE_URL": sandbox.root_url,
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "DATABASE_URL": database_url,
            "WEBHOOK_URL": f"http://127.0.0.1:{port}/telegram",
            "WEBHOOK_SECRET": SECRET,
            "WEB_PORT": str(port),
            "LOG_FORMAT": "json",
            "LOG_LEVEL": "DEBUG",  # python-telegram-bot logs every call's parameters at DEBUG
            "PYTHONPATH": str(ROOT),
        }
        self.outputs: list[str] = []  # everything any command printed, both streams

    async def command(self, *args: str, **env: str) -> tuple[int, str, str]:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            *args,
            env={**self.env, **env},
            cwd=ROOT,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        out, err = await asyncio.wait_for(process.communicate(), timeout=60)
        self.outputs += [out.decode(), err.decode()]
        assert process.returncode is not None
        return process.returncode, out.decode(), err.decode()


async def healthz_turns(root: str, status: int) -> str:
    """Ask ``/healthz`` until it answers ``status`` (the bot may still be starting); the body."""
    for _ in range(300):
        try:
            got, body = await get(f"{root}/healthz")
            if got == status:
                return body
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.1)
    raise TimeoutError(f"{root}/healthz never answered {status}")


async def test_webhook_mode_runs_and_logs_no_secret(
    sandbox: Sandbox, database_url: str, tmp_path: Path
) -> None:
    operator = Operator(sandbox, database_url, free_port())
    root = f"http://127.0.0.1:{operator.port}"
    code, out, _ = await operator.command("webhook", "set", "--drop-pending-updates")
    assert code == 0
    assert f"Telegram now posts updates to {root}/telegram" in out
    assert sandbox.webhook_url == f"{root}/telegram"

    lan = sandbox.add_user("Lan", username="lan", language_code="vi")
    chat = sandbox.add_group("Khối thi đua", members=[lan], admins=[lan])
    log_path = tmp_path / "bot.log"
    with log_path.open("wb") as log:
        bot = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", env=operator.env, cwd=ROOT, stderr=log
        )
        try:
            await healthz_turns(root, 200)
            await sandbox.send_message(chat["id"], lan["id"], "/viec @lan: gửi báo cáo tuần sau")
            [answer] = await sandbox.wait_for_bot_messages(chat["id"], timeout=30)
            assert answer["text"].startswith("📌 Đã ghi việc #1")
            assert await post(f"{root}/telegram", {"update_id": 1}, {SECRET_HEADER: "guess"}) == 403
            # Telegram fails the answer four times, so the retries give up: the handler fails,
            # the error handler logs it in one line, no traceback (an outage is no bug), and
            # the answer is sent again later (bot/resends.py).
            sandbox.inject_fault("sendMessage", "500", times=4)
            await sandbox.send_message(chat["id"], lan["id"], "/ds")
            await sandbox.wait_for_calls("sendMessage", count=5, timeout=30)
            body = await healthz_turns(root, 503)
            assert json.loads(body)["telegram"]["last_call"]["error"] == "HTTP 500"
            assert 'followup_updates_total{command="task"} 1.0' in (await get(f"{root}/metrics"))[1]
            info = await operator.command("webhook", "info")
            assert f"Webhook: {root}/telegram" in info[1]
        finally:
            bot.send_signal(signal.SIGTERM)
            assert await asyncio.wait_for(bot.wait(), timeout=30) == 0
    logs = log_path.read_text()
    operator.outputs.append(logs)

    # Failures an operator meets, each one sentence: a refused token, an unreachable API.
    code, _, err = await operator.command("webhook", "set", TELEGRAM_BOT_TOKEN=TOKEN[:-1] + "x")
    assert (code, err.splitlines()[-1]) == (
        2,
        f"followup: TELEGRAM_BOT_TOKEN was refused by the Bot API at {sandbox.root_url}; "
        "check it with @BotFather (/mybots → API Token).",
    )
    code, _, err = await operator.command(
        "webhook", "info", TELEGRAM_API_BASE_URL=f"http://127.0.0.1:{free_port()}"
    )
    assert code == 2
    assert "cannot be reached" in err.splitlines()[-1]
    assert (await operator.command("webhook", "delete"))[0] == 0
    assert sandbox.webhook_url == ""

    lines = logs.splitlines()
    events = [json.loads(line) for line in lines]  # every line is one JSON object
    assert all({"time", "level", "logger", "message"} <= set(e) for e in events)
    messages = [e["message"] for e in events]
    assert any("refused a webhook request" in m for m in messages)
    failed = [e for e in events if e["logger"] == "handlers.errors"]
    assert [e["level"] for e in failed] == ["WARNING"]
    assert "Telegram did not take the answer" in failed[0]["message"]
    assert "exc_info" not in failed[0]
    everything = "\n".join(operator.outputs)
    for secret in SECRETS:
        assert secret not in everything
    # PTB logged setWebhook's parameters at DEBUG: the secret was there, and was masked.
    assert "<secret>" in everything
