"""The scan skips the rules that cannot match a text, and finds exactly what running them all
finds (bot/deadlines/_rules.py, CompiledRule.words)."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from deadline_corpus import load_rows
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.deadlines._parser import LANGUAGES, grammar_for, reading_order
from bot.deadlines._rules import Grammar, _plain_words
from bot.deadlines._scan import _matches
from bot.deadlines._text import fold, normalise

GRAMMARS = {language: grammar_for(reading_order(language)) for language in LANGUAGES}
BERLIN = (Path(__file__).parent / "berlin.tsv").read_text(encoding="utf-8").splitlines()
TEXTS = sorted(
    {row.text for name in ("corpus.tsv", "heldout.tsv") for row in load_rows(name)}
    | {line.split("\t")[1] for line in BERLIN if line and not line.startswith("#")}
)


def every_rule(grammar: Grammar) -> Grammar:
    """The same grammar with no rule skipped."""
    return replace(grammar, rules=tuple(replace(r, anchored=False) for r in grammar.rules))


def found(text: str, grammar: Grammar) -> list[tuple[int, int, int, str]]:
    return [(s, e, rule.order, m.group()) for s, e, rule, m in _matches(text, grammar)]


def assert_same(text: str, language: str) -> None:
    normalised = normalise(text).text
    grammar = GRAMMARS[language]
    assert found(normalised, grammar) == found(normalised, every_rule(grammar)), text


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_the_corpora_find_what_every_rule_finds(language: str) -> None:
    for text in TEXTS:
        assert_same(text, language)
        assert_same(f"gửi báo cáo tổng kết {text} cho Ban Thường trực", language)


def test_most_rules_are_skipped_for_a_task_without_digits() -> None:
    grammar = GRAMMARS["vi"]
    text = normalise("Ban TĐKT: hướng dẫn thủ tục khen thưởng cuối tháng sau").text
    words = {fold(word) for word in re.findall(r"\w+", text)}  # as the scan reads them
    kept = [rule for rule in grammar.rules if rule.may_match(words, digits=False)]
    assert len(kept) < len(grammar.rules) / 2
    assert found(text, grammar) == found(text, every_rule(grammar))


@pytest.mark.parametrize(
    ("template", "words", "digits", "anchored"),
    [
        ("(?:the |this )?weekend", ["the", "this", "weekend"], False, True),
        ("{pos}[\\s-]+(?:the )?month|eom", ["the", "month", "eom"], False, True),
        ("(?:week)?end", ["week", "end"], False, False),  # "weekend" holds neither whole
        ("ngày ?mai", ["ngày", "mai"], False, False),  # "ngàymai"
        ("t{month}/{y}", [], False, False),  # a letter glued to a hole
        ("{h}h(?:{mi})?", [], False, False),
        ("[ap]m", [], False, False),  # a class of letters glued to a word
        ("(?:6|sáu) tháng", ["sáu", "tháng"], True, True),
        ("at {h}(?! ?[/.\\-]?\\d)", ["at"], False, True),  # a look-around matches nothing
        ("(?:(?<=\\d[hg]\\s)|(?<=giờ\\s))mai", ["mai"], False, True),
        # Separators a match may leave out, classes and "." that match a word character, and
        # holes side by side: each may glue what the template spells apart.
        ("mid-?week", ["mid", "week"], False, False),
        ("by\\s*tomorrow", ["by", "tomorrow"], False, False),
        ("a(?: |-)?b", ["a", "b"], False, False),
        ("t[2-7]", [], True, False),
        ("wee[kK]end", [], False, False),
        ("o.clock", [], True, False),
        ("{rel}{unit}", [], False, False),
    ],
)
def test_a_template_is_read_for_the_words_any_match_holds(
    template: str, words: list[str], digits: bool, anchored: bool
) -> None:
    assert _plain_words(template) == (words, digits, anchored)


# Words of the rules' tables and templates (every run of letters in a template, syntax or not),
# glued or spaced at random, with digits and the punctuation the templates know: a text that a
# rule would match without one of its words whole.
PIECES = sorted(
    {
        w
        for g in GRAMMARS.values()
        for rule in g.rules
        for w in re.findall(r"[^\W\d_]+", rule.rule.template)
    }
    | {w for g in GRAMMARS.values() for table in g.values.values() for w in map(str, table)}
    | {"thứ", "chủ nhật", "mùng", "sáu", "17", "5", "2024", "q", "h", "g", "t"}
)
GLUE = st.sampled_from(["", " ", "  ", "-", "/", ".", ",", ":", "'", " – ", "\n"])


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(PIECES), GLUE), min_size=1, max_size=8),
    st.sampled_from(sorted(LANGUAGES)),
)
def test_any_mix_of_the_rules_words_finds_what_every_rule_finds(
    pieces: list[tuple[str, str]], language: str
) -> None:
    assert_same("".join(word + glue for word, glue in pieces), language)


# Every rule whose matches hypothesis can write (not the two that start with a look-behind).
GENERABLE = [
    (language, rule)
    for language, grammar in sorted(GRAMMARS.items())
    for rule in grammar.rules
    if not rule.rule.template.startswith("(?:(?<=")
]


@settings(max_examples=500, deadline=None)
@given(st.data())
def test_a_text_a_rule_matches_is_never_skipped(data: st.DataObject) -> None:
    language, rule = data.draw(st.sampled_from(GENERABLE))
    text = data.draw(st.from_regex(rule.regex, fullmatch=True).filter(str.strip))
    grammar = GRAMMARS[language]
    assert found(text, grammar) == found(text, every_rule(grammar)), (rule.rule.template, text)
