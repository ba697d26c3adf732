"""Reading who a task is for out of the text of ``/task``, and naming each person of it once.

``/task @lan, Hội Chữ thập đỏ: gửi đề xuất cuối tháng 7``: what stands before the first colon
(not one between digits, as in ``17:00``) is a comma-separated list of assignees. Without such a
colon, the mentions that open the text are the assignees.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bot.domain import Assignee, PersonRef
from bot.org_names import key
from bot.text import has_visible, squash

# The colon that ends the list: not one of "17:00" or "http://", but "Tổ 2: họp" is one.
_COLON = re.compile(r"(?<!\d):(?!\d|//)|(?<=\d):(?=\s|$)")
_USERNAME = re.compile(r"@([A-Za-z][A-Za-z0-9_]{1,31})\b")
_SEPARATOR_CHARACTERS = ",;，、\n"
_SEPARATORS = re.compile(f"[{_SEPARATOR_CHARACTERS}]+")
# What cuts a name short in a list of assignees: a separator, the colon that ends the list, the
# @ that starts a username. A colon between digits ("17:00") or an @ inside a word ("HND@Q1")
# does not, yet: one space further it does, and a secretary cannot be expected to know where.
_CUTS = re.compile(f"[{_SEPARATOR_CHARACTERS}:@]")
# "Everyone in the group", as org_names.key reads it: the task goes to every member organisation.
ALL_MEMBERS = frozenset(
    {
        "tat ca thanh vien",
        "tat ca cac thanh vien",
        "cac thanh vien",
        "cac thanh vien khoi",
        "tat ca cac thanh vien khoi",
        "moi thanh vien",
        "cac don vi trong khoi",  # as the seed meeting's report says it
        "tat ca cac don vi",
        "cac don vi thanh vien",
        "toan khoi",
        "all members",
        "every member",
        "all member organisations",
        "all member organizations",
        "all organisations",
        "all organizations",
    }
)
MAX_ASSIGNEES = 30
MAX_LABEL_LENGTH = 100


@dataclass(frozen=True, slots=True)
class AssigneeText:
    """One assignee as typed: a @username, a text mention of a user, or a name."""

    text: str
    username: str | None = None
    person: PersonRef | None = None

    @property
    def means_all_members(self) -> bool:
        """True for "all members" and its Vietnamese forms."""
        return key(self.text) in ALL_MEMBERS


def cut_at(name: str) -> str | None:
    """The first character of ``name`` that a list of assignees would read as the end of a
    name (so that ``/task`` could never name it whole); None when it has none."""
    found = _CUTS.search(name)
    return found.group(0) if found else None


def without_cuts(name: str) -> str:
    """``name`` with what :func:`cut_at` finds turned into spaces: a way to write it whole."""
    return squash(_CUTS.sub(" ", name))


def _classify(item: str, text_mentions: Mapping[str, PersonRef]) -> AssigneeText:
    if item in text_mentions:
        return AssigneeText(item, person=text_mentions[item])
    match = _USERNAME.fullmatch(item)
    return AssigneeText(item, username=match.group(1)) if match else AssigneeText(item)


def _leading_mentions(text: str, text_mentions: Mapping[str, PersonRef]) -> tuple[list[str], str]:
    found: list[str] = []
    rest = text.lstrip(" ,")
    while rest:
        match = _USERNAME.match(rest)
        name = (
            match.group(0)
            if match
            else next(
                (m for m in sorted(text_mentions, key=len, reverse=True) if rest.startswith(m)),
                None,
            )
        )
        if name is None:
            break
        found.append(name)
        rest = rest[len(name) :].lstrip(" ,")
    return found, rest


def leading_username(text: str) -> str | None:
    """The @username ``text`` opens with, if any."""
    match = _USERNAME.match(text)
    return match.group(0) if match else None


def split_names(
    text: str, text_mentions: Mapping[str, PersonRef] | None = None
) -> list[AssigneeText]:
    """A comma-separated list of assignees (``@lan, Hội Chữ thập đỏ``); a @username typed
    without its comma (``Khối trưởng @lan``) stands on its own."""
    items = [piece for part in _SEPARATORS.split(text) for piece in _mentions_apart(part)]
    return [_classify(item, text_mentions or {}) for item in items if has_visible(item)]


_SPACED_USERNAME = re.compile(r"(?<!\S)@[A-Za-z][A-Za-z0-9_]{1,31}\b")
# "và" / "and" left at the edge of a name once a @username beside it is cut off ("CTĐ và @lan").
_AND_EDGE = re.compile(r"^(?:và|va|and)\b\s*|\s*\b(?:và|va|and)$", re.IGNORECASE)


def _mentions_apart(part: str) -> list[str]:
    """``part`` cut at its @usernames, in the order typed: a name around them stays a name,
    without the "và" / "and" that joined it to them."""
    pieces, start = [], 0
    for match in _SPACED_USERNAME.finditer(part):
        pieces += [_AND_EDGE.sub("", squash(part[start : match.start()])), match.group(0)]
        start = match.end()
    last = squash(part[start:])
    return [*pieces, _AND_EDGE.sub("", last) if pieces else last]


def split_assignees(
    text: str, text_mentions: Mapping[str, PersonRef] | None = None
) -> tuple[list[AssigneeText], str]:
    """Split ``/task`` text into its assignees and the rest (what to do, and by when)."""
    mentions = text_mentions or {}
    colon = _COLON.search(text)
    if colon is not None:
        return split_names(text[: colon.start()], mentions), text[colon.end() :].strip()
    items, rest = _leading_mentions(text, mentions)
    return [_classify(item, mentions) for item in items], rest.strip()


def shown_once(assignees: Iterable[Assignee], contacts_shown: int | None = None) -> list[Assignee]:
    """The assignees less each person named as a contact of one of them: a task for Hoa and
    for the organisation she answers for is "Hội Chữ thập đỏ (@hoa_ctd)", not "@hoa_ctd, Hội
    Chữ thập đỏ (@hoa_ctd)". A contact of two organisations stays under each: she answers for
    both. ``contacts_shown``: how many of an organisation's contacts are named (a message names
    the first few and counts the others; a file names them all), as only those name her."""
    listed = list(assignees)
    contacts = [c for a in listed for c in a.contacts[:contacts_shown]]
    ids = {c.telegram_id for c in contacts}
    usernames = {c.username.lower() for c in contacts if c.username}

    def named(a: Assignee) -> bool:
        if a.is_organisation:
            return False
        if a.person_telegram_id is not None:
            return a.person_telegram_id in ids
        return a.username is not None and a.username.lower() in usernames

    return [a for a in listed if not named(a)]
