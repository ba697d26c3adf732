"""Bot API methods about the bot itself: identity, webhook, updates and the command menu."""

from __future__ import annotations

import re
from typing import Any

from bot.sandbox import _webhook
from bot.sandbox._errors import ApiError, bad_request
from bot.sandbox._params import Params
from bot.sandbox._state import JSON, SandboxState

_COMMAND = re.compile(r"[a-z0-9_]{1,32}")
_CHAT_SCOPES = {"chat", "chat_administrators", "chat_member"}
_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


async def get_me(state: SandboxState, params: Params) -> JSON:
    """getMe: the bot's ``User`` with the bot-only fields."""
    return {
        **state.bot,
        "can_join_groups": True,
        "can_read_all_group_messages": not state.privacy_mode,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


async def accept(state: SandboxState, params: Params) -> bool:
    """logOut and close: nothing to do locally."""
    return True


async def set_webhook(state: SandboxState, params: Params) -> bool:
    """setWebhook: start posting updates to the URL (an empty URL removes the webhook).

    Telegram demands https on ports 443, 80, 88 or 8443; the sandbox also takes http, since the
    bot under test listens locally.
    """
    url = params.get_str("url") or ""
    secret = params.get_str("secret_token")
    if secret is not None and not _SECRET.fullmatch(secret):
        raise bad_request("secret token contains unallowed characters")
    max_connections = params.get_int("max_connections", 40) or 40
    if not 1 <= max_connections <= 100:
        raise bad_request("bad webhook: max_connections must be between 1 and 100")
    if url and not re.fullmatch(r"https?://[^/\s]+(/\S*)?", url):
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    state.updates.set_allowed(params.get_json("allowed_updates"))
    if params.get_bool("drop_pending_updates"):
        state.updates.drop_pending()
    if url:
        await _webhook.start(state, url, secret, max_connections)
    else:
        await _webhook.stop(state)
    return True


async def delete_webhook(state: SandboxState, params: Params) -> bool:
    """deleteWebhook, optionally dropping the pending updates."""
    await _webhook.stop(state)
    if params.get_bool("drop_pending_updates"):
        state.updates.drop_pending()
    return True


async def get_webhook_info(state: SandboxState, params: Params) -> JSON:
    """getWebhookInfo: the URL (empty when polling), the queue length, the last error."""
    return {**state.webhook.info(), "pending_update_count": state.updates.pending_count}


async def get_updates(state: SandboxState, params: Params) -> list[JSON]:
    """getUpdates: confirm by ``offset``, long-poll for ``timeout`` seconds, honour filters."""
    if state.webhook.url:
        raise ApiError(
            409,
            "Conflict: can't use getUpdates method while webhook is active; "
            "use deleteWebhook to delete the webhook first",
        )
    state.updates.set_allowed(params.get_json("allowed_updates"))
    limit = params.get_int("limit", 100) or 100
    timeout = float(params.get_int("timeout", 0) or 0)
    return await state.updates.fetch(params.get_int("offset"), limit, timeout)


def _commands_key(params: Params) -> tuple[str, str]:
    scope: Any = params.get_json("scope") or {"type": "default"}
    if not isinstance(scope, dict) or "type" not in scope:
        raise bad_request("can't parse BotCommandScope")
    kind = str(scope["type"])
    if kind in _CHAT_SCOPES:
        # A chat-bound scope is kept per chat (and per user), or menus would overwrite each other.
        kind = ":".join(str(part) for part in (kind, scope.get("chat_id"), scope.get("user_id")))
        kind = kind.removesuffix(":None")
    return kind, params.get_str("language_code") or ""


async def set_my_commands(state: SandboxState, params: Params) -> bool:
    """setMyCommands for a scope and language, with Telegram's checks on each command."""
    commands = params.get_json("commands")
    if not isinstance(commands, list) or len(commands) > 100:
        raise bad_request("can't parse commands JSON object")
    for command in commands:
        if not isinstance(command, dict) or not _COMMAND.fullmatch(str(command.get("command"))):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(str(command.get("description") or "")) <= 256:
            raise bad_request("command description must be non-empty")
    state.commands[_commands_key(params)] = [
        {"command": c["command"], "description": c["description"]} for c in commands
    ]
    return True


async def get_my_commands(state: SandboxState, params: Params) -> list[JSON]:
    """getMyCommands for a scope and language (empty when none were set)."""
    return state.commands.get(_commands_key(params), [])


async def delete_my_commands(state: SandboxState, params: Params) -> bool:
    """deleteMyCommands for a scope and language."""
    state.commands.pop(_commands_key(params), None)
    return True
