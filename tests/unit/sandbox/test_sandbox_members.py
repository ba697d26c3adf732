"""Member statuses and rights: the bot as administrator, member, restricted or removed."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest
from telegram import Bot, ChatMemberAdministrator, ChatMemberBanned, ChatMemberRestricted
from telegram.error import BadRequest, Forbidden

from bot.sandbox import DriverError, Sandbox

TOKEN = "123456:SANDBOX-TOKEN"


async def test_a_new_group_has_the_bot_as_a_plain_member(tg: Bot, world: dict[str, Any]) -> None:
    group = world["group"]["id"]
    member = await tg.get_chat_member(group, tg.id)
    assert member.status == "member"
    chat = await tg.get_chat(group)
    assert chat.permissions is not None
    assert chat.permissions.can_send_messages is True
    assert chat.permissions.can_pin_messages is True


async def test_an_administrator_bot_has_its_rights_in_ptb(
    sandbox: Sandbox, tg: Bot, world: dict[str, Any]
) -> None:
    group = world["group"]["id"]
    await sandbox.set_member_status(group, sandbox.bot, "administrator", can_pin_messages=False)
    member = await tg.get_chat_member(group, tg.id)
    assert isinstance(member, ChatMemberAdministrator)
    assert (member.can_pin_messages, member.can_delete_messages) == (False, True)
    admins = await tg.get_chat_administrators(group)
    assert sorted(a.user.id for a in admins) == sorted([world["lan"]["id"], tg.id])


async def test_a_restricted_bot_cannot_send_but_keeps_reading(
    sandbox: Sandbox, tg: Bot, world: dict[str, Any]
) -> None:
    group = world["group"]["id"]
    await sandbox.set_member_status(group, sandbox.bot, "restricted", can_send_messages=False)
    member = await tg.get_chat_member(group, tg.id)
    assert isinstance(member, ChatMemberRestricted)
    assert (member.can_send_messages, member.can_send_documents) == (False, True)
    with pytest.raises(BadRequest, match="Not enough rights to send text messages"):
        await tg.send_message(group, "Nhắc việc")
    await tg.send_document(group, document=b"x", filename="a.csv")  # documents still allowed
    await sandbox.set_member_status(group, sandbox.bot, "member")
    assert (await tg.send_message(group, "Nhắc việc")).text == "Nhắc việc"


async def test_chat_permissions_bind_members_but_not_administrators(
    sandbox: Sandbox, tg: Bot, world: dict[str, Any]
) -> None:
    group = world["group"]["id"]
    sandbox.set_chat_permissions(group, can_send_messages=False)
    chat = await tg.get_chat(group)
    assert chat.permissions is not None
    assert chat.permissions.can_send_messages is False
    with pytest.raises(BadRequest, match="Not enough rights"):
        await tg.send_message(group, "Nhắc việc")
    await sandbox.set_member_status(group, sandbox.bot, "administrator")
    await tg.send_message(group, "Nhắc việc")
    # A private chat is always open to the bot.
    await tg.send_message(world["private"]["id"], "Nhắc việc")


async def test_removing_the_bot_is_a_my_chat_member_update_and_closes_the_chat(
    sandbox: Sandbox, tg: Bot, world: dict[str, Any]
) -> None:
    group = world["group"]["id"]
    member = await sandbox.set_member_status(group, sandbox.bot, "kicked")
    assert member["status"] == "kicked"
    [update] = await tg.get_updates(timeout=0, allowed_updates=["my_chat_member"])
    change = update.my_chat_member
    assert change is not None
    assert (change.old_chat_member.status, change.new_chat_member.status) == ("member", "kicked")
    assert isinstance(change.new_chat_member, ChatMemberBanned)
    assert change.from_user.id == world["lan"]["id"]  # the creator removed it
    with pytest.raises(Forbidden, match="bot was kicked from the supergroup chat"):
        await tg.get_chat(group)


async def test_other_users_join_without_an_update_for_the_bot(
    sandbox: Sandbox, tg: Bot, world: dict[str, Any]
) -> None:
    group = world["group"]["id"]
    hoa = sandbox.add_user("Hoa")
    await sandbox.set_member_status(group, hoa, "member")
    await sandbox.send_message(group, hoa["id"], "Chào cả nhà")
    updates = await tg.get_updates(timeout=0)
    assert [u.message.text for u in updates if u.message] == ["Chào cả nhà"]
    assert not any(u.my_chat_member for u in updates)


async def test_a_member_who_leaves_is_left_and_a_newcomer_a_member(
    sandbox: Sandbox, tg: Bot, world: dict[str, Any]
) -> None:
    group, minh, lan = world["group"]["id"], world["minh"], world["lan"]
    hoa = sandbox.add_user("Hoa")
    await sandbox.service_message(group, minh["id"], left_chat_member=minh["id"])
    assert (await tg.get_chat_member(group, minh["id"])).status == "left"
    await sandbox.service_message(group, lan["id"], new_chat_members=[minh["id"], hoa["id"]])
    assert (await tg.get_chat_member(group, minh["id"])).status == "member"
    assert (await tg.get_chat_member(group, hoa["id"])).status == "member"
    await sandbox.set_member_status(group, hoa, "kicked")  # banned: the group is told too
    await sandbox.service_message(group, lan["id"], left_chat_member=hoa["id"])
    assert isinstance(await tg.get_chat_member(group, hoa["id"]), ChatMemberBanned)
    with pytest.raises(DriverError, match="set_member_status"):  # my_chat_member goes with it
        await sandbox.service_message(group, lan["id"], left_chat_member=tg.id)


@pytest.mark.parametrize(
    ("status", "rights", "error"),
    [
        ("owner", {}, "status must be one of"),
        ("member", {"can_pin_messages": False}, "has no rights to set"),
        ("administrator", {"can_fly": True}, "unknown rights"),
        ("creator", {}, "status must be one of"),
    ],
)
async def test_wrong_statuses_and_rights_are_driver_errors(
    sandbox: Sandbox, world: dict[str, Any], status: str, rights: dict[str, bool], error: str
) -> None:
    with pytest.raises(DriverError, match=error):
        await sandbox.set_member_status(world["group"]["id"], world["minh"], status, **rights)


async def test_the_creator_and_basic_groups_have_their_rules(
    sandbox: Sandbox, world: dict[str, Any]
) -> None:
    with pytest.raises(DriverError, match="creator of a chat keeps"):
        await sandbox.set_member_status(world["group"]["id"], world["lan"], "member")
    basic = sandbox.add_group("Nhóm thường", members=[world["minh"]], type="group")
    with pytest.raises(DriverError, match="only members of a supergroup"):
        await sandbox.set_member_status(basic["id"], world["minh"], "restricted")
    with pytest.raises(DriverError, match="unknown chat permissions"):
        sandbox.set_chat_permissions(basic["id"], can_fly=True)


async def test_the_http_driver_sets_statuses(
    sandbox: Sandbox, tg: Bot, world: dict[str, Any], http: aiohttp.ClientSession
) -> None:
    group = world["group"]["id"]
    body = {"user_id": tg.id, "status": "administrator", "rights": {"can_pin_messages": False}}
    async with http.post(f"{sandbox.root_url}/sandbox/chats/{group}/members", json=body) as answer:
        assert (answer.status, (await answer.json())["result"]["can_pin_messages"]) == (200, False)
    assert (await tg.get_chat_member(group, tg.id)).status == "administrator"


async def test_get_me_reports_the_privacy_mode() -> None:
    for privacy_mode in (True, False):
        box = Sandbox(privacy_mode=privacy_mode)
        root = await box.start()
        try:
            async with Bot(box.bot_token, base_url=f"{root}/bot") as bot:
                me = await bot.get_me()
        finally:
            await box.stop()
        assert me.can_read_all_group_messages is not privacy_mode


async def test_the_http_driver_opens_and_deletes_forum_topics(
    sandbox: Sandbox, tg: Bot, world: dict[str, Any], http: aiohttp.ClientSession
) -> None:
    forum = sandbox.add_group("Diễn đàn", admins=[world["lan"]], is_forum=True)["id"]
    url = f"{sandbox.root_url}/sandbox/chats/{forum}/topics"
    lan = world["lan"]["id"]
    async with http.post(url, json={"user_id": lan, "name": "Tài chính"}) as answer:
        topic = (await answer.json())["result"]["message_thread_id"]
    assert (await tg.send_message(forum, "ok", message_thread_id=topic)).is_topic_message
    body = {"user_id": lan, "message_thread_id": topic, "state": "deleted"}
    async with http.post(url, json=body) as answer:
        assert answer.status == 200
    with pytest.raises(BadRequest, match="Message thread not found"):
        await tg.send_message(forum, "ok", message_thread_id=topic)
    async with http.post(url, json={**body, "state": "gone"}) as answer:
        assert answer.status == 400
