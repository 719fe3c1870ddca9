"""Names the small model left untagged, found by their shape and typed only by evidence.

The small model misses names it has every reason to see: "Mara Quint" after a long title,
"Harbour Workers National Committee" opening a paragraph, a big city in a table of prices. A run
of capitalised words that no candidate covers becomes one only when something other than the
model says what it is:

- a last word that says what a name is ("... Committee", "... Stadium", "... Act"): the
  ending's type (:data:`lexicon.NAME_ENDINGS`);
- a known given name, then one or two capitalised words (the last no word of a work or a
  feature of the land): a person;
- one to three capitalised words followed by ", who" or by an appositive only a person takes
  (", the band's singer,"): a person;
- one word a gazetteer knows as a US state or a city of :data:`UNTAGGED_CITY_FROM` people or
  more, no common word and no given name: the place.

Anything else stays untagged: with no evidence, saying less is better than guessing. Headline
lines are left to the headline rules, and a run glued to a tagged name is the model's own
span, cut, which other rules mend.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from briefgen.entities.candidates import _Cand
from briefgen.entities.gazetteer import (
    _given_names,
    _is_honorific,
    _is_title,
    lookup_place,
    strong_given_name,
)
from briefgen.entities.lexicon import (
    _MONTHS_DAYS,
    EVENT_NAME_ENDINGS,
    FAC_NAME_ENDINGS,
    GUARDED_NAME_ENDINGS,
    LAW_NAME_ENDINGS,
    NAME_ENDINGS,
    ORG_NAME_ENDINGS,
    PERSON_NOUN_SUFFIXES,
    PERSON_NOUNS,
    WORK_NOUNS,
)
from briefgen.entities.names import fold
from briefgen.entities.repairs import _headline_ranges
from briefgen.entities.spans import _described_as_person, _dictionary_words

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

#: A city found without the model's help must be this big: smaller towns share their names
#: with surnames and firms far more often than a reader would guess.
UNTAGGED_CITY_FROM = 100_000

#: The longest run of capitalised words read as one name.
_RUN_MAX = 6

#: Ending word -> the type it gives an untagged name (bodies first: "... Trust Fund").
_ENDING_TYPES: tuple[tuple[frozenset[str], str], ...] = (
    (ORG_NAME_ENDINGS, "ORG"), (EVENT_NAME_ENDINGS, "EVENT"), (FAC_NAME_ENDINGS, "FAC"),
    (LAW_NAME_ENDINGS, "LAW"),
)

#: Words that open a sentence or a name without being part of it.
_OPENERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})


#: Parts of speech a sentence's first word has when only its place capitalises it
#: ("Later Okafor said", "Meanwhile ...").
_NOT_NAME_POS = frozenset({"ADV", "ADJ", "ADP", "CCONJ", "SCONJ", "DET", "PRON", "AUX",
                           "VERB", "INTJ", "PART"})

#: Last words that say a name is no person's, though they type nothing themselves: a work
#: ("... Show"), a feature of the land or a plant ("... Creek", "... Station").  Words that
#: are common surnames too ("Hill", "Lake", "Bay") are not here.
_NOT_A_PERSON_ENDINGS = WORK_NOUNS | GUARDED_NAME_ENDINGS.keys() | frozenset({
    "creek", "river", "valley", "island", "islands", "mountains", "canyon", "gulf",
    "peninsula", "desert", "ocean", "sea", "plant", "station", "reactor", "mine", "dam",
})


def _capitalised(tok: Token) -> bool:
    text = tok.text
    letters = text.replace("-", "").replace("'", "").replace(".", "")
    return text[:1].isupper() and letters.isalpha() and (not text.isupper() or len(letters) <= 4)


def untagged_names(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """``cands`` plus the untagged names that evidence types (see the module's docstring)."""
    tagged = {i for c in cands if c.tok_start >= 0 for i in range(c.tok_start, c.tok_end)}
    headlines = _headline_ranges(doc.text)
    listed = _dictionary_words(doc)
    model_forms = {fold(c.text) for c in cands}
    out = list(cands)
    n = len(doc)
    i = 0
    while i < n:
        if i in tagged or not _capitalised(doc[i]):
            i += 1
            continue
        j = i
        while j < n and j - i < _RUN_MAX and j not in tagged and _capitalised(doc[j]) \
                and (j == i or doc[j - 1].whitespace_):
            j += 1
        start, end = i, j
        i = j
        # Glued to a tagged name: the model's span was cut, and other rules mend it.
        if start - 1 in tagged and not doc[start - 1].is_punct \
                or end in tagged and not doc[end].is_punct:
            continue
        while start < end and (doc[start].lower_ in _OPENERS or _is_title(doc[start].text)
                               or (doc[start].is_stop or doc[start].pos_ in _NOT_NAME_POS)
                               and doc[start].is_sent_start and not doc[start].like_num
                               or _is_honorific(doc[start].text)):
            start += 1
        if start >= end:
            continue
        span = doc[start:end]
        if any(s <= span.start_char < e for s, e in headlines) or _line_label(doc, start, end):
            continue
        etype = _evidence_type(span, listed)
        # A name the model tags elsewhere in the text keeps the model's type: the string
        # match of repeated names (``extract_entities``) finds this mention too.
        if etype is not None and fold(span.text) not in model_forms:
            # What typed it a person is the evidence a lone name needs to be kept.
            out.append(_Cand(span.start_char, span.end_char, span.text, etype, start, end,
                             personal=etype == "PERSON"))
    return out


def _evidence_type(span: Span, listed: Callable[[Token], bool]) -> str | None:
    """The type the words of an untagged run give it, or None when nothing decides."""
    words = [t for t in span]
    last = fold(words[-1].text)
    if len(words) >= 2 and all(t.is_upper for t in words):
        return None  # "USED NEWS": a line in capitals, where every word looks like a name
    if len(words) >= 2:
        for endings, etype in _ENDING_TYPES:
            if last in endings:
                return etype
    first = words[0]
    if 2 <= len(words) <= 3 and strong_given_name(first.text) \
            and all(t.pos_ == "PROPN" and t.is_alpha for t in words) and not first.is_stop \
            and fold(first.text) not in _MONTHS_DAYS \
            and last not in NAME_ENDINGS and last not in _NOT_A_PERSON_ENDINGS \
            and lookup_place(span.text) is None and all(t.is_title for t in words) \
            and not any(_is_title(t.text) for t in words[1:]) and not _table_line(span):
        return "PERSON"
    # "Varro, the band's singer, ...", "Varro, who ...": described as a person.
    if len(words) <= 3 and all(t.pos_ == "PROPN" and t.is_alpha and t.is_title for t in words) \
            and not (len(words) == 1 and listed(first)) and lookup_place(span.text) is None \
            and last not in NAME_ENDINGS and last not in _NOT_A_PERSON_ENDINGS \
            and (_described_as_person(span.doc, span.end)
                                              or _person_appositive(span)):
        return "PERSON"
    if len(words) == 1 and not listed(first) and fold(first.text) not in _given_names():
        place = lookup_place(first.text)
        if place is not None and place.country is None \
                and place.population >= UNTAGGED_CITY_FROM:
            return place.type
    return None


def _person_appositive(span: Span) -> bool:
    """", the Varnby band's singer,": the parse's appositive of the name is a noun only a
    person is (modifiers of any kind before it, which the plain reading of
    :func:`spans._described_as_person` stops at)."""
    doc = span.doc
    if span.end >= len(doc) or doc[span.end].text != ",":
        return False
    for ch in span.root.children:
        if ch.dep_ == "appos" and ch.i > span.end and ch.pos_ == "NOUN" and ch.is_lower:
            noun = ch.lemma_.lower()
            return noun.endswith(PERSON_NOUN_SUFFIXES) or noun in PERSON_NOUNS
    return False


def _line_label(doc: Doc, start: int, end: int) -> bool:
    """"Rugby Union - Jo Okafor scored", "Sport: ...": a line's label, a section, no name."""
    opens = start == 0 or "\n" in doc[start - 1].text or "\n" in doc[start - 1].whitespace_
    return opens and end < len(doc) and doc[end].text in ("-", "–", "—", ":")


def _table_line(span: Span) -> bool:
    """A row of a wire table ("Lou Gulf 2.54 2.50 --"): its capitalised cells are no names."""
    return sum(1 for t in span.sent if t.like_num) >= 3


def cut_bodies(doc: Doc, cands: list[_Cand]) -> None:
    """Give a body's name back the capitalised words the model cut off its front.

    "Harbour Workers National Committee spokesman ...": the model tags "National Committee". A
    body's name (its last word says so, :data:`lexicon.ORG_NAME_ENDINGS`) preceded in the same
    line by capitalised proper nouns no candidate holds, no title and no opener, starts at
    the first of them.  Edits ``cands`` in place.
    """
    tagged = {i for c in cands if c.tok_start >= 0 for i in range(c.tok_start, c.tok_end)}
    for c in cands:
        if c.label != "ORG" or c.tok_start <= 0 or c.tok_end - c.tok_start < 2 \
                or fold(doc[c.tok_end - 1].text) not in ORG_NAME_ENDINGS:
            continue
        i = c.tok_start
        while i > 0 and i - 1 not in tagged and doc[i - 1].pos_ == "PROPN" \
                and _capitalised(doc[i - 1]) and doc[i - 1].whitespace_ \
                and doc[i - 1].lower_ not in _OPENERS and not _is_title(doc[i - 1].text) \
                and not _is_honorific(doc[i - 1].text) and c.tok_end - i < _RUN_MAX:
            i -= 1
        if i < c.tok_start:
            span = doc[i:c.tok_end]
            c.start, c.text, c.tok_start = span.start_char, span.text, i
            tagged.update(range(i, c.tok_end))
