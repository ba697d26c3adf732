"""The fault injector: counted and seeded-rate plans, the counts of faults served, dropped
connections before and after the call is carried out."""

from __future__ import annotations

from typing import Any

import pytest
from telegram import Bot
from telegram.error import NetworkError, TimedOut

from bot.sandbox import Sandbox
from bot.sandbox._faults import FaultInjector


def kinds_met(injector: FaultInjector, method: str, calls: int) -> list[str | None]:
    return [(f.kind if (f := injector.take(method)) else None) for _ in range(calls)]


def test_counted_plan_fails_the_next_calls_then_is_used_up() -> None:
    injector = FaultInjector()
    injector.add("sendMessage", "502", times=2)
    assert injector.pending == 2
    assert injector.take("getMe") is None  # another method leaves the plan alone
    assert kinds_met(injector, "SENDMESSAGE", 3) == ["502", "502", None]
    assert injector.pending == 0
    assert injector.served_count() == 2
    assert injector.served_count("sendmessage", "502") == 2
    assert injector.served_count("sendMessage", "500") == 0


def test_plans_are_served_oldest_first_and_star_matches_any_method() -> None:
    injector = FaultInjector()
    injector.add("*", "drop")
    injector.add("editMessageText", "drop_after")
    assert kinds_met(injector, "editMessageText", 3) == ["drop", "drop_after", None]
    assert injector.served_count("editMessageText") == 2


def test_a_seeded_rate_is_repeatable_and_near_its_rate() -> None:
    def run(seed: int) -> list[str | None]:
        injector = FaultInjector()
        injector.add("sendMessage", "500", times=None, rate=0.2, seed=seed)
        return kinds_met(injector, "sendMessage", 1000)

    first = run(7)
    assert first == run(7)
    assert first != run(8)
    assert 150 <= first.count("500") <= 250


def test_a_rate_plan_stops_after_its_times_and_is_not_pending() -> None:
    injector = FaultInjector()
    injector.add("getUpdates", "timeout", times=3, rate=0.5, seed=1)
    assert injector.pending == 0  # a rate plan has no fixed calls to wait for
    met = kinds_met(injector, "getUpdates", 200)
    assert met.count("timeout") == 3
    assert injector.served_count("getUpdates", "timeout") == 3
    injector.add("getUpdates", "429", times=None, rate=1.0)
    injector.clear()
    assert injector.take("getUpdates") is None
    assert injector.served_count() == 3  # clearing keeps the counts


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": "418"}, "unknown fault kind"),
        ({"kind": "500", "times": 0}, "at least 1"),
        ({"kind": "500", "times": None}, "needs a number of times"),
        ({"kind": "500", "rate": 0.0}, "rate must be"),
        ({"kind": "500", "rate": 1.5}, "rate must be"),
    ],
)
def test_bad_plans_are_refused(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        FaultInjector().add("sendMessage", **kwargs)


async def test_drop_closes_the_connection_before_the_call_is_carried_out(
    sandbox: Sandbox, tg: Bot, world: dict[str, Any]
) -> None:
    sandbox.inject_fault("sendMessage", "drop")
    with pytest.raises(NetworkError, match="disconnected") as caught:
        await tg.send_message(world["group"]["id"], "Nhắc việc")
    assert not isinstance(caught.value, TimedOut)
    assert sandbox.transcript(world["group"]["id"]) == []
    assert sandbox.faults_served("sendMessage", "drop") == 1
    assert sandbox.faults_pending == 0


async def test_drop_after_carries_the_call_out_then_loses_the_answer(
    sandbox: Sandbox, tg: Bot, world: dict[str, Any]
) -> None:
    sandbox.inject_fault("sendMessage", "drop_after")
    with pytest.raises(NetworkError, match="disconnected"):
        await tg.send_message(world["group"]["id"], "Nhắc việc")
    assert [m["text"] for m in sandbox.transcript(world["group"]["id"])] == ["Nhắc việc"]
    await tg.send_message(world["group"]["id"], "Lần nữa")  # the server is fine afterwards
    assert len(sandbox.transcript(world["group"]["id"])) == 2


async def test_seeded_rate_through_the_bot_api(
    sandbox: Sandbox, tg: Bot, world: dict[str, Any]
) -> None:
    sandbox.inject_fault("getChat", "500", times=None, rate=0.5, seed=3)
    failures = 0
    for _ in range(20):
        try:
            await tg.get_chat(world["group"]["id"])
        except NetworkError:
            failures += 1
    assert failures == sandbox.faults_served("getChat", "500")
    assert 0 < failures < 20
    sandbox.clear_faults()
    await tg.get_chat(world["group"]["id"])
