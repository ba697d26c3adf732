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

from bot.admins import Administrators, Members, standing_of
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


async def test_at_most_kept_answers_are_remembered_the_least_recently_used_dropped() -> None:
    clock = FakeClock(datetime(2025, 3, 3, tzinfo=UTC))
    members = Members(clock, kept=2)
    bot = _Bot(*(ChatMemberMember(USER) for _ in range(4)))

    async def standing(user_id: int) -> Standing:
        return await members.standing(bot, -100, user_id)  # type: ignore[arg-type]

    await standing(1)
    await standing(2)
    await standing(1)  # remembered, and now used more lately than 2
    assert bot.calls == 2
    await standing(3)  # a third answer: 2 is dropped, not 1
    await standing(1)
    assert bot.calls == 3
    await standing(2)
    assert bot.calls == 4


async def test_a_stale_answer_is_dropped_not_kept_forever() -> None:
    clock = FakeClock(datetime(2025, 3, 3, tzinfo=UTC))
    members = Members(clock, kept=1_000)
    bot = _Bot(*(ChatMemberMember(USER) for _ in range(1_000)))
    for user_id in range(1_000):
        await members.standing(bot, -100, user_id)  # type: ignore[arg-type]
    # What the cache holds (private): the memory, not just the answers, is let go.
    assert len(members._standings) == 1_000
    clock.advance(timedelta(seconds=60))
    assert len(members._standings) == 0  # every answer is a minute old: all gone


class _Admins:
    """A bot whose ``getChatAdministrators`` answers from a list: a list of ids, or an error."""

    def __init__(self, *answers: Any) -> None:
        self.answers, self.calls = list(answers), 0

    async def get_chat_administrators(self, chat_id: int) -> list[ChatMember]:
        self.calls += 1
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return [
            ChatMemberOwner(User(user_id, "A", is_bot=False), is_anonymous=False)
            for user_id in answer
        ]


async def test_administrators_are_trusted_a_minute_then_the_last_list_serves() -> None:
    clock = FakeClock(datetime(2025, 3, 3, tzinfo=UTC))
    admins = Administrators(clock, kept=2)
    bot = _Admins([1], NetworkError("down"), [2], [3], NetworkError("down"), NetworkError("down"))

    async def of(chat_id: int) -> frozenset[int] | None:
        return await admins.of(bot, chat_id)  # type: ignore[arg-type]

    assert await of(-100) == {1}
    clock.advance(timedelta(seconds=59))
    assert admins.known(-100) == {1}
    clock.advance(timedelta(seconds=1))
    assert admins.known(-100) is None  # stale
    assert await of(-100) == {1}  # Telegram fails: the last list, however old
    assert bot.calls == 2
    assert await of(-200) == {2}
    assert await of(-300) == {3}  # a third chat: the least recently used, -100, is dropped
    clock.advance(timedelta(seconds=60))
    assert await of(-100) is None  # nothing left to go by
    admins.forget(-300)
    assert await of(-300) is None  # forgotten: neither fresh nor last
    assert bot.calls == 6
