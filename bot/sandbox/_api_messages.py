"""Bot API methods that send, edit and delete messages, and answer button presses."""

from __future__ import annotations

from typing import Any

from bot.sandbox import _topics as topics
from bot.sandbox._errors import bad_request
from bot.sandbox._html import parse_html
from bot.sandbox._keyboards import check_reply_markup
from bot.sandbox._params import Params, UploadedFile
from bot.sandbox._state import JSON, Delivery, SandboxState
from bot.sandbox._text import add_auto_entities, check_text
from bot.sandbox._world import ChatRecord

MAX_CALLBACK_ANSWER = 200  # characters of a button's notification or alert
# Seconds (world clock) a button press may be answered: the client stops waiting about then, and
# Telegram refuses a later answer. Not documented; 15 s is what bots meet in practice.
QUERY_LIFETIME = 15
_QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"
_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)


def parse_text(
    state: SandboxState, params: Params, key: str, entities_key: str, *, caption: bool = False
) -> tuple[str, list[JSON]]:
    """Turn the text parameter into what the user sees: plain text plus entities."""
    raw = params.get_str(key)
    if not caption and (raw is None or not raw.strip()):
        raise bad_request("message text is empty")
    raw = raw or ""
    explicit = params.get_json(entities_key)
    parse_mode = (params.get_str("parse_mode") or "").lower()
    if isinstance(explicit, list):
        text, entities = raw, [dict(entity) for entity in explicit]
    elif parse_mode == "html":
        text, entities = parse_html(raw, state.world.find_user)
    elif parse_mode == "":
        text, entities = raw, []
    else:
        raise bad_request(f"unsupported parse_mode {parse_mode!r} (the sandbox speaks HTML)")
    return check_text(text, caption=caption), add_auto_entities(text, entities)


def _reply_fields(state: SandboxState, record: ChatRecord, params: Params) -> JSON:
    """The ``reply_to_message`` and topic fields of a message the bot is sending."""
    fields: JSON = {}
    reply = params.get_json("reply_parameters") or {}
    reply_id = reply.get("message_id") or params.get_int("reply_to_message_id")
    allow = reply.get("allow_sending_without_reply") or params.get_bool(
        "allow_sending_without_reply"
    )
    original = record.messages.get(int(reply_id)) if reply_id else None
    if original is not None:
        fields["reply_to_message"] = {k: v for k, v in original.items() if k != "reply_to_message"}
    elif reply_id and not allow:
        raise bad_request("message to be replied not found")
    thread_id = params.get_int("message_thread_id")
    fields.update(topics.bot_fields(record, thread_id, original, int(state.bot["id"])))
    return fields


def _check_may_send(state: SandboxState, record: ChatRecord, right: str, what: str) -> None:
    """Refuse as Telegram does when the bot is restricted, or members may not post ``what``."""
    if not record.may(int(state.bot["id"]), right):
        raise bad_request(f"not enough rights to send {what} to the chat")


async def _store(state: SandboxState, record: ChatRecord, fields: JSON) -> JSON:
    message = state.world.add_message(record, state.bot, fields)
    delivery = Delivery(state.world.clock.now(), record.id, int(message["message_id"]))
    state.deliveries.append(delivery)
    await state.bot_activity.notify()
    return message


async def send_message(state: SandboxState, params: Params) -> JSON:
    """sendMessage: text with entities, a reply and an inline keyboard."""
    record = state.world.api_chat(params.get_str("chat_id"))
    _check_may_send(state, record, "can_send_messages", "text messages")
    text, entities = parse_text(state, params, "text", "entities")
    markup = check_reply_markup(params.get_json("reply_markup"))
    fields: JSON = {**_reply_fields(state, record, params), "text": text}
    if entities:
        fields["entities"] = entities
    if markup:
        fields["reply_markup"] = markup
    return await _store(state, record, fields)


def _editable(state: SandboxState, params: Params) -> JSON:
    if params.has("inline_message_id"):
        raise bad_request("the sandbox has no inline messages")
    record = state.world.api_chat(params.get_str("chat_id"))
    message = record.messages.get(params.require_int("message_id"))
    if message is None:
        raise bad_request("message to edit not found")
    if message["from"]["id"] != state.bot["id"]:
        raise bad_request("message can't be edited")
    return message


async def _apply_edit(state: SandboxState, message: JSON, changes: dict[str, Any]) -> JSON:
    if all(message.get(key) == value for key, value in changes.items()):
        raise bad_request(_NOT_MODIFIED)
    for key, value in changes.items():
        if value:
            message[key] = value
        else:
            message.pop(key, None)
    message["edit_date"] = state.world.now()
    await state.bot_activity.notify()
    return message


async def edit_message_text(state: SandboxState, params: Params) -> JSON:
    """editMessageText by ``chat_id`` and ``message_id``; no keyboard in the call removes it."""
    message = _editable(state, params)
    if "text" not in message:
        raise bad_request("there is no text in the message to edit")
    text, entities = parse_text(state, params, "text", "entities")
    markup = check_reply_markup(params.get_json("reply_markup"))
    changes = {"text": text, "entities": entities or None, "reply_markup": markup}
    return await _apply_edit(state, message, changes)


async def edit_message_reply_markup(state: SandboxState, params: Params) -> JSON:
    """editMessageReplyMarkup: replace or remove the inline keyboard."""
    message = _editable(state, params)
    markup = check_reply_markup(params.get_json("reply_markup"))
    return await _apply_edit(state, message, {"reply_markup": markup})


async def delete_message(state: SandboxState, params: Params) -> bool:
    """deleteMessage: the bot's own messages, or anyone's when it is an admin or in private."""
    record = state.world.api_chat(params.get_str("chat_id"))
    message_id = params.require_int("message_id")
    message = record.messages.get(message_id)
    if message is None:
        raise bad_request("message to delete not found")
    is_own = message["from"]["id"] == state.bot["id"]
    may_moderate = record.members.get(state.bot["id"]) in {"administrator", "creator"}
    if not (is_own or may_moderate or record.chat["type"] == "private"):
        raise bad_request("message can't be deleted")
    del record.messages[message_id]
    await state.bot_activity.notify()
    return True


def _upload(state: SandboxState, params: Params, reference: str) -> tuple[str, UploadedFile]:
    """The file a ``file_id`` or an ``attach://<part>`` reference names, kept under a file id."""
    if reference in state.files:
        return reference, state.files[reference]
    upload_name = reference.removeprefix("attach://")
    if not reference.startswith("attach://") or upload_name not in params.files:
        raise bad_request("wrong file identifier/HTTP URL specified")
    return _keep(state, params.files[upload_name])


def _keep(state: SandboxState, upload: UploadedFile) -> tuple[str, UploadedFile]:
    file_id = f"SANDBOX-DOC-{len(state.files) + 1}"
    state.files[file_id] = upload
    return file_id, upload


def _document(file_id: str, upload: UploadedFile) -> JSON:
    document: JSON = {"file_id": file_id, "file_unique_id": file_id.lower()}
    document.update(file_name=upload.filename, file_size=len(upload.content))
    document["mime_type"] = upload.content_type or "application/octet-stream"
    return document


def _with_caption(state: SandboxState, fields: JSON, params: Params) -> JSON:
    caption, entities = parse_text(state, params, "caption", "caption_entities", caption=True)
    if caption:
        fields["caption"] = caption
    if entities:
        fields["caption_entities"] = entities
    return fields


async def send_document(state: SandboxState, params: Params) -> JSON:
    """sendDocument: keep the uploaded bytes, file name and caption."""
    record = state.world.api_chat(params.get_str("chat_id"))
    _check_may_send(state, record, "can_send_documents", "documents")
    if "document" in params.files:
        file_id, upload = _keep(state, params.files["document"])
    else:
        file_id, upload = _upload(state, params, params.get_str("document") or "")
    document = _document(file_id, upload)
    fields: JSON = {**_reply_fields(state, record, params), "document": document}
    _with_caption(state, fields, params)
    markup = check_reply_markup(params.get_json("reply_markup"))
    if markup:
        fields["reply_markup"] = markup
    return await _store(state, record, fields)


async def send_media_group(state: SandboxState, params: Params) -> list[JSON]:
    """sendMediaGroup of documents (the only kind the sandbox keeps): 2 to 10 files, each
    with its own caption, posted as one album."""
    record = state.world.api_chat(params.get_str("chat_id"))
    _check_may_send(state, record, "can_send_documents", "documents")
    media = params.get_json("media")
    if not isinstance(media, list) or not 2 <= len(media) <= 10:
        raise bad_request("media must contain from 2 to 10 items")
    if any(not isinstance(item, dict) or item.get("type") != "document" for item in media):
        raise bad_request("the sandbox keeps albums of documents only")
    reply = _reply_fields(state, record, params)
    album: list[JSON] = []
    for item in media:
        file_id, upload = _upload(state, params, str(item.get("media") or ""))
        fields: JSON = {**reply, "document": _document(file_id, upload)}
        item_params = Params({k: v for k, v in item.items() if k != "media"})
        album.append(_with_caption(state, fields, item_params))
    group_id = f"{record.id}-{record.next_message_id}"
    return [await _store(state, record, {**fields, "media_group_id": group_id}) for fields in album]


async def answer_callback_query(state: SandboxState, params: Params) -> bool:
    """answerCallbackQuery: each query can be answered once, within :data:`QUERY_LIFETIME`."""
    query_id = params.get_str("callback_query_id") or ""
    if query_id not in state.open_queries:
        raise bad_request(_QUERY_TOO_OLD)
    if state.world.now() - state.query_times[query_id] > QUERY_LIFETIME:
        raise bad_request(_QUERY_TOO_OLD)
    text = params.get_str("text")
    if text is not None and len(text) > MAX_CALLBACK_ANSWER:
        raise bad_request("MESSAGE_TOO_LONG")
    del state.open_queries[query_id], state.query_times[query_id]
    answer: JSON = {"callback_query_id": query_id, "text": text}
    answer.update(show_alert=params.get_bool("show_alert"), url=params.get_str("url"))
    answer["cache_time"] = params.get_int("cache_time", 0)
    state.callback_answers.append(answer)
    await state.bot_activity.notify()
    return True
