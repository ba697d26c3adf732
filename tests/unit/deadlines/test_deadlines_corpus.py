"""Every phrase of the corpus, in Ho Chi Minh City and in Berlin, with both and one language."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from deadline_corpus import BERLIN, HO_CHI_MINH, Row, load_rows

from bot.deadlines import parse_deadline

ROWS = load_rows()
SETTINGS = [
    pytest.param(HO_CHI_MINH, None, id="hcm"),
    pytest.param(BERLIN, None, id="berlin"),
    pytest.param(HO_CHI_MINH, "own", id="hcm-own-language"),
]


def _expected_due(row: Row, zone: ZoneInfo) -> datetime:
    assert row.date is not None
    clock = time.fromisoformat(row.time) if row.time else time(23, 59, 59)
    return datetime.combine(date.fromisoformat(row.date), clock, tzinfo=zone).astimezone(UTC)


@pytest.mark.parametrize(("zone", "languages"), SETTINGS)
@pytest.mark.parametrize("row", ROWS, ids=[f"{r.kind}-{r.now}-{r.text}" for r in ROWS])
def test_corpus(row: Row, zone: ZoneInfo, languages: str | None) -> None:
    langs = row.languages if languages == "own" else ("vi", "en")
    result = parse_deadline(row.text, now=row.now_in(zone), tz=zone, languages=langs)
    assert result.error == row.error
    assert result.title == row.title
    if row.error is not None:
        assert result.deadline is None
        assert result.error_detail
        return
    reasons = row.reasons_in(langs)
    assert result.confirm_reasons == reasons
    assert result.confirm is bool(reasons)
    deadline = result.deadline
    if row.date is None:
        assert deadline is None
        assert result.span is None
        return
    assert deadline is not None
    assert deadline.local_date.isoformat() == row.date
    assert (deadline.local_time.strftime("%H:%M") if deadline.local_time else None) == row.time
    assert deadline.precision.value == row.precision
    assert deadline.due_utc == _expected_due(row, zone)
    assert result.span is not None
    assert deadline.text == row.text[result.span[0] : result.span[1]]


def test_corpus_composition() -> None:
    """The corpus is large, mostly Vietnamese, and typed with and without diacritics."""
    vietnamese = [r for r in ROWS if r.lang in ("vi", "vn")]
    assert len(ROWS) >= 400
    assert len(vietnamese) / len(ROWS) >= 0.55
    assert sum(r.lang == "vn" for r in ROWS) >= 50
    assert {r.now for r in ROWS} == {"A", "B", "C", "D", "H", "I", "J"}
