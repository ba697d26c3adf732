"""Chat-level settings."""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.domain import Chat, Role, TaskStatus
from bot.errors import InvalidInput
from bot.i18n import LANGUAGES
from bot.reminders.plan import parse_offsets
from bot.services.base import RequestContext, Service
from bot.services.planning import plan_digest, policy_of, replan
from bot.services.scope import Scope
from bot.settings_change import apply_setting, due_in_zone, settings_of
from storage import UnitOfWork
from storage.repositories.audit import Event

RESET_WORDS = ("default", "mặc định", "mac dinh")


@dataclass(frozen=True, slots=True)
class SettingChanged:
    """The chat after a ``/settings`` change, and what a change of zone did to deadlines."""

    chat: Chat
    dates_kept: int = 0  # open tasks due on a date or in a period, moved to it in the new zone
    times_kept: int = 0  # open tasks due at a time of day, which keep their instant


@dataclass(frozen=True, slots=True)
class ChatSettings:
    """A chat's settings as ``/settings`` shows them, and whether the sender may change them."""

    chat: Chat
    can_change: bool


class ChatService(Service):
    """Reads and changes how the bot behaves in a chat."""

    async def get(self, ctx: RequestContext) -> Chat:
        """The chat as stored (created with the defaults on first contact)."""
        async with self._scope(ctx) as scope:
            await scope.uow.commit()
            return scope.chat

    async def settings(self, ctx: RequestContext) -> ChatSettings:
        """The chat's settings, and whether the sender may change them (its administrators
        and secretaries, as :meth:`change_setting` checks), so that nobody else is offered
        buttons that would only refuse them."""
        async with self._scope(ctx) as scope:
            can_change = await scope.can_manage()
            await scope.uow.commit()
            return ChatSettings(scope.chat, can_change)

    async def set_language(self, ctx: RequestContext, language: str) -> Chat:
        """Switch the chat's language to ``vi`` or ``en``."""
        language = language.strip().lower()
        async with self._scope(ctx) as scope:
            await scope.require_manager()
            if language not in LANGUAGES:
                # Said in the chat's own language, which each catalog names in the sentence.
                raise InvalidInput("lang.usage")
            await scope.uow.chats.set_language(scope.chat.id, language, scope.now)
            await scope.audit(
                "set_language",
                "chat",
                scope.chat.id,
                before={"language": scope.chat.language},
                after={"language": language},
            )
            await scope.uow.commit()
            return await scope.uow.chats.get_by_telegram_id(ctx.chat.telegram_id) or scope.chat

    async def set_reminder_plan(self, ctx: RequestContext, text: str) -> Chat:
        """``/remind 14d 3d 1d 2h``: the chat's own plan (``default`` restores the default one)."""
        async with self._scope(ctx) as scope:
            await scope.require_manager()
            words = text.strip().lower()
            offsets = None if words in RESET_WORDS else parse_offsets(words)
            if offsets is None and words not in RESET_WORDS:
                raise InvalidInput("remind.usage")
            await scope.uow.chats.set_reminder_offsets(scope.chat.id, offsets, scope.now)
            await scope.audit(
                "set_reminders",
                "chat",
                scope.chat.id,
                before={"offsets": scope.chat.reminder_offsets},
                after={"offsets": list(offsets) if offsets else None},
            )
            scope.chat = replace(scope.chat, reminder_offsets=offsets)
            for task in await scope.uow.tasks.list_open(scope.chat.id, limit=10_000):
                await replan(scope, task, same_deadline=True)
            await scope.uow.commit()
            return scope.chat

    async def migrated(self, old_telegram_id: int, new_telegram_id: int) -> Chat | None:
        """The group became a supergroup (Telegram's service message, or its error on a send):
        the chat's records, settings and pending reminders now belong to the new id."""
        async with UnitOfWork(self._deps.database) as uow:
            chat = await uow.chats.migrate(old_telegram_id, new_telegram_id, self._deps.clock.now())
            await uow.commit()
        return chat

    async def refused(self, telegram_id: int) -> None:
        """Telegram refuses the bot in the chat (removed, blocked): stop writing to it until it
        is back (any update from the chat reactivates it). Its records stay."""
        async with UnitOfWork(self._deps.database) as uow:
            chat = await uow.chats.get_by_telegram_id(telegram_id)
            if chat is not None:
                await uow.chats.deactivate(chat.id, self._deps.clock.now())
                await uow.commit()

    async def member_left(self, group_telegram_id: int, left_telegram_id: int) -> None:
        """Telegram says user ``left_telegram_id`` left the group, or was removed from it: the
        bot no longer counts them among its members, so the group is no longer theirs to choose
        from a private chat, no private copy of its reminders reaches them (until they are
        back), and a secretary's role goes with the membership (an administrator names them
        again if they come back). What the group gave them stays: their tasks still name them,
        their organisations keep them as a contact. The secretary's loss is audited, by nobody
        (Telegram's note, not a command). A group the bot does not know yet is not recorded
        for this."""
        now = self._deps.clock.now()
        async with UnitOfWork(self._deps.database) as uow:
            chat = await uow.chats.get_by_telegram_id(group_telegram_id)
            if chat is None:
                return
            gone = await uow.persons.left_chat(chat.id, left_telegram_id, now)
            if gone is not None and gone[1] is Role.SECRETARY:
                await uow.audit.record(
                    Event(
                        chat_id=chat.id,
                        actor_id=None,
                        action="role",
                        entity="person",
                        entity_id=gone[0],
                        at=now,
                        before={"role": Role.SECRETARY.value},
                        after={"role": "left"},
                    )
                )
            await uow.commit()

    async def members_joined(self, group_telegram_id: int, telegram_ids: list[int]) -> None:
        """Telegram says these users joined the group: whoever had left it is a member again,
        and gets the private copies of its reminders again."""
        async with UnitOfWork(self._deps.database) as uow:
            chat = await uow.chats.get_by_telegram_id(group_telegram_id)
            if chat is not None:
                await uow.persons.came_back(chat.id, telegram_ids)
                await uow.commit()

    async def language_of(self, telegram_id: int) -> str | None:
        """The language of a chat the bot knows, read without recording anything."""
        async with UnitOfWork(self._deps.database) as uow:
            chat = await uow.chats.get_by_telegram_id(telegram_id)
        return None if chat is None else chat.language

    async def change_setting(
        self, ctx: RequestContext, name: str, value: str = ""
    ) -> SettingChanged:
        """One change from ``/settings``: morning hour, quiet hours, digest, days off, language,
        zone.

        Changes that move reminders re-plan the chat's open tasks and its digest, in the same
        transaction as the change; a new zone first re-anchors the deadlines given as a date.
        """
        async with self._scope(ctx) as scope:
            await scope.require_manager()
            chat = scope.chat
            changed = apply_setting(chat, name, value.strip(), self._deps.default_holidays)
            await scope.uow.chats.save_settings(changed, scope.now)
            await scope.audit(
                "settings", "chat", chat.id, before=settings_of(chat), after=settings_of(changed)
            )
            scope.chat = changed
            new_zone = changed.timezone != chat.timezone
            moved = policy_of(changed) != policy_of(chat)
            dates_kept = times_kept = 0
            if new_zone:
                dates_kept = await _keep_dates(scope, chat.timezone, changed.timezone)
            if moved:
                open_tasks = await scope.uow.tasks.list_open(chat.id, limit=10_000)
                for task in open_tasks:
                    await replan(scope, task, same_deadline=True)
                if new_zone:
                    times_kept = sum(
                        t.due is not None and t.due.precision == "time" for t in open_tasks
                    )
            # The digest goes out with the morning reminders: it moves when they do.
            if moved or changed.digest_enabled != chat.digest_enabled:
                await plan_digest(scope)
            await scope.uow.commit()
            return SettingChanged(changed, dates_kept, times_kept)


async def _keep_dates(scope: Scope, old: str, new: str) -> int:
    """Re-anchor the chat's deadlines given as a date or a period to the same local dates in
    zone ``new`` (see :func:`due_in_zone`), closed tasks' too, so that their records keep
    showing the date that was said; each move is audited. Return how many open tasks moved.

    Their reminders are re-planned by the caller (a change of zone changes the plan anyway).
    The drafts still waiting for a name to be settled keep their deadline's date too: they
    hold it as an instant until the task is stored.
    """
    for draft_id, draft in await scope.uow.drafts.waiting(scope.chat.id):
        if draft.due is not None and (kept := due_in_zone(draft.due, old, new)) != draft.due:
            await scope.uow.drafts.save(draft_id, replace(draft, due=kept))
    moves, moved_open = [], 0
    for task_id, status, due in await scope.uow.tasks.dated(scope.chat.id):
        kept = due_in_zone(due, old, new)
        if kept.utc == due.utc:  # same offset at that date ("Asia/Bangkok" for Vietnam)
            continue
        moves.append((task_id, kept.utc))
        if status is TaskStatus.OPEN:  # the steps of its plan already sent stay sent
            await scope.uow.reminders.move_due(task_id, due.utc, kept.utc)
        moved_open += status is TaskStatus.OPEN
        await scope.audit(
            "due_zone",
            "task",
            task_id,
            before={"due": due.utc.isoformat(), "timezone": old},
            after={"due": kept.utc.isoformat(), "timezone": new},
        )
    await scope.uow.tasks.move_dues(moves, scope.now)
    return moved_open
