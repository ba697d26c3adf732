"""Finding a member of the console's group by what the person typed after ``:user``."""

from __future__ import annotations

import unicodedata
from typing import Any

JSON = dict[str, Any]


def fold(text: str) -> str:
    """Lower case without diacritics, so that ``thu ky`` finds «Thư ký»."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def full_name(user: JSON) -> str:
    """First and last name, as Telegram shows the user."""
    return " ".join(part for part in (user["first_name"], user.get("last_name")) if part)


def find(users: list[JSON], query: str) -> list[JSON]:
    """The users ``query`` names: a number from the list, an @username, or (part of) a name.

    An exact match wins over names that merely start with or contain the query.
    """
    query = query.strip()
    if query.isdigit():
        index = int(query) - 1
        return [users[index]] if 0 <= index < len(users) else []
    wanted = fold(query.removeprefix("@"))
    if not wanted:
        return []
    keys = [
        (user, [fold(user["first_name"]), fold(full_name(user)), fold(user.get("username", ""))])
        for user in users
    ]
    for matches in (
        [user for user, names in keys if wanted in names],
        [user for user, names in keys if any(name.startswith(wanted) for name in names)],
        [user for user, names in keys if any(wanted in name for name in names)],
    ):
        if matches:
            return matches
    return []
