"""A group upgraded to a supergroup: its records follow it to the new id, on both databases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from bot.domain import Assignee, PersonRef, ReminderKind
from bot.task_draft import Draft, Unsettled
from storage import Database, UnitOfWork
from storage.models import (
    ChatMemberRow,
    OrganisationContactRow,
    OrganisationRow,
    PersonRow,
    ReminderRow,
)
from tests.integration.test_storage import make_chat

NOW = datetime(2022, 7, 7, 2, 0, tzinfo=UTC)
OLD, NEW = -1001, -1001000000001


async def add_task(uow: UnitOfWork, chat_id: int, title: str, assignees: list[Assignee]) -> int:
    task = await uow.tasks.add(
        chat_id=chat_id,
        title=title,
        due=None,
        assignees=assignees,
        created_by=None,
        source_message_id=None,
        message_thread_id=None,
        now=NOW,
    )
    await uow.reminders.add(chat_id, task.id, [(NOW + timedelta(days=1), ReminderKind.DUE)])
    return task.number


async def add_decision(uow: UnitOfWork, chat_id: int, text: str) -> None:
    number = await uow.chats.next_number(chat_id, "next_decision_number")
    await uow.decisions.add(
        chat_id=chat_id,
        number=number,
        text=text,
        recorded_by=None,
        source_message_id=None,
        message_thread_id=None,
        now=NOW,
    )


async def test_the_records_move_to_the_new_id_and_a_second_call_finds_them_moved(
    database: Database,
) -> None:
    async with UnitOfWork(database) as uow:
        chat_id = await make_chat(uow, OLD)
        await uow.chats.set_language(chat_id, "en", NOW)
        await add_task(uow, chat_id, "gửi báo cáo", [])
        await uow.commit()
    async with UnitOfWork(database) as uow:
        moved = await uow.chats.migrate(OLD, NEW, NOW)
        await uow.commit()
    assert moved is not None
    assert (moved.id, moved.telegram_id, moved.language) == (chat_id, NEW, "en")
    async with UnitOfWork(database) as uow:
        assert await uow.chats.get_by_telegram_id(OLD) is None
        again = await uow.chats.migrate(OLD, NEW, NOW)  # the second service message
        assert again == moved
        assert await uow.chats.migrate(-5, -6, NOW) is None  # a group the bot never knew
        task = await uow.tasks.get(chat_id, 1)
    assert task is not None
    assert task.title == "gửi báo cáo"


async def test_a_chat_already_at_the_new_id_joins_the_old_one(database: Database) -> None:
    async with UnitOfWork(database) as uow:
        old, new = await make_chat(uow, OLD), await make_chat(uow, NEW)
        lan = await uow.persons.upsert(PersonRef(11, "Lan", username="lan"), NOW)
        minh = await uow.persons.upsert(PersonRef(12, "Minh"), NOW)
        for chat_id in (old, new):
            await uow.persons.seen_in_chat(chat_id, lan, NOW)
        await uow.persons.seen_in_chat(new, minh, NOW)
        red_cross = await uow.organisations.add(old, "Hội Chữ thập đỏ", [], NOW)
        red_cross_too = await uow.organisations.add(new, "Hội Chữ thập đỏ", [], NOW)
        await uow.organisations.link(red_cross_too, minh)
        writers = await uow.organisations.add(new, "Hội Nhà văn", [], NOW)
        await add_task(uow, old, "một", [Assignee("Hội Chữ thập đỏ", organisation_id=red_cross)])
        await add_task(uow, old, "hai", [Assignee("@lan", lan, 11, username="lan")])
        await add_task(uow, new, "ba", [Assignee("Hội Chữ thập đỏ", organisation_id=red_cross_too)])
        await add_task(uow, new, "bốn", [Assignee("Hội Nhà văn", organisation_id=writers)])
        await add_decision(uow, old, "quyết định cũ")
        await add_decision(uow, new, "quyết định mới")
        await uow.commit()

    async with UnitOfWork(database) as uow:
        moved = await uow.chats.migrate(OLD, NEW, NOW)
        await uow.commit()
    assert moved is not None
    assert (moved.id, moved.telegram_id) == (old, NEW)

    async with UnitOfWork(database) as uow:
        tasks = [await uow.tasks.get(old, number) for number in range(1, 6)]
        organisations = await uow.organisations.all(old)
        contacts = list(
            await uow.session.scalars(
                select(PersonRow.telegram_id)
                .join(OrganisationContactRow, OrganisationContactRow.person_id == PersonRow.id)
                .where(OrganisationContactRow.organisation_id == red_cross)
            )
        )
        decisions = await uow.decisions.latest(old, 10)
        number = await uow.chats.next_number(old, "next_task_number")
        org_rows = await uow.session.scalar(select(func.count()).select_from(OrganisationRow))
        members = set(
            await uow.session.scalars(
                select(ChatMemberRow.person_id).where(ChatMemberRow.chat_id == old)
            )
        )
        reminders = list(await uow.session.scalars(select(ReminderRow.chat_id)))
    assert [t.title if t else None for t in tasks] == ["một", "hai", "ba", "bốn", None]
    assert number == 5  # the next task after the four
    assert [a.organisation_id for a in tasks[2].assignees] == [red_cross]  # type: ignore[union-attr]
    assert sorted(name for _, name, _ in organisations) == ["Hội Chữ thập đỏ", "Hội Nhà văn"]
    assert org_rows == 2  # the two named alike became one
    assert contacts == [12]  # Minh, the other's contact
    assert sorted((d.number, d.text) for d in decisions) == [
        (1, "quyết định cũ"),
        (2, "quyết định mới"),
    ]
    assert members == {lan, minh}
    assert reminders == [old] * 4


async def test_a_task_waiting_for_an_organisation_follows_the_merge(database: Database) -> None:
    async with UnitOfWork(database) as uow:
        old, new = await make_chat(uow, OLD), await make_chat(uow, NEW)
        lan = await uow.persons.upsert(PersonRef(11, "Lan", username="lan"), NOW)
        red_cross = await uow.organisations.add(old, "Hội Chữ thập đỏ", [], NOW)
        red_cross_too = await uow.organisations.add(new, "Hội Chữ thập đỏ", [], NOW)
        writers = await uow.organisations.add(new, "Hội Nhà văn", [], NOW)
        waiting = Draft(
            "gửi báo cáo",
            None,
            True,
            (),
            (
                Assignee("Hội Chữ thập đỏ", organisation_id=red_cross_too),
                Unsettled("Hội", ((red_cross_too, "Hội Chữ thập đỏ"), (writers, "Hội Nhà văn"))),
            ),
        )
        draft_id = await uow.drafts.add(new, lan, waiting, NOW, NOW + timedelta(days=1))
        await uow.commit()

    async with UnitOfWork(database) as uow:
        await uow.chats.migrate(OLD, NEW, NOW)
        await uow.commit()

    async with UnitOfWork(database) as uow:
        stored = await uow.drafts.claim(old, draft_id)
    assert stored is not None  # not deleted with the chat that went
    settled, asked = stored.draft.items
    assert isinstance(settled, Assignee)
    assert settled.organisation_id == red_cross
    assert isinstance(asked, Unsettled)
    assert asked.candidates == ((red_cross, "Hội Chữ thập đỏ"), (writers, "Hội Nhà văn"))


async def test_deadline_questions_follow_the_chat_but_not_the_old_groups_messages(
    database: Database,
) -> None:
    async with UnitOfWork(database) as uow:
        old, new, private = [await make_chat(uow, i) for i in (OLD, NEW, 11)]
        lan = await uow.persons.upsert(PersonRef(11, "Lan", username="lan"), NOW)
        tasks = {}
        for chat_id in (old, new):
            number = await add_task(uow, chat_id, "gửi báo cáo", [])
            found = await uow.tasks.get(chat_id, number)
            assert found is not None
            tasks[chat_id] = found.id
        # (the task's chat, the chat the question is in, its message there)
        for chat_id, asked_in, message_id in (
            (old, old, 7),  # in the old group, whose messages stay behind
            (new, new, 7),  # in the supergroup, seen before the news of the move
            (old, private, 7),  # in Lan's private chat, about either group
            (new, private, 8),
        ):
            await uow.prompts.add(
                chat_id=chat_id,
                asked_in=asked_in,
                message_id=message_id,
                task_id=tasks[chat_id],
                asked_by=lan,
                due=None,
                now=NOW,
            )
        await uow.commit()

    async with UnitOfWork(database) as uow:
        await uow.chats.migrate(OLD, NEW, NOW)
        await uow.commit()

    async with UnitOfWork(database) as uow:
        found = {
            (where, message_id): await uow.prompts.find(where, message_id)
            for where, message_id in ((NEW, 7), (11, 7), (11, 8))
        }
    # Message 7 of the supergroup is its own question, not the old group's message 7.
    assert {key: (p.chat_id, p.asked_in, p.task_id) for key, p in found.items() if p} == {
        (NEW, 7): (old, old, tasks[new]),
        (11, 7): (old, private, tasks[old]),
        (11, 8): (old, private, tasks[new]),
    }
