"""The sandbox posts updates to a webhook as Telegram does: secret header, retries, lost answers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiohttp import web
from telegram import Bot
from telegram.error import BadRequest, Conflict

from bot.sandbox import SECRET_HEADER, Sandbox

SECRET = "s3cr3t_Token-1"


@dataclass
class Receiver:
    """A webhook endpoint that records what it got and answers with ``status``."""

    url: str = ""
    status: int = 200
    posts: list[tuple[dict[str, str], Any]] = field(default_factory=list)


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    box = Receiver()

    async def hook(request: web.Request) -> web.Response:
        box.posts.append((dict(request.headers), await request.json()))
        return web.Response(status=box.status)

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    box.url = f"http://127.0.0.1:{runner.addresses[0][1]}/hook"
    yield box
    await runner.cleanup()


async def test_updates_are_posted_with_the_secret_and_polling_is_refused(
    sandbox: Sandbox, tg: Bot, world: dict[str, Any], receiver: Receiver
) -> None:
    assert await tg.set_webhook(receiver.url, secret_token=SECRET, allowed_updates=["message"])
    assert sandbox.webhook_url == receiver.url
    await sandbox.send_message(world["group"]["id"], world["lan"]["id"], "/tasks")
    [delivery] = await sandbox.wait_for_webhook_deliveries(1)
    assert delivery.status == 200
    [(headers, update)] = receiver.posts
    assert headers[SECRET_HEADER] == SECRET
    assert headers["Content-Type"] == "application/json"
    assert update["update_id"] == delivery.update_id
    assert update["message"]["text"] == "/tasks"
    info = await tg.get_webhook_info()
    assert (info.url, info.pending_update_count, info.last_error_date) == (receiver.url, 0, None)
    with pytest.raises(Conflict, match="webhook is active"):
        await tg.get_updates()


async def test_a_refused_update_is_posted_again_until_accepted(
    sandbox: Sandbox, tg: Bot, world: dict[str, Any], receiver: Receiver
) -> None:
    receiver.status = 403
    await tg.set_webhook(receiver.url, secret_token=SECRET)
    await sandbox.send_message(world["group"]["id"], world["lan"]["id"], "một")
    await sandbox.wait_for_webhook_deliveries(2)
    info = await tg.get_webhook_info()
    assert info.pending_update_count == 1
    assert info.last_error_message == "Wrong response from the webhook: 403 Forbidden"
    receiver.status = 200
    deliveries = await sandbox.wait_for_webhook_deliveries(len(receiver.posts) + 1)
    assert deliveries[-1].status == 200
    assert {d.update_id for d in deliveries} == {deliveries[0].update_id}
    assert (await tg.get_webhook_info()).pending_update_count == 0


async def test_a_lost_answer_means_the_update_is_posted_twice(
    sandbox: Sandbox, tg: Bot, world: dict[str, Any], receiver: Receiver
) -> None:
    await tg.set_webhook(receiver.url)
    sandbox.lose_webhook_answers(1)
    await sandbox.send_message(world["group"]["id"], world["lan"]["id"], "một")
    first, second = await sandbox.wait_for_webhook_deliveries(2)
    assert (first.update_id, first.lost) == (second.update_id, True)
    assert (second.status, second.lost) == (200, False)
    assert SECRET_HEADER not in receiver.posts[0][0]  # no secret was set
    assert (await tg.get_webhook_info()).pending_update_count == 0


async def test_after_delete_webhook_updates_wait_for_get_updates(
    sandbox: Sandbox, tg: Bot, world: dict[str, Any], receiver: Receiver
) -> None:
    receiver.status = 500
    await tg.set_webhook(receiver.url)
    await sandbox.send_message(world["group"]["id"], world["lan"]["id"], "một")
    await sandbox.wait_for_webhook_deliveries(1)
    assert await tg.delete_webhook()
    assert (await tg.get_webhook_info()).url == ""
    [update] = await tg.get_updates()
    assert update.message is not None
    assert update.message.text == "một"


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"url": "http://127.0.0.1/hook", "secret_token": "có dấu"}, "unallowed characters"),
        ({"url": "ftp://example.org/hook"}, "(?i)https url must be provided"),
        ({"url": "http://127.0.0.1/hook", "max_connections": 101}, "max_connections"),
    ],
)
async def test_bad_webhook_settings_are_refused(
    tg: Bot, kwargs: dict[str, Any], error: str
) -> None:
    with pytest.raises(BadRequest, match=error):
        await tg.set_webhook(**kwargs)
