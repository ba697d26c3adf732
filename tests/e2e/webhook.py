"""Webhook-mode test helpers: a bot replica serving its web server; reading it over HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import aiohttp
from prometheus_client.parser import text_string_to_metric_families

from bot.app import build_application, build_services
from bot.clock import FakeClock
from bot.context import FollowUpApplication
from bot.sandbox import Sandbox
from bot.settings import Settings
from bot.web.server import serving
from storage import Database

SECRET = "test-webhook-secret_0123456789"
PUBLIC_URL = "https://bot.example.org/telegram"  # what Telegram is told; the LB maps it here


@dataclass
class Replica:
    """One bot process in webhook mode: its application and its web server's address."""

    application: FollowUpApplication
    database: Database
    root: str  # http://127.0.0.1:port of its web server

    @property
    def webhook(self) -> str:
        """Where this replica takes updates."""
        return f"{self.root}/telegram"


def webhook_settings(sandbox: Sandbox, database_url: str) -> Settings:
    """Settings of a webhook replica talking to the sandbox."""
    return Settings(
        _env_file=None,
        telegram_api_base_url=sandbox.root_url,
        database_url=database_url,  # type: ignore[call-arg]
        webhook_url=PUBLIC_URL,
        webhook_secret=SECRET,
    )


@asynccontextmanager
async def replica(sandbox: Sandbox, database_url: str, clock: FakeClock) -> AsyncIterator[Replica]:
    """A webhook replica on its own engine, serving on a free port until the block ends."""
    settings = webhook_settings(sandbox, database_url)
    database = Database(database_url)
    await database.upgrade()
    application = build_application(
        settings, build_services(settings, database, clock), token=sandbox.bot_token, polling=False
    )
    try:
        async with serving(application, settings, port=0) as root:
            yield Replica(application, database, root)
    finally:
        await database.dispose()


async def get(url: str) -> tuple[int, str]:
    """GET ``url``; its status and body."""
    async with aiohttp.ClientSession() as http, http.get(url) as response:
        return response.status, await response.text()


async def post(url: str, body: Any, headers: dict[str, str] | None = None) -> int:
    """POST ``body`` as JSON; the status."""
    async with aiohttp.ClientSession() as http, http.post(url, json=body, headers=headers) as r:
        return r.status


async def metrics(root: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """The replica's ``/metrics``, parsed with prometheus-client: (sample, labels) -> value."""
    status, text = await get(f"{root}/metrics")
    assert status == 200
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(
    samples: dict[tuple[str, tuple[tuple[str, str], ...]], float], name: str, **labels: str
) -> float:
    """One sample's value (0 when absent)."""
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)
