"""Telegram's HTML rules, checked on the parser directly."""

from __future__ import annotations

from typing import Any

import pytest

from bot.sandbox._errors import ApiError
from bot.sandbox._html import parse_html


def _no_users(user_id: int) -> dict[str, Any] | None:
    return {"id": user_id, "is_bot": False, "first_name": "Lan"} if user_id == 7 else None


def test_tags_become_entities_over_plain_text() -> None:
    text, entities = parse_html(
        "<b>Việc</b>: <i>gửi <u>báo cáo</u></i> &lt;3 &amp; &#33;", _no_users
    )
    assert text == "Việc: gửi báo cáo <3 & !"
    assert entities == [
        {"type": "bold", "offset": 0, "length": 4},
        {"type": "italic", "offset": 6, "length": 11},
        {"type": "underline", "offset": 10, "length": 7},
    ]


def test_offsets_are_counted_in_utf16_units() -> None:
    text, entities = parse_html("😀 <b>x</b>", _no_users)
    assert text == "😀 x"
    assert entities == [{"type": "bold", "offset": 3, "length": 1}]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            '<a href="https://example.org">link</a>',
            {"type": "text_link", "url": "https://example.org"},
        ),
        (
            '<pre><code class="language-python">x</code></pre>',
            {"type": "pre", "language": "python"},
        ),
        ('<span class="tg-spoiler">x</span>', {"type": "spoiler"}),
        ("<blockquote expandable>x</blockquote>", {"type": "expandable_blockquote"}),
        ('<tg-emoji emoji-id="5368324170671202286">x</tg-emoji>', {"type": "custom_emoji"}),
        ("<s>x</s>", {"type": "strikethrough"}),
    ],
)
def test_every_supported_tag(source: str, expected: dict[str, Any]) -> None:
    _, entities = parse_html(source, _no_users)
    assert entities[0].items() >= expected.items()


def test_tg_user_link_becomes_a_text_mention() -> None:
    _, entities = parse_html('<a href="tg://user?id=7">Lan</a>', _no_users)
    assert entities[0]["type"] == "text_mention"
    assert entities[0]["user"]["first_name"] == "Lan"


@pytest.mark.parametrize(
    ("source", "fragment"),
    [
        ("a < b", 'unescaped character "<", write it as "&lt;" at byte offset 2'),
        ("a > b", 'unescaped character ">"'),
        ("Tom & Jerry", 'unescaped character "&"'),
        ("Ok <b>x", 'can\'t find end tag corresponding to start tag "b"'),
        ("x</b>", 'unexpected end tag "b"'),
        ("<b><i>x</b></i>", 'expected "</i>", found "</b>"'),
        ("line<br>next", 'unsupported start tag "br" at byte offset 4'),
        ("&nbsp;", 'unsupported HTML entity "&nbsp;"'),
        ("<span>x</span>", 'must have class "tg-spoiler"'),
        ("<!-- c -->", "unsupported comment"),
        ("Việc <x>", "at byte offset 7"),
    ],
)
def test_invalid_markup_is_refused(source: str, fragment: str) -> None:
    with pytest.raises(ApiError) as caught:
        parse_html(source, _no_users)
    assert caught.value.status == 400
    assert caught.value.description.startswith("Bad Request: can't parse entities: ")
    assert fragment in caught.value.description
