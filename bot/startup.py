"""Checks made before the bot starts polling, so that a mistake gives one clear sentence."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from telegram import Bot
from telegram.error import InvalidToken, NetworkError, TelegramError

from bot.errors import ConfigurationError
from bot.settings import Settings
from storage import Database

log = logging.getLogger(__name__)


@asynccontextmanager
async def bot_api(settings: Settings, token: str) -> AsyncIterator[Bot]:
    """A ``Bot`` talking to the configured Bot API; its errors become one clear sentence."""
    root = settings.telegram_api_base_url
    try:
        async with Bot(token, base_url=f"{root}/bot") as bot:
            yield bot
    except InvalidToken:
        raise ConfigurationError(
            f"TELEGRAM_BOT_TOKEN was refused by the Bot API at {root}; "
            "check it with @BotFather (/mybots → API Token)."
        ) from None
    except NetworkError as exc:
        raise ConfigurationError(
            f"TELEGRAM_API_BASE_URL {root} cannot be reached ({exc.message}); "
            "check the address and the network."
        ) from None
    except TelegramError as exc:
        raise ConfigurationError(f"the Bot API at {root} answered: {exc.message}.") from None


async def preflight(settings: Settings, database: Database, token: str) -> str:
    """Bring the schema up to date and make sure the Bot API accepts the token; return @username."""
    await database.upgrade()
    async with bot_api(settings, token) as bot:
        username = bot.username
        if settings.webhook_url is None and (hook := (await bot.get_webhook_info()).url):
            # python-telegram-bot's polling start-up would delete it without a word.
            raise ConfigurationError(
                f"a webhook is registered at {hook}, but WEBHOOK_URL is not set: polling would "
                "remove it, and a webhook bot would get nothing more; set WEBHOOK_URL and "
                "WEBHOOK_SECRET as for that bot, or run `followup webhook delete` to poll instead."
            )
    log.info("database %s is up to date; running as @%s", database.safe_url, username)
    return username
