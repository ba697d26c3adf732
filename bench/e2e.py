"""Benchmark whole commands end to end: the follow-up bot against a bare echo bot, same sandbox.

Run from the repository root:  python bench/e2e.py [--quick] [--only echo,sqlite,postgresql]
[--rounds 3]

Secretaries of several groups (Vietnamese and English, organisations from the seed meeting in
``shared/seeds/``) type what they type during a meeting: ``/viec @lan, Hội Chữ thập đỏ: ... trước
17h thứ 6``, ``/task @minh, RC: ... by end of next month``, ``/xong 3``, ``/ds``. Each bot runs
in its own process (``bench/_e2e_bot.py``) and polls the sandbox over HTTP, as in production:

- throughput: a burst of updates queued at once; updates per second until the last is answered,
  and the ratio to the echo bot (python-telegram-bot with its defaults and one handler that quotes
  the text back: the framework's floor on this sandbox);
- latency: updates at a steady 50 a second; p50 and p99 of "the update is queued" to "the
  sandbox has received the bot's answer";
- memory: the bot process's peak resident set (``VmHWM``).

PostgreSQL is reached over TCP on 127.0.0.1 unless ``FOLLOWUP_BENCH_POSTGRES`` says otherwise
(its Unix socket: ``postgresql://postgres@/postgres?host=/run/postgresql``).

It checks as it goes: every update answered exactly once (a quoted reply), every ``/task``
recorded and every ``/done`` closing its task in the database, no error logged by the bot.
Figures only, never pass/fail; the targets are printed next to them, and so is the machine's
load average, since the machine is shared. Uses the real clock and throw-away databases (see
``bench/_reminder_kit.py``: ``FOLLOWUP_BENCH_POSTGRES``).

A shared machine's speed moves by a third from one run to the next (its slow and quiet
phases), so every bot is measured ``--rounds`` times (3 by default), in turn: echo, SQLite,
PostgreSQL, then again. Each round's ratio to the echo bot is taken within the round, and the
last table gives each figure's median over the rounds with the lowest and highest value. About
four minutes; ``--quick`` (one round, smaller) one.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import re
import statistics
import sys
import tempfile
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from sqlalchemy import func, select  # noqa: E402
from sqlalchemy.ext.asyncio import create_async_engine  # noqa: E402

from bench._e2e_bot import READY  # noqa: E402
from bench._reminder_kit import (  # noqa: E402
    bot_process,
    fresh_database,
    memory_kib,
    print_rows,
    utc_now,
)
from bot.sandbox import Sandbox  # noqa: E402
from storage.models import TaskRow  # noqa: E402

JSON = dict[str, object]
STEADY_RATE = 50  # updates per second
TARGET_RATIO, TARGET_P99_MS = 0.6, 50.0

# Organisations of the seed meeting, as the secretary registers them (name | short names).
ORGS = {
    "vi": (
        "Hội Chữ thập đỏ | CTĐ",
        "Liên minh Hợp tác xã | LMHTX",
        "Ban Thi đua – Khen thưởng thành phố | Ban TĐKT",
        "Liên hiệp các Hội Khoa học và Kỹ thuật thành phố | Khối trưởng",
    ),
    "en": ("Red Cross | RC", "Cooperative Alliance | CA", "Emulation and Rewards Board | ERB"),
}
# Tasks with assignees (a member and organisations) and a natural deadline, seed-like.
TASKS = {
    "vi": (
        "/viec @lan, Hội Chữ thập đỏ: gửi báo cáo sơ kết thi đua 6 tháng trước 17h thứ 6",
        "/viec Ban TĐKT: hướng dẫn thủ tục khen thưởng nhiệm kỳ cho các Hội cuối tháng sau",
        "/viec @lan, LMHTX, CTĐ: đề xuất nhu cầu chuyển đổi số của đơn vị thứ 6 tuần sau",
        "/viec Khối trưởng @lan: họp thống nhất nội dung làm việc với Thường trực Thành ủy Quý 4",
    ),
    "en": (
        "/task @minh, Red Cross: send the mid-year emulation report by Friday 5pm",
        "/task ERB: guide the end-of-term reward procedures by end of next month",
        "/task @minh, CA, RC: propose the members' digital-transformation needs next Friday",
        "/task @minh: draft the joint workshop programme next Friday",
    ),
}
DONE = {"vi": "/xong", "en": "/done"}
LIST = {"vi": "/ds", "en": "/tasks"}


# --- the world: groups and what their secretaries type ----------------------------------------


@dataclass
class Group:
    """One group: its language, its secretary, and the task numbers the bot will give out."""

    chat_id: int
    language: str
    secretary: int
    tasks_sent: int = 0
    done_sent: int = 0
    open_numbers: list[int] = field(default_factory=list)
    script: Iterator[str] = field(init=False)

    def __post_init__(self) -> None:
        self.script = self._commands()

    def setup(self) -> list[str]:
        """What the secretary types before the meeting: the language, the organisations."""
        lang = [] if self.language == "vi" else ["/lang en"]
        add = "/tochuc them" if self.language == "vi" else "/org add"
        return [*lang, *(f"{add} {org}" for org in ORGS[self.language])]

    def _commands(self) -> Iterator[str]:
        # Two tasks, then the older open one is done, then the list: the list grows by one task
        # a round, as in a long meeting. Task numbers are the chat's own, 1, 2, 3...
        tasks = itertools.cycle(TASKS[self.language])
        while True:
            for _ in range(2):
                self.tasks_sent += 1
                self.open_numbers.append(self.tasks_sent)
                yield next(tasks)
            self.done_sent += 1
            yield f"{DONE[self.language]} {self.open_numbers.pop(0)}"
            yield LIST[self.language]


def build_world(sandbox: Sandbox, groups: int) -> list[Group]:
    """``groups`` supergroups, two in three Vietnamese, each with its secretary, Lan and Minh."""
    world = []
    # Lan and Minh are in every group, as people of member associations are.
    lan = sandbox.add_user("Lan", last_name="Nguyễn", username="lan", language_code="vi")
    minh = sandbox.add_user("Minh", username="minh", language_code="en")
    for n in range(1, groups + 1):
        language = "en" if n % 3 == 0 else "vi"
        secretary = sandbox.add_user(f"Thư ký {n}", username=f"thuky{n}", language_code="vi")
        title = f"Khối thi đua số {n}" if language == "vi" else f"Emulation bloc {n}"
        chat = sandbox.add_group(title, members=[lan, minh], admins=[secretary])
        world.append(Group(int(chat["id"]), language, int(secretary["id"])))
    return world


# --- driving and timing -------------------------------------------------------------------------


@dataclass
class Sent:
    """A user message the benchmark queued, and when."""

    chat_id: int
    message_id: int
    at: datetime


@dataclass
class Driver:
    """Queues the secretaries' messages and matches the bot's quoted replies to them."""

    sandbox: Sandbox
    groups: list[Group]
    sent: list[Sent] = field(default_factory=list)

    async def say(self, group: Group, text: str) -> None:
        """The group's secretary writes ``text``."""
        at = utc_now()
        message = await self.sandbox.send_message(group.chat_id, group.secretary, text)
        self.sent.append(Sent(group.chat_id, int(message["message_id"]), at))

    def interleaved(self, count: int) -> Iterator[tuple[Group, str]]:
        """``count`` commands, round-robin over the groups."""
        for group in itertools.islice(itertools.cycle(self.groups), count):
            yield group, next(group.script)

    async def setup(self) -> None:
        """Each group's set-up commands, one at a time (not measured)."""
        for group in self.groups:
            for text in group.setup():
                await self.say(group, text)
                await self.sandbox.wait_for_bot_messages(group.chat_id, timeout=60)

    async def burst(self, count: int) -> list[Sent]:
        """Queue ``count`` updates at once."""
        first = len(self.sent)
        for group, text in self.interleaved(count):
            await self.say(group, text)
        return self.sent[first:]

    async def steady(self, count: int, rate: float) -> list[Sent]:
        """Queue ``count`` updates at ``rate`` a second, on a fixed schedule."""
        loop, first = asyncio.get_running_loop(), len(self.sent)
        start = loop.time()
        for index, (group, text) in enumerate(self.interleaved(count)):
            await asyncio.sleep(max(0.0, start + index / rate - loop.time()))
            await self.say(group, text)
        return self.sent[first:]

    def replies(self) -> dict[tuple[int, int], list[datetime]]:
        """(chat, user message id) -> when the sandbox received each bot message quoting it."""
        received = {(d.chat_id, d.message_id): d.at for d in self.sandbox.deliveries}
        bot_id = self.sandbox.bot["id"]
        found: dict[tuple[int, int], list[datetime]] = {}
        for group in self.groups:
            for message in self.sandbox.transcript(group.chat_id):
                quoted = message.get("reply_to_message")
                if message["from"]["id"] != bot_id or quoted is None:
                    continue
                key = (group.chat_id, int(quoted["message_id"]))
                found.setdefault(key, []).append(received[(group.chat_id, message["message_id"])])
        return found

    async def answered(self, sent: list[Sent], timeout: float) -> list[float]:  # noqa: ASYNC109
        """Wait until every message of ``sent`` has its reply; their latencies in seconds."""
        # One answer per command: wait for as many bot messages as user messages, then match
        # them once (copying transcripts while the bot works would slow the sandbox down).
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        with suppress(TimeoutError):
            await self.sandbox.wait_for_deliveries(len(self.sent), timeout)
        while True:
            replies = self.replies()
            missing = [s for s in sent if (s.chat_id, s.message_id) not in replies]
            if not missing:
                first = [replies[(s.chat_id, s.message_id)][0] for s in sent]
                return [(at - s.at).total_seconds() for at, s in zip(first, sent, strict=True)]
            if loop.time() > deadline:
                raise TimeoutError(f"{len(missing)} of {len(sent)} updates unanswered")
            await asyncio.sleep(0.5)


# --- one bot, measured ----------------------------------------------------------------------------


@dataclass
class Result:
    """What one bot (on one database) measured."""

    bot: str
    database: str
    updates: int
    throughput: float  # updates per second in the burst
    cpu_ms: float  # CPU time of the bot process per update in the burst
    kernel: float  # the share of that time spent in the kernel (system calls: sockets, fsync)
    sql: float | None  # SQL statements per update, set-up included (None: no database)
    p50_ms: float
    p99_ms: float
    peak_rss_mib: float
    problems: list[str]
    load: float  # one-minute load average at the end of the run


async def task_counts(url: str) -> Counter[str]:
    """How many tasks the database holds, by status."""
    engine = create_async_engine(url)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(
                select(TaskRow.status, func.count()).group_by(TaskRow.status)
            )
            return Counter({str(status): int(n) for status, n in rows})
    finally:
        await engine.dispose()


@asynccontextmanager
async def database_for(database: str, directory: Path) -> AsyncIterator[str | None]:
    """A fresh database URL, or ``None`` for the echo bot."""
    if database == "-":
        yield None
        return
    async with fresh_database(database, directory) as url:
        yield url


def cpu_seconds(pid: int) -> tuple[float, float]:
    """User and system CPU time the process has used, from ``/proc/<pid>/stat``."""
    # The command name (field 2) may hold spaces; the fields after its ")" are fixed.
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    tick = os.sysconf("SC_CLK_TCK")
    return int(fields[11]) / tick, int(fields[12]) / tick


async def wait_ready(log: Path, timeout: float = 120) -> None:  # noqa: ASYNC109
    """Until the bot process prints that it polls."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while READY not in await asyncio.to_thread(log.read_text, errors="replace"):
        if loop.time() > deadline:
            raise TimeoutError(f"the bot did not start; see {log}")
        await asyncio.sleep(0.1)


async def measure(bot: str, database: str, args: argparse.Namespace, directory: Path) -> Result:
    """Start a sandbox and the bot, set the groups up, then the burst and the steady run."""
    sandbox = Sandbox()
    root = await sandbox.start()
    groups = build_world(sandbox, args.groups)
    log = directory / f"{bot}-{database}.log"
    try:
        async with database_for(database, directory) as url:
            command = [sys.executable, str(ROOT / "bench" / "_e2e_bot.py"), bot, root]
            command += [sandbox.bot_token, *([url] if url else [])]
            async with bot_process(command, dict(os.environ), ROOT, log) as process:
                await wait_ready(log)
                driver = Driver(sandbox, groups)
                await driver.setup()
                cpu_before = cpu_seconds(process.pid)
                burst = await driver.burst(args.burst)
                await driver.answered(burst, timeout=60 + args.burst / 5)
                (user_0, system_0), (user_1, system_1) = cpu_before, cpu_seconds(process.pid)
                user, system = user_1 - user_0, system_1 - system_0
                cpu_ms = 1000 * (user + system) / len(burst)
                kernel = system / (user + system) if user + system else 0.0
                replies = driver.replies()
                last = max(replies[(s.chat_id, s.message_id)][0] for s in burst)
                throughput = len(burst) / (last - burst[0].at).total_seconds()
                steady = await driver.steady(args.steady, STEADY_RATE)
                latencies = await driver.answered(steady, timeout=60 + args.steady / 5)
                _, peak_kib = memory_kib(process.pid)
            problems = check(driver, log)
            found = re.search(r"SQL statements: (\d+)", log.read_text(errors="replace"))
            sql = int(found.group(1)) / len(driver.sent) if found else None
            if url is not None:
                problems += await check_tasks(url, groups)
    finally:
        await sandbox.stop()
    cuts = statistics.quantiles([1000 * s for s in latencies], n=100)
    return Result(
        bot, database, len(burst) + len(steady), throughput, cpu_ms, kernel, sql, cuts[49],
        cuts[98], peak_kib / 1024, problems, os.getloadavg()[0],
    )  # fmt: skip


def check(driver: Driver, log: Path) -> list[str]:
    """Every update answered exactly once; nothing logged at ERROR by the bot."""
    problems = []
    replies = driver.replies()
    twice = sum(len(replies.get((s.chat_id, s.message_id), [])) != 1 for s in driver.sent)
    if twice:
        problems.append(f"{twice} updates without exactly one answer")
    errors = [line for line in log.read_text(errors="replace").splitlines() if "ERROR" in line]
    if errors:
        problems.append(f"{len(errors)} error lines logged (first: {errors[0][:100]!r})")
    return problems


async def check_tasks(url: str, groups: list[Group]) -> list[str]:
    """The database holds every task sent, and the ones closed with /done are done."""
    counts = await task_counts(url)
    sent, done = sum(g.tasks_sent for g in groups), sum(g.done_sent for g in groups)
    if sum(counts.values()) != sent or counts["done"] != done:
        return [f"tasks in the database {dict(counts)}, expected {sent} of which {done} done"]
    return []


# --- output -------------------------------------------------------------------------------------


def echo_throughput(results: list[Result]) -> float | None:
    """The echo bot's updates per second among ``results`` (None: it was not run)."""
    return next((r.throughput for r in results if r.bot == "echo"), None)


def print_table(results: list[Result]) -> None:
    """Bot x database: throughput, ratio to echo, latency at 50/s, memory, load."""
    echo = echo_throughput(results)
    headers = ("bot", "database", "updates", "updates/s", "x echo", "CPU ms/update", "kernel",
               "SQL/update", "p50 ms", "p99 ms", "peak RSS", "load 1m", "checks")  # fmt: skip
    rows = [
        (r.bot, r.database, r.updates, f"{r.throughput:.0f}",
         f"{r.throughput / echo:.2f}" if echo else "-", f"{r.cpu_ms:.2f}", f"{r.kernel:.0%}",
         "-" if r.sql is None else f"{r.sql:.1f}", f"{r.p50_ms:.1f}",
         f"{r.p99_ms:.1f}",
         f"{r.peak_rss_mib:.0f} MiB", f"{r.load:.1f}", "; ".join(r.problems) or "ok")
        for r in results
    ]  # fmt: skip
    print_rows(headers, rows, left=(0, 1, -1))


async def main(args: argparse.Namespace) -> None:
    """Each bot in turn on a fresh sandbox (and database), ``--rounds`` times; then the tables."""
    runs = chosen_runs(args.only)
    cores = os.cpu_count()
    print(
        f"e2e: {args.groups} groups, burst of {args.burst} updates, then {args.steady} at "
        f"{STEADY_RATE}/s; {args.rounds} rounds; {cores} cores, load average "
        f"{os.getloadavg()[0]:.1f} at the start",
        flush=True,
    )
    rounds: list[list[Result]] = []
    with tempfile.TemporaryDirectory(prefix="followup-e2e-") as folder:
        for number in range(1, args.rounds + 1):
            results = []
            for bot, database in runs:
                result = await measure(bot, database, args, Path(folder))
                print(
                    f"  round {number}, {bot} {database}: {result.throughput:.0f}/s, "
                    f"p99 {result.p99_ms:.1f} ms",
                    flush=True,
                )
                results.append(result)
            rounds.append(results)
    for number, results in enumerate(rounds, 1):
        print(f"\nround {number}")
        print_table(results)
    if len(rounds) > 1:
        print_medians(rounds)
    print(
        "  CPU ms/update: the bot process's CPU time in the burst, per update; on a shared\n"
        "  machine it says more than updates/s, which the other processes' load lowers.\n"
        "  kernel: the share of that CPU time spent in system calls (sockets, fsync)."
    )
    print(
        f"  targets: follow-up throughput >= {TARGET_RATIO} x echo; "
        f"p99 < {TARGET_P99_MS:.0f} ms at {STEADY_RATE} updates/s"
    )


def print_medians(rounds: list[list[Result]]) -> None:
    """Each run's median over the rounds, with the lowest and highest value in brackets.

    A round measures every bot one after the other, so the ratio to the echo bot is taken
    within each round (a slow phase of a shared machine lowers both), then its median.
    """
    print(f"\nmedians of {len(rounds)} rounds [lowest-highest]")
    echoes = [echo_throughput(results) for results in rounds]
    headers = ("bot", "database", "updates/s", "x echo", "CPU ms/update", "p99 ms", "checks")
    rows = []
    for index, first in enumerate(rounds[0]):
        same = [results[index] for results in rounds]
        ratios = [r.throughput / e for r, e in zip(same, echoes, strict=True) if e]
        problems = sorted({p for r in same for p in r.problems})
        rows.append((
            first.bot, first.database, _spread([r.throughput for r in same], "{:.0f}"),
            _spread(ratios, "{:.2f}") if ratios else "-",
            _spread([r.cpu_ms for r in same], "{:.2f}"),
            _spread([r.p99_ms for r in same], "{:.1f}"),
            "; ".join(problems) or "ok",
        ))  # fmt: skip
    print_rows(headers, rows, left=(0, 1, -1))


def _spread(values: list[float], form: str) -> str:
    """``median [lowest-highest]``."""
    low, mid, high = min(values), statistics.median(values), max(values)
    return f"{form.format(mid)} [{form.format(low)}-{form.format(high)}]"


def chosen_runs(only: set[str]) -> list[tuple[str, str]]:
    """(bot, database) pairs that ``--only`` keeps, the echo bot first."""
    runs = [("echo", "-"), ("followup", "sqlite"), ("followup", "postgresql")]
    return [r for r in runs if r[1] in only or r[0] in only]


def add_world_arguments(parser: argparse.ArgumentParser) -> None:
    """``--only`` and ``--groups``, shared with ``bench/e2e_instructions.py``."""
    parser.add_argument(
        "--only",
        default="echo,sqlite,postgresql",
        type=lambda s: set(s.split(",")),
        help="which runs: echo, sqlite, postgresql (comma-separated)",
    )
    parser.add_argument("--groups", type=int, default=6)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """``--quick``, ``--only``, and the sizes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run of about a minute")
    add_world_arguments(parser)
    parser.add_argument("--burst", type=int, help="updates queued at once (default 600; 120)")
    parser.add_argument("--steady", type=int, help="updates at 50/s (default 1000; 150)")
    parser.add_argument(
        "--rounds", type=int, help="times each bot is measured, in turn (default 3; --quick 1)"
    )
    args = parser.parse_args(argv)
    args.rounds = args.rounds or (1 if args.quick else 3)
    args.burst = args.burst or (120 if args.quick else 600)
    args.steady = args.steady or (150 if args.quick else 1000)
    return args


if __name__ == "__main__":
    asyncio.run(main(parse_args()))
