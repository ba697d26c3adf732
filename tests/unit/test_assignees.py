"""Reading assignees out of the text of /task."""

from __future__ import annotations

from bot.assignees import AssigneeText, cut_at, split_assignees, without_cuts
from bot.domain import PersonRef


def test_names_before_the_colon_are_assignees() -> None:
    assignees, rest = split_assignees(
        "@lan, Hội Chữ thập đỏ: gửi đề xuất nhu cầu chuyển đổi số cuối tháng 7"
    )
    assert assignees == [AssigneeText("@lan", username="lan"), AssigneeText("Hội Chữ thập đỏ")]
    assert rest == "gửi đề xuất nhu cầu chuyển đổi số cuối tháng 7"


def test_a_colon_between_digits_is_a_time_not_a_separator() -> None:
    assignees, rest = split_assignees("@lan gửi báo cáo trước 17:00 thứ 6")
    assert assignees == [AssigneeText("@lan", username="lan")]
    assert rest == "gửi báo cáo trước 17:00 thứ 6"


def test_without_a_colon_leading_mentions_are_assignees() -> None:
    minh = PersonRef(telegram_id=7, first_name="Minh")
    assignees, rest = split_assignees("@lan Minh gọi cho Hội", {"Minh": minh})
    assert assignees == [AssigneeText("@lan", username="lan"), AssigneeText("Minh", person=minh)]
    assert rest == "gọi cho Hội"


def test_no_assignees() -> None:
    assert split_assignees("chuẩn bị hội trường ngày mai") == ([], "chuẩn bị hội trường ngày mai")


def test_all_members_in_both_languages_and_without_diacritics() -> None:
    for text in (
        "tất cả thành viên",
        "Tat ca thanh vien",
        "các thành viên Khối",
        "Các đơn vị trong Khối",
        "tất cả thành viên.",
        "all members",
        "All Member Organizations",
    ):
        assert AssigneeText(text).means_all_members, text
    assert not AssigneeText("Hội thành viên").means_all_members


def test_separators_and_blank_items() -> None:
    assignees, _ = split_assignees("Hội A ; Hội B,, Liên hiệp các Hội Văn học và Nghệ thuật: làm")
    assert [a.text for a in assignees] == [
        "Hội A",
        "Hội B",
        "Liên hiệp các Hội Văn học và Nghệ thuật",
    ]


def test_a_username_typed_without_its_comma_stands_on_its_own() -> None:
    assignees, rest = split_assignees("Khối trưởng @lan @minh_ctd, CTĐ: họp thống nhất Quý 4")
    assert [(a.text, a.username) for a in assignees] == [
        ("Khối trưởng", None),
        ("@lan", "lan"),
        ("@minh_ctd", "minh_ctd"),
        ("CTĐ", None),
    ]
    assert rest == "họp thống nhất Quý 4"
    # An address is not a mention: the @ must open a word.
    [address], _ = split_assignees("hop@thu.vn: gửi thư mời")
    assert (address.text, address.username) == ("hop@thu.vn", None)


def test_what_cuts_a_name_in_a_list_of_assignees() -> None:
    for name, cut in (("Hội A, B", ","), ("Ban; TG", ";"), ("Ban: TG", ":"), ("HND @Q1", "@")):
        assert cut_at(name) == cut
        assert [a.text for a in split_assignees(f"{name}, @lan: họp")[0]] != [name, "@lan"]
    for name in ("Hội Chữ thập đỏ", "Liên hiệp Hội KH&KT", "Ban Thi đua – Khen thưởng", "Tổ 2"):
        assert cut_at(name) is None
        assert [a.text for a in split_assignees(f"{name}, @lan: họp")[0]] == [name, "@lan"]
    assert without_cuts("Hội Cựu chiến binh, Quận 1") == "Hội Cựu chiến binh Quận 1"
    assert cut_at("HND@Q1") == "@"  # read whole today, but one space away from a username
    assert without_cuts("HND@Q1") == "HND Q1"
