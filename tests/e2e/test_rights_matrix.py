"""Who may read and change what, command by command and button by button, in two groups and in
private chats; and that nothing crosses from one chat to another.

One bot per module and database, so the whole matrix takes about a minute: an allowed case sets
up what it needs (a fresh task, an open meeting) as a manager, acts as one role, and checks that
the answer is no refusal and that the database changed (or, for a read, did not); a refused case
checks that the answer says who may, in the chat's language, and that no row changed. Every case
runs on SQLite; the refusals run on PostgreSQL too, where the refused transaction must roll back
as well. The table lists every command and button the bot registers; a new one without a row
fails :func:`test_every_handler_has_a_row`. Buttons are pressed with forged data (any data on any
bot message of the chat), as a modified client could.

Besides the roles in group A, four roles work from a private chat: "private" (a member of A
and B in their own chat, who chose their own notes there; a command that only means something
in a group is answered with the groups to choose from, which the table says per row), "relay"
(A's secretary, who chose A with /group: commands and ``@<A's id>|<data>`` buttons act on A,
with exactly the secretary's rights there, and the change lands in A), "member relay" (a plain
member of A who chose A: they act on A with exactly a member's rights there, and on their own
chat as "private" does) and "former" (a member who chose A, then left it without A telling the
bot: Telegram says so when asked, and nothing of A is read or changed; their own chat works as
"private"'s does).
Another group stays out of reach of all four.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field, replace
from datetime import timedelta
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from sqlalchemy import select
from telegram.ext import CallbackQueryHandler, CommandHandler

import handlers
from bot.clock import FakeClock
from bot.metrics import canonical
from handlers import chats, command_lines, deadlines, group_choice, guards, unknown
from handlers.common import plain
from handlers.forget import button_data
from handlers.paging import chat_tag
from storage import UnitOfWork
from storage.models import Base
from tests.conftest import MEETING, _drop_postgres_database, _pg_url, _postgres_database
from tests.e2e.conftest import JSON, Group, Harness, started

IN_MODULE_LOOP = pytest.mark.asyncio(loop_scope="module")  # the bot runs in the module's loop


class Right(Enum):
    """What a command or button needs."""

    READ = "read"  # anyone in the chat; nothing changes
    ATTEND = "attend"  # anyone in the chat; records their own presence
    HAND = "hand"  # the task's assignees and contact persons, the managers
    MANAGE = "manage"  # the administrators and the secretaries
    ADMIN = "admin"  # the administrators only
    SENDER = "sender"  # who sent the /task that asked, the managers
    CHOOSE = "choose"  # in one's own private chat, a group one is in
    FORGET = "forget"  # the administrators, in the group itself; asking records the question,
    # cancelling answers it, the confirmation deletes the whole group
    ASK = "ask"  # anyone; a manager is asked a question (recorded), the others told who may


# "relay": group A's secretary in their private chat, group A chosen with /group: the commands
# and buttons (pressed as "@<A's id>|<data>") act on A with the secretary's rights there.
# "member relay": the same for a plain member of A, with a member's rights there. "former": a
# member of A who chose A, then left A; the group did not say so, Telegram does when asked.
ROLES = (
    "admin",
    "anonymous",
    "secretary",
    "assignee",
    "contact",
    "member",
    "private",
    "relay",
    "member relay",
    "former",
)
ALLOWED = {
    Right.READ: set(ROLES),
    Right.ATTEND: set(ROLES),
    Right.HAND: {"admin", "anonymous", "secretary", "assignee", "contact", "private", "relay"},
    Right.MANAGE: {"admin", "anonymous", "secretary", "private", "relay"},
    Right.ADMIN: {"admin", "anonymous", "private"},
    Right.SENDER: {"admin", "anonymous", "secretary", "private", "relay"},
    Right.CHOOSE: {"private", "relay"},
    Right.FORGET: {"admin", "anonymous"},
    Right.ASK: set(ROLES),
}
REFUSAL = {
    Right.HAND: "rights.assignee_only",
    Right.MANAGE: "rights.managers_only",
    Right.ADMIN: "rights.admins_only",
    Right.SENDER: "draft.only_sender",
    Right.CHOOSE: "group.private_button",  # a group's choice pressed in a group
    Right.FORGET: "forget.admins_only",
}
# A group's choice pressed in one's own private chat, by someone who is not in the group;
# /forget and its buttons in a private chat (a group is deleted from the group only).
REFUSAL_IN_PRIVATE = {Right.CHOOSE: "group.not_yours", Right.FORGET: "forget.group_only"}
# The rights that change no record when allowed.
READS = (Right.READ,)
# Not a refusal of rights: a command that only means something in a group, sent in a private
# chat where one's own notes are chosen, is answered with the groups to choose from (the member
# manages no group, so none is chosen for them, and they are in two).
NO_GROUP = "group.ask"
GROUP_ONLY = frozenset({"private"})
TASK = "@giao_a, CTĐ: việc để thử quyền 31/12/2022"
UNCONFIRMED = "@giao_a, CTĐ: việc hạn đã qua 30/6/2022"  # a past deadline waits for "keep"
ASKING = "@giao_a, Hội chưa có {u}: việc chờ hỏi tổ chức 31/12/2022"  # an unknown name: a question


@dataclass(frozen=True)
class Row:
    """A command (``/...``) or a button's callback data, what it needs, and what it acts on:
    ``task`` (a fresh task, ``{n}``), ``cancelled`` (a fresh cancelled task), ``unconfirmed`` (a
    fresh task whose deadline waits to be kept), ``meeting`` (an open meeting, ``{m}``),
    ``attended`` (an open meeting where CTĐ is recorded as present),
    ``draft`` (a /task asking which organisation a name means, ``{d}`` and ``{i}``), ``org``
    (a fresh organisation, "Tổ chức thử {u}"), ``unchosen`` (the relay's choice set back to
    own notes first), ``question`` (a ``/forget`` of the manager, ``{token}``; a refused press
    carries :data:`NO_QUESTION`, refused before it is looked up). ``{tag}`` is the acting chat's
    page tag, ``{a}`` group A's database id.

    ``not_applicable``: the roles for which the row does not apply: a group-only command in a
    private chat with own notes chosen, answered with the groups to choose (:data:`NO_GROUP`),
    nothing changed. ``own``: it acts on the private chat itself even with a group chosen
    (the relay role then works on its own chat, as the "private" role does). ``destroys``: an
    allowed case would delete group A, which the other cases need: only its refusals run here,
    its allowed cases in tests/e2e/test_forget.py."""

    name: str
    right: Right
    text: str
    setup: str = ""
    teardown: tuple[str, ...] = ()
    not_applicable: frozenset[str] = frozenset()
    own: bool = False
    instead: str = NO_GROUP  # the answer where the row does not apply
    destroys: bool = False

    @property
    def is_button(self) -> bool:
        """Whether the row presses a button rather than types a command."""
        return not self.text.startswith("/")


ROWS = [
    Row("start", Right.READ, "/start", own=True),
    Row("help", Right.READ, "/help", own=True),
    Row("lang", Right.MANAGE, "/lang vi", own=True),
    Row("group", Right.READ, "/group", own=True),
    Row(
        "meeting",
        Right.MANAGE,
        "/meeting Họp thử quyền",
        teardown=("/endmeeting",),
        not_applicable=GROUP_ONLY,
    ),
    Row("present", Right.MANAGE, "/present CTĐ", "meeting", ("/endmeeting",), GROUP_ONLY),
    Row(
        "present remove",
        Right.MANAGE,
        "/present remove CTĐ",
        "attended",
        ("/endmeeting",),
        GROUP_ONLY,
    ),
    Row("endmeeting", Right.MANAGE, "/endmeeting", "meeting", ("/endmeeting",), GROUP_ONLY),
    Row("minutes", Right.READ, "/minutes", not_applicable=GROUP_ONLY),
    Row("decision", Right.MANAGE, "/decision Đồng ý thử"),
    Row("decisions", Right.READ, "/decisions"),
    Row("task", Right.MANAGE, f"/task {TASK}"),
    Row("done", Right.HAND, "/done {n}", "task"),
    Row("tasks", Right.READ, "/tasks"),
    Row("tasks mine", Right.READ, "/tasks mine"),
    Row("find", Right.READ, "/find thử quyền"),
    Row("edit", Right.MANAGE, "/edit {n} việc đã sửa", "task"),
    Row("assign", Right.MANAGE, "/assign {n} @giao_a", "task"),
    Row("note", Right.HAND, "/note {n} đã làm một nửa", "task"),
    Row("cancel", Right.MANAGE, "/cancel {n}", "task"),
    Row("reopen", Right.MANAGE, "/reopen {n}", "cancelled"),
    Row("history", Right.READ, "/history 1"),
    Row("org", Right.MANAGE, "/org add Tổ chức {u}"),
    Row("org link", Right.MANAGE, "/org link CTĐ @phu_a"),
    Row("org rename", Right.MANAGE, "/org rename Tổ chức thử {u} | Tổ chức đổi tên {u}", "org"),
    Row("org remove", Right.MANAGE, "/org remove Tổ chức thử {u}", "org"),
    Row("orgs", Right.READ, "/orgs"),
    Row("deadline", Right.MANAGE, "/deadline {n} 30/12/2022", "task"),
    Row("remind", Right.MANAGE, "/remind 3d 1d", own=True),
    Row("settings", Right.READ, "/settings", own=True),
    Row("settings tz", Right.MANAGE, "/settings tz Asia/Ho_Chi_Minh", own=True),
    Row(
        "secretary",
        Right.ADMIN,
        "/secretary add @phu_a",
        teardown=("/secretary remove @phu_a",),
        not_applicable=GROUP_ONLY,
    ),
    Row("secretaries", Right.READ, "/secretaries", not_applicable=GROUP_ONLY),
    Row("forget", Right.FORGET, "/forget", own=True),
    Row("export", Right.READ, "/export csv"),
    Row("done button", Right.HAND, "done:{n}", "task"),
    Row("reopen button", Right.MANAGE, "reopen:{n}", "cancelled"),
    Row("snooze button", Right.HAND, "snooze:{n}", "task"),
    Row("keep button", Right.MANAGE, "keep:{n}", "unconfirmed"),
    Row("change button", Right.ASK, "change:{n}", "task"),
    # A private chat has no meetings (/meeting there asks for a group): the button finds none.
    Row(
        "present button",
        Right.ATTEND,
        "att:{m}",
        "meeting",
        ("/endmeeting",),
        GROUP_ONLY,
        instead="meeting.not_found",
    ),
    Row("settings button", Right.MANAGE, "set:lang:vi"),
    Row("minutes document button", Right.READ, "exp:1:md"),
    Row("page button", Right.READ, "pg:t:{tag}:1:all"),
    Row("org question button", Right.SENDER, "orgpick:{d}:{i}:no", "draft"),
    Row("org question create button", Right.SENDER, "orgpick:{d}:{i}:new", "draft"),
    Row("group choice button", Right.CHOOSE, "grp:{a}", "unchosen", own=True),
    Row("forget cancel button", Right.FORGET, "fg:{tag}:{token}:n", "question", own=True),
    Row("forget button", Right.FORGET, "fg:{tag}:{token}:y", "question", own=True, destroys=True),
    Row("unknown button", Right.READ, "zz:old"),  # answered by guards.unknown_buttons()
]
COMMAND_ROWS = {row.text.split()[0].lstrip("/") for row in ROWS if not row.is_button}
SAMPLE = {"n": 1, "m": 1, "d": 1, "i": 1, "a": 1, "tag": "0", "token": "0"}


def _samples() -> list[str]:
    """Every button's data as pressed in a chat, and as the relay role presses it from a
    private chat (``@<group id>|<data>``, handled by group_choice's relay button)."""
    plain_data = [row.text.format(**SAMPLE) for row in ROWS if row.is_button]
    relayed = [f"@1|{row.text.format(**SAMPLE)}" for row in ROWS if row.is_button and not row.own]
    return plain_data + relayed


# Handlers of updates that are neither commands nor buttons, and why no row is needed:
# an edited command, or one in a caption, only gets a hint (tests/property checks that an edit
# changes nothing; test_unusual_updates that a caption does not), and a group's upgrade to a
# supergroup, or members joining and leaving, come from Telegram's own service messages (a
# member who left: tests/e2e/test_private_group.py).
def _name(function: Any) -> str:
    """Where a handler's callback is defined (a closure has no other name to compare)."""
    return f"{function.__module__}.{function.__qualname__}"


THOUGHT_ABOUT = {
    _name(f)
    for f in (
        guards.explain_edit,
        guards.explain_caption,
        chats.migrated,
        chats.members_changed,
        # A reply to the bot: an answer only to the question the change button put to a manager
        # ("change button" here), and only by them (tests/e2e/test_deadline_prompt.py).
        deadlines.reply_to_bot,
        # A press without data, which no pattern can route: answered as a stale button, changing
        # nothing (tests/e2e/test_unusual_updates.py).
        guards.press_unknown,
    )
} | {
    # Several command lines in one message: each line goes to its command's own handler, as if
    # sent alone, so that command's row applies to it (tests/e2e/test_command_lines.py).
    f"{command_lines.__name__}.setup.<locals>.run_each_line",
    # A text surely meant for the bot that no handler ran (a mistyped command): answered with
    # the nearest command, reading and changing nothing (tests/e2e/test_unusual_updates.py).
    f"{unknown.__name__}.unknown_messages.<locals>.misread",
}


def test_every_handler_has_a_row() -> None:
    """A command or button added to the bot must say here who may use it."""
    missing = []
    samples = _samples()
    patterns = [
        h.pattern
        for h in handlers.all_handlers()
        if isinstance(h, CallbackQueryHandler) and h.pattern is not None
    ]
    for handler in handlers.all_handlers():
        if isinstance(handler, CommandHandler):
            if not handler.commands & COMMAND_ROWS:
                missing.append("/" + min(handler.commands))
        elif isinstance(handler, CallbackQueryHandler):
            pattern = handler.pattern
            if pattern is None:  # the last resort: a row whose data no other button matches
                if all(any(re.match(p, s) for p in patterns) for s in samples):
                    missing.append("a button no handler knows")
                continue
            assert isinstance(pattern, re.Pattern)  # PTB compiles the patterns it is given
            if not any(pattern.match(sample) for sample in samples):
                missing.append(pattern.pattern)
        elif _name(handler.callback) not in THOUGHT_ABOUT:  # a message or member handler, too,
            missing.append(type(handler).__name__)  # must be thought about here
    assert missing == []


def test_the_table_says_what_a_private_chat_does_with_each_command() -> None:
    """``own`` and ``not_applicable`` agree with what group_choice relays to a chosen group."""
    for row in ROWS:
        if row.is_button:
            continue
        command = canonical(frozenset({row.text.split()[0].lstrip("/")}))
        policy = group_choice.POLICIES.get(command)
        assert row.own == (policy is None), row.name
        assert (row.not_applicable == GROUP_ONLY) == bool(policy and policy.group_only), row.name


@dataclass
class World:
    """The running bot, groups A and B, a private chat per user, and the users by role."""

    harness: Harness
    a: Group
    b: Group
    users: dict[str, JSON]
    private: dict[str, Group] = field(default_factory=dict)
    pressable: dict[int, int] = field(default_factory=dict)  # a bot message id in each chat
    counter: itertools.count[int] = field(default_factory=itertools.count)
    ids: dict[int, int] = field(default_factory=dict)  # database id by Telegram chat id

    async def snapshot(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every row of every table."""
        async with self.harness.database.session() as session:
            out = {}
            for table in Base.metadata.sorted_tables:
                rows = (await session.execute(select(table))).all()
                out[table.name] = sorted((tuple(r) for r in rows), key=repr)
            return out

    async def answer(self, chat: Group, user: JSON, text: str, *, anonymous: bool = False) -> str:
        """What the bot answered to ``user`` typing ``text`` (a document's caption counts)."""
        message = (await chat.say_all(user, text, anonymous=anonymous))[0]
        return str(message.get("text") or message.get("caption") or "")

    async def press(self, chat: Group, user: JSON, data: str, message_id: int) -> str:
        """What the pop-up said when ``user`` pressed a button carrying ``data``."""
        sandbox = self.harness.sandbox
        count = len(sandbox.callback_answers)
        await sandbox.click(chat.id, user["id"], message_id, data, forged=True)
        await sandbox.wait_for_calls("answerCallbackQuery", count + 1, timeout=10)
        return str(sandbox.callback_answers[count].get("text", ""))

    async def rows_of(self, chat: Group) -> dict[str, list[tuple[Any, ...]]]:
        """Every row that belongs to one chat: its own, its tasks', meetings' and
        organisations'."""
        tables = {t.name: t for t in Base.metadata.sorted_tables}
        async with self.harness.database.session() as session:
            cid = (
                await session.execute(select(tables["chats"].c.id).filter_by(telegram_id=chat.id))
            ).scalar_one()
            owned = {
                "task_id": select(tables["tasks"].c.id).filter_by(chat_id=cid),
                "meeting_id": select(tables["meetings"].c.id).filter_by(chat_id=cid),
                "organisation_id": select(tables["organisations"].c.id).filter_by(chat_id=cid),
            }
            out = {}
            for name, table in tables.items():
                if name == "chats":
                    query = select(table).filter_by(id=cid)
                elif "chat_id" in table.c:
                    query = select(table).filter_by(chat_id=cid)
                else:
                    parent = next((c for c in owned if c in table.c), None)
                    if parent is None:
                        continue  # persons and processed updates belong to no chat
                    query = select(table).where(table.c[parent].in_(owned[parent]))
                rows = (await session.execute(query)).all()
                out[name] = sorted((tuple(r) for r in rows), key=repr)
            return out

    async def status(self, chat: Group, number: int) -> str:
        """The stored status of a chat's task."""
        async with UnitOfWork(self.harness.database) as uow:
            stored = await uow.chats.get_by_telegram_id(chat.id)
            assert stored is not None
            task = await uow.tasks.get(stored.id, number)
            assert task is not None
            return task.status.value

    async def selected(self, user: JSON) -> int | None:
        """The database id of the group a user chose in their private chat."""
        async with UnitOfWork(self.harness.database) as uow:
            found = await uow.persons.by_username(user["username"])
            assert found is not None
            return await uow.persons.selected_chat(found[0])

    def refusal(self, key: str, **params: Any) -> str:
        """A refusal as the chat shows it (in Vietnamese, the groups' language)."""
        return plain(self.harness.application.services.catalogs.get("vi")(key, **params))


async def _new_world(database_url: str) -> AsyncIterator[World]:
    async with started(database_url, FakeClock(MEETING)) as harness:
        sandbox = harness.sandbox
        users = {
            "admin": sandbox.add_user("Quản trị A", username="quantri_a"),
            "secretary": sandbox.add_user("Thư ký A", username="thuky_a"),
            "assignee": sandbox.add_user("Được giao A", username="giao_a"),
            "contact": sandbox.add_user("Liên hệ A", username="lienhe_a"),
            "member": sandbox.add_user("Thành viên A", username="thanhvien_a"),
            "member relay": sandbox.add_user("Thành viên chọn A", username="chon_a"),
            "former": sandbox.add_user("Đã rời A", username="daroi_a"),
            "spare": sandbox.add_user("Dự phòng A", username="phu_a"),
            "outsider": sandbox.add_user("Quản trị B", username="quantri_b"),
        }
        in_a = [
            users[k]
            for k in (
                "secretary",
                "assignee",
                "contact",
                "member",
                "member relay",
                "former",
                "spare",
            )
        ]
        a = harness.group("Nhóm A", in_a, [users["admin"]])
        b = harness.group("Nhóm B", [users["member"], users["assignee"]], [users["outsider"]])
        world = World(harness, a, b, users)
        for name, user in users.items():
            world.private[name] = Group(harness, sandbox.add_private_chat(user))
            await world.private[name].say(user, "/start")
            if name != "outsider":
                await a.say(user, "/start")
        await b.say(users["outsider"], "/start")
        await b.say(users["member"], "/start")  # the bot knows the member in both groups
        admin = users["admin"]
        await a.say(admin, "/secretary add @thuky_a")
        await a.say(admin, "/org add Hội Chữ thập đỏ | CTĐ")
        await a.say(admin, "/org link CTĐ @lienhe_a")
        await a.say(admin, f"/task {TASK}")  # A's task #1
        await a.say(admin, "/meeting Họp A")
        await a.say(admin, "/endmeeting")  # A's meeting #1, ended
        await a.say_all(admin, "/start", anonymous=True)  # Telegram's stand-in is seen once
        # The member of A and B keeps their own notes in their private chat.
        await world.private["member"].say(users["member"], "/group none")
        await world.private["member"].say(users["member"], "/org add Hội Chữ thập đỏ | CTĐ")
        await b.say(users["outsider"], "/task @quantri_b: việc riêng của nhóm B 31/12/2022")
        async with UnitOfWork(harness.database) as uow:
            for chat in (a, b):
                stored = await uow.chats.get_by_telegram_id(chat.id)
                assert stored is not None
                world.ids[chat.id] = stored.id
        # A's secretary, and two of its plain members, choose A in their private chat.
        for role in ("secretary", "member relay", "former"):
            relay, user = world.private[role], users[role]
            await relay.say(user, "/group")
            choice = f"grp:{world.ids[a.id]}"
            await world.press(relay, user, choice, relay.bot_messages()[-1]["message_id"])
            assert await world.selected(user) == world.ids[a.id]
        # One of them leaves A, and the group does not say so (a group may hide such notes):
        # Telegram says so once the answer it gave a minute ago is asked for again.
        await sandbox.set_member_status(a.id, users["former"], "left")
        harness.clock.advance(timedelta(minutes=2))
        chats = (a, b, world.private["member"], world.private["secretary"])
        for chat in (*chats, world.private["member relay"], world.private["former"]):
            world.pressable[chat.id] = chat.bot_messages()[-1]["message_id"]
        yield world


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def sqlite_world(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[World]:
    """Groups A and B with a user per role, on SQLite."""
    path: Path = tmp_path_factory.mktemp("rights") / "rights.sqlite3"
    async for built in _new_world(f"sqlite+aiosqlite:///{path}"):
        yield built


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def postgresql_world() -> AsyncIterator[World]:
    """The same world on PostgreSQL."""
    name = await _postgres_database()
    if name is None:
        pytest.skip("no PostgreSQL reachable")
    try:
        async for built in _new_world(_pg_url(name)):
            yield built
    finally:
        await _drop_postgres_database(name)


@pytest.fixture
def world(request: pytest.FixtureRequest) -> World:
    """The world of the database the test names (``sqlite`` or ``postgresql``); each is built
    once for the module, whatever order the tests run in."""
    built = request.getfixturevalue(f"{request.param}_world")
    assert isinstance(built, World)
    return built


BOTH = pytest.mark.parametrize(
    "world",
    ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
    indirect=True,
)


@dataclass(frozen=True)
class Seat:
    """Where a role acts on a row: the chat it types or presses in, who acts, the chat whose
    records the row is about (where a manager sets things up and cleans up), who sets up, whether
    anonymously, and what the role's buttons start with."""

    chat: Group
    user: JSON
    home: Group
    manager: JSON
    anonymous: bool = False
    prefix: str = ""


def _seat(world: World, role: str, row: Row) -> Seat:
    """Where ``role`` acts on ``row``."""
    users, a = world.users, world.a
    if role == "private":
        own = world.private["member"]
        return Seat(own, users["member"], own, users["member"])
    if role in ("relay", "member relay", "former"):
        key = "secretary" if role == "relay" else role
        own, user = world.private[key], users[key]
        if row.own:  # not sent to the group: the private chat's own records
            return Seat(own, user, own, user)
        return Seat(own, user, a, users["admin"], prefix=f"@{world.ids[a.id]}|")
    if role == "anonymous":
        return Seat(a, users["admin"], a, users["admin"], anonymous=True)
    return Seat(a, users[role], a, users["admin"])


NO_QUESTION = "0123456789abcdef"  # the token of no /forget question


def _number(text: str) -> int:
    """The first ``#n`` of a bot message."""
    found = re.search(r"#(\d+)", text)
    assert found is not None, text
    return int(found.group(1))


async def _prepare(world: World, row: Row, seat: Seat) -> tuple[dict[str, Any], int | None]:
    """What the row acts on; returns the values of its text and the message set up, if any."""
    chat, manager = seat.home, seat.manager
    values: dict[str, Any] = {"u": next(world.counter), "n": 1, "m": 1, "d": 0, "i": 0}
    values.update(a=world.ids[world.a.id], tag=chat_tag(chat.id), token=NO_QUESTION)
    if row.setup in ("task", "cancelled", "unconfirmed"):
        what = UNCONFIRMED if row.setup == "unconfirmed" else TASK
        message = (await chat.say_all(manager, f"/task {what}"))[0]
        assert "orgpick:" not in repr(message.get("reply_markup")), message  # a task, no question
        values["n"] = _number(message["text"])
        if row.setup == "cancelled":
            await chat.say(manager, f"/cancel {values['n']}")
        return values, message["message_id"]
    if row.setup in ("meeting", "attended"):
        message = (await chat.say_all(manager, "/meeting Họp để thử"))[0]
        values["m"] = _number(message["text"])
        if row.setup == "attended":
            assert "Hội Chữ thập đỏ" in await chat.say(manager, "/present CTĐ")
        return values, message["message_id"]
    if row.setup == "draft":
        message = (await chat.say_all(manager, "/task " + ASKING.format(**values)))[0]
        data = message["reply_markup"]["inline_keyboard"][-1][0]["callback_data"]
        found = re.fullmatch(r"orgpick:(\d+):(\d+):\w+", data)
        assert found is not None, data
        values.update(d=int(found[1]), i=int(found[2]))
        return values, message["message_id"]
    if row.setup == "org":
        assert "Tổ chức thử" in await chat.say(manager, "/org add Tổ chức thử {u}".format(**values))
        return values, None
    if row.setup == "question":
        message = (await chat.say_all(manager, "/forget"))[0]
        data = message["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
        values["token"] = data.split(":")[2]
        return values, message["message_id"]
    if row.setup == "unchosen":
        await chat.say(manager, "/group none")
    return values, None


def _allowed(role: str, row: Row) -> bool:
    """Whether ``role`` may use ``row``: "member relay" has a member's rights in A, and in its
    own private chat those of "private"; "former" has no right in A, nor to choose it."""
    if role == "former" and (not row.own or row.right is Right.CHOOSE):
        return False
    if role in ("member relay", "former"):
        role = "private" if row.own else "member"
    return role in ALLOWED[row.right]


def _records(role: str, row: Row) -> bool:
    """Whether ``row``, allowed to ``role``, changes a record: a question is recorded only when
    it is asked, of a manager."""
    if row.right is Right.ASK:
        return _allowed(role, replace(row, right=Right.MANAGE))
    return row.right not in READS


def _cases() -> list[Any]:
    """Every row for every role on SQLite, and every refusal (and every row that does not apply)
    on PostgreSQL too, where a refused change must roll back as well; an anonymous
    administrator's button press comes from the person, so buttons are pressed by the other
    roles only."""
    cases = []
    for row in ROWS:
        for role in ROLES:
            if row.is_button and role == "anonymous":
                continue
            if row.destroys and _allowed(role, row):
                continue  # it would delete group A: tests/e2e/test_forget.py
            cases.append(pytest.param("sqlite", row, role, id=f"sqlite-{row.name}-{role}"))
            if not _allowed(role, row) or role in row.not_applicable:
                pg = f"postgresql-{row.name}-{role}"
                cases.append(
                    pytest.param("postgresql", row, role, id=pg, marks=pytest.mark.postgres)
                )
    return cases


def _expected_refusal(world: World, row: Row, role: str, seat: Seat, values: dict[str, Any]) -> str:
    """What a refused role reads: the refusal, under the group's name when it was sent from a
    private chat about the group (a button's pop-up is the refusal alone); whoever left the
    group is told so, whatever they asked of it."""
    if role == "former" and (not row.own or row.right is Right.CHOOSE):
        return world.refusal("group.left", group="Nhóm A")
    if seat.chat.id != world.a.id and not seat.prefix:
        key = REFUSAL_IN_PRIVATE.get(row.right, REFUSAL[row.right])
    else:
        key = REFUSAL[row.right]
    name = str(world.users["admin"]["first_name"])  # who sent the /task that asks
    refusal = world.refusal(key, number=values["n"], name=name)
    if seat.prefix and not row.is_button:
        return world.refusal("group.in", group="Nhóm A") + "\n" + refusal
    return refusal


@IN_MODULE_LOOP
@pytest.mark.parametrize(("world", "row", "role"), _cases(), indirect=["world"])
async def test_rights(world: World, row: Row, role: str) -> None:
    seat = _seat(world, role, row)
    chat, user = seat.chat, seat.user
    applies = role not in row.not_applicable
    allowed = applies and _allowed(role, row)
    values: dict[str, Any] = {"u": 0, "n": 1, "m": 1, "d": 0, "i": 0, "a": world.ids[world.a.id]}
    values.update(tag=chat_tag(seat.home.id), token=NO_QUESTION)
    set_up = None
    if allowed or row.setup == "draft":  # a refused question must exist to be refused
        values, set_up = await _prepare(world, row, seat)
    # A button is pressed on the message set up when it is in the chat; otherwise on any.
    message_id = set_up if set_up is not None and seat.home is chat else world.pressable[chat.id]
    before, home_before = await world.snapshot(), await world.rows_of(seat.home)
    chat_before = await world.rows_of(chat)
    text = row.text.format(**values)
    if row.is_button:
        answer = await world.press(chat, user, seat.prefix + text, message_id)
    else:
        answer = await world.answer(chat, user, text, anonymous=seat.anonymous)
    after = await world.snapshot()
    if not applies:  # own notes chosen: the groups to choose from, and nothing done
        assert answer == world.refusal(row.instead, number=values["n"])[:200], (text, answer)
        assert after == before, text
        return
    if not allowed:
        assert answer == _expected_refusal(world, row, role, seat, values)[:200], text
        assert after == before, text
        return
    sender = str(world.users["admin"]["first_name"])
    refusals = {world.refusal(k, number=values["n"], name=sender) for k in REFUSAL.values()}
    refusals |= {world.refusal(key) for key in (NO_GROUP, *REFUSAL_IN_PRIVATE.values())}
    assert answer not in refusals, (text, answer)
    if not _records(role, row):
        assert after == before, text  # reading (or asking) records nothing new
    else:
        assert after != before, (text, answer)
    if row.right is Right.CHOOSE:  # a person's choice belongs to no chat
        assert await world.selected(user) == world.ids[world.a.id]
        if role == "private":  # the role has its own notes chosen in the other rows
            await chat.say(user, "/group none")
    elif _records(role, row):
        # The change lands in the chat the row is about (group A for the relay role), and
        # only there.
        assert await world.rows_of(seat.home) != home_before, (text, answer)
        if chat is not seat.home:
            assert await world.rows_of(chat) == chat_before, (text, answer)
    for cleanup in row.teardown:
        await seat.home.say(seat.manager, cleanup)


async def _beyond(world: World, number: int, title: str) -> tuple[int, JSON]:
    """A new task of group A numbered above ``number`` (so B has no task of its number)."""
    while True:
        sent = (await world.a.say_all(world.users["admin"], f"/task @giao_a: {title} 31/12/2022"))[
            0
        ]
        if _number(sent["text"]) > number:
            return _number(sent["text"]), sent


@IN_MODULE_LOOP
@BOTH
async def test_numbers_are_per_chat_and_nothing_of_a_is_read_or_changed_from_b(
    world: World,
) -> None:
    users, a, b = world.users, world.a, world.b
    outsider, assignee, member = users["outsider"], users["assignee"], users["member"]
    b_first = _number(
        (await b.say_all(outsider, "/task @quantri_b: việc B số mới 31/12/2022"))[0]["text"]
    )
    last_in_a = (await _beyond(world, b_first, "chỉ nhóm A biết"))[0]
    await a.say(users["admin"], "/task @quantri_b: chỉ nhóm A giao cho B 31/12/2022")
    of_a = await world.rows_of(a)
    # Reading in B by A's numbers shows B's records or nothing, never A's.
    assert "chỉ nhóm A biết" not in await b.say(outsider, f"/history {b_first}")
    assert f"#{last_in_a}" in await b.say(outsider, f"/history {last_in_a}")  # "no task #n"
    assert "chỉ nhóm A biết" not in await b.say(member, "/tasks all")
    nothing = world.refusal("find.nothing", words="chỉ nhóm A biết")
    assert await b.say(member, "/find chỉ nhóm A biết") == nothing
    assert "chỉ nhóm A biết" not in await b.say(assignee, "/tasks mine")
    # Privately, one's tasks are those of the groups one is in: B's administrator, who is not
    # in A, sees B's tasks for him and not A's, though A's task names him.
    theirs = await world.private["outsider"].say(outsider, "/tasks mine")
    assert "👥 Nhóm B\n" in theirs
    assert "Nhóm A" not in theirs
    assert "chỉ nhóm A giao cho B" not in theirs
    assert "Họp A" not in await b.say(member, "/minutes 1")
    exported = (await b.say_all(member, "/export csv"))[0]
    content = world.harness.sandbox.files[exported["document"]["file_id"]].content
    assert "chỉ nhóm A biết".encode() not in content
    # Changing in B by number touches B's task of that number, or nothing.
    assert world.refusal("task.not_found", number=last_in_a) == await b.say(
        outsider, f"/edit {last_in_a} sửa từ nhóm B"
    )
    refused = world.refusal("rights.assignee_only", number=b_first)
    assert await b.say(assignee, f"/done {b_first}") == refused  # A's assignee is nobody in B
    await b.say(outsider, f"/done {b_first}")
    assert await world.status(b, b_first) == "done"
    # Privately, with no group chosen, in A and B: which group? And nothing done.
    assert world.refusal("group.ask") == await world.private["assignee"].say(
        assignee, f"/done {last_in_a}"
    )
    assert await world.rows_of(a) == of_a
    assert await world.status(a, last_in_a) == "open"


@IN_MODULE_LOOP
@BOTH
async def test_a_buttons_replayed_in_b_or_privately_change_nothing_of_a(world: World) -> None:
    users, a, b = world.users, world.a, world.b
    outsider, assignee, member = users["outsider"], users["assignee"], users["member"]
    in_b = (await b.say_all(outsider, "/task @quantri_b: nút của nhóm B 31/12/2022"))[0]
    number = (await _beyond(world, _number(in_b["text"]), "nút của nhóm A"))[0]
    of_a, everything = await world.rows_of(a), await world.snapshot()
    private = world.private["assignee"]
    replays = [
        (b, outsider, f"done:{number}", world.refusal("task.not_found", number=number)),
        (b, outsider, f"snooze:{number}", world.refusal("task.not_found", number=number)),
        (b, member, "set:lang:en", world.refusal("rights.managers_only")),
        (
            b,
            assignee,
            f"done:{_number(in_b['text'])}",
            world.refusal("rights.assignee_only", number=_number(in_b["text"])),
        ),
        (b, member, "att:1", world.refusal("meeting.not_found", number=1)),
        (private, assignee, f"done:{number}", world.refusal("task.not_found", number=number)),
        (private, assignee, f"keep:{number}", world.refusal("task.not_found", number=number)),
    ]
    for chat, user, data, expected in replays:
        if chat.id not in world.pressable:
            world.pressable[chat.id] = (await chat.say_all(user, "/settings"))[0]["message_id"]
        pressed_on = in_b["message_id"] if chat is b else world.pressable[chat.id]
        assert await world.press(chat, user, data, pressed_on) == expected[:200], data
    assert await world.rows_of(a) == of_a
    assert await world.status(a, number) == "open"
    after = await world.snapshot()
    assert after["tasks"] == everything["tasks"]
    assert after["audit_events"] == everything["audit_events"]


@IN_MODULE_LOOP
@BOTH
async def test_a_list_or_question_of_a_is_not_shown_or_settled_from_elsewhere(world: World) -> None:
    users, a, b = world.users, world.a, world.b
    outsider, member, assignee = users["outsider"], users["member"], users["assignee"]
    question = (await a.say_all(users["admin"], "/task " + ASKING.format(u="A")))[0]
    data = question["reply_markup"]["inline_keyboard"][-2][0]["callback_data"]  # create it
    draft = int(data.split(":")[1])
    private = world.private["assignee"]
    for chat, user in ((b, outsider), (private, assignee)):
        world.pressable[chat.id] = (await chat.say_all(user, "/settings"))[0]["message_id"]
    of_a, everything = await world.rows_of(a), await world.snapshot()
    other_chat = world.refusal("page.other_chat")

    def forget_a() -> str:
        return button_data(chat_tag(a.id), NO_QUESTION, delete=True)

    elsewhere = [
        (b, outsider, f"pg:t:{chat_tag(a.id)}:1:all", other_chat),
        (b, member, f"pg:o:{chat_tag(a.id)}:1:", other_chat),
        (a, member, f"pg:t:{chat_tag(a.id)}:1:~{assignee['id']}", world.refusal("page.not_yours")),
        (private, assignee, f"pg:t:{chat_tag(a.id)}:1:all", other_chat),
        (b, outsider, data, world.refusal("draft.gone")),  # B's administrator, A's question
        (b, outsider, f"orgpick:{draft}:1:no", world.refusal("draft.gone")),
        # A's /forget confirmed in B by B's administrator, or in a private chat: not there.
        (b, outsider, forget_a(), world.refusal("forget.other_chat")),
        (private, assignee, forget_a(), world.refusal("forget.other_chat")),
    ]
    for chat, user, pressed, expected in elsewhere:
        answer = await world.press(chat, user, pressed, world.pressable[chat.id])
        assert answer == expected[:200], pressed
    assert await world.rows_of(a) == of_a
    assert await world.snapshot() == everything
    # The question is still A's to settle, by whoever sent it.
    assert await world.press(a, users["admin"], data, question["message_id"]) != ""
    assert await world.rows_of(a) != of_a


@IN_MODULE_LOOP
@BOTH
async def test_a_secretary_working_privately_on_a_reaches_no_other_group(world: World) -> None:
    users, a, b = world.users, world.a, world.b
    secretary, own = users["secretary"], world.private["secretary"]
    in_b = _number(
        await b.say(users["outsider"], "/task @quantri_b: việc B thư ký A không chạm 31/12/2022")
    )
    a_id, b_id = world.ids[a.id], world.ids[b.id]
    everything = await world.snapshot()
    pressed_on = world.pressable[own.id]
    not_yours = world.refusal("group.not_yours")[:200]

    def forget(group: Group) -> str:
        return button_data(chat_tag(group.id), NO_QUESTION, delete=True)

    forged = [
        (f"grp:{b_id}", not_yours),  # choosing B
        (f"@{b_id}|done:{in_b}", not_yours),
        (f"@{b_id}|cancel:{in_b}", not_yours),
        (f"@{b_id}|set:lang:en", not_yours),
        (f"@{b_id}|att:1", not_yours),
        (f"@{b_id}|pg:t:{chat_tag(b.id)}:1:all", not_yours),
        (f"@{b_id}|exp:1:md", not_yours),
        (f"@{a_id}|pg:t:{chat_tag(b.id)}:1:all", world.refusal("page.other_chat")),
        (f"@{a_id}|grp:{b_id}", world.refusal("button.unknown")),  # no such button about a group
        (f"@{b_id}|{forget(b)}", not_yours),
        (f"@{a_id}|{forget(a)}", world.refusal("forget.group_only")),
    ]
    for data, expected in forged:
        assert await world.press(own, secretary, data, pressed_on) == expected, data
    assert await world.snapshot() == everything
    assert await world.status(b, in_b) == "open"
    assert await world.selected(secretary) == a_id  # still A
    # Typed commands act on A only: B's number means A's task of that number, or none.
    assert "việc B thư ký A không chạm" not in (await own.say(secretary, "/tasks all"))


@IN_MODULE_LOOP
@BOTH
async def test_stale_buttons_change_nothing(world: World) -> None:
    users, a = world.users, world.a
    admin, assignee = users["admin"], users["assignee"]
    cancelled = (await a.say_all(admin, "/task @giao_a: việc sẽ bị huỷ 31/12/2022"))[0]
    n = _number(cancelled["text"])
    await a.say(admin, f"/cancel {n}")
    done = (await a.say_all(admin, f"/task {UNCONFIRMED}"))[0]
    d = _number(done["text"])
    opened = (await a.say_all(admin, "/meeting Họp sẽ kết thúc"))[0]
    await a.say(admin, "/endmeeting")
    await world.press(a, admin, f"keep:{d}", done["message_id"])
    assert await world.press(a, admin, f"keep:{d}", done["message_id"]) != ""  # twice: no error
    await a.say(assignee, f"/done {d}")  # their part: the task is for CTĐ too
    await a.say(admin, f"/done {d}")  # the whole task
    before = await world.snapshot()
    stale = [
        (cancelled, assignee, f"done:{n}", world.refusal("done.cancelled", number=n)),
        (cancelled, admin, f"snooze:{n}", world.refusal("task.not_open", number=n)),
        (done, assignee, f"snooze:{d}", world.refusal("task.not_open", number=d)),
        (done, admin, f"keep:{d}", world.refusal("task.not_open", number=d)),
        (opened, assignee, f"att:{_number(opened['text'])}", None),
    ]
    for message, user, data, expected in stale:
        answer = await world.press(a, user, data, message["message_id"])
        if expected is None:
            expected = world.refusal("meeting.already_ended", number=_number(opened["text"]))
        assert answer == expected[:200], data
    again = await world.press(a, assignee, f"done:{d}", done["message_id"])
    assert again == world.refusal("done.already_short", number=d)
    assert await world.snapshot() == before
    assert await world.status(a, n) == "cancelled"


@IN_MODULE_LOOP
@pytest.mark.parametrize("world", ["sqlite"], indirect=True)
async def test_a_refusal_is_in_the_chats_language(world: World) -> None:
    b, outsider, member = world.b, world.users["outsider"], world.users["member"]
    await b.say(outsider, "/lang en")
    try:
        refusal = await b.say(member, "/decision Not mine to record")
        english = world.harness.application.services.catalogs.get("en")
        assert refusal == plain(english("rights.managers_only"))
        assert refusal.startswith("Only the group's administrators and the secretaries")
    finally:
        await b.say(outsider, "/lang vi")


@IN_MODULE_LOOP
@BOTH
async def test_a_username_taken_over_by_someone_else_does_not_take_the_task(world: World) -> None:
    sandbox, a, admin = world.harness.sandbox, world.a, world.users["admin"]
    holder = sandbox.add_user("Người cũ", username="doi_ten")
    newcomer = sandbox.add_user("Người mới")
    for user in (holder, newcomer):
        await sandbox.set_member_status(a.id, user, "member")
    await a.say(holder, "/start")  # the bot knows who @doi_ten is
    n = _number(await a.say(admin, "/task @doi_ten: việc của người cũ 31/12/2022"))
    holder["username"] = "ten_moi"
    await a.say(holder, "/start")
    newcomer["username"] = "doi_ten"
    await a.say(newcomer, "/start")
    assert await a.say(newcomer, f"/done {n}") == world.refusal("rights.assignee_only", number=n)
    assert "việc của người cũ" not in await a.say(newcomer, "/tasks mine")
    assert "việc của người cũ" in await a.say(holder, "/tasks mine")
    assert world.refusal("done.already_short", number=n) != await a.say(holder, f"/done {n}")
    assert await world.status(a, n) == "done"
