"""The event loop the bot runs on: uvloop's where it is installed, else asyncio's own.

uvloop puts libuv under asyncio's API (by the authors of asyncpg, which was written for it). The
loop's own work for each update (waking on a socket, reading, calling back, scheduling the
next step) then runs in C rather than in asyncio's Python, and each update is many such steps:
the Bot API calls and, on PostgreSQL, a round trip for every statement. ``bench/e2e.py`` shows
the difference in CPU time per update. ``EVENT_LOOP=asyncio`` runs asyncio's own loop instead;
so does a system where uvloop is not installed (it is not built for Windows).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")
LOOPS = ("uvloop", "asyncio")


def loop_factory(name: str) -> Callable[[], asyncio.AbstractEventLoop] | None:
    """What makes the loop called ``name``; ``None`` for asyncio's own."""
    if name == "uvloop":
        try:
            import uvloop
        except ImportError:
            log.info("uvloop is not installed: asyncio's own event loop runs")
            return None
        return uvloop.new_event_loop
    return None


def run(main: Coroutine[Any, Any, T], loop: str = "uvloop") -> T:
    """Run ``main`` to its end on a new event loop (``uvloop`` or ``asyncio``), as
    :func:`asyncio.run` does."""
    factory = loop_factory(loop)
    log.info("event loop: %s", "uvloop" if factory is not None else "asyncio")
    with asyncio.Runner(loop_factory=factory) as runner:
        return runner.run(main)
