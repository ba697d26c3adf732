"""Who the secretaries of a chat are: named and removed by its administrators."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from bot.domain import Chat, PersonRef, Role
from bot.errors import InvalidInput, NotAllowed
from bot.services.base import RequestContext, Service
from bot.services.scope import Scope

_USERNAME = re.compile(r"@?([A-Za-z][A-Za-z0-9_]{1,31})")


@dataclass(frozen=True, slots=True)
class Secretaries:
    """The secretaries of a chat, as ``(telegram id, name, username)``."""

    chat: Chat
    people: list[tuple[int, str, str | None]]


class RoleService(Service):
    """Use cases around roles."""

    async def name_secretary(
        self, ctx: RequestContext, text: str, mentions: Mapping[str, PersonRef], *, on: bool
    ) -> tuple[Chat, str, bool]:
        """``/secretary add|remove @person``: only an administrator may; returns whether the
        role changed."""
        async with self._scope(ctx) as scope:
            if not scope.administers():
                raise NotAllowed("rights.admins_only")
            person_id, shown = await self._person(scope, text, mentions)
            role = Role.SECRETARY if on else Role.MEMBER
            changed = await scope.uow.persons.set_role(scope.chat.id, person_id, role, scope.now)
            if changed:
                await scope.audit("role", "person", person_id, after={"role": role.value})
            await scope.uow.commit()
            return scope.chat, shown, changed

    async def secretaries(self, ctx: RequestContext) -> Secretaries:
        """The chat's secretaries."""
        async with self._scope(ctx) as scope:
            people = await scope.uow.persons.with_role(scope.chat.id, Role.SECRETARY)
            await scope.uow.commit()
            return Secretaries(scope.chat, people)

    async def _person(
        self, scope: Scope, text: str, mentions: Mapping[str, PersonRef]
    ) -> tuple[int, str]:
        for person in mentions.values():
            return await scope.uow.persons.upsert(person, scope.now), person.display_name
        match = _USERNAME.fullmatch(text.strip())
        if match is None:
            raise InvalidInput("secretary.usage")
        found = await scope.uow.persons.by_username(match.group(1))
        if found is None:
            raise InvalidInput("org.unknown_person", username=match.group(1))
        return found[0], "@" + match.group(1)
