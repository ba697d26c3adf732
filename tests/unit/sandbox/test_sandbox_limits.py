"""Telegram's flood limits in the sandbox: sliding windows, 429 ``retry after N``, opt-in."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
import pytest
from telegram import Bot
from telegram.error import RetryAfter

from bot.clock import FakeClock
from bot.sandbox import Sandbox, TelegramLimits
from bot.sandbox.__main__ import _parse_args
from bot.sandbox._errors import ApiError
from bot.sandbox._limits import FloodControl, SlidingWindow

TOKEN = "123456:SANDBOX-TOKEN"  # the token the conftest's sandbox accepts
START = datetime(2025, 3, 3, 2, 0, tzinfo=UTC)  # where the conftest's fake clock stands
SECOND = timedelta(seconds=1)


def _refusal(flood: FloodControl, method: str, chat_id: int, chat_type: str) -> ApiError:
    with pytest.raises(ApiError) as caught:
        flood.admit(method, chat_id, chat_type)
    return caught.value


# --- the windows, on a fake clock -------------------------------------------------------------


def test_a_sliding_window_says_how_long_until_its_oldest_event_leaves() -> None:
    window = SlidingWindow(2, timedelta(seconds=10))
    window.add(START)
    window.add(START + timedelta(seconds=4))
    assert window.wait(START + timedelta(seconds=5)) == timedelta(seconds=5)
    assert window.wait(START + timedelta(seconds=10)) == timedelta(0)  # the first one left
    with pytest.raises(ValueError, match="at least one"):
        SlidingWindow(0, SECOND)


def test_thirty_messages_a_second_in_all_then_429_for_one_second() -> None:
    clock = FakeClock(START)
    flood = FloodControl(clock)
    for group in range(30):
        flood.admit("sendMessage", -100 - group, "supergroup")
    refused = _refusal(flood, "sendMessage", -200, "supergroup")
    assert refused.status == 429
    assert refused.description == "Too Many Requests: retry after 1"
    assert refused.parameters == {"retry_after": 1}
    assert refused.envelope()["error_code"] == 429
    clock.advance(SECOND)
    flood.admit("sendMessage", -200, "supergroup")
    assert flood.too_many_requests == 1


def test_the_window_slides_rather_than_resetting_each_second() -> None:
    clock = FakeClock(START)
    flood = FloodControl(clock)
    for _ in range(15):
        flood.admit("sendMessage", 1, "private")
    clock.advance(SECOND / 2)
    for _ in range(15):
        flood.admit("sendMessage", 2, "private")
    clock.advance(SECOND * 0.6)  # the first 15 have left, the last 15 are 0.6 s old
    for _ in range(15):
        flood.admit("sendMessage", 3, "private")
    _refusal(flood, "editMessageText", 3, "private")
    assert flood.too_many_requests == 1


def test_twenty_messages_a_minute_per_group_with_the_wait_in_whole_seconds() -> None:
    clock = FakeClock(START)
    flood = FloodControl(clock)
    for _ in range(20):
        flood.admit("sendMessage", -100, "supergroup")
        clock.advance(SECOND / 2)
    # Ten seconds after the first message, 50 s remain until it leaves the window.
    clock.set(START + timedelta(seconds=10, milliseconds=300))
    assert _refusal(flood, "sendMessage", -100, "supergroup").parameters == {"retry_after": 50}
    flood.admit("sendMessage", -101, "group")  # another group is not held back
    flood.admit("sendMessage", 7, "private")  # nor a private chat
    clock.set(START + timedelta(minutes=1))
    flood.admit("sendMessage", -100, "supergroup")
    assert _refusal(flood, "sendDocument", -100, "supergroup").parameters == {"retry_after": 1}
    assert flood.too_many_requests == 2


def test_reading_calls_are_not_limited_and_refusals_do_not_count() -> None:
    clock = FakeClock(START)
    flood = FloodControl(clock, TelegramLimits(messages_per_second=1))
    flood.admit("sendMessage", -100, "supergroup")
    for _ in range(50):
        flood.admit("getChat", -100, "supergroup")
        flood.admit("answerCallbackQuery", None, None)
    for _ in range(3):
        _refusal(flood, "sendMessage", -100, "supergroup")
    clock.advance(SECOND)
    flood.admit("sendMessage", -100, "supergroup")  # the three refusals took no room
    assert flood.too_many_requests == 3


def test_private_chats_are_limited_only_when_asked() -> None:
    clock = FakeClock(START)
    relaxed = FloodControl(clock)
    for _ in range(5):
        relaxed.admit("sendMessage", 7, "private")
    strict = FloodControl(clock, TelegramLimits(private_messages_per_second=1))
    strict.admit("sendMessage", 7, "private")
    assert _refusal(strict, "sendMessage", 7, "private").parameters == {"retry_after": 1}
    strict.admit("sendMessage", 8, "private")


def test_a_limit_set_to_none_is_off() -> None:
    flood = FloodControl(FakeClock(START), TelegramLimits(None, None))
    for _ in range(100):
        flood.admit("sendMessage", -100, "supergroup")
    assert flood.too_many_requests == 0


# --- through HTTP and python-telegram-bot ------------------------------------------------------


@pytest.fixture
async def strict(clock: FakeClock) -> AsyncIterator[Sandbox]:
    """A sandbox enforcing the limits, its windows on the test's fake clock."""
    box = Sandbox(clock=clock, bot_token=TOKEN, enforce_limits=True, limits_clock=clock)
    await box.start()
    try:
        yield box
    finally:
        await box.stop()


async def test_ptb_gets_retry_after_from_the_twenty_first_group_message(
    strict: Sandbox, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    lan = strict.add_user("Lan")
    group = strict.add_group("Khối thi đua số 1", admins=[lan])
    async with Bot(TOKEN, base_url=f"{strict.root_url}/bot") as bot:
        for number in range(20):
            await bot.send_message(group["id"], f"Nhắc việc {number}")
        with pytest.raises(RetryAfter) as caught:
            await bot.send_message(group["id"], "Một tin quá nhiều")
        assert caught.value.retry_after == timedelta(seconds=60)
        await bot.get_chat(group["id"])  # reading is still allowed
        clock.advance(timedelta(seconds=60))
        await bot.send_message(group["id"], "Đã qua một phút")
    assert strict.too_many_requests == 1
    assert len(strict.transcript(group["id"])) == 21
    assert [d.message_id for d in strict.deliveries] == list(range(1, 22))


async def test_the_429_envelope_on_the_wire(strict: Sandbox) -> None:
    lan = strict.add_user("Lan")
    chat_id = strict.add_group("Nhóm", admins=[lan])["id"]
    url = f"{strict.root_url}/bot{TOKEN}/sendMessage"
    async with aiohttp.ClientSession() as http:
        for _ in range(20):
            async with http.post(url, json={"chat_id": chat_id, "text": "x"}) as response:
                assert response.status == 200
        async with http.post(url, json={"chat_id": chat_id, "text": "x"}) as response:
            body: dict[str, Any] = await response.json()
    assert response.status == 429
    assert body == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 60",
        "parameters": {"retry_after": 60},
    }


async def test_limits_are_off_by_default(sandbox: Sandbox, tg: Bot, world: dict[str, Any]) -> None:
    for _ in range(25):
        await tg.send_message(world["group"]["id"], "x")
    assert sandbox.too_many_requests == 0
    assert len(sandbox.transcript(world["group"]["id"])) == 25


async def test_deliveries_are_stamped_with_the_world_clock(
    sandbox: Sandbox, tg: Bot, clock: FakeClock, world: dict[str, Any]
) -> None:
    await tg.send_message(world["group"]["id"], "một")
    clock.advance(timedelta(seconds=1.5))
    await tg.send_message(world["private"]["id"], "hai")
    assert [(d.at, d.chat_id, d.message_id) for d in sandbox.deliveries] == [
        (START, world["group"]["id"], 1),
        (START + timedelta(seconds=1.5), world["private"]["id"], 1),
    ]


async def test_waiting_for_deliveries_in_any_chat(
    sandbox: Sandbox, tg: Bot, world: dict[str, Any]
) -> None:
    await tg.send_message(world["group"]["id"], "một")
    with pytest.raises(TimeoutError, match="got 1"):
        await sandbox.wait_for_deliveries(2, timeout=0.05)
    await tg.send_message(world["private"]["id"], "hai")
    delivered = await sandbox.wait_for_deliveries(2, timeout=1)
    assert [d.chat_id for d in delivered] == [world["group"]["id"], world["private"]["id"]]


def test_the_command_line_switch() -> None:
    assert _parse_args(["--enforce-limits"]).enforce_limits is True
    assert _parse_args([]).enforce_limits is False
