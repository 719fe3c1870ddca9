"""Lone names nothing in the text backs: a one-word "person" or "place" left out.

The small model calls many single capitalised words people or places (bands, charities,
firms); :func:`briefgen.entities.extract.extract_entities` drops such an entry when nothing
around its mentions says what the model said.  Split from :mod:`.types`, whose rules decide
the type, where these decide whether a typed entry is shown at all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from briefgen.entities.candidates import _Cand
from briefgen.entities.cluster import _personal_use
from briefgen.entities.gazetteer import _country, _given_names, _titles, lookup_place
from briefgen.entities.lexicon import (
    ORG_HEAD_NOUNS,
    PERSON_NOUN_SUFFIXES,
    PERSON_NOUNS,
    PLACE_NOUNS,
    PLACE_TYPES,
    WORK_NOUNS,
)
from briefgen.entities.names import fold
from briefgen.entities.roles import _roles

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


def _unsupported_lone_person(doc: Doc, members: list[_Cand], etype: str) -> bool:
    """A one-word "person" nothing in the text backs: better left out than shown wrong.

    The small model calls many single capitalised words people: bands, charities, firms,
    genres ("Zorbatrix", "Helpnest", "Glamrockery").  A real person named by one word is
    almost always
    backed by something: a full name elsewhere (then the word joined it), a title or role
    ("the singer Zorbatrix", "Mr Bond"), ", who", speaking ("Zorbatrix said"), owning something, or
    a known given name ("Marguerite").  Without any of these the type is a guess, and a wrong
    glossary entry costs a reader more than a missing one.
    """
    if etype != "PERSON" or any(len(c.text.split()) > 1 for c in members):
        return False
    for c in members:
        if c.roles or c.personal or c.pinned or c.lineup or fold(c.text) in _given_names():
            return False
        if c.tok_start >= 0 and (_personal_use(doc, c) or _roles(doc, c, etype)
                                 or c.tok_start > 0 and _person_noun(doc[c.tok_start - 1])):
            return False
    return True


def _person_noun(tok: Token) -> bool:
    """"singer", "photographer", "striker": a lowercase noun that only describes a person.

    nameparser's titles hold job words ("singer", "rapper") but also "group" and "film",
    so bodies' and works' nouns are left out.
    """
    if not tok.is_lower or not tok.is_alpha:
        return False
    word = tok.lemma_.lower() or tok.lower_
    if word in ORG_HEAD_NOUNS or word in WORK_NOUNS:
        return False
    return word in PERSON_NOUNS or word.endswith(PERSON_NOUN_SUFFIXES) or word in _titles()


#: Prepositions that put a name where a place stands ("in Varnby", "near Kestrel").
LOCATIVE_PREPOSITIONS = frozenset({"in", "at", "from", "to", "near", "into", "across",
                                   "outside", "around", "throughout", "via", "towards"})


def _unsupported_lone_place(doc: Doc, members: list[_Cand], etype: str,
                            dateline: str | None, place_tokens: set[int]) -> bool:
    """A one-word "place" no gazetteer knows and no mention stands where a place does.

    The model types unfamiliar brand and band names as places as readily as people
    ("Zorbatrix", "Helpnest").  A real small place is written after "in", "at", "from" ..., before
    "state" or "province", after "the region of", in a list of places or after one
    ("Varnby, Mass."), or is the story's dateline.
    """
    if etype not in PLACE_TYPES or any(len(c.text.split()) > 1 for c in members):
        return False
    for c in members:
        if c.pinned or lookup_place(c.text) or _country(c.text) \
                or dateline and fold(dateline) == fold(c.text):
            return False
        i, j = c.tok_start, c.tok_end
        if i < 0:
            continue
        before = doc[i - 1].lower_ if i > 0 else ""
        if before in LOCATIVE_PREPOSITIONS | {"off"} or j < len(doc) and (
                doc[j].lower_ in PLACE_NOUNS):
            return False
        if before == "of" and i > 1 and doc[i - 2].lower_ in PLACE_NOUNS:
            return False
        # "in the Gulf", "across the Varn": a preposition of place and "the", the name ending
        # the phrase (not "at the Zorbatrix gig", where it only describes the noun).
        if before == "the" and i > 1 and doc[i - 2].lower_ in LOCATIVE_PREPOSITIONS \
                and (j >= len(doc) or doc[j].pos_ not in ("NOUN", "PROPN")):
            return False
        if before in (",", "and") and i - 2 in place_tokens \
                or j + 1 < len(doc) and doc[j].lower_ in (",", "and") and j + 1 in place_tokens:
            return False
    return True
