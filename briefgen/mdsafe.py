"""Markdown building blocks that keep any string inert: used by the readers and the renderer."""

from __future__ import annotations

import re


def escape_url(url: str) -> str:
    """Percent-encode what could end a Markdown link destination early."""
    out = []
    for ch in url:
        if ch in "()<> \"'\\[]" or ord(ch) < 0x20:
            out.append("".join(f"%{b:02X}" for b in ch.encode("utf-8")))
        else:
            out.append(ch)
    return "".join(out)


def code_span(code: str) -> str:
    """A Markdown code span showing ``code`` verbatim, whatever backticks it contains."""
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if code.startswith("`") or code.endswith("`") or not code.strip() else ""
    return f"{fence}{pad}{code}{pad}{fence}"
