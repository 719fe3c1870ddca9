"""A progress bar on stderr for long annotation runs, and silence everywhere else.

Only a person at a terminal wants a bar, and only when there is enough work to watch: CI logs
and short rebuilds under ``mkdocs serve`` stay clean.
"""

from __future__ import annotations

import sys
from typing import Any

import click

#: Fewer sources than this annotate in a second or two: no bar.
BAR_THRESHOLD = 6


class Progress:
    """Callbacks for :func:`briefgen.pipeline.run`: ``start(total)``, ``advance(n)``, ``close``."""

    def __init__(self, label: str = "Annotating", *, force: bool | None = None) -> None:
        self.label = label
        self.force = force
        self._bar: Any = None

    def start(self, total: int) -> None:
        tty = sys.stderr.isatty() if self.force is None else self.force
        if tty and total >= BAR_THRESHOLD:
            self._bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
            self._bar.__enter__()

    def advance(self, n: int = 1) -> None:
        if self._bar is not None:
            self._bar.update(n)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None
