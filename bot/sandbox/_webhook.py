"""Pushing updates to the bot's webhook, as Telegram does once ``setWebhook`` has been called.

Each update is POSTed on its own as JSON, with ``X-Telegram-Bot-Api-Secret-Token`` when a secret
was set, up to ``max_connections`` at a time. An update stays queued until the webhook answers
with a 2xx; any other answer, or none, is recorded as the webhook's last error (as
``getWebhookInfo`` shows it) and the update is posted again after a growing pause. A planned
"lost answer" treats a 2xx as if it never arrived, so the update is posted again: what Telegram
does when the connection drops before the bot's answer reaches it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import aiohttp

if TYPE_CHECKING:
    from bot.sandbox._state import SandboxState

JSON = dict[str, Any]

logger = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
FIRST_PAUSE = 0.05  # seconds before posting again after a failure; doubles up to MAX_PAUSE
MAX_PAUSE = 1.0
ANSWER_TIMEOUT = 10.0  # Telegram waits longer; a local bot answers at once or not at all


@dataclass(frozen=True, slots=True)
class WebhookDelivery:
    """One POST of an update to the webhook and the HTTP status it got (0: no answer)."""

    update_id: int
    status: int
    lost: bool = False  # the answer was thrown away on purpose (a planned lost answer)


@dataclass
class WebhookState:
    """The webhook the bot set, the task pushing to it, and what it did."""

    url: str = ""
    secret: str | None = None
    max_connections: int = 40
    task: asyncio.Task[None] | None = None
    deliveries: list[WebhookDelivery] = field(default_factory=list)
    lose_answers: int = 0
    last_error_date: int | None = None
    last_error_message: str | None = None

    def info(self) -> JSON:
        """The webhook's part of ``getWebhookInfo``."""
        out: JSON = {"url": self.url, "has_custom_certificate": False}
        if self.url:
            out["max_connections"] = self.max_connections
        if self.last_error_date is not None:
            out["last_error_date"] = self.last_error_date
            out["last_error_message"] = self.last_error_message
        return out


async def start(state: SandboxState, url: str, secret: str | None, max_connections: int) -> None:
    """Point the pusher at ``url`` (replacing any earlier webhook) and start it."""
    await stop(state)
    hook = state.webhook
    hook.url, hook.secret, hook.max_connections = url, secret, max_connections
    hook.last_error_date = hook.last_error_message = None
    hook.task = asyncio.create_task(_push(state), name="sandbox-webhook")


async def stop(state: SandboxState) -> None:
    """Stop pushing and forget the webhook; queued updates wait for ``getUpdates`` again."""
    task, state.webhook.task = state.webhook.task, None
    state.webhook.url, state.webhook.secret = "", None
    if task is not None:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def _push(state: SandboxState) -> None:
    hook = state.webhook
    failures = 0
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=ANSWER_TIMEOUT)) as http:
        while True:
            batch = await state.updates.next_batch(hook.max_connections)
            if batch is None:  # the sandbox is stopping
                return
            answered = await asyncio.gather(*(_post(state, http, u) for u in batch))
            state.updates.remove(
                [u["update_id"] for u, ok in zip(batch, answered, strict=True) if ok]
            )
            await state.bot_activity.notify()
            if all(answered):
                failures = 0
            else:
                failures += 1
                await asyncio.sleep(min(MAX_PAUSE, FIRST_PAUSE * 2 ** (failures - 1)))


async def _post(state: SandboxState, http: aiohttp.ClientSession, update: dict[str, Any]) -> bool:
    """POST one update; True when the bot answered with a 2xx that was not lost on purpose."""
    hook = state.webhook
    headers = {"Content-Type": "application/json"}
    if hook.secret:
        headers[SECRET_HEADER] = hook.secret
    body = json.dumps(update, ensure_ascii=False).encode()
    try:
        async with http.post(hook.url, data=body, headers=headers) as response:
            status, reason = response.status, response.reason or ""
    except (aiohttp.ClientError, TimeoutError) as exc:
        status, reason = 0, f"Connection failed: {type(exc).__name__}"
    ok = 200 <= status <= 299
    lost = ok and hook.lose_answers > 0
    if lost:
        hook.lose_answers -= 1
    hook.deliveries.append(WebhookDelivery(int(update["update_id"]), status, lost))
    if not ok:
        hook.last_error_date = int(state.world.clock.now().timestamp())
        hook.last_error_message = (
            f"Wrong response from the webhook: {status} {reason}".strip() if status else reason
        )
        logger.info("sandbox: webhook answered update %s with %s", update["update_id"], status)
    return ok and not lost
