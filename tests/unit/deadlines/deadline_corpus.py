"""Load the hand-written deadline corpus (corpus.tsv) shared by the tests and the benchmark."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

HERE = Path(__file__).parent
HO_CHI_MINH = ZoneInfo("Asia/Ho_Chi_Minh")
BERLIN = ZoneInfo("Europe/Berlin")
# The wall-clock "now" of each row, read in whatever zone the row is checked in.
NOWS = {
    "A": (2022, 7, 7, 10, 0),  # Thursday; the example of DEADLINES.md
    "B": (2024, 2, 27, 16, 30),  # Tuesday of a leap February
    "C": (2022, 12, 30, 21, 0),  # Friday evening, the year about to end
    "D": (2023, 3, 15, 8, 0),  # Wednesday, mid-month, end of a quarter ahead
    # Lunar year 2025 has a leap 6th month (25 July to 22 August 2025):
    "H": (2025, 7, 10, 10, 0),  # Thursday, in the regular 6th month, the leap one ahead
    "I": (2025, 7, 26, 10, 0),  # Saturday, in the leap 6th month
    "J": (2022, 7, 31, 16, 0),  # Sunday afternoon, the last day of a month and of a week
    # Only in heldout.tsv:
    "E": (2023, 4, 30, 22, 15),  # Sunday night, the last day of a month
    "F": (2024, 1, 31, 9, 0),  # Wednesday, the last day of January in a leap year
    "G": (2025, 9, 29, 7, 30),  # Monday, the day before a quarter ends
}


@dataclass(frozen=True)
class Row:
    """One phrase and what DEADLINES.md says it means."""

    kind: str
    lang: str  # "vi", "vn" (Vietnamese without diacritics) or "en"
    now: str
    text: str
    date: str | None
    time: str | None
    precision: str | None
    title: str
    reasons: tuple[str, ...]
    error: str | None

    def now_in(self, zone: ZoneInfo) -> datetime:
        """The row's moment as wall-clock time in ``zone``."""
        return datetime(*NOWS[self.now], tzinfo=zone)

    @property
    def languages(self) -> tuple[str, ...]:
        """The chat language the phrase belongs to."""
        return ("en",) if self.lang == "en" else ("vi",)

    def reasons_in(self, languages: tuple[str, ...]) -> tuple[str, ...]:
        """The reasons to confirm in a chat of these languages (its own first): a reason written
        ``en:ambiguous`` is only given in an English chat ("03/04" may be 4 March there)."""
        kept = []
        for reason in self.reasons:
            chat, _, code = reason.rpartition(":")
            if not chat or languages[:1] == (chat,):
                kept.append(code)
        return tuple(kept)


def _field(value: str) -> str | None:
    return None if value == "-" else value


def load_rows(name: str = "corpus.tsv") -> list[Row]:
    """Read a corpus (corpus.tsv or heldout.tsv), skipping comments."""
    rows = []
    for line in (HERE / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, lang, now, text, date, time, precision, title, reasons, error = line.split("\t")
        title = "" if title == "~" else text.strip() if title == "=" else title
        rows.append(
            Row(
                kind,
                lang,
                now,
                text,
                _field(date),
                _field(time),
                _field(precision),
                title,
                tuple(reasons.split(",")) if reasons != "-" else (),
                _field(error),
            )
        )
    return rows
