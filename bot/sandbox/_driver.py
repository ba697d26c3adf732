"""Driving the sandbox as its users would: speaking, pressing buttons, reading the chat.

Used by :class:`~bot.sandbox.Sandbox` in-process and by the ``/sandbox/...`` HTTP routes.
"""

from __future__ import annotations

import copy

from bot.sandbox import _topics as topics
from bot.sandbox._api_chats import chat_member
from bot.sandbox._errors import DriverError
from bot.sandbox._keyboards import has_callback_button
from bot.sandbox._state import JSON, SandboxState
from bot.sandbox._text import MAX_TEXT, add_auto_entities
from bot.sandbox._world import ChatRecord


def _member(state: SandboxState, record: ChatRecord, user_id: int) -> JSON:
    user = state.world.user(user_id)
    if record.members.get(user_id, "left") in {"left", "kicked"}:
        raise DriverError(f"user {user_id} is not a member of chat {record.id}")
    return user


def _explicit_entities(state: SandboxState, entities: list[JSON] | None) -> list[JSON]:
    """Copy the caller's entities, completing ``text_mention`` users from the world."""
    out = []
    for entity in entities or []:
        entity = dict(entity)
        if entity.get("type") == "text_mention":
            entity["user"] = state.world.user(int(entity["user"]["id"]))
        out.append(entity)
    return out


def text_fields(
    state: SandboxState,
    record: ChatRecord,
    text: str,
    entities: list[JSON] | None = None,
    reply_to_message_id: int | None = None,
) -> JSON:
    """The text, entities and reply of a message a user writes, as Telegram delivers them."""
    if not text.strip():
        raise DriverError("Telegram does not deliver empty messages")
    if len(text) > MAX_TEXT:  # Telegram's clients split longer texts; its servers refuse them
        raise DriverError(f"Telegram does not deliver messages over {MAX_TEXT} characters")
    fields: JSON = {"text": text}
    found = add_auto_entities(text, _explicit_entities(state, entities))
    if found:
        fields["entities"] = found
    if reply_to_message_id is not None:
        original = record.messages.get(reply_to_message_id)
        if original is None:
            raise DriverError(f"no message {reply_to_message_id} in chat {record.id} to reply to")
        fields["reply_to_message"] = {k: v for k, v in original.items() if k != "reply_to_message"}
    return fields


async def user_says(
    state: SandboxState,
    chat_id: int,
    user_id: int,
    text: str,
    *,
    reply_to_message_id: int | None = None,
    entities: list[JSON] | None = None,
    message_thread_id: int | None = None,
) -> JSON:
    """Post a user's message in a chat and queue the ``message`` update for the bot."""
    record = state.world.driver_chat(chat_id)
    user = _member(state, record, user_id)
    fields = text_fields(state, record, text, entities, reply_to_message_id)
    if message_thread_id is not None and record.chat.get("is_forum"):
        explicit = reply_to_message_id is not None
        fields.update(topics.user_fields(record, message_thread_id, explicit))
    message = state.world.add_message(record, user, fields)
    await state.updates.push("message", copy.deepcopy(message))
    return copy.deepcopy(message)


async def push_query(
    state: SandboxState, record: ChatRecord, user: JSON, message: JSON, data: str | None
) -> str:
    """Queue the ``callback_query`` of ``user`` pressing a button under ``message`` (without a
    ``data`` field when ``data`` is None)."""
    state.queries_made += 1
    query_id = str(state.queries_made * 1_000_003 + abs(record.id) % 1000)
    query: JSON = {"id": query_id, "from": user, "message": copy.deepcopy(message)}
    query["chat_instance"] = str(abs(record.id) * 7 + 1)
    if data is not None:
        query["data"] = data
    state.open_queries[query_id] = query
    state.query_times[query_id] = state.world.now()
    await state.updates.push("callback_query", copy.deepcopy(query))
    return query_id


async def click(
    state: SandboxState,
    chat_id: int,
    user_id: int,
    message_id: int,
    data: str,
    forged: bool = False,
) -> str:
    """Press the inline button carrying ``data``; queue the ``callback_query``; return its id.

    ``forged``: send ``data`` though no button of the message carries it, as a modified client
    can (Telegram does not check callback data against the keyboard).
    """
    record = state.world.driver_chat(chat_id)
    user = _member(state, record, user_id)
    message = record.messages.get(message_id)
    if message is None or message["from"]["id"] != state.bot["id"]:
        raise DriverError(f"no bot message {message_id} in chat {chat_id}")
    if not forged and not has_callback_button(message, data):
        shown = message.get("reply_markup", {}).get("inline_keyboard", [])
        raise DriverError(f"message {message_id} has no button with data {data!r}: {shown}")
    return await push_query(state, record, user, message, data)


def transcript(state: SandboxState, chat_id: int) -> list[JSON]:
    """Every message of the chat in order, both sides, as it looks now."""
    record = state.world.driver_chat(chat_id)
    return [copy.deepcopy(record.messages[key]) for key in sorted(record.messages)]


def _describe(message: JSON) -> str:
    who = "bot" if message["from"].get("is_bot") else message["from"]["first_name"]
    body = message.get("text") or message.get("caption") or "<no text>"
    return f"#{message['message_id']} {who}: {body[:80]!r}"


async def wait_for_bot_messages(
    state: SandboxState,
    chat_id: int,
    count: int = 1,
    within: float = 5.0,
    after_message_id: int | None = None,
) -> list[JSON]:
    """Wait until the bot has sent ``count`` messages in the chat after ``after_message_id``."""
    record = state.world.driver_chat(chat_id)
    after = record.last_user_message_id if after_message_id is None else after_message_id

    def sent() -> list[JSON]:
        return [
            message
            for key, message in sorted(record.messages.items())
            if key > after and message["from"]["id"] == state.bot["id"]
        ]

    if await state.bot_activity.wait_until(lambda: len(sent()) >= count, within):
        return copy.deepcopy(sent()[:count])
    recent = "; ".join(_describe(m) for _, m in sorted(record.messages.items())[-5:])
    errors = "; ".join(f"{method}: {text}" for method, text in state.api_errors[-5:])
    raise TimeoutError(
        f"waited {within}s for {count} bot message(s) in chat {chat_id} after message "
        f"{after}, got {len(sent())}. Last messages in the chat: {recent or 'none'}. "
        f"Recent Bot API errors: {errors or 'none'}."
    )


async def wait_for_calls(
    state: SandboxState, method: str, count: int = 1, within: float = 5.0
) -> list[JSON]:
    """Wait until ``count`` calls of ``method`` have arrived in all; return their parameters."""

    def received() -> list[JSON]:
        return [params for name, params in state.calls if name.lower() == method.lower()]

    if await state.bot_activity.wait_until(lambda: len(received()) >= count, within):
        return received()
    seen = sorted({name for name, _ in state.calls})
    raise TimeoutError(
        f"waited {within}s for {count} {method} call(s), got {len(received())}; "
        f"methods called so far: {seen or 'none'}"
    )


async def set_member_status(
    state: SandboxState, chat_id: int, user_id: int, status: str, rights: dict[str, bool]
) -> JSON:
    """Change a user's status in a group; for the bot, queue ``my_chat_member`` as Telegram does.

    The chat's creator makes the change. Return the new ``ChatMember``.
    """
    record = state.world.driver_chat(chat_id)
    state.world.user(user_id)
    old = chat_member(state, record, user_id)
    state.world.set_member(record, user_id, status, rights)
    new = chat_member(state, record, user_id)
    if user_id == state.bot["id"]:
        creator = next((uid for uid, s in record.members.items() if s == "creator"), user_id)
        change: JSON = {"chat": copy.deepcopy(record.chat), "from": state.world.user(creator)}
        change.update(date=state.world.now(), old_chat_member=old, new_chat_member=new)
        await state.updates.push("my_chat_member", copy.deepcopy(change))
    return copy.deepcopy(new)


async def migrate_group(state: SandboxState, chat_id: int) -> JSON:
    """Upgrade a group to a supergroup as Telegram does, with both service messages."""
    new = state.world.migrate(chat_id)
    old = state.world.chats[chat_id]
    owner_id = next((uid for uid, s in old.members.items() if s == "creator"), state.bot["id"])
    owner = state.world.user(owner_id)
    notices = (
        (old, {"migrate_to_chat_id": new.id}),
        (new, {"migrate_from_chat_id": chat_id}),
    )
    for record, fields in notices:
        message = state.world.add_message(record, owner, fields)
        await state.updates.push("message", copy.deepcopy(message))
    return dict(new.chat)
