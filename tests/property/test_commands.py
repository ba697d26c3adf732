"""Every command of the application, typed by anyone with anything after it.

Invariants: no update ends in the error handler, every command of this bot gets an answer,
Telegram accepts every answer (length, HTML), senders without rights change no record, and an
edit changes no record at all.
"""

from __future__ import annotations

from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

from tests.property.harness import (
    COMMANDS,
    LAN_ID,
    PATTERNS,
    SENDERS,
    WITHOUT_RIGHTS,
    PropertyBot,
    answers_to,
    examples,
    runs_a_command,
    send,
)
from tests.property.strategies import argument, command_message, command_text

JSON = dict[str, Any]
Said = tuple[str, list[JSON]]
message = command_message(COMMANDS, LAN_ID)


async def _say(bot: PropertyBot, sender: str, said: Said, chat: str, reply: bool) -> JSON:
    errors, refused = len(bot.errors.messages), len(bot.sandbox.api_errors)
    text, entities = said
    sent = await send(bot, sender, text, chat=chat, entities=entities, reply=reply)
    await bot.settle()
    assert bot.errors.messages[errors:] == []
    assert bot.refusals(refused) == []  # Telegram accepted every answer
    return sent


def test_the_commands_and_buttons_covered_are_the_applications(seeded_bot: PropertyBot) -> None:
    assert seeded_bot.commands == COMMANDS
    assert seeded_bot.button_patterns == PATTERNS


@given(said=message, sender=st.sampled_from(SENDERS), reply=st.booleans())
# Found by this test: unknown names given to /present were all quoted back, past 4096 characters.
@example(
    said=("/present " + "[liên kết](http://example.com)" * 130, []), sender="secretary", reply=False
)
@examples(120)
def test_every_command_from_anyone_is_answered(
    seeded_bot: PropertyBot, said: Said, sender: str, reply: bool
) -> None:
    bot = seeded_bot

    async def drive() -> None:
        sent = await _say(bot, sender, said, "a", reply)
        if runs_a_command(bot, sent):
            assert answers_to(bot, sent), f"no answer to {said[0][:200]!r} from {sender}"

    bot.run(drive())


@given(said=message, sender=st.sampled_from(WITHOUT_RIGHTS), reply=st.booleans())
@examples(60)
def test_senders_without_rights_change_no_record(
    seeded_bot: PropertyBot, said: Said, sender: str, reply: bool
) -> None:
    bot = seeded_bot
    chat = "b" if sender == "stranger" else "a"

    async def drive() -> None:
        before = await bot.records()
        await _say(bot, sender, said, chat, reply)
        assert await bot.records() == before

    bot.run(drive())


@given(
    first=st.builds(command_text, st.sampled_from(COMMANDS), st.just(""), st.just(" "), argument),
    edit=message,
    sender=st.sampled_from(("secretary", "lan", "anonymous")),
)
@example(
    first="/viec @lan: in tài liệu", edit=("/viec @lan: in tài liệu màu", []), sender="secretary"
)
@examples(30)
def test_an_edit_changes_no_record(
    seeded_bot: PropertyBot, first: str, edit: Said, sender: str
) -> None:
    bot = seeded_bot

    async def drive() -> None:
        sent = await _say(bot, sender, (first, []), "a", reply=False)
        before, answered = await bot.records(), len(answers_to(bot, sent))
        chat_id = int(sent["chat"]["id"])
        for _ in range(2):  # edited twice: answered once at most
            edited = await bot.sandbox.edit_message(chat_id, sent["message_id"], *edit)
            await bot.settle()
        assert bot.errors.messages == []
        assert bot.refusals() == []
        assert await bot.records() == before
        hints = len(answers_to(bot, sent)) - answered
        assert hints == (1 if runs_a_command(bot, edited) else 0)

    bot.run(drive())
