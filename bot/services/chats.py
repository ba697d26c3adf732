"""Chat-level settings."""

from __future__ import annotations

from bot.domain import Chat
from bot.errors import InvalidInput
from bot.i18n import LANGUAGES
from bot.services.base import RequestContext, Service


class ChatService(Service):
    """Reads and changes how the bot behaves in a chat."""

    async def get(self, ctx: RequestContext) -> Chat:
        """The chat as stored (created with the defaults on first contact)."""
        async with self._scope(ctx) as scope:
            await scope.uow.commit()
            return scope.chat

    async def set_language(self, ctx: RequestContext, language: str) -> Chat:
        """Switch the chat's language to ``vi`` or ``en``."""
        language = language.strip().lower()
        async with self._scope(ctx) as scope:
            if language not in LANGUAGES:
                raise InvalidInput("lang.usage", current=scope.chat.language)
            await scope.uow.chats.set_language(scope.chat.id, language, scope.now)
            await scope.uow.audit.record(
                chat_id=scope.chat.id,
                actor_id=scope.actor_id,
                action="set_language",
                entity="chat",
                entity_id=scope.chat.id,
                now=scope.now,
                before={"language": scope.chat.language},
                after={"language": language},
            )
            await scope.uow.commit()
            return await scope.uow.chats.get_by_telegram_id(ctx.chat.telegram_id) or scope.chat
