"""The event loop of ``followup run``: uvloop's, or asyncio's own when told or when missing."""

from __future__ import annotations

import asyncio
import sys

import pytest

from bot.event_loop import run

uvloop = pytest.importorskip("uvloop")  # not installed on Windows: asyncio's own loop runs


async def running_loop() -> asyncio.AbstractEventLoop:
    return asyncio.get_running_loop()


def test_uvloop_runs_by_default() -> None:
    assert isinstance(run(running_loop()), uvloop.Loop)


def test_asyncio_runs_when_asked() -> None:
    loop = run(running_loop(), "asyncio")
    assert not isinstance(loop, uvloop.Loop)
    assert isinstance(loop, asyncio.BaseEventLoop)


def test_asyncio_runs_where_uvloop_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "uvloop", None)  # import uvloop raises ImportError
    assert not isinstance(run(running_loop(), "uvloop"), uvloop.Loop)


def test_the_coroutine_result_and_errors_come_through() -> None:
    async def fails() -> None:
        raise ValueError("no")

    async def answer() -> int:
        await asyncio.sleep(0)
        return 42

    assert run(answer()) == 42
    with pytest.raises(ValueError, match="no"):
        run(fails())
