"""Recognising organisations by name or alias, and what a /task draft keeps."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.demo import ORGANISATIONS
from bot.domain import Assignee, Due
from bot.org_names import (
    MAX_CANDIDATES,
    Organisation,
    key,
    lookup,
    opening,
    shadowed,
    shortest_label,
    taken,
)
from bot.task_draft import Draft, Unsettled

SEED: list[Organisation] = [
    (i, names[0], names[1:])
    for i, names in enumerate(([n.strip() for n in org.split("|")] for org in ORGANISATIONS), 1)
]
RED_CROSS = (4, "Hội Chữ thập đỏ")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("CTĐ", "ctd"),
        ("Hội Chữ thập đỏ", "  hoi  CHU thap do "),
        ("Ban Thi đua – Khen thưởng", "ban thi dua - khen thuong"),
        ("Liên hiệp Hội KH&KT", "lien hiep hoi kh & kt"),
        ("Hội\u200bA", "HộiA"),
    ],
)
def test_spellings_that_are_the_same_name(a: str, b: str) -> None:
    assert key(a) == key(b)


def test_different_names_stay_different() -> None:
    assert key("Hội A") != key("Hội B")
    assert key("Tổ 1") != key("Tổ 10")


@pytest.mark.parametrize(
    "typed", ["Hội Chữ thập đỏ", "hoi chu thap do", "HỘI CHỮ THẬP ĐỎ", "CTĐ", "ctd", "Ctđ"]
)
def test_a_name_or_alias_in_any_spelling_is_one_organisation(typed: str) -> None:
    assert lookup(typed, SEED).found == RED_CROSS


def test_every_seed_name_and_alias_names_its_organisation_exactly() -> None:
    for org_id, name, aliases in SEED:
        for label in (name, *aliases):
            assert lookup(label, SEED).found == (org_id, name), label


def test_a_shared_prefix_is_a_question_not_an_answer() -> None:
    found = lookup("Liên hiệp", SEED)
    assert found.found is None
    assert [name for _, name in found.candidates] == [
        "Liên hiệp các Hội Khoa học và Kỹ thuật thành phố",
        "Liên hiệp các Tổ chức Hữu nghị",
        "Liên hiệp các Hội Văn học và Nghệ thuật",
    ]
    assert [oid for oid, _ in lookup("hoi", SEED).candidates] == [1, 3, 4]
    assert lookup("Hội Chữ thập đỏ thành phố", SEED).candidates == [RED_CROSS]


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("lien minh htx", "Liên minh Hợp tác xã"),
        ("LM HTX", "Liên minh Hợp tác xã"),
        ("chu thap do", "Hội Chữ thập đỏ"),
        ("hoi ctd", "Hội Chữ thập đỏ"),
        ("Ban TĐ KT", "Ban Thi đua – Khen thưởng thành phố"),
    ],
)
def test_a_word_spelling_the_initials_of_words_makes_a_question(typed: str, meant: str) -> None:
    found = lookup(typed, SEED)
    assert found.found is None  # asked, never picked
    assert meant in [name for _, name in found.candidates]


def test_initials_spell_whole_runs_of_words_only() -> None:
    assert lookup("lien minh hx", SEED).candidates == []  # "hợp tác xã" is h-t-x
    assert lookup("lien minh htxa", SEED).candidates == []  # one initial too many


def test_an_unknown_name_has_no_candidates() -> None:
    found = lookup("Hội Nông dân", SEED)
    assert (found.found, found.candidates) == (None, [])


def test_two_organisations_sharing_an_alias_are_both_offered() -> None:
    orgs: list[Organisation] = [
        (1, "Hội Cựu chiến binh", ["HCCB"]),
        (2, "Hội Cựu giáo chức", ["hccb"]),
    ]
    found = lookup("HCCB", orgs)
    assert found.found is None
    assert found.candidates == [(1, "Hội Cựu chiến binh"), (2, "Hội Cựu giáo chức")]


def test_candidates_are_capped() -> None:
    orgs: list[Organisation] = [(i, f"Tổ {i}", []) for i in range(1, 20)]
    found = lookup("Tổ", orgs)
    assert (len(found.candidates), found.more) == (MAX_CANDIDATES, 19 - MAX_CANDIDATES)
    assert lookup("Tổ 1", orgs).more == 0


def test_taken_and_shadowed_names() -> None:
    assert taken("c.t.đ", SEED) is None
    assert taken("ctd", SEED) == "Hội Chữ thập đỏ"
    assert taken("Ban TDKT", SEED) == "Ban Thi đua – Khen thưởng thành phố"
    assert shadowed(["Liên hiệp các Hội", "LHCH"], SEED) == [
        "Liên hiệp các Hội Khoa học và Kỹ thuật thành phố",
        "Liên hiệp các Hội Văn học và Nghệ thuật",
    ]


@pytest.mark.parametrize(
    "title",
    ["CTD - gửi báo cáo", "ctđ gửi báo cáo", "Hội Chữ thập đỏ, gửi báo cáo", "CTĐ"],
)
def test_a_title_opening_with_a_name_or_alias_names_it(title: str) -> None:
    org = opening(title, SEED)
    assert org is not None
    assert (org[1], shortest_label(org, SEED)) == ("Hội Chữ thập đỏ", "CTĐ")


@pytest.mark.parametrize(
    "title", ["ctdx gửi báo cáo", "gửi báo cáo cho CTĐ", "Hội nghị tổng kết", "Liên hiệp các"]
)
def test_a_title_opening_with_no_whole_name_names_nobody(title: str) -> None:
    assert opening(title, SEED) is None


def test_the_longest_opening_name_wins_and_a_shared_one_names_nobody() -> None:
    orgs: list[Organisation] = [
        (1, "Hội Cựu chiến binh", ["HCCB"]),
        (2, "Hội", ["HCCB TP"]),
        (3, "Hội Cựu giáo chức", ["hccb"]),
    ]
    assert opening("HCCB TP gửi báo cáo", orgs) == orgs[1]
    assert opening("HCCB gửi báo cáo", orgs) is None  # two organisations' alias
    assert shortest_label(orgs[0], orgs) == "Hội Cựu chiến binh"  # its alias names two


def test_the_seed_bloc_is_added_without_a_warning() -> None:
    for i, (_, name, aliases) in enumerate(SEED):
        assert shadowed([name, *aliases], SEED[:i]) == [], name


def test_a_draft_survives_its_json_unchanged() -> None:
    draft = Draft(
        "gửi báo cáo",
        Due(datetime(2022, 7, 31, 16, 59, 59, tzinfo=UTC), "period", "cuối tháng 7"),
        False,
        ("ambiguous",),
        (
            Assignee("@lan", 3, 1000000002, username="lan"),
            Unsettled("Liên hiệp", ((1, "A"), (2, "B")), more=3),
            Assignee("Hội Chữ thập đỏ", organisation_id=4),
        ),
        message_id=7,
        thread_id=None,
    )
    assert Draft.from_json(draft.to_json()) == draft
    assert draft.next_open() == 1
    settled = draft.settle(1, Assignee("Hội Nông dân", organisation_id=9), created=True)
    assert settled.next_open() is None
    assert settled.new_organisations == ("Hội Nông dân",)
    assert [a.label for a in settled.assignees()] == ["@lan", "Hội Nông dân", "Hội Chữ thập đỏ"]


def test_a_draft_follows_a_rename_and_asks_again_about_a_removed_organisation() -> None:
    draft = Draft(
        "gửi báo cáo",
        None,
        True,
        (),
        (
            Assignee("Hội Nông dân", organisation_id=9),
            Unsettled("Liên hiệp", ((1, "A"), (9, "Hội Nông dân"))),
            Assignee("@lan", username="lan"),
        ),
        new_organisations=("Hội Nông dân",),
    )
    renamed = draft.with_organisation_renamed(9, "Hội ND")
    assert renamed.items == (
        Assignee("Hội ND", organisation_id=9),
        Unsettled("Liên hiệp", ((1, "A"), (9, "Hội ND"))),
        Assignee("@lan", username="lan"),
    )
    assert renamed.new_organisations == ("Hội ND",)
    assert draft.with_organisation_renamed(5, "Hội X") == draft  # not in it: unchanged
    removed = draft.without_organisation(9)
    assert removed.items == (
        Unsettled("Hội Nông dân"),
        Unsettled("Liên hiệp", ((1, "A"),)),
        Assignee("@lan", username="lan"),
    )
    assert removed.new_organisations == ()
    assert removed.next_open() == 0
    assert draft.without_organisation(5) == draft


def test_a_draft_kept_as_typed_keeps_what_was_settled() -> None:
    draft = Draft(
        "gửi báo cáo",
        None,
        True,
        (),
        (
            Assignee("Hội Nông dân", organisation_id=9),
            Unsettled("Liên hiệp", ((1, "A"), (2, "B"))),
            Assignee("@lan", username="lan"),
            Unsettled("Doan thanh nien"),
        ),
    )
    kept = draft.as_typed()
    assert kept.next_open() is None
    assert kept.assignees() == [
        Assignee("Hội Nông dân", organisation_id=9),
        Assignee("Liên hiệp"),
        Assignee("@lan", username="lan"),
        Assignee("Doan thanh nien"),
    ]
    assert [a.is_name_only for a in kept.assignees()] == [False, True, False, True]
