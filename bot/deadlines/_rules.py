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
_LITERAL = re.compile(r"(?<![\\?])[^\W\d_]{2,}")  # words of a template, not "\s" or "?P"
_HOLE = re.compile(r"\{(\w+)(?::(\w+))?\}")

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


@dataclass(frozen=True, slots=True, eq=False)  # hashed by identity: a language is a singleton
class Language:
    """Everything the grammar knows about one language."""

    code: str
    words: Mapping[str, Mapping[str, Value]]
    rules: tuple[Rule, ...]
    fillers: tuple[str, ...] = ()  # words that announce a deadline: "trước", "by"
    connectors: tuple[str, ...] = ()  # words allowed between two pieces: "lúc", "at"


@dataclass(frozen=True, slots=True)
class CompiledRule:
    """A rule ready to run, with the table each of its groups is looked up in."""

    rule: Rule
    regex: re.Pattern[str]
    group_slots: Mapping[str, str]
    order: int


@dataclass(frozen=True, slots=True)
class Grammar:
    """The compiled rules and merged tables for a set of languages."""

    rules: tuple[CompiledRule, ...]
    values: Mapping[str, Mapping[str, Value]]
    fillers: tuple[re.Pattern[str], ...]  # one per language: a chain never mixes languages
    connector: re.Pattern[str]
    anchor: re.Pattern[str]  # a digit or any word some rule starts with or contains


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


def _compile_rule(rule: Rule, words: Mapping[str, Mapping[str, Value]], order: int) -> CompiledRule:
    group_slots: dict[str, str] = {}

    def fill(match: re.Match[str]) -> str:
        slot, group = match.group(1), match.group(2) or match.group(1)
        group_slots[group] = slot
        return f"(?P<{group}>{_slot_regex(slot, words)})"

    spaced = flex(rule.template).replace(" ?", r"\s*").replace(" ", r"\s+")
    body = _HOLE.sub(fill, spaced)
    regex = re.compile(rf"(?<!\w)(?:{body})(?!\w)")
    return CompiledRule(rule, regex, group_slots, order)


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
    for language in languages:
        for rule in language.rules:
            compiled.append(_compile_rule(rule, language.words, len(compiled)))
    words = {w for c in compiled for w in _LITERAL.findall(_HOLE.sub(" ", c.rule.template))}
    words |= {w for lang in languages for table in lang.words.values() for w in table}
    fillers = tuple(_filler_regex(lang.fillers) for lang in languages if lang.fillers)
    connectors = _word_list(tuple(c for lang in languages for c in lang.connectors))
    return Grammar(
        rules=tuple(compiled),
        values=merged,
        fillers=fillers or (_filler_regex(()),),
        connector=re.compile(rf"^(?:\s|[,\-–(]|(?<!\w)(?:{connectors})(?!\w))*$"),
        anchor=re.compile(rf"\d+|(?<!\w)(?:{_alternation(sorted(words))})(?!\w)"),
    )
