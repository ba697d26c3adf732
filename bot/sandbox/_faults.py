"""Faults injected on purpose, so the bot's error handling meets what Telegram really does."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

FaultKind = Literal["429", "500", "502", "timeout", "403", "migrate"]
FAULT_KINDS: frozenset[str] = frozenset(get_args(FaultKind))


@dataclass
class Fault:
    """One planned failure of a Bot API method, good for ``remaining`` more calls."""

    method: str
    kind: str
    remaining: int
    retry_after: int


class FaultInjector:
    """Hands out planned faults to the calls they were planned for, oldest plan first."""

    def __init__(self) -> None:
        self._planned: list[Fault] = []

    def add(self, method: str, kind: str, times: int = 1, retry_after: int = 1) -> None:
        """Make the next ``times`` calls of ``method`` (``"*"`` for any) fail with ``kind``."""
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; use one of {sorted(FAULT_KINDS)}")
        if times < 1:
            raise ValueError("times must be at least 1")
        self._planned.append(Fault(method.lower(), kind, times, retry_after))

    def take(self, method: str) -> Fault | None:
        """Return the fault for this call of ``method``, if one is planned, and use it up."""
        name = method.lower()
        for fault in self._planned:
            if fault.method in {name, "*"}:
                fault.remaining -= 1
                if fault.remaining == 0:
                    self._planned.remove(fault)
                return fault
        return None

    def clear(self) -> None:
        """Forget every planned fault."""
        self._planned.clear()
