"""Wire datelines ("BELFAST —", "Washington (Reuters) -"): one pattern for every reader of text.

A dateline names where a story was filed, not who acts in it, yet the small model often makes
its place the subject of the first sentence.  The source readers record it on the
:class:`~briefgen.model.Article`; the entity rules add it as a place; the quote rules keep it
out of the reporter's words.  All three must agree on what a dateline is, so the pattern lives
here, in a module of plain text functions that each of those rooms may import.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from briefgen.model import Block

#: A wire dateline opening a paragraph: "BELFAST —", "LONDON (Reuters) -",
#: "WASHINGTON, March 3 —", "ST. LOUIS, Mo. —".  The place is in capitals, or in title case
#: when an agency credit in parentheses follows it ("Washington (AFP) –"): a title-case word
#: and a dash alone is as often a name opening a sentence.  Not anchored with ``^``, so
#: ``DATELINE.match(text, pos)`` tests a paragraph inside a longer text.
#: What follows the place: an optional ", State" or ", March 3", an optional agency in
#: parentheses, then the dash and the story's first word.
_TAIL = (
    r"(?:,\s*[A-Z][A-Za-z.]*\.?(?:\s+\d{1,2})?)?"
    r"(?:\s*\([A-Z][A-Za-z&. ]{1,30}\))?"
    r"\s*(?:—|–|--|-)\s+(?=\S)"
)
DATELINE = re.compile(
    r"(?:(?P<caps>[A-Z][A-Z.'’\-]*(?:\s+[A-Z][A-Z.'’\-]*){0,3})"
    r"|(?P<title>[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2})(?=\s*(?:,[^—–\-]{1,25})?\s*\([A-Z]))"
    + _TAIL
)
_DATELINE_TAIL = re.compile(_TAIL)

#: Fewest letters in a dateline's place: "I — for one — think" opens with a pronoun, not a place.
MIN_PLACE_LETTERS = 3


def match_dateline(text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
    """The dateline opening ``text[pos:endpos]`` (its place and the dash after it), else None."""
    m = DATELINE.match(text, pos, len(text) if endpos is None else endpos)
    if m is None:
        return None
    place = (m.group("caps") or m.group("title")).strip(" ,")
    return m if sum(ch.isalpha() for ch in place) >= MIN_PLACE_LETTERS else None


def find_dateline(paragraph: str) -> str | None:
    """The place of a wire dateline opening ``paragraph``, as printed, else None."""
    m = match_dateline(paragraph)
    return (m.group("caps") or m.group("title")).strip(" ,") if m else None


def first_dateline(blocks: Sequence[Block]) -> str | None:
    """Dateline of the first paragraph, when it opens with plain text (not a link or code)."""
    first = next((b for b in blocks if b.kind == "p"), None)
    if first is None or first.segments[0].kind != "text":
        return None
    return find_dateline(first.text)


def dateline_end(text: str, pos: int, endpos: int, place: str | None = None) -> int | None:
    """Where the story starts after a dateline opening ``text[pos:endpos]``, else None.

    ``place`` is the dateline a reader already found for the article (``Article.dateline``):
    a paragraph opening with exactly that place takes the dateline's tail even where the
    pattern alone would not take the place (in title case without an agency, "Belfast —"),
    so the quote rules never disagree with the article about its dateline.
    """
    m = match_dateline(text, pos, endpos)
    if m is not None:
        return m.end()
    if place and text.startswith(place, pos):
        tail = _DATELINE_TAIL.match(text, pos + len(place), endpos)
        if tail is not None:
            return tail.end()
    return None
