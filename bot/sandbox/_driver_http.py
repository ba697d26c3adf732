"""The driver over HTTP (``/sandbox/...``), for a bot under test that runs in another process.

Bodies and answers are JSON; answers use the Bot API envelope (``ok`` plus ``result`` or
``description``). A driving mistake is a 400, a wait that runs out a 408.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from bot.sandbox import _driver, _senders, _topics
from bot.sandbox._errors import DriverError
from bot.sandbox._server import STATE
from bot.sandbox._state import JSON, SandboxState

Route = Callable[[SandboxState, JSON, int], Awaitable[Any]]


def _route(action: Route) -> Callable[[web.Request], Awaitable[web.Response]]:
    """Wrap ``action(state, body, chat_id)`` into a handler with the envelope and errors."""

    async def handler(request: web.Request) -> web.Response:
        try:
            body = await request.json() if request.can_read_body else {}
            chat_id = int(request.match_info.get("chat_id", "0"))
            result = await action(request.app[STATE], body, chat_id)
        except (DriverError, KeyError, TypeError, ValueError) as error:
            return web.json_response({"ok": False, "description": repr(error)}, status=400)
        except TimeoutError as error:
            return web.json_response({"ok": False, "description": str(error)}, status=408)
        return web.json_response({"ok": True, "result": result}, dumps=_dumps)

    return handler


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


async def _info(state: SandboxState, body: JSON, chat_id: int) -> JSON:
    return {"bot": state.bot, "token": state.token}


async def _add_user(state: SandboxState, body: JSON, chat_id: int) -> JSON:
    return state.world.add_user(
        body["first_name"],
        username=body.get("username"),
        last_name=body.get("last_name"),
        language_code=body.get("language_code"),
    )


async def _add_chat(state: SandboxState, body: JSON, chat_id: int) -> JSON:
    world = state.world
    if body.get("type") == "private":
        return world.add_private_chat(world.user(int(body["user_id"])))
    return world.add_group(
        body["title"],
        [world.user(int(uid)) for uid in body.get("member_ids", [])],
        [world.user(int(uid)) for uid in body.get("admin_ids", [])],
        body.get("type", "supergroup"),
        bool(body.get("is_forum", False)),
    )


async def _send(state: SandboxState, body: JSON, chat_id: int) -> JSON:
    return await _driver.user_says(
        state,
        chat_id,
        int(body["user_id"]),
        body["text"],
        reply_to_message_id=body.get("reply_to_message_id"),
        entities=body.get("entities"),
        message_thread_id=body.get("message_thread_id"),
    )


async def _click(state: SandboxState, body: JSON, chat_id: int) -> JSON:
    user_id, message_id = int(body["user_id"]), int(body["message_id"])
    query_id = await _driver.click(state, chat_id, user_id, message_id, body["data"])
    return {"callback_query_id": query_id}


async def _add_channel(state: SandboxState, body: JSON, chat_id: int) -> JSON:
    return state.world.add_channel(body["title"], body.get("username"))


async def _anonymous(state: SandboxState, body: JSON, chat_id: int) -> JSON:
    return await _senders.anonymous_admin_says(
        state,
        chat_id,
        body["text"],
        entities=body.get("entities"),
        reply_to_message_id=body.get("reply_to_message_id"),
        author_signature=body.get("author_signature"),
    )


async def _channel_post(state: SandboxState, body: JSON, chat_id: int) -> JSON:
    return await _senders.channel_says(
        state,
        chat_id,
        int(body["channel_id"]),
        body["text"],
        entities=body.get("entities"),
        automatic_forward=bool(body.get("automatic_forward", False)),
    )


async def _edit(state: SandboxState, body: JSON, chat_id: int) -> JSON:
    return await _senders.edit_message(
        state, chat_id, int(body["message_id"]), body["text"], entities=body.get("entities")
    )


async def _press(state: SandboxState, body: JSON, chat_id: int) -> JSON:
    user_id, message_id = int(body["user_id"]), int(body["message_id"])
    query_id = await _senders.press(state, chat_id, user_id, message_id, str(body["data"]))
    return {"callback_query_id": query_id}


async def _member(state: SandboxState, body: JSON, chat_id: int) -> JSON:
    rights = {str(key): bool(value) for key, value in body.get("rights", {}).items()}
    return await _driver.set_member_status(
        state, chat_id, int(body["user_id"]), str(body["status"]), rights
    )


async def _transcript(state: SandboxState, body: JSON, chat_id: int) -> list[JSON]:
    return _driver.transcript(state, chat_id)


async def _wait(state: SandboxState, body: JSON, chat_id: int) -> list[JSON]:
    return await _driver.wait_for_bot_messages(
        state,
        chat_id,
        count=int(body.get("count", 1)),
        within=float(body.get("timeout", 5.0)),
        after_message_id=body.get("after_message_id"),
    )


async def _topic(state: SandboxState, body: JSON, chat_id: int) -> JSON:
    world = state.world
    record, user = world.driver_chat(chat_id), world.user(int(body["user_id"]))
    if "message_thread_id" in body:
        thread_id = int(body["message_thread_id"])
        _topics.set_state(world, record, user, thread_id, str(body["state"]))
    else:
        thread_id = _topics.create(world, record, user, str(body["name"]))
    return {"message_thread_id": thread_id}


async def _fault(state: SandboxState, body: JSON, chat_id: int) -> bool:
    state.faults.add(
        body["method"],
        str(body["kind"]),
        int(body.get("times", 1)),
        int(body.get("retry_after", 1)),
    )
    return True


async def _calls(state: SandboxState, body: JSON, chat_id: int) -> list[JSON]:
    return [{"method": method, "params": params} for method, params in state.calls]


def add_driver_routes(app: web.Application) -> None:
    """Mount the driver under ``/sandbox``."""
    routes = (
        ("GET", "/sandbox/info", _info),
        ("POST", "/sandbox/users", _add_user),
        ("POST", "/sandbox/chats", _add_chat),
        ("POST", "/sandbox/chats/{chat_id}/messages", _send),
        ("POST", "/sandbox/chats/{chat_id}/click", _click),
        ("POST", "/sandbox/channels", _add_channel),
        ("POST", "/sandbox/chats/{chat_id}/anonymous_messages", _anonymous),
        ("POST", "/sandbox/chats/{chat_id}/channel_posts", _channel_post),
        ("POST", "/sandbox/chats/{chat_id}/edits", _edit),
        ("POST", "/sandbox/chats/{chat_id}/press", _press),
        ("POST", "/sandbox/chats/{chat_id}/members", _member),
        ("POST", "/sandbox/chats/{chat_id}/topics", _topic),
        ("GET", "/sandbox/chats/{chat_id}/transcript", _transcript),
        ("POST", "/sandbox/chats/{chat_id}/wait", _wait),
        ("POST", "/sandbox/faults", _fault),
        ("GET", "/sandbox/calls", _calls),
    )
    for verb, path, action in routes:
        app.router.add_route(verb, path, _route(action))
