"""Member organisations of a group."""

from __future__ import annotations

import re
from collections.abc import Mapping

from bot.assignees import ALL_MEMBERS
from bot.domain import Chat, PersonRef
from bot.errors import InvalidInput, NotFound
from bot.services.base import RequestContext, Service
from bot.text import fold, has_visible, squash

MAX_NAME_LENGTH = 200
_TRAILING_USERNAME = re.compile(r"@([A-Za-z][A-Za-z0-9_]{1,31})\s*$")


class OrganisationService(Service):
    """Use cases around organisations."""

    async def add(self, ctx: RequestContext, text: str) -> tuple[Chat, str, list[str]]:
        """Add ``Name | alias | alias`` to the chat's organisations."""
        names = [squash(part) for part in text.split("|")]
        names = list({fold(name): name for name in names if has_visible(name)}.values())
        async with self._scope(ctx) as scope:
            await scope.require_manager()
            if not names:
                raise InvalidInput("org.usage")
            if any(len(name) > MAX_NAME_LENGTH for name in names):
                raise InvalidInput(
                    "text.too_long", length=max(map(len, names)), limit=MAX_NAME_LENGTH
                )
            if any(fold(name) in ALL_MEMBERS for name in names):
                raise InvalidInput("org.reserved")
            for name in names:
                found = await scope.uow.organisations.find(scope.chat.id, name)
                if found is not None:
                    raise InvalidInput("org.exists", name=found[1])
            org_id = await scope.uow.organisations.add(
                scope.chat.id, names[0], names[1:], scope.now
            )
            await scope.uow.audit.record(
                chat_id=scope.chat.id,
                actor_id=scope.actor_id,
                action="create",
                now=scope.now,
                entity="organisation",
                entity_id=org_id,
                after={"name": names[0], "aliases": names[1:]},
            )
            await scope.uow.commit()
            return scope.chat, names[0], names[1:]

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
            await scope.uow.audit.record(
                chat_id=scope.chat.id,
                actor_id=scope.actor_id,
                action="link",
                now=scope.now,
                entity="organisation",
                entity_id=org[0],
                after={"contact": person_id},
            )
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
