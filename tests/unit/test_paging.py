"""Cutting lists into pages and the page buttons' data."""

from __future__ import annotations

import pytest

from handlers import paging
from handlers.paging import PageRef


def test_pages_are_cut_by_count_and_by_length() -> None:
    assert paging.spans(["a"] * 20, 8, 1000, "\n") == [(0, 8), (8, 16), (16, 20)]
    # Long items: fewer on a page; an item longer than a page still gets a page of its own.
    assert paging.spans(["x" * 400, "y" * 400, "z" * 900, "w" * 200], 8, 1000, "\n") == [
        (0, 2),
        (2, 3),
        (3, 4),
    ]
    assert paging.spans([], 8, 1000, "\n") == [(0, 0)]


@pytest.mark.parametrize(
    "ref",
    [
        PageRef("t", paging.chat_tag(-1001000000001), 1),
        PageRef("t", paging.chat_tag(-1001000000001), 12, "~1000000002"),
        PageRef("f", paging.chat_tag(42), 3, "hoi chu thap do bao cao"),
        PageRef("h", paging.chat_tag(-4000000001), 2, "17"),
    ],
)
def test_page_data_goes_there_and_back_within_64_bytes(ref: PageRef) -> None:
    assert paging.fits(ref)
    assert paging.parse(ref.data) == ref


@pytest.mark.parametrize(
    "data",
    ["pg:", "pg:t:abc:0:", "pg:x:abc:1:", "pg:t:ABC:1:", "pg:t:abc:1", "pg:t:abc:1:a\nb", "done:1"],
)
def test_forged_page_data_is_not_ours(data: str) -> None:
    assert paging.parse(data) is None


def test_an_argument_is_kept_as_typed_when_it_fits_and_folded_when_not() -> None:
    assert paging.ref_for("f", "abc", 1, "việc số").argument == "việc số"
    words = "báo cáo tổng kết sáu tháng đầu năm của khối"  # 58 bytes as typed
    assert (
        paging.ref_for("f", "abc", 1, words).argument
        == "bao cao tong ket sau thang dau nam cua khoi"
    )
    assert paging.fits(paging.ref_for("f", "abc", 1, words))
    assert not paging.fits(PageRef("f", "abc", 1, "x" * 60))  # not paged: "… and N more"


def test_chat_tags_differ_between_chats() -> None:
    tags = {paging.chat_tag(-1001000000000 - i) for i in range(1000)}
    assert len(tags) == 1000


def test_base36_reads_back_with_int() -> None:
    for value in (0, 1, 35, 36, 1_700_000_000, 2**32 - 1):
        assert int(paging.base36(value), 36) == value
