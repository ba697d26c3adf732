"""One console session: lines in, messages to the group, the bot's answers out."""

from __future__ import annotations

import asyncio
import json
import re
from datetime import timedelta, tzinfo
from typing import Any, TextIO

from telegram import Update
from telegram.ext import TypeHandler

from bot.console import _render as render
from bot.console import _texts as t
from bot.console._clock import ShiftedClock
from bot.console._users import find, full_name
from bot.context import FollowUpApplication
from bot.sandbox import DriverError, Sandbox
from handlers.reminders import deliver_due

JSON = dict[str, Any]
ANSWER_WITHIN = 30.0  # seconds; the bot answers in milliseconds, this only guards against a hang
LAST_GROUP = 1_000_000  # after every handler group of the bot
STEP = re.compile(r"\+(\d{1,4})([wdhm])")
UNITS = {"w": "weeks", "d": "days", "h": "hours", "m": "minutes"}
MAX_STEPS = 10_000  # reminder rounds in one :clock move; a guard, far above any real plan


class Session:
    """The group, who is speaking, what has been shown and which button has which number."""

    def __init__(
        self,
        sandbox: Sandbox,
        application: FollowUpApplication,
        clock: ShiftedClock,
        chat_id: int,
        users: list[JSON],
        roles: dict[int, str],
        *,
        zone: tzinfo,
        out: TextIO,
        interactive: bool,
    ) -> None:
        self.sandbox, self.application, self.clock = sandbox, application, clock
        self.chat_id, self.users, self.user = chat_id, users, users[0]
        self.roles = roles  # user id -> "owner", "administrator"; members are not listed
        self.zone, self.out, self.interactive = zone, out, interactive
        self._shown: dict[int, tuple[Any, ...]] = {}
        self._buttons: dict[int, tuple[int, JSON]] = {}
        self._answers_shown = 0
        self._sent = self._handled = 0
        self._progress = asyncio.Event()
        self._at_prompt = False
        # Counts the updates the bot has finished with, so that each line's answer is printed
        # before the next line is read (the console's own hook; the bot does not know of it).
        application.add_handler(TypeHandler(Update, self._handled_one), group=LAST_GROUP)

    async def _handled_one(self, update: object, context: object) -> None:
        self._handled += 1
        self._progress.set()

    # --- output ----------------------------------------------------------------------------

    def say(self, text: str) -> None:
        """Print a line of the console's own, above the prompt if one is showing."""
        if self._at_prompt:
            self.out.write("\n")
        self.out.write(text + "\n")
        if self._at_prompt:
            self.prompt()
        self.out.flush()

    def prompt(self) -> None:
        """Show whose turn it is (only when a person is typing)."""
        if self.interactive:
            self.out.write(t.PROMPT.format(name=self.user["first_name"]))
            self.out.flush()
            self._at_prompt = True

    def echo(self, line: str) -> None:
        """Scripted input is shown after the prompt, so the output reads as a conversation."""
        self._at_prompt = False
        if not self.interactive:
            self.out.write(t.PROMPT.format(name=self.user["first_name"]) + line + "\n")

    def show_new(self) -> None:
        """Print the bot's messages (new or edited) and its pop-ups since the last call."""
        bot_id = self.sandbox.bot["id"]
        for message in self.sandbox.transcript(self.chat_id):
            if message["from"]["id"] != bot_id:
                continue
            key = int(message["message_id"])
            look = (render.body(message), json.dumps(message.get("reply_markup")))
            if self._shown.get(key) == look:
                continue
            edited = key in self._shown
            self._shown[key] = look
            self.say(self._format(message, edited))
        answers = self.sandbox.callback_answers
        for answer in answers[self._answers_shown :]:
            if answer.get("text"):
                kind = "alert" if answer.get("show_alert") else "pop-up"
                self.say(t.POPUP.format(kind=kind, text=answer["text"]))
        self._answers_shown = len(answers)

    def _format(self, message: JSON, edited: bool) -> str:
        lines = [render.header(message, self.zone, edited), render.indented(render.body(message))]
        labels = []
        for button in render.buttons(message):
            if "callback_data" in button:
                number = len(self._buttons) + 1
                self._buttons[number] = (int(message["message_id"]), button)
                labels.append(f"[{number}] {button['text']}")
            elif "url" in button:
                labels.append(t.LINK_BUTTON.format(label=button["text"], url=button["url"]))
        if labels:
            lines.append(render.indented("  ".join(labels)))
        return "\n".join(lines)

    async def watch(self) -> None:
        """Print what the bot posts on its own (reminders), as it arrives; runs until cancelled."""
        while True:
            try:
                await self.sandbox.wait_for_deliveries(len(self.sandbox.deliveries) + 1, 3600)
            except TimeoutError:
                continue
            self.show_new()

    # --- input -----------------------------------------------------------------------------

    async def handle(self, line: str) -> bool:
        """Act on one line; False when the person asked to leave."""
        line = line.strip()
        if not line:
            return True
        if not line.startswith(":"):
            await self._send(line)
            return True
        name, _, argument = line[1:].strip().partition(" ")
        name, argument = name.lower(), argument.strip()
        if name in ("quit", "q", "exit"):
            return False
        if name.isdigit():
            await self._press(int(name))
        elif name in ("help", "h", "?"):
            self.say(t.HELP)
        elif name == "users":
            self._list_users()
        elif name in ("user", "as"):
            self._switch(argument)
        elif name == "join":
            await self._join(argument)
        elif name == "clock":
            await self._clock(argument)
        else:
            self.say(t.UNKNOWN.format(name=name))
        return True

    async def _send(self, text: str) -> None:
        try:
            await self.sandbox.send_message(self.chat_id, self.user["id"], text)
        except DriverError as exc:
            self.say(t.NOT_SENT.format(reason=exc))
            return
        await self._settle()

    async def _press(self, number: int) -> None:
        if number not in self._buttons:
            self.say(t.NO_BUTTON.format(number=number))
            return
        message_id, button = self._buttons[number]
        try:
            await self.sandbox.click(
                self.chat_id, self.user["id"], message_id, button["callback_data"]
            )
        except DriverError as exc:
            self.say(t.BUTTON_GONE.format(number=number, reason=exc))
            return
        self.say(t.PRESSES.format(user=full_name(self.user), label=button["text"]))
        await self._settle()

    async def _settle(self) -> None:
        """Wait until the bot has handled everything sent so far, then print its answers."""
        self._sent += 1
        try:
            async with asyncio.timeout(ANSWER_WITHIN):
                while self._handled < self._sent:
                    self._progress.clear()
                    await self._progress.wait()
        except TimeoutError:
            self.say(t.NO_ANSWER.format(seconds=int(ANSWER_WITHIN)))
            self._handled = self._sent
        self.show_new()

    # --- people and time -------------------------------------------------------------------

    def _list_users(self) -> None:
        for number, user in enumerate(self.users, start=1):
            username = f" (@{user['username']})" if user.get("username") else ""
            line = t.USER_LINE.format(
                mark="→" if user is self.user else " ",
                number=number,
                name=full_name(user),
                username=username,
                status=self.roles.get(int(user["id"]), "member"),
            )
            self.say(line)

    def _switch(self, query: str) -> None:
        found = find(self.users, query)
        if len(found) == 1:
            self.user = found[0]
            self.say(t.YOU_ARE.format(user=full_name(self.user)))
        elif found:
            names = ", ".join(full_name(user) for user in found)
            self.say(t.AMBIGUOUS_USER.format(query=query, names=names))
        else:
            self.say(t.NO_SUCH_USER.format(query=query))

    async def _join(self, argument: str) -> None:
        words = argument.split()
        username = next((w.removeprefix("@") for w in words if w.startswith("@")), None)
        name = " ".join(w for w in words if not w.startswith("@"))
        if not name:
            self.say(t.HELP)
            return
        user = self.sandbox.add_user(name, username=username, language_code="vi")
        await self.sandbox.set_member_status(self.chat_id, user, "member")
        self.users.append(user)
        self.user = user
        self.say(t.JOINED.format(user=full_name(user)))

    async def _clock(self, argument: str) -> None:
        if not argument:
            now = self.clock.now().astimezone(self.zone).strftime("%A %d/%m/%Y %H:%M")
            self.say(t.CLOCK_NOW.format(now=now, zone=self.zone))
            return
        step = STEP.fullmatch(argument.replace(" ", ""))
        if step is None:
            self.say(t.CLOCK_USAGE)
            return
        target = self.clock.now() + timedelta(**{UNITS[step[2]]: int(step[1])})
        await self._run_reminders_until(target)
        self.clock.move_to(target)
        now = self.clock.now().astimezone(self.zone).strftime("%A %d/%m/%Y %H:%M")
        self.say(t.CLOCK_MOVED.format(now=now))

    async def _run_reminders_until(self, target: Any) -> None:
        """Move from one due reminder to the next, sending each as the timer would."""
        services = self.application.services
        for _ in range(MAX_STEPS):
            due = await services.reminders.next_fire_at()
            if due is None or due > target:
                return
            self.clock.move_to(due)
            await deliver_due(self.application.bot, services)
            self.show_new()
