"""Deleting a chat (``/forget``) deletes every row it holds, in every table, and nothing of
another chat, on SQLite (foreign keys enforced per connection) and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Table, func, select

from bot.domain import ChatContents, PersonRef
from storage import Database, UnitOfWork
from storage.models import (
    AuditEventRow,
    Base,
    ChatMemberRow,
    DeadlinePromptRow,
    DecisionRow,
    ForgetQuestionRow,
    MeetingAttendeeRow,
    MeetingRow,
    OrganisationContactRow,
    OrganisationRow,
    PendingAnswerRow,
    PersonRow,
    ProcessedUpdateRow,
    ReminderRow,
    TaskAssigneeRow,
    TaskDraftRow,
    TaskNoteRow,
    TaskRow,
)
from storage.session import UnitSession
from tests.integration.test_storage import make_chat

NOW = datetime(2022, 7, 7, 2, 0, tzinfo=UTC)
KEPT, DOOMED = -1001, -1002
# Rows of a chat that are not in a table with a chat_id: found through their parent.
PARENTS: dict[str, type[TaskRow | MeetingRow | OrganisationRow]] = {
    "task_id": TaskRow,
    "meeting_id": MeetingRow,
    "organisation_id": OrganisationRow,
}
SHARED = {"persons", "processed_updates"}  # tables of no chat


async def fill(session: UnitSession, chat_id: int, people: tuple[int, int]) -> None:
    """A row in every table of the chat, linked as the bot links them (a task made from a
    decision of a meeting, the next occurrence of a closed one, attendance by person and by
    organisation...)."""
    lan, minh = people
    add = session.add
    for person, role in ((lan, "secretary"), (minh, "member")):
        add(ChatMemberRow(chat_id=chat_id, person_id=person, role=role, last_seen_at=NOW))
    org = OrganisationRow(
        chat_id=chat_id, name="Hội Chữ thập đỏ", folded_name="hoi chu thap do", created_at=NOW
    )
    meeting = MeetingRow(chat_id=chat_id, number=1, title="Họp", opened_by=lan, started_at=NOW)
    add(org)
    add(meeting)
    await session.flush()
    add(OrganisationContactRow(organisation_id=org.id, person_id=minh))
    add(MeetingAttendeeRow(meeting_id=meeting.id, person_id=lan))
    add(MeetingAttendeeRow(meeting_id=meeting.id, organisation_id=org.id))
    decision = DecisionRow(
        chat_id=chat_id,
        number=1,
        text="Đồng ý",
        meeting_id=meeting.id,
        recorded_by=lan,
        recorded_at=NOW,
    )
    add(decision)
    await session.flush()
    done = TaskRow(
        chat_id=chat_id,
        number=1,
        title="gửi báo cáo tháng 6",
        status="done",
        decision_id=decision.id,
        meeting_id=meeting.id,
        created_by=lan,
        done_by=minh,
        created_at=NOW,
        updated_at=NOW,
        done_at=NOW,
        recurrence="FREQ=MONTHLY",
    )
    add(done)
    await session.flush()
    following = TaskRow(
        chat_id=chat_id,
        number=2,
        title="gửi báo cáo tháng 7",
        due_utc=NOW + timedelta(days=30),
        due_precision="day",
        created_by=lan,
        created_at=NOW,
        updated_at=NOW,
        recurrence="FREQ=MONTHLY",
        previous_id=done.id,
    )
    add(following)
    await session.flush()
    add(TaskAssigneeRow(task_id=following.id, position=0, label="Minh", person_id=minh))
    add(TaskAssigneeRow(task_id=following.id, position=1, label="CTĐ", organisation_id=org.id))
    add(TaskNoteRow(task_id=following.id, author_id=minh, at=NOW, text="một nửa"))
    add(ReminderRow(task_id=following.id, chat_id=chat_id, kind="due", fire_at=NOW))
    add(ReminderRow(chat_id=chat_id, kind="digest", fire_at=NOW))  # the chat's own
    add(TaskDraftRow(chat_id=chat_id, created_by=lan, created_at=NOW, expires_at=NOW, payload={}))
    add(
        DeadlinePromptRow(
            chat_id=chat_id,
            asked_in=chat_id,
            message_id=7,
            task_id=following.id,
            asked_by=lan,
            created_at=NOW,
        )
    )
    # An answer Telegram did not take, waiting to be sent again.
    call = {"chat_id": chat_id, "text": "📌 Đã ghi việc #2", "parse_mode": "HTML"}
    add(PendingAnswerRow(chat_id=chat_id, call=call, next_at=NOW, give_up_at=NOW))
    # A /forget question answered (Cancel), and one still open.
    for token, answer in ((f"a{chat_id}", "cancelled"), (f"b{chat_id}", None)):
        add(
            ForgetQuestionRow(token=token, chat_id=chat_id, asker=1001, asked_at=NOW, answer=answer)
        )
    add(
        AuditEventRow(
            chat_id=chat_id,
            actor_id=lan,
            at=NOW,
            action="create",
            entity="task",
            entity_id=following.id,
            after={"title": following.title},
        )
    )
    await session.flush()


async def rows_of(session: UnitSession, chat_id: int) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table that belongs to the chat (by id, so also after it is gone)."""
    out = {}
    for table in Base.metadata.sorted_tables:
        if table.name in SHARED:
            continue
        if table.name == "chats":
            query = select(table).where(table.c.id == chat_id)
        elif "chat_id" in table.c:
            query = select(table).where(table.c.chat_id == chat_id)
        else:
            column = next(c for c in PARENTS if c in table.c)  # every table has a way up
            parent = PARENTS[column]
            mine = select(parent.id).where(parent.chat_id == chat_id)
            query = select(table).where(table.c[column].in_(mine))
        out[table.name] = sorted((tuple(r) for r in (await session.execute(query)).all()), key=repr)
    return out


async def everything(session: UnitSession) -> dict[str, list[tuple[Any, ...]]]:
    out = {}
    for table in Base.metadata.sorted_tables:
        rows = (await session.execute(select(table))).all()
        out[table.name] = sorted((tuple(r) for r in rows), key=repr)
    return out


async def count(session: UnitSession, table: Table) -> int:
    return int(await session.scalar(select(func.count()).select_from(table)) or 0)


async def test_forgetting_a_chat_deletes_all_its_rows_and_none_of_another(
    database: Database,
) -> None:
    async with UnitOfWork(database) as uow:
        kept, doomed = await make_chat(uow, KEPT), await make_chat(uow, DOOMED)
        lan = await uow.persons.upsert(PersonRef(11, "Lan", username="lan"), NOW)
        minh = await uow.persons.upsert(PersonRef(12, "Minh"), NOW)
        hoa = await uow.persons.upsert(PersonRef(13, "Hoa"), NOW)
        for chat_id in (kept, doomed):
            await fill(uow.session, chat_id, (lan, minh))
        await uow.persons.select_chat(lan, doomed)  # Lan works on the doomed group privately
        await uow.persons.select_chat(hoa, kept)
        uow.session.add(ProcessedUpdateRow(update_id=1, handled_at=NOW))
        await uow.commit()

    async with UnitOfWork(database) as uow:
        for chat_id in (kept, doomed):
            rows = await rows_of(uow.session, chat_id)
            # Every table holds rows of both chats: a new table must be filled above.
            assert [name for name, found in rows.items() if not found] == []
        assert await uow.chats.contents(doomed) == ChatContents(2, 1, 1, 1)
        of_kept, before = await rows_of(uow.session, kept), await everything(uow.session)

    async with UnitOfWork(database) as uow:
        assert await uow.chats.forget(doomed) is True
        await uow.commit()

    async with UnitOfWork(database) as uow:
        session = uow.session
        gone = await rows_of(session, doomed)
        assert {name: found for name, found in gone.items() if found} == {}
        assert await rows_of(session, kept) == of_kept
        # Nothing of the doomed chat is left anywhere, linked or not: every table now holds
        # exactly the kept chat's rows, but its /forget questions, answered and anonymous (a
        # token and a time: a later press of their buttons is told the deletion happened).
        for table in Base.metadata.sorted_tables:
            if table.name not in SHARED:
                detached = await count(session, table) - len(of_kept[table.name])
                assert detached == (2 if table.name == "forget_questions" else 0), table.name
        after = await everything(session)
        left = set(after["forget_questions"]) - set(before["forget_questions"])
        assert {(token, chat, asker, answer) for token, chat, asker, _, answer in left} == {
            (f"a{doomed}", None, None, "deleted"),
            (f"b{doomed}", None, None, "deleted"),
        }
        assert after["processed_updates"] == before["processed_updates"]
        # Persons stay; Lan's private choice of the deleted group is cleared, Hoa's is not.
        assert len(after["persons"]) == len(before["persons"]) == 3
        assert await uow.persons.selected_chat(lan) is None
        assert await uow.persons.selected_chat(hoa) == kept
        selected = {r.id: r.selected_chat_id for r in await session.scalars(select(PersonRow))}
        assert selected == {lan: None, minh: None, hoa: kept}
        assert await uow.chats.get_by_telegram_id(DOOMED) is None
        assert await uow.chats.contents(doomed) == ChatContents(0, 0, 0, 0)
        assert await uow.chats.forget(doomed) is False  # already gone
