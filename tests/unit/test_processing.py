"""Updates of different chats run at the same time; one chat's updates one by one, in order."""

from __future__ import annotations

import asyncio
from typing import Any

from telegram import Chat, Message, Update

from bot.processing import PerChatOrder, chat_key


def _update(update_id: int, chat_id: int) -> Update:
    chat = Chat(chat_id, Chat.SUPERGROUP)
    return Update(update_id, message=Message(update_id, date=None, chat=chat))  # type: ignore[arg-type]


class Recorder:
    """Each handled update waits on its own event, so the test decides when each one ends."""

    def __init__(self) -> None:
        self.started: list[int] = []
        self.release: dict[int, asyncio.Event] = {}

    async def handle(self, update: Update) -> None:
        self.started.append(update.update_id)
        await self.release.setdefault(update.update_id, asyncio.Event()).wait()

    def finish(self, update_id: int) -> None:
        self.release.setdefault(update_id, asyncio.Event()).set()


async def _settle() -> None:
    for _ in range(10):
        await asyncio.sleep(0)


async def test_a_chat_waits_for_its_earlier_update_while_other_chats_go_on() -> None:
    processor, recorder = PerChatOrder(8), Recorder()
    updates = [_update(1, -100), _update(2, -100), _update(3, -200), _update(4, -100)]
    tasks: list[asyncio.Task[Any]] = [
        asyncio.create_task(processor.process_update(u, recorder.handle(u))) for u in updates
    ]
    await _settle()
    assert recorder.started == [1, 3]  # chat -100's second and third updates wait
    recorder.finish(1)
    await _settle()
    assert recorder.started == [1, 3, 2]
    recorder.finish(2)
    await _settle()
    assert recorder.started == [1, 3, 2, 4]
    for update_id in (3, 4):
        recorder.finish(update_id)
    await asyncio.gather(*tasks)
    assert processor._locks == {}  # no lock outlives its chat's last update


async def test_updates_without_a_chat_share_one_queue() -> None:
    assert chat_key(_update(1, -100)) == -100
    assert chat_key(Update(2)) is None
    assert chat_key(object()) is None
