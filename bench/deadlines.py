"""Benchmark the deadline parser against plain dateparser on the test corpus.

Run from the repository root:  python bench/deadlines.py [--corpus heldout.tsv]
(corpus.tsv by default; heldout.tsv is the corpus written from DEADLINES.md apart from the parser)
Prints accuracy by kind and by language, warm latency (p50/p99 per phrase, alone and at the end
of a whole ``/task`` text) and the cold first parse measured in a fresh interpreter. Figures
only; never part of the test run.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "unit" / "deadlines")]

from deadline_corpus import HO_CHI_MINH, Row, load_rows  # noqa: E402

from bot.deadlines import parse_deadline, reading_order  # noqa: E402

WARM_ROUNDS = 5
TASK_VI = "@lan, Hội Chữ thập đỏ: gửi báo cáo sơ kết thi đua 6 tháng"
TASK_EN = "@minh, Red Cross: send the mid-year emulation report"
COLD_SNIPPET = """
import time
from datetime import datetime
from zoneinfo import ZoneInfo
started = time.perf_counter()
{body}
print(time.perf_counter() - started)
"""
COLD_CASES = {
    "ours, grammar phrase": "from bot.deadlines import parse_deadline\n"
    "parse_deadline('gửi báo cáo trước 17h thứ 6', "
    "now=datetime(2022, 7, 7, 10, tzinfo=ZoneInfo('Asia/Ho_Chi_Minh')))",
    "ours, dateparser fallback": "from bot.deadlines import parse_deadline\n"
    "parse_deadline('2022/08/15', now=datetime(2022, 7, 7, 10, tzinfo=ZoneInfo('UTC')))",
    "plain dateparser": "import dateparser\ndateparser.parse('15/8', languages=['vi', 'en'])",
}


def _plain(row: Row) -> tuple[str | None, str | None]:
    import dateparser

    # A careful user: the chat's language, day first, future dates, and (dateparser issue 1092)
    # a naive local RELATIVE_BASE instead of TIMEZONE.
    naive_base = row.now_in(HO_CHI_MINH).replace(tzinfo=None)
    settings = {"DATE_ORDER": "DMY", "PREFER_DATES_FROM": "future", "RELATIVE_BASE": naive_base}
    found = dateparser.parse(row.text, languages=list(row.languages), settings=settings)
    if found is None:
        return None, None
    clock = found.strftime("%H:%M") if row.time is not None else None
    return found.date().isoformat(), clock


def _plain_ok(row: Row) -> bool:
    return _plain(row) == (row.date, row.time)


def _ours_ok(row: Row) -> bool:
    result = parse_deadline(row.text, now=row.now_in(HO_CHI_MINH), languages=row.languages)
    deadline = result.deadline
    got = (
        deadline.local_date.isoformat() if deadline else None,
        deadline.local_time.strftime("%H:%M") if deadline and deadline.local_time else None,
        result.error,
        result.title,
    )
    return got == (row.date, row.time, row.error, row.title)


def _accuracy(rows: list[Row], check: Callable[[Row], bool], key: str) -> dict[str, list[bool]]:
    table: dict[str, list[bool]] = defaultdict(list)
    for row in rows:
        ok = check(row)
        table[getattr(row, key)].append(ok)
        table["ALL"].append(ok)
    return table


def _print_accuracy(rows: list[Row]) -> None:
    for key in ("kind", "lang"):
        plain, ours = _accuracy(rows, _plain_ok, key), _accuracy(rows, _ours_ok, key)
        print(f"\nAccuracy by {key} (plain dateparser vs ours; ours also checks the title)")
        print(f"  {key:<10} {'n':>4} {'dateparser':>11} {'ours':>8}")
        for name in sorted(ours, key=lambda n: (n == "ALL", n)):
            n = len(ours[name])
            print(f"  {name:<10} {n:>4} {_pct(plain[name]):>11} {_pct(ours[name]):>8}")


def _pct(values: list[bool]) -> str:
    return f"{100 * sum(values) / len(values):.1f}%"


def _latencies(rows: list[Row], run: Callable[[Row], Any]) -> list[float]:
    for row in rows:  # warm: grammar compiled, dateparser loaded
        run(row)
    samples = []
    for _ in range(WARM_ROUNDS):
        for row in rows:
            started = time.perf_counter()
            run(row)
            samples.append((time.perf_counter() - started) * 1000)
    return samples


def _print_latency(rows: list[Row]) -> None:
    print(f"\nWarm latency per phrase ({WARM_ROUNDS} rounds over {len(rows)} phrases)")

    def ours(row: Row) -> object:
        return parse_deadline(row.text, now=row.now_in(HO_CHI_MINH), languages=row.languages)

    def in_a_task(row: Row) -> object:
        # The phrase at the end of a whole /task, as the secretaries type it (bench/e2e.py), read
        # as the bot reads it: in the chat's language, then the others.
        text = TASK_VI if row.lang != "en" else TASK_EN
        languages = reading_order(row.languages[0])
        return parse_deadline(
            f"{text} {row.text}", now=row.now_in(HO_CHI_MINH), languages=languages
        )

    for name, run in (("ours", ours), ("plain dateparser", _plain), ("ours, in a task", in_a_task)):
        samples = sorted(_latencies(rows, run))
        p99 = samples[int(len(samples) * 0.99) - 1]
        print(
            f"  {name:<17} p50 {statistics.median(samples):6.3f} ms   p99 {p99:6.3f} ms"
            f"   max {samples[-1]:7.3f} ms"
        )


def _print_cold() -> None:
    print("\nCold first parse (fresh interpreter: imports + first parse)")
    for name, body in COLD_CASES.items():
        code = COLD_SNIPPET.format(body=body)
        out = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
        )
        print(f"  {name:<26} {float(out.stdout.strip()) * 1000:7.1f} ms")


def main() -> None:
    """Print every figure in one run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default="corpus.tsv", choices=["corpus.tsv", "heldout.tsv"])
    rows = load_rows(parser.parse_args().corpus)
    vietnamese = sum(r.lang != "en" for r in rows)
    unaccented = sum(r.lang == "vn" for r in rows)
    print(
        f"Corpus: {len(rows)} phrases, {vietnamese} Vietnamese ({unaccented} without "
        f"diacritics), {len(rows) - vietnamese} English"
    )
    print(f"Python {sys.version.split()[0]}")
    _print_accuracy(rows)
    _print_latency(rows)
    _print_cold()


if __name__ == "__main__":
    main()
