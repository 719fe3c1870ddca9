"""The errors briefgen raises; each prints as the message a user acts on."""

from __future__ import annotations


class BriefgenError(Exception):
    """Something briefgen cannot do; the message says what and how to fix it."""


class SourceError(BriefgenError):
    """A source (or glossary) file that cannot be read; printed as ``path:line: message``."""

    def __init__(self, path: str, line: int, message: str) -> None:
        self.path = path
        self.line = line
        self.message = message
        super().__init__(f"{path}:{line}: {message}")


class ModelError(BriefgenError):
    """No usable spaCy pipeline is installed."""
