"""Telegram's 20-a-minute limit of a group holds back what the bot posts into it, never what the
bot asks about it: forty members opening the group's records in private (each one a
``getChatMember`` on the group) do not wait on it, nor make the group's own answers wait.

The limiter is driven directly with a stand-in for the HTTP call, and a group limit of ONE call
an hour: a call held by it stays pending for the whole test, so what passed and what waits is
seen without measuring time.
"""

from __future__ import annotations

import asyncio
from typing import Any

from bot.app import default_rate_limiter
from bot.rate_limits import PostingLimiter

GROUP = -1001234567890


class _Telegram:
    """The HTTP call behind the limiter: notes which method got through, and to which chat."""

    def __init__(self) -> None:
        self.done: list[str] = []
        self.chats: set[int] = set()

    async def call(self, endpoint: str, data: dict[str, Any]) -> bool:
        self.done.append(endpoint)
        self.chats.add(int(data["chat_id"]))
        return True


def _request(
    limiter: PostingLimiter, telegram: _Telegram, endpoint: str, **data: Any
) -> asyncio.Task[Any]:
    """Make a call through the limiter, as PTB's ``ExtBot`` does."""
    call = limiter.process_request(
        callback=telegram.call,
        args=(endpoint, data),
        kwargs={},
        endpoint=endpoint,
        data=data,
        rate_limit_args=None,
    )
    return asyncio.create_task(call)


async def _settle() -> None:
    """Let every task run as far as it can without time passing."""
    for _ in range(20):
        await asyncio.sleep(0)


async def test_reads_on_a_group_pass_its_limit_and_posts_into_it_wait() -> None:
    limiter = default_rate_limiter(group_max_rate=1, group_time_period=3600, overall_max_rate=1000)
    telegram = _Telegram()

    def request(endpoint: str, **data: Any) -> asyncio.Task[Any]:
        return _request(limiter, telegram, endpoint, **data)

    first = request("sendMessage", chat_id=GROUP, text="Task #1 recorded")
    await _settle()
    assert first.done()  # the group's one post of the hour
    reads = [request("getChatMember", chat_id=GROUP, user_id=user) for user in range(40)]
    reads.append(request("getChatAdministrators", chat_id=GROUP))
    held = [
        request("sendMessage", chat_id=GROUP, text="Task #2 recorded"),
        request("editMessageText", chat_id=GROUP, message_id=5, text="Page 2"),
        request("sendDocument", chat_id=str(GROUP), document="minutes.docx"),
    ]
    await _settle()
    try:
        assert all(read.done() for read in reads)
        assert telegram.done.count("getChatMember") == 40
        assert telegram.chats == {GROUP}  # asked about the group itself, not the stand-in id
        assert not any(task.done() for task in held)  # the group's limit holds them
        assert telegram.done.count("sendMessage") == 1
        assert "editMessageText" not in telegram.done
        assert "sendDocument" not in telegram.done
    finally:
        for task in held:
            task.cancel()
        await asyncio.gather(*held, return_exceptions=True)


async def test_reads_still_go_through_the_overall_limit() -> None:
    limiter = default_rate_limiter(overall_max_rate=2, overall_time_period=3600)
    telegram = _Telegram()
    reads = [
        _request(limiter, telegram, "getChatMember", chat_id=GROUP, user_id=user)
        for user in range(3)
    ]
    await _settle()
    try:
        assert [read.done() for read in reads] == [True, True, False]
    finally:
        reads[2].cancel()
        await asyncio.gather(*reads, return_exceptions=True)
