"""Two probes of the reminder sender around a failed send, with figures instead of verdicts.

Run from the repository root:  python bench/reminder_probes.py

1. Spin: one reminder is due and its first send fails (four 500s, one beyond the request
   layer's three retries, which the sender answers by postponing the reminder 10 s; or four
   429s, one beyond PTB's three retries, postponed by ``retry_after``). Count the sender's
   ``claim()`` calls each second while it waits. A timer armed for when the reminder may be
   retried would run the sender about once.
2. Lease: one reminder is due; Telegram answers its first two sends with
   ``429 retry after 40``, so PTB's rate limiter holds the send for about 80 s, longer than the
   60 s lease renewed just before it. Count the messages the group receives for the one task.

Uses the real clock, the real bot in this process and the sandbox; takes about three minutes.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]
os.environ.setdefault("PTB_TIMEDELTA", "true")

from bench._reminder_kit import (  # noqa: E402
    CHAT_COLUMNS,
    REMINDER_COLUMNS,
    TASK_COLUMNS,
    Bot,
    LogTally,
    bulk_insert,
    chat_rows,
    fresh_database,
    reminder_counts,
    running_bot,
    sandbox_groups,
    task_row,
    utc_now,
)
from bot.sandbox import Sandbox  # noqa: E402

TALLY = LogTally()


@asynccontextmanager
async def one_due_reminder(db: str, tmp: Path) -> AsyncIterator[tuple[Sandbox, Bot, str, int]]:
    """A running bot whose database holds one reminder, due now, in one sandbox group."""
    sandbox = Sandbox()
    await sandbox.start()
    try:
        chat_ids = sandbox_groups(sandbox, 1)
        async with fresh_database(db, tmp) as url, running_bot(sandbox, url) as bot:
            now = utc_now()
            await bulk_insert(url, "chats", CHAT_COLUMNS, chat_rows(chat_ids, 1, now))
            task = task_row(1, 1, 1, now + timedelta(days=2), now)
            await bulk_insert(url, "tasks", TASK_COLUMNS, [task])
            await bulk_insert(url, "reminders", REMINDER_COLUMNS, [(1, 1, 1, "due", now, 0)])
            yield sandbox, bot, url, chat_ids[0]
    finally:
        await sandbox.stop()


async def spin(db: str, fault: str, times: int, tmp: Path, watch: int = 14) -> None:
    """Fail the first ``times`` sends with ``fault``; count claim() calls each second."""
    async with one_due_reminder(db, tmp) as (sandbox, bot, url, _):
        sandbox.inject_fault("sendMessage", fault, times=times, retry_after=2)
        start = bot.claims
        bot.application.services.timer.planned(utc_now())
        per_second = []
        for _ in range(watch):
            before = bot.claims
            await asyncio.sleep(1)
            per_second.append(bot.claims - before)
        pending = (await reminder_counts(url)).pending
    sends = sum(1 for method, _ in sandbox.calls if method == "sendMessage")
    print(
        f"  {db:<10} {fault} x{times}: claim() calls per second {per_second} "
        f"(total {bot.claims - start}); sendMessage calls {sends}; pending at the end {pending}"
    )


async def lease(db: str, tmp: Path, watch: int = 150) -> None:
    """Hold the only send ~80 s in PTB's limiter (two 429s of 40 s); count what arrives."""
    async with one_due_reminder(db, tmp) as (sandbox, bot, url, chat_id):
        sandbox.inject_fault("sendMessage", "429", times=2, retry_after=40)
        start = bot.claims
        bot.application.services.timer.planned(utc_now())
        await asyncio.sleep(watch)
        counts = await reminder_counts(url)
    received = [m for m in sandbox.transcript(chat_id) if m["from"]["id"] == sandbox.bot["id"]]
    calls = sum(1 for method, _ in sandbox.calls if method == "sendMessage")
    print(
        f"  {db:<10} messages received for the one task: {len(received)} "
        f"(sendMessage calls {calls}, claim() calls {bot.claims - start}, "
        f"rows sent {counts.sent}, pending {counts.pending})"
    )


async def _main() -> None:
    with tempfile.TemporaryDirectory(prefix="followup-probes-") as folder:
        tmp = Path(folder)
        print("1. Spin: claim() calls while the only due reminder waits after a failed send")
        for db in ("sqlite", "postgresql"):
            await spin(db, "500", 4, tmp)  # beyond the 3 retries: NetworkError, postponed 10 s
            await spin(db, "429", 4, tmp)  # beyond max_retries=3: postponed by retry_after (2 s)
        print("2. Lease: a send held ~80 s by two '429 retry after 40' (lease: 60 s)")
        for db in ("sqlite", "postgresql"):
            await lease(db, tmp)
    print(TALLY.summary())


if __name__ == "__main__":
    # PTB logs its give-up after the retries with a traceback; keep the output to the figures.
    logging.basicConfig(level=logging.WARNING, handlers=[TALLY], force=True)
    asyncio.run(_main())
