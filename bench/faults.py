"""How long commands wait for their answer through Telegram's failures: figures, no verdicts.

Run from the repository root:  python bench/faults.py

For each fault rate, seeded random faults of every transient kind (500, 502, a dropped
connection before or after the call is carried out, a timeout, a 429 with ``retry_after`` 1) hit
every call of the methods the bot uses, each kind with the same share of the rate. 30 commands
go to three groups in turn (ten a group: under Telegram's 20 messages a minute per group), one
after the other, as the production build runs them (rate limiter, 5 s read timeout). Printed per
database and rate: the seconds from a command to its answer (median, slowest), faults served,
answers the chat saw twice, commands left unanswered after 30 s.

Uses the real clock, the real bot in this process and the sandbox; takes a few minutes.
"""

from __future__ import annotations

import asyncio
import logging
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]
os.environ.setdefault("PTB_TIMEDELTA", "true")

from bench._reminder_kit import LogTally, fresh_database, running_bot  # noqa: E402
from bot.sandbox import Sandbox  # noqa: E402

RATES = (0.0, 0.1, 0.25)
KINDS = ("429", "500", "502", "drop", "drop_after", "timeout")
METHODS = ("sendMessage", "getUpdates", "getChatAdministrators")
COMMANDS = 30
WAIT = 30.0
TALLY = LogTally()


def answers(sandbox: Sandbox, chat_id: int, message_id: int) -> int:
    """How many bot messages reply to ``message_id``."""
    return sum(
        1
        for m in sandbox.transcript(chat_id)
        if m["from"]["id"] == sandbox.bot["id"]
        and m.get("reply_to_message", {}).get("message_id") == message_id
    )


async def run(db: str, rate: float, tmp: Path) -> None:
    """Send the commands at this fault rate; print the figures."""
    sandbox = Sandbox()
    await sandbox.start()
    try:
        async with fresh_database(db, tmp) as url, running_bot(sandbox, url):
            secretary = sandbox.add_user("Thư ký", username="thuky", language_code="vi")
            groups = [
                int(sandbox.add_group(f"Khối {g}", admins=[secretary])["id"]) for g in range(3)
            ]
            rng = random.Random(7)
            if rate:
                for method in METHODS:
                    for kind in KINDS:
                        seed = rng.randrange(2**32)
                        sandbox.inject_fault(
                            method, kind, times=None, rate=rate / len(KINDS), seed=seed
                        )
            waits: list[float] = []
            sent: list[tuple[int, int]] = []
            unanswered = 0
            for n in range(COMMANDS):
                chat = groups[n % len(groups)]
                text = f"/viec @thuky: việc số {n} trước thứ 6" if n % 2 else "/ds"
                start = time.perf_counter()
                message = await sandbox.send_message(chat, secretary["id"], text)
                mid = int(message["message_id"])

                def answered(chat: int = chat, mid: int = mid) -> bool:
                    return answers(sandbox, chat, mid) > 0

                try:
                    await sandbox.wait_until(answered, WAIT)
                    waits.append(time.perf_counter() - start)
                except TimeoutError:
                    unanswered += 1
                sent.append((chat, mid))
            sandbox.clear_faults()
            await asyncio.sleep(1)  # a resend after a lost answer may still be on its way
            twice = sum(1 for chat, mid in sent if answers(sandbox, chat, mid) > 1)
    finally:
        await sandbox.stop()
    median = statistics.median(waits) if waits else float("nan")
    slowest = max(waits) if waits else float("nan")
    print(
        f"  {db:<10} rate {rate:<4}: answer after median {median:.2f} s, slowest {slowest:.2f} s;"
        f" faults served {sandbox.faults_served()}; answered twice {twice};"
        f" unanswered {unanswered} of {COMMANDS}"
    )


async def _main() -> None:
    with tempfile.TemporaryDirectory(prefix="followup-faults-") as folder:
        for db in ("sqlite", "postgresql"):
            for rate in RATES:
                await run(db, rate, Path(folder))
    print(TALLY.summary())


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING, handlers=[TALLY], force=True)
    asyncio.run(_main())
