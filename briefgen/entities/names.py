"""How names are compared: one fold, one person-name splitter, one type order, one union-find.

Shared by the document layer (this package) and the corpus layer (``briefgen.link``), so a
name that one article's glossary treats as "the same" is the same across briefings too, and a
type tie goes the same way in both.  Nothing here imports spaCy: a fully cached build links
its briefings without paying for it.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import NamedTuple

#: Tie-break order when votes are equal: the type a reader is least surprised by first.
#: A place before a body: a name typed GPE once and ORG once is far more often a country or a
#: city ("Kyiv" said, "in Kyiv") than a body named after nothing else.
TYPE_ORDER = ("PERSON", "GPE", "ORG", "LOC", "NORP", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART",
              "LAW", "LANGUAGE")
#: ``TYPE_ORDER`` as ranks; a type outside it ranks after every type in it.
TYPE_PRIORITY = {t: i for i, t in enumerate(TYPE_ORDER)}

#: Lowercase words that may sit inside an organisation or place name ("Bank of England",
#: "Society of Friends"); personal-name particles ("von der", "da") come from nameparser.
ORG_CONNECTORS = frozenset({"of", "and", "&", "for", "the", "on", "in", "-"})
#: Suffixes that tell a father from a son, not a surname ("Fred Sr.", "John Smith III").
GENERATIONAL = frozenset({"jr", "sr", "ii", "iii", "iv", "v"})


def type_rank(etype: str) -> int:
    """Position of ``etype`` in :data:`TYPE_ORDER` (unknown types last)."""
    return TYPE_PRIORITY.get(etype, len(TYPE_ORDER))


@functools.lru_cache(maxsize=1 << 18)
def fold(text: str) -> str:
    """Matching key: case, accents, dots, quotes, a possessive and a leading "the" do not matter.

    The span rules drop a possessive token ("Trump's" -> "Trump"); folding drops one the
    tokenizer left glued to a name too, so "Deutsche Boerse's" is "Deutsche Boerse" within
    an article as across the corpus.  Cached: an archive folds the same few thousand names
    hundreds of thousands of times, and under ``mkdocs serve`` every save links the whole
    archive again.
    """
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").replace(".", "").casefold()
    text = re.sub(r"'s$", "", text)
    text = re.sub(r"\s+", " ", text).strip(" ,;:-'\"")
    if text.startswith("the "):
        text = text[4:]
    return text


@functools.cache
def name_particles() -> frozenset[str]:
    """Lowercase surname particles ("von", "der", "da", "bin", "ter") from nameparser's list.

    Words that are also common English words ("do", "as", "bar") are left out: inside a span
    they are far more often the model running a name into the sentence than a particle.
    """
    from nameparser.config import CONSTANTS

    # Not spaCy's stop-word list: link.py uses this too, and a fully cached build must not
    # pay for importing spaCy.  Of nameparser's prefixes only these read as English words.
    english = {"do", "bar", "bat", "bon", "san", "st", "ste", "mac", "mc"}
    return frozenset(w for w in (p.lower() for p in CONSTANTS.prefixes)
                     if w.isalpha() and w.isascii() and len(w) <= 5 and w not in english)


def connector(word: str) -> bool:
    """May this lowercase word sit inside a name?"""
    return word in ORG_CONNECTORS or word in name_particles()


class PersonName(NamedTuple):
    """A full personal name split for matching, every part folded."""

    first: str
    middle: str
    """Middle initials ("George H.W. Bush" -> "hw"): they tell a father from a son."""
    last: str
    """The surname with its particles ("von der leyen"); empty for "Fred Sr."."""


@functools.lru_cache(maxsize=65536)
def person_name(text: str) -> PersonName | None:
    """Split a full personal name; None for one word or words that are not a name.

    nameparser knows titles, suffixes and particles ("Sir Keir Starmer", "Martin Luther King
    Jr.", "Ursula von der Leyen"), which a split on spaces gets wrong.  Every word must be
    capitalised somewhere ("al-Baghdadi", "McGovern") or be a particle ("van").
    """
    from nameparser import HumanName

    words = text.split()
    if len(words) < 2 or not all(any(ch.isupper() for ch in w) or connector(w.lower())
                                 for w in words):
        return None
    name = HumanName(text)
    first, last = fold(name.first), fold(name.last)
    if first and not last and name.suffix:
        # nameparser reads a surname that is also a degree ("EdD") as a suffix. Only a
        # generational suffix really is one ("Fred Sr."): that name has a first name alone.
        final = fold(words[-1])
        last = "" if final in GENERATIONAL else final
    elif not first or not last:
        return None
    middle = "".join(initials(w) for w in name.middle.split())
    return PersonName(first, middle, last)


def person_parts(text: str) -> tuple[str, str] | None:
    """(first, last) of a full personal name, folded; None for a single word."""
    parts = person_name(text)
    return (parts.first, parts.last) if parts else None


def initials(word: str) -> str:
    """"W." -> "w", "H.W." and "HW" -> "hw", "Walker" -> "w".

    Run-together initials stay apart, so "George W.H. Bush" is not read as a "George W. Bush".
    """
    parts = [p for p in word.split(".") if p]
    if len(parts) > 1:
        return "".join(p[0] for p in parts).casefold()
    bare = parts[0] if parts else word
    if bare.isupper() and bare.isalpha() and len(bare) <= 3:
        return bare.casefold()
    return fold(word)[:1]


class UnionFind:
    """Disjoint sets of string keys whose root is always the smallest key of its set.

    The root never depends on the order of the unions, so every clustering built on it is
    the same from run to run.  (scipy's ``connected_components`` needs the whole graph up
    front; the merge passes ask "which set is this in?" between unions.)
    """

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def __contains__(self, key: str) -> bool:
        return key in self.parent

    def find(self, key: str) -> str:
        """The root of ``key``'s set (a new key starts a set of its own)."""
        self.parent.setdefault(key, key)
        root = key
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[key] != root:
            self.parent[key], key = root, self.parent[key]
        return root

    def union(self, a: str, b: str) -> None:
        """Join the sets of ``a`` and ``b``."""
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            if rb < ra:
                ra, rb = rb, ra
            self.parent[rb] = ra
