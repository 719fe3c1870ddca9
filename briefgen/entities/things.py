"""Makes, models and works: "a Eurofighter Typhoon", "the film Quiet Harbour Nights".

The model types them as bodies, people or places; syntax ("a/an" before a name) and
quotation marks or a work noun before a title say what they are.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from briefgen.entities.candidates import _Cand
from briefgen.entities.gazetteer import _country, _is_title
from briefgen.entities.lexicon import (
    _MONTHS_DAYS,
    _QUOTES,
    AWARD_DETERMINERS,
    AWARD_GIVERS,
    AWARD_NOUNS,
    EVENT_NAME_ENDINGS,
    ORG_HEAD_NOUNS,
    PRODUCT_NOUNS,
    WORK_NOUNS,
)
from briefgen.entities.names import fold
from briefgen.entities.repairs import _headline_ranges
from briefgen.entities.spans import _is_junk

if TYPE_CHECKING:
    from spacy.tokens import Doc


def _product_instances(doc: Doc, cands: list[_Cand], *, unlabelled: bool = False) -> None:
    """"a Eurofighter Typhoon": a proper name under an indefinite article is a product.

    Organisations and places take "the" or nothing; "a/an" before a name used as the head of
    its noun phrase means one instance of a make or model.  When the name only modifies the
    head ("a Microsoft spokesman") the article belongs to the head and nothing changes.
    """
    for c in cands:
        if unlabelled and c.label is None and c.tok_start < 0:
            span = doc.char_span(c.start, c.end)
            if span is not None:
                c.tok_start, c.tok_end = span.start, span.end
        if c.label != ("ORG" if not unlabelled else None) or c.tok_start < 0:
            continue
        root = doc[c.tok_end - 1]
        if root.dep_ in ("compound", "amod", "nmod", "poss"):
            continue
        if any(ch.dep_ == "det" and ch.lower_ in ("a", "an") for ch in root.children):
            c.label = "PRODUCT"
            c.instance = True


def _untagged_instances(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """Proper names the model left untagged that head an "a/an" noun phrase: products.

    "A UK Royal Air Force Eurofighter Typhoon conducts ...": the model tags the country and the
    air force but not the aircraft.  Capitalised proper nouns that end such a phrase, after
    any tagged modifiers, name a make or model.
    """
    tagged = {i for c in cands for i in range(c.tok_start, c.tok_end)}
    out = []
    for tok in doc:
        if tok.pos_ != "PROPN" or tok.i in tagged or tok.dep_ in ("compound", "amod", "nmod") \
                or not any(ch.dep_ == "det" and ch.lower_ in ("a", "an") for ch in tok.children):
            continue
        start = tok.i
        while start - 1 >= 0 and doc[start - 1].pos_ == "PROPN" and start - 1 not in tagged \
                and doc[start - 1].text[:1].isupper():
            start -= 1
        span = doc[start:tok.i + 1]
        if start > 0 and _country(doc[start - 1].text) is not None:
            continue  # "a U.S. Bank": one bank of a country's, no make or model
        if any(_is_title(t.text) for t in span) or _is_junk(span.text, None) \
                or not all(t.text[:1].isupper() for t in span):
            continue
        if len(span) == 1 and span.text.isupper():
            continue  # "a super PAC", "a PC": an acronym under "a" is a common noun

        out.append(_Cand(span.start_char, span.end_char, span.text, "PRODUCT", span.start,
                         span.end, instance=True))
    return cands + out


#: Quotation marks around a title, as pairs ("''" is how some wires print a double quote).
_QUOTED_TITLE = re.compile(r"''([^'\n]{2,80}?)''|“([^”\n]{2,80})”|\"([^\"\n]{2,80})\"")


def _title_case(words: list[str]) -> bool:
    """Every word of four letters or more capitalised, and the first one too."""
    return bool(words) and words[0][:1].isupper() and all(
        w[:1].isupper() for w in words if sum(ch.isalpha() for ch in w) >= 4)


#: Words in a quoted title, without and with a subtitle: longer quotes are sentences.
TITLE_WORDS, TITLE_WORDS_SUBTITLED = 8, 14


def _works(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """Titles of works: a title-case phrase in quotes, or a name after "the film", "his album".

    ``''Quiet Harbour Nights''`` or "the exhibition, Glasswork," names a work, which the model
    types as a person, a body or a place; the whole quoted title becomes one WORK_OF_ART
    mention.  Quotes in headlines (every word capitalised there) and one-word quotes (a
    nickname, a scare quote) say nothing.
    """
    text = doc.text
    headlines = _headline_ranges(text)
    found: list[_Cand] = []
    for m in _QUOTED_TITLE.finditer(text):
        g = next(i for i in (1, 2, 3) if m.group(i) is not None)
        start, end = m.start(g), m.end(g)
        while end > start and text[end - 1] in ",.;: \t":
            end -= 1
        while start < end and text[start].isspace():  # '" Foo Bar "' in tokenised text
            start += 1
        words = text[start:end].split()
        # A title with a subtitle after a colon runs longer ("Harbour: Lives of the Pilots").
        longest = TITLE_WORDS_SUBTITLED if ":" in text[start:end] else TITLE_WORDS
        if not 2 <= len(words) <= longest or not _title_case(words) \
                or any(s <= start < e for s, e in headlines) or text[start:end].isupper():
            continue
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            found.append(_Cand(start, end, text[start:end], "WORK_OF_ART", span.start,
                               span.end, work=True))
    for t in doc:
        if not (t.is_lower and t.pos_ not in ("VERB", "AUX") and t.lemma_.lower() in WORK_NOUNS) \
                or t.i + 2 >= len(doc):
            continue
        # "the exhibition, Glasswork,": a title set off by a comma follows one work; after
        # "the albums," a new clause starts ("..., Mr Levy said").
        i = t.i + 1 + (doc[t.i + 1].text == "," and t.tag_ != "NNS")
        j = i
        while j < len(doc) and (doc[j].text[:1].isupper() or j > i and doc[j].lower_ in
                                ("of", "the", "and") and doc[j + 1].text[:1].isupper()):
            j += 1
        # A title cut by an ellipsis ("Later... With ...") is not read reliably: left alone;
        # nor is a run that opens with an honorific or a title ("Mr Levy"): a person.
        if j == i or doc[i].lower_ in _MONTHS_DAYS or doc[i].is_sent_start \
                or _is_title(doc[i].text) \
                or j < len(doc) and doc[j].text in ("...", "…"):
            continue
        # Capitalised adjectives before a common noun: "the single European currency" names
        # no song (the tagger reads "single" as an adjective in "their debut single" too, so
        # its part of speech cannot decide); a title may be an adjective ("Unconditional").
        if j < len(doc) and doc[j].is_lower and doc[j].pos_ == "NOUN" \
                and all(doc[k].pos_ == "ADJ" or doc[k].ent_type_ == "NORP" for k in range(i, j)):
            continue
        span = doc[i:j]
        found.append(_Cand(span.start_char, span.end_char, span.text, "WORK_OF_ART", i, j,
                           work=True))
    found += _awards(doc, found)
    if not found:
        return cands
    kept = [c for c in cands if not any(c.start < f.end and f.start < c.end for f in found)]
    return kept + found


def _awards(doc: Doc, found: list[_Cand]) -> list[_Cand]:
    """"the Golden Reel award", "two Grammy awards": the capitalised words between a
    determiner and a lowercase award noun name an award (a work, as the labels have it),
    which the model types as a site or a person.  An acronym there is the body that gives
    the award ("the BBC award"), and a name that opens its sentence may be anything."""
    taken = {i for f in found for i in range(f.tok_start, f.tok_end)}
    out: list[_Cand] = []
    for t in doc:
        if not (t.is_lower and t.lower_ in AWARD_NOUNS) or t.i == 0:
            continue
        j = t.i
        i = j
        while i > 0 and doc[i - 1].text[:1].isupper() and doc[i - 1].is_alpha \
                and not doc[i - 1].is_sent_start:
            i -= 1
        if i == j or i == 0 or doc[i - 1].lower_ not in AWARD_DETERMINERS \
                or any(k in taken for k in range(i, j)):
            continue
        span = doc[i:j]
        if any(w.text.isupper() or _is_title(w.text) for w in span) or len(span) > 4:
            continue
        # "her Olympic medals": an adjective says what kind of medal, it names none; "the
        # Screen Actors Guild awards", "the Dubai Championship trophy": a body's or an event's
        # name says who gives it or what it is won at.
        if all(w.pos_ == "ADJ" or w.ent_type_ == "NORP" for w in span) \
                or fold(span[-1].text) in ORG_HEAD_NOUNS | AWARD_GIVERS | EVENT_NAME_ENDINGS:
            continue
        out.append(_Cand(span.start_char, span.end_char, span.text, "WORK_OF_ART", i, j,
                         work=True))
    return out


#: Marks that set a title apart: quotation marks, and Markdown's italics.
TITLE_MARKS = _QUOTES + "*_"
#: Words a title may open with, kept capitalised in mid-sentence ("The", "This Morning").
TITLE_OPENERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "my", "our",
                           "your", "his", "her", "their", "its"})
#: Lowercase nouns beside a name that say it names a work or a product.
THING_NOUNS = WORK_NOUNS | AWARD_NOUNS | PRODUCT_NOUNS


def thing_cue(doc: Doc, c: _Cand) -> bool:
    """What sets a title or a make apart in the text around a mention.

    Quotes or italics around it; a work's or product's noun just before or after it ("the
    novel Zorbatrix", "the Varnix phone"); "a/an" before it ("drove a Varnix"); or a
    capitalised article or determiner in mid-sentence opening it or just before it, which
    titles keep and other names drop ("won for The Quiet Harbour", "presents This Morning",
    against "the Quiet Harbour hotel").
    """
    text = doc.text
    # A mark after the name counts unless it is an apostrophe a letter follows: "Varnix's"
    # is a possessive, not the end of a quoted title.
    after = text[c.end:c.end + 2]
    possessive = after[:1] in ("'", "’") and after[1:].isalpha()
    if c.start > 0 and text[c.start - 1] in TITLE_MARKS \
            or after and after[0] in TITLE_MARKS and not possessive:
        return True
    if c.tok_start < 0:
        return False
    near = [doc[c.tok_start - 1]] if c.tok_start > 0 else []
    if c.tok_end < len(doc):
        near.append(doc[c.tok_end])
    # A quote set apart by spaces (tokenised wire text: "`` Zorbatrix ''").
    if any(t.text and all(ch in TITLE_MARKS + "`" for ch in t.text) for t in near):
        return True
    if any(t.is_lower and (t.lemma_.lower() or t.lower_) in THING_NOUNS for t in near):
        return True
    if c.tok_start > 0 and doc[c.tok_start - 1].lower_ in ("a", "an"):
        return True
    return any(t.text[:1].isupper() and t.lower_ in TITLE_OPENERS and not t.is_sent_start
               for t in doc[max(0, c.tok_start - 1):c.tok_start + 1])
