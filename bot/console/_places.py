"""Where the person posts: the console's groups, their forum topics, and private chats.

Every group the console makes is a forum supergroup, so that ``:topic`` can open topics in it;
a line posted outside a topic goes to its main thread ("General"), which the bot treats as a
group without topics. A private chat is the speaker's own with the bot, opened the first time
someone goes there: speaking as someone else there is speaking in theirs. ``:chat`` and
``:topic`` (at the end) move the person between them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bot.console import _texts as t
from bot.console._users import fold, full_name, pick
from bot.sandbox import Sandbox

if TYPE_CHECKING:
    from bot.console._session import Session

JSON = dict[str, Any]
GENERAL = "General"  # Telegram's name for a forum's main thread
Topic = tuple[int | None, str]  # the thread id (None: General) and the name


@dataclass
class Group:
    """A group of the console, its topics in the order they were opened, and where the person
    posts in it (kept while they are elsewhere)."""

    chat: JSON
    topics: list[Topic] = field(default_factory=lambda: [(None, GENERAL)])
    thread: int | None = None

    @property
    def id(self) -> int:
        """The chat's id."""
        return int(self.chat["id"])


class Places:
    """The chats of the console and the one the person posts in now."""

    def __init__(self, sandbox: Sandbox, group: JSON) -> None:
        self.sandbox = sandbox
        self.groups = [Group(group)]
        self.private: dict[int, JSON] = {}  # user id -> their private chat with the bot
        self.chat_id = self.groups[0].id

    @property
    def group(self) -> Group | None:
        """The group the person posts in, None in a private chat."""
        return next((group for group in self.groups if group.id == self.chat_id), None)

    @property
    def thread(self) -> int | None:
        """The forum topic the person posts in, None for the main thread or a private chat."""
        group = self.group
        return None if group is None else group.thread

    def chat_ids(self) -> list[int]:
        """Every chat whose bot messages the console shows."""
        return [group.id for group in self.groups] + [int(c["id"]) for c in self.private.values()]

    def name(self, chat_id: int, thread: int | None) -> str:
        """A chat's name, with the topic's after it (``Hội Nông dân › Hội thao``)."""
        group = next((group for group in self.groups if group.id == chat_id), None)
        if group is None:
            chat = next(c for c in self.private.values() if c["id"] == chat_id)
            return f"the private chat of {full_name(chat)}"
        if thread is None:
            return str(group.chat["title"])
        return f"{group.chat['title']} › {dict(group.topics).get(thread, GENERAL)}"

    def elsewhere(self, chat_id: int, thread: int | None) -> str | None:
        """Where a message is, when not where the person posts: a topic's name alone in the
        same group (``General`` for its main thread); None when it is here."""
        if chat_id != self.chat_id:
            return self.name(chat_id, thread)
        if thread == self.thread:
            return None
        group = self.group
        assert group is not None  # a private chat has no threads
        return dict(group.topics).get(thread, GENERAL)

    def where(self) -> str:
        """The prompt's ``› place`` after the speaker's name; nothing in the first group's main
        thread."""
        group = self.group
        if group is None:
            return " › private"
        parts = [] if group is self.groups[0] else [str(group.chat["title"])]
        if group.thread is not None:
            parts.append(dict(group.topics)[group.thread])
        return "".join(f" › {part}" for part in parts)

    # --- moving ----------------------------------------------------------------------------

    def find_groups(self, query: str) -> list[Group]:
        """The groups ``query`` names: a number from ``:chats`` or (part of) a title."""
        return pick(self.groups, query, lambda group: [str(group.chat["title"])])

    def go_private(self, user: JSON) -> None:
        """Post in ``user``'s private chat with the bot, opening it the first time."""
        if int(user["id"]) not in self.private:
            self.private[int(user["id"])] = self.sandbox.add_private_chat(user)
        self.chat_id = int(self.private[int(user["id"])]["id"])

    def new_group(self, title: str, creator: JSON, others: list[JSON]) -> Group:
        """A forum supergroup ``creator`` makes with ``others`` in it; the person posts there."""
        chat = self.sandbox.add_group(title, members=others, admins=[creator], is_forum=True)
        self.groups.append(Group(chat))
        self.chat_id = self.groups[-1].id
        return self.groups[-1]

    def find_topics(self, group: Group, query: str) -> list[Topic]:
        """The topics of ``group`` that ``query`` names: a number from ``:topic``, or a name."""
        return pick(group.topics, query, lambda topic: [topic[1]])

    def new_topic(self, group: Group, creator: JSON, name: str) -> None:
        """``creator`` opens a topic in ``group``; the person posts in it."""
        thread = self.sandbox.create_topic(group.id, creator, name)
        group.topics.append((thread, name))
        group.thread = thread


# --- :chat and :topic ---------------------------------------------------------------------------


async def chat(session: Session, argument: str) -> None:
    """``:chats``; ``:chat 2``, ``:chat private``, ``:chat new TITLE``: post elsewhere."""
    places = session.places
    if not argument:
        for number, group in enumerate(places.groups, start=1):
            mark = "→" if group.id == places.chat_id else " "
            session.say(t.CHAT_LINE.format(mark=mark, number=number, title=group.chat["title"]))
        session.say(t.PRIVATE_LINE.format(mark="→" if places.group is None else " "))
        return
    word, _, title = argument.partition(" ")
    if word.lower() == "new":
        if not title.strip():
            session.say(t.NEW_GROUP_USAGE)
            return
        others = [user for user in session.users if user is not session.user]
        places.new_group(title.strip(), session.user, others)
        session.reply_to = None  # message numbers are the chat's own
        session.say(t.NEW_GROUP.format(user=full_name(session.user), title=title.strip()))
        return
    if fold(argument) == "private":
        places.go_private(session.user)
    else:
        found = places.find_groups(argument)
        if len(found) > 1:
            names = ", ".join(str(group.chat["title"]) for group in found)
            session.say(t.AMBIGUOUS.format(query=argument, names=names))
            return
        if not found:
            session.say(t.NO_SUCH_CHAT.format(query=argument))
            return
        places.chat_id = found[0].id
    session.reply_to = None
    session.say(t.YOU_POST_IN.format(place=places.name(places.chat_id, places.thread)))


async def topic(session: Session, argument: str) -> None:
    """``:topic``; ``:topic Hội thao``, ``:topic 1``, ``:topic new NAME``: post in a topic."""
    places, group = session.places, session.places.group
    if group is None:
        session.say(t.NO_TOPICS)
        return
    if not argument:
        for number, (thread, name) in enumerate(group.topics, start=1):
            mark = "→" if thread == group.thread else " "
            session.say(t.TOPIC_LINE.format(mark=mark, number=number, name=name))
        return
    word, _, name = argument.partition(" ")
    if word.lower() == "new":
        if not name.strip():
            session.say(t.NEW_TOPIC_USAGE)
            return
        places.new_topic(group, session.user, name.strip())
        session.say(t.NEW_TOPIC.format(user=full_name(session.user), name=name.strip()))
        return
    found = places.find_topics(group, argument)
    if len(found) > 1:
        names = ", ".join(name for _, name in found)
        session.say(t.AMBIGUOUS.format(query=argument, names=names))
    elif not found:
        session.say(t.NO_SUCH_TOPIC.format(query=argument))
    else:
        group.thread = found[0][0]
        session.say(t.YOU_POST_IN.format(place=found[0][1]))
