"""Prometheus metrics of one application, in a registry of its own.

A registry per application (not prometheus-client's global one) lets tests, and two replicas in
one process, count separately. Labels are bounded: a command's canonical name (one per command
handler, whatever alias was typed), ``button`` or ``other``; a failure's reason from a fixed set.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.exposition import generate_latest
from telegram import Update
from telegram.ext import BaseHandler, CommandHandler

from bot.commands import MENU

# Commands outside the menu that still get their own label, as handlers name them in English.
UNLISTED = (
    "start",
    "org",
    "present",
    "secretary",
    "secretaries",
    "find",
    "edit",
    "assign",
    "note",
    "cancel",
    "reopen",
    "history",
    "forget",
)
BUTTON = "button"
OTHER = "other"
# Handling an update is a few database round trips and one or two Bot API calls.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
FAILURE_REASONS = ("retry", "chat_gone")


def canonical(commands: Iterable[str]) -> str:
    """The label of a handler's commands: its menu name, else its English name, else the first."""
    names = sorted(commands)
    for known in (*MENU, *UNLISTED):
        if known in names:
            return known
    return names[0]


class CommandLabels:
    """Maps a typed command, alias or not, to the label of the handler that answers it."""

    def __init__(self, handlers: Iterable[BaseHandler[Any, Any, Any]] = ()) -> None:
        self._labels: dict[str, str] = {}
        for handler in handlers:
            if isinstance(handler, CommandHandler):
                label = canonical(handler.commands)
                self._labels.update(dict.fromkeys(handler.commands, label))

    @property
    def labels(self) -> frozenset[str]:
        """Every label an update can get."""
        return frozenset(self._labels.values()) | {BUTTON, OTHER}

    def of(self, update: object) -> str:
        """The label of an update: its command's, ``button`` or ``other``."""
        if not isinstance(update, Update):
            return OTHER
        if update.callback_query is not None:
            return BUTTON
        message = update.message
        if message is None or not message.text or not message.text.startswith("/"):
            return OTHER
        typed = message.text.split(maxsplit=1)[0][1:].split("@", 1)[0].lower()
        return self._labels.get(typed, OTHER)


class Metrics:
    """The bot's counters, histograms and gauges; ``render()`` gives the exposition text."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        registry = self.registry
        self.commands = CommandLabels()
        self.updates = Counter(
            "followup_updates", "Updates handled, by command", ["command"], registry=registry
        )
        self.duplicates = Counter(
            "followup_updates_duplicate",
            "Updates delivered again (webhook retries, replicas, getUpdates repeats) and skipped",
            registry=registry,
        )
        self.latency = Histogram(
            "followup_update_handling_seconds",
            "Time to handle one update, by command",
            ["command"],
            buckets=LATENCY_BUCKETS,
            registry=registry,
        )
        self.reminders_planned = Counter(
            "followup_reminders_planned", "Reminder rows written to the plan", registry=registry
        )
        self.reminders_sent = Counter(
            "followup_reminders_sent", "Reminders delivered to Telegram", registry=registry
        )
        self.reminders_late = Counter(
            "followup_reminders_late",
            "Reminders delivered more than LATE_AFTER (2 minutes) after they fell due",
            registry=registry,
        )
        self.reminders_failed = Counter(
            "followup_reminders_failed",
            "Reminders not delivered on an attempt: put back for a retry, or the chat is gone",
            ["reason"],
            registry=registry,
        )
        self.telegram_requests = Counter(
            "followup_telegram_requests",
            "Bot API calls, by result (ok or error)",
            ["result"],
            registry=registry,
        )
        self.telegram_429 = Counter(
            "followup_telegram_429",
            "Bot API calls refused with 429 Too Many Requests",
            registry=registry,
        )
        self.update_queue = Gauge(
            "followup_update_queue_size",
            "Updates received and not yet handled (python-telegram-bot's update_queue)",
            registry=registry,
        )
        self.reminders_due = Gauge(
            "followup_reminders_due",
            "Reminders due now and not sent yet, in all replicas (read at each scrape)",
            registry=registry,
        )
        for reason in FAILURE_REASONS:
            self.reminders_failed.labels(reason)
        for result in ("ok", "error"):
            self.telegram_requests.labels(result)

    def watch_handlers(self, handlers: Iterable[BaseHandler[Any, Any, Any]]) -> None:
        """Learn the command labels from the application's handlers (all zero at first)."""
        self.commands = CommandLabels(handlers)
        for label in self.commands.labels:
            self.updates.labels(label)

    def handled(self, update: object, seconds: float) -> None:
        """One update was handled in ``seconds``."""
        label = self.commands.of(update)
        self.updates.labels(label).inc()
        self.latency.labels(label).observe(seconds)

    def render(self) -> tuple[bytes, str]:
        """The exposition text and its content type."""
        return generate_latest(self.registry), CONTENT_TYPE_LATEST
