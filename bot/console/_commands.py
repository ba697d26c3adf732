"""The console's own commands (``:users``, ``:reply``, ``:multi``, ``:clock``...): who speaks,
in answer to what, and when (where: ``bot.console._places``). Each takes the session and what
followed its name on the line."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TYPE_CHECKING

from bot.console import _texts as t
from bot.console._clock import read_target
from bot.console._places import chat, topic
from bot.console._users import find, full_name
from handlers.reminders import deliver_due

if TYPE_CHECKING:
    from bot.console._session import Session

MAX_STEPS = 10_000  # reminder rounds in one :clock move; a guard, far above any real plan
STATUS_NAMES = {"creator": "owner", "left": "not in the group", "kicked": "banned"}


async def show_help(session: Session, argument: str) -> None:
    """``:help``."""
    session.say(t.HELP)


# --- people ----------------------------------------------------------------------------------


async def list_users(session: Session, argument: str) -> None:
    """``:users``: everybody, with their status in the group the person posts in."""
    group = session.places.group
    for number, user in enumerate(session.users, start=1):
        username = f" (@{user['username']})" if user.get("username") else ""
        status = ""
        if group is not None:
            found = session.sandbox.member_status(group.id, user)
            status = f", {STATUS_NAMES.get(found, found)}"
        line = t.USER_LINE.format(
            mark="→" if user is session.user else " ",
            number=number,
            name=full_name(user),
            username=username,
            status=status,
        )
        session.say(line)


async def switch_user(session: Session, query: str) -> None:
    """``:user hoa``: speak as someone else (in a private chat, in theirs)."""
    found = find(session.users, query)
    if len(found) > 1:
        names = ", ".join(full_name(user) for user in found)
        session.say(t.AMBIGUOUS.format(query=query, names=names))
        return
    if not found:
        session.say(t.NO_SUCH_USER.format(query=query))
        return
    session.user = found[0]
    if session.places.group is None:
        session.places.go_private(session.user)
        session.say(t.YOU_ARE_PRIVATE.format(user=full_name(session.user)))
    else:
        session.say(t.YOU_ARE.format(user=full_name(session.user)))


async def join(session: Session, argument: str) -> None:
    """``:join Lan @lan``: a new member joins the group, and the person speaks as them."""
    group = session.places.group
    if group is None:
        session.say(t.NO_ONE_JOINS)
        return
    words = argument.split()
    username = next((w.removeprefix("@") for w in words if w.startswith("@")), None)
    name = " ".join(w for w in words if not w.startswith("@"))
    if not name:
        session.say(t.HELP)
        return
    user = session.sandbox.add_user(name, username=username, language_code="vi")
    await session.sandbox.set_member_status(group.id, user, "member")
    session.users.append(user)
    session.user = user
    session.say(t.JOINED.format(user=full_name(user)))


# --- messages --------------------------------------------------------------------------------


async def reply(session: Session, argument: str) -> None:
    """``:reply 5 TEXT``: send TEXT in reply to message 5; ``:reply 5``: the next message."""
    number, _, text = argument.partition(" ")
    if not number.isdigit():
        session.say(t.REPLY_USAGE)
        return
    messages = session.sandbox.transcript(session.places.chat_id)
    if all(message["message_id"] != int(number) for message in messages):
        session.say(t.NO_MESSAGE.format(number=number))
        return
    session.reply_to = int(number)
    if text.strip():
        await session.send(text.strip())
    else:
        session.say(t.REPLY_NEXT.format(number=number))


async def multi(session: Session, argument: str) -> None:
    """``:multi``: the lines up to ``:end`` are one message."""
    session.begin_lines(argument)


# --- time ------------------------------------------------------------------------------------


def _shown(instant: datetime, session: Session) -> str:
    return instant.astimezone(session.zone).strftime("%A %d/%m/%Y %H:%M")


async def clock(session: Session, argument: str) -> None:
    """``:clock``; ``:clock +3d``, ``:clock 2022-07-07 09:00``: the bot's time, moved.

    Back in time only before the bot has been told anything: its records and the reminders it
    sent are dated by the clock, and what was sent would not be sent again.
    """
    now = session.clock.now()
    if not argument:
        session.say(t.CLOCK_NOW.format(now=_shown(now, session), zone=session.zone))
        return
    target = read_target(argument, now, session.zone)
    if target is None:
        session.say(t.CLOCK_USAGE)
    elif target >= now:
        await _run_reminders_until(session, target)
        session.clock.move_to(target)
        session.say(t.CLOCK_MOVED.format(now=_shown(session.clock.now(), session)))
    elif session.bot_has_acted:
        session.say(t.CLOCK_NOT_BACK.format(now=_shown(now, session), target=argument))
    else:
        session.say(t.CLOCK_SET.format(now=_shown(session.clock.set_to(target), session)))


async def _run_reminders_until(session: Session, target: datetime) -> None:
    """Move from one due reminder to the next, sending each as the timer would."""
    services = session.application.services
    for _ in range(MAX_STEPS):
        due = await services.reminders.next_fire_at()
        if due is None or due > target:
            return
        session.clock.move_to(due)
        await deliver_due(session.application.bot, services)
        session.show_new()


Command = Callable[["Session", str], Awaitable[None]]
COMMANDS: dict[str, Command] = {
    "help": show_help,
    "h": show_help,
    "?": show_help,
    "users": list_users,
    "user": switch_user,
    "as": switch_user,
    "join": join,
    "chats": chat,
    "chat": chat,
    "topic": topic,
    "topics": topic,
    "reply": reply,
    "multi": multi,
    "clock": clock,
}
