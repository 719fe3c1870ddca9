"""The candidate mention every rule reads and rewrites, and how candidates are found by text.

A candidate is mutable on purpose: the rules run in a fixed order over one list per document
and each one corrects what the model (or an earlier rule) got wrong about a span.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from briefgen.entities.names import fold
from briefgen.model import GlossaryEntry

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass
class _Cand:
    """A candidate mention: character range, label vote, and where it came from."""

    start: int
    end: int
    text: str
    label: str | None
    """The label it votes for; None for mentions found by string match (no vote)."""
    tok_start: int = -1
    tok_end: int = -1
    pinned: str | None = None
    """Cluster key forced by a rule (acronym pairs, glossary)."""
    roles: list[str] = field(default_factory=list)
    instance: bool = False
    """Written as one instance of a make or model ("a Eurofighter Typhoon")."""
    expansion: bool = False
    """The long form of an acronym written beside it: a good canonical name."""
    company: bool = False
    """Written the way only a body is: ", which", a ticker, "shares of" (see _company_cue)."""
    personal: bool = False
    """Shaped like a person's name: a known given name, then a surname (see _given_name_span)."""
    work: bool = False
    """Named as a work: in title-case quotes, or after "the film", "his album" ..."""
    signoff: bool = False
    """The wire's closing word in capitals ("REUTER"): a name, not an acronym."""
    lineup: bool = False
    """Named in a team sheet ("Okafor; Brandt, Kessler (capt) ..."): a player."""
    team: bool = False
    """A place that plays in a sports report ("Varnby beat Kestrel"): the side, a body."""
    body_noun: bool = False
    """Beside a noun only a body takes ("lobby group Eurofer", "Eurofer, the steel group")."""
    which: bool = False
    """Followed by a relative clause on ", which" (see ``roles._which_clause``): a thing's name,
    never a person's (people take "who")."""

    def token_range(self, doc: Doc) -> tuple[int, int] | None:
        """The mention's tokens in ``doc``; one found by string match has none recorded yet
        and is looked up by its characters (``None`` when they cut a token)."""
        if self.tok_start >= 0:
            return self.tok_start, self.tok_end
        span = doc.char_span(self.start, self.end, alignment_mode="expand")
        return None if span is None else (span.start, span.end)


def _resolve_overlaps(cands: list[_Cand]) -> list[_Cand]:
    """Keep the longest of overlapping candidates (then the earliest, then the labelled)."""
    order = sorted(cands, key=lambda c: (-(c.end - c.start), c.start, c.label is None))
    taken: list[tuple[int, int]] = []
    kept = []
    for c in order:
        if any(c.start < e and s < c.end for s, e in taken):
            continue
        taken.append((c.start, c.end))
        kept.append(c)
    return sorted(kept, key=lambda c: (c.start, c.end))


def _string_mentions(text: str, cands: list[_Cand], forms: Iterable[str],
                     label: str | None) -> list[_Cand]:
    """Occurrences of ``forms`` at word boundaries that no candidate covers yet.

    Used for names the model missed when they repeat a known entity's name, for curated names
    and for the dateline.  A form must look like a name (capitalised, two letters or more).
    """
    forms = [f for f in forms if len(f) >= 2 and f[:1].isupper()]
    if not forms:
        return []
    pattern = re.compile(
        r"(?<![\w-])(" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
        + r")(?![\w-])"
    )
    covered = sorted((c.start, c.end) for c in cands)
    out = []
    for m in pattern.finditer(text):
        s, e = m.span()
        if any(s < ce and cs < e for cs, ce in covered):
            continue
        out.append(_Cand(s, e, m.group(0), label))
    return out


def _glossary_mentions(text: str, cands: list[_Cand],
                       glossary: Sequence[GlossaryEntry]) -> list[_Cand]:
    """Curated names found in the text, whether or not the model saw them."""
    out = []
    for g in glossary:
        if g.ignore:
            continue
        for c in _string_mentions(text, cands, (g.name, *g.aliases), g.type):
            c.pinned = "glossary:" + fold(g.name)
            out.append(c)
    return out
