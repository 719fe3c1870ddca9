"""Names written with a hyphen that are not one name: a party-and-state tag ("R-Ky.") and
two names paired ("the Okafor-Brandt ticket").

The model reads either as one span, a body or a person; the text around says what they are.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from briefgen.entities.candidates import _Cand
from briefgen.entities.gazetteer import us_state_of_abbreviation
from briefgen.entities.names import fold

if TYPE_CHECKING:
    from spacy.tokens import Doc


#: A US politician's party and state as American papers print them: "(R-S.C.)", ", I-Vt.,",
#: "D-NY": the state abbreviation is group 1.
_PARTY_STATE = re.compile(r"(?:(?<=[(\s,])|^)[RDI]-((?:[A-Z][a-z]{0,4}\.){1,2}|[A-Z]{2})(?![\w-])")


def party_state_tags(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """The state in a party-and-state tag ("Sen. Jo Bond, R-Ky.") is that state.

    The model never tags it, or tags the whole "R-Ky." as a body.  The tag's shape is the
    evidence; the state is read off the abbreviation (:func:`us_state_of_abbreviation`), and
    the mention joins the state's full name when the text also uses it.
    """
    text = doc.text
    found = []
    for m in _PARTY_STATE.finditer(text):
        state = us_state_of_abbreviation(m.group(1))
        if state is None:
            continue
        s, e = m.span(1)
        if any(c.start < e and s < c.end and not (m.start() <= c.start and c.end <= m.end())
               for c in cands):
            continue  # part of a longer name the model found: leave it
        c = _Cand(s, e, m.group(1), "GPE", pinned=fold(state))
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is not None:
            c.tok_start, c.tok_end = span.start, span.end
        found.append((m.start(), m.end(), c))
    if not found:
        return cands
    kept = [c for c in cands if not any(a <= c.start and c.end <= b for a, b, _ in found)]
    return sorted([*kept, *(c for *_, c in found)], key=lambda c: (c.start, c.end))


def paired_names(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """"the Okafor-Brandt ticket": two names the text also uses apart, not one person's.

    A double-barrelled surname ("Simpson-Daniel") is never written in halves elsewhere; a
    pairing of two people, places or bodies ("Okafor-Brandt", "U.S.-Varnbian") is.  Such a
    span is left out: each half is already an entry of its own.
    """
    words = {fold(w) for c in cands for w in re.split(r"[\s-]+", c.text)
             if "-" not in c.text}
    out = []
    for c in cands:
        halves = c.text.split("-")
        if len(halves) == 2 and " " not in c.text and all(
                h[:1].isupper() and fold(h) in words for h in halves):
            continue
        out.append(c)
    return out
