"""``followup webhook set|delete|info``: register the webhook with Telegram, once for all replicas.

Registering is kept out of ``followup run`` so that replicas starting and stopping never fight
over it (each one calling setWebhook, or deleteWebhook on the way out).
"""

from __future__ import annotations

from typing import TextIO

from telegram import Bot, WebhookInfo

from bot.app import ALLOWED_UPDATES
from bot.errors import ConfigurationError
from bot.settings import Settings
from bot.startup import bot_api


async def run_webhook(
    action: str, settings: Settings, token: str, *, drop_pending: bool, out: TextIO
) -> int:
    """Carry out ``action`` (set, delete or info) and say what Telegram now does."""
    async with bot_api(settings, token) as bot:
        if action == "set":
            await _set(bot, settings, drop_pending, out)
        elif action == "delete":
            await bot.delete_webhook(drop_pending_updates=drop_pending)
            print("Webhook removed: Telegram keeps updates until `followup run` polls.", file=out)
        else:
            _show(await bot.get_webhook_info(), settings, out)
    return 0


async def _set(bot: Bot, settings: Settings, drop_pending: bool, out: TextIO) -> None:
    if settings.webhook_url is None or settings.webhook_secret is None:
        raise ConfigurationError(
            "WEBHOOK_URL is not set; set it (and WEBHOOK_SECRET) to the public https:// "
            "address of the bot's web server, e.g. https://bot.example.org/telegram."
        )
    await bot.set_webhook(
        settings.webhook_url,
        secret_token=settings.webhook_secret.get_secret_value(),
        allowed_updates=ALLOWED_UPDATES,
        drop_pending_updates=drop_pending,
    )
    print(f"Telegram now posts updates to {settings.webhook_url}", file=out)
    print(f"  allowed updates: {', '.join(ALLOWED_UPDATES)}; secret token: set", file=out)
    if drop_pending:
        print("  updates waiting until now were dropped", file=out)


def _show(info: WebhookInfo, settings: Settings, out: TextIO) -> None:
    if not info.url:
        print("No webhook is set: the bot gets updates by polling (`followup run`).", file=out)
    else:
        print(f"Webhook: {info.url}", file=out)
        if settings.webhook_url is not None and info.url != settings.webhook_url:
            print(
                f"  differs from WEBHOOK_URL {settings.webhook_url}: run `followup webhook set`",
                file=out,
            )
    print(f"  pending updates: {info.pending_update_count}", file=out)
    if info.max_connections:
        print(f"  max connections: {info.max_connections}", file=out)
    if info.last_error_date is not None:
        print(
            f"  last error: {info.last_error_date.isoformat()} {info.last_error_message}", file=out
        )
