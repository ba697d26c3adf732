"""Count the round trips to PostgreSQL that each command costs the follow-up bot.

Run from the repository root:  python bench/round_trips.py [--groups 6] [--burst 600]

On PostgreSQL each statement, and each BEGIN and COMMIT, waits for the server's answer: a send
and a receive on the socket, a wake-up of the event loop, a switch through SQLAlchemy's asyncio
layer, and the server's own work on the other core. On a small machine that is most of what a
command costs beyond the SQLite bot's own (``bench/e2e.py``), and neither callgrind
(``bench/e2e_instructions.py``, which counts no kernel time) nor a clock on a shared machine
shows it as plainly as this count, which moves by a few hundredths from one run to the next
(a statement is prepared once on each pooled connection; not counted: asyncpg's own look-up of
a type the first time a statement uses it). The bot runs as in
``bench/e2e.py`` (same world, same commands, its own process), with the asyncpg calls that wait
for the server counted by command (``bench/_e2e_bot.py``, ``FOLLOWUP_BENCH_TRIPS``); the table
leaves out the groups' set-up commands.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from bench._e2e_bot import ROUND_TRIPS  # noqa: E402
from bench.e2e import DONE, LIST, TASKS, started  # noqa: E402

COMMANDS = {  # what bench/e2e.py's secretaries type, as the table names it
    "/task": {text.split()[0] for texts in TASKS.values() for text in texts},
    "/done": set(DONE.values()),
    "/tasks": set(LIST.values()),
}


async def count(args: argparse.Namespace, folder: Path) -> dict[str, list[int]]:
    """command -> [updates, round trips], over a burst after the groups' set-up."""
    env = dict(os.environ, FOLLOWUP_BENCH_TRIPS="1")
    async with started("followup", "postgresql", folder, args.groups, env=env) as subject:
        burst = await subject.driver.burst(args.burst)
        await subject.driver.answered(burst, timeout=60 + args.burst / 5)
    if subject.problems:
        raise RuntimeError("; ".join(subject.problems))
    lines = subject.log.read_text(errors="replace").splitlines()
    found = [line.removeprefix(ROUND_TRIPS) for line in lines if line.startswith(ROUND_TRIPS)]
    if not found:
        raise RuntimeError(f"the bot printed no count; see {subject.log}")
    counted: dict[str, list[int]] = json.loads(found[0])
    return counted


async def main(args: argparse.Namespace) -> None:
    """Count, then the table."""
    print(f"round trips: {args.groups} groups, a burst of {args.burst} after the set-up")
    with tempfile.TemporaryDirectory(prefix="followup-round-trips-") as folder:
        counted = await count(args, Path(folder))
    print()
    print("  command  updates  round trips/update")
    print("  -------  -------  ------------------")
    updates = trips = 0
    for name, words in COMMANDS.items():
        n = sum(counted.get(word, [0, 0])[0] for word in words)
        t = sum(counted.get(word, [0, 0])[1] for word in words)
        updates, trips = updates + n, trips + t
        print(f"  {name:<7}  {n:>7}  {t / n if n else 0:>18.2f}")
    print(f"  {'all':<7}  {updates:>7}  {trips / updates if updates else 0:>18.2f}")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The sizes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=6)
    parser.add_argument("--burst", type=int, default=600, help="updates counted (default 600)")
    return parser.parse_args(argv)


if __name__ == "__main__":
    asyncio.run(main(parse_args()))
