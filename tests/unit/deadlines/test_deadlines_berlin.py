"""The rules across Berlin's daylight-saving changes: due_utc follows the real clock."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from deadline_corpus import BERLIN

from bot.deadlines import parse_deadline

ROWS = [
    line.split("\t")
    for line in (Path(__file__).parent / "berlin.tsv").read_text(encoding="utf-8").splitlines()
    if line and not line.startswith("#")
]


@pytest.mark.parametrize(
    ("now", "text", "day", "clock", "precision", "due_utc", "reasons"),
    ROWS,
    ids=[f"{r[0]}-{r[1]}" for r in ROWS],
)
def test_berlin(
    now: str, text: str, day: str, clock: str, precision: str, due_utc: str, reasons: str
) -> None:
    result = parse_deadline(text, now=datetime.fromisoformat(now), tz=BERLIN)
    deadline = result.deadline
    assert deadline is not None
    assert deadline.local_date.isoformat() == day
    assert (deadline.local_time.strftime("%H:%M") if deadline.local_time else "-") == clock
    assert deadline.precision.value == precision
    assert deadline.due_utc == datetime.fromisoformat(due_utc)
    assert deadline.due_utc.utcoffset() is not None
    assert result.confirm_reasons == (tuple(reasons.split(",")) if reasons != "-" else ())


def test_zone_given_as_name_or_object() -> None:
    now = datetime.fromisoformat("2022-03-26T10:00:00+01:00")
    by_name = parse_deadline("ngày mai", now=now, tz="Europe/Berlin")
    assert by_name == parse_deadline("ngày mai", now=now, tz=BERLIN)


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        parse_deadline("ngày mai", now=datetime.fromisoformat("2022-07-07T10:00:00"))
