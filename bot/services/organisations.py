"""Member organisations of a group."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from bot.assignees import ALL_MEMBERS, cut_at, without_cuts
from bot.domain import Chat, PersonRef
from bot.errors import InvalidInput, NotFound
from bot.org_names import Organisation, key, lookup, shadowed, taken
from bot.services.base import RequestContext, Service
from bot.services.scope import Scope
from bot.task_draft import Draft
from bot.text import has_visible, squash

MAX_NAME_LENGTH = 200
MAX_NUMBERS_SHOWN = 20  # open tasks named when a removal is refused
_TRAILING_USERNAME = re.compile(r"@([A-Za-z][A-Za-z0-9_]{1,31})\s*$")


@dataclass(frozen=True, slots=True)
class OrganisationAdded:
    """The outcome of ``/org add`` (and ``/org rename``: ``old`` is then the name it had), with
    the organisations the new names now stand in front of: typing such a name once offered them
    as a choice, and now names this one."""

    chat: Chat
    name: str
    aliases: list[str]
    shadowed: list[str]
    old: str = ""


class OrganisationService(Service):
    """Use cases around organisations."""

    async def add(self, ctx: RequestContext, text: str) -> OrganisationAdded:
        """Add ``Name | alias | alias`` to the chat's organisations.

        A name or alias another organisation already has (in any case, with or without
        diacritics) is refused: ``/task`` could no longer tell them apart; so is one that
        ``/task`` could not read whole (see :func:`unusable`).
        """
        names = _names(text)
        async with self._scope(ctx) as scope:
            await scope.require_manager()
            if not names:
                raise InvalidInput("org.usage")
            orgs = await scope.uow.organisations.all(scope.chat.id)
            refuse_unusable(names, orgs)
            await create_organisation(scope, names[0], names[1:])
            await scope.uow.commit()
            return OrganisationAdded(scope.chat, names[0], names[1:], shadowed(names, orgs))

    async def rename(self, ctx: RequestContext, text: str) -> OrganisationAdded:
        """``/org rename <name or alias> | <new name> [| alias | alias]``: aliases given replace
        the old ones, else they stay. The organisation keeps its id, so the tasks assigned to it
        stay its own; they, and the questions of ``/task`` waiting for an answer, show the new
        name."""
        typed, _, rest = text.partition("|")
        names = _names(rest)
        async with self._scope(ctx) as scope:
            await scope.require_manager()
            if not key(typed) or not names:
                raise InvalidInput("org.rename_usage")
            orgs = await scope.uow.organisations.all(scope.chat.id)
            org_id, old, old_aliases = _one(typed, orgs)
            name = names[0]
            aliases = names[1:] or [a for a in old_aliases if key(a) != key(name)]
            others = [org for org in orgs if org[0] != org_id]
            # Only the names typed: an old alias kept may predate the rules ("2022", "HND@Q1"),
            # and a refusal about it would name what the secretary never wrote.
            refuse_unusable(names, others)
            await scope.uow.organisations.rename(org_id, name, aliases)
            await scope.audit(
                "rename",
                "organisation",
                org_id,
                before={"name": old, "aliases": old_aliases},
                after={"name": name, "aliases": aliases},
            )
            await _follow_in_drafts(scope, lambda d: d.with_organisation_renamed(org_id, name))
            await scope.uow.commit()
            known = {key(label) for label in (old, *old_aliases)}
            fresh = [n for n in (name, *aliases) if key(n) not in known]
            return OrganisationAdded(scope.chat, name, aliases, shadowed(fresh, others), old)

    async def remove(self, ctx: RequestContext, text: str) -> tuple[Chat, str]:
        """``/org remove <name or alias>``: refused while open tasks are assigned to it (they
        would be for no one). Its closed tasks and the meetings it attended keep its name (see
        :meth:`OrganisationRepository.remove`); a question of ``/task`` that settled a name as
        it asks about that name again."""
        typed = squash(text)
        async with self._scope(ctx) as scope:
            await scope.require_manager()
            if not key(typed):
                raise InvalidInput("org.remove_usage")
            org_id, name, aliases = _one(typed, await scope.uow.organisations.all(scope.chat.id))
            if numbers := await scope.uow.tasks.open_numbers(scope.chat.id, org_id):
                shown = ", ".join(f"#{n}" for n in numbers[:MAX_NUMBERS_SHOWN])
                shown += " …" if len(numbers) > MAX_NUMBERS_SHOWN else ""
                raise InvalidInput("org.in_use", name=name, numbers=shown, first=numbers[0])
            contacts = await scope.uow.organisations.remove(org_id, name)
            await scope.audit(
                "delete",
                "organisation",
                org_id,
                before={"name": name, "aliases": aliases, "contacts": contacts},
            )
            await _follow_in_drafts(scope, lambda d: d.without_organisation(org_id))
            await scope.uow.commit()
            return scope.chat, name

    async def list_all(self, ctx: RequestContext) -> tuple[Chat, list[tuple[str, list[str]]]]:
        """The chat's organisations with their aliases."""
        async with self._scope(ctx) as scope:
            orgs = await scope.uow.organisations.all(scope.chat.id)
            await scope.uow.commit()
            return scope.chat, [(name, aliases) for _, name, aliases in orgs]

    async def link(
        self, ctx: RequestContext, text: str, text_mentions: Mapping[str, PersonRef]
    ) -> tuple[Chat, str, str]:
        """``/org link <organisation> @person``: the person answers for the organisation."""
        name, person = _split_contact(text, text_mentions)
        async with self._scope(ctx) as scope:
            await scope.require_manager()
            if not name or person is None:
                raise InvalidInput("org.link_usage")
            org = await scope.uow.organisations.find(scope.chat.id, name)
            if org is None:
                raise NotFound("org.not_found", name=name[:MAX_NAME_LENGTH])
            if isinstance(person, str):
                found = await scope.uow.persons.by_username(person)
                if found is None:
                    raise InvalidInput("org.unknown_person", username=person)
                person_id, shown = found[0], "@" + person
            else:
                person_id, shown = (
                    await scope.uow.persons.upsert(person, scope.now),
                    person.display_name,
                )
            await scope.uow.organisations.link(org[0], person_id)
            await scope.audit("link", "organisation", org[0], after={"contact": person_id})
            await scope.uow.commit()
            return scope.chat, org[1], shown


def _split_contact(
    text: str, text_mentions: Mapping[str, PersonRef]
) -> tuple[str, str | PersonRef | None]:
    """``Hội Chữ thập đỏ @hoa`` → the organisation's name and the @username or mentioned user."""
    for shown, person in text_mentions.items():
        if (at := text.rfind(shown)) > 0:
            return squash(text[:at]).rstrip(":,"), person
    match = _TRAILING_USERNAME.search(text)
    if match is None:
        return squash(text), None
    return squash(text[: match.start()]).rstrip(":,"), match.group(1)


def _names(text: str) -> list[str]:
    """``Name | alias | alias`` as names, each once in any spelling, the name first; none when
    the name itself is missing (``| CTĐ`` is not a name)."""
    parts = [squash(part) for part in text.split("|")]
    names = [part for part in parts if has_visible(part)]
    if not has_visible(parts[0]) or not all(key(name) for name in names):
        return []
    return list({key(name): name for name in names}.values())


def refuse_unusable(names: list[str], others: list[Organisation]) -> None:
    """Raise what :func:`unusable` finds wrong with ``names``, if anything."""
    if (refusal := unusable(names, others)) is not None:
        raise refusal


def unusable(names: list[str], others: list[Organisation]) -> InvalidInput | None:
    """Why a name or alias could not be added, as the refusal to show; None when all can be.
    Refused is what ``/task`` could not read back as exactly this organisation: too long, "all
    members", holding what ends a name in a list of assignees, with no letter (read as a
    number), or a name or alias of one of ``others``."""
    if any(len(name) > MAX_NAME_LENGTH for name in names):
        return InvalidInput("text.too_long", length=max(map(len, names)), limit=MAX_NAME_LENGTH)
    if any(key(name) in ALL_MEMBERS for name in names):
        return InvalidInput("org.reserved")
    for name in names:
        if (cut := cut_at(name)) is not None:
            return InvalidInput("org.cut", name=name, char=cut, suggestion=without_cuts(name))
        if not any(c.isalpha() for c in name):
            return InvalidInput("org.no_letters", name=name)
        if (owner := taken(name, others)) is not None:
            key_ = "org.exists" if key(owner) == key(name) else "org.alias_taken"
            return InvalidInput(key_, name=owner, alias=name)
    return None


def _one(typed: str, orgs: list[Organisation]) -> Organisation:
    """The organisation ``typed`` names exactly; never a guess among near names."""
    match = lookup(typed, orgs)
    if match.found is None:
        if match.candidates:
            names = ", ".join(name for _, name in match.candidates)
            raise InvalidInput("assign.which", name=squash(typed), names=names)
        raise NotFound("org.not_found", name=squash(typed)[:MAX_NAME_LENGTH])
    return next(org for org in orgs if org[0] == match.found[0])


async def _follow_in_drafts(scope: Scope, change: Callable[[Draft], Draft]) -> None:
    """Apply ``change`` to the chat's ``/task`` questions still waiting for an answer."""
    for draft_id, draft in await scope.uow.drafts.waiting(scope.chat.id):
        if (changed := change(draft)) != draft:
            await scope.uow.drafts.save(draft_id, changed)


async def create_organisation(scope: Scope, name: str, aliases: list[str]) -> int:
    """Add an organisation to the chat, with its audit event; return its id."""
    org_id = await scope.uow.organisations.add(scope.chat.id, name, aliases, scope.now)
    await scope.audit("create", "organisation", org_id, after={"name": name, "aliases": aliases})
    return org_id
