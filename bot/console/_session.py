"""One console session: lines in, messages where the person posts, the bot's answers out."""

from __future__ import annotations

import asyncio
import json
from datetime import tzinfo
from typing import Any, TextIO

from telegram import Update
from telegram.ext import TypeHandler

from bot.console import _commands as commands
from bot.console import _render as render
from bot.console import _texts as t
from bot.console._clock import ShiftedClock
from bot.console._places import Places
from bot.console._users import full_name
from bot.context import FollowUpApplication
from bot.sandbox import DriverError, Sandbox

JSON = dict[str, Any]
ANSWER_WITHIN = 30.0  # seconds; the bot answers in milliseconds, this only guards against a hang
LAST_GROUP = 1_000_000  # after every handler group of the bot
AWAY = frozenset({"left", "kicked"})  # the statuses of someone who is not in a chat


class Session:
    """Who is speaking and where, what has been shown and which button has which number."""

    def __init__(
        self,
        sandbox: Sandbox,
        application: FollowUpApplication,
        clock: ShiftedClock,
        places: Places,
        users: list[JSON],
        *,
        zone: tzinfo,
        out: TextIO,
        interactive: bool,
    ) -> None:
        self.sandbox, self.application, self.clock = sandbox, application, clock
        self.places, self.users, self.user = places, users, users[0]
        self.zone, self.out, self.interactive = zone, out, interactive
        self.reply_to: int | None = None  # the message the next one answers (:reply 5)
        self._lines: list[str] | None = None  # the lines of a :multi message so far
        self._shown: dict[tuple[int, int], tuple[Any, ...]] = {}  # by chat id and message id
        self._buttons: dict[int, tuple[int, int, JSON]] = {}  # chat id, message id, button
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
            self.out.write(self._prompt())
            self.out.flush()
            self._at_prompt = True

    def _prompt(self) -> str:
        if self._lines is not None:
            return t.MORE
        return t.PROMPT.format(name=self.user["first_name"], where=self.places.where())

    def echo(self, line: str) -> None:
        """Scripted input is shown after the prompt, so the output reads as a conversation."""
        self._at_prompt = False
        if not self.interactive:
            self.out.write(self._prompt() + line + "\n")

    def show_new(self) -> None:
        """Print the bot's messages (new or edited) in every chat, and its pop-ups, since the
        last call."""
        bot_id = self.sandbox.bot["id"]
        for chat_id in self.places.chat_ids():
            for message in self.sandbox.transcript(chat_id):
                if message["from"]["id"] != bot_id:
                    continue
                key = (chat_id, int(message["message_id"]))
                look = (render.body(message), json.dumps(message.get("reply_markup")))
                if self._shown.get(key) == look:
                    continue
                edited = key in self._shown
                self._shown[key] = look
                self.say(self._format(chat_id, message, edited))
        answers = self.sandbox.callback_answers
        for answer in answers[self._answers_shown :]:
            if answer.get("text"):
                kind = "alert" if answer.get("show_alert") else "pop-up"
                self.say(t.POPUP.format(kind=kind, text=answer["text"]))
        self._answers_shown = len(answers)

    def _format(self, chat_id: int, message: JSON, edited: bool) -> str:
        thread = message.get("message_thread_id") if message.get("is_topic_message") else None
        elsewhere = self.places.elsewhere(chat_id, thread)
        lines = [
            render.header(message, self.zone, edited, elsewhere),
            render.indented(render.body(message)),
        ]
        labels = []
        for button in render.buttons(message):
            if "callback_data" in button:
                number = len(self._buttons) + 1
                self._buttons[number] = (chat_id, int(message["message_id"]), button)
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
        if self._lines is not None:
            await self._more(line)
            return True
        line = line.strip()
        if not line:
            return True
        if not line.startswith(":"):
            await self.send(line)
            return True
        name, _, argument = line[1:].strip().partition(" ")
        name, argument = name.lower(), argument.strip()
        if name in ("quit", "q", "exit"):
            return False
        if name.isdigit():
            await self._press(int(name))
        elif name in commands.COMMANDS:
            await commands.COMMANDS[name](self, argument)
        else:
            self.say(t.UNKNOWN.format(name=name))
        return True

    def begin_lines(self, first: str) -> None:
        """Take the lines that follow as one message, up to a line ``:end`` (``:multi``);
        ``first``, what followed ``:multi`` on its line, is its first line."""
        self._lines = [first] if first else []
        self.say(t.MULTI)

    async def _more(self, line: str) -> None:
        """A line of a ``:multi`` message, kept as typed (indents continue a command)."""
        assert self._lines is not None
        if line.strip() != ":end":
            self._lines.append(line.rstrip())
            return
        text, self._lines = "\n".join(self._lines).strip(), None
        await self.send(text)

    def finish(self) -> None:
        """The input has ended: say that a message begun with ``:multi`` was not sent."""
        if self._lines is not None:
            self._lines = None
            self.say(t.MULTI_UNSENT)

    @property
    def bot_has_acted(self) -> bool:
        """Whether the bot has been told anything, or has posted anything, in this console."""
        return self._sent > 0 or bool(self.sandbox.deliveries)

    def is_in(self, chat_id: int) -> bool:
        """Whether the speaker is a member of the chat (and may post or press there)."""
        return self.sandbox.member_status(chat_id, self.user) not in AWAY

    async def send(self, text: str) -> None:
        """Post ``text`` from the speaker where they post, as a reply if ``:reply`` said so."""
        chat_id, thread = self.places.chat_id, self.places.thread
        if not self.is_in(chat_id):
            place = self.places.name(chat_id, thread)
            self.say(t.NOT_A_MEMBER.format(user=full_name(self.user), place=place))
            return
        replied, self.reply_to = self.reply_to, None  # a message not sent is not retried
        try:
            message = await self.sandbox.send_message(
                chat_id,
                self.user["id"],
                text,
                reply_to_message_id=replied,
                message_thread_id=thread,
            )
        except DriverError as exc:
            self.say(t.NOT_SENT.format(reason=exc))
            return
        if replied is None:
            self.say(t.SENT.format(number=message["message_id"]))
        else:
            self.say(t.SENT_REPLY.format(number=message["message_id"], replied=replied))
        await self._settle()

    async def _press(self, number: int) -> None:
        if number not in self._buttons:
            self.say(t.NO_BUTTON.format(number=number))
            return
        chat_id, message_id, button = self._buttons[number]
        if not self.is_in(chat_id):
            place = self.places.name(chat_id, None)
            self.say(t.NOT_THERE.format(user=full_name(self.user), place=place, number=number))
            return
        try:
            await self.sandbox.click(chat_id, self.user["id"], message_id, button["callback_data"])
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
