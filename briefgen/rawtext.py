"""Bytes -> text and YAML -> nodes for files an editor writes (sources, glossary.yml).

Both readers meet the same mistakes: a file saved as UTF-16 or Latin-1, a Notepad "empty" file
that is only a byte-order mark, an unclosed quote in YAML, anchors that expand into a
"billion laughs".  The messages here name what was found and the line to fix, so the readers
stay about their formats.
"""

from __future__ import annotations

import yaml
from yaml.composer import ComposerError

from briefgen.errors import SourceError

#: Byte-order marks of encodings an editor may save in by mistake (longest first: the UTF-32
#: little-endian mark begins with the UTF-16 one).
_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


def decode_text(data: bytes, name: str, *, expected: str, empty_ok: bool = False) -> str:
    """Bytes -> text with Unix newlines, refusing what is not UTF-8 prose with a message that
    names what was found (UTF-16, Latin-1, binary, nothing visible) and where.

    ``expected`` ends each message: what the file should have been.  With ``empty_ok`` a file
    with nothing visible is ``""`` rather than an error (an empty glossary is fine).
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            marks = " ".join(f"{b:02X}" for b in bom)
            raise SourceError(
                name, 1, f"{encoding} text (byte-order mark {marks}), not UTF-8; {expected}"
            )
    if not data.strip():
        if empty_ok:
            return ""
        what = "0 bytes" if not data else "only whitespace"
        raise SourceError(name, 1, f"empty file: found {what}; a source needs a title and a body")
    if _looks_like_utf16(data):
        raise SourceError(name, 1, f"UTF-16 text without a byte-order mark, not UTF-8; {expected}")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(name, *_not_utf8(data, exc, expected)) from None
    nul = text.find("\x00")
    if nul >= 0:
        # Valid UTF-8 can still be binary (some image formats): NUL never appears in prose.
        line = text.count("\n", 0, nul) + 1
        raise SourceError(name, line, f"binary data (NUL byte at offset {nul}); {expected}")
    if not any(ch.isprintable() and not ch.isspace() for ch in text):
        if empty_ok:
            return ""
        # A Notepad "empty" file is the 3 bytes of a byte-order mark; scraped pages may hold
        # only zero-width spaces, no-break spaces or control characters.
        raise SourceError(
            name,
            1,
            "empty file: found only invisible characters (byte-order mark, zero-width or "
            "control characters); a source needs a title and a body",
        )
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _looks_like_utf16(data: bytes) -> bool:
    """UTF-16 saved without a byte-order mark: Latin text has a NUL in every other byte."""
    sample = data[:4096]
    if len(sample) < 4 or b"\x00" not in sample:
        return False
    half = len(sample) // 2
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    return max(even, odd) >= 0.6 * half and min(even, odd) <= 0.1 * half


def _not_utf8(data: bytes, exc: UnicodeDecodeError, expected: str) -> tuple[int, str]:
    """Line and message for bytes that are not UTF-8; names Latin-1/Windows-1252 when the file
    reads as such (the usual cause: a file saved by an old editor or exported from Excel)."""
    line = data.count(b"\n", 0, exc.start) + 1
    column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
    bad = data[exc.start]
    where = f"byte 0x{bad:02x} on line {line}, column {column} (offset {exc.start})"
    try:
        legacy: str | None = data.decode("cp1252")
    except UnicodeDecodeError:
        legacy = None
    if legacy is not None and _mostly_printable(legacy):
        char = data[exc.start : exc.start + 1].decode("cp1252")
        return line, (
            f"not UTF-8 text: {where} reads as {char!r} in Latin-1/Windows-1252; "
            f"re-save the file as UTF-8; {expected}"
        )
    return line, f"not UTF-8 text: {where}; {expected}"


def _mostly_printable(text: str) -> bool:
    """Text an editor wrote, not an image or archive that happens to decode as Windows-1252."""
    sample = text[:4096]
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t")
    return control <= len(sample) // 100


# ---------------------------------------------------------------------------------------------
# YAML
# ---------------------------------------------------------------------------------------------

#: Deepest nesting of lists and mappings accepted: PyYAML composes recursively, and a file of
#: 50,000 ``[`` would otherwise end in a RecursionError with no line.
MAX_YAML_DEPTH = 32


class SafeYamlLoader(yaml.SafeLoader):
    """SafeLoader without anchors and aliases and with a nesting limit.

    Front matter and a glossary never need ``&anchor``/``*alias``; refusing them rules out the
    "billion laughs" file, whose few aliases expand into a structure too large to print or
    walk (a message quoting the value would take minutes).
    """

    _depth = 0

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise ComposerError(
                None,
                None,
                "aliases (*name) are not supported: write the value out",
                event.start_mark,
            )
        self._depth += 1
        try:
            if self._depth > MAX_YAML_DEPTH:
                raise ComposerError(
                    None,
                    None,
                    f"nested more than {MAX_YAML_DEPTH} levels deep",
                    self.peek_event().start_mark,
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


#: Contexts naming where something was opened (a quote, a bracket, a key without its colon):
#: the line to fix is where it opened, not where the parser gave up (often the end of the text).
_OPENED_AT = ("quoted scalar", "flow sequence", "flow mapping", "simple key")


def yaml_problem(exc: yaml.YAMLError, first_line: int) -> tuple[int, str]:
    """``(file line, message)`` for a YAML error; ``first_line`` is the file line of the YAML
    text's first line (2 in front matter, after the ``---``)."""
    problem_mark = getattr(exc, "problem_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None)
    if context and context_mark is not None and any(w in context for w in _OPENED_AT):
        line = context_mark.line + first_line
        detail = f"{problem} ({context} that starts on this line)"
        if problem_mark is not None and problem_mark.line != context_mark.line:
            detail += f"; noticed on line {problem_mark.line + first_line}"
        return line, detail
    mark = problem_mark or context_mark
    line = mark.line + first_line if mark is not None else first_line
    return line, f"{problem} ({context})" if context else problem
