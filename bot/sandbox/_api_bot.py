"""Bot API methods about the bot itself: identity, webhook, updates and the command menu."""

from __future__ import annotations

import re
from typing import Any

from bot.sandbox._errors import ApiError, bad_request
from bot.sandbox._params import Params
from bot.sandbox._state import JSON, SandboxState

_COMMAND = re.compile(r"[a-z0-9_]{1,32}")
_CHAT_SCOPES = {"chat", "chat_administrators", "chat_member"}


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
    """setWebhook: remember the URL (the sandbox does not push updates to it)."""
    url = params.get_str("url") or ""
    state.webhook = {"url": url, "secret_token": params.get_str("secret_token")} if url else {}
    state.updates.set_allowed(params.get_json("allowed_updates"))
    if params.get_bool("drop_pending_updates"):
        state.updates.drop_pending()
    return True


async def delete_webhook(state: SandboxState, params: Params) -> bool:
    """deleteWebhook, optionally dropping the pending updates."""
    state.webhook = {}
    if params.get_bool("drop_pending_updates"):
        state.updates.drop_pending()
    return True


async def get_webhook_info(state: SandboxState, params: Params) -> JSON:
    """getWebhookInfo: the URL (empty when polling) and the queue length."""
    return {
        "url": state.webhook.get("url", ""),
        "has_custom_certificate": False,
        "pending_update_count": state.updates.pending_count,
    }


async def get_updates(state: SandboxState, params: Params) -> list[JSON]:
    """getUpdates: confirm by ``offset``, long-poll for ``timeout`` seconds, honour filters."""
    if state.webhook:
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
