"""Which group a person works on from their private chat with the bot.

A person chooses one of the groups they are in: where the bot has seen them, that still have
the bot, and where Telegram says they are now (asked with ``getChatMember``: whoever left, or
was removed or banned, is out, whatever the bot remembers). The commands they then send
privately act on that group with exactly the rights they have there: anyone in the group reads
it, and each command that changes a record checks the sender's role in the group as it does
when sent in the group itself (an administrator, as Telegram says at the time, a secretary the
group named, a task's assignee...). Membership is checked again at every command and every
button, not only when choosing; when Telegram cannot be asked, the person is not taken to be in
the group: the group is left out of the lists, and a command on it is refused, saying why.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.domain import Chat, Role, Standing
from bot.errors import NotAllowed
from bot.services.base import RequestContext, Service
from bot.services.scope import Scope

# Where a user stands in a group now, by the group's and the user's Telegram ids (asked of
# Telegram, remembered a minute).
MemberLookup = Callable[[int, int], Awaitable[Standing]]


@dataclass(frozen=True, slots=True)
class Membership:
    """A group where the bot has seen the person, their role there, and where they stand."""

    group: Chat
    role: Role
    standing: Standing


@dataclass(frozen=True, slots=True)
class GroupChoices:
    """The groups a person may choose from their private chat, and the current choice."""

    chat: Chat  # the private chat: its language is the person's
    groups: list[Chat]
    selected: Chat | None
    unchecked: int = 0  # groups left out because Telegram could not be asked about them
    selected_out: bool = False  # the person is no longer in the chosen group


@dataclass(frozen=True, slots=True)
class Target:
    """The group a private command acts on (the sender is in it, as Telegram said just now),
    and whether they administer it."""

    chat: Chat  # the private chat
    group: Chat
    is_admin: bool
    chosen_now: bool = False  # chosen by the bot: the only group the person manages


async def memberships(scope: Scope, ctx: RequestContext, members: MemberLookup) -> list[Membership]:
    """The groups where the bot has seen the person and that still have it, by title, with where
    the person stands in each now (Telegram is asked about them all at once)."""
    groups = await scope.uow.chats.groups_of(scope.actor_id)
    user = ctx.actor.telegram_id
    standings = await asyncio.gather(*(members(chat.telegram_id, user) for chat, _ in groups))
    return [Membership(chat, role, s) for (chat, role), s in zip(groups, standings, strict=True)]


def unchecked(found: list[Membership]) -> int:
    """How many of the groups Telegram could not be asked about (left out, but said)."""
    return sum(m.standing is Standing.UNKNOWN for m in found)


class GroupChoiceService(Service):
    """Use cases around the group chosen in a private chat."""

    async def choices(self, ctx: RequestContext, members: MemberLookup) -> GroupChoices:
        """The groups the person is in now, and the one chosen (None: their own notes), which
        may be one they are no longer in: it stays chosen, and refused, until they choose."""
        async with self._scope(ctx) as scope:
            found = await memberships(scope, ctx, members)
            groups = [m.group for m in found if m.standing.is_in]
            selected_id = await scope.uow.persons.selected_chat(scope.actor_id)
            selected = None if selected_id is None else await scope.uow.chats.get(selected_id)
            # Out of the chosen group: Telegram says so, or the group said they left.
            out = (
                selected is not None
                and selected.active
                and all(m.group.id != selected.id or m.standing is Standing.OUT for m in found)
            )
            await scope.uow.commit()
            return GroupChoices(scope.chat, groups, selected, unchecked(found), out)

    async def select(
        self, ctx: RequestContext, group_id: int | None, members: MemberLookup
    ) -> GroupChoices:
        """Choose group ``group_id`` (None: back to the private chat's own records).

        Any id of a group the person is not in now is refused, whatever the button said.
        """
        async with self._scope(ctx) as scope:
            if ctx.chat.type != "private":  # a forged button in a group
                raise NotAllowed("group.private_button")
            found = await memberships(scope, ctx, members)
            chosen = next((m for m in found if m.group.id == group_id), None)
            if group_id is not None:
                if chosen is None:
                    raise NotAllowed("group.not_yours")
                _refuse_unless_in(chosen.group, chosen.standing)
            await scope.uow.persons.select_chat(scope.actor_id, group_id)
            await scope.uow.commit()
            groups = [m.group for m in found if m.standing.is_in]
            selected = None if chosen is None else chosen.group
            return GroupChoices(scope.chat, groups, selected, unchecked(found))

    async def target(
        self,
        ctx: RequestContext,
        members: MemberLookup,
        *,
        group_id: int | None = None,
        group_only: bool = False,
    ) -> Target | None:
        """The group a private command acts on: ``group_id`` (a button's), else the chosen one.

        None means the private chat's own records. Without a choice, a command that only makes
        sense in a group takes the one group the person manages, or asks them to choose. The
        target says whether the person administers the group; what they may do there is left
        to each command, as in the group.
        """
        async with self._scope(ctx) as scope:
            if ctx.chat.type != "private":  # a group's button naming a group: refused
                raise NotAllowed("group.private_button")
            chosen = await scope.uow.persons.selected_chat(scope.actor_id)
            group_id = chosen if group_id is None else group_id
            target = None
            if group_id is not None:
                target = await _checked(scope, ctx, members, group_id, chosen=group_id == chosen)
            elif group_only:
                target = await _only_group(scope, ctx, members)
            await scope.uow.commit()
            return target


async def _checked(
    scope: Scope, ctx: RequestContext, members: MemberLookup, group_id: int, *, chosen: bool
) -> Target:
    """The group, if the person is in it now; refused, saying why, if not. A group's name is
    told only to whoever the bot has seen in it, or who chose it."""
    known = {chat.id: chat for chat, _ in await scope.uow.chats.groups_of(scope.actor_id)}
    if group_id not in known:
        group = await scope.uow.chats.get(group_id)
        if chosen and group is not None:  # the group said they left, or the bot is out of it
            raise NotAllowed(
                "group.left" if group.active else "group.gone", group=group.title or "?"
            )
        raise NotAllowed("group.not_yours")
    group = known[group_id]
    standing = await members(group.telegram_id, ctx.actor.telegram_id)
    _refuse_unless_in(group, standing)
    return Target(scope.chat, group, standing is Standing.ADMIN)


def _refuse_unless_in(group: Chat, standing: Standing) -> None:
    """Refuse, saying why, unless Telegram said the person is in ``group`` now."""
    if standing.is_in:
        return
    key = {Standing.OUT: "group.left", Standing.NO_BOT: "group.gone"}
    raise NotAllowed(key.get(standing, "group.unchecked"), group=group.title or "?")


async def _only_group(scope: Scope, ctx: RequestContext, members: MemberLookup) -> Target:
    """The one group the person manages, chosen for them and remembered. A group-only command
    mostly records: a group where they may only read is not guessed, but may be chosen; nor is
    one group guessed while Telegram could not say whether they are in another."""
    found = await memberships(scope, ctx, members)
    if not any(m.standing.is_in or m.standing is Standing.UNKNOWN for m in found):
        raise NotAllowed("group.none_known")
    managed = [
        m
        for m in found
        if m.standing is Standing.ADMIN or (m.standing.is_in and m.role is Role.SECRETARY)
    ]
    if len(managed) != 1 or unchecked(found):
        raise NotAllowed("group.choose_first")
    (only,) = managed
    await scope.uow.persons.select_chat(scope.actor_id, only.group.id)
    return Target(scope.chat, only.group, only.standing is Standing.ADMIN, chosen_now=True)
