"""Which group a person works on from their private chat with the bot.

A person chooses one of the groups they are in, or their own notes (the private chat's own
records). Until they choose, the private chat acts on their one group when they are in exactly
one, and asks which one, with the groups as buttons, when they are in several; with none
known, it keeps their own notes. The groups offered are those where the bot has seen the
person, or which give them open work (a task of theirs or of an organisation they are a
contact of: the groups whose reminders reach them privately), that still have the bot, and
where Telegram says they are now (asked with ``getChatMember``: whoever left, or was removed or
banned, is out, whatever the bot remembers). The commands they then send privately act on that
group with exactly the rights they have there: anyone in the group reads it, and each command
that changes a record checks the sender's role in the group as it does when sent in the group
itself (an administrator, as Telegram says at the time, a secretary the group named, a task's
assignee...). Membership is checked again at every command and every button, not only when
choosing; when Telegram cannot be asked, the person is not taken to be in the group: the group
is left out of the lists, and a command on it is refused, saying why.
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
    """A group the bot knows the person in, their role there, and where they stand."""

    group: Chat
    role: Role
    standing: Standing
    seen: bool = True  # False: known only as the group giving them work, never seen there


@dataclass(frozen=True, slots=True)
class GroupChoices:
    """The groups a person may choose from their private chat, and where their commands go."""

    chat: Chat  # the private chat: its language is the person's
    groups: list[Chat]
    # The group the private commands act on: the one chosen or, with no choice made, the
    # person's only group. None: their own notes, or, when :attr:`asks`, a group to choose.
    selected: Chat | None
    unchecked: int = 0  # groups left out because Telegram could not be asked about them
    selected_out: bool = False  # the person is no longer in the chosen group
    chosen: bool = True  # False: the person never chose; the bot takes their only group

    @property
    def asks(self) -> bool:
        """Whether a command sent privately is answered with the groups to choose from: no
        choice made, and not exactly one group (nor none at all) to take."""
        return not self.chosen and self.selected is None and bool(self.groups or self.unchecked)


@dataclass(frozen=True, slots=True)
class Target:
    """The group a private command acts on (the sender is in it, as Telegram said just now),
    and whether they administer it."""

    chat: Chat  # the private chat
    group: Chat
    is_admin: bool
    chosen_now: bool = False  # chosen by the bot: the only group the person manages


async def memberships(scope: Scope, ctx: RequestContext, members: MemberLookup) -> list[Membership]:
    """The groups the bot knows the person in (seen there, or given work there) and that still
    have it, by title, with where the person stands in each now (Telegram is asked about them
    all at once)."""
    uow = scope.uow
    groups = [(chat, role, True) for chat, role in await uow.chats.groups_of(scope.actor_id)]
    assigned = await uow.chats.assigned_groups_of(scope.actor_id, scope.actor_username)
    groups += [(chat, Role.MEMBER, False) for chat in assigned]
    groups.sort(key=lambda g: (g[0].title or "", g[0].id))
    user = ctx.actor.telegram_id
    standings = await asyncio.gather(*(members(chat.telegram_id, user) for chat, _, _ in groups))
    return [
        Membership(chat, role, s, seen)
        for (chat, role, seen), s in zip(groups, standings, strict=True)
    ]


def unchecked(found: list[Membership]) -> int:
    """How many of the groups Telegram could not be asked about (left out, but said)."""
    return sum(m.standing is Standing.UNKNOWN for m in found)


def _only_in(found: list[Membership]) -> Membership | None:
    """The one group the person is in, when Telegram answered about every group and they are
    in exactly one."""
    inside = [m for m in found if m.standing.is_in]
    return inside[0] if len(inside) == 1 and not unchecked(found) else None


class GroupChoiceService(Service):
    """Use cases around the group chosen in a private chat."""

    async def choices(self, ctx: RequestContext, members: MemberLookup) -> GroupChoices:
        """The groups the person is in now, and where their private commands go: the group
        chosen (which may be one they are no longer in: it stays chosen, and refused, until
        they choose), their own notes, or, with no choice made, their only group."""
        async with self._scope(ctx) as scope:
            found = await memberships(scope, ctx, members)
            groups = [m.group for m in found if m.standing.is_in]
            selected_id = await scope.uow.persons.selected_chat(scope.actor_id)
            if selected_id is None:
                only = _only_in(found)
                await scope.uow.commit()
                selected = only.group if only is not None else None
                return GroupChoices(scope.chat, groups, selected, unchecked(found), chosen=False)
            own = selected_id == scope.chat.id
            selected = None if own else await scope.uow.chats.get(selected_id)
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
        """Choose group ``group_id`` (None: the private chat's own records, remembered as such).

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
                _refuse_unless_in(chosen)
            # Own notes are the private chat itself: no choice at all (NULL) lets the bot take
            # the person's only group.
            own = scope.chat.id
            await scope.uow.persons.select_chat(
                scope.actor_id, own if group_id is None else group_id
            )
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
        across: bool = False,
    ) -> Target | GroupChoices | None:
        """The group a private command acts on: ``group_id`` (a button's), else the chosen one.

        None means the private chat's own records: chosen, or, with no choice made, no group
        known, or a command that reads every group itself (``across``). With no choice made,
        the person's only group is taken; in several, the choices are returned, to ask. A
        command that only makes sense in a group (``group_only``) takes the only group even
        from one's own notes, else the one group the person manages, else asks. The target
        says whether the person administers the group; what they may do there is left to each
        command, as in the group.
        """
        async with self._scope(ctx) as scope:
            if ctx.chat.type != "private":  # a group's button naming a group: refused
                raise NotAllowed("group.private_button")
            chosen = await scope.uow.persons.selected_chat(scope.actor_id)
            own = chosen == scope.chat.id
            if group_id is None and not own:
                group_id = chosen
            target: Target | GroupChoices | None = None
            if group_id is not None:
                target = await _checked(scope, ctx, members, group_id, chosen=group_id == chosen)
            elif group_only or not (own or across):
                found = await memberships(scope, ctx, members)
                target = await _pick(scope, found, group_only=group_only)
            await scope.uow.commit()
            return target


async def _checked(
    scope: Scope, ctx: RequestContext, members: MemberLookup, group_id: int, *, chosen: bool
) -> Target:
    """The group, if the person is in it now; refused, saying why, if not. A group's name is
    told only to whoever the bot has seen in it, or who chose it, or whom it gives work."""
    uow, person = scope.uow, scope.actor_id
    known = {chat.id: (chat, True) for chat, _ in await uow.chats.groups_of(person)}
    for chat in await uow.chats.assigned_groups_of(person, scope.actor_username):
        known.setdefault(chat.id, (chat, False))
    if group_id not in known:
        group = await uow.chats.get(group_id)
        if chosen and group is not None:  # the group said they left, or the bot is out of it
            raise NotAllowed(
                "group.left" if group.active else "group.gone", group=group.title or "?"
            )
        raise NotAllowed("group.not_yours")
    group, seen = known[group_id]
    standing = await members(group.telegram_id, ctx.actor.telegram_id)
    _refuse_unless_in(Membership(group, Role.MEMBER, standing, seen))
    return Target(scope.chat, group, standing is Standing.ADMIN)


def _refuse_unless_in(membership: Membership) -> None:
    """Refuse, saying why, unless Telegram said the person is in the group now. Whoever was
    only given work in a group they are not in was never in it: it is not theirs."""
    group, standing = membership.group, membership.standing
    if standing.is_in:
        return
    if standing is Standing.OUT and not membership.seen:
        raise NotAllowed("group.not_yours")
    key = {Standing.OUT: "group.left", Standing.NO_BOT: "group.gone"}
    raise NotAllowed(key.get(standing, "group.unchecked"), group=group.title or "?")


async def _pick(
    scope: Scope, found: list[Membership], *, group_only: bool
) -> Target | GroupChoices | None:
    """Where a private command goes when no group is chosen: the person's only group; with
    none known, their own notes (None), unless the command needs a group; for a group-only
    command, which mostly records, the one group they manage (chosen for them and remembered:
    a group where they may only read is not guessed among several); else the choices, to ask.
    No group is taken while Telegram could not say whether they are in another."""
    only = _only_in(found)
    if only is not None:
        return Target(scope.chat, only.group, only.standing is Standing.ADMIN)
    left_out = unchecked(found)
    inside = [m for m in found if m.standing.is_in]
    if not inside and not left_out:
        if group_only:
            raise NotAllowed("group.none_known")
        return None
    managed = [m for m in inside if m.standing is Standing.ADMIN or m.role is Role.SECRETARY]
    if group_only and len(managed) == 1 and not left_out:
        (one,) = managed
        await scope.uow.persons.select_chat(scope.actor_id, one.group.id)
        return Target(scope.chat, one.group, one.standing is Standing.ADMIN, chosen_now=True)
    return GroupChoices(scope.chat, [m.group for m in inside], None, left_out, chosen=False)
