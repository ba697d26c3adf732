"""Tasks and their assignees."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    CTE,
    FromClause,
    Integer,
    Select,
    String,
    and_,
    any_,
    bindparam,
    cast,
    column,
    func,
    insert,
    literal,
    or_,
    select,
    true,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

from bot.domain import Assignee, Contact, Due, ReminderKind, Task, TaskNote, TaskStatus
from storage.models import (
    AuditEventRow,
    ChatRow,
    MeetingRow,
    OrganisationContactRow,
    PersonRow,
    ReminderRow,
    TaskAssigneeRow,
    TaskNoteRow,
    TaskRow,
    table_of,
)
from storage.repositories.audit import INSERT as INSERT_EVENT
from storage.repositories.audit import Event, recording
from storage.repositories.chats import NEXT_NUMBER
from storage.repositories.meetings import OPEN_MEETING_ID
from storage.repositories.reminders import INSERT as INSERT_REMINDERS
from storage.repositories.reminders import cancelling, reminder_rows
from storage.session import UnitSession

# A task's columns, read as plain rows: building ORM objects for them (the identity map, the
# instrumentation, the eager load of the assignees) cost more than all the rest of a /tasks
# list. Attributes of the ORM class, so that reading them flushes changes first. Only what a
# Task holds: each further column (updated_at...) cost its conversion on every row of a list.
_TASKS = table_of(TaskRow)
_FIELDS = (
    "id",
    "chat_id",
    "number",
    "title",
    "status",
    "due_utc",
    "due_precision",
    "due_text",
    "due_confirmed",
    "created_at",
    "done_at",
    "meeting_id",
    "message_thread_id",
    "recurrence",
)
_TASK = tuple(getattr(TaskRow, name) for name in _FIELDS)
_STATUS = {status.value: status for status in TaskStatus}  # cheaper than TaskStatus(value)

# The Core tables of a task's people: assignees are written by Core statements (set_assignees
# flushes), so reading them needs no autoflush; read on their own (_ASSIGNEES_OF) they cost no
# ORM compile state nor ORM result processing either.
_ASSIGNEES = table_of(TaskAssigneeRow)
_REMINDERS = table_of(ReminderRow)
# The parameter of PostgreSQL's statement storing a new task (_add_in_one) that lists the kinds of
# the reminders it stores with it, one each: what the metrics count (bot.reminders.observed).
NEW_TASK_REMINDER_KINDS = "v_r_kind"
_EVENTS = table_of(AuditEventRow)
_PERSONS = table_of(PersonRow)
_LINKS = table_of(OrganisationContactRow)
_CONTACT = _PERSONS.alias("contact")
# An assignee as _assignees reads it (with whether its part is done, and by whom), with the
# person's Telegram id and whether they started the bot, and once for each contact person of its
# organisation (if any; with their person's id: whether the sender is one needs no query then,
# Scope.parts_of). A task for every organisation of a chat (30, say) with two contacts each is
# read as 60 rows: more data than reading the contacts apart, once per organisation, but one
# round trip where that took two.
_ASSIGNEE_COLUMNS = (
    _ASSIGNEES.c.task_id,
    _ASSIGNEES.c.id,
    _ASSIGNEES.c.label,
    _ASSIGNEES.c.person_id,
    _ASSIGNEES.c.username,
    _ASSIGNEES.c.organisation_id,
    _ASSIGNEES.c.done_at,
    _ASSIGNEES.c.done_by,
    _PERSONS.c.telegram_id,
    _PERSONS.c.private_chat,
    _CONTACT.c.id,
    _CONTACT.c.telegram_id,
    _CONTACT.c.first_name,
    _CONTACT.c.last_name,
    _CONTACT.c.username,
    _CONTACT.c.private_chat,
)


def _with_people(assignees: FromClause) -> FromClause:
    """``assignees`` (a FROM holding the task_assignees table) joined to what
    :data:`_ASSIGNEE_COLUMNS` reads of persons and contacts."""
    return (
        assignees.outerjoin(_PERSONS, _PERSONS.c.id == _ASSIGNEES.c.person_id)
        .outerjoin(_LINKS, _LINKS.c.organisation_id == _ASSIGNEES.c.organisation_id)
        .outerjoin(_CONTACT, _CONTACT.c.id == _LINKS.c.person_id)
    )


def _with_assignees(
    tasks: Select[Any], order: Sequence[Any] = (), limit: Any = None
) -> Select[Any]:
    """The first ``limit`` (all: None) tasks that ``tasks`` selects (the columns of
    :data:`_FIELDS`, maybe more, and a filter) in ``order``, with their assignees, in one
    statement: a task's columns, then :data:`_ASSIGNEE_COLUMNS` (NULL for a task without any),
    a row for each assignee and contact. One round trip, where the tasks, their assignees and
    the contacts of their organisations were three."""
    rank = func.row_number().over(order_by=list(order) or None).label("rank")
    listed = tasks.add_columns(rank).order_by(*order).limit(limit).subquery("listed")
    assigned = listed.outerjoin(_ASSIGNEES, _ASSIGNEES.c.task_id == listed.c.id)
    return (
        select(*(column for column in listed.c if column.key != "rank"), *_ASSIGNEE_COLUMNS)
        .select_from(_with_people(assigned))
        .order_by(listed.c.rank, _ASSIGNEES.c.position, _ASSIGNEES.c.id, _CONTACT.c.id)
    )


# A new task's assignees, read back after the INSERT: one statement for their Telegram ids and
# their organisations' contacts.
_ASSIGNEES_OF = (
    select(*_ASSIGNEE_COLUMNS)
    .select_from(_with_people(_ASSIGNEES))
    .where(_ASSIGNEES.c.task_id == bindparam("task_id"))
    .order_by(_ASSIGNEES.c.position, _ASSIGNEES.c.id, _CONTACT.c.id)
)
# The statements of every /done and /tasks, built once with bound parameters: building and
# cache-keying them on each call cost more than running them.
_GET = _with_assignees(
    select(*_TASK).where(
        TaskRow.chat_id == bindparam("chat_id"), TaskRow.number == bindparam("number")
    )
)
# A new task and its assignees, built once: building and cache-keying them cost on every /task.
_INSERT_TASK = insert(_TASKS).returning(_TASKS.c.id, _TASKS.c.meeting_id)
# ... in the meeting open in its topic, if any, which the INSERT looks up itself: one statement
# fewer on every /task than reading the meeting first.
_INSERT_TASK_IN_MEETING = _INSERT_TASK.values(meeting_id=OPEN_MEETING_ID)
_INSERT_ASSIGNEES = insert(_ASSIGNEES)
_NEW_TASK_NUMBER = NEXT_NUMBER["next_task_number"]
# The values of a new task that its caller gives (its number, id and meeting come from the
# database), with their columns' types: bound as a SELECT's columns, they have no column to
# take them from.
_GIVEN = (
    "chat_id", "title", "status", "due_utc", "due_precision", "due_text", "due_confirmed",
    "recurrence", "previous_id", "created_by", "source_message_id", "message_thread_id",
    "created_at", "updated_at",
)  # fmt: skip
_ASSIGNEE_GIVEN = (("position", Integer), ("label", String), ("person_id", Integer),
                   ("username", String), ("organisation_id", Integer))  # fmt: skip


def _add_in_one(meeting: Any) -> Select[Any]:
    """PostgreSQL's whole ``add()`` in one statement, where it is four round trips to the server,
    each costing the bot about what a statement's own work does (``bench/statement_cost.py``):
    take the chat's next task number, insert the task (in meeting ``meeting``, an expression),
    insert its assignees (given as arrays, one for each column: one statement, compiled once,
    whatever their count) and its reminders (the same way), and read the assignees back with
    their persons and the contacts of their organisations, the rows of
    :data:`_ASSIGNEE_COLUMNS` after the task's id, number and meeting (NULL for a task without
    assignees). PostgreSQL runs the data-modifying WITH
    queries once each, and the query reads the rows they return. SQLite has no such WITH
    queries: there, the statements go one by one, at no round trip's cost."""
    chats = table_of(ChatRow)
    number = (
        update(chats)
        .where(chats.c.id == bindparam("v_chat_id"))
        .values(next_task_number=chats.c.next_task_number + 1)
        .returning((chats.c.next_task_number - 1).label("number"))
        .cte("number")
    )
    # Parameters named as no column: an INSERT's or UPDATE's compiler adds a column for each
    # parameter of the execution named as one of its table's (chats.title, say).
    given = [bindparam(f"v_{name}", type_=_TASKS.c[name].type) for name in _GIVEN]
    task = (
        insert(_TASKS)
        .from_select([*_GIVEN, "number", "meeting_id"], select(*given, number.c.number, meeting))
        .returning(_TASKS.c.id, _TASKS.c.number, _TASKS.c.meeting_id)
        .cte("task")
    )
    arrays = [bindparam(f"v_a_{name}", type_=ARRAY(kind)) for name, kind in _ASSIGNEE_GIVEN]
    rows = (
        func.unnest(*arrays)
        .table_valued(*(column(name, kind) for name, kind in _ASSIGNEE_GIVEN))
        .render_derived("given", with_types=False)
    )
    names = [name for name, _ in _ASSIGNEE_GIVEN]
    each = select(task.c.id, *(rows.c[name] for name in names)).select_from(task.join(rows, true()))
    assignees = (
        insert(_ASSIGNEES)
        .from_select(["task_id", *names], each)
        .returning(*_ASSIGNEES.c)
        .cte("assignees")
    )
    people = (
        task.outerjoin(assignees, true())
        .outerjoin(_PERSONS, _PERSONS.c.id == assignees.c.person_id)
        .outerjoin(_LINKS, _LINKS.c.organisation_id == assignees.c.organisation_id)
        .outerjoin(_CONTACT, _CONTACT.c.id == _LINKS.c.person_id)
    )
    read = [assignees.c[c.key] if c.table is _ASSIGNEES else c for c in _ASSIGNEE_COLUMNS]
    return (
        select(task.c.id, task.c.number, task.c.meeting_id, *read)
        .select_from(people)
        .order_by(assignees.c.position, assignees.c.id, _CONTACT.c.id)
        .add_cte(_reminders_of(task), _created(task))
    )


def _created(task: CTE) -> CTE:
    """The WITH query that records the new task's "create" event in the audit trail, its
    ``after`` given (none: no event) with the task's number added."""
    after = cast(bindparam("v_created", type_=JSONB(none_as_null=True)), JSONB)
    numbered = after.op("||")(func.jsonb_build_object("number", task.c.number))
    each = select(
        bindparam("v_chat_id"),
        bindparam("v_created_by"),
        bindparam("v_created_at"),
        literal("create"),
        literal("task"),
        task.c.id,
        cast(numbered, _EVENTS.c.after.type),
    ).where(after.is_not(None))
    names = ["chat_id", "actor_id", "at", "action", "entity", "entity_id", "after"]
    return insert(_EVENTS).from_select(names, each.select_from(task)).cte("created")


def _reminders_of(task: CTE) -> CTE:
    """The WITH query that stores the reminders of the new task's deadline, given as arrays:
    their kinds, the instants they fire at, and their steps of its plan."""
    fire_at = _REMINDERS.c.fire_at.type
    arrays = [
        bindparam(NEW_TASK_REMINDER_KINDS, type_=ARRAY(String)),
        bindparam("v_r_fire_at", type_=ARRAY(fire_at)),
        bindparam("v_r_step", type_=ARRAY(Integer)),
    ]
    planned = (
        func.unnest(*arrays)
        .table_valued(column("kind", String), column("fire_at", fire_at), column("step", Integer))
        .render_derived("planned", with_types=False)
    )
    each = select(
        task.c.id,
        bindparam("v_chat_id"),
        planned.c.kind,
        planned.c.fire_at,
        planned.c.step,
        bindparam("v_due_utc"),
        literal(0),
    )
    return (
        insert(_REMINDERS)
        .from_select(
            ["task_id", "chat_id", "kind", "fire_at", "step", "due_at", "attempts"],
            each.select_from(task.join(planned, true())),
        )
        .cte("reminders")
    )


_ADD_IN_ONE = _add_in_one(bindparam("v_meeting_id", type_=Integer))
_ADD_IN_ONE_IN_MEETING = _add_in_one(OPEN_MEETING_ID)
# On the Core table, not the mapped class: no ORM "synchronize session" pass and no autoflush
# (no TaskRow is loaded as an object, nor changed, before a status change: read as plain rows).
_SET_STATUS = (
    update(_TASKS)
    .where(_TASKS.c.chat_id == bindparam("b_chat_id"), _TASKS.c.number == bindparam("b_number"))
    .values(
        status=bindparam("b_status"),
        updated_at=bindparam("b_now"),
        done_at=bindparam("b_done_at"),
        done_by=bindparam("b_done_by"),
    )
)
# A task closed (close): its status, its event in the audit trail and its reminders still to
# come forgotten, in one statement on PostgreSQL, where they were three round trips.
_CANCEL = cancelling(bindparam("b_task_id"), bindparam("b_now"))
_CLOSE = recording(_SET_STATUS.cte("closed"), _CANCEL.cte("cancelled"))
# Parts of a task said done, or not done any more (set_parts): one by one on SQLite, and on
# PostgreSQL all at once, with their event in the audit trail.
_SET_PARTS = (
    update(_ASSIGNEES)
    .where(_ASSIGNEES.c.task_id == bindparam("b_task_id"), _ASSIGNEES.c.id == bindparam("b_id"))
    .values(done_at=bindparam("b_at"), done_by=bindparam("b_by"))
)
_SET_PARTS_IN_ONE = recording(
    update(_ASSIGNEES)
    .where(
        _ASSIGNEES.c.task_id == bindparam("b_task_id"),
        _ASSIGNEES.c.id == any_(bindparam("b_ids", type_=ARRAY(Integer))),
    )
    .values(done_at=bindparam("b_at"), done_by=bindparam("b_by"))
    .cte("parts")
)
# A deadline's columns (dated) and a new instant for one (move_dues, once per task moved).
_DUE = (_TASKS.c.due_utc, _TASKS.c.due_precision, _TASKS.c.due_text)
_MOVE_DUE = (
    update(_TASKS)
    .where(_TASKS.c.id == bindparam("b_id"))
    .values(due_utc=bindparam("b_due"), updated_at=bindparam("b_now"))
)
# /tasks with no filter, and list_open(): the chat's open tasks by deadline. On the Core table:
# no ORM compile state nor ORM result processing, and no autoflush, which none of their callers
# needs (none changes a task through the ORM before it reads: the plain /tasks, a meeting's start,
# a change of settings, the digest).
_OPEN_ORDER = (_TASKS.c.due_utc.is_(None), _TASKS.c.due_utc, _TASKS.c.number)
_OPEN = _with_assignees(
    select(*(_TASKS.c[name] for name in _FIELDS)).where(
        _TASKS.c.chat_id == bindparam("chat_id"), _TASKS.c.status == TaskStatus.OPEN.value
    ),
    _OPEN_ORDER,
    bindparam("limit"),
)


def _status(
    chat_id: int, number: int, status: TaskStatus, by: int | None, now: datetime
) -> dict[str, Any]:
    """The parameters of :data:`_SET_STATUS`: who closed the task and when, if done."""
    done = status is TaskStatus.DONE
    return {
        "b_chat_id": chat_id,
        "b_number": number,
        "b_status": status.value,
        "b_now": now,
        "b_done_at": now if done else None,
        "b_done_by": by if done else None,
    }


def _assignees(rows: Sequence[Sequence[Any]]) -> dict[int, list[Assignee]]:
    """Each task's assignees in the order typed, from rows of :data:`_ASSIGNEE_COLUMNS`."""
    first: dict[int, Sequence[Any]] = {}  # each assignee's first row, by the assignee's id
    contacts: dict[int, list[Contact]] = {}  # each organisation's
    owner: dict[int, int] = {}  # the assignee whose rows give them
    # Rows are read by position, not by name: a name costs a row nine times what a position
    # does, and a /tasks list reads hundreds of them.
    for row in rows:
        assignee, org = row[1], row[5]
        first.setdefault(assignee, row)
        *_, person, telegram_id, first_name, last_name, username, private = row
        if telegram_id is not None and owner.setdefault(org, assignee) == assignee:
            name = " ".join(p for p in (first_name, last_name) if p)
            contact = Contact(telegram_id, name, username, private, person)
            contacts.setdefault(org, []).append(contact)
    of: dict[int, list[Assignee]] = {}
    for assignee_id, row in first.items():
        (task_id, _, label, person_id, username, org, done_at, done_by,
         telegram_id, private) = row[:10]  # fmt: skip
        of.setdefault(task_id, []).append(
            Assignee(
                label=label,
                person_id=person_id,
                username=username,
                person_telegram_id=telegram_id,
                private_chat=bool(private),
                contacts=tuple(contacts.get(org, ())) if org else (),
                organisation_id=org,
                done_at=done_at,
                done_by=done_by,
                id=assignee_id,
            )
        )
    return of


def _to_task(
    row: Sequence[Any],  # the values of _FIELDS in order, maybe followed by others
    assignees: Sequence[Assignee],
) -> Task:
    (id_, chat_id, number, title, status, due_utc, precision, due_text, confirmed, created_at,
     done_at, meeting_id, thread_id, recurrence, *_) = row  # fmt: skip
    due = None if due_utc is None else Due(due_utc, precision or "day", due_text or "")
    return Task(
        id=id_,
        chat_id=chat_id,
        number=number,
        title=title,
        status=_STATUS[status],
        due=due,
        assignees=tuple(assignees),
        created_at=created_at,
        done_at=done_at,
        due_confirmed=confirmed,
        meeting_id=meeting_id,
        thread_id=thread_id,
        recurrence=recurrence,
    )


def _to_tasks(rows: Sequence[Sequence[Any]], extra: int = 0) -> list[Task]:
    """The tasks of rows of a :func:`_with_assignees` statement whose tasks have ``extra``
    columns after those of :data:`_FIELDS`."""
    width = len(_FIELDS) + extra
    tasks: dict[int, Sequence[Any]] = {}  # each task's first row, in order
    for row in rows:
        tasks.setdefault(row[0], row)
    of = _assignees([row[width:] for row in rows if row[width] is not None])
    return [_to_task(row, of.get(task_id, [])) for task_id, row in tasks.items()]


class TaskRepository:
    """Reads and writes tasks; never commits."""

    def __init__(self, session: UnitSession) -> None:
        self._session = session

    async def add(
        self,
        *,
        chat_id: int,
        title: str,
        due: Due | None,
        assignees: Sequence[Assignee],
        created_by: int | None,
        source_message_id: int | None,
        message_thread_id: int | None,
        now: datetime,
        due_confirmed: bool = True,
        meeting_id: int | None = None,
        in_open_meeting: bool = False,
        recurrence: str | None = None,
        previous_id: int | None = None,
        reminders: Sequence[tuple[datetime, ReminderKind, int]] = (),
        created: dict[str, Any] | None = None,
    ) -> Task:
        """Store a task with its assignees and the ``reminders`` of its deadline (with their
        steps) under the chat's next task number and return it. It belongs to meeting
        ``meeting_id`` or, ``in_open_meeting``, to the meeting open in its topic, if any.
        ``created``: the ``after`` of its "create" event in the audit trail (by its creator, at
        ``now``), which then also holds its number."""
        values: dict[str, Any] = {
            "chat_id": chat_id,
            "title": title,
            "status": TaskStatus.OPEN.value,
            "due_utc": due.utc if due else None,
            "due_precision": due.precision if due else None,
            "due_text": due.text if due else None,
            "due_confirmed": due_confirmed,
            "meeting_id": meeting_id,
            "recurrence": recurrence,
            "previous_id": previous_id,
            "created_by": created_by,
            "source_message_id": source_message_id,
            "message_thread_id": message_thread_id,
            "created_at": now,
            "updated_at": now,
        }
        if in_open_meeting:
            del values["meeting_id"]
            values.update(m_chat_id=chat_id, m_thread_id=message_thread_id)
        if self._on_postgresql():
            return await self._add_in_one(values, assignees, reminders, created, in_open_meeting)
        # Core statements, compiled once each: the ORM's flush of a new object (and of its
        # assignees through the relationship, one statement each) costs several times more.
        result = await self._session.execute(_NEW_TASK_NUMBER, {"chat_id": chat_id})
        values["number"] = int(result.scalar_one()) - 1
        insert_task = _INSERT_TASK_IN_MEETING if in_open_meeting else _INSERT_TASK
        result = await self._session.execute(insert_task, values)
        task_id, values["meeting_id"] = result.one()
        values["id"] = task_id
        if created is not None:
            event = {"chat_id": chat_id, "actor_id": created_by, "at": now, "action": "create"}
            event |= {"entity": "task", "entity_id": task_id, "before": None}
            after = {"number": values["number"], **created}
            await self._session.execute(INSERT_EVENT, {**event, "after": after})
        if reminders and due is not None:
            rows = reminder_rows(chat_id, task_id, due.utc, reminders)
            await self._session.execute(INSERT_REMINDERS, rows)
        if assignees:
            rows = [
                {
                    "task_id": task_id,
                    "position": i,
                    "label": a.label,
                    "person_id": a.person_id,
                    "username": a.username,
                    "organisation_id": a.organisation_id,
                }
                for i, a in enumerate(assignees)
            ]
            await self._session.execute(_INSERT_ASSIGNEES, rows)
        task = tuple(values.get(name) for name in _FIELDS)
        if not any(a.person_id or a.organisation_id for a in assignees):
            # @usernames of nobody known yet, if anyone: nothing more to read about them
            return _to_task(task, [Assignee(a.label, username=a.username) for a in assignees])
        # the persons' Telegram ids, the organisations' contacts
        result = await self._session.execute(_ASSIGNEES_OF, {"task_id": task_id})
        return _to_task(task, _assignees(result.all()).get(task_id, []))

    async def _add_in_one(
        self,
        values: dict[str, Any],
        assignees: Sequence[Assignee],
        reminders: Sequence[tuple[datetime, ReminderKind, int]],
        created: dict[str, Any] | None,
        in_open_meeting: bool,
    ) -> Task:
        """``add()`` on PostgreSQL: one statement (:func:`_add_in_one`)."""
        params = {name if name.startswith("m_") else f"v_{name}": v for name, v in values.items()}
        for name, _ in _ASSIGNEE_GIVEN:
            params[f"v_a_{name}"] = [
                i if name == "position" else getattr(a, name) for i, a in enumerate(assignees)
            ]
        params[NEW_TASK_REMINDER_KINDS] = [kind.value for _, kind, _ in reminders]
        params["v_r_fire_at"] = [fire_at for fire_at, _, _ in reminders]
        params["v_r_step"] = [step for _, _, step in reminders]
        params["v_created"] = created
        statement = _ADD_IN_ONE_IN_MEETING if in_open_meeting else _ADD_IN_ONE
        rows = (await self._session.execute(statement, params)).all()
        values["id"], values["number"], values["meeting_id"] = rows[0][:3]
        task = tuple(values.get(name) for name in _FIELDS)
        read = _assignees([row[3:] for row in rows if row[3] is not None])
        return _to_task(task, read.get(values["id"], []))

    async def get(self, chat_id: int, number: int) -> Task | None:
        """Task ``number`` of the chat; other chats' tasks are never found."""
        result = await self._session.execute(_GET, {"chat_id": chat_id, "number": number})
        return next(iter(_to_tasks(result.all())), None)

    async def following(self, task_id: int) -> Task | None:
        """The occurrence of a recurring task recorded when task ``task_id`` was closed."""
        query = select(*_TASK).where(TaskRow.previous_id == task_id)
        result = await self._session.execute(_with_assignees(query))
        return next(iter(_to_tasks(result.all())), None)

    async def list_open(self, chat_id: int, limit: int) -> list[Task]:
        """The chat's open tasks, soonest deadline first, those without one last (prebuilt,
        with no autoflush: see :data:`_OPEN`)."""
        result = await self._session.execute(_OPEN, {"chat_id": chat_id, "limit": limit})
        return _to_tasks(result.all())

    async def select(
        self,
        chat_id: int,
        *,
        statuses: Sequence[TaskStatus] = (TaskStatus.OPEN,),
        due_before: datetime | None = None,
        person_id: int | None = None,
        username: str | None = None,
        organisation_ids: Sequence[int] = (),
        limit: int,
    ) -> list[Task]:
        """The chat's tasks with one of ``statuses``, due before ``due_before``, and for the
        person (by id or @username) or one of the organisations when any is given, whose part
        is not done yet; open ones by deadline, closed ones latest first."""
        if (
            list(statuses) == [TaskStatus.OPEN]
            and due_before is None
            and person_id is None
            and not username
            and not organisation_ids
        ):
            # the plain /tasks, prebuilt: building and cache-keying the query cost more than it
            return await self.list_open(chat_id, limit)
        query = select(*_TASK).where(
            TaskRow.chat_id == chat_id, TaskRow.status.in_([s.value for s in statuses])
        )
        if due_before is not None:
            query = query.where(TaskRow.due_utc < due_before)
        who = []  # whose part is still to do: an assignee that did its part has nothing left
        if person_id is not None:
            who.append(TaskAssigneeRow.person_id == person_id)
        if username:
            # as in Scope.require_task_hand: a @username stands for nobody known yet
            who.append(
                and_(
                    TaskAssigneeRow.person_id.is_(None),
                    func.lower(TaskAssigneeRow.username) == username.lower(),
                )
            )
        if organisation_ids:
            who.append(TaskAssigneeRow.organisation_id.in_(organisation_ids))
        if who:
            assigned = select(TaskAssigneeRow.task_id).where(
                or_(*who), TaskAssigneeRow.done_at.is_(None)
            )
            query = query.where(TaskRow.id.in_(assigned))
        order = (
            (TaskRow.due_utc.is_(None), TaskRow.due_utc, TaskRow.number)
            if list(statuses) == [TaskStatus.OPEN]
            else (TaskRow.number.desc(),)
        )
        result = await self._session.execute(_with_assignees(query, order, limit))
        return _to_tasks(result.all())

    async def open_numbers(self, chat_id: int, organisation_id: int) -> list[int]:
        """The numbers of the chat's open tasks assigned to the organisation, in order."""
        assigned = select(TaskAssigneeRow.task_id).where(
            TaskAssigneeRow.organisation_id == organisation_id
        )
        result = await self._session.scalars(
            select(TaskRow.number)
            .where(
                TaskRow.chat_id == chat_id,
                TaskRow.status == TaskStatus.OPEN.value,
                TaskRow.id.in_(assigned),
            )
            .order_by(TaskRow.number)
        )
        return list(result)

    async def titles(self, chat_id: int, limit: int) -> list[tuple[int, str]]:
        """``(number, title)`` of the chat's latest tasks, for a search in Python."""
        result = await self._session.execute(
            select(TaskRow.number, TaskRow.title)
            .where(TaskRow.chat_id == chat_id)
            .order_by(TaskRow.number.desc())
            .limit(limit)
        )
        return [(number, title) for number, title in result.all()]

    async def by_numbers(self, chat_id: int, numbers: Sequence[int]) -> list[Task]:
        """The chat's tasks with these numbers, latest first."""
        query = select(*_TASK).where(TaskRow.chat_id == chat_id, TaskRow.number.in_(numbers))
        result = await self._session.execute(_with_assignees(query, [TaskRow.number.desc()]))
        return _to_tasks(result.all())

    async def set_title(self, chat_id: int, number: int, title: str, now: datetime) -> None:
        """Change a task's wording."""
        row = await self._row(chat_id, number)
        if row is not None:
            row.title, row.updated_at = title, now

    async def set_assignees(
        self, chat_id: int, number: int, assignees: Sequence[Assignee], now: datetime
    ) -> None:
        """Replace who a task is for."""
        row = await self._row(chat_id, number)
        if row is None:
            return
        row.assignees.clear()
        await self._session.flush()
        row.assignees.extend(
            TaskAssigneeRow(
                position=i,
                label=a.label,
                person_id=a.person_id,
                username=a.username,
                organisation_id=a.organisation_id,
                done_at=a.done_at,  # a part said done stays done with whoever it is for
                done_by=a.done_by,
            )
            for i, a in enumerate(assignees)
        )
        row.updated_at = now
        await self._session.flush()

    async def set_parts(
        self,
        task_id: int,
        part_ids: Sequence[int],
        done_at: datetime | None,
        by: int | None,
        event: Event,
    ) -> None:
        """Say the parts ``part_ids`` (assignee rows) of task ``task_id`` done at ``done_at``
        by person ``by``, or not done (None), and record ``event`` in the audit trail."""
        if self._on_postgresql():
            params = {"b_task_id": task_id, "b_ids": list(part_ids), "b_at": done_at, "b_by": by}
            await self._session.execute(_SET_PARTS_IN_ONE, params | event.params())
            return
        await self._session.execute(
            _SET_PARTS,
            [{"b_task_id": task_id, "b_id": id_, "b_at": done_at, "b_by": by} for id_ in part_ids],
        )
        await self._session.execute(INSERT_EVENT, event.row())

    async def add_note(self, task_id: int, author_id: int, text: str, now: datetime) -> None:
        """Append a progress note to a task."""
        self._session.add(TaskNoteRow(task_id=task_id, author_id=author_id, at=now, text=text))
        await self._session.flush()

    async def notes(self, task_id: int) -> list[TaskNote]:
        """A task's progress notes, oldest first."""
        result = await self._session.execute(
            select(TaskNoteRow, PersonRow.first_name)
            .outerjoin(PersonRow, PersonRow.id == TaskNoteRow.author_id)
            .where(TaskNoteRow.task_id == task_id)
            .order_by(TaskNoteRow.id)
        )
        return [TaskNote(row.at, name, row.text) for row, name in result.all()]

    async def latest_notes(
        self, chat_id: int, meeting_id: int | None = None
    ) -> dict[int, TaskNote]:
        """The latest progress note of each task of the chat (of one meeting, when given) that
        has one, by task id; for the exports."""
        latest = (
            select(func.max(TaskNoteRow.id))
            .join(TaskRow, TaskRow.id == TaskNoteRow.task_id)
            .where(TaskRow.chat_id == chat_id)
            .group_by(TaskNoteRow.task_id)
        )
        if meeting_id is not None:
            latest = latest.where(TaskRow.meeting_id == meeting_id)
        result = await self._session.execute(
            select(TaskNoteRow, PersonRow.first_name)
            .outerjoin(PersonRow, PersonRow.id == TaskNoteRow.author_id)
            .where(TaskNoteRow.id.in_(latest.scalar_subquery()))
        )
        return {row.task_id: TaskNote(row.at, name, row.text) for row, name in result.all()}

    async def by_meeting(self, chat_id: int, meeting_id: int) -> list[Task]:
        """The tasks recorded during a meeting, in the order recorded: not the later
        occurrences of its recurring tasks, which the bot records when one is closed (they
        keep the meeting of their series, but were not recorded at it)."""
        query = select(*_TASK).where(
            TaskRow.chat_id == chat_id,
            TaskRow.meeting_id == meeting_id,
            TaskRow.previous_id.is_(None),
        )
        result = await self._session.execute(_with_assignees(query, [TaskRow.number]))
        return _to_tasks(result.all())

    async def set_status(
        self, chat_id: int, number: int, status: TaskStatus, by: int | None, now: datetime
    ) -> None:
        """Change a task's status, remembering who closed it and when."""
        await self._session.execute(_SET_STATUS, _status(chat_id, number, status, by, now))

    async def close(self, task: Task, event: Event) -> None:
        """Say ``task`` done as ``event`` tells (by its actor, at its instant), record ``event``
        in the audit trail, and forget the task's reminders still to come, as
        :meth:`~storage.repositories.reminders.ReminderRepository.cancel_pending` does. One
        statement on PostgreSQL (:data:`_CLOSE`)."""
        params = _status(task.chat_id, task.number, TaskStatus.DONE, event.actor_id, event.at)
        params["b_task_id"] = task.id
        if self._on_postgresql():
            await self._session.execute(_CLOSE, params | event.params())
            return
        await self._session.execute(_SET_STATUS, params)
        await self._session.execute(INSERT_EVENT, event.row())
        await self._session.execute(_CANCEL, params)

    def _on_postgresql(self) -> bool:
        """Whether changes go to PostgreSQL, where one statement can make several (data-modifying
        WITH queries) in one round trip; SQLite, in-process, makes them one by one at no such
        cost."""
        return self._session.get_bind().dialect.name == "postgresql"

    async def by_ids(self, ids: set[int]) -> dict[int, Task]:
        """Tasks by internal id (for the reminder sender)."""
        if not ids:
            return {}
        query = select(*_TASK).where(TaskRow.id.in_(ids))
        result = await self._session.execute(_with_assignees(query))
        return {task.id: task for task in _to_tasks(result.all())}

    async def set_due(
        self, chat_id: int, number: int, due: Due | None, confirmed: bool, now: datetime
    ) -> None:
        """Change a task's deadline."""
        row = await self._row(chat_id, number)
        if row is None:
            return
        row.due_utc = due.utc if due else None
        row.due_precision = due.precision if due else None
        row.due_text = due.text if due else None
        row.due_confirmed, row.updated_at = confirmed, now

    async def dated(self, chat_id: int) -> list[tuple[int, TaskStatus, Due]]:
        """``(id, status, deadline)`` of every task of the chat (open or closed) whose deadline
        is a date or a period, not a time of day: what a change of the chat's zone re-anchors."""
        result = await self._session.execute(
            select(_TASKS.c.id, _TASKS.c.status, *_DUE).where(
                _TASKS.c.chat_id == chat_id,
                _TASKS.c.due_utc.is_not(None),
                or_(_TASKS.c.due_precision.is_(None), _TASKS.c.due_precision != "time"),
            )
        )
        return [
            (id_, _STATUS[status], Due(utc, precision or "day", text or ""))
            for id_, status, utc, precision, text in result.all()
        ]

    async def move_dues(self, moves: Sequence[tuple[int, datetime]], now: datetime) -> None:
        """Give tasks (by id) new deadline instants; what was said and its precision stay."""
        if moves:
            await self._session.execute(
                _MOVE_DUE, [{"b_id": id_, "b_due": due, "b_now": now} for id_, due in moves]
            )

    async def leave_topic(self, chat_id: int, thread_id: int) -> None:
        """The chat's tasks of forum topic ``thread_id`` move to the main thread (the topic
        was closed or deleted)."""
        await self._session.execute(
            update(TaskRow)
            .where(TaskRow.chat_id == chat_id, TaskRow.message_thread_id == thread_id)
            .values(message_thread_id=None)
        )

    async def _row(self, chat_id: int, number: int) -> TaskRow | None:
        result = await self._session.execute(
            select(TaskRow).where(TaskRow.chat_id == chat_id, TaskRow.number == number)
        )
        return result.scalar_one_or_none()

    async def every_with_meeting(self, chat_id: int) -> list[tuple[Task, int | None]]:
        """Every task of the chat (open, done and cancelled) by number, each with the number of
        the meeting it was recorded in (None when it was recorded outside a meeting); for
        exports."""
        query = (
            select(*_TASK, MeetingRow.number)
            .outerjoin(MeetingRow, MeetingRow.id == TaskRow.meeting_id)
            .where(TaskRow.chat_id == chat_id)
        )
        result = await self._session.execute(_with_assignees(query, [TaskRow.number]))
        rows = result.all()
        tasks = _to_tasks(rows, extra=1)
        meetings = {row[0]: row[len(_FIELDS)] for row in rows}  # task id -> meeting number
        return [(task, meetings[task.id]) for task in tasks]
