"""Folding and normalisation keep offsets; the grammar keeps accented forms apart."""

from __future__ import annotations

import unicodedata

from bot.deadlines._text import flex, fold, normalise


def test_fold_keeps_length() -> None:
    text = "Hội Chữ thập đỏ tối tới sáu năm Đà"
    assert fold(text) == "Hoi Chu thap do toi toi sau nam Da"
    assert len(fold(text)) == len(text)


def test_flex_accepts_typed_or_folded_but_not_another_accent() -> None:
    import re

    pattern = re.compile(flex("tối"))
    assert pattern.fullmatch("tối")
    assert pattern.fullmatch("toi")
    assert not pattern.fullmatch("tới")


def test_normalise_maps_decomposed_text_back() -> None:
    text = unicodedata.normalize("NFD", "Tháng 7")
    norm = normalise(text)
    assert norm.text == "tháng 7"
    assert norm.original_span(0, len(norm.text)) == (0, len(text))
    assert norm.original_span(6, 7) == (len(text) - 1, len(text))
