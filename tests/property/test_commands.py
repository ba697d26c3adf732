"""Every command of the application, typed by anyone with anything after it.

Invariants: no update ends in the error handler, every command of this bot gets an answer,
Telegram accepts every answer (length, HTML), and senders without rights change no record.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from tests.property.conftest import (
    SENDERS,
    WITHOUT_RIGHTS,
    PropertyBot,
    answers_to,
    examples,
    runs_a_command,
    send,
)
from tests.property.strategies import argument, command_text, formatting, separator, suffix

JSON = dict[str, Any]


def commands(bot: PropertyBot) -> st.SearchStrategy[str]:
    return st.sampled_from(bot.commands)


async def _say(
    bot: PropertyBot, sender: str, text: str, chat: str, data: st.DataObject, reply: bool
) -> JSON:
    entities = data.draw(formatting(text, int(bot.users["lan"]["id"])), label="entities")
    errors, refused = len(bot.errors.messages), len(bot.sandbox.api_errors)
    sent = await send(bot, sender, text, chat=chat, entities=entities, reply=reply)
    await bot.settle()
    assert bot.errors.messages[errors:] == []
    assert bot.sandbox.api_errors[refused:] == []  # Telegram accepted every answer
    return sent


@given(data=st.data())
@examples(120)
def test_every_command_from_anyone_is_answered(
    seeded_bot: PropertyBot, data: st.DataObject
) -> None:
    bot = seeded_bot
    command = data.draw(commands(bot), label="command")
    text = command_text(command, data.draw(suffix), data.draw(separator), data.draw(argument))
    sender = data.draw(st.sampled_from(SENDERS), label="sender")
    reply = data.draw(st.booleans(), label="reply")

    async def drive() -> None:
        sent = await _say(bot, sender, text, "a", data, reply)
        if runs_a_command(bot, sent):
            assert answers_to(bot, sent), f"no answer to {text[:200]!r} from {sender}"

    bot.run(drive())


@given(data=st.data())
@examples(60)
def test_senders_without_rights_change_no_record(
    seeded_bot: PropertyBot, data: st.DataObject
) -> None:
    bot = seeded_bot
    command = data.draw(commands(bot), label="command")
    text = command_text(command, data.draw(suffix), data.draw(separator), data.draw(argument))
    sender = data.draw(st.sampled_from(WITHOUT_RIGHTS), label="sender")
    chat = "b" if sender == "stranger" else "a"

    async def drive() -> None:
        before = await bot.records()
        await _say(bot, sender, text, chat, data, data.draw(st.booleans(), label="reply"))
        assert await bot.records() == before

    bot.run(drive())
