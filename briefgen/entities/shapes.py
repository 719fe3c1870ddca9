"""Spans whose shape says what they are: a title's word, an owner and what it owns, people.

Rules of the evidence kind (see :mod:`.evidence`), each reading the parsed article and
rewriting the model's candidate spans; :func:`briefgen.entities.extract.extract_entities`
runs them with the span repairs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from briefgen.entities.candidates import _Cand
from briefgen.entities.cluster import LEGAL_FORMS
from briefgen.entities.evidence import _retext
from briefgen.entities.gazetteer import (
    _big_place,
    _given_names,
    _is_honorific,
    _is_title,
    lookup_place,
)
from briefgen.entities.lexicon import (
    _MONTHS_DAYS,
    CITY_NAMES_ITSELF,
    NAME_ENDINGS,
    PERSON_NOUN_SUFFIXES,
    PERSON_NOUNS,
)
from briefgen.entities.names import fold
from briefgen.entities.spans import _dictionary_words

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


#: Titles a government portfolio opens ("Finance Minister", "Defence Secretary").
PORTFOLIO_TITLES = frozenset({"minister", "secretary", "commissioner", "ministers"})


def title_words(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """Drop the word after a title's "of" ("Secretary of State", "minister of Finance"), and a
    portfolio before "Minister" or "Secretary" ("Finance Minister ...").

    The word completes the title (a role the reader sees beside the person), it is no
    entity of its own.  Only one ordinary word (in the pipeline's word list) straight after
    "of": "Secretary of the Treasury" (a body, after "the") and "Governor of Kestrovia" (a
    place) keep their names, as do "U.S. Treasury Secretary" (two words) and a firm before a
    title that is no portfolio's ("Apple Chairman").
    """
    listed = _dictionary_words(doc)

    def completes_title(c: _Cand) -> bool:
        i = c.tok_start
        if c.tok_end - i == 1 and c.tok_end < len(doc) and c.label == "ORG" \
                and doc[c.tok_end].lower_ in PORTFOLIO_TITLES and c.text.istitle() \
                and listed(doc[i]) and lookup_place(c.text) is None:
            return True  # "Finance Minister Ana Okafor": the portfolio opens the title
        return c.tok_end - i == 1 and i >= 2 and doc[i - 1].lower_ == "of" \
            and _is_title(doc[i - 2].text.capitalize()) and listed(doc[i]) \
            and c.text.istitle() and lookup_place(c.text) is None  # ("of OPEC" is a body)

    return [c for c in cands if c.tok_start < 0 or not completes_title(c)]


def possessive_splits(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """"Kestrovia's Parliament", "Varnby Rovers' Okafor": an owner and what it owns, not one name.

    The model runs a possessive into the name after it.  The span is cut at its possessive
    when the owner is a name on its own (a country or big city a gazetteer knows, or a name
    the text also writes alone); the owner keeps the span's label (a place's, when it is one) and
    the rest votes for nothing, since an owner says nothing of what it owns ("Varnby
    Rovers' Okafor" is a player).  Names that hold a possessive ("People's Party", "Farmer's Lane",
    "Harlowe's Ltd") have no such owner and stay whole.  An owner the text gives no other
    evidence for is cut off too when what it owns is a person: a given name and a surname, or
    one word no dictionary holds ("Arsenal's Edu", a club and its player).
    """
    alone = {fold(c.text) for c in cands}
    listed = _dictionary_words(doc)
    out: list[_Cand] = []
    for c in cands:
        i, j = c.tok_start, c.tok_end
        cut = next((k for k in range(i + 1, j - 1) if doc[k].tag_ == "POS"
                    or doc[k].lower_ in ("'s", "’s")), None) if i >= 0 else None
        if cut is None:
            out.append(c)
            continue
        owner, owned = doc[i:cut], doc[cut + 1:j]
        # A small town's name opens many names of sites ("St Anne's Green"); a country's or a
        # big city's seldom does.
        place = lookup_place(owner.text) if _big_place(owner.text, CITY_NAMES_ITSELF) else None
        if not owned.text[:1].isupper() or fold(owned[-1].text.rstrip(".")) in LEGAL_FORMS:
            out.append(c)
            continue
        if place or fold(owner.text) in alone:
            out.append(_Cand(owner.start_char, owner.end_char, owner.text,
                             place.type if place else c.label, owner.start, owner.end))
            out.append(_Cand(owned.start_char, owned.end_char, owned.text, None, owned.start,
                             owned.end))
            continue
        person = _owned_person(owned, listed)
        if person is None:
            out.append(c)
            continue
        # The owner is unknown, the owned one a person ("Varnby's Okafor", "Varnby's Marta
        # Okafor"): the span's label was the person's if it says PERSON, else the owner's.
        owner_label = None if c.label == "PERSON" else c.label
        owned_label = "PERSON" if person or c.label == "PERSON" else None
        out.append(_Cand(owner.start_char, owner.end_char, owner.text, owner_label,
                         owner.start, owner.end))
        out.append(_Cand(owned.start_char, owned.end_char, owned.text, owned_label,
                         owned.start, owned.end))
    return out


def _owned_person(owned: Span, listed: Callable[[Token], bool]) -> bool | None:
    """Whether what follows a possessive is a person: True for a known given name and a
    surname ("Marta Okafor"); False for one capitalised word no dictionary holds ("Okafor",
    a person or a product: the span's label says which); None for anything else, a word a
    dictionary holds above all ("Party", "Lane", "Green"): then the span stays whole."""
    words = [t for t in owned if t.is_alpha]
    if len(words) != len(owned) or not all(t.text[:1].isupper() for t in words):
        return None
    if len(words) == 1:
        w = words[0]
        if listed(w) or fold(w.text) in NAME_ENDINGS or w.text.isupper() or len(w.text) < 3:
            return None
        return False
    if fold(words[0].text) in _given_names() and not _is_title(words[0].text):
        return True
    return None


#: Letters that open a sentence or a list as words, not as initials ("A Kestrel ...").
_WORD_LETTERS = frozenset({"A", "I"})


def person_shapes(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """Spans shaped like people's names the model typed or cut wrongly.

    * "J Okafor", "C Lindqvist" typed ORG: an initial without a full stop (team sheets, British
      style) and a surname make a person; "A" and "I" count only before a word the word list
      lacks, and a surname that is a body's or a site's ending ("K Street") is no person.
    * "Varnby Policy Centre Mr Okafor": an honorific inside a span parts a body from the
      person after it.
    * "DJ Marcus Okafor" as "Okafor" (and "DJ Marcus" read as a role): a known given name
      just before a one-word person, in no other span, opens the person's name.
    * "Seeds Marta Okafor and ...", "Striker Wayne Okafor scored": a sentence's capitalised
      first word, a dictionary word and no given name, before a known given name and a
      surname describes the person; it is no part of the name.
    """
    listed = _dictionary_words(doc)
    tagged = {k for c in cands for k in range(c.tok_start, c.tok_end)}
    out: list[_Cand] = []
    for c in cands:
        i, j = c.tok_start, c.tok_end
        if i < 0:
            out.append(c)
            continue
        if c.label == "PERSON" and j - i == 1 and i > 0 and i - 1 not in tagged \
                and _given_name_before(doc, i):
            _retext(doc, c, i - 1, j)
            i = c.tok_start
        if c.label == "PERSON" and _descriptor_first(doc, i, j, listed):
            _retext(doc, c, i + 1, j)
            i = c.tok_start
        toks = doc[i:j]
        if len(toks) == 2 and c.label != "PERSON" and len(toks[0].text) == 1 \
                and toks[0].text.isupper() and toks[1].text.istitle() and toks[1].is_alpha \
                and len(toks[1].text) >= 3 and fold(toks[1].text) not in NAME_ENDINGS \
                and (toks[0].text not in _WORD_LETTERS or not listed(toks[1])):
            c.label = "PERSON"
        else:
            inner = next((k for k in range(i + 1, j - 1) if _is_honorific(doc[k].text)), None)
            if inner is not None and doc[i:inner].text[:1].isupper():
                body, person = doc[i:inner], doc[inner + 1:j]
                out.append(_Cand(body.start_char, body.end_char, body.text, c.label,
                                 body.start, body.end))
                out.append(_Cand(person.start_char, person.end_char, person.text, "PERSON",
                                 person.start, person.end, roles=[]))
                continue
        out.append(c)
    return out


#: What may stand before a sentence's first word and keep it first ("Seeds: ...", a quote).
_OPENERS = frozenset({":", "-", "–", "—", "(", '"', "“", "‘", "'"})


def _descriptor_first(doc: Doc, i: int, j: int, listed: Callable[[Token], bool]) -> bool:
    """Whether the span ``doc[i:j]`` opens with a descriptor word: at least three words, the
    first a capitalised dictionary word that opens its sentence and is no given name, the
    second a known given name the tagger reads as a name, the third capitalised and no stop
    word ("Trump Made This ..." is a headline).  Only at a sentence's start, where any
    word is capitalised: inside a sentence a capitalised word before a name is more often
    its nickname ("cheered Sugar Ray Okafor")."""
    if j - i < 3:
        return False
    first, given, last = doc[i], doc[i + 1], doc[i + 2]
    starts = i == 0 or bool(first.is_sent_start) or doc[i - 1].text in _OPENERS
    return starts and first.is_title and first.is_alpha and listed(first) \
        and fold(first.text) not in _given_names() \
        and given.is_title and given.is_alpha and given.pos_ == "PROPN" \
        and fold(given.text) in _given_names() and not last.is_stop \
        and fold(given.text) not in _MONTHS_DAYS and not _is_title(given.text) \
        and last.text[:1].isupper()


def _given_name_before(doc: Doc, i: int) -> bool:
    """A capitalised known given name at token ``i - 1`` that is no title, month or day.

    The given-name list holds words ("The", "Kenyan"), so the tagger must read it as a proper
    noun of no other entity, and no stop word.
    """
    prev = doc[i - 1]
    return prev.pos_ == "PROPN" and not prev.is_stop and not prev.ent_type_ \
        and prev.is_title and prev.is_alpha and prev.whitespace_ == " " \
        and fold(prev.text) in _given_names() and fold(prev.text) not in _MONTHS_DAYS \
        and not _is_title(prev.text) and not _is_honorific(prev.text)


#: Words that may follow a full name without making it longer: "Jo Bond Jr".
_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def _role_word(tok: Token) -> bool:
    """"Chairman", "Speaker", "Director": a capitalised role between a body and a person."""
    word = tok.lower_
    return _is_title(tok.text) or word in PERSON_NOUNS or word.endswith(PERSON_NOUN_SUFFIXES)


def cut_short(doc: Doc, c: _Cand, headlines: list[tuple[int, int]]) -> bool:
    """Whether the model's span stops before the name does: "Kestrel" of "Kestrel Rangers".

    A proper name runs on over its capitalised words, so a span followed at once by one more
    capitalised word ("trained with Kestrel Rangers", "the Varnix miniSEQ app") is a piece
    of a longer name, whose type the piece's vote does not tell.  Not when the word opens a
    sentence, is in capitals (an acronym: "CEO", "MP"), is a function word or an adjective
    (wire style capitalises them: "U.S. And Freedonian", "Varnby Mayoral hopeful"), a day, a
    month or a name's suffix ("Jr"), or when the capitalised run after it holds a role
    ("Kestrel Chairman Jo Bond", "Council Majority Leader"), opens with a known given name
    and runs on (a person's full name) or is a known place, where the body's name is whole
    and another name follows; nor after a possessive mark, nor in a headline (``headlines``,
    character ranges), where every word is capitalised.
    """
    tokens = c.token_range(doc)
    if tokens is None:
        return False
    i, j = tokens
    if j >= len(doc) or any(s <= c.start < e for s, e in headlines):
        return False
    # A name that ends as a body's or an event's does ("Kestrel Air Force", "... Cup") is
    # whole: what follows is another name, a make or a person ("Kestrel Air Force Varnix").
    if j - i >= 2 and fold(doc[j - 1].text) in NAME_ENDINGS:
        return False
    nxt = doc[j]
    if not nxt.is_alpha or nxt.is_upper or nxt.is_sent_start or nxt.is_stop \
            or nxt.tag_ == "JJ" or not any(ch.isupper() for ch in nxt.text) \
            or nxt.lower_ in _MONTHS_DAYS or nxt.lower_ in _NAME_SUFFIXES \
            or nxt.ent_type_ in ("DATE", "TIME"):
        return False
    # A possessive mark ends the owner's name ("Kestrel' Varnby Show").
    if not c.text[-1:].isalnum() and c.text[-1:] not in ".":
        return False
    k = j
    while k < len(doc) and doc[k].is_alpha and doc[k].text[:1].isupper():
        if _role_word(doc[k]):
            return False
        k += 1
    # A place or a person's full name after it stands apart from the name ("told Kestrel
    # Radio Varnby ...", "to the Treasury Jo Bond"): what follows is another name.
    after = doc[j:k]
    person = fold(nxt.text) in _given_names() and k - j >= 2
    return not (person or lookup_place(nxt.text) or lookup_place(after.text))


def counted_plural(doc: Doc, c: _Cand) -> bool:
    """"the two Houses", "won six Varnies": a capitalised plural counted by a number.

    A body is one of its kind and is not counted; a counted plural names things of a class
    (awards, chambers, models).  A year before it opens a name ("the 2004 Games").
    """
    i = c.tok_start
    if i <= 0 or not c.text.endswith("s") or c.text.endswith("'s") \
            or doc[c.tok_end - 1].tag_ not in ("NNS", "NNPS"):
        return False  # a name that merely ends in "s" is no plural ("30 Varnibus jets")
    before = doc[i - 1]
    year = before.text.isdigit() and len(before.text) == 4
    return before.like_num and not year
