"""Count the CPU instructions each update costs the bot process: the follow-up bot against the
echo bot, with the same world and commands as ``bench/e2e.py``, under valgrind's callgrind.

Run from the repository root:  python bench/e2e_instructions.py [--only echo,sqlite,postgresql]

``bench/e2e.py`` measures time, which on a shared machine moves by a third from one run to the
next; an instruction count does not (the same code, inputs and environment give the same count
within a fraction of a percent), so a change of a few percent can be seen at once. Each bot runs
in its own process under ``valgrind --tool=callgrind --instr-atstart=no`` (about 50 times slower,
so the runs are short): its start, the groups' set-up and a first, warm-up burst are not
counted (work done once per process, such as compiling each SQL statement the first time, would
otherwise weigh on a short run as it does not on ``bench/e2e.py``'s long one); counting is
switched on (``callgrind_control -i on``) for the bursts after it and off after each. The figure
is the instructions counted divided by the updates in the bursts; the ratio echo/follow-up is what
``bench/e2e.py``'s "x echo" would be if the machine did nothing else and neither process waited.
Needs valgrind (``apt install valgrind``); about five minutes.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from bench.e2e import add_world_arguments, chosen_runs, started  # noqa: E402

_TOTAL = re.compile(r"^(?:summary|totals):\s+(\d+)", re.MULTILINE)


async def _control(pid: int, *options: str) -> None:
    """``callgrind_control`` on the bot process: counting on or off, or write the counts."""
    command = ["callgrind_control", *options, str(pid)]
    await asyncio.to_thread(subprocess.run, command, check=True, capture_output=True)


def _dumps(out: Path) -> list[str]:
    """The files callgrind wrote: ``out`` at the end, ``out.1`` at the explicit dump."""
    return [f.read_text(errors="replace") for f in out.parent.glob(f"{out.name}*")]


async def count(bot: str, database: str, args: argparse.Namespace, folder: Path) -> float:
    """Instructions per update of one bot, over ``args.bursts`` bursts of ``args.burst``."""
    out = folder / f"{bot}-{database}.callgrind"
    wrapper = ["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}"]
    async with started(
        bot, database, folder, args.groups, wrapper=wrapper, ready_timeout=900
    ) as subject:
        driver, pid = subject.driver, subject.process.pid
        warm = await driver.burst(args.warm)
        await driver.answered(warm, timeout=60 + 5 * args.warm)
        for _ in range(args.bursts):
            await _control(pid, "-i", "on")
            burst = await driver.burst(args.burst)
            await driver.answered(burst, timeout=60 + 5 * args.burst)
            await _control(pid, "-i", "off")
        # Written now: a bot killed at the end (slow to stop under valgrind) writes none.
        await _control(pid, "--dump")
    totals = [int(n) for text in await asyncio.to_thread(_dumps, out) for n in _TOTAL.findall(text)]
    if not totals:
        raise RuntimeError(f"callgrind wrote no total; see {subject.log}")
    return max(totals) / (args.bursts * args.burst)


async def main(args: argparse.Namespace) -> None:
    """Each bot in turn, then the table."""
    runs = chosen_runs(args.only)
    print(
        f"e2e instructions: {args.groups} groups, {args.bursts} bursts of {args.burst} updates "
        f"counted after the set-up and a warm-up burst of {args.warm}",
        flush=True,
    )
    results: list[tuple[str, str, float]] = []
    with tempfile.TemporaryDirectory(prefix="followup-e2e-instr-") as folder:
        for bot, database in runs:
            per_update = await count(bot, database, args, Path(folder))
            print(f"  {bot} {database}: {per_update / 1e6:.2f} M instructions/update", flush=True)
            results.append((bot, database, per_update))
    echo = next((n for bot, _, n in results if bot == "echo"), None)
    print()
    print("  bot       database    M instructions/update  echo/this")
    print("  --------  ----------  ---------------------  ---------")
    for bot, database, n in results:
        ratio = f"{echo / n:.2f}" if echo else "-"
        print(f"  {bot:<8}  {database:<10}  {n / 1e6:>21.2f}  {ratio:>9}")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """``--only`` and the sizes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_world_arguments(parser)
    parser.add_argument("--bursts", type=int, default=2, help="bursts counted (default 2)")
    parser.add_argument("--burst", type=int, default=60, help="updates per burst (default 60)")
    parser.add_argument("--warm", type=int, default=60, help="uncounted updates first (60)")
    return parser.parse_args(argv)


if __name__ == "__main__":
    asyncio.run(main(parse_args()))
