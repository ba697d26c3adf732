"""Put adjacent pieces together ("17h" + "thứ 6", "sáng" + "mai" + "9h") into candidates."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from ._handlers_time import to_24h
from ._model import Precision
from ._piece import Context, Piece
from ._rules import Grammar
from ._text import squash
from ._title import extend_over_fillers


@dataclass(frozen=True, slots=True)
class Candidate:
    """One possible deadline: its span in the normalised text and what it resolves to."""

    start: int
    end: int
    day: date | None = None
    clock: time | None = None
    instant: datetime | None = None
    precision: Precision = Precision.DAY
    error: str | None = None
    ambiguous: bool = False
    alternative: date | None = None  # see Piece.alternative
    year_guessed: bool = False  # see Piece.year_guessed
    period_guessed: bool = False  # see Piece.period_guessed
    next_period: date | None = None  # see Piece.next_period


def _fits(group: list[Piece], piece: Piece) -> bool:
    kinds = [p.kind for p in group]
    if piece.kind in ("time", "instant", "error") and piece.kind in kinds:
        return False
    if piece.kind == "date":
        dates = [p for p in group if p.kind == "date"]
        return not dates or (len(dates) == 1 and dates[0].weak != piece.weak)
    return True


def names_period(start: int, end: int, text: str, grammar: Grammar) -> bool:
    """Whether the period at ``text[start:end]`` may only name something ("báo cáo quý 3",
    "review H1"): no deadline word before it, no "cuối"/"trong"/"end of" in it, and not the
    start of the text."""
    if not text[:start].strip():
        return False
    said = squash(text[start:end])
    if any(said.startswith(f"{pos} ") for pos in grammar.values.get("pos", {})):
        return False
    return not extend_over_fillers(text, start, grammar)[1]


def _break_at(group: list[Piece], piece: Piece, text: str, grammar: Grammar) -> int | None:
    """Where "trước"/"by" splits the group: it announces the date after it, with the time between
    them ("báo cáo quý 3 trước 17h thứ 6" is due on Friday at 17:00, the quarter names the
    report; see Language.date_breaks), or a time after a numbered period that only names the
    report ("báo cáo quý 3 trước 17h" is today's, but "cuối tháng trước 17h" the month's end, and
    "họp tuần sau trước 17h" next week's). None when it does not split. A time right after such
    a period splits from it whatever joins them (a whole month has no time of day: "báo cáo
    tháng 11 lúc 17h" is today's), the second of the pair telling so: see group_pieces."""
    dates = [p for p in group if p.kind == "date"]
    if not dates or piece.kind not in ("date", "time"):
        return None
    last = dates[-1]
    named = last.numbered and last.precision is Precision.PERIOD
    named = named and names_period(last.start, last.end, text, grammar)
    if piece.kind == "time" and not named:
        return None
    said = grammar.date_break.search(text, last.end, piece.start)
    if said is None:
        return len(group) if piece.kind == "time" and group[-1] is last else None
    return next((at for at, p in enumerate(group) if p.start >= said.end()), len(group))


def _rejoins(before: list[Piece], piece: Piece, gap: str, grammar: Grammar) -> bool:
    """Whether a weekday after a time split from a month by "lúc"/"at" joins them again: "họp
    tháng 1 lúc 9h thứ 2" may be a Monday of January (asked, see _weekday_in_month), but "báo cáo
    quý 3 lúc 9h sáng mai" is due tomorrow, and "... lúc 17h trước thứ 6" on Friday."""
    month = before[-1].month_start is not None
    said = grammar.date_break.search(gap) is not None
    return month and piece.weekday is not None and not said and _fits(before, piece)


def group_pieces(pieces: list[Piece], text: str, grammar: Grammar) -> list[list[Piece]]:
    """Split pieces into runs separated only by spaces, punctuation or connectors ("lúc", "at")."""
    groups: list[list[Piece]] = []
    loose = False  # the last group is a time split from a period by "lúc"/"at": see _rejoins
    for piece in pieces:
        if groups and _fits(groups[-1], piece):
            gap = text[groups[-1][-1].end : piece.start]
            if len(gap) < 16 and grammar.connector.match(gap):
                at = _break_at(groups[-1], piece, text, grammar)
                if at is None:
                    if loose and _rejoins(groups[-2], piece, gap, grammar):
                        groups[-2:] = [[*groups[-2], *groups[-1]]]
                    groups[-1].append(piece)
                    continue
                loose = not grammar.date_break.search(text, groups[-1][-1].end, piece.start)
                groups[-1], moved = groups[-1][:at], groups[-1][at:]
                groups.append([*moved, piece])
                continue
        loose = False
        groups.append([piece])
    return [run for group in groups for run in _without_left_out(group, text, grammar)]


# A dotted time not announced by "lúc"/"at" (see _lang_common.DOTTED_TIME) counts only right
# beside a date or a part of day ("15.30 thứ 6", "thứ 6, 15.30", "9.30 sáng mai"), and an hour
# before 7 only with a part of day: "phiên bản 2.45 thứ 6" is a version, due on Friday.
_EARLIEST_BARE_HOUR = 7


def _held(group: list[Piece], at: int, text: str) -> bool:
    said = group[at]
    parts = any(p.part not in (None, "eod") for p in group if p is not said)
    if (said.hour or 0) < _EARLIEST_BARE_HOUR and not parts:
        return False
    for near in (at - 1, at + 1):
        if 0 <= near < len(group) and group[near].kind in ("date", "part"):
            first, second = sorted((said, group[near]), key=lambda p: p.start)
            if not any(c.isalnum() for c in text[first.end : second.start]):  # no "trước"
                return True
    return False


def _left_out(group: list[Piece], at: int, text: str) -> bool:
    piece = group[at]
    loose = piece.kind == "time" and piece.tentative and not _held(group, at, text)
    return loose or piece.kind == "aside"


def _beside_aside(group: list[Piece], at: int, text: str, grammar: Grammar) -> bool:
    """Whether a piece touches a number left aside: in "15.7 thứ 6" the "15.7" may be the date,
    and in "20.7 15h", "họp 20.7 lúc 15h" the day of that time."""
    for near in (at - 1, at + 1):
        if 0 <= near < len(group) and group[near].kind == "aside":
            first, second = sorted((group[at], group[near]), key=lambda p: p.start)
            gap = text[first.end : second.start]
            if not any(c.isalnum() for c in gap):
                return True
            if group[at].kind == "time" and squash(gap.strip(" ,")) in grammar.clock_fillers:
                return True
    return False


def _without_left_out(group: list[Piece], text: str, grammar: Grammar) -> list[list[Piece]]:
    """The group split around the dotted times that do not count and the pieces left aside
    (see Piece.tentative), which are left out; a date or time beside one of these is asked."""
    runs: list[list[Piece]] = [[]]
    for at, piece in enumerate(group):
        if _left_out(group, at, text):
            runs.append([])
            continue
        if piece.kind == "date" and _beside_aside(group, at, text, grammar):
            piece = replace(piece, ambiguous=True, alternative=None)
        elif piece.kind == "time" and _beside_aside(group, at, text, grammar):
            piece = replace(piece, beside_aside=True)
        runs[-1].append(piece)
    return [run for run in runs if run]


def _disagree(dates: list[Piece]) -> bool:
    """Tell whether a weekday or relative day contradicts the explicit date beside it."""
    if len(dates) < 2:
        return False
    weak, strong = sorted(dates, key=lambda p: not p.weak)
    if weak.weekday is not None and strong.day is not None:  # "thứ 6 ngày 15/7"
        return strong.day.weekday() != weak.weekday
    return weak.day != strong.day


def _weekday_in_month(dates: list[Piece], ctx: Context) -> Piece | None:
    """ "tháng 12 vào thứ hai", "thứ 6 tháng 7": that weekday in that month, confirmed.

    Spec-silent (rule 5 fixes a bare weekday, rule 1 a bare month). The weekday as read (rule 5,
    or in the week it names) if it falls in the month, else the month's first such day after
    today (in a month to come, its first one); always asked, since another week of the month may
    be meant. When the month holds no such day any more, the caller keeps the month and asks
    (``_disagree``).
    """
    month = next((p for p in dates if p.month_start is not None), None)
    named = next((p for p in dates if p.weekday is not None and p is not month), None)
    if month is None or month.day is None or month.month_start is None:
        return None
    if named is None or named.day is None or named.weekday is None:
        return None
    day = named.day
    if not month.month_start <= day <= month.day:
        first = max(month.month_start, ctx.today + timedelta(days=1))
        day = first + timedelta(days=(named.weekday - first.weekday()) % 7)
    if day > month.day:
        return None
    return replace(
        month,
        day=day,
        precision=Precision.DAY,
        ambiguous=True,
        alternative=None,
        month_start=None,
        next_period=None,
        period_guessed=False,  # asked anyway
    )


def _alternative(dates: list[Piece], mismatch: bool, vague_hour: bool = False) -> date | None:
    """The one other day the words may mean, when a single thing is in doubt: the weekday or
    relative day that disagrees with the date beside it ("thứ 5 ngày 15/12" on a Tuesday), or
    the other reading of an ambiguous date (see Piece.alternative)."""
    doubts = [p.alternative for p in dates if p.ambiguous]
    if mismatch:
        doubts.append(next(p.day for p in dates if p.weak))
    if vague_hour:
        doubts.append(None)  # "3h": 3 or 15 o'clock, a time rather than a day
    return doubts[0] if len(doubts) == 1 else None


def _time_alone(clock: time, ctx: Context) -> date:
    """DEADLINES.md rule 7: a time alone is today if still ahead, otherwise tomorrow."""
    if datetime.combine(ctx.today, clock, tzinfo=ctx.now.tzinfo) > ctx.now:
        return ctx.today
    return ctx.today + timedelta(days=1)


def resolve_group(group: list[Piece], ctx: Context) -> Candidate | None:
    """Turn one run of pieces into a candidate, or None if it holds no date and no time."""
    start, end = group[0].start, group[-1].end
    for piece in group:
        if piece.kind == "error":
            return Candidate(start, end, error=piece.error)
        if piece.kind == "instant" and piece.instant is not None:
            return Candidate(start, end, instant=piece.instant, precision=Precision.TIME)
    dates = [p for p in group if p.kind == "date"]
    times = [p for p in group if p.kind == "time"]
    if not dates and not times:
        if any(p.part == "eod" for p in group):  # "EOD" alone: today, no time
            return Candidate(start, end, ctx.today)
        return None
    in_month = _weekday_in_month(dates, ctx)
    if in_month is not None:
        dates = [in_month]
    chosen = next((p for p in dates if not p.weak), dates[0] if dates else None)
    mismatch = _disagree(dates)
    if not times:
        assert chosen is not None  # there are dates when there are no times
        ambiguous = mismatch or any(p.ambiguous for p in dates)
        return Candidate(
            start,
            end,
            chosen.day,
            precision=chosen.precision,
            ambiguous=ambiguous,
            alternative=_alternative(dates, mismatch),
            year_guessed=chosen.year_guessed,
            period_guessed=chosen.period_guessed,
            next_period=chosen.next_period,
        )
    said = times[0]
    part = next((p.part for p in group if p.part and p is not said), None)
    hour = said.hour or 0
    if said.part is None and part is not None:
        hour = to_24h(hour, part)
    vague_hour = said.ambiguous and said.part is None and part is None
    # "chủ nhật 13", "Friday 11": 13:00, or the 13th? "sáng 9": 9:00, or the 9th's morning? Not
    # "sáng mai 9", "tomorrow 9", where the day is said.
    weekday = any(p.weekday is not None for p in dates)
    vague_hour |= said.bare and ((part is None and weekday) or not dates)
    vague_hour |= said.beside_aside
    ambiguous = mismatch or vague_hour or any(p.ambiguous for p in dates)
    clock = time(23, 59) if hour == 24 else time(hour, said.minute)
    day = chosen.day if chosen is not None and chosen.day is not None else _time_alone(clock, ctx)
    guessed = chosen is not None and (chosen.year_guessed or chosen.period_guessed)
    return Candidate(
        start,
        end,
        day,
        clock,
        precision=Precision.TIME,
        ambiguous=ambiguous,
        alternative=_alternative(dates, mismatch, vague_hour),
        year_guessed=guessed,
    )
