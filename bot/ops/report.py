"""Findings of ``followup check``, grouped in sections, and how they print and exit."""

from __future__ import annotations

import enum
import textwrap
from dataclasses import dataclass, field
from typing import TextIO

from bot.ops import messages as m

WIDTH = 100


class Level(enum.Enum):
    """How much a finding matters; the value is its mark in the margin."""

    OK = "ok"
    NOTE = "--"  # worth knowing, nothing to do
    ATTENTION = "!!"  # something to do; exit code 1
    CONFIG = "XX"  # the configuration is wrong; exit code 2


@dataclass(frozen=True, slots=True)
class Finding:
    """What was found and, when something is to be done, the advice."""

    level: Level
    text: str
    advice: str = ""


@dataclass
class Report:
    """Findings by section, in the order the checks ran."""

    sections: dict[str, list[Finding]] = field(default_factory=dict)

    def add(self, section: str, level: Level, text: str, advice: str = "") -> None:
        """Record one finding under ``section``."""
        self.sections.setdefault(section, []).append(Finding(level, text, advice))

    def count(self, level: Level) -> int:
        """How many findings have ``level``."""
        return sum(f.level is level for findings in self.sections.values() for f in findings)

    @property
    def exit_code(self) -> int:
        """2 for configuration errors, 1 when something needs attention, 0 when all is well."""
        if self.count(Level.CONFIG):
            return 2
        return 1 if self.count(Level.ATTENTION) else 0

    def render(self, out: TextIO) -> None:
        """Print every section, each finding wrapped with its mark and its advice, and a verdict."""
        for title, findings in self.sections.items():
            print(title, file=out)
            for finding in findings:
                mark = f"  {finding.level.value:<3} "
                print(_wrap(finding.text, mark), file=out)
                if finding.advice:
                    print(_wrap(finding.advice, " " * len(mark) + "→ "), file=out)
            print(file=out)
        if self.exit_code == 2:
            print(m.CONFIG_ERRORS, file=out)
        elif self.exit_code == 1:
            print(m.NEEDS_ATTENTION.format(count=self.count(Level.ATTENTION)), file=out)
        else:
            print(m.ALL_WELL, file=out)


def _wrap(text: str, first: str) -> str:
    indent = " " * len(first)
    lines = text.splitlines() or [""]
    wrapped = [
        # Paths, addresses and commands stay whole, to be copied: never cut at a hyphen.
        textwrap.fill(
            line,
            WIDTH,
            initial_indent=first if i == 0 else indent,
            subsequent_indent=indent,
            break_long_words=False,
            break_on_hyphens=False,
        )
        for i, line in enumerate(lines)
    ]
    return "\n".join(wrapped)
