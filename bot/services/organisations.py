"""Member organisations of a group."""

from __future__ import annotations

from bot.assignees import ALL_MEMBERS
from bot.domain import Chat
from bot.errors import InvalidInput
from bot.services.base import RequestContext, Service
from bot.text import fold, has_visible, squash

MAX_NAME_LENGTH = 200


class OrganisationService(Service):
    """Use cases around organisations."""

    async def add(self, ctx: RequestContext, text: str) -> tuple[Chat, str, list[str]]:
        """Add ``Name | alias | alias`` to the chat's organisations."""
        names = [squash(part) for part in text.split("|")]
        names = list({fold(name): name for name in names if has_visible(name)}.values())
        async with self._scope(ctx) as scope:
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
