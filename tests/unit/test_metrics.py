"""Metric labels stay bounded: one per command handler, whatever alias is typed; button, other."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import CommandHandler

import handlers
from bot.commands import MENU
from bot.metrics import UNLISTED, CommandLabels, Metrics


def update(**fields: Any) -> Update:
    base = {"chat": {"id": -1, "type": "supergroup"}, "date": 0, "message_id": 1}
    if "text" in fields:
        return Update.de_json({"update_id": 1, "message": {**base, "text": fields["text"]}}, None)
    query = {"id": "1", "from": {"id": 1, "is_bot": False, "first_name": "Lan"}}
    query |= {"chat_instance": "1", "data": "done:1"}
    return Update.de_json({"update_id": 1, "callback_query": query}, None)


def test_every_alias_of_a_command_gets_its_handlers_label() -> None:
    found = handlers.all_handlers()
    labels = CommandLabels(found)
    for handler in found:
        if isinstance(handler, CommandHandler):
            names = {labels.of(update(text=f"/{alias} x")) for alias in handler.commands}
            assert len(names) == 1, handler.commands
            assert names <= set(MENU) | set(UNLISTED), f"give {handler.commands} a label"
    assert labels.of(update(text="/VIEC@followup_bot @lan: x")) == "task"
    assert labels.of(update(text="/nosuchcommand")) == "other"
    assert labels.of(update(text="chào")) == "other"
    assert labels.of(update()) == "button"
    assert len(labels.labels) <= len(MENU) + len(UNLISTED) + 2


def test_each_metrics_has_its_own_registry() -> None:
    first, second = Metrics(), Metrics()
    first.reminders_sent.inc(3)
    assert b"followup_reminders_sent_total 3.0" in first.render()[0]
    assert b"followup_reminders_sent_total 0.0" in second.render()[0]
