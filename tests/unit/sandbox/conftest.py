"""Fixtures: a running sandbox on a free port, PTB's own Bot pointed at it, a raw HTTP client."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import aiohttp
import pytest
from telegram import Bot

from bot.clock import FakeClock
from bot.sandbox import Sandbox

TOKEN = "123456:SANDBOX-TOKEN"
START = datetime(2025, 3, 3, 2, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
async def sandbox(clock: FakeClock) -> AsyncIterator[Sandbox]:
    box = Sandbox(clock=clock, bot_token=TOKEN, bot_username="followup_sandbox_bot")
    await box.start(host="127.0.0.1", port=0)
    try:
        yield box
    finally:
        await box.stop()


@pytest.fixture
async def tg(sandbox: Sandbox) -> AsyncIterator[Bot]:
    async with Bot(TOKEN, base_url=f"{sandbox.root_url}/bot") as bot:
        yield bot


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture
def world(sandbox: Sandbox) -> dict[str, Any]:
    """Two users in a supergroup (Lan is its creator) and Lan's private chat with the bot."""
    lan = sandbox.add_user("Lan", username="lan", language_code="vi")
    minh = sandbox.add_user("Minh", username="minh_nguyen", last_name="Nguyễn")
    group = sandbox.add_group("Khối thi đua số 1", members=[lan, minh], admins=[lan])
    private = sandbox.add_private_chat(lan)
    return {"lan": lan, "minh": minh, "group": group, "private": private}
