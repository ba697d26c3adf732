"""Faults injected on purpose, so the bot's error handling meets what Telegram really does.

A plan fails either the next ``times`` calls of a method, or each call with probability ``rate``
drawn from its own seeded generator (so a run is repeatable: the same calls meet the same
faults). Every fault handed out is counted, so a test can check that its faults really fired.

The kinds, and what the bot sees:

``429``         ``Too Many Requests: retry after N`` with ``parameters.retry_after``
``500``         Telegram's JSON ``Internal Server Error``
``502``         nginx's HTML ``Bad Gateway`` page
``timeout``     no answer at all until the client gives up; the call is NOT carried out
``drop``        the connection is closed without an answer; the call is NOT carried out
``drop_after``  the call IS carried out (a message posted...), then the connection is closed
                without an answer: Telegram can lose the answer to a call it has applied
``garbled``     the call IS carried out, then answered 200 with a body that is not JSON (cut
                short, as a proxy in the way can leave it)
``403``         ``Forbidden: bot was kicked from the group chat``
``migrate``     the group is upgraded to a supergroup; ``migrate_to_chat_id`` in the answer
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Literal, get_args

FaultKind = Literal[
    "429", "500", "502", "timeout", "drop", "drop_after", "garbled", "403", "migrate"
]
FAULT_KINDS: frozenset[str] = frozenset(get_args(FaultKind))


@dataclass
class Fault:
    """One planned failure of a Bot API method.

    A counted plan is good for ``remaining`` more calls; a plan with a ``rate`` fails each call
    with that probability, for as long as ``remaining`` (None: without end) allows.
    """

    method: str
    kind: str
    remaining: int | None
    retry_after: int
    rate: float | None = None
    rng: random.Random = field(default_factory=random.Random)

    def fires(self) -> bool:
        """Whether this plan fails the call at hand (a rate plan draws a number each time)."""
        if self.rate is None:
            return True
        return self.rng.random() < self.rate


class FaultInjector:
    """Hands out planned faults to the calls they were planned for, oldest plan first."""

    def __init__(self) -> None:
        self._planned: list[Fault] = []
        self.served: Counter[tuple[str, str]] = Counter()  # (method, kind) -> faults handed out

    def add(
        self,
        method: str,
        kind: str,
        times: int | None = 1,
        retry_after: int = 1,
        *,
        rate: float | None = None,
        seed: int | None = None,
    ) -> None:
        """Make calls of ``method`` (``"*"`` for any) fail with ``kind``.

        Without ``rate``: the next ``times`` calls. With ``rate`` (0 < rate <= 1): each call with
        that probability, drawn from ``random.Random(seed)``, until ``times`` faults have been
        served (``times=None``: until :meth:`clear`).
        """
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; use one of {sorted(FAULT_KINDS)}")
        if times is not None and times < 1:
            raise ValueError("times must be at least 1")
        if rate is None and times is None:
            raise ValueError("a fault without a rate needs a number of times")
        if rate is not None and not 0 < rate <= 1:
            raise ValueError("rate must be above 0 and at most 1")
        self._planned.append(
            Fault(method.lower(), kind, times, retry_after, rate, random.Random(seed))
        )

    def take(self, method: str) -> Fault | None:
        """Return the fault for this call of ``method``, if one is planned, and use it up."""
        name = method.lower()
        for fault in list(self._planned):
            if fault.method not in {name, "*"} or not fault.fires():
                continue
            if fault.remaining is not None:
                fault.remaining -= 1
                if fault.remaining == 0:
                    self._planned.remove(fault)
            self.served[(name, fault.kind)] += 1
            return fault
        return None

    def served_count(self, method: str | None = None, kind: str | None = None) -> int:
        """How many faults were handed out, of this method and kind when given."""
        return sum(
            count
            for (name, served_kind), count in self.served.items()
            if (method is None or name == method.lower()) and kind in {None, served_kind}
        )

    @property
    def pending(self) -> int:
        """How many counted faults are still waiting for their call (rate plans not included)."""
        return sum(f.remaining for f in self._planned if f.rate is None and f.remaining)

    def clear(self) -> None:
        """Forget every planned fault (the counts of those served stay)."""
        self._planned.clear()
