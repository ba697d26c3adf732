"""``/group`` (``/nhom``): from a private chat, choose the group the commands sent there act on.

With a group chosen (or, before any choice, the sender's only group), the private commands of
:data:`POLICIES` act on that group with the sender's rights there (any group they are in may be
chosen: a member reads, and records only what their role allows, as in the group), checked at
each command; the private answer names the group, and what was recorded is posted in the group
too. Buttons of those answers carry the group's id. With no choice made and several groups, a
command is answered with the groups to choose from, and nothing is done.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any, cast

from telegram import Bot, Chat, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.context import FollowUpContext
from bot.domain import Standing
from bot.metrics import canonical
from bot.services.group_choice import GroupChoices, MemberLookup
from bot.services.task_life import wants_mine
from handlers.common import (
    Handler,
    answers_user_errors,
    command_text,
    edit_pressed,
    reply,
    request_context,
)
from handlers.group_choice_views import (
    CHOICE_PREFIX,
    OWN_NOTES,
    ask_text,
    choices_keyboard,
    choices_text,
)
from handlers.relay import GROUP_BUTTON, Relay, for_group, relaying

GROUP = ("group", "nhom")
NONE_WORDS = ("none", "off", "0", "rieng", "riêng", "khong", "không")
_BUTTON = re.compile(rf"^{re.escape(GROUP_BUTTON)}([0-9]{{1,12}})\|(.+)$", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Policy:
    """How a private command treats the chosen group."""

    records: bool  # it changes the group's records: the group sees the answer too
    group_only: bool = False  # meaningless in own notes: from them, a group is taken or asked
    # With these arguments and no group chosen, the command reads every group itself.
    across: Callable[[str], bool] | None = None


RECORDS, READS = Policy(records=True), Policy(records=False)
# The commands a private chat sends to its chosen group. A meeting, its attendance and minutes,
# and the secretaries belong to a group, so they ask for a group even from one's own notes.
# ``/tasks mine`` with no group chosen lists one's tasks of every group. Not relayed: /start,
# /help, and the chat's own settings (/lang, /settings, /remind), which a group changes where
# its members see it.
POLICIES = {
    **dict.fromkeys(
        ("task", "done", "decision", "edit", "assign", "note", "cancel", "reopen", "deadline"),
        RECORDS,
    ),
    "org": RECORDS,
    **dict.fromkeys(("meeting", "present", "endmeeting", "secretary"), Policy(True, True)),
    "tasks": Policy(records=False, across=wants_mine),
    **dict.fromkeys(("find", "history", "decisions", "orgs", "export"), READS),
    **dict.fromkeys(("minutes", "secretaries"), Policy(False, True)),
}


def member_lookup(context: FollowUpContext) -> MemberLookup:
    """Where a user stands in a group, as Telegram says (remembered for a minute)."""

    async def lookup(group_telegram_id: int, user_telegram_id: int) -> Standing:
        return await context.services.members.standing(
            context.bot, group_telegram_id, user_telegram_id
        )

    return lookup


@answers_user_errors
async def choose_group(update: Update, context: FollowUpContext) -> None:
    """List the groups the sender is in, as buttons; ``/group none``: back to own notes."""
    message = update.effective_message
    assert message is not None  # CommandHandler only fires on messages
    services, ctx = context.services, request_context(update)
    if ctx.chat.type != Chat.PRIVATE:
        chat = await services.chats.get(ctx)
        t = services.catalogs.get(chat.language)
        await reply(update, t("group.private_only", bot=escape(context.bot.username)))
        return
    if command_text(message).lower() in NONE_WORDS:
        choices = await services.group_choice.select(ctx, None, member_lookup(context))
    else:
        choices = await services.group_choice.choices(ctx, member_lookup(context))
    t = services.catalogs.get(choices.chat.language)
    await reply(update, choices_text(t, choices), choices_keyboard(t, choices))


@answers_user_errors
async def press_choice(update: Update, context: FollowUpContext) -> None:
    """A group's button (or own notes): choose it, if the presser is in it now."""
    query = update.callback_query
    assert query is not None
    assert query.data is not None
    value = query.data.removeprefix(CHOICE_PREFIX)
    group_id = None if value == OWN_NOTES else int(value)
    services = context.services
    choices = await services.group_choice.select(
        request_context(update), group_id, member_lookup(context)
    )
    t = services.catalogs.get(choices.chat.language)
    chosen = choices.selected
    if chosen is None:
        await query.answer(t("group.chosen_own"))
    else:
        await query.answer(t("group.chosen", group=chosen.title or ""))
    # A second tap on the group already chosen shows the same: edit_pressed lets that be.
    await edit_pressed(update, context, choices_text(t, choices), choices_keyboard(t, choices))


async def _relay(
    update: Update,
    context: FollowUpContext,
    policy: Policy,
    group_id: int | None = None,
    *,
    across: bool = False,
) -> Relay | GroupChoices | None:
    """Where a private command acts: None for the private chat itself, else the group, with
    the sender's membership checked now (refused, saying why, if they are no longer in it)
    and whether they administer it; the command checks the rest, as in the group. With no
    group chosen and several to choose from: those, to ask."""
    services, user = context.services, update.effective_user
    assert user is not None  # only commands and buttons come here
    target = await services.group_choice.target(
        request_context(update),
        member_lookup(context),
        group_id=group_id,
        group_only=policy.group_only,
        across=across,
    )
    if target is None or isinstance(target, GroupChoices):
        return target
    # Said privately in the private chat's language; the group's copy in the group's.
    language = target.chat.language
    t, in_group = services.catalogs.get(language), services.catalogs.get(target.group.language)
    name = escape(target.group.title or "")
    header = t("group.in", group=name)
    if target.chosen_now:
        header = t("group.chosen_for_you", group=name) + "\n\n" + header
    copy = in_group("group.copy", name=escape(user.full_name)) if policy.records else None
    return Relay(
        target.group,
        target.is_admin,
        context.bot,
        language,
        header,
        copy,
        t("group.copy_failed"),
    )


async def relay_to(update: Update, context: FollowUpContext, group_id: int) -> Relay:
    """How a private message acts on group ``group_id`` (a reply to a question the bot asked
    there about the group), with the sender's standing in it checked now, as for a command."""
    relay = await _relay(update, context, RECORDS, group_id=group_id)
    assert isinstance(relay, Relay)  # a group was named
    return relay


def _relayed(callback: Handler, policy: Policy) -> Handler:
    """``callback``, acting on the chosen group when its command comes from a private chat."""

    @functools.wraps(callback)
    async def wrapper(update: Update, context: FollowUpContext) -> None:
        chat, message = update.effective_chat, update.effective_message
        relay = None
        if chat is not None and chat.type == Chat.PRIVATE:
            across = (
                message is not None
                and policy.across is not None
                and policy.across(command_text(message))
            )
            relay = await _relay(update, context, policy, across=across)
        if isinstance(relay, GroupChoices):  # several groups, none chosen: which one?
            t = context.services.catalogs.get(relay.chat.language)
            await reply(update, ask_text(t, relay), choices_keyboard(t, relay), record=False)
            return
        if relay is None:
            await callback(update, context)
            return
        with relaying(relay):
            await callback(update, context)

    return answers_user_errors(wrapper)


class _GroupButtons:
    """The bot as a private button's handler sees it: the keyboards it edits into the private
    message keep naming the group (what a button changed in the group is posted there by the
    handler, with ``handlers.common.announce``). PTB's objects call their bot's methods, so a
    thin proxy changes those two calls and nothing else."""

    def __init__(self, bot: Bot, relay: Relay) -> None:
        self._bot, self._relay = bot, relay

    def __getattr__(self, name: str) -> Any:
        return getattr(self._bot, name)

    async def edit_message_text(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["reply_markup"] = for_group(kwargs.get("reply_markup"), self._relay.group.id)
        return await self._bot.edit_message_text(*args, **kwargs)

    async def edit_message_reply_markup(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["reply_markup"] = for_group(kwargs.get("reply_markup"), self._relay.group.id)
        return await self._bot.edit_message_reply_markup(*args, **kwargs)


def _pressed_in_group(
    handlers: Sequence[BaseHandler[Update, FollowUpContext, None]],
) -> CallbackQueryHandler[FollowUpContext, None]:
    """The handler of the buttons of private answers about a group (``@<id>|done:7``)."""

    @answers_user_errors
    async def press_in_group(update: Update, context: FollowUpContext) -> None:
        """Check the presser's right in the button's group, then handle the button as if it
        were pressed there."""
        query = update.callback_query
        assert query is not None
        match = _BUTTON.match(query.data or "")
        assert match is not None  # the handler's pattern
        relay = await _relay(update, context, RECORDS, group_id=int(match[1]))
        assert isinstance(relay, Relay)  # a group was named
        data = update.to_dict()
        data["callback_query"]["data"] = match[2]
        # The message's buttons as in the group, so that a handler finds the one pressed
        # among them (to take it away); the proxy names the group again in what it edits.
        markup = data["callback_query"].get("message", {}).get("reply_markup")
        for row in markup["inline_keyboard"] if markup else ():
            for button in row:
                if "callback_data" in button:
                    button["callback_data"] = _BUTTON.sub(r"\2", button["callback_data"])
        bot = cast(Bot, _GroupButtons(context.bot, relay))
        pressed = Update.de_json(data, bot)
        for handler in handlers:
            check = handler.check_update(pressed)
            if check is not None and check is not False:
                with relaying(relay):
                    app = cast(Any, context.application)  # PTB types it by its own context
                    await handler.handle_update(pressed, app, check, context)
                return
        await query.answer()  # a button this version does not know: nothing to do

    return CallbackQueryHandler(press_in_group, pattern=_BUTTON)


def setup(
    handlers: list[BaseHandler[Update, FollowUpContext, None]],
) -> list[BaseHandler[Update, FollowUpContext, None]]:
    """``/group`` and its buttons, then ``handlers``, their private commands acting on the
    chosen group as :data:`POLICIES` says."""
    buttons = [h for h in handlers if isinstance(h, CallbackQueryHandler)]
    out: list[BaseHandler[Update, FollowUpContext, None]] = [
        CommandHandler(GROUP, choose_group),
        CallbackQueryHandler(
            press_choice, pattern=rf"^{CHOICE_PREFIX}([0-9]{{1,12}}|{OWN_NOTES})$"
        ),
        _pressed_in_group(buttons),
    ]
    for handler in handlers:
        policy = None
        if isinstance(handler, CommandHandler):
            policy = POLICIES.get(canonical(handler.commands))
        if policy is None:
            out.append(handler)
            continue
        command = cast(CommandHandler[FollowUpContext, None], handler)
        out.append(
            CommandHandler(
                command.commands,
                _relayed(command.callback, policy),
                filters=command.filters,
                block=command.block,
                has_args=command.has_args,
            )
        )
    return out
