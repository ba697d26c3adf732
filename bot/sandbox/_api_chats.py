"""Bot API methods that describe chats and their members."""

from __future__ import annotations

from bot.sandbox._errors import bad_request
from bot.sandbox._params import Params
from bot.sandbox._state import JSON, SandboxState
from bot.sandbox._world import ADMIN_RIGHTS, MEMBER_RIGHTS, ChatRecord

_STAFF = frozenset({"creator", "administrator"})
_GIFTS = ("unlimited_gifts", "limited_gifts", "unique_gifts", "premium_subscription")


def chat_member(state: SandboxState, record: ChatRecord, user_id: int) -> JSON:
    """The ``ChatMember`` of ``user_id`` in the chat (``left`` when not a member)."""
    user = state.world.find_user(user_id)
    if user is None:
        raise bad_request("user not found")
    status = record.members.get(user_id, "left")
    member: JSON = {"status": status, "user": user}
    own = record.rights.get(user_id, {})
    if status == "creator":
        member["is_anonymous"] = False
    elif status == "administrator":
        member.update({right: own.get(right, True) for right in ADMIN_RIGHTS})
        member.update(can_be_edited=False, is_anonymous=False)
    elif status == "restricted":
        member.update({right: own.get(right, True) for right in MEMBER_RIGHTS})
        member.update(is_member=True, until_date=0)
    elif status == "kicked":
        member["until_date"] = 0  # banned for good
    return member


def _permissions(record: ChatRecord) -> JSON:
    """The chat's ``ChatPermissions``: what members may do (everything unless changed)."""
    return {right: record.permissions.get(right, True) for right in MEMBER_RIGHTS}


async def get_chat(state: SandboxState, params: Params) -> JSON:
    """getChat: a ``ChatFullInfo`` with the fields PTB requires."""
    record = state.world.api_chat(params.get_str("chat_id"))
    info: JSON = {**record.chat, "accent_color_id": 0, "max_reaction_count": 11}
    info["accepted_gift_types"] = {**dict.fromkeys(_GIFTS, False), "gifts_from_channels": False}
    if record.chat["type"] != "private":
        info["permissions"] = _permissions(record)
    return info


async def get_chat_member(state: SandboxState, params: Params) -> JSON:
    """getChatMember."""
    record = state.world.api_chat(params.get_str("chat_id"))
    return chat_member(state, record, params.require_int("user_id"))


async def get_chat_administrators(state: SandboxState, params: Params) -> list[JSON]:
    """getChatAdministrators: the creator and administrators, bots included."""
    record = state.world.api_chat(params.get_str("chat_id"))
    if record.chat["type"] == "private":
        raise bad_request("there are no administrators in the private chat")
    admins = [uid for uid, status in record.members.items() if status in _STAFF]
    return [chat_member(state, record, uid) for uid in admins]


async def get_chat_member_count(state: SandboxState, params: Params) -> int:
    """getChatMemberCount: members, administrators and the bot."""
    record = state.world.api_chat(params.get_str("chat_id"))
    return sum(1 for status in record.members.values() if status != "left")
