"""Telegram is asked who administers a group only when the database gives the sender no role
that allows what they asked for; and, from a private chat, whether the sender is in the group
once a minute at most, which also says whether they administer it."""

from __future__ import annotations

from datetime import timedelta

from tests.e2e.conftest import Group, Harness
from tests.e2e.test_private_group import choice, private

ASK = "getChatAdministrators"


async def test_the_administrators_are_asked_only_when_no_role_in_the_database_suffices(
    harness: Harness, group: Group
) -> None:
    admin, lan, minh = (harness.users[k] for k in ("secretary", "lan", "minh"))
    hoa = harness.sandbox.add_user("Hoa", username="hoa")
    await harness.sandbox.set_member_status(group.id, hoa, "member")
    for user in (lan, minh, hoa):
        await group.say(user, "/start")  # the bot learns who @lan and @hoa are

    def asked() -> int:
        return sum(1 for method, _ in harness.sandbox.calls if method == ASK)

    assert "@lan giờ là thư ký" in await group.say(admin, "/thuky them @lan")
    assert asked() == 1  # only an administrator may name a secretary: Telegram was asked
    assert "việc #1" in await group.say(admin, "/viec @hoa: gửi báo cáo thứ 6")
    assert asked() == 1  # the list is remembered for a minute
    harness.clock.advance(timedelta(minutes=2))  # and now it is stale
    assert "việc #2" in await group.say(lan, "/viec @hoa: gọi điện thứ 2")  # a secretary
    assert "Đã ghi tiến độ" in await group.say(hoa, "/ghichu 1 đã gửi bản nháp")  # an assignee
    assert "Việc #1 đã xong" in await group.say(hoa, "/xong 1")
    assert "set:digest" in repr(await group.say_all(lan, "/caidat"))  # a secretary's buttons
    assert asked() == 1
    refusal = "Chỉ quản trị viên của nhóm và thư ký"
    assert refusal in await group.say(minh, "/qd Đồng ý")  # nobody by the database: ask
    assert asked() == 2
    assert "quyết định #1" in await group.say(admin, "/qd Đồng ý")  # fresh again: not asked
    assert asked() == 2
    harness.clock.advance(timedelta(minutes=2))
    shown = await group.say(minh, "/caidat")  # whether to offer him the buttons: ask
    assert "Cài đặt" in shown
    assert "🔒" in shown
    assert asked() == 3


async def test_whether_a_member_is_still_in_the_group_is_asked_once_a_minute(
    harness: Harness, group: Group
) -> None:
    lan, admin = harness.users["lan"], harness.users["secretary"]
    await group.say(lan, "/ds")
    await group.say(admin, "/ds")

    def asked(method: str) -> int:
        return sum(1 for name, _ in harness.sandbox.calls if name == method)

    me = private(harness, lan)
    listed = await me.say("/nhom")
    await me.press(listed, choice(listed, "Khối thi đua số 1"))
    await me.say("/ds")
    await me.say("/tim báo cáo")
    assert asked("getChatMember") == 1  # the list, the choice and two commands: asked once
    harness.clock.advance(timedelta(minutes=2))
    await me.say("/ds")
    assert asked("getChatMember") == 2
    # Its administrator records from her private chat: the same answer says she administers
    # the group, so its list of administrators is not asked for.
    mine = private(harness, admin)
    listed = await mine.say("/nhom")
    await mine.press(listed, choice(listed, "Khối thi đua số 1"))
    assert "việc #1" in (await mine.say("/viec @lan: gửi báo cáo"))["text"]
    assert asked("getChatMember") == 3
    assert asked("getChatAdministrators") == 0


async def test_an_administrator_telegram_cannot_be_asked_about_is_told_to_try_again(
    harness: Harness, group: Group
) -> None:
    admin = harness.users["secretary"]  # the group's administrator, not yet known as one
    harness.sandbox.inject_fault(ASK, "500", times=4)  # every try the request layer makes
    refusal = await group.say(admin, "/qd Đồng ý")
    assert refusal == (
        "Lúc này tôi không hỏi được Telegram để biết bạn có phải quản trị viên của nhóm này hay"
        " không, nên tôi chưa làm gì cả. Vui lòng thử lại sau một phút."
    )
    assert harness.sandbox.faults_pending == 0
    assert "quyết định #1" in await group.say(admin, "/qd Đồng ý")  # Telegram answers again
