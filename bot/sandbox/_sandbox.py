"""The facade: one object that builds the world, serves the Bot API and drives conversations."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Literal

from aiohttp import web

from bot.clock import Clock, SystemClock
from bot.sandbox import _driver, _senders, _topics, _webhook
from bot.sandbox._driver_http import add_driver_routes
from bot.sandbox._errors import DriverError
from bot.sandbox._limits import FloodControl, TelegramLimits
from bot.sandbox._server import build_app
from bot.sandbox._state import JSON, Delivery, SandboxState
from bot.sandbox._webhook import WebhookDelivery
from bot.sandbox._world import MEMBER_RIGHTS, World

logger = logging.getLogger(__name__)


class Sandbox:
    """A local Telegram Bot API server with a scriptable world.

    Point python-telegram-bot at it with ``base_url=f"{sandbox.root_url}/bot"``.

    With ``enforce_limits=True`` it answers message calls (sendMessage, editMessageText...) with
    Telegram's 429 ``retry after N`` when the bot exceeds ``limits`` (by default 30 a second in
    all and 20 a minute per group, as sliding windows). The windows run on ``limits_clock``, the
    real clock unless given: the bot paces itself in real time even when ``clock`` is a fake.
    ``privacy_mode`` is what ``getMe`` reports (``can_read_all_group_messages`` is its opposite).
    """

    def __init__(
        self,
        clock: Clock | None = None,
        bot_token: str = "123456:SANDBOX-TOKEN",
        bot_username: str = "followup_sandbox_bot",
        bot_first_name: str = "Follow-up Sandbox",
        *,
        enforce_limits: bool = False,
        limits: TelegramLimits | None = None,
        limits_clock: Clock | None = None,
        privacy_mode: bool = True,
    ) -> None:
        bot_id = int(bot_token.split(":", 1)[0])
        bot: JSON = {"id": bot_id, "is_bot": True, "first_name": bot_first_name}
        bot["username"] = bot_username
        self._state = SandboxState(World(clock or SystemClock(), bot), bot_token)
        self._state.privacy_mode = privacy_mode
        if enforce_limits:
            self._state.flood = FloodControl(limits_clock or SystemClock(), limits)
        self._runner: web.AppRunner | None = None
        self._root_url: str | None = None

    # --- lifecycle -------------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Start serving; return the root URL (``port=0`` picks a free port)."""
        if self._runner is not None:
            raise RuntimeError("the sandbox is already running")
        app = build_app(self._state)
        add_driver_routes(app)
        # Long polls and held "timeout" faults end as soon as stop() begins, so a short grace
        # period is enough.
        runner = web.AppRunner(app, shutdown_timeout=2.0, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, host, port)
        try:
            await site.start()
        except BaseException:  # a busy port: leave nothing half set up
            await runner.cleanup()
            raise
        bound_port = int(runner.addresses[0][1])
        self._runner = runner
        self._root_url = f"http://{host}:{bound_port}"
        logger.info("sandbox Bot API listening on %s", self._root_url)
        return self._root_url

    async def stop(self) -> None:
        """End long polls and held calls, then shut the server down."""
        self._state.stopping.set()
        await _webhook.stop(self._state)
        await self._state.updates.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def root_url(self) -> str:
        """``http://host:port`` of the running server."""
        if self._root_url is None:
            raise RuntimeError("the sandbox has not been started")
        return self._root_url

    @property
    def bot_token(self) -> str:
        """The one token the server accepts."""
        return self._state.token

    @property
    def bot(self) -> JSON:
        """The bot's ``User``."""
        return self._state.bot

    # --- world building --------------------------------------------------------------------

    def add_user(
        self,
        first_name: str,
        username: str | None = None,
        last_name: str | None = None,
        language_code: str | None = None,
    ) -> JSON:
        """Create a user; return it shaped like a Telegram ``User``."""
        return self._state.world.add_user(
            first_name, username=username, last_name=last_name, language_code=language_code
        )

    def add_group(
        self,
        title: str,
        members: list[JSON] | None = None,
        admins: list[JSON] | None = None,
        type: Literal[
            "group", "supergroup"
        ] = "supergroup",  # Telegram's field name, kept on purpose
        is_forum: bool = False,
    ) -> JSON:
        """Create a group with the bot in it; the first admin is the creator. Return the Chat."""
        members = list(members or [])
        admins = list(admins or [])
        return self._state.world.add_group(title, members + admins, admins, type, is_forum)

    async def set_member_status(
        self, chat_id: int, user: JSON, status: str, **rights: bool
    ) -> JSON:
        """Make ``user`` (or :attr:`bot`) an administrator, member, restricted, left or kicked.

        Rights narrow an administrator's (all granted by default: ``can_pin_messages=False``)
        or a restricted member's (all kept by default: ``can_send_messages=False``). A change of
        the bot's own status reaches the bot as a ``my_chat_member`` update. Return the member.
        """
        return await _driver.set_member_status(
            self._state, chat_id, int(user["id"]), status, rights
        )

    def member_status(self, chat_id: int, user: JSON) -> str:
        """``user``'s status in the chat: creator, administrator, member, restricted, left or
        kicked (``left`` for someone who was never in it)."""
        return self._state.world.driver_chat(chat_id).members.get(int(user["id"]), "left")

    def create_topic(self, chat_id: int, user: JSON, name: str) -> int:
        """``user`` opens a topic in a forum supergroup; return its ``message_thread_id``."""
        world = self._state.world
        return _topics.create(world, world.driver_chat(chat_id), world.user(int(user["id"])), name)

    def set_topic_state(self, chat_id: int, user: JSON, thread_id: int, state: str) -> None:
        """``user`` closes (``"closed"``), reopens (``"open"``) or deletes (``"deleted"``) a
        topic; the bot then gets TOPIC_CLOSED or "message thread not found" when it posts there."""
        world = self._state.world
        record, actor = world.driver_chat(chat_id), world.user(int(user["id"]))
        _topics.set_state(world, record, actor, thread_id, state)

    def set_chat_permissions(self, chat_id: int, **permissions: bool) -> None:
        """Change what the members of a group may do (``can_send_messages=False``...)."""
        record = self._state.world.driver_chat(chat_id)
        unknown = sorted(set(permissions) - set(MEMBER_RIGHTS))
        if unknown:
            raise DriverError(f"unknown chat permissions: {unknown}")
        record.permissions.update(permissions)

    def add_private_chat(self, user: JSON) -> JSON:
        """Open the private chat between ``user`` and the bot; return the Chat."""
        return self._state.world.add_private_chat(user)

    def add_channel(self, title: str, username: str | None = None) -> JSON:
        """Create a channel that can post in groups (see :meth:`channel_says`); return the Chat."""
        return self._state.world.add_channel(title, username)

    async def migrate_group(self, chat_id: int) -> JSON:
        """Upgrade a basic group to a supergroup (as Telegram does); return the new Chat."""
        return await _driver.migrate_group(self._state, chat_id)

    # --- driving ---------------------------------------------------------------------------

    async def send_message(
        self,
        chat_id: int,
        user_id: int,
        text: str,
        reply_to_message_id: int | None = None,
        entities: list[JSON] | None = None,
        message_thread_id: int | None = None,
        *,
        anonymous: bool = False,
    ) -> JSON:
        """A user writes ``text`` in the chat; the bot gets the update. Return the Message.

        ``anonymous=True``: administrator ``user_id`` writes as the group (Telegram's anonymous
        admin, as :meth:`anonymous_admin_says` sends it).
        """
        if anonymous:
            status = self._state.world.driver_chat(chat_id).members.get(user_id)
            if status not in {"creator", "administrator"}:
                raise DriverError(f"user {user_id} is not an administrator of chat {chat_id}")
            return await _senders.anonymous_admin_says(
                self._state,
                chat_id,
                text,
                entities=entities,
                reply_to_message_id=reply_to_message_id,
            )
        return await _driver.user_says(
            self._state,
            chat_id,
            user_id,
            text,
            reply_to_message_id=reply_to_message_id,
            entities=entities,
            message_thread_id=message_thread_id,
        )

    async def click(
        self, chat_id: int, user_id: int, message_id: int, data: str, *, forged: bool = False
    ) -> str:
        """A user presses the inline button with ``data``; return the callback query id. The bot
        may answer it for 15 s of ``clock``; later, Telegram refuses: "query is too old".

        ``forged``: send data no button of the message carries, as a modified client can.
        """
        return await _driver.click(self._state, chat_id, user_id, message_id, data, forged)

    async def anonymous_admin_says(self, chat_id: int, text: str, **kwargs: Any) -> JSON:
        """An anonymous administrator writes in the group (``from`` GroupAnonymousBot,
        ``sender_chat`` the group); keywords: entities, reply_to_message_id, author_signature."""
        return await _senders.anonymous_admin_says(self._state, chat_id, text, **kwargs)

    async def channel_says(self, chat_id: int, channel_id: int, text: str, **kwargs: Any) -> JSON:
        """A channel's message in the group (``sender_chat`` the channel); keywords: entities,
        automatic_forward (a linked channel's post copied into its discussion group)."""
        return await _senders.channel_says(self._state, chat_id, channel_id, text, **kwargs)

    async def unsigned_says(self, chat_id: int, text: str) -> JSON:
        """A message in the group with neither ``from`` nor ``sender_chat``, as only a Bot API
        server other than Telegram's sends one in a group; not kept in the chat's history."""
        return await _senders.unsigned_says(self._state, chat_id, text)

    async def send_media(
        self, chat_id: int, user_id: int, kind: str, caption: str | None = None
    ) -> JSON:
        """A member sends a message without text: a ``photo``, ``document``, ``sticker`` or
        ``location``; a photo or a document may carry a ``caption`` (with its entities)."""
        return await _senders.send_media(self._state, chat_id, user_id, kind, caption)

    async def service_message(self, chat_id: int, user_id: int, **fields: Any) -> JSON:
        """Telegram's service message about what ``user_id`` did: ``pinned_message=<id>``,
        ``new_chat_title="..."``, ``new_chat_members=[<user id>...]``,
        ``left_chat_member=<user id>``, or any other field of a service message as is.
        Newcomers become members and whoever left is ``left``, as Telegram makes them (a
        banned user stays ``kicked``)."""
        return await _senders.service_message(self._state, chat_id, user_id, fields)

    def delete_message(self, chat_id: int, message_id: int) -> None:
        """A user deletes a message of the chat; the bot is not told (Telegram sends no
        update), so an answer that quotes it meets "message to be replied not found"."""
        _senders.delete_message(self._state, chat_id, message_id)

    async def press_inline(self, user_id: int, data: str) -> str:
        """A user presses a button under a message sent through the bot in inline mode: the
        query has an ``inline_message_id`` and neither message nor chat. Return its id."""
        return await _senders.press_inline(self._state, user_id, data)

    async def edit_message(
        self, chat_id: int, message_id: int, text: str, entities: list[JSON] | None = None
    ) -> JSON:
        """The author changes an earlier message; the bot gets an ``edited_message`` update."""
        return await _senders.edit_message(
            self._state, chat_id, message_id, text, entities=entities
        )

    async def press(self, chat_id: int, user_id: int, message_id: int, data: str) -> str:
        """Press a button nobody was shown: forged or stale ``data`` (1-64 bytes) under any
        message of the chat (or one that does not exist), by any user. Return the query id."""
        return await _senders.press(self._state, chat_id, user_id, message_id, data)

    async def press_without_data(
        self, chat_id: int, user_id: int, message_id: int, data: str | None = ""
    ) -> str:
        """A press with empty ``data`` (or none: None), which only a Bot API server other than
        Telegram's sends, under any message of the chat. Return the query id."""
        return await _senders.press_without_data(self._state, chat_id, user_id, message_id, data)

    async def wait_until_taken(self, timeout: float = 5.0) -> None:  # noqa: ASYNC109 - seconds
        """Wait until the bot has confirmed (by getUpdates ``offset``) every queued update, so
        each is in its hands; with PTB, ``application.update_queue.join()`` then waits for the
        handling to finish."""
        queue = self._state.updates
        if not await queue.taken.wait_until(lambda: queue.pending_count == 0, timeout):
            raise TimeoutError(
                f"waited {timeout}s for the bot to take {queue.pending_count} update(s)"
            )

    async def wait_for_bot_messages(
        self,
        chat_id: int,
        count: int = 1,
        # A plain number of seconds is what the callers want here, not an asyncio.timeout().
        timeout: float = 5.0,  # noqa: ASYNC109
        after_message_id: int | None = None,
    ) -> list[JSON]:
        """Wait for ``count`` bot messages after ``after_message_id`` (default: last user one)."""
        return await _driver.wait_for_bot_messages(
            self._state, chat_id, count, timeout, after_message_id
        )

    async def wait_for_calls(
        self,
        method: str,
        count: int = 1,
        timeout: float = 5.0,  # noqa: ASYNC109 - seconds, like wait_for_bot_messages
    ) -> list[JSON]:
        """Wait until ``count`` calls of ``method`` have arrived in all; return their params."""
        return await _driver.wait_for_calls(self._state, method, count, timeout)

    async def wait_for_deliveries(
        self,
        count: int,
        timeout: float = 5.0,  # noqa: ASYNC109 - seconds, like wait_for_bot_messages
    ) -> list[Delivery]:
        """Wait until the bot has posted ``count`` messages in all, in any chats; return them."""
        state = self._state
        if await state.bot_activity.wait_until(lambda: len(state.deliveries) >= count, timeout):
            return list(state.deliveries)
        raise TimeoutError(
            f"waited {timeout}s for {count} bot message(s) in all, got {len(state.deliveries)}"
        )

    async def wait_until(
        self,
        condition: Callable[[], bool],
        timeout: float = 5.0,  # noqa: ASYNC109 - seconds, like wait_for_bot_messages
    ) -> None:
        """Wait until ``condition()`` holds, checked after each call the bot makes."""
        if not await self._state.bot_activity.wait_until(condition, timeout):
            raise TimeoutError(f"waited {timeout}s and the condition still does not hold")

    def transcript(self, chat_id: int) -> list[JSON]:
        """The chat's messages in order, both sides, edits applied, deletions gone."""
        return _driver.transcript(self._state, chat_id)

    def inject_fault(self, method: str, kind: str, times: int | None = 1, **options: Any) -> None:
        """Make calls of ``method`` (``"*"``: any) fail with ``kind``: 429 500 502 timeout drop
        drop_after garbled 403 migrate (see ``bot.sandbox._faults``).

        Without ``rate`` the next ``times`` calls fail; with ``rate=`` each call fails with that
        probability, drawn from ``random.Random(seed=)``, until ``times`` faults (None: no end).
        ``retry_after=`` is the 429's pause. The options are ``FaultInjector.add``'s.
        """
        self._state.faults.add(method, kind, times, **options)

    def faults_served(self, method: str | None = None, kind: str | None = None) -> int:
        """How many injected faults calls have met (of ``method`` and ``kind`` when given)."""
        return self._state.faults.served_count(method, kind)

    @property
    def faults_pending(self) -> int:
        """How many counted faults still wait for a call to fail (rate plans not included)."""
        return self._state.faults.pending

    def clear_faults(self) -> None:
        """Stop injecting faults (the counts of those served stay)."""
        self._state.faults.clear()

    def lose_webhook_answers(self, times: int = 1) -> None:
        """Throw away the bot's next ``times`` webhook answers, so those updates are posted again
        (as Telegram does when the connection drops before the answer arrives)."""
        if times < 1:
            raise ValueError("times must be at least 1")
        self._state.webhook.lose_answers += times

    async def deliver_again(self, count: int = 1) -> list[int]:
        """Put the last ``count`` updates the bot confirmed at the head of its next
        ``getUpdates`` answer, with their own ``update_id``s, whatever ``offset`` it asks for
        (what a Bot API server does when it lost the bot's confirmation, or a proxy replays a
        batch). Return their ids."""
        return await self._state.updates.deliver_again(count)

    # --- what the bot did ------------------------------------------------------------------

    @property
    def callback_answers(self) -> list[JSON]:
        """Every answerCallbackQuery received, in order."""
        return self._state.callback_answers

    @property
    def api_errors(self) -> list[tuple[str, str]]:
        """Every Bot API call the sandbox refused as Telegram would: (method, description)."""
        return self._state.api_errors

    @property
    def commands(self) -> dict[tuple[str, str], list[JSON]]:
        """setMyCommands menus keyed by (scope type, language code or "")."""
        return self._state.commands

    @property
    def calls(self) -> list[tuple[str, JSON]]:
        """Every Bot API call received as (method, parameters), faulted ones included."""
        return self._state.calls

    @property
    def deliveries(self) -> list[Delivery]:
        """Every message the bot posted, with the instant (``clock``) the sandbox received it."""
        return self._state.deliveries

    @property
    def too_many_requests(self) -> int:
        """How many calls were refused with a 429 for exceeding the limits (faults excluded)."""
        return 0 if self._state.flood is None else self._state.flood.too_many_requests

    @property
    def webhook_url(self) -> str:
        """The URL the bot set with setWebhook; empty when it polls."""
        return self._state.webhook.url

    @property
    def webhook_deliveries(self) -> list[WebhookDelivery]:
        """Every POST of an update to the webhook, in order, with the status it got."""
        return self._state.webhook.deliveries

    async def wait_for_webhook_deliveries(
        self,
        count: int,
        timeout: float = 5.0,  # noqa: ASYNC109 - seconds, like wait_for_bot_messages
    ) -> list[WebhookDelivery]:
        """Wait until ``count`` POSTs to the webhook have been answered (or failed)."""
        hook = self._state.webhook
        if await self._state.bot_activity.wait_until(
            lambda: len(hook.deliveries) >= count, timeout
        ):
            return list(hook.deliveries)
        raise TimeoutError(
            f"waited {timeout}s for {count} webhook deliveries, got {len(hook.deliveries)}; "
            f"last error: {hook.last_error_message or 'none'}"
        )

    @property
    def files(self) -> dict[str, Any]:
        """Documents the bot uploaded, by file id (each has filename, content, content_type)."""
        return self._state.files
