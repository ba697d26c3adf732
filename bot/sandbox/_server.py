"""The HTTP side: Telegram's ``/bot<token>/<method>`` endpoint with its envelope and faults."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from bot.sandbox import _api_bot, _api_chats, _api_messages
from bot.sandbox._driver import migrate_group
from bot.sandbox._errors import ApiError, DriverError, forbidden, migrated, too_many_requests
from bot.sandbox._faults import Fault
from bot.sandbox._params import Params, read_params
from bot.sandbox._state import SandboxState

logger = logging.getLogger(__name__)

Method = Callable[[SandboxState, Params], Awaitable[Any]]
STATE: web.AppKey[SandboxState] = web.AppKey("sandbox_state", SandboxState)

METHODS: dict[str, Method] = {
    "getMe": _api_bot.get_me,
    "logOut": _api_bot.accept,
    "close": _api_bot.accept,
    "setWebhook": _api_bot.set_webhook,
    "deleteWebhook": _api_bot.delete_webhook,
    "getWebhookInfo": _api_bot.get_webhook_info,
    "getUpdates": _api_bot.get_updates,
    "setMyCommands": _api_bot.set_my_commands,
    "getMyCommands": _api_bot.get_my_commands,
    "deleteMyCommands": _api_bot.delete_my_commands,
    "sendMessage": _api_messages.send_message,
    "editMessageText": _api_messages.edit_message_text,
    "editMessageReplyMarkup": _api_messages.edit_message_reply_markup,
    "deleteMessage": _api_messages.delete_message,
    "sendDocument": _api_messages.send_document,
    "sendMediaGroup": _api_messages.send_media_group,
    "answerCallbackQuery": _api_messages.answer_callback_query,
    "getChat": _api_chats.get_chat,
    "getChatMember": _api_chats.get_chat_member,
    "getChatAdministrators": _api_chats.get_chat_administrators,
    "getChatMemberCount": _api_chats.get_chat_member_count,
}
# Telegram matches method names without regard to case.
_BY_LOWER_NAME = {name.lower(): name for name in METHODS}
_CUT_SHORT = '{"ok":true,"result":{"message_id'
_BAD_GATEWAY = "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"


def _envelope(error: ApiError) -> web.Response:
    return web.json_response(error.envelope(), status=error.status)


def _hang_up(request: web.Request) -> web.Response:
    """Close the connection without a word: the client sees it dropped, with no HTTP answer."""
    if request.transport is not None:
        request.transport.abort()
    return web.Response()  # never written: the connection is gone


async def _faulty_answer(
    request: web.Request, state: SandboxState, fault: Fault, name: str, params: Params
) -> web.Response:
    """Answer a call the way the planned fault says Telegram would."""
    if fault.kind == "drop":
        return _hang_up(request)
    if fault.kind in ("drop_after", "garbled"):
        # Carried out (a refusal counts too), then the answer is lost on the way back, or
        # arrives cut short.
        try:
            await METHODS[name](state, params)
        except ApiError as error:
            state.api_errors.append((name, error.description))
        if fault.kind == "garbled":
            return web.Response(text=_CUT_SHORT, content_type="application/json")
        return _hang_up(request)
    if fault.kind == "429":
        return _envelope(too_many_requests(fault.retry_after))
    if fault.kind == "500":
        return _envelope(ApiError(500, "Internal Server Error"))
    if fault.kind == "502":
        return web.Response(status=502, text=_BAD_GATEWAY, content_type="text/html")
    if fault.kind == "403":
        return _envelope(forbidden("bot was kicked from the group chat"))
    if fault.kind == "migrate":
        return _envelope(migrated(await _migrate_target(state, params)))
    # "timeout": hold the call until the client has given up and the sandbox stops.
    await state.stopping.wait()
    return _envelope(ApiError(504, "Gateway Timeout"))


async def _migrate_target(state: SandboxState, params: Params) -> int:
    """Migrate the named group for real when it is one; otherwise make up a supergroup id."""
    raw = params.get_str("chat_id") or "0"
    chat_id = int(raw) if raw.lstrip("-").isdigit() else 0
    try:
        return int((await migrate_group(state, chat_id))["id"])
    except DriverError:
        return -1_000_000_000_000 - abs(chat_id)


def _admit(state: SandboxState, name: str, params: Params) -> None:
    """Apply Telegram's flood limits (raises the 429 when the call would exceed one)."""
    assert state.flood is not None
    raw = params.get_str("chat_id") or ""
    chat_id = int(raw) if raw.lstrip("-").isdigit() else None
    record = state.world.chats.get(chat_id) if chat_id is not None else None
    chat_type = str(record.chat["type"]) if record is not None else None
    state.flood.admit(name, chat_id, chat_type)


async def _bot_api(request: web.Request) -> web.StreamResponse:
    """Serve one Bot API call: check the token, find the method, apply faults, run it."""
    state = request.app[STATE]
    if request.match_info["token"] != state.token:
        return _envelope(ApiError(401, "Unauthorized"))
    name = _BY_LOWER_NAME.get(request.match_info["method"].lower())
    if name is None:
        return _envelope(ApiError(404, "Not Found"))
    try:
        params = await read_params(request)
        state.calls.append((name, params.plain()))
        await state.bot_activity.notify()
        fault = state.faults.take(name)
        if fault is not None:
            logger.info("sandbox: %s fails with planned fault %s", name, fault.kind)
            return await _faulty_answer(request, state, fault, name, params)
        if state.flood is not None:
            _admit(state, name, params)
        result = await METHODS[name](state, params)
    except ApiError as error:
        state.api_errors.append((name, error.description))
        logger.info("sandbox: %s -> %s %s", name, error.status, error.description)
        return _envelope(error)
    return web.json_response({"ok": True, "result": result})


def build_app(state: SandboxState) -> web.Application:
    """The aiohttp application serving the Bot API (driver routes are added separately)."""
    app = web.Application()
    app[STATE] = state
    app.router.add_route("*", "/bot{token}/{method}", _bot_api)
    return app
