"""Which failed Bot API calls the request layer makes again (the loop itself runs in
tests/e2e/test_faults.py against the sandbox)."""

from __future__ import annotations

import asyncio

import aiohttp
import pytest
from telegram.error import NetworkError, TimedOut

from bot.telegram_calls import RETRIES, may_retry


def error_from(cause: Exception) -> NetworkError:
    """A PTB network error raised from ``cause``, as ``AiohttpRequest`` raises it."""
    error = TimedOut() if isinstance(cause, asyncio.TimeoutError) else NetworkError(str(cause))
    error.__cause__ = cause
    return error


LOST = [
    aiohttp.SocketTimeoutError("read"),
    aiohttp.ServerDisconnectedError(),
    aiohttp.ClientOSError(104, "Connection reset by peer"),
]


async def _refused() -> aiohttp.ClientConnectorError:
    """The error aiohttp raises for a refused connection (nothing listens on port 1)."""
    async with aiohttp.ClientSession() as session:
        try:
            await session.post("http://127.0.0.1:1/bot/sendMessage")
        except aiohttp.ClientConnectorError as error:
            return error
    raise AssertionError("port 1 accepted a connection")


NOT_SENT = [asyncio.run(_refused()), aiohttp.ConnectionTimeoutError("no free connection in time")]


@pytest.mark.parametrize("method", ["sendMessage", "editMessageText", "getUpdates"])
def test_a_5xx_or_a_request_never_sent_is_retried_up_to_the_limit(method: str) -> None:
    for error in [None, *(error_from(c) for c in NOT_SENT)]:
        assert [may_retry(method, error, attempt, lost=1) for attempt in range(RETRIES + 1)] == [
            True
        ] * RETRIES + [False]


@pytest.mark.parametrize("cause", LOST)
def test_a_lost_answer_resends_a_message_once_only(cause: Exception) -> None:
    error = error_from(cause)
    assert may_retry("sendMessage", error, attempt=0, lost=0)
    assert may_retry("SENDDOCUMENT", error, attempt=1, lost=0)  # after a 5xx, say
    assert not may_retry("sendMessage", error, attempt=1, lost=1)
    assert not may_retry("sendMediaGroup", error, attempt=2, lost=1)


@pytest.mark.parametrize("cause", LOST)
@pytest.mark.parametrize(
    "method", ["editMessageText", "answerCallbackQuery", "deleteMessage", "getUpdates"]
)
def test_a_lost_answer_repeats_calls_that_give_the_same_result_twice(
    cause: Exception, method: str
) -> None:
    error = error_from(cause)
    assert all(may_retry(method, error, attempt, lost=attempt) for attempt in range(RETRIES))
    assert not may_retry(method, error, RETRIES, lost=RETRIES)
