"""Reply markup: Telegram's checks on inline keyboards, and finding a button to press."""

from __future__ import annotations

from typing import Any

from bot.sandbox._errors import bad_request

MAX_CALLBACK_DATA = 64
_ACTIONS = (
    "callback_data", "url", "login_url", "switch_inline_query", "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat", "copy_text", "web_app", "callback_game", "pay",
)  # fmt: skip


def check_reply_markup(markup: Any) -> dict[str, Any] | None:
    """Validate ``reply_markup``; return the inline keyboard a message keeps, if any."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" not in markup:
        # Reply keyboards, ForceReply and ReplyKeyboardRemove are accepted but not shown.
        return None
    rows = markup["inline_keyboard"]
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request('field "inline_keyboard" must be an Array of Array')
    for row in rows:
        for button in row:
            _check_button(button)
    return {"inline_keyboard": rows}


def _check_button(button: Any) -> None:
    if not isinstance(button, dict) or not isinstance(button.get("text"), str):
        raise bad_request("can't parse inline keyboard button: Text buttons are unallowed")
    if not button["text"]:
        raise bad_request("BUTTON_TEXT_EMPTY")
    if not any(key in button for key in _ACTIONS):
        raise bad_request("can't parse inline keyboard button: Text buttons are unallowed")
    if "callback_data" in button:
        data = button["callback_data"]
        if not isinstance(data, str) or not 1 <= len(data.encode()) <= MAX_CALLBACK_DATA:
            raise bad_request("BUTTON_DATA_INVALID")


def has_callback_button(message: dict[str, Any], data: str) -> bool:
    """Tell whether ``message`` shows an inline button carrying ``data``."""
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return any(button.get("callback_data") == data for row in rows for button in row)
