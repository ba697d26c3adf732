"""The simulated Telegram world: users, chats, members and the messages in each chat."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.clock import Clock
from bot.sandbox._errors import DriverError, chat_not_found, forbidden, migrated

JSON = dict[str, Any]
_FIRST_USER_ID = 1_000_000_000
_FIRST_GROUP_ID = -4_000_000_000
_FIRST_SUPERGROUP_ID = -1_001_000_000_000
_CHAT_KEYS = ("id", "type", "title", "username", "first_name", "last_name", "is_forum")
ADMIN_RIGHTS = (
    "can_manage_chat", "can_delete_messages", "can_manage_video_chats", "can_restrict_members",
    "can_promote_members", "can_change_info", "can_invite_users", "can_post_stories",
    "can_edit_stories", "can_delete_stories", "can_pin_messages", "can_manage_topics",
)  # fmt: skip
# ChatPermissions: what members may do, and what a restricted member keeps.
MEMBER_RIGHTS = (
    "can_send_messages", "can_send_audios", "can_send_documents", "can_send_photos",
    "can_send_videos", "can_send_video_notes", "can_send_voice_notes", "can_send_polls",
    "can_send_other_messages", "can_add_web_page_previews", "can_change_info",
    "can_invite_users", "can_pin_messages", "can_manage_topics", "can_edit_tag",
    "can_react_to_messages",
)  # fmt: skip
STATUSES = ("administrator", "member", "restricted", "left", "kicked")


@dataclass
class ChatRecord:
    """One chat: its Chat object, who is in it (user id -> status) and its messages by id."""

    chat: JSON
    members: dict[int, str]
    messages: dict[int, JSON] = field(default_factory=dict)
    next_message_id: int = 1
    migrated_to: int | None = None
    last_user_message_id: int = 0
    rights: dict[int, JSON] = field(default_factory=dict)  # an admin's or restricted member's
    permissions: JSON = field(default_factory=dict)  # what members may do; absent means allowed
    topics: dict[int, str] = field(default_factory=dict)  # forum topic id -> open/closed/deleted

    def may(self, user_id: int, right: str) -> bool:
        """Whether the member may use ``right`` (e.g. ``can_send_messages``), as Telegram decides.

        Administrators may post, restricted members as their own rights say, members as the
        chat's permissions say; in a private chat both sides may.
        """
        status = self.members.get(user_id, "left")
        if self.chat["type"] == "private" or status == "creator":
            return status not in {"left", "kicked"}
        if status == "administrator":
            own = self.rights.get(user_id, {})
            return right.startswith("can_send") or bool(own.get(right, True))
        if status == "restricted":
            return bool(self.rights.get(user_id, {}).get(right, True))
        return status == "member" and bool(self.permissions.get(right, True))

    @property
    def id(self) -> int:
        """The chat's id."""
        return int(self.chat["id"])


class World:
    """Everything the sandbox knows; plain data, changed only through these methods."""

    def __init__(self, clock: Clock, bot: JSON) -> None:
        self.clock = clock
        self.bot = bot
        self.users: dict[int, JSON] = {}
        self.chats: dict[int, ChatRecord] = {}
        self._groups = 0
        self._supergroups = 0

    def now(self) -> int:
        """Unix seconds from the injected clock."""
        return int(self.clock.now().timestamp())

    def add_user(
        self,
        first_name: str,
        *,
        username: str | None = None,
        last_name: str | None = None,
        language_code: str | None = None,
    ) -> JSON:
        """Create a user and return it shaped like a Telegram ``User``."""
        user: JSON = {"id": _FIRST_USER_ID + len(self.users) + 1, "is_bot": False}
        user["first_name"] = first_name
        optional = {"last_name": last_name, "username": username, "language_code": language_code}
        user.update({key: value for key, value in optional.items() if value is not None})
        self.users[user["id"]] = user
        return user

    def add_group(
        self, title: str, members: list[JSON], admins: list[JSON], chat_type: str, is_forum: bool
    ) -> JSON:
        """Create a group or supergroup; the first admin is its creator, the bot a member."""
        if chat_type == "supergroup":
            self._supergroups += 1
            chat_id = _FIRST_SUPERGROUP_ID - self._supergroups
        elif chat_type == "group":
            self._groups += 1
            chat_id = _FIRST_GROUP_ID - self._groups
        else:
            raise DriverError(f"a group is a 'group' or a 'supergroup', not {chat_type!r}")
        chat: JSON = {"id": chat_id, "type": chat_type, "title": title}
        if is_forum:
            chat["is_forum"] = True
        statuses = {int(user["id"]): "member" for user in members}
        statuses[int(self.bot["id"])] = "member"
        for index, admin in enumerate(admins):
            statuses[int(admin["id"])] = "creator" if index == 0 else "administrator"
        self.chats[chat_id] = ChatRecord(chat, statuses)
        return dict(chat)

    def set_member(
        self, record: ChatRecord, user_id: int, status: str, rights: dict[str, bool]
    ) -> str:
        """Give a user (or the bot) a new status in a group, with its rights; return the old one.

        ``rights`` are an administrator's (``ADMIN_RIGHTS``, all granted unless said otherwise)
        or what a restricted member keeps (``MEMBER_RIGHTS``, all kept unless said otherwise).
        """
        self.user(user_id)
        if record.chat["type"] == "private":
            raise DriverError("members of a private chat cannot change")
        if status not in STATUSES:
            raise DriverError(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
        if record.members.get(user_id) == "creator":
            raise DriverError("the creator of a chat keeps that status")
        if status == "restricted" and record.chat["type"] != "supergroup":
            raise DriverError("only members of a supergroup can be restricted")
        if rights and status not in {"administrator", "restricted"}:
            raise DriverError(f"a user who is {status} has no rights to set: {sorted(rights)}")
        allowed = ADMIN_RIGHTS if status == "administrator" else MEMBER_RIGHTS
        unknown = sorted(set(rights) - set(allowed))
        if unknown:
            raise DriverError(f"unknown rights for a user who is {status}: {unknown}")
        old = record.members.get(user_id, "left")
        record.members[user_id] = status
        record.rights[user_id] = dict(rights)
        return old

    def add_channel(self, title: str, username: str | None = None) -> JSON:
        """Create a channel (ids like a supergroup's); it posts in groups as a ``sender_chat``."""
        self._supergroups += 1
        chat: JSON = {"id": _FIRST_SUPERGROUP_ID - self._supergroups, "type": "channel"}
        chat["title"] = title
        if username is not None:
            chat["username"] = username
        self.chats[chat["id"]] = ChatRecord(chat, {int(self.bot["id"]): "member"})
        return dict(chat)

    def add_private_chat(self, user: JSON) -> JSON:
        """Open the private chat between ``user`` and the bot (its id is the user's id)."""
        known = self.user(int(user["id"]))
        chat: JSON = {"id": known["id"], "type": "private", "first_name": known["first_name"]}
        for key in ("last_name", "username"):
            if key in known:
                chat[key] = known[key]
        statuses = {int(known["id"]): "member", int(self.bot["id"]): "member"}
        self.chats[chat["id"]] = ChatRecord(chat, statuses)
        return dict(chat)

    def user(self, user_id: int) -> JSON:
        """Return a known user (the bot included) or raise :class:`DriverError`."""
        if user_id == self.bot["id"]:
            return self.bot
        if user_id not in self.users:
            raise DriverError(f"no user with id {user_id}; create one with add_user()")
        return self.users[user_id]

    def find_user(self, user_id: int) -> JSON | None:
        """Return a known user or ``None``."""
        return self.bot if user_id == self.bot["id"] else self.users.get(user_id)

    def driver_chat(self, chat_id: int) -> ChatRecord:
        """Return a chat for the driver, or raise :class:`DriverError`."""
        if chat_id not in self.chats:
            raise DriverError(f"no chat with id {chat_id}; create one with add_group()")
        return self.chats[chat_id]

    def api_chat(self, chat_id: object) -> ChatRecord:
        """Return the chat a Bot API call names, or raise the error Telegram would."""
        try:
            key = int(str(chat_id))
        except ValueError:
            raise chat_not_found() from None
        record = self.chats.get(key)
        if record is None:
            if key in self.users:
                raise forbidden("bot can't initiate conversation with a user")
            raise chat_not_found()
        if record.migrated_to is not None:
            raise migrated(record.migrated_to)
        status = record.members.get(int(self.bot["id"]), "left")
        if status in {"left", "kicked"}:
            verb = "was kicked from" if status == "kicked" else "is not a member of"
            raise forbidden(f"bot {verb} the {record.chat['type']} chat")
        return record

    def add_message(self, record: ChatRecord, sender: JSON, fields: JSON) -> JSON:
        """Store a new message from ``sender`` with the next id and the clock's date."""
        message: JSON = {"message_id": record.next_message_id, "from": sender}
        message["chat"] = {key: record.chat[key] for key in _CHAT_KEYS if key in record.chat}
        message["date"] = self.now()
        message.update(fields)
        record.next_message_id += 1
        record.messages[message["message_id"]] = message
        if not sender.get("is_bot") or "sender_chat" in fields:  # a person, maybe anonymous
            record.last_user_message_id = message["message_id"]
        return message

    def migrate(self, chat_id: int) -> ChatRecord:
        """Turn a basic group into a new supergroup; the old id then answers with an error."""
        old = self.driver_chat(chat_id)
        if old.chat["type"] != "group":
            raise DriverError(f"chat {chat_id} is a {old.chat['type']}, only groups migrate")
        self._supergroups += 1
        new_chat = {**old.chat, "id": _FIRST_SUPERGROUP_ID - self._supergroups}
        new_chat["type"] = "supergroup"
        new = ChatRecord(new_chat, dict(old.members))
        self.chats[new.id] = new
        old.migrated_to = new.id
        return new
