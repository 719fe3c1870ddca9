"""Pass 1, marks: every character that can be a quotation mark, classified from its neighbours.

Nothing here parses or pairs; deciding "can it open, can it close, is it an apostrophe" from
the characters on each side is what lets pairing stay a small stack.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Quotation marks by character: (family, opens, closes).  A family pairs only with itself, so
#: a ‘single’ quote nested inside a “double” one never closes the outer quote.  Curly marks say
#: which side they are on; straight marks and the NYT's doubled apostrophe ('') are decided by
#: context (see :func:`_scan_marks`).
QUOTE_MARKS: dict[str, tuple[str, bool, bool]] = {
    "“": ("double", True, False),
    "”": ("double", False, True),
    '"': ("double", True, True),
    "''": ("double", True, True),  # NYT archive style: two apostrophes stand for one mark
    "``": ("double", True, False),  # TeX/PTB style opening mark in converted wire copy
    "„": ("double", True, False),  # German/Baltic low opening mark, closed by “ or ”
    "‘": ("single", True, False),
    "’": ("single", False, True),
    "'": ("single", True, True),
    "«": ("guillemet", True, False),
    "»": ("guillemet", False, True),
}

#: Characters after which a straight mark is an *opening* one ("He said "no"": the space before).
OPEN_CONTEXT = set(" \t\n([{—–-/\u00a0") | {"“", "‘", "«", '"', "'"}

#: Characters that may follow a closing mark: space, punctuation, end of text.
CLOSE_FOLLOW = set(" \t\n.,;:!?)]}—–-/…\u00a0") | {"”", "’", "»", '"', "'"}


@dataclass(frozen=True)
class _Mark:
    start: int
    end: int
    family: str
    opens: bool
    closes: bool


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def _scan_marks(text: str, lo: int, hi: int) -> list[_Mark]:
    """Classify every quotation-mark character in ``text[lo:hi]`` from its neighbours."""
    marks: list[_Mark] = []
    i = lo
    while i < hi:
        two = text[i : i + 2]
        if two in ("''", "``") and i + 2 <= hi:
            sym, width = two, 2
        elif text[i] in QUOTE_MARKS:
            sym, width = text[i], 1
        else:
            i += 1
            continue
        family, opens, closes = QUOTE_MARKS[sym]
        prev = text[i - 1] if i > lo else " "
        nxt = text[i + width] if i + width < hi else " "
        if family == "single" and _is_word(prev) and _is_word(nxt):
            # can’t, UK’s, Starmer’s, rock 'n' roll: a mark between letters is an apostrophe.
            i += width
            continue
        if family == "single" and sym in ("‘", "'") and nxt.isdigit():
            # ’90s / '16 race: elided century, not an opening quote.
            i += width
            continue
        if opens and closes:
            # Straight marks: decide by the space on each side.
            opens = prev in OPEN_CONTEXT or prev.isspace()
            closes = not (prev.isspace()) and (nxt in CLOSE_FOLLOW or nxt.isspace())
            if not opens and not closes:
                closes = True
            if (
                family == "double"
                and prev == " "
                and text[i - 2 : i - 1] in ("'", "’")
                and i - 2 >= lo
                and (nxt in CLOSE_FOLLOW or nxt.isspace())
            ):
                # Wire style spaces a nested quote's end from the outer one ("... 'above
                # the law,' " she said): the spaced mark closes, it does not open.
                opens, closes = False, True
        elif sym == "’" and not (nxt in CLOSE_FOLLOW or nxt.isspace()):
            # A right single mark followed by a letter is an apostrophe (“’em”, o’clock).
            i += width
            continue
        elif sym == "“" and prev not in OPEN_CONTEXT and not prev.isspace() and (
            nxt in CLOSE_FOLLOW or nxt.isspace()
        ):
            # A left mark glued to the words before it and followed by a space is a closing
            # mark typed the wrong way round (“It's odd,“ said Lee): pairing it as an opener
            # would turn the attribution into a quote.
            opens, closes = False, True
        elif sym == "”" and (prev in OPEN_CONTEXT or prev.isspace()) and _is_word(nxt):
            opens, closes = True, False
        marks.append(_Mark(i, i + width, family, opens, closes))
        i += width
    return marks
