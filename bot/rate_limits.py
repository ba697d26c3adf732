"""Telegram's flood limits, applied to what they limit: posting, not asking."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from telegram.ext import AIORateLimiter

# What a Bot API call answers (PTB's private ``JSONDict`` types).
Answer = bool | dict[str, Any] | list[dict[str, Any]]

# A chat id that names no group: AIORateLimiter takes only negative ids and ``@name``s for groups.
_NOT_A_GROUP = 0


def is_read(endpoint: str) -> bool:
    """Whether a Bot API method only asks Telegram something (``getChatMember``,
    ``getChatAdministrators``, ``getChat``...): the API names every such method ``get...``."""
    return endpoint.startswith("get")


class PostingLimiter(AIORateLimiter):
    """PTB's ``AIORateLimiter`` with a group's limit kept for what the bot does in the group.

    ``AIORateLimiter.process_request`` decides from ``data["chat_id"]`` alone: any chat id puts
    the call under the overall limit (30 a second), and a group's id (negative, or an
    ``@name``) also under that group's own limit (20 a minute), whatever the method. So each
    ``getChatMember`` that a private chat asks about a group (``bot.admins.Members``) took one
    of the group's 20 places a minute: forty members opening the group's records in private at
    a meeting held their own answers, and the group's answers and reminders behind them, for up
    to a minute. Telegram's per-group limit is on messages posted into the group; reads are not
    limited per group.

    A read (:func:`is_read`) is therefore handed on with its chat id replaced by one that names
    no group, so it passes the overall limit only. ``data`` is what the limiter decides from;
    the call itself goes out with the untouched ``args``. Every other method that names a group
    (sends, edits, deletions, and any method the bot comes to use later) keeps PTB's throttling:
    wrongly slowing a call is better than a 429 from Telegram, which halts every call.
    """

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Answer]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Answer:
        """Throttle the call as ``AIORateLimiter`` does, a read without the group's limit."""
        if is_read(endpoint) and data.get("chat_id") is not None:
            data = {**data, "chat_id": _NOT_A_GROUP}
        return await super().process_request(
            callback, args, kwargs, endpoint, data, rate_limit_args
        )
