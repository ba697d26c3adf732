"""Everything one running sandbox holds, shared by the Bot API, the driver and the facade."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.sandbox._faults import FaultInjector
from bot.sandbox._limits import FloodControl
from bot.sandbox._params import UploadedFile
from bot.sandbox._signal import Signal
from bot.sandbox._updates import UpdateQueue
from bot.sandbox._webhook import WebhookState
from bot.sandbox._world import World

JSON = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Delivery:
    """A message the bot posted: when the sandbox received it (world clock), where, which id."""

    at: datetime
    chat_id: int
    message_id: int


@dataclass
class SandboxState:
    """The world plus the bookkeeping of the Bot API side."""

    world: World
    token: str
    updates: UpdateQueue = field(default_factory=UpdateQueue)
    bot_activity: Signal = field(default_factory=Signal)
    faults: FaultInjector = field(default_factory=FaultInjector)
    calls: list[tuple[str, JSON]] = field(default_factory=list)
    api_errors: list[tuple[str, str]] = field(default_factory=list)
    callback_answers: list[JSON] = field(default_factory=list)
    queries_made: int = 0
    open_queries: dict[str, JSON] = field(default_factory=dict)
    query_times: dict[str, int] = field(default_factory=dict)  # when pressed (world clock)
    commands: dict[tuple[str, str], list[JSON]] = field(default_factory=dict)
    webhook: WebhookState = field(default_factory=WebhookState)
    files: dict[str, UploadedFile] = field(default_factory=dict)
    stopping: asyncio.Event = field(default_factory=asyncio.Event)
    flood: FloodControl | None = None  # Telegram's limits, when enforced
    deliveries: list[Delivery] = field(default_factory=list)
    privacy_mode: bool = True  # BotFather's Group Privacy setting, as getMe reports it

    @property
    def bot(self) -> JSON:
        """The bot's own ``User``."""
        return self.world.bot
