"""Where a user stands in a group, as ``getChatMember`` says, remembered for a minute; a failure
is remembered never, and counts as not being in the group."""

from __future__ import annotations

import inspect
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from telegram import (
    ChatMember,
    ChatMemberAdministrator,
    ChatMemberBanned,
    ChatMemberLeft,
    ChatMemberMember,
    ChatMemberOwner,
    ChatMemberRestricted,
    User,
)
from telegram.error import Forbidden, NetworkError

from bot.admins import Members, standing_of
from bot.clock import FakeClock
from bot.domain import Standing

USER = User(7, "Lan", is_bot=False)


def _member(kind: type[ChatMember], **given: Any) -> ChatMember:
    """A ``ChatMember`` of ``kind`` for the user, its rights granted (whatever PTB's version
    asks for), and ``given`` as said."""
    required = [
        name
        for name, parameter in inspect.signature(kind).parameters.items()
        if name != "user" and (parameter.default is parameter.empty or name.startswith("can_"))
    ]
    values: dict[str, Any] = dict.fromkeys(required, True)
    if "until_date" in values:
        values["until_date"] = None
    return kind(USER, **{**values, **given})


@pytest.mark.parametrize(
    ("member", "standing"),
    [
        (_member(ChatMemberOwner), Standing.ADMIN),
        (_member(ChatMemberAdministrator), Standing.ADMIN),
        (_member(ChatMemberMember), Standing.MEMBER),
        (_member(ChatMemberRestricted, is_member=True), Standing.MEMBER),
        (_member(ChatMemberRestricted, is_member=False), Standing.OUT),  # restricted, then left
        (_member(ChatMemberLeft), Standing.OUT),
        (_member(ChatMemberBanned), Standing.OUT),
    ],
)
def test_who_is_in_the_group(member: ChatMember, standing: Standing) -> None:
    assert standing_of(member) is standing


class _Bot:
    """A bot whose ``getChatMember`` answers from a list: a ChatMember, or an error raised."""

    def __init__(self, *answers: Any) -> None:
        self.answers, self.calls = list(answers), 0

    async def get_chat_member(self, chat_id: int, user_id: int) -> ChatMember:
        self.calls += 1
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        assert isinstance(answer, ChatMember)
        return answer


async def test_an_answer_is_trusted_a_minute_and_a_failure_never() -> None:
    clock = FakeClock(datetime(2025, 3, 3, tzinfo=UTC))
    members = Members(clock)
    bot = _Bot(
        ChatMemberMember(USER),
        NetworkError("down"),
        Forbidden("bot was kicked from the supergroup chat"),
        ChatMemberLeft(USER),
    )

    async def standing() -> Standing:
        return await members.standing(bot, -100, USER.id)  # type: ignore[arg-type]

    assert await standing() is Standing.MEMBER
    clock.advance(timedelta(seconds=59))
    assert await standing() is Standing.MEMBER  # remembered: not asked
    assert bot.calls == 1
    clock.advance(timedelta(seconds=1))
    assert await standing() is Standing.UNKNOWN  # stale, and Telegram cannot be reached
    assert await standing() is Standing.NO_BOT  # not remembered: asked again
    assert await standing() is Standing.OUT
    members.forget(-100, USER.id)  # the group said she came back: asked again at once
    bot.answers.append(ChatMemberMember(USER))
    assert await standing() is Standing.MEMBER
    assert bot.calls == 5
    assert not Standing.UNKNOWN.is_in
    assert not Standing.NO_BOT.is_in
