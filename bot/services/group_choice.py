"""Which group a person works on from their private chat with the bot.

A person chooses one of the groups they are in (where the bot has seen them, and that still has
the bot); the commands they then send privately act on that group with exactly the rights they
have there: anyone in the group reads it, and each command that changes a record checks the
sender's role in the group as it does when sent in the group itself (an administrator, as
Telegram says at the time, a secretary the group named, a task's assignee...). Membership is
checked again at every command and every button, not only when choosing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.domain import Chat, Role
from bot.errors import NotAllowed
from bot.services.base import RequestContext, Service
from bot.services.scope import Scope

# The user ids of a group's administrators, by the group's Telegram id (asked of Telegram).
AdminLookup = Callable[[int], Awaitable[frozenset[int]]]


@dataclass(frozen=True, slots=True)
class GroupChoices:
    """The groups a person may choose from their private chat, and the current choice."""

    chat: Chat  # the private chat: its language is the person's
    groups: list[Chat]
    selected: Chat | None


@dataclass(frozen=True, slots=True)
class Target:
    """The group a private command acts on (the sender is in it, checked just now), and whether
    they administer it, as Telegram says now."""

    chat: Chat  # the private chat
    group: Chat
    is_admin: bool
    chosen_now: bool = False  # chosen by the bot: the only group the person manages


class GroupChoiceService(Service):
    """Use cases around the group chosen in a private chat."""

    async def choices(self, ctx: RequestContext) -> GroupChoices:
        """The groups the person is in, and the one chosen (None: their own notes)."""
        async with self._scope(ctx) as scope:
            groups = [chat for chat, _ in await scope.uow.chats.groups_of(scope.actor_id)]
            selected_id = await scope.uow.persons.selected_chat(scope.actor_id)
            selected = None if selected_id is None else await scope.uow.chats.get(selected_id)
            await scope.uow.commit()
            return GroupChoices(scope.chat, groups, selected)

    async def select(self, ctx: RequestContext, group_id: int | None) -> GroupChoices:
        """Choose group ``group_id`` (None: back to the private chat's own records).

        Any id of a group the person is not in is refused, whatever the button said.
        """
        async with self._scope(ctx) as scope:
            if ctx.chat.type != "private":  # a forged button in a group
                raise NotAllowed("group.private_button")
            groups = [chat for chat, _ in await scope.uow.chats.groups_of(scope.actor_id)]
            selected = next((g for g in groups if g.id == group_id), None)
            if group_id is not None and selected is None:
                raise NotAllowed("group.not_yours")
            await scope.uow.persons.select_chat(scope.actor_id, group_id)
            await scope.uow.commit()
            return GroupChoices(scope.chat, groups, selected)

    async def target(
        self,
        ctx: RequestContext,
        admins: AdminLookup,
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
                target = await _checked(scope, ctx, admins, group_id, chosen=group_id == chosen)
            elif group_only:
                target = await _only_group(scope, ctx, admins)
            await scope.uow.commit()
            return target


async def _checked(
    scope: Scope, ctx: RequestContext, admins: AdminLookup, group_id: int, *, chosen: bool
) -> Target:
    """The group, if the person is still in it; refused, saying why, if not (a group's name
    is told only to whoever chose it)."""
    known = {chat.id: chat for chat, _ in await scope.uow.chats.groups_of(scope.actor_id)}
    if group_id not in known:
        group = await scope.uow.chats.get(group_id)
        if chosen and group is not None and not group.active:
            raise NotAllowed("group.gone", group=group.title or "?")
        raise NotAllowed("group.not_yours")
    group = known[group_id]
    return Target(scope.chat, group, ctx.actor.telegram_id in await admins(group.telegram_id))


async def _only_group(scope: Scope, ctx: RequestContext, admins: AdminLookup) -> Target:
    """The one group the person manages, chosen for them and remembered. A group-only command
    mostly records: a group where they may only read is not guessed, but may be chosen."""
    groups = await scope.uow.chats.groups_of(scope.actor_id)
    if not groups:
        raise NotAllowed("group.none_known")
    managed = await _managed(groups, ctx, admins)
    if len(managed) != 1:
        raise NotAllowed("group.choose_first")
    ((group, is_admin),) = managed
    await scope.uow.persons.select_chat(scope.actor_id, group.id)
    return Target(scope.chat, group, is_admin, chosen_now=True)


async def _managed(
    groups: list[tuple[Chat, Role]], ctx: RequestContext, admins: AdminLookup
) -> list[tuple[Chat, bool]]:
    """Those of ``groups`` where the person is an administrator now, or a named secretary,
    with whether they are an administrator there."""
    managed = []
    for group, role in groups:
        is_admin = ctx.actor.telegram_id in await admins(group.telegram_id)
        if is_admin or role is Role.SECRETARY:
            managed.append((group, is_admin))
    return managed
