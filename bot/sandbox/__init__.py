"""A local Telegram Bot API server for tests, benchmarks and the demo.

python-telegram-bot talks to it over real HTTP (``base_url=f"{root}/bot"``); tests build a world
of users and chats, speak as the users and read what the bot answered.
"""

from bot.sandbox._errors import DriverError
from bot.sandbox._faults import FAULT_KINDS, FaultKind
from bot.sandbox._limits import TelegramLimits
from bot.sandbox._sandbox import Sandbox
from bot.sandbox._state import Delivery
from bot.sandbox._webhook import SECRET_HEADER, WebhookDelivery

__all__ = [
    "FAULT_KINDS",
    "SECRET_HEADER",
    "Delivery",
    "DriverError",
    "FaultKind",
    "Sandbox",
    "TelegramLimits",
    "WebhookDelivery",
]
