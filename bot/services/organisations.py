"""Member organisations of a group."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from bot.assignees import ALL_MEMBERS
from bot.domain import Chat, PersonRef
from bot.errors import InvalidInput, NotFound
from bot.org_names import key, shadowed, taken
from bot.services.base import RequestContext, Service
from bot.services.scope import Scope
from bot.text import has_visible, squash

MAX_NAME_LENGTH = 200
_TRAILING_USERNAME = re.compile(r"@([A-Za-z][A-Za-z0-9_]{1,31})\s*$")


@dataclass(frozen=True, slots=True)
class OrganisationAdded:
    """The outcome of ``/org add``, with the organisations the new names now stand in front of:
    typing such a name once offered them as a choice, and now names the new one."""

    chat: Chat
    name: str
    aliases: list[str]
    shadowed: list[str]


class OrganisationService(Service):
    """Use cases around organisations."""

    async def add(self, ctx: RequestContext, text: str) -> OrganisationAdded:
        """Add ``Name | alias | alias`` to the chat's organisations.

        A name or alias another organisation already has (in any case, with or without
        diacritics) is refused: ``/task`` could no longer tell them apart.
        """
        names = [squash(part) for part in text.split("|")]
        names = list({key(name): name for name in names if has_visible(name)}.values())
        async with self._scope(ctx) as scope:
            await scope.require_manager()
            if not names or not all(key(name) for name in names):
                raise InvalidInput("org.usage")
            if any(len(name) > MAX_NAME_LENGTH for name in names):
                raise InvalidInput(
                    "text.too_long", length=max(map(len, names)), limit=MAX_NAME_LENGTH
                )
            if any(key(name) in ALL_MEMBERS for name in names):
                raise InvalidInput("org.reserved")
            orgs = await scope.uow.organisations.all(scope.chat.id)
            for name in names:
                if (owner := taken(name, orgs)) is not None:
                    key_ = "org.exists" if key(owner) == key(name) else "org.alias_taken"
                    raise InvalidInput(key_, name=owner, alias=name)
            await create_organisation(scope, names[0], names[1:])
            await scope.uow.commit()
            return OrganisationAdded(scope.chat, names[0], names[1:], shadowed(names, orgs))

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


async def create_organisation(scope: Scope, name: str, aliases: list[str]) -> int:
    """Add an organisation to the chat, with its audit event; return its id."""
    org_id = await scope.uow.organisations.add(scope.chat.id, name, aliases, scope.now)
    await scope.audit("create", "organisation", org_id, after={"name": name, "aliases": aliases})
    return org_id
