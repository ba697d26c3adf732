"""A task waiting for its secretary to say which organisation a name means.

``/task`` stores it (in the database, so a restart loses nothing) when a name matches no
organisation or several; each button press settles one name; the task is recorded when none is
left, or when the question has waited :data:`DRAFT_LIFETIME`: then with each name still open
kept as typed (:meth:`Draft.as_typed`). The draft is kept as JSON: it holds only what ``/task``
understood, never a guess.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from bot.domain import Assignee, Due

DRAFT_LIFETIME = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Unsettled:
    """A typed name that is not yet an organisation, with the organisations it may mean."""

    text: str
    candidates: tuple[tuple[int, str], ...] = ()
    more: int = 0  # near matches beyond the candidates offered


Item = Assignee | Unsettled


def distinct(items: Iterable[Item]) -> list[Assignee]:
    """The assignees among ``items``, each once ("Khối trưởng, tất cả thành viên")."""
    unique = {
        (a.person_id, a.organisation_id, a.username, a.label): a
        for a in items
        if isinstance(a, Assignee)
    }
    return list(unique.values())


@dataclass(frozen=True, slots=True)
class Draft:
    """What ``/task`` understood, with its assignees in the order typed."""

    title: str
    due: Due | None
    confirmed: bool
    confirm_reasons: tuple[str, ...]
    items: tuple[Item, ...]
    message_id: int | None = None
    thread_id: int | None = None
    new_organisations: tuple[str, ...] = ()
    recurrence: str = ""  # the RRULE of a recurring task, "" for a one-off
    # The meeting open where /task was typed (None: none was), so that the task joins it however
    # late its last name is settled. ``meeting_fixed`` False: the meeting open when the task is
    # stored (a task stored at once, or a draft kept before drafts held their meeting).
    meeting_id: int | None = None
    meeting_fixed: bool = False
    alternative: Due | None = None  # the deadline's one other reading (ParseResult.alternative)

    def next_open(self) -> int | None:
        """The index of the first name still to settle."""
        return next((i for i, it in enumerate(self.items) if isinstance(it, Unsettled)), None)

    def settle(self, index: int, assignee: Assignee, created: bool = False) -> Draft:
        """The draft with name ``index`` settled as ``assignee``."""
        items = list(self.items)
        items[index] = assignee
        new = (*self.new_organisations, assignee.label) if created else self.new_organisations
        return replace(self, items=tuple(items), new_organisations=new)

    def with_organisations_merged(self, merged: Mapping[int, int]) -> Draft:
        """The draft after two chats' organisations were merged (``merged``: the id that went
        -> the id that stands in for it), so that no name points at an organisation gone."""

        def renumbered(item: Item) -> Item:
            if isinstance(item, Unsettled):
                candidates = tuple((merged.get(i, i), name) for i, name in item.candidates)
                return replace(item, candidates=candidates)
            org = item.organisation_id
            return item if org is None else replace(item, organisation_id=merged.get(org, org))

        return replace(self, items=tuple(renumbered(it) for it in self.items))

    def with_organisation_renamed(self, org_id: int, name: str) -> Draft:
        """The draft after organisation ``org_id`` was renamed ``name``: offered, settled and
        recorded as new under that name, as its tasks now show it."""
        old = {a.label for a in self.assignees() if a.organisation_id == org_id}

        def renamed(item: Item) -> Item:
            if isinstance(item, Unsettled):
                candidates = tuple((i, name if i == org_id else n) for i, n in item.candidates)
                return replace(item, candidates=candidates)
            return replace(item, label=name) if item.organisation_id == org_id else item

        new = tuple(name if n in old else n for n in self.new_organisations)
        return replace(self, items=tuple(map(renamed, self.items)), new_organisations=new)

    def without_organisation(self, org_id: int) -> Draft:
        """The draft after organisation ``org_id`` was removed: no longer offered, and a name
        settled as it is asked about again (a task is never stored for an organisation gone)."""
        gone: set[str] = set()

        def kept(item: Item) -> Item:
            if isinstance(item, Unsettled):
                candidates = tuple(c for c in item.candidates if c[0] != org_id)
                return replace(item, candidates=candidates)
            if item.organisation_id != org_id:
                return item
            gone.add(item.label)
            return Unsettled(item.label)

        items = tuple(map(kept, self.items))
        new = tuple(n for n in self.new_organisations if n not in gone)
        return replace(self, items=items, new_organisations=new)

    def as_typed(self) -> Draft:
        """The draft with each name still open kept as typed: a label with no organisation or
        person behind it, shown as typed wherever the task is; ``/assign`` can settle it later."""
        items = tuple(Assignee(it.text) if isinstance(it, Unsettled) else it for it in self.items)
        return replace(self, items=items)

    def assignees(self) -> list[Assignee]:
        """The settled assignees, each once."""
        return distinct(self.items)

    def to_json(self) -> dict[str, Any]:
        """The draft as JSON for its database row."""
        return {
            "title": self.title,
            "due": _due_json(self.due),
            "confirmed": self.confirmed,
            "reasons": list(self.confirm_reasons),
            "items": [_item_json(it) for it in self.items],
            "message_id": self.message_id,
            "thread_id": self.thread_id,
            "new": list(self.new_organisations),
            "rule": self.recurrence,
            **({"meeting": self.meeting_id} if self.meeting_fixed else {}),
            **({"other": _due_json(self.alternative)} if self.alternative else {}),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Draft:
        """The draft read back from its row."""
        return cls(
            title=data["title"],
            due=_due(data["due"]),
            confirmed=data["confirmed"],
            confirm_reasons=tuple(data["reasons"]),
            items=tuple(_item(it) for it in data["items"]),
            message_id=data["message_id"],
            thread_id=data["thread_id"],
            new_organisations=tuple(data["new"]),
            recurrence=str(data.get("rule", "")),
            meeting_id=data.get("meeting"),
            meeting_fixed="meeting" in data,
            alternative=_due(data.get("other")),
        )


def _due_json(due: Due | None) -> list[str] | None:
    return None if due is None else [due.utc.isoformat(), due.precision, due.text]


def _due(data: list[str] | None) -> Due | None:
    return None if data is None else Due(datetime.fromisoformat(data[0]), data[1], data[2])


def _item_json(item: Item) -> dict[str, Any]:
    if isinstance(item, Unsettled):
        return {
            "ask": item.text,
            "candidates": [list(c) for c in item.candidates],
            "more": item.more,
        }
    return {
        "label": item.label,
        "person_id": item.person_id,
        "person_telegram_id": item.person_telegram_id,
        "username": item.username,
        "organisation_id": item.organisation_id,
    }


def _item(data: dict[str, Any]) -> Item:
    if "ask" in data:
        candidates = tuple((int(i), str(n)) for i, n in data["candidates"])
        return Unsettled(data["ask"], candidates, int(data.get("more", 0)))
    return Assignee(**data)


@dataclass(frozen=True, slots=True)
class StoredDraft:
    """A draft as its row holds it: who started it, until when it may be answered."""

    id: int
    chat_id: int
    created_by: int
    expires_at: datetime
    draft: Draft
    creator_name: str = field(default="")
