"""Evidence the small model lacks, gathered from the text around the names.

Each rule here reads a whole parsed article and either adds a candidate mention the model
missed or corrects one it typed; ``extract_entities`` runs them in order.  They live apart from
``entities.py`` (which holds the clustering and the older rules) to keep both readable; the
candidate class and the gazetteers are borrowed from there at call time.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from briefgen import entities as E

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from briefgen.entities import _Cand

#: A wire service's sign-off closing the story: one word in capitals after the last sentence.
_SIGNOFF = re.compile(r"(?:^|[.!?\"'”)\]]\s+|\n\s*)([A-Z]{3,12})\s*$")


def signoff_agency(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """"... the company said. AGENCY": the word a wire story ends on is the agency.

    Wire copy closes with the service's name in capitals after the last full stop (or on a
    line of its own).  A place a gazetteer knows there is a dateline or a table row, not a
    sign-off, and a word that opens a sentence is not a sign-off either.
    """
    m = _SIGNOFF.search(doc.text)
    if m is None:
        return cands
    start, end = m.span(1)
    word = m.group(1)
    span = doc.char_span(start, end)
    if span is None or E.lookup_place(word) is not None:
        return cands
    # The model often calls the word a person (one word, no sentence): the position decides.
    cands = [c for c in cands if not (c.start < end and start < c.end)]
    cand = E._Cand(start, end, word, "ORG", span.start, span.end)
    # The agency named in the story too, maybe as a plural or possessive ("Reuters"): one entry
    # of the agency's type, whatever the model called those mentions.
    for c in cands:
        if E._fold(c.text).removesuffix("'s").removesuffix("s") == E._fold(word).removesuffix("s"):
            cand.pinned = cand.pinned or c.pinned or E._form_key(c)
            c.pinned, c.label = cand.pinned, "ORG"
    return [*cands, cand]


#: Longest country name tried as one run of tokens ("Papua New Guinea", "Bosnia and ...").
_COUNTRY_MAX_TOKENS = 5


def untagged_countries(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """Country names the model left untagged: "PAPUA NEW GUINEA nil 7,500", "... to Ghana".

    The small model reads a run of capitals (a wire table, a headline) as common words and
    skips many countries in them.  A run of capitalised tokens that a country gazetteer knows
    whole, not glued to a longer capitalised name on either side ("Jordan Peele", "Georgia
    Tech") and not after an honorific ("Mr Chad"), is that country.
    """
    tagged = {i for c in cands for i in range(c.tok_start, c.tok_end)}
    out: list[_Cand] = []
    i = 0
    n = len(doc)

    def capitalised(j: int) -> bool:
        return 0 <= j < n and doc[j].text[:1].isupper() and any(ch.isalpha() for ch in doc[j].text)

    while i < n:
        found = 0
        if capitalised(i) and i not in tagged:
            for size in range(min(_COUNTRY_MAX_TOKENS, n - i), 0, -1):
                span = doc[i:i + size]
                if any(j in tagged for j in range(i, i + size)) or not capitalised(i + size - 1):
                    continue
                letters = span.text.replace(".", "")
                # Two- and three-letter codes ("BT", "TV", "CL") are firms, channels and
                # abbreviations far more often than countries; dotted ones ("U.S.") are not.
                if E._country(span.text) is None or len(letters) <= 3 and "." not in span.text:
                    continue
                whole_caps = span.text.isupper()
                # A name glued on: a capitalised neighbour that is not itself in capitals
                # the way a table's rows are.
                if (capitalised(i - 1) and not (whole_caps and doc[i - 1].text.isupper())
                        and not doc[i - 1].is_sent_start and doc[i - 1].pos_ == "PROPN") \
                        or (capitalised(i + size) and doc[i + size].pos_ == "PROPN"
                            and not (whole_caps and doc[i + size].text.isupper())):
                    break
                if i > 0 and E._is_honorific(doc[i - 1].text):
                    break
                out.append(E._Cand(span.start_char, span.end_char, span.text, "GPE", i,
                                   i + size))
                found = size
                break
        i += found or 1
    return cands + out
