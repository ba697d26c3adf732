"""``parse_deadline``: find the deadline in a task text, resolve it, and return the title."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time, tzinfo
from zoneinfo import ZoneInfo

from . import _lang_common, _lang_en, _lang_vi
from ._calendar import add_months, add_years
from ._combine import Candidate, group_pieces, names_period, resolve_group
from ._fallback import parse_with_dateparser
from ._model import Deadline, ParseResult, Precision
from ._piece import Context
from ._rules import Grammar, Language, compile_grammar
from ._scan import scan
from ._text import Normalised, normalise
from ._title import cut_title, extend_over_fillers, tail_start, take_dangling

LANGUAGES: dict[str, Language] = {"vi": _lang_vi.LANGUAGE, "en": _lang_en.LANGUAGE}
_END_OF_DAY = time(23, 59, 59)
Found = list[tuple[Candidate, int, bool]]  # candidate, start with its fillers, has a filler
_RANK = {Precision.TIME: 2, Precision.DAY: 1, Precision.PERIOD: 0}


def grammar_for(languages: tuple[str, ...]) -> Grammar:
    """Return the compiled grammar for the chat's languages (unknown codes are skipped)."""
    chosen = tuple(LANGUAGES[code] for code in languages if code in LANGUAGES)
    return compile_grammar((*chosen, _lang_common.LANGUAGE))


def reading_order(language: str) -> tuple[str, ...]:
    """The languages a chat's deadlines are read in: its own first, then the others."""
    return (language, *sorted(LANGUAGES.keys() - {language}))


def prepare() -> None:
    """Compile the grammar of each chat language now (tens of milliseconds), so that the first
    task after a start does not wait for it."""
    for language in LANGUAGES:
        grammar_for(reading_order(language))


def _zone(tz: str | tzinfo) -> tzinfo:
    return ZoneInfo(tz) if isinstance(tz, str) else tz


def _reading(cand: Candidate) -> tuple[object, ...]:
    return cand.day, cand.clock, cand.instant


def _choose(found: Found) -> tuple[Candidate, int, list[Candidate]]:
    """Prefer a phrase announced by a filler ("trước", "by"), then the more precise, the later;
    also return the rivals as likely that read otherwise, one per reading."""

    def key(item: tuple[Candidate, int, bool]) -> tuple[bool, bool, int, int]:
        cand, _, filler = item
        return filler, cand.error is None, _RANK[cand.precision], cand.start

    best, start, filler = max(found, key=key)
    rivals = [c for c, _, f in found if c is not best and f == filler and c.error is None]
    others = {_reading(c): c for c in rivals if _reading(c) != _reading(best)}
    return best, start, list(others.values())


def _deadline(cand: Candidate, zone: tzinfo, text: str) -> tuple[Deadline, bool]:
    """Build the deadline; also tell whether its local time is skipped or repeated by DST."""
    if cand.instant is not None:
        local = cand.instant.astimezone(zone)
        clock = local.time().replace(tzinfo=None, second=0, microsecond=0)
        return Deadline(local.astimezone(UTC), local.date(), clock, cand.precision, text), False
    assert cand.day is not None
    wall = datetime.combine(cand.day, cand.clock or _END_OF_DAY, tzinfo=zone)
    shifted = wall.replace(fold=1).utcoffset() != wall.utcoffset()
    due = wall.astimezone(UTC)
    local = due.astimezone(zone)  # a time skipped by DST moves forward, as the clock does
    said = local.time().replace(tzinfo=None) if cand.clock else None
    deadline = Deadline(due, local.date(), said, cand.precision, text)
    return deadline, shifted and cand.clock is not None


# A day and month typed without a year is put on its next occurrence (rule 3). Further ahead
# than this, it is more likely a slip (a date just passed, a wrong month: "15/12" typed on
# 1 January) than a plan made so early: the bot asks. Spec-silent; the QA pass of 1 Jan 2027
# found "/deadline 11 15/12" set to 15/12/2027 without a word.
_GUESSED_YEAR_MONTHS = 6


def _reasons(
    deadline: Deadline, ctx: Context, ambiguous: bool, year_guessed: bool = False
) -> tuple[str, ...]:
    past = deadline.local_date < ctx.today or (
        deadline.precision is Precision.TIME and deadline.due_utc < ctx.now
    )
    far = deadline.local_date > add_years(ctx.today, 2)
    year = year_guessed and deadline.local_date > add_months(ctx.today, _GUESSED_YEAR_MONTHS)
    # Spec-silent. A period that ends today is today (rules 1 and 3), but "cuối tháng" typed on
    # the 31st at 16:00 leaves no reminder before the deadline, and may mean next month's end:
    # asked (the QA pass of the secretary's phone).
    today = deadline.precision is Precision.PERIOD and deadline.local_date == ctx.today
    flags = (
        ("past", past),
        ("today", today),
        ("far", far),
        ("year", year and not far),
        ("ambiguous", ambiguous),
    )
    return tuple(code for code, on in flags if on)


def reasons_for(deadline: Deadline, ctx: Context) -> tuple[str, ...]:
    """Why the bot asks about a deadline worked out rather than read (a move of one: see
    _shift): it is past, today's end of a period, or far."""
    return _reasons(deadline, ctx, ambiguous=False)


def _candidates(norm: Normalised, grammar: Grammar, ctx: Context) -> Found:
    pieces = scan(norm.text, grammar, ctx, norm.cased)
    found: Found = []
    for group in group_pieces(pieces, norm.text, grammar):
        cand = resolve_group(group, ctx)
        if cand is not None:
            start, filler = extend_over_fillers(norm.text, cand.start, grammar)
            found.append((cand, start, filler))
    return found


def _fallback(text: str, ctx: Context, zone: tzinfo, languages: tuple[str, ...]) -> ParseResult:
    """The whole text read by plain dateparser; always confirmed, as dateparser guesses."""
    phrase = text.strip()
    read = parse_with_dateparser(phrase, ctx.now, languages)
    if read is None:  # no deadline: the title is the text, but for its polite tail
        return ParseResult(None, None, phrase[: tail_start(phrase)].rstrip(" \t\n,") or phrase)
    day, clock, precision = read
    start = text.index(phrase)
    cand = Candidate(start, start + len(phrase), day, clock, precision=precision)
    deadline, _ = _deadline(cand, zone, phrase)
    reasons = _reasons(deadline, ctx, ambiguous=True)
    return ParseResult(deadline, (cand.start, cand.end), "", True, reasons)


def parse_deadline(
    text: str,
    *,
    now: datetime,
    tz: str | tzinfo = "Asia/Ho_Chi_Minh",
    languages: tuple[str, ...] = ("vi", "en"),
) -> ParseResult:
    """Find the deadline in ``text`` as of ``now`` (aware) in the chat's zone; see DEADLINES.md."""
    if now.tzinfo is None:
        raise ValueError("parse_deadline needs a timezone-aware 'now'")
    zone = _zone(tz)
    local_now = now.astimezone(zone)
    languages = tuple(languages)
    ctx = Context(local_now, local_now.date(), month_first=languages[:1] == ("en",))
    norm = normalise(text)
    grammar = grammar_for(languages)
    found = _candidates(norm, grammar, ctx)
    if not found:
        return _fallback(text, ctx, zone, languages)
    cand, cut_start, rivals = _choose(found)
    cut_start = take_dangling(norm.text, cut_start, cand.end, grammar)
    span = norm.original_span(cand.start, cand.end)
    cut = norm.original_span(cut_start, cand.end)
    title = cut_title(text, cut)
    phrase = text[span[0] : span[1]]
    if cand.error is not None:
        return ParseResult(None, span, title, error=cand.error, error_detail=phrase)
    deadline, shifted = _deadline(cand, zone, phrase)
    ambiguous = bool(rivals) or cand.ambiguous or shifted
    named = names_period(cand.start, cand.end, norm.text, grammar)
    reasons = _reasons(deadline, ctx, ambiguous, _year_guessed(cand, named, ctx))
    other = _alternative(cand, rivals, shifted)
    if not ambiguous and cand.next_period is not None and {"past", "today"} & set(reasons):
        other = replace(cand, day=cand.next_period)  # "cuối tháng" on the 31st: see _reasons
    alternative = None
    if other is not None:
        start, end = norm.original_span(other.start, other.end)
        alternative, _ = _deadline(other, zone, text[start:end])
        if (alternative.local_date, alternative.local_time) == (
            deadline.local_date,
            deadline.local_time,
        ):
            alternative = None  # "cuoi thang sau" typed in May: June either way
    return ParseResult(deadline, span, title, bool(reasons), reasons, alternative)


def _year_guessed(cand: Candidate, named: bool, ctx: Context) -> bool:
    """Whether the year was guessed in a way worth asking about when far (see _reasons): a day
    and month, or a day of a month ("giữa tháng 12" typed on 20 December), always; a whole month,
    quarter or half-year where it may name the report, right after the title's words with no
    deadline word ("nộp báo cáo 6 tháng đầu năm" on 7 July; see names_period), or where rule 3
    carried it into next year, this year's having ended: "tháng 6", "trong tháng 6" typed in July
    are as much the month just passed as "15/6" is. Spec-silent; one of this year ("tháng 12",
    "6 tháng cuối năm" typed in January) is a plan, not asked."""
    if cand.precision is not Precision.PERIOD:
        return cand.year_guessed or cand.period_guessed
    carried = cand.day is not None and cand.day.year > ctx.today.year
    return cand.year_guessed or (cand.period_guessed and (named or carried))


def _alternative(cand: Candidate, rivals: list[Candidate], shifted: bool) -> Candidate | None:
    """The one other reading of the text: another phrase of it, or the other reading of the
    phrase chosen (see Piece.alternative); None when there are several, or a doubt that no
    other deadline answers (a time DST skips, "mai" that may be a name)."""
    doubts: list[Candidate | None] = list(rivals)
    if cand.ambiguous:
        other = cand.alternative
        doubts.append(None if other is None else replace(cand, day=other))
    if shifted:
        doubts.append(None)
    return doubts[0] if len(doubts) == 1 else None
