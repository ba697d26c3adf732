"""Senders and actions beyond a member writing: anonymous administrators, channels posting in a
group, edited messages and button presses nobody was shown (forged or stale callback data).

These are what a hostile or merely unusual user can make Telegram deliver to a bot.
"""

from __future__ import annotations

import copy

from bot.sandbox._driver import push_query, text_fields
from bot.sandbox._errors import DriverError
from bot.sandbox._keyboards import MAX_CALLBACK_DATA
from bot.sandbox._state import JSON, SandboxState
from bot.sandbox._world import ChatRecord

# The service accounts Telegram puts in ``from`` when a message is sent on behalf of a chat.
GROUP_ANONYMOUS_BOT: JSON = {"id": 1087968824, "is_bot": True, "first_name": "Group"}
GROUP_ANONYMOUS_BOT["username"] = "GroupAnonymousBot"
CHANNEL_BOT: JSON = {"id": 136817688, "is_bot": True, "first_name": "Channel"}
CHANNEL_BOT["username"] = "Channel_Bot"
_BRIEF_KEYS = ("id", "type", "title", "username")


def _brief(chat: JSON) -> JSON:
    return {key: chat[key] for key in _BRIEF_KEYS if key in chat}


def _group(state: SandboxState, chat_id: int) -> ChatRecord:
    record = state.world.driver_chat(chat_id)
    if record.chat["type"] not in {"group", "supergroup"}:
        raise DriverError(f"chat {chat_id} is a {record.chat['type']}, not a group")
    return record


async def _post(state: SandboxState, record: ChatRecord, sender: JSON, fields: JSON) -> JSON:
    """Store a message from a service account and queue it; it counts as a user's message."""
    message = state.world.add_message(record, copy.deepcopy(sender), fields)
    record.last_user_message_id = message["message_id"]
    await state.updates.push("message", copy.deepcopy(message))
    return copy.deepcopy(message)


async def anonymous_admin_says(
    state: SandboxState,
    chat_id: int,
    text: str,
    *,
    entities: list[JSON] | None = None,
    reply_to_message_id: int | None = None,
    author_signature: str | None = None,
) -> JSON:
    """An administrator who stays anonymous writes: ``from`` is GroupAnonymousBot and
    ``sender_chat`` the group itself."""
    record = _group(state, chat_id)
    fields = text_fields(state, record, text, entities, reply_to_message_id)
    fields["sender_chat"] = _brief(record.chat)
    if author_signature:
        fields["author_signature"] = author_signature
    return await _post(state, record, GROUP_ANONYMOUS_BOT, fields)


async def channel_says(
    state: SandboxState,
    chat_id: int,
    channel_id: int,
    text: str,
    *,
    entities: list[JSON] | None = None,
    automatic_forward: bool = False,
) -> JSON:
    """A channel's message appears in a group: a user posting on behalf of their channel, or
    (``automatic_forward``) a linked channel's post copied into its discussion group."""
    record = _group(state, chat_id)
    channel = state.world.driver_chat(channel_id)
    if channel.chat["type"] != "channel":
        raise DriverError(f"chat {channel_id} is not a channel; create one with add_channel()")
    fields = text_fields(state, record, text, entities)
    fields["sender_chat"] = _brief(channel.chat)
    if automatic_forward:
        fields["is_automatic_forward"] = True
        origin: JSON = {"type": "channel", "chat": _brief(channel.chat), "date": state.world.now()}
        origin["message_id"] = channel.next_message_id
        channel.next_message_id += 1
        fields["forward_origin"] = origin
    return await _post(state, record, CHANNEL_BOT, fields)


async def edit_message(
    state: SandboxState,
    chat_id: int,
    message_id: int,
    text: str,
    *,
    entities: list[JSON] | None = None,
) -> JSON:
    """The author of an earlier message changes its text; queue the ``edited_message`` update."""
    record = state.world.driver_chat(chat_id)
    message = record.messages.get(message_id)
    if message is None or message["from"]["id"] == state.bot["id"] or "text" not in message:
        raise DriverError(f"no text message {message_id} of a user in chat {chat_id} to edit")
    fields = text_fields(state, record, text, entities)
    message.pop("entities", None)
    message.update(text=fields["text"], edit_date=state.world.now())
    if "entities" in fields:
        message["entities"] = fields["entities"]
    await state.updates.push("edited_message", copy.deepcopy(message))
    return copy.deepcopy(message)


async def press(state: SandboxState, chat_id: int, user_id: int, message_id: int, data: str) -> str:
    """A modified client presses a button that was never shown: any ``data`` Telegram carries
    (1 to 64 bytes), under any message of the chat, by any user, member or not. A message that
    does not exist (or no longer does) arrives as an inaccessible one (``date`` 0), as Telegram
    sends it. Return the callback query id."""
    record = state.world.driver_chat(chat_id)
    user = state.world.user(user_id)
    if not 1 <= len(data.encode()) <= MAX_CALLBACK_DATA:
        raise DriverError(f"callback data is 1 to {MAX_CALLBACK_DATA} bytes, not {data!r}")
    message = record.messages.get(message_id)
    if message is None:
        message = {"chat": _brief(record.chat), "message_id": message_id, "date": 0}
    return await push_query(state, record, user, message, data)
