"""Long lists a page at a time: ◀ page ▶ buttons edit the message in place, filters are kept,
and page buttons that are stale, forged or from another chat get a clear answer."""

from __future__ import annotations

import re
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from tests.e2e.conftest import Group, Harness

JSON = dict[str, Any]


def data(message: JSON) -> list[str]:
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return [b["callback_data"] for row in rows for b in row]


def nav(message: JSON) -> list[str]:
    """The labels of the page row (the last row), or [] without one."""
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    last = rows[-1] if rows else []
    return (
        [b["text"] for b in last] if any(b["callback_data"].startswith("pg:") for b in last) else []
    )


def numbers(message: JSON) -> list[int]:
    return [int(n) for n in re.findall(r"^#(\d+) ", message["text"], re.MULTILINE)]


def current(group: Group, message_id: int) -> JSON:
    return next(m for m in group.bot_messages() if m["message_id"] == message_id)


def calls(harness: Harness, method: str) -> int:
    return sum(1 for name, _ in harness.sandbox.calls if name == method)


async def press(
    harness: Harness, group: Group, user: JSON, message: JSON, data: str, edits: int = 0
) -> JSON:
    """``user`` presses the button; return the pop-up answer once the bot has answered and
    made ``edits`` edits (the done button answers first, then edits)."""
    answered, edited = calls(harness, "answerCallbackQuery"), calls(harness, "editMessageText")
    await harness.sandbox.click(group.id, user["id"], message["message_id"], data)
    await harness.sandbox.wait_for_calls("answerCallbackQuery", answered + 1)
    if edits:
        await harness.sandbox.wait_for_calls("editMessageText", edited + edits)
    return harness.sandbox.callback_answers[-1]


def arrow(message: JSON, label: str) -> str:
    rows = message["reply_markup"]["inline_keyboard"]
    return next(b["callback_data"] for b in rows[-1] if b["text"] == label)


async def page_through(harness: Harness, group: Group, user: JSON, first: JSON) -> list[JSON]:
    """Every page of a list, pressing ▶ on the same message until the last page."""
    pages, message = [first], first
    while "▶" in nav(message):
        answer = await press(harness, group, user, message, arrow(message, "▶"))
        assert (answer["text"], answer["show_alert"]) == (None, False)
        message = current(group, first["message_id"])
        pages.append(message)
    return pages


async def record_tasks(group: Group, user: JSON, count: int, who: str = "@lan") -> None:
    for i in range(1, count + 1):
        await group.say(user, f"/viec {who}: việc số {i} ngày {i % 28 + 1}/8")


async def lan_lists(harness: Harness, group: Group, count: int) -> tuple[JSON, JSON]:
    """The secretary records ``count`` tasks for Lan; Lan sends /ds. Return Lan and the list."""
    lan = harness.users["lan"]
    await record_tasks(group, harness.users["secretary"], count)
    (first,) = await group.say_all(lan, "/ds")
    return lan, first


async def test_thirty_tasks_page_through_in_place_with_done_buttons(
    harness: Harness, group: Group
) -> None:
    lan, first = await lan_lists(harness, group, 30)
    assert first["text"].startswith("30 việc đang mở")
    assert nav(first) == ["Trang 1/4", "▶"]
    assert [d for d in data(first) if d.startswith("done:")] == [
        f"done:{n}" for n in numbers(first)
    ]
    pages = await page_through(harness, group, lan, first)
    assert [nav(p) for p in pages[1:]] == [
        ["◀", "Trang 2/4", "▶"],
        ["◀", "Trang 3/4", "▶"],
        ["◀", "Trang 4/4"],
    ]
    shown = [numbers(p) for p in pages]
    assert [len(n) for n in shown] == [8, 8, 8, 6]
    assert sorted(n for page in shown for n in page) == list(range(1, 31))
    assert all(len(p["text"]) <= 4096 and len(p.get("entities", [])) < 100 for p in pages)
    # Still one message: every page was an edit of the first answer.
    assert len([m for m in group.bot_messages() if m["text"].startswith("30 việc")]) == 1

    # Back to page 2 and close a task there: the page says who closed it, its button goes,
    # the other done buttons and the page buttons stay.
    answer = await press(harness, group, lan, pages[-1], arrow(pages[-1], "◀"))
    page3 = current(group, first["message_id"])
    assert nav(page3) == ["◀", "Trang 3/4", "▶"]
    answer = await press(harness, group, lan, page3, arrow(page3, "◀"))
    page2 = current(group, first["message_id"])
    target = numbers(page2)[3]
    answer = await press(harness, group, lan, page2, f"done:{target}", edits=1)
    assert answer["text"] == f"Đã đánh dấu việc #{target} xong."
    closed = current(group, first["message_id"])
    assert closed["text"].endswith(f"✅ Việc #{target} đã xong — Lan Nguyễn đánh dấu.")
    assert f"done:{target}" not in data(closed)
    assert nav(closed) == ["◀", "Trang 2/4", "▶"]
    # The page number redraws the page: the closed task has left the open list.
    await press(harness, group, lan, closed, arrow(closed, "Trang 2/4"))
    redrawn = current(group, first["message_id"])
    assert redrawn["text"].startswith("29 việc đang mở")
    assert target not in numbers(redrawn)


async def test_filters_are_kept_from_page_to_page(harness: Harness, group: Group) -> None:
    secretary, lan, minh = (harness.users[k] for k in ("secretary", "lan", "minh"))
    await group.say(secretary, "/tochuc them Hội Chữ thập đỏ | CTĐ")
    await record_tasks(group, secretary, 10, who="Hội Chữ thập đỏ")
    await record_tasks(group, secretary, 9, who="@lan")
    (org,) = await group.say_all(minh, "/ds hoi chu thap do")
    assert org["text"].startswith("10 việc đang mở của Hội Chữ thập đỏ")
    pages = await page_through(harness, group, minh, org)
    assert len(pages) == 2
    assert pages[1]["text"].startswith("10 việc đang mở của Hội Chữ thập đỏ")
    assert sorted(n for p in pages for n in numbers(p)) == list(range(1, 11))

    (mine,) = await group.say_all(lan, "/ds cua toi")
    assert nav(mine) == ["Trang 1/2", "▶"]
    # Only Lan turns the pages of Lan's own list; Minh is told how to see his.
    refused = await press(harness, group, minh, mine, arrow(mine, "▶"))
    assert refused["show_alert"] is True
    assert refused["text"].startswith("Chỉ người đã yêu cầu danh sách này mới lật trang được.")
    assert current(group, mine["message_id"])["text"] == mine["text"]
    pages = await page_through(harness, group, lan, mine)
    assert sorted(n for p in pages for n in numbers(p)) == list(range(11, 20))

    await harness.at(harness.clock.now().replace(month=9))  # everything is overdue now
    (overdue,) = await group.say_all(lan, "/ds qua han")
    pages = await page_through(harness, group, lan, overdue)
    assert all("quá hạn" in p["text"].split("\n")[0] for p in pages)
    assert sorted(n for p in pages for n in numbers(p)) == list(range(1, 20))


async def test_decisions_orgs_find_and_history_are_paged(harness: Harness, group: Group) -> None:
    secretary = harness.users["secretary"]
    for i in range(1, 26):
        await group.say(secretary, f"/qd Quyết định số {i}")
    (decisions,) = await group.say_all(secretary, "/dsqd")
    pages = await page_through(harness, group, secretary, decisions)
    assert [nav(p)[-1] if nav(p)[-1] != "▶" else nav(p)[-2] for p in pages] == [
        "Trang 1/3",
        "Trang 2/3",
        "Trang 3/3",
    ]
    assert sum(p["text"].count("Quyết định số") for p in pages) == 25

    for i in range(1, 31):
        await group.say(secretary, f"/tochuc them Hội viên số {i}")
    (orgs,) = await group.say_all(secretary, "/dstochuc")
    pages = await page_through(harness, group, secretary, orgs)
    assert [p["text"].count("• Hội viên số") for p in pages] == [25, 5]

    await record_tasks(group, secretary, 12)
    (found,) = await group.say_all(secretary, "/tim việc số")
    pages = await page_through(harness, group, secretary, found)
    assert [len(numbers(p)) for p in pages] == [8, 4]
    assert "«việc số»" in found["text"].split("\n")[0]
    assert {p["text"].split("\n")[0] for p in pages} == {found["text"].split("\n")[0]}

    for i in range(1, 21):
        await group.say(secretary, f"/ghichu 1 tiến độ lần {i}")
    (history,) = await group.say_all(secretary, "/lichsu 1")
    pages = await page_through(harness, group, secretary, history)
    assert len(pages) == 2
    assert "tiến độ lần 20" in pages[-1]["text"]
    assert all(p["text"].startswith(history["text"].split("\n")[0]) for p in pages)


async def test_stale_forged_and_foreign_page_buttons_get_an_answer(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    lan, first = await lan_lists(harness, group, 20)
    pages = await page_through(harness, group, lan, first)
    last = pages[-1]
    assert nav(last) == ["◀", "Trang 3/3"]
    # The list shrinks to two pages: the old page 3's buttons show what is there now.
    for n in range(1, 6):
        await group.say(secretary, f"/xong {n}")
    stale_page3 = arrow(last, "Trang 3/3")
    answer = await press(harness, group, lan, last, stale_page3)
    assert answer["text"] == "Danh sách đã thay đổi và ngắn hơn: đây là trang cuối của nó."
    assert answer["show_alert"] is False
    shrunk = current(group, first["message_id"])
    assert nav(shrunk) == ["◀", "Trang 2/2"]
    assert shrunk["text"].startswith("15 việc đang mở")
    # Pressing the page number when nothing changed edits nothing and says so.
    answer = await press(harness, group, lan, shrunk, arrow(shrunk, "Trang 2/2"))
    assert answer["text"] == "Trang này không có gì thay đổi."

    # A page button that turns up in another chat shows nothing of the first chat.
    other = harness.group("Nhóm khác", [harness.users["minh"]], [lan])
    (theirs,) = await other.say_all(lan, "/ds")
    foreign = arrow(shrunk, "◀")
    bot = harness.application.bot
    for forged in (foreign, "pg:t:zz:1:", "pg:q:1:1:", "pg:t:0:0:", "xyz:1"):
        markup = InlineKeyboardMarkup([[InlineKeyboardButton("?", callback_data=forged)]])
        await bot.edit_message_reply_markup(other.id, theirs["message_id"], reply_markup=markup)
        seen = current(other, theirs["message_id"])
        before = seen["text"]
        answer = await press(harness, other, lan, seen, forged)
        assert answer["show_alert"] is True
        # Well-formed data with another chat's tag is taken for a button from another chat.
        if forged in (foreign, "pg:t:zz:1:"):
            expected = "Nút này thuộc danh sách của một nhóm khác."
        elif forged == "xyz:1":  # no list's button at all
            expected = "Nút này không còn dùng được. Hãy gửi lại lệnh để có nút mới."
        else:
            expected = "Nút này đã cũ. Hãy gửi lại lệnh để xem danh sách mới."
        assert answer["text"].startswith(expected)
        assert current(other, theirs["message_id"])["text"] == before


async def test_pages_in_english(harness: Harness, group: Group) -> None:
    secretary, lan, minh = (harness.users[k] for k in ("secretary", "lan", "minh"))
    assert await group.say(secretary, "/lang en") == "Switched to English."
    await record_tasks(group, secretary, 10)
    (first,) = await group.say_all(minh, "/tasks")
    assert first["text"].startswith("10 open tasks")
    assert nav(first) == ["Page 1/2", "▶"]
    pages = await page_through(harness, group, minh, first)
    assert nav(pages[-1]) == ["◀", "Page 2/2"]
    assert sorted(n for p in pages for n in numbers(p)) == list(range(1, 11))
    (mine,) = await group.say_all(lan, "/tasks mine")
    refused = await press(harness, group, minh, mine, arrow(mine, "▶"))
    assert refused["text"] == (
        "Only the person who asked for this list can turn its pages. "
        "Send /tasks mine to see your own."
    )
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("?", callback_data="pg:zzz")]])
    await harness.application.bot.edit_message_reply_markup(
        group.id, first["message_id"], reply_markup=markup
    )
    refused = await press(harness, group, minh, current(group, first["message_id"]), "pg:zzz")
    assert refused["text"] == (
        "This button is out of date. Send the command again to get a fresh list."
    )
