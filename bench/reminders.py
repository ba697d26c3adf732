"""Benchmark the reminder engine end to end: fan-out under Telegram's limits, scale, precision.

Run from the repository root:  python bench/reminders.py [--quick] [--long] [--db postgresql]

1. Fan-out: many reminders fall due at once; the real bot (PTB with ``default_rate_limiter()``)
   sends them to a sandbox that enforces Telegram's limits. Were they all delivered, none twice,
   how many 429s, and how long did it take compared with the floor the limits allow? Scenarios:
   A 10 reminders per group in the same minute (one message per group); B the same with row ids
   mixed across groups, as when tasks are recorded over several meetings; C each group's 10
   reminders in 10 different minutes (10 messages per group); D a few groups with 50 messages
   each, where the 20-a-minute group limit is the bound.
2. Scale: start-up time and memory (RSS) of a fresh ``followup run`` process with many pending
   reminders compared with few, on SQLite and on PostgreSQL; and the sender's two queries.
3. Precision: reminders spread over a span, armed through the real timer; lateness of each
   message (sandbox receipt minus ``fire_at``); once more with a million other reminders pending.

Figures only, never pass/fail: the targets are printed next to them. Uses the real clock,
throw-away databases (SQLite files in a temporary folder, ``followup_bench_*`` databases on
the PostgreSQL at ``FOLLOWUP_BENCH_POSTGRES``) and stops everything it starts. ``--quick`` takes
about two minutes; the full run about a quarter of an hour, ``--long`` ten minutes more (C with
10,000 messages, which the limits alone keep to 333 s at least).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import math
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]
# python-telegram-bot 22 gives durations (RetryAfter.retry_after) as timedeltas with this.
os.environ.setdefault("PTB_TIMEDELTA", "true")

from bench._reminder_kit import (  # noqa: E402
    CHAT_COLUMNS,
    REMINDER_COLUMNS,
    TASK_COLUMNS,
    LogTally,
    Row,
    after_bulk_load,
    bot_process,
    bulk_insert,
    chat_rows,
    fresh_database,
    memory_kib,
    minute_floor,
    print_rows,
    reminder_counts,
    running_bot,
    sandbox_groups,
    seconds,
    seed_pending,
    sender_query_ms,
    task_row,
    utc_now,
    wait_until_sent,
)
from bot.sandbox import Sandbox  # noqa: E402
from handlers.views import DONE_PREFIX  # noqa: E402

PER_SECOND, PER_GROUP_MINUTE = 30, 20  # Telegram's limits, as the sandbox enforces them
TALLY = LogTally()


# --- output -------------------------------------------------------------------------------------


def print_table(title: str, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """A titled plain-text table, the first column to the left."""
    print(f"\n{title}")
    print_rows(headers, rows)


def log_summary(before: Counter[tuple[str, str]]) -> str:
    """Warnings and errors logged since ``before``, by logger."""
    new = TALLY.counts - before
    found = [
        f"{name} {level} x{n} (e.g. {TALLY.first[(name, level)]!r})"
        for (name, level), n in sorted(new.items())
    ]
    return "; ".join(found) or "none"


# --- 1. fan-out ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class FanOut:
    """Reminders due at once: ``groups`` x ``tasks`` (one reminder each) over ``minutes``."""

    name: str
    groups: int
    tasks: int
    minutes: int  # distinct minutes a group's reminders fall in (1: all in the same minute)
    interleaved: bool = False  # row ids round-robin over the groups instead of group by group

    @property
    def rows(self) -> int:
        """Reminder rows."""
        return self.groups * self.tasks

    @property
    def expected_messages(self) -> int:
        """One message per group and minute."""
        return self.groups * self.minutes


@dataclass
class FanOutResult:
    """What one fan-out run measured."""

    scenario: FanOut
    complete: bool
    messages: int
    per_group: tuple[int, int]
    items: int
    duplicates: int
    missing: int
    rows_sent: int
    rows_pending: int
    rows_retried: int
    too_many: int
    claims: int
    wall: float
    floor_rate: float
    floor_group: float
    logs: str

    @property
    def floor(self) -> float:
        """The least time Telegram's limits allow for the messages sent."""
        return max(self.floor_rate, self.floor_group)


def _fanout_rows(scenario: FanOut, base: datetime) -> tuple[list[Row], list[Row]]:
    """Tasks and reminders: task k of a group falls due in minute ``k % minutes`` before base."""
    now = utc_now()
    tasks, keys = [], []
    for group in range(scenario.groups):
        for k in range(scenario.tasks):
            task_id = group * scenario.tasks + k + 1
            tasks.append(task_row(task_id, group + 1, k + 1, base + timedelta(days=2), now))
            keys.append((k, group) if scenario.interleaved else (group, k))
    reminders: list[Row] = []
    for row_id, (a, b) in enumerate(sorted(keys), start=1):
        group, k = (b, a) if scenario.interleaved else (a, b)
        fire_at = base - timedelta(minutes=scenario.minutes - 1 - k % scenario.minutes)
        reminders.append((row_id, group + 1, group * scenario.tasks + k + 1, "before", fire_at, 0))
    return tasks, reminders


def _tasks_in(message: dict[str, object]) -> Iterator[int]:
    markup = message.get("reply_markup")
    keyboard = markup.get("inline_keyboard", []) if isinstance(markup, dict) else []
    for row in keyboard:
        for button in row:
            data = str(button.get("callback_data", ""))
            if data.startswith(DONE_PREFIX):
                yield int(data.removeprefix(DONE_PREFIX))


async def run_fanout(scenario: FanOut, db: str, tmp: Path) -> FanOutResult:
    """Seed the reminders, arm the timer once, and watch the bot deliver them."""
    before = TALLY.counts.copy()
    sandbox = Sandbox(enforce_limits=True)
    await sandbox.start()
    try:
        chat_ids = sandbox_groups(sandbox, scenario.groups)
        async with fresh_database(db, tmp) as url, running_bot(sandbox, url) as bot:
            base = minute_floor(utc_now())
            tasks, reminders = _fanout_rows(scenario, base)
            await bulk_insert(url, "chats", CHAT_COLUMNS, chat_rows(chat_ids, scenario.tasks, base))
            await bulk_insert(url, "tasks", TASK_COLUMNS, tasks)
            await bulk_insert(url, "reminders", REMINDER_COLUMNS, reminders)
            await after_bulk_load(url)
            started = utc_now()
            bot.application.services.timer.planned(min(r[4] for r in reminders))
            floor_guess = scenario.expected_messages / PER_SECOND
            budget = 3 * floor_guess + 60 * math.ceil(scenario.minutes / PER_GROUP_MINUTE) + 90
            loop = asyncio.get_running_loop()
            complete = await wait_until_sent(url, loop.time() + budget)
            await asyncio.sleep(2)  # a duplicate still on its way would land now
            claims = bot.claims
            counts = await reminder_counts(url)
    finally:
        await sandbox.stop()
    per_group, seen = [], Counter[tuple[int, int]]()
    for chat_id in chat_ids:
        messages = [m for m in sandbox.transcript(chat_id) if m["from"]["id"] == sandbox.bot["id"]]
        per_group.append(len(messages))
        seen.update((chat_id, number) for m in messages for number in _tasks_in(m))
    expected = {(c, n) for c in chat_ids for n in range(1, scenario.tasks + 1)}
    deliveries = sandbox.deliveries
    wall = seconds(max(d.at for d in deliveries) - started) if deliveries else math.nan
    busiest = max(per_group)
    return FanOutResult(
        scenario=scenario,
        complete=complete,
        messages=len(deliveries),
        per_group=(min(per_group), busiest),
        items=sum(seen.values()),
        duplicates=sum(seen.values()) - len(seen),
        missing=len(expected - set(seen)),
        rows_sent=counts.sent,
        rows_pending=counts.pending,
        rows_retried=counts.retried,
        too_many=sandbox.too_many_requests,
        claims=claims,
        wall=wall,
        floor_rate=len(deliveries) / PER_SECOND,
        floor_group=((busiest - 1) // PER_GROUP_MINUTE) * 60.0 if busiest else 0.0,
        logs=log_summary(before),
    )


def print_fanout(results: list[FanOutResult], db: str) -> None:
    """One column per scenario."""
    metrics: list[tuple[str, list[object]]] = [
        ("reminder rows", [f"{r.scenario.rows:,}" for r in results]),
        ("groups", [f"{r.scenario.groups:,}" for r in results]),
        ("distinct minutes per group", [r.scenario.minutes for r in results]),
        ("row ids", ["round-robin" if r.scenario.interleaved else "by group" for r in results]),
        (
            "messages expected (1/group/minute)",
            [f"{r.scenario.expected_messages:,}" for r in results],
        ),
        ("messages received by sandbox", [f"{r.messages:,}" for r in results]),
        ("messages per group (min-max)", [f"{r.per_group[0]}-{r.per_group[1]}" for r in results]),
        ("task lines delivered", [f"{r.items:,}" for r in results]),
        ("task lines delivered twice", [r.duplicates for r in results]),
        ("task lines never delivered", [r.missing for r in results]),
        ("rows marked sent / pending", [f"{r.rows_sent:,} / {r.rows_pending}" for r in results]),
        ("rows needing >1 attempt", [r.rows_retried for r in results]),
        ("429s answered by sandbox", [r.too_many for r in results]),
        ("claim() calls by the sender", [f"{r.claims:,}" for r in results]),
        ("all sent within budget", ["yes" if r.complete else "NO" for r in results]),
        ("wall time to last message, s", [f"{r.wall:.1f}" for r in results]),
        ("floor: messages / 30 per s, s", [f"{r.floor_rate:.1f}" for r in results]),
        ("floor: busiest group at 20/min, s", [f"{r.floor_group:.0f}" for r in results]),
        ("wall / floor", [f"{r.wall / r.floor:.2f}" if r.floor else "-" for r in results]),
    ]
    print_table(
        f"1. Fan-out ({db}; sandbox enforcing 30 msg/s and 20 msg/min/group as sliding windows; "
        "PTB AIORateLimiter(max_retries=3))",
        ["", *[r.scenario.name for r in results]],
        [[name, *values] for name, values in metrics],
    )
    for r in results:
        print(f"  logs during {r.scenario.name}: {r.logs}")


# --- 2. scale -----------------------------------------------------------------------------------


@dataclass
class ScaleResult:
    """Start-up and memory of one ``followup run`` process."""

    db: str
    pending: int
    seed: float
    first_poll: float
    first_answer: float
    rss_kib: int
    peak_kib: int
    sent: int
    log: str  # what the bot logged at WARNING and above (first line), if anything
    claim_ms: float  # the sender's claim() with nothing due, median
    next_ms: float  # the sender's next_fire_at(), median


def _followup_command() -> list[str]:
    script = Path(sys.executable).parent / "followup"
    if script.exists():
        return [str(script), "run"]
    return [sys.executable, "-c", "import sys; from bot.cli import main; sys.exit(main())", "run"]


async def _settled_memory(pid: int, at_least: float = 5.0, within: float = 30.0) -> tuple[int, int]:
    """RSS once it stops moving (two readings a second apart within 1%), after ``at_least`` s."""
    await asyncio.sleep(at_least)
    rss, peak = memory_kib(pid)
    for _ in range(int(within)):
        await asyncio.sleep(1)
        now_rss, peak = memory_kib(pid)
        if abs(now_rss - rss) <= rss / 100:
            return now_rss, peak
        rss = now_rss
    return rss, peak


async def run_scale(db: str, pending: int, tmp: Path) -> ScaleResult:
    """Seed ``pending`` future reminders, start ``followup run`` and time its first answer."""
    sandbox = Sandbox()
    root = await sandbox.start()
    try:
        secretary = sandbox.add_user("Thư ký", username="thuky", language_code="vi")
        group = int(sandbox.add_group("Khối thi đua số 1", admins=[secretary])["id"])
        async with fresh_database(db, tmp) as url:
            seed_started = time.perf_counter()
            await seed_pending(url, pending, utc_now(), [group])
            await after_bulk_load(url)
            seed = time.perf_counter() - seed_started
            await sandbox.send_message(group, secretary["id"], "/help")  # waiting for the bot
            env = {
                **os.environ,
                "TELEGRAM_API_BASE_URL": root,
                "TELEGRAM_BOT_TOKEN": sandbox.bot_token,
                "DATABASE_URL": url,
                "LOG_LEVEL": "WARNING",
            }
            log = tmp / f"followup-run-{db}-{pending}.log"
            started = time.perf_counter()
            async with bot_process(_followup_command(), env, tmp, log) as process:

                async def first_poll() -> float:
                    await sandbox.wait_for_calls("getUpdates", 1, timeout=180)
                    return time.perf_counter() - started

                async def first_answer() -> float:
                    await sandbox.wait_for_bot_messages(group, 1, timeout=180)
                    return time.perf_counter() - started

                try:
                    poll, answer = await asyncio.gather(first_poll(), first_answer())
                except TimeoutError:
                    print(log.read_text()[-3000:], file=sys.stderr)
                    raise
                rss, peak = await _settled_memory(process.pid)
            counts = await reminder_counts(url)
            logged = log.read_text(errors="replace").splitlines()
            claim_ms, next_ms = await sender_query_ms(url)
    finally:
        await sandbox.stop()
    note = f"{len(logged)} lines, first: {logged[0][:160]!r}" if logged else "nothing"
    return ScaleResult(
        db, pending, seed, poll, answer, rss, peak, counts.sent, note, claim_ms, next_ms
    )


def print_scale(results: list[ScaleResult]) -> None:
    """One row per database and size, then the comparison with the targets."""
    rows = [
        [
            r.db,
            f"{r.pending:,}",
            f"{r.seed:.1f}",
            f"{r.first_poll:.2f}",
            f"{r.first_answer:.2f}",
            f"{r.rss_kib / 1024:.1f}",
            f"{r.peak_kib / 1024:.1f}",
            r.sent,
            f"{r.claim_ms:.1f}",
            f"{r.next_ms:.1f}",
        ]
        for r in results
    ]
    print_table(
        "2. Scale (fresh `followup run` process; start-up timed from launch; RSS after settling)",
        [
            "database",
            "pending",
            "seed s",
            "1st getUpdates s",
            "1st answer s",
            "RSS MiB",
            "peak MiB",
            "sent",
            "claim() ms",
            "next_fire_at() ms",
        ],
        rows,
    )
    for r in results:
        print(f"  {r.db} {r.pending:,}: bot logged (WARNING and above) {r.log}")
    for db in dict.fromkeys(r.db for r in results):
        few, many = (
            min((r for r in results if r.db == db), key=lambda r: r.pending),
            max((r for r in results if r.db == db), key=lambda r: r.pending),
        )
        growth = 100 * (many.rss_kib - few.rss_kib) / few.rss_kib
        slowest = max(few.first_answer, many.first_answer)
        print(
            f"  {db}: RSS {few.pending:,} -> {many.pending:,} pending: {growth:+.1f}% "
            f"(target within 10%: {'met' if abs(growth) <= 10 else 'MISSED'}); "
            f"slowest first answer {slowest:.2f} s (target < 5 s: "
            f"{'met' if slowest < 5 else 'MISSED'})"
        )


# --- 3. precision -------------------------------------------------------------------------------


@dataclass
class PrecisionResult:
    """Lateness of each reminder message."""

    reminders: int
    span: float
    background: int
    messages: int
    lateness: list[float]
    too_many: int
    complete: bool
    logs: str


async def run_precision(
    count: int, span: float, background: int, db: str, tmp: Path
) -> PrecisionResult:
    """One reminder per chat (so none are merged), spread evenly over ``span`` seconds.

    ``background`` more reminders are pending in the future, as in a database in production.
    """
    before = TALLY.counts.copy()
    sandbox = Sandbox(enforce_limits=True)
    await sandbox.start()
    try:
        chat_ids = sandbox_groups(sandbox, count)
        async with fresh_database(db, tmp) as url:
            base = await seed_pending(url, background, utc_now())
            async with running_bot(sandbox, url) as bot:
                now = utc_now()
                first_chat = base.chats + 1
                await bulk_insert(
                    url, "chats", CHAT_COLUMNS, chat_rows(chat_ids, 1, now, first_id=first_chat)
                )
                due = now + timedelta(days=3)
                tasks = [
                    task_row(base.tasks + n, base.chats + n, 1, due, now)
                    for n in range(1, count + 1)
                ]
                await bulk_insert(url, "tasks", TASK_COLUMNS, tasks)
                first = utc_now() + timedelta(seconds=3)
                step = timedelta(seconds=span / count)
                fire_at = {chat_ids[n]: first + n * step for n in range(count)}
                reminders = [
                    (base.reminders + n, base.chats + n, base.tasks + n, "due", fire_at[c], 0)
                    for n, c in enumerate(chat_ids, start=1)
                ]
                await bulk_insert(url, "reminders", REMINDER_COLUMNS, reminders)
                await after_bulk_load(url)
                bot.application.services.timer.planned(first)  # the path a new task takes
                # Watch the sandbox, not the database: polling a big table would slow the sender.
                try:
                    await sandbox.wait_for_deliveries(count, timeout=3 + span + 60)
                    complete = True
                except TimeoutError:
                    complete = False
    finally:
        await sandbox.stop()
    lateness = sorted(seconds(d.at - fire_at[d.chat_id]) for d in sandbox.deliveries)
    return PrecisionResult(
        count,
        span,
        background,
        len(sandbox.deliveries),
        lateness,
        sandbox.too_many_requests,
        complete,
        log_summary(before),
    )


def _percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of sorted values."""
    return values[max(0, math.ceil(fraction * len(values)) - 1)]


def print_precision(results: list[PrecisionResult], db: str) -> None:
    """p50, p99 and max lateness against the target."""
    rows = []
    for r in results:
        late = r.lateness
        quantiles = (late[0], statistics.median(late), _percentile(late, 0.99), late[-1])
        rows.append(
            [
                f"{r.background:,}",
                r.reminders,
                f"{r.span:.0f}",
                r.messages,
                *[f"{1000 * v:.0f}" for v in quantiles],
                r.too_many,
                "met" if _percentile(late, 0.99) < 2 else "MISSED",
            ]
        )
    print_table(
        f"3. Precision ({db}; real clock; one reminder per chat; armed via services.timer.planned; "
        "lateness = sandbox receipt - fire_at)",
        [
            "other pending",
            "reminders",
            "span s",
            "messages",
            "min ms",
            "p50 ms",
            "p99 ms",
            "max ms",
            "429s",
            "p99 < 2 s",
        ],
        rows,
    )
    for r in results:
        print(
            f"  with {r.background:,} other pending: all sent {'yes' if r.complete else 'NO'}; "
            f"logs: {r.logs}"
        )


# --- main ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """The sizes of one run."""

    fanouts: tuple[FanOut, ...]
    scale: tuple[int, int]
    precision: tuple[tuple[int, float, int], ...]  # reminders, span s, other pending reminders


FULL = Plan(
    fanouts=(
        FanOut("A same minute", 1000, 10, 1),
        FanOut("B same minute, ids mixed", 50, 10, 1, interleaved=True),
        FanOut("C 10 minutes", 500, 10, 10),  # --long: 1,000 groups, 10,000 messages
        FanOut("D busy groups", 10, 50, 50),
    ),
    scale=(1_000, 1_000_000),
    precision=((1000, 120.0, 0), (500, 60.0, 1_000_000)),
)
QUICK = Plan(
    fanouts=(
        FanOut("A same minute", 100, 10, 1),
        FanOut("B same minute, ids mixed", 20, 10, 1, interleaved=True),
        FanOut("C 10 minutes", 20, 10, 10),
    ),
    scale=(10_000, 100_000),
    precision=((200, 30.0, 0),),
)
LONG_C = FanOut("C 10 minutes", 1000, 10, 10)
SECTIONS = ("fanout", "scale", "precision")


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="scaled-down smoke run (~2 min)")
    parser.add_argument(
        "--db",
        choices=("sqlite", "postgresql"),
        default="sqlite",
        help="database for fan-out and precision (scale always runs on both)",
    )
    parser.add_argument(
        "--long",
        action="store_true",
        help="fan-out C at 1,000 groups (10,000 messages; about 10 more minutes)",
    )
    parser.add_argument("--only", choices=SECTIONS, action="append", help="run only these")
    return parser.parse_args(argv)


async def _main(args: argparse.Namespace) -> None:
    plan = QUICK if args.quick else FULL
    if args.long:
        plan = replace(
            plan, fanouts=tuple(LONG_C if f.name == LONG_C.name else f for f in plan.fanouts)
        )
    sections = args.only or SECTIONS
    with tempfile.TemporaryDirectory(prefix="followup-bench-") as folder:
        tmp = Path(folder)
        if "fanout" in sections:
            results = [await run_fanout(scenario, args.db, tmp) for scenario in plan.fanouts]
            print_fanout(results, args.db)
        if "scale" in sections:
            print_scale(
                [
                    await run_scale(db, pending, tmp)
                    for db in ("sqlite", "postgresql")
                    for pending in plan.scale
                ]
            )
        if "precision" in sections:
            print_precision(
                [await run_precision(*sizes, args.db, tmp) for sizes in plan.precision], args.db
            )


def main(argv: Sequence[str] | None = None) -> None:
    """Run the benchmarks and print their tables."""
    args = _parse_args(argv)
    logging.basicConfig(level=logging.WARNING, handlers=[TALLY], force=True)
    started = time.perf_counter()
    print(
        f"Reminder engine benchmark ({'quick' if args.quick else 'full'}), Python "
        f"{sys.version.split()[0]}, {os.cpu_count()} CPUs"
    )
    asyncio.run(_main(args))
    print(f"\nTotal {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
