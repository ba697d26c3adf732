"""Recognising an organisation from what a secretary types: its name or one of its aliases, in
any case, with or without diacritics or punctuation ("CTĐ", "ctd", "hoi chu thap do").

An exact match is an answer. Anything else (several exact matches, only near matches, or none) is
a question for the secretary: this module says which organisations are worth offering, it never
picks one. A near match is one whose words start with the typed words, in order ("chữ thập" for
"Hội Chữ thập đỏ"; a typed word may also spell the initials of a run of words: "liên minh htx"
for "Liên minh Hợp tác xã"), or the other way round ("Hội Chữ thập đỏ thành phố").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.text import fold

# (id, name, aliases), as the organisation repository lists them.
Organisation = tuple[int, str, list[str]]
MAX_CANDIDATES = 6  # buttons under one question: more would not fit a phone's screen
_WORD = re.compile(r"\w+")
# "A và B", "A and B": how two names are listed in a sentence ("va": typed without diacritics).
AND = re.compile(r"\s+(?:và|va|and)\s+", re.IGNORECASE)


_REMEMBERED = 200  # characters: names and aliases are remembered, long typed texts are not


def key(text: str) -> str:
    """``text`` as it is compared: folded, its words joined by single spaces, punctuation gone
    (so "KH&KT" is "KH & KT" and "Ban Thi đua – Khen thưởng" is "Ban Thi đua - Khen thưởng")."""
    return _remembered_key(text) if len(text) <= _REMEMBERED else _key(text)


def _key(text: str) -> str:
    return " ".join(_WORD.findall(fold(text)))


# A chat's organisation names are compared on every /task; folding them each time cost more
# than the lookup itself.
_remembered_key = lru_cache(maxsize=4096)(_key)


def labels(org: Organisation) -> list[str]:
    """The organisation's name and its aliases."""
    return [org[1], *org[2]]


def shortest(org: Organisation) -> str:
    """The shortest of the organisation's name and aliases: the quickest to type, and as exact
    as the name (no two organisations share a name or an alias)."""
    return min(labels(org), key=len)


def offered(candidates: Iterable[tuple[int, str]], orgs: Iterable[Organisation]) -> list[str]:
    """Each candidate as a refusal lists it: its name, with its shortest alias when it has one
    ("Hội Chữ thập đỏ (CTĐ)"), so that the secretary sees what to type."""
    by_id = {org[0]: org for org in orgs}
    shown = []
    for org_id, name in candidates:
        short = shortest(by_id[org_id]) if org_id in by_id else name
        shown.append(name if short == name else f"{name} ({short})")
    return shown


def offer(
    candidates: Sequence[tuple[int, str]], more: int, orgs: Sequence[Organisation]
) -> tuple[list[str], str]:
    """What the refusal of a name that may mean several organisations shows: each candidate
    as :func:`offered` lists it, then "…" when there are ``more``; and the shortest way to
    write the first, for the command to send again."""
    first = next(org for org in orgs if org[0] == candidates[0][0])
    return offered(candidates, orgs) + (["…"] if more else []), shortest(first)


def _stands_for(part: str, words: Sequence[str], at: int) -> int:
    """How many words of ``words`` from ``at`` the typed word ``part`` stands for: one that it
    begins, or a run of two or more whose initials it spells ("htx": "hợp tác xã", as phones
    and minutes shorten names); 0 for none."""
    if words[at].startswith(part):
        return 1
    if len(part) >= 2 and "".join(w[0] for w in words[at : at + len(part)]) == part:
        return len(part)
    return 0


def _starts_each(short: Sequence[str], long: Sequence[str]) -> bool:
    """Each word of ``short`` begins a word of ``long``, or spells the initials of a run of
    them, in the same order."""
    if not short:
        return False
    at = 0
    for part in short:
        while at < len(long) and not (taken := _stands_for(part, long, at)):
            at += 1
        if at == len(long):
            return False
        at += taken
    return True


def is_near(typed: str, label: str) -> bool:
    """True when one of ``typed`` and ``label`` is a word-by-word beginning of the other."""
    a, b = key(typed).split(), key(label).split()
    return _starts_each(a, b) or _starts_each(b, a)


@dataclass(frozen=True, slots=True)
class Lookup:
    """What a typed name matches: the organisations it names exactly, and those it is near."""

    exact: list[tuple[int, str]]
    near: list[tuple[int, str]]

    @property
    def found(self) -> tuple[int, str] | None:
        """The one organisation meant, when there is exactly one exact match."""
        return self.exact[0] if len(self.exact) == 1 else None

    @property
    def candidates(self) -> list[tuple[int, str]]:
        """What to offer when the name is not settled: the exact matches if several, else the
        near ones, at most :data:`MAX_CANDIDATES`."""
        return (self.exact if self.exact else self.near)[:MAX_CANDIDATES]

    @property
    def more(self) -> int:
        """How many more it may mean than :attr:`candidates` offers."""
        return max(0, len(self.exact if self.exact else self.near) - MAX_CANDIDATES)


def lookup(typed: str, orgs: Iterable[Organisation]) -> Lookup:
    """Match ``typed`` against the chat's organisations."""
    wanted = key(typed)
    exact: list[tuple[int, str]] = []
    near: list[tuple[int, str]] = []
    for org in orgs:
        if any(key(label) == wanted for label in labels(org)):
            exact.append((org[0], org[1]))
        elif any(is_near(typed, label) for label in labels(org)):
            near.append((org[0], org[1]))
    return Lookup(exact, near)


def conjoined(typed: str, orgs: Sequence[Organisation]) -> list[tuple[int, str]] | None:
    """The organisations of "A và B" (or "A and B"), when every part names exactly one; None
    otherwise: a name that itself holds "và" ("Hội Văn học và Nghệ thuật") is looked up whole
    first, and a part that is not one organisation leaves the whole a question."""
    parts = AND.split(typed)
    if len(parts) < 2:
        return None
    found = [lookup(part, orgs).found for part in parts]
    return [org for org in found if org is not None] if all(found) else None


def opening(text: str, orgs: Iterable[Organisation]) -> Organisation | None:
    """The organisation whose name or alias opens ``text`` as its first words, the longest
    such label winning ("CTD - gửi báo cáo" opens with "CTĐ"); None when none does, or when
    the longest is two organisations' alias."""
    words, best, longest = key(text), [], 0
    for org in orgs:
        found = [k for k in map(key, labels(org)) if k and f"{words} ".startswith(f"{k} ")]
        size = max(map(len, found), default=0)
        if size > longest:
            best, longest = [org], size
        elif size == longest and size:
            best.append(org)
    return best[0] if len(best) == 1 else None


def shortest_label(org: Organisation, orgs: Sequence[Organisation]) -> str:
    """The shortest of ``org``'s name and aliases that names it alone (to suggest typing)."""
    alone = [x for x in labels(org) if lookup(x, orgs).found == (org[0], org[1])]
    return min(alone, key=len, default=org[1])


def taken(name: str, orgs: Iterable[Organisation]) -> str | None:
    """The existing organisation that already has ``name`` as its name or an alias."""
    wanted = key(name)
    return next((org[1] for org in orgs if any(key(x) == wanted for x in labels(org))), None)


def shadowed(names: Iterable[str], orgs: Iterable[Organisation]) -> list[str]:
    """Existing organisations that a new one with ``names`` would shadow: typing one of the new
    names, which once offered them as a choice, would from now on name the new one exactly."""
    every = list(orgs)
    return [
        org[1]
        for org in every
        if any(is_near(name, label) for name in names for label in labels(org))
    ]
