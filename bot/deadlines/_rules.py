"""The grammar's data model and its compiler.

A language is data: word tables (one per *slot*: months, weekdays, positions...) and rules, each a
regex template whose ``{slot}`` or ``{slot:group}`` holes are filled from those tables. A literal
space in a template means "one or more spaces", and " ?" means "maybe spaces". Adding a
language means adding such a module.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from ._text import flex, squash

Value = int | str
_HOLE = re.compile(r"\{(\w+)(?::(\w+))?\}")
# A template read as plain text, to find the words any match holds (see _plain_words).
# An escape, a class, a hole, or "." (any character).
_PIECE = re.compile(r"\\.|\[(?:\\.|[^\]\\])*\]|\{[^\W\d]\w*(?::\w+)?\}|\.")
_LOOK_AROUND = re.compile(r"\(\?<?[=!]")
_OPENER = re.compile(r"\(\?(?:P<\w+>|P=\w+\)|:)")
_SYNTAX = re.compile(r"[()|]|\{\d+(?:,\d*)?\}|[?*+]")
_MAY_BE_NONE = r"(?:\?|\*|\{0(?:,\d*)?\})"
# A separator that a match may leave out: "-?", " *", "(?: |-)?".
_OPTIONAL_GAP = re.compile(rf"[^\w()|?*+{{}}]{_MAY_BE_NONE}|\([^\w()]*\){_MAY_BE_NONE}")
_RUN = re.compile(r"\w+")
_DIGITS = "0123456789"
_LETTERS = (  # what a class or escape is tried on: a word character of the languages' texts
    "_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZđĐ"
    "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
)

# Slots that also accept digits; words from the language tables are tried first.
DIGIT_SLOTS: Mapping[str, str] = {
    "d": r"\d{1,2}",
    "mo": r"\d{1,2}",
    "month": r"\d{1,2}",
    "y": r"(?:19|20|21)\d\d",
    "yy": r"\d{4}|\d\d",
    "h": r"\d{1,2}",
    "mi": r"\d{1,2}",
    "n": r"\d{1,3}",
    "q": r"\d",
    "half": r"[12]",
}


def word_list(spec: str) -> tuple[str, ...]:
    """Split a compact "a|b c|d" list of words and phrases (tables read better in one string)."""
    return tuple(w.strip() for w in spec.split("|") if w.strip())


@dataclass(frozen=True, slots=True)
class Rule:
    """One pattern and the handler (``kind``) that turns its groups into a piece of deadline."""

    kind: str
    template: str
    fixed: Mapping[str, str] = field(default_factory=dict)
    not_after: frozenset[str] = frozenset()  # folded words that, just before, make it no date
    doubtful_after: frozenset[str] = frozenset()  # ... that make it a date to confirm
    # A regex that the text as typed (not lower-cased, accents as they are) must match where the
    # match starts (it may look further): "15g" is a time, "5G" a network.
    typed: str = ""
    # Words one of which every match holds (as typed: folded when compiled), for a rule that
    # would otherwise run on every text with a digit or a common word ("tháng"): "tết", "rằm".
    needs: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, eq=False)  # hashed by identity: a language is a singleton
class Language:
    """Everything the grammar knows about one language."""

    code: str
    words: Mapping[str, Mapping[str, Value]]
    rules: tuple[Rule, ...]
    fillers: tuple[str, ...] = ()  # words that announce a deadline: "trước", "by"
    # Fillers that announce a date that needs announcing (Piece.tentative) only after another
    # filler ("hạn chót là 15.7", not "đạt là 2.5"), and those that announce a clock time, after
    # which it is never a date ("lúc 8.10"): see _title.announced.
    weak_fillers: tuple[str, ...] = ()
    clock_fillers: tuple[str, ...] = ()
    connectors: tuple[str, ...] = ()  # words allowed between two pieces: "lúc", "at"
    # Connectors that join a time to a date ("thứ 6 trước 10h") but never two dates: in "báo cáo
    # quý 3 trước thứ 6" the word announces the deadline and the quarter names the report.
    date_breaks: tuple[str, ...] = ()
    # Phrases whose last word is a filler but which belong to the title: "quá hạn", "hand in".
    title_phrases: tuple[str, ...] = ()
    # Fillers that are units after a number, so the title's: "chi 15 tr" is 15 million.
    units: tuple[str, ...] = ()
    # Words a deadline at the end of the text would leave dangling at the end of the title
    # ("gửi kế hoạch cho trước 20/12"): the cut takes them too (see _title.take_dangling).
    dangling: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CompiledRule:
    """A rule ready to run, with the table each of its groups is looked up in.

    ``words`` and ``digits`` let a text skip the rules that cannot match it (most of them: the
    scan ran every regex over every text, the larger part of reading a deadline). A match holds
    a digit, or one of these words as a whole word (folded, one word of a phrase), unless the
    rule is not ``anchored`` (a match may glue words together: see :func:`_plain_words`), which
    then always runs; ``tests/unit/deadlines/test_deadlines_scan.py`` checks that nothing is
    skipped that would have matched.
    """

    rule: Rule
    regex: re.Pattern[str]
    group_slots: Mapping[str, str]
    order: int
    words: frozenset[str] = frozenset()
    digits: bool = True  # a match may hold a digit
    anchored: bool = False  # a match holds a digit or a whole word of ``words``
    typed: re.Pattern[str] | None = None  # see Rule.typed
    needs: frozenset[str] = frozenset()  # see Rule.needs, folded

    def may_match(self, words: frozenset[str] | set[str], digits: bool) -> bool:
        """Whether the rule may match a text of these (folded) ``words``, with or without
        ``digits``."""
        if self.needs and self.needs.isdisjoint(words):
            return False
        return not self.anchored or (digits and self.digits) or not self.words.isdisjoint(words)


@dataclass(frozen=True, slots=True)
class Grammar:
    """The compiled rules and merged tables for a set of languages."""

    rules: tuple[CompiledRule, ...]
    values: Mapping[str, Mapping[str, Value]]
    fillers: tuple[re.Pattern[str], ...]  # one per language: a chain never mixes languages
    connector: re.Pattern[str]
    date_break: re.Pattern[str]  # see Language.date_breaks
    anchor: re.Pattern[str]  # a digit or any word some rule starts with or contains
    title_phrases: re.Pattern[str]  # see Language.title_phrases and Language.units
    dangling: re.Pattern[str]  # see Language.dangling
    weak_fillers: frozenset[str] = frozenset()  # folded; see Language.weak_fillers
    clock_fillers: frozenset[str] = frozenset()  # folded; see Language.clock_fillers


def _alternation(words: list[str]) -> str:
    ordered = sorted(set(words), key=len, reverse=True)
    return "|".join(flex(re.escape(w)).replace(r"\ ", r"\s+") for w in ordered)


def _slot_regex(slot: str, words: Mapping[str, Mapping[str, Value]]) -> str:
    parts = [_alternation(list(words[slot]))] if words.get(slot) else []
    if slot in DIGIT_SLOTS:
        parts.append(DIGIT_SLOTS[slot])
    if not parts:
        raise ValueError(f"no words for slot {slot!r}")
    return "|".join(parts)


def _compile_rule(
    rule: Rule,
    words: Mapping[str, Mapping[str, Value]],
    order: int,
    plain: tuple[list[str], bool, bool],
) -> CompiledRule:
    """``rule`` compiled, with ``plain``, what :func:`_plain_words` reads of its template."""
    group_slots: dict[str, str] = {}

    def fill(match: re.Match[str]) -> str:
        slot, group = match.group(1), match.group(2) or match.group(1)
        group_slots[group] = slot
        return f"(?P<{group}>{_slot_regex(slot, words)})"

    spaced = flex(rule.template).replace(" ?", r"\s*").replace(" ", r"\s+")
    body = _HOLE.sub(fill, spaced)
    regex = re.compile(rf"(?<!\w)(?:{body})(?!\w)")
    slots = set(group_slots.values())
    literal, digits, anchored = plain
    phrases = [*literal, *(w for slot in slots for w in words.get(slot, ()))]
    return CompiledRule(
        rule,
        regex,
        group_slots,
        order,
        words=frozenset(word for phrase in phrases for word in squash(phrase).split()),
        digits=digits or bool(slots & DIGIT_SLOTS.keys()),
        anchored=anchored,
        typed=re.compile(rule.typed) if rule.typed else None,
        needs=frozenset(word for phrase in rule.needs for word in squash(phrase).split()),
    )


def _plain_words(template: str) -> tuple[list[str], bool, bool]:
    """The words a template spells out, whether it may match a digit itself (not through a
    hole), and whether every match is sure to hold one of its words, or of its holes' tables,
    as a whole word, or a digit.

    The template is read as text: a hole becomes ``_``; a class, escape or "." that may match a
    digit ``0``, one that may match a letter ``_``, the other ones a space; look-arounds are
    dropped (they match nothing), and the rest of the syntax becomes a space. Read again with the
    syntax and the separators a match may leave out dropped instead, it must give the same
    words: otherwise a match may glue a word to another or to a hole ("(?:week)?end",
    "mid-?week", "t{month}", "{h}h", "{rel}{unit}"), and the rule is not anchored.
    """

    def as_text(piece: re.Match[str]) -> str:
        found = piece.group()
        if found.startswith("{"):
            return "_"
        pattern = re.compile(found)
        if any(pattern.fullmatch(c) for c in _DIGITS):
            return "0"
        return "_" if any(pattern.fullmatch(c) for c in _LETTERS) else " "

    text = _OPENER.sub("(", _drop_look_arounds(_PIECE.sub(as_text, template)))
    apart = _SYNTAX.sub(" ", text)
    joined = _SYNTAX.sub("", _OPTIONAL_GAP.sub("", text).replace("|", " "))
    runs = _RUN.findall(apart)
    whole = all(run.isalpha() or run.isdigit() or run == "_" for run in runs)
    anchored = whole and set(_RUN.findall(joined)) == set(runs)
    return [run for run in runs if run.isalpha()], re.search(r"\d", apart) is not None, anchored


def _drop_look_arounds(text: str) -> str:
    """``text`` without its look-ahead and look-behind groups, nested ones included."""
    kept: list[str] = []
    at = 0
    while (found := _LOOK_AROUND.search(text, at)) is not None:
        kept.append(text[at : found.start()])
        depth, at = 1, found.end()
        while depth and at < len(text):
            depth += {"(": 1, ")": -1}.get(text[at], 0)
            at += 1
    return "".join([*kept, text[at:]])


def _word_list(words: tuple[str, ...]) -> str:
    return _alternation(list(words)) if words else "(?!)"


def _filler_regex(words: tuple[str, ...]) -> re.Pattern[str]:
    # Fillers are matched backwards from a deadline, so the pattern is anchored at the end.
    return re.compile(rf"(?:(?<!\w)(?:{_word_list(words)})|[:,\-–—])\s*$")


@lru_cache(maxsize=16)  # a handful of language sets per process; compiling costs ~10 ms
def compile_grammar(languages: tuple[Language, ...]) -> Grammar:
    """Compile the rules of ``languages`` (earlier languages win ties) into one grammar."""
    merged: dict[str, dict[str, Value]] = {}
    for language in reversed(languages):
        for slot, table in language.words.items():
            merged.setdefault(slot, {}).update({squash(k): v for k, v in table.items()})
    compiled: list[CompiledRule] = []
    words: set[str] = set()  # the anchors' words: those of the templates, then of the tables
    for language in languages:
        for rule in language.rules:
            plain = _plain_words(rule.template)
            compiled.append(_compile_rule(rule, language.words, len(compiled), plain))
            words.update(word for word in plain[0] if len(word) > 1)
    words |= {w for lang in languages for table in lang.words.values() for w in table}
    fillers = tuple(_filler_regex(lang.fillers) for lang in languages if lang.fillers)
    connectors = _word_list(tuple(c for lang in languages for c in lang.connectors))
    breaks = _word_list(tuple(w for lang in languages for w in lang.date_breaks))
    phrases = tuple(p for lang in languages for p in lang.title_phrases)
    units = _word_list(tuple(u for lang in languages for u in lang.units))
    dangling = _word_list(tuple(w for lang in languages for w in lang.dangling))
    return Grammar(
        rules=tuple(compiled),
        values=merged,
        fillers=fillers or (_filler_regex(()),),
        connector=re.compile(rf"^(?:\s|[,\-–(]|(?<!\w)(?:{connectors})(?!\w))*$"),
        date_break=re.compile(rf"(?<!\w)(?:{breaks})(?!\w)"),
        anchor=re.compile(rf"\d+|(?<!\w)(?:{_alternation(sorted(words))})(?!\w)"),
        title_phrases=re.compile(rf"(?<!\w)(?:{_word_list(phrases)}|\d+ ?(?:{units}))(?!\w)"),
        # Matched backwards from a deadline, like the fillers: a run of such words at the end.
        dangling=re.compile(rf"(?:(?<!\w)(?:{dangling})[\s,:\-–—]*)+$"),
        weak_fillers=frozenset(squash(w) for lang in languages for w in lang.weak_fillers),
        clock_fillers=frozenset(squash(w) for lang in languages for w in lang.clock_fillers),
    )
