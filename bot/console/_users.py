"""Finding what the person named after ``:user``, ``:chat`` or ``:topic``: a member, a group or
a topic of the console."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

JSON = dict[str, Any]
T = TypeVar("T")


def fold(text: str) -> str:
    """Lower case without diacritics, so that ``thu ky`` finds «Thư ký»."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def full_name(user: JSON) -> str:
    """First and last name, as Telegram shows the user."""
    return " ".join(part for part in (user["first_name"], user.get("last_name")) if part)


def pick(items: Sequence[T], query: str, names: Callable[[T], list[str]]) -> list[T]:
    """The items ``query`` names: a number from their list, or (part of) one of their names.

    An exact match wins over names that merely start with or contain the query.
    """
    query = query.strip()
    if query.isdigit():
        index = int(query) - 1
        return [items[index]] if 0 <= index < len(items) else []
    wanted = fold(query)
    if not wanted:
        return []
    keys = [(item, [fold(name) for name in names(item)]) for item in items]
    for matches in (
        [item for item, folded in keys if wanted in folded],
        [item for item, folded in keys if any(name.startswith(wanted) for name in folded)],
        [item for item, folded in keys if any(wanted in name for name in folded)],
    ):
        if matches:
            return matches
    return []


def find(users: list[JSON], query: str) -> list[JSON]:
    """The users ``query`` names: a number from the list, an @username, or (part of) a name."""
    return pick(
        users,
        query.strip().removeprefix("@"),
        lambda user: [user["first_name"], full_name(user), user.get("username", "")],
    )
