"""Benchmark whole commands end to end: the follow-up bot against a bare echo bot, same sandbox.

Run from the repository root:  python bench/e2e.py [--quick] [--only echo,sqlite,postgresql]
[--cycles 8] [--burst 150]

Secretaries of several groups (Vietnamese and English, organisations from the seed meeting in
``shared/seeds/``) type what they type during a meeting: ``/viec @lan, Hội Chữ thập đỏ: ... trước
17h thứ 6``, ``/task @minh, RC: ... by end of next month``, ``/xong 3``, ``/ds``. Each bot runs
in its own process (``bench/_e2e_bot.py``) and polls its own sandbox over HTTP, as in production:

- throughput: bursts of updates queued at once; updates per second until the last is answered,
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

A shared machine's speed moves by a third and more from one minute to the next (its slow and
quiet phases). So all the bots run at once, waiting for updates side by side, and take turns:
each cycle gives each bot one burst, within a few seconds, and the ratio to the echo bot is taken
within the cycle (``measure``); the table gives each figure's median over the cycles, with the
lowest and highest value. About three minutes; ``--quick`` one.
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
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import AsyncExitStack, asynccontextmanager, suppress
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


# --- the bots under test -----------------------------------------------------------------------


@dataclass
class Subject:
    """One bot under test: its own sandbox and groups, its database, its process and log.

    ``problems`` and ``sql`` are filled in when it stops (``started``)."""

    bot: str
    database: str
    sandbox: Sandbox
    groups: list[Group]
    driver: Driver
    process: asyncio.subprocess.Process
    log: Path
    problems: list[str] = field(default_factory=list)
    sql: float | None = None  # SQL statements per update, set-up included (None: no database)


@asynccontextmanager
async def started(
    bot: str,
    database: str,
    folder: Path,
    groups: int,
    *,
    wrapper: Sequence[str] = (),
    env: dict[str, str] | None = None,
    ready_timeout: float = 120,
) -> AsyncIterator[Subject]:
    """A sandbox with ``groups`` groups, a fresh database, and the bot (``bench/_e2e_bot.py``,
    run under ``wrapper``, valgrind say) polling it; the groups set up. On the way out, once the
    bot has stopped, its log and database are checked (``Subject.problems``)."""
    sandbox = Sandbox()
    root = await sandbox.start()
    world = build_world(sandbox, groups)
    log = folder / f"{bot}-{database}.log"
    try:
        async with database_for(database, folder) as url:
            command = [*wrapper, sys.executable, str(ROOT / "bench" / "_e2e_bot.py"), bot, root]
            command += [sandbox.bot_token, *([url] if url else [])]
            async with bot_process(command, env or dict(os.environ), ROOT, log) as process:
                await wait_ready(log, ready_timeout)
                driver = Driver(sandbox, world)
                await driver.setup()
                subject = Subject(bot, database, sandbox, world, driver, process, log)
                yield subject
            subject.problems = check(driver, log)
            found = re.search(r"SQL statements: (\d+)", log.read_text(errors="replace"))
            subject.sql = int(found.group(1)) / len(driver.sent) if found else None
            if url is not None:
                subject.problems += await check_tasks(url, world)
    finally:
        await sandbox.stop()


@dataclass
class Burst:
    """One burst of one bot: updates per second until the last is answered, and CPU time."""

    throughput: float
    cpu_ms: float  # CPU time of the bot process per update
    kernel: float  # the share of that time spent in the kernel (system calls: sockets, fsync)


async def timed_burst(subject: Subject, count: int) -> Burst:
    """Queue ``count`` updates at once and wait for every answer."""
    driver, pid = subject.driver, subject.process.pid
    user_0, system_0 = cpu_seconds(pid)
    burst = await driver.burst(count)
    await driver.answered(burst, timeout=60 + count / 5)
    user_1, system_1 = cpu_seconds(pid)
    user, system = user_1 - user_0, system_1 - system_0
    replies = driver.replies()
    last = max(replies[(s.chat_id, s.message_id)][0] for s in burst)
    return Burst(
        throughput=len(burst) / (last - burst[0].at).total_seconds(),
        cpu_ms=1000 * (user + system) / len(burst),
        kernel=system / (user + system) if user + system else 0.0,
    )


@dataclass
class Result:
    """What one bot (on one database) measured: its bursts, then its latency at a steady rate."""

    subject: Subject
    bursts: list[Burst] = field(default_factory=list)
    latencies_ms: list[float] = field(default_factory=list)
    peak_rss_mib: float = 0.0


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


async def measure(args: argparse.Namespace, folder: Path) -> list[Result]:
    """All the bots at once, each on its own sandbox (and database): a warm-up burst each, then
    ``--cycles`` cycles of one burst per bot, then each bot alone at a steady rate.

    The bots wait for updates side by side, so the bursts of one cycle follow each other within
    a few seconds: a shared machine's slow and quiet phases last longer than that, and a cycle's
    ratio to the echo bot compares bursts run in the same phase. The order within a cycle is
    reversed every other cycle, so that a machine slowing down (or speeding up) through a cycle
    favours no bot."""
    runs = chosen_runs(args.only)
    async with AsyncExitStack() as stack:
        results = [
            Result(await stack.enter_async_context(started(bot, database, folder, args.groups)))
            for bot, database in runs
        ]
        for result in results:
            await timed_burst(result.subject, args.warm)  # statements compiled, caches filled
        for number in range(1, args.cycles + 1):
            order = results if number % 2 else results[::-1]
            for result in order:
                result.bursts.append(await timed_burst(result.subject, args.burst))
            print(f"  cycle {number}: {_cycle_line(results)}", flush=True)
        for result in results:
            driver = result.subject.driver
            steady = await driver.steady(args.steady, STEADY_RATE)
            latencies = await driver.answered(steady, timeout=60 + args.steady / 5)
            result.latencies_ms = [1000 * s for s in latencies]
            result.peak_rss_mib = memory_kib(result.subject.process.pid)[1] / 1024
    return results


def _cycle_line(results: list[Result]) -> str:
    """The last cycle's updates per second of each bot, and the ratio to the echo bot."""
    echo = next((r.bursts[-1].throughput for r in results if r.subject.bot == "echo"), None)
    parts = []
    for result in results:
        rate = result.bursts[-1].throughput
        ratio = f" ({rate / echo:.2f})" if echo and result.subject.bot != "echo" else ""
        parts.append(f"{result.subject.database if result.subject.database != '-' else 'echo'} "
                     f"{rate:.0f}/s{ratio}")  # fmt: skip
    return ", ".join(parts)


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


def print_table(results: list[Result]) -> None:
    """Bot x database: each burst figure's median over the cycles [lowest-highest], the ratio
    to the echo bot taken within each cycle; latency at the steady rate; memory; checks."""
    echo = next((r for r in results if r.subject.bot == "echo"), None)
    headers = ("bot", "database", "updates/s", "x echo", "CPU ms/update", "kernel",
               "SQL/update", "p50 ms", "p99 ms", "peak RSS", "checks")  # fmt: skip
    rows = []
    for result in results:
        subject, bursts = result.subject, result.bursts
        ratios = (
            [b.throughput / e.throughput for b, e in zip(bursts, echo.bursts, strict=True)]
            if echo is not None and subject.bot != "echo"
            else []
        )
        cuts = statistics.quantiles(result.latencies_ms, n=100)
        rows.append((
            subject.bot, subject.database, _spread([b.throughput for b in bursts], "{:.0f}"),
            _spread(ratios, "{:.2f}") if ratios else "-",
            _spread([b.cpu_ms for b in bursts], "{:.2f}"),
            f"{statistics.median(b.kernel for b in bursts):.0%}",
            "-" if subject.sql is None else f"{subject.sql:.1f}", f"{cuts[49]:.1f}",
            f"{cuts[98]:.1f}", f"{result.peak_rss_mib:.0f} MiB",
            "; ".join(subject.problems) or "ok",
        ))  # fmt: skip
    print_rows(headers, rows, left=(0, 1, -1))


async def main(args: argparse.Namespace) -> None:
    """Measure, then the table."""
    print(
        f"e2e: {args.groups} groups; a warm-up burst of {args.warm}, then {args.cycles} cycles "
        f"of a burst of {args.burst} updates per bot, then {args.steady} at {STEADY_RATE}/s; "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start",
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="followup-e2e-") as folder:
        results = await measure(args, Path(folder))
    print(f"\nmedians of {args.cycles} cycles [lowest-highest]; load average "
          f"{os.getloadavg()[0]:.1f} at the end")  # fmt: skip
    print_table(results)
    print(
        "  x echo: within each cycle, the burst's updates per second over the echo bot's.\n"
        "  CPU ms/update: the bot process's CPU time in the bursts, per update; on a shared\n"
        "  machine it says more than updates/s, which the other processes' load lowers.\n"
        "  kernel: the share of that CPU time spent in system calls (sockets, fsync).\n"
        "  p50, p99: from queuing an update to the sandbox receiving its answer, each bot\n"
        f"  alone at {STEADY_RATE} updates/s."
    )
    print(
        f"  targets: follow-up throughput >= {TARGET_RATIO} x echo; "
        f"p99 < {TARGET_P99_MS:.0f} ms at {STEADY_RATE} updates/s"
    )


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
    parser.add_argument("--warm", type=int, help="uncounted updates first (default 100; 50)")
    parser.add_argument("--burst", type=int, help="updates queued at once (default 150; 60)")
    parser.add_argument("--cycles", type=int, help="bursts per bot, in turn (default 8; 2)")
    parser.add_argument("--steady", type=int, help="updates at 50/s (default 1000; 150)")
    args = parser.parse_args(argv)
    args.warm = args.warm or (50 if args.quick else 100)
    args.burst = args.burst or (60 if args.quick else 150)
    args.cycles = args.cycles or (2 if args.quick else 8)
    args.steady = args.steady or (150 if args.quick else 1000)
    return args


if __name__ == "__main__":
    asyncio.run(main(parse_args()))
