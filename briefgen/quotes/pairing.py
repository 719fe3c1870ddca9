"""Pass 2, pairing: outermost quotes, paragraph by paragraph.

Pairing is per paragraph so an odd number of marks or an unclosed quote ends at its paragraph
instead of swallowing the rest of the article (news reopens a quote that runs over several
paragraphs without closing it).  Pure text, no model: :func:`quote_spans` is what the page
styles as quoted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefgen.quotes.marks import _Mark, _scan_marks


@dataclass(frozen=True)
class _Span:
    """An outermost pair of marks (or a quote closed at its paragraph's end)."""

    open_start: int
    start: int
    end: int
    close_end: int
    para: int
    unclosed: bool


#: A blank line separates paragraphs.  A single newline does too when the next line starts a
#: list item or an opening curly mark (the next quoted paragraph); elsewhere a single newline
#: is hard wrapping inside a paragraph (Huffington Post copy in PolNeAR) and a quote may run
#: across it.
_PARA_BREAK = re.compile(r"\n[ \t\u00a0]*\n\s*|\n(?=[ \t\u00a0]*(?:[•·*▪◦–-]\s|\d+[.)]\s|[“‘«]))")


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for m in _PARA_BREAK.finditer(text):
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        spans.append((pos, len(text)))
    return spans


def _rstrip_end(text: str, lo: int, hi: int) -> int:
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    return hi


def _pair(text: str, paras: list[tuple[int, int]]) -> list[_Span]:
    """Outermost quote spans.  Never raises: unmatched marks are dropped or closed at the end
    of their paragraph (an unclosed quote may not swallow the article)."""
    spans: list[_Span] = []
    for p, (lo, hi) in enumerate(paras):
        stack: list[_Mark] = []
        for mark in _scan_marks(text, lo, hi):
            top = stack[-1] if stack else None
            if top is not None and mark.closes and mark.family == top.family:
                stack.pop()
                if not stack:
                    spans.append(_Span(top.start, top.end, mark.start, mark.end, p, False))
                continue
            if top is not None and mark.closes and any(m.family == mark.family for m in stack):
                # A closer for an outer mark while an inner one is open: the inner one was not
                # a quote (a stray apostrophe-like mark).  Close the outer quote here.
                while stack and stack[-1].family != mark.family:
                    stack.pop()
                outer = stack.pop()
                if not stack:
                    spans.append(_Span(outer.start, outer.end, mark.start, mark.end, p, False))
                continue
            if mark.opens:
                if top is not None and top.family == mark.family:
                    # “A “B: the first mark never closed; end it before the new one.
                    end = _rstrip_end(text, top.end, mark.start)
                    if len(stack) == 1 and end > top.end:
                        spans.append(_Span(top.start, top.end, end, end, p, True))
                    stack = stack[:-1]
                if len(stack) < 2:
                    stack.append(mark)
            # A closer with nothing open is a stray mark (or an s’ possessive): ignored.
        if stack:
            outer = stack[0]
            end = _rstrip_end(text, outer.end, hi)
            if end > outer.end:
                spans.append(_Span(outer.start, outer.end, end, end, p, True))
    return [s for s in spans if text[s.start : s.end].strip()]


def quote_spans(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of the words inside every outermost pair of quotation marks in ``text``.

    Pure text, no model: what gets styled as quoted.  Unclosed quotes end at their paragraph.
    """
    out = []
    for s in _pair(text, _paragraphs(text)):
        inner = text[s.start : s.end]
        lo = s.start + len(inner) - len(inner.lstrip())
        out.append((lo, _rstrip_end(text, lo, s.end)))
    return tuple(out)
