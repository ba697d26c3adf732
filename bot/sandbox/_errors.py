"""Errors the sandbox answers with, worded the way Telegram words them.

Exception tree::

    ApiError            a Bot API call fails; becomes ``{"ok": false, ...}`` with its status
    DriverError         a test or script drove the sandbox wrongly (unknown chat, missing button)
"""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """A Bot API error: HTTP status, Telegram's description and optional ``parameters``."""

    def __init__(
        self, status: int, description: str, parameters: dict[str, Any] | None = None
    ) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters

    def envelope(self) -> dict[str, Any]:
        """Return the JSON body Telegram sends for this error."""
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.status,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


class DriverError(ValueError):
    """The sandbox was driven in a way the simulated world does not allow."""


def bad_request(detail: str, parameters: dict[str, Any] | None = None) -> ApiError:
    """Build a 400 error whose description starts with ``Bad Request: ``."""
    return ApiError(400, f"Bad Request: {detail}", parameters)


def forbidden(detail: str) -> ApiError:
    """Build a 403 error whose description starts with ``Forbidden: ``."""
    return ApiError(403, f"Forbidden: {detail}")


def too_many_requests(retry_after: int) -> ApiError:
    """The 429 Telegram answers when the bot sends too fast: wait ``retry_after`` seconds."""
    return ApiError(
        429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after}
    )


def chat_not_found() -> ApiError:
    """The error for a ``chat_id`` the sandbox does not know."""
    return bad_request("chat not found")


def migrated(new_chat_id: int) -> ApiError:
    """The error for a group that has become a supergroup."""
    return bad_request(
        "group chat was upgraded to a supergroup chat", {"migrate_to_chat_id": new_chat_id}
    )
