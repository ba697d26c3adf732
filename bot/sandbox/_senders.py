"""Senders and actions beyond a member writing: anonymous administrators, channels posting in a
group, edited messages, messages without text (media, service messages), messages deleted by
their author, and button presses nobody was shown (forged or stale callback data, buttons under
an inline-mode message).

These are what a hostile or merely unusual user can make Telegram deliver to a bot; and, beyond
that, what a Bot API server other than Telegram's may deliver (a message without a sender, a
press without data).
"""

from __future__ import annotations

import copy

from bot.sandbox._driver import push_query, text_fields
from bot.sandbox._errors import DriverError
from bot.sandbox._keyboards import MAX_CALLBACK_DATA
from bot.sandbox._state import JSON, SandboxState
from bot.sandbox._text import add_auto_entities, check_text
from bot.sandbox._world import ChatRecord

# The service accounts Telegram puts in ``from`` when a message is sent on behalf of a chat.
GROUP_ANONYMOUS_BOT: JSON = {"id": 1087968824, "is_bot": True, "first_name": "Group"}
GROUP_ANONYMOUS_BOT["username"] = "GroupAnonymousBot"
CHANNEL_BOT: JSON = {"id": 136817688, "is_bot": True, "first_name": "Channel"}
CHANNEL_BOT["username"] = "Channel_Bot"
_BRIEF_KEYS = ("id", "type", "title", "username")
# What a member's message without text carries, by kind (the smallest valid Telegram objects).
_PHOTO_SIZE: JSON = {"file_id": "SANDBOX-PHOTO", "file_unique_id": "sp", "width": 90, "height": 90}
MEDIA: dict[str, JSON] = {
    "photo": {"photo": [_PHOTO_SIZE]},
    "document": {
        "document": {"file_id": "SANDBOX-USER-DOC", "file_unique_id": "sud", "file_name": "a.pdf"}
    },
    "sticker": {
        "sticker": {"file_id": "SANDBOX-STICKER", "file_unique_id": "ss", "type": "regular"}
        | {"width": 512, "height": 512, "is_animated": False, "is_video": False}
    },
    "location": {"location": {"latitude": 21.0285, "longitude": 105.8542}},
}
_CAPTIONED = frozenset({"photo", "document"})


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


async def unsigned_says(state: SandboxState, chat_id: int, text: str) -> JSON:
    """A message in a group with neither ``from`` nor ``sender_chat``. The Bot API leaves
    ``from`` out only of messages sent to channels, but another Bot API server may send one
    anywhere. It takes a message id and is not kept in the chat's history, whose messages all
    have a sender."""
    record = _group(state, chat_id)
    message: JSON = {"message_id": record.next_message_id, "chat": _brief(record.chat)}
    message["date"] = state.world.now()
    message.update(text_fields(state, record, text))
    record.next_message_id += 1
    await state.updates.push("message", copy.deepcopy(message))
    return message


async def send_media(
    state: SandboxState,
    chat_id: int,
    user_id: int,
    kind: str,
    caption: str | None = None,
) -> JSON:
    """A member sends a photo, document, sticker or location (:data:`MEDIA`); a photo or a
    document may have a caption, with its commands and mentions in ``caption_entities``."""
    record = state.world.driver_chat(chat_id)
    user = state.world.user(user_id)
    if record.members.get(user_id, "left") in {"left", "kicked"}:
        raise DriverError(f"user {user_id} is not a member of chat {chat_id}")
    if kind not in MEDIA:
        raise DriverError(f"the sandbox sends {sorted(MEDIA)}, not {kind!r}")
    fields: JSON = copy.deepcopy(MEDIA[kind])
    if caption:
        if kind not in _CAPTIONED:
            raise DriverError(f"Telegram shows no caption under a {kind}")
        fields["caption"] = check_text(caption, caption=True)
        found = add_auto_entities(caption, [])
        if found:
            fields["caption_entities"] = found
    return await _post(state, record, user, fields)


async def service_message(state: SandboxState, chat_id: int, user_id: int, fields: JSON) -> JSON:
    """Telegram's note that ``user_id`` did something in the group, as the bot gets it: a
    ``pinned_message`` id, a ``new_chat_title``, ``new_chat_members`` (user ids)..."""
    record = state.world.driver_chat(chat_id)
    user = state.world.user(user_id)
    fields = dict(fields)
    if "pinned_message" in fields:
        pinned = record.messages.get(int(fields["pinned_message"]))
        if pinned is None:
            raise DriverError(f"no message {fields['pinned_message']} in chat {chat_id} to pin")
        fields["pinned_message"] = {k: v for k, v in pinned.items() if k != "reply_to_message"}
    if "new_chat_title" in fields:
        record.chat["title"] = fields["new_chat_title"]
    for key in ("new_chat_members", "left_chat_member"):
        if key in fields:
            ids = fields[key] if isinstance(fields[key], list) else [fields[key]]
            users = [copy.deepcopy(state.world.user(int(i))) for i in ids]
            fields[key] = users if key == "new_chat_members" else users[0]
            _joined_or_left(state, record, [int(u["id"]) for u in users], key)
    message = state.world.add_message(record, copy.deepcopy(user), fields)
    await state.updates.push("message", copy.deepcopy(message))
    return copy.deepcopy(message)


def _joined_or_left(state: SandboxState, record: ChatRecord, ids: list[int], key: str) -> None:
    """The status change the note tells of, as Telegram makes it: the newcomers are members
    (unless they were in already), and whoever left is ``left`` (a banned user stays
    ``kicked``). The bot's own status changes with ``set_member_status``, which also sends
    the ``my_chat_member`` update Telegram sends then."""
    for user_id in ids:
        if user_id == state.bot["id"]:
            raise DriverError("the bot joins or leaves with set_member_status(sandbox.bot, ...)")
        status = record.members.get(user_id, "left")
        if key == "new_chat_members" and status in {"left", "kicked"}:
            state.world.set_member(record, user_id, "member", {})
        elif key == "left_chat_member" and status not in {"left", "kicked"}:
            state.world.set_member(record, user_id, "left", {})


def delete_message(state: SandboxState, chat_id: int, message_id: int) -> None:
    """A user deletes a message: it is gone from the chat, and Telegram tells the bot nothing,
    so an answer quoting it finds no message to reply to."""
    record = state.world.driver_chat(chat_id)
    if record.messages.pop(message_id, None) is None:
        raise DriverError(f"no message {message_id} in chat {chat_id} to delete")


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


async def press_without_data(
    state: SandboxState, chat_id: int, user_id: int, message_id: int, data: str | None
) -> str:
    """A press Telegram never delivers: its ``data`` empty (``""``), or missing (None) with no
    game either. A button's data is 1 to 64 bytes, but another Bot API server may send such a
    press. Under any message of the chat, as :func:`press`. Return the callback query id."""
    if data:
        raise DriverError(f"data {data!r} is not empty: use press()")
    record = state.world.driver_chat(chat_id)
    user = state.world.user(user_id)
    message = record.messages.get(message_id)
    if message is None:
        message = {"chat": _brief(record.chat), "message_id": message_id, "date": 0}
    return await push_query(state, record, user, message, data)


async def press_inline(state: SandboxState, user_id: int, data: str) -> str:
    """A button under a message sent in inline mode (``@bot query`` in any chat): the query
    has an ``inline_message_id`` and no message, so the bot cannot tell the chat. Return the
    query id."""
    user = state.world.user(user_id)
    if not 1 <= len(data.encode()) <= MAX_CALLBACK_DATA:
        raise DriverError(f"callback data is 1 to {MAX_CALLBACK_DATA} bytes, not {data!r}")
    state.queries_made += 1
    query_id = str(state.queries_made * 1_000_003)
    query: JSON = {"id": query_id, "from": copy.deepcopy(user)}
    query.update(inline_message_id=f"SANDBOX-INLINE-{query_id}", chat_instance="-1", data=data)
    state.open_queries[query_id] = query
    state.query_times[query_id] = state.world.now()
    await state.updates.push("callback_query", copy.deepcopy(query))
    return query_id
