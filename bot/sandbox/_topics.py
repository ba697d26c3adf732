"""Forum topics of a supergroup: created, closed, reopened and deleted, as Telegram keeps them.

A topic's id (``message_thread_id``) is the id of the service message that created it. Users'
messages in a topic carry the topic's id and ``is_topic_message``; one that is not an explicit
reply is a reply to the topic's creation message, as in Telegram. The bot may post in an open
topic; a deleted one answers 400 "message thread not found", a closed one 400 "TOPIC_CLOSED"
unless the bot may manage topics.
"""

from __future__ import annotations

from typing import Any

from bot.sandbox._errors import DriverError, bad_request
from bot.sandbox._world import ChatRecord, World

JSON = dict[str, Any]
STATES = ("open", "closed", "deleted")


def _forum(record: ChatRecord) -> None:
    if not record.chat.get("is_forum"):
        raise DriverError(f"chat {record.id} is not a forum supergroup")


def create(world: World, record: ChatRecord, creator: JSON, name: str) -> int:
    """Open a topic named ``name``; return its ``message_thread_id``."""
    _forum(record)
    thread_id = record.next_message_id
    fields: JSON = {"forum_topic_created": {"name": name, "icon_color": 7322096}}
    fields.update(message_thread_id=thread_id, is_topic_message=True)
    world.add_message(record, creator, fields)
    record.topics[thread_id] = "open"
    return thread_id


def set_state(world: World, record: ChatRecord, actor: JSON, thread_id: int, state: str) -> None:
    """Close, reopen or delete a topic (deleting takes its messages with it)."""
    _forum(record)
    if state not in STATES:
        raise DriverError(f"a topic is {', '.join(STATES)}, not {state!r}")
    if record.topics.get(thread_id, "deleted") == "deleted":
        raise DriverError(f"no topic {thread_id} in chat {record.id}")
    record.topics[thread_id] = state
    if state == "deleted":
        gone = [k for k, m in record.messages.items() if m.get("message_thread_id") == thread_id]
        for key in gone:
            del record.messages[key]
        return
    service = "forum_topic_closed" if state == "closed" else "forum_topic_reopened"
    fields: JSON = {service: {}, "message_thread_id": thread_id, "is_topic_message": True}
    world.add_message(record, actor, fields)


def user_fields(record: ChatRecord, thread_id: int, explicit_reply: bool) -> JSON:
    """The topic fields of a user's message in topic ``thread_id``.

    A topic the driver never created is taken as existing (tests may name any topic id);
    its messages then have no creation message to reply to.
    """
    state = record.topics.setdefault(thread_id, "open")
    if state == "deleted":
        raise DriverError(f"topic {thread_id} of chat {record.id} was deleted")
    fields: JSON = {"message_thread_id": thread_id, "is_topic_message": True}
    created = record.messages.get(thread_id)
    if not explicit_reply and created is not None and "forum_topic_created" in created:
        fields["reply_to_message"] = dict(created)
    return fields


def bot_fields(
    record: ChatRecord, thread_id: int | None, replied: JSON | None, bot_id: int
) -> JSON:
    """The topic fields of a message the bot sends, or the error Telegram answers with.

    A reply to a message in a topic goes to that topic even without ``message_thread_id``.
    """
    if not record.chat.get("is_forum"):
        return {}
    if not thread_id and replied is not None and replied.get("is_topic_message"):
        thread_id = int(replied["message_thread_id"])
    if not thread_id:
        return {}
    state = record.topics.get(thread_id, "deleted")
    if state == "deleted":
        raise bad_request("message thread not found")
    if state == "closed" and not _manages_topics(record, bot_id):
        raise bad_request("TOPIC_CLOSED")
    return {"message_thread_id": thread_id, "is_topic_message": True}


def _manages_topics(record: ChatRecord, bot_id: int) -> bool:
    status = record.members.get(bot_id)
    return status == "administrator" and bool(
        record.rights.get(bot_id, {}).get("can_manage_topics", True)
    )
