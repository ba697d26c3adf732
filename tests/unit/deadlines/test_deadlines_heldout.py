"""The held-out corpus (heldout.tsv): phrases written from DEADLINES.md alone, before the parser
or its own corpus was read, plus later probes. ``*`` in precision or reasons means "not checked":
DEADLINES.md fixes the date, the time, the errors and the title, not those.
"""

from __future__ import annotations

from collections import Counter
from zoneinfo import ZoneInfo

import pytest
from deadline_corpus import BERLIN, HO_CHI_MINH, Row, load_rows

from bot.deadlines import parse_deadline

ROWS = load_rows("heldout.tsv")
SETTINGS = [
    pytest.param(HO_CHI_MINH, None, id="hcm"),
    pytest.param(BERLIN, None, id="berlin"),
    pytest.param(HO_CHI_MINH, "own", id="hcm-own-language"),
]


@pytest.mark.parametrize(("zone", "languages"), SETTINGS)
@pytest.mark.parametrize("row", ROWS, ids=[f"{r.kind}-{r.now}-{r.text}" for r in ROWS])
def test_heldout(row: Row, zone: ZoneInfo, languages: str | None) -> None:
    langs = row.languages if languages == "own" else ("vi", "en")
    result = parse_deadline(row.text, now=row.now_in(zone), tz=zone, languages=langs)
    assert result.error == row.error
    assert result.title == row.title
    deadline = result.deadline
    if row.error is not None or row.date is None:
        assert deadline is None
        return
    assert deadline is not None
    assert deadline.local_date.isoformat() == row.date
    assert (deadline.local_time.strftime("%H:%M") if deadline.local_time else None) == row.time
    if row.precision != "*":
        assert deadline.precision.value == row.precision
    if row.reasons != ("*",):
        assert result.confirm_reasons == row.reasons
    assert result.span is not None
    assert deadline.text == row.text[result.span[0] : result.span[1]]


def test_heldout_composition() -> None:
    """At least 250 phrases, mostly Vietnamese, typed with and without diacritics, every rule."""
    vietnamese = [r for r in ROWS if r.lang in ("vi", "vn")]
    assert len(ROWS) >= 250
    assert len(vietnamese) / len(ROWS) >= 0.55
    assert sum(r.lang == "vn" for r in ROWS) >= 50
    kinds = Counter(r.kind for r in ROWS)
    expected = {"period", "quarter", "start", "numeric", "impossible", "weekday", "relative"}
    assert expected | {"time", "filler", "none", "task"} <= set(kinds)
