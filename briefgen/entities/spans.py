"""The model's entity spans, trimmed to the names and with its plainest mistakes mended.

The small model keeps "the", "'s", titles and the next clause inside its spans, stops short
of "and Co", and types "Mr Okafor" as a body; these rules read one span at a time (with the
words around it) and decide where the name starts and ends and what the model's label is
worth.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from briefgen.entities.candidates import _Cand
from briefgen.entities.gazetteer import (
    _big_place,
    _country,
    _given_names,
    _is_honorific,
    _is_title,
    lookup_place,
)
from briefgen.entities.lexicon import (
    _ACRONYM,
    _MONTHS_DAYS,
    CITY_NAMES_ITSELF,
    CURRENCY_WORDS,
    EMPTY_HONORIFICS,
    FAC_NAME_ENDINGS,
    LEADING_DEMONSTRATIVES,
    LEADING_DETERMINERS,
    NAME_ENDINGS,
    NOT_NAME_EDGE,
    NUMERIC_LABELS,
    ORG_NAME_ENDINGS,
    PEOPLE_PLURALS,
    PERSON_NOUN_SUFFIXES,
    PERSON_NOUNS,
    PERSON_OF_NOUNS,
    POSSESSIVES,
    SCALE_WORDS,
    THING_TYPES,
    TRAILING_RANKS,
)
from briefgen.entities.names import GENERATIONAL, ORG_CONNECTORS, connector, fold
from briefgen.model import ENTITY_TYPES
from briefgen.nlp import dictionary_words

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


#: Lowercase nouns that end a government body's name after its portfolio ("the Labor
#: department", "the Finance ministry"): the capitalised word alone names a field, not a body.
PORTFOLIO_BODY_NOUNS = frozenset({"department", "ministry", "committee", "commission"})
#: Words that end a body's own name though no name-ending list holds them ("... League").
BODY_WORDS = frozenset({"league", "union", "federation", "association", "council", "board"})


def _clean_span(doc: Doc, start: int, end: int, label: str) -> tuple[int, int, list[str]]:
    """Trim a token range to the name itself; returns (start, end, stripped title words).

    Drops leading determiners, trailing possessives and punctuation, and (for people) leading
    honorifics and titles, which become a role hint instead.  A name never runs across a line
    break, an opening bracket or a spaced dash ("Rugby Union - Jason Little" is a headline
    topic, then the name), and names of people, places and bodies never start or end with a
    number ("Andrew Park 72" in a results table) nor hold a lowercase word other than a
    connector ("Xinhua news agency" -> "Xinhua").
    """
    for i in range(start, end):
        tok = doc[i]
        if tok.is_space and "\n" in tok.text or "\n" in tok.text:
            end = i
            break
        if tok.text in "([{":
            end = i
            break
    for i in range(end - 1, start, -1):
        tok = doc[i]
        if tok.text in ("-", "–", "—", ":") and tok.whitespace_ and i > 0 \
                and doc[i - 1].whitespace_ and i + 1 < end:
            start = i + 1
            break
    if label not in THING_TYPES:
        for i in range(start + 1, end):
            word = doc[i].text
            # "Kim Jong-un", "Li Ka-shing": a syllable glued by a hyphen to a capitalised word
            # is part of that word, whatever its case.
            glued = i >= 2 and doc[i - 1].text == "-" and not doc[i - 1].whitespace_ \
                and not doc[i - 2].whitespace_ and doc[i - 2].text[:1].isupper()
            # "the Labor department": a body named by its portfolio keeps the noun after it;
            # not after a body's own name ("a Kestrel League commission" is the league's).
            head = i == end - 1 and label == "ORG" and word in PORTFOLIO_BODY_NOUNS \
                and doc[i - 1].text[:1].isupper() \
                and fold(doc[i - 1].text) not in ORG_NAME_ENDINGS | BODY_WORDS and all(
                    doc[k].text[:1].isupper() or doc[k].lower_ in LEADING_DETERMINERS
                    for k in range(start, i))
            if word[:1].islower() and not connector(word) and word.isalpha() and not glued \
                    and not head:
                end = i
                break
            # "Assembly on Thursday": a connector before a day or month ends the name.
            if word in ORG_CONNECTORS and i + 1 < end and doc[i + 1].lower_ in _MONTHS_DAYS:
                end = i
                break
    # "170th Street": an ordinal opens a street's name.
    edge_junk = label not in THING_TYPES and doc[end - 1].lower_ not in FAC_NAME_ENDINGS

    def junk_at(i: int) -> bool:
        tok = doc[i]
        # "<Ultramar Golden Eagle Ltd>": wire-service markup and other bare symbols.
        return (tok.is_punct or tok.is_space or not any(ch.isalnum() for ch in tok.text)
                or edge_junk and any(ch.isdigit() for ch in tok.text)
                and not (any(ch.isalpha() for ch in tok.text) and tok.text[:1].isupper()))

    while start < end and (junk_at(start) or doc[start].lower_ in LEADING_DETERMINERS
                           or doc[start].text in LEADING_DEMONSTRATIVES
                           or doc[start].pos_ in NOT_NAME_EDGE and end - start > 1):
        start += 1
    while end > start and (junk_at(end - 1)
                           or doc[end - 1].lower_ in POSSESSIVES and end - 1 > start
                           or doc[end - 1].pos_ in NOT_NAME_EDGE and end - start > 1):
        end -= 1
    # "Office of the" (before "Deputy Prime Minister"): a name cut after its connector. What
    # it named is unknown, and its head alone ("Office") names nothing.
    if end - start >= 3 and doc[end - 1].lower_ in LEADING_DETERMINERS \
            and doc[end - 2].lower_ in ("of", "for"):
        return start, start, []
    if end - start >= 2 and doc[end - 1].text.rstrip(".").lower() in TRAILING_RANKS:
        # What stood before the rank describes the person ("Marine", "Varnbian"): with one
        # word left, nothing of a name remains.
        end = end - 1 if end - start > 2 else start
    stripped: list[str] = []
    if label == "PERSON" and end - start >= 2 and doc[end - 1].lower_ not in NAME_ENDINGS:
        # ("Birmingham Grand Prix" typed PERSON keeps "Grand": the ending says event.)
        last_title = -1
        for i in range(start, end - 1):
            if _is_title(doc[i].text):
                last_title = i
        if last_title >= 0 and all(doc[i].text[:1].isupper() for i in range(start, last_title + 1)):
            stripped = [doc[i].text for i in range(start, last_title + 1)]
            start = last_title + 1
    return start, end, stripped


def _common_words(span: Span) -> bool:
    """A span the tagger reads as ordinary words ("Attendance", "Defeat" opening a line).

    Capitalisation alone made the model call it a name; words in capitals (datelines,
    acronyms) are exempt because the tagger cannot read them.
    """
    if not span.doc.has_annotation("TAG"):
        return False
    return all(t.pos_ not in ("PROPN", "X", "SYM") and not t.is_upper for t in span
               if not t.is_punct)


#: A lowercase letter then a capital inside one word.  Names have at most two such turns
#: ("GlaxoSmithKline", "McDonald", "DiCaprio"); more is words run together, as a scraped page
#: glues its share buttons to the names around them ("...FlagShareLikeReply...").
_GLUED_TURN = re.compile(r"[a-z][A-Z]")
#: Characters of markup, never of a name (an attribute left in scraped text: ``author="..."``).
_MARKUP = frozenset("=<>{}")


def _is_junk(text: str, label: str | None) -> bool:
    """Numbers, dates, single letters, lowercase words, words run together, markup: never
    glossary entries."""
    letters = [c for c in text if c.isalpha()]
    coded_body = label in ("ORG", "PERSON") and _LETTER_AND_NUMBER.fullmatch(text) is not None
    if len(letters) < 2 and not coded_body or "\n" in text:
        return True
    if any(c in _MARKUP for c in text) or any(
        len(_GLUED_TURN.findall(word)) > 2 for word in text.split()
    ):
        return True
    # Control characters of the C1 range: text decoded with the wrong code page ("Ã\x83Â").
    if any("\x80" <= c <= "\x9f" for c in text):
        return True
    # A bracket the name does not close or open ("International Monetary) Fund"): the span
    # runs across the edge of an aside.
    if text.count("(") != text.count(")") or text.count("[") != text.count("]"):
        return True
    # A slash at an edge: a table's cell or a list run into the name ("Port/"); a name may
    # hold one inside ("AC/DC").
    if text.startswith("/") or text.endswith("/"):
        return True
    if not any(c.isupper() for c in text):
        return True
    words = text.replace(".", " ").split()
    if all(w.lower() in _MONTHS_DAYS or not any(c.isalpha() for c in w) for w in words):
        return True
    # An amount: a number with its scale ("68 million") or a currency glued to a country's
    # letters ("Adollars", "HKdollars": how some wires print A$ and HK$).
    if any(w[:1].isdigit() and n.lower() in SCALE_WORDS
           for w, n in zip(words, words[1:], strict=False)) \
            or any(_GLUED_CURRENCY.match(w) for w in words):
        return True
    # Two decimal figures: a row of a table of prices ("Lou 2.54 2.50"), no name; a name
    # may hold one ("Varnby OS 10.4").
    if sum(1 for w in text.split() if _DECIMAL.fullmatch(w)) >= 2:
        return True
    return label in NUMERIC_LABELS


#: A capital and a number typed a body (or a person, which it cannot be): a band, a group of
#: nations ("U2", "G8"), but not a quarter or a half of a year ("Q1", "H2").  Typed anything
#: else ("G7" as a product) the model is guessing, and it stays out.
_LETTER_AND_NUMBER = re.compile(r"(?![QH]\d)[A-Z]\d{1,3}")

_DECIMAL = re.compile(r"[-+]?\d*[.,]\d+")


#: The tail of a negated verb the tokenizer split off ("don" + "'t" when the apostrophe is
#: curly or the text was retyped).
_CONTRACTION_TAILS = frozenset({"'t", "’t", "n't", "n’t"})


#: A currency word glued to one to three capitals ("Adollars", "HKdollars", "NZdlrs").
_GLUED_CURRENCY = re.compile(r"^[A-Z]{1,3}(?:dollars?|dlrs?|pounds?|francs?|pesos?)$")


def _ends_in_acronym(text: str) -> bool:
    """"Indiana GOP", "Hillary PAC", "Junge SVP": a "person" whose last word is an acronym.

    People's names end in a generational or degree suffix ("III", "MP", "PhD"; nameparser's
    lists), never in an acronym, so such a span is a body the model mistook for a person.  A
    name in capitals throughout ("DONALD TRUMP") says nothing.
    """
    from nameparser.config import CONSTANTS

    words = text.split()
    if len(words) < 2 or text.isupper() or not _ACRONYM.match(words[-1]):
        return False
    last = words[-1].replace(".", "").lower()
    if last in CONSTANTS.suffix_acronyms or last in CONSTANTS.suffix_not_acronyms:
        return False
    return last not in GENERATIONAL and not re.fullmatch(r"[ivxl]+", last)


#: Words after "and"/"&" that close a firm's name ("Smith Barney and Co", "Dombey & Son").
FIRM_PARTNERS = frozenset({"co", "company", "cie", "son", "sons", "partners", "associates"})


def _firm_ending(doc: Doc, end: int) -> int:
    """Where a name the model stopped short of "and Co" or "& Sons" really ends.

    "Miller Tabak Hirsch and Co": the model tags the partners' surnames as a PERSON and leaves
    the ending out, so the firm reads as a person.  A span followed by "and"/"&" and a partner
    word, or by a capitalised company-form word ("Inc", "Ltd"), runs on to include it.
    """
    if end + 1 < len(doc) and doc[end].lower_ in ("and", "&") \
            and doc[end + 1].text[:1].isupper() and fold(doc[end + 1].text) in FIRM_PARTNERS:
        end += 2
    if end < len(doc) and doc[end].text[:1].isupper() and doc[end - 1].whitespace_ \
            and fold(doc[end].text) in ("inc", "ltd", "llc", "plc", "corp", "co"):
        end += 1
    return end


def _followed_by_who(doc: Doc, end: int) -> bool:
    """", who ..." right after a name: English uses it of people, "which" of bodies."""
    return end + 1 < len(doc) and doc[end].text == "," and doc[end + 1].lower_ == "who"


def _described_as_person(doc: Doc, end: int) -> bool:
    """", who ..." or ", a regional organiser ..." right after a name.

    English uses "who" of people and "which" of bodies.  An appositive says the same when its
    head noun can only be a person's (``PERSON_NOUNS``, ``PERSON_NOUN_SUFFIXES``); "maker",
    "producer" or "publisher" describe firms as often.
    """
    if _followed_by_who(doc, end):
        return True
    if _appositive_noun(doc, end) is None:
        return False
    # The head of ", a secessionist group" is "group": the last noun of the run.
    j = end + 1
    while doc[j].pos_ != "NOUN":
        j += 1
    while j + 1 < len(doc) and doc[j + 1].pos_ == "NOUN" and doc[j + 1].is_lower:
        j += 1
    if j + 1 < len(doc) and doc[j + 1].pos_ == "PROPN":
        return False  # ", author Jo Fleming's ...": the noun is someone else's title
    noun = doc[j].lemma_.lower()
    return noun.endswith(PERSON_NOUN_SUFFIXES) or noun in PERSON_NOUNS


def _person_of(span: Span) -> bool:
    """"The deaths of Jo Okafor and Ana Reyes", "the widow of ...": the name (or a name it is
    joined to by "and") is the "of" of a noun only a person is the "of" of."""
    root = span.root
    while root.dep_ == "conj" and root.head.i < root.i:
        root = root.head
    of = root.head
    return root.dep_ == "pobj" and of.lower_ == "of" and of.head.i < of.i \
        and of.head.lower_ in PERSON_OF_NOUNS


def _dictionary_words(doc: Doc) -> Callable[[Token], bool]:
    """Whether a word is in the pipeline's English word list (see ``nlp.dictionary_words``).

    A span made only of listed words ("Planned Parenthood", "Focus Features") may be a body as
    well as a person.  Without the list every word counts as listed, so callers keep the
    model's own label.
    """
    words = dictionary_words(doc.vocab)
    if words is None:
        return lambda tok: True

    def listed(tok: Token) -> bool:
        low = tok.lower_
        # Proper nouns keep their plural as the lemma ("Pines", "Books").
        forms = {low, tok.lemma_.lower()}
        if low.endswith("s"):
            forms.update((low[:-1], low[:-2], low[:-3] + "y"))
        return any(f in words for f in forms)

    return listed


def _after_amount(doc: Doc, start: int) -> bool:
    """A number or a scale word ("300", "mln") just before token ``start``."""
    return start > 0 and (doc[start - 1].like_num or fold(doc[start - 1].text) in SCALE_WORDS)


def _currency_of_amount(doc: Doc, start: int, end: int) -> bool:
    """"400 mln U.S. Dlr": a country between an amount and its currency word is the
    currency's, no mention of the country (the labels count no money)."""
    return end < len(doc) and fold(doc[end].text) in CURRENCY_WORDS \
        and _after_amount(doc, start) and _country(doc[start:end].text) is not None


def _model_spans(doc: Doc) -> list[_Cand]:
    """The model's entity spans, trimmed to the names and with its plainest mistakes mended.

    Two mendings need the whole document: a surname the tagger read as a common noun
    ("Reyes said", sentence-first) is kept when a person's full name in the text ends in it,
    and a short name the model typed ORG is a person when ", who" or an appositive only a
    person takes ("..., a regional organiser") follows it.
    """
    surnames = {fold(ent[-1].text) for ent in doc.ents
                if ent.label_ == "PERSON" and len(ent) >= 2
                and all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in ent)}
    listed = _dictionary_words(doc)
    out = []
    for ent in doc.ents:
        label = ent.label_
        if label not in ENTITY_TYPES:
            continue
        if label != "PERSON" and _honorific_before(doc, ent.start, ent.end):
            label = "PERSON"  # "Mr Okafor", "Dr Wirt" typed ORG: the honorific decides
        start, end, titles = _clean_span(doc, ent.start, ent.end, label)
        if start >= end or _is_honorific(doc[start].text) and end - start == 1:
            continue
        if _ticker(doc, start, end):
            continue
        start, end = _hyphen_joined(doc, start, end)
        # "300 mln U.S. Dlrs" is an amount, no name; "constant U.S. Dollars" names the country.
        if end - start >= 2 and fold(doc[end - 1].text) in CURRENCY_WORDS and (
                _country(doc[start].text) or start > 0 and doc[start - 1].like_num):
            if _after_amount(doc, start):
                continue
            end, label = start + 1, "GPE"
        if _currency_of_amount(doc, start, end):
            continue  # "400 mln U.S. Dlr loan": the model left the currency out
        if label != "PERSON" and end - start == 2 and _country(doc[start].text) \
                and doc[end - 1].tag_ in ("NNS", "NNPS") and listed(doc[end - 1]):
            # "U.S. Banks", "U.S. Officials" (wire style capitalises them): the country.
            end, label = start + 1, "GPE"
        if label in ("PERSON", "ORG") and end == ent.end:
            end = _firm_ending(doc, end)
            if end > ent.end:
                label = "ORG"
        span = doc[start:end]
        if end < len(doc) and doc[end].lower_ in _CONTRACTION_TAILS:
            continue  # "We don" of "We don't": a clause cut at an apostrophe, not a name
        if _is_junk(span.text, label) or label != "NORP" and _common_words(span) \
                and not (len(ent) == 1 and fold(span.text) in surnames):
            continue
        if label == "PERSON" and len(span) == 1 and span[0].lower_ in PEOPLE_PLURALS:
            continue  # "Aides said": a plural noun opening a sentence, no one's name
        words = span.text.split()
        # A band or a team is "who" too, but its name is plural ("the Rovers, who").
        if label == "ORG" and _described_as_person(doc, end) \
                and not all(listed(t) for t in span) \
                and (2 <= len(words) <= 3 or fold(span.text) in surnames) \
                and all(w[:1].isupper() and not w.isupper() and w[-1].isalpha() for w in words) \
                and fold(words[-1]) not in ORG_NAME_ENDINGS and span[-1].tag_ != "NNPS":
            label = "PERSON"
        if label != "PERSON" and 2 <= len(words) <= 3 and _person_of(span) \
                and all(w[:1].isupper() and w.isalpha() and not w.isupper() for w in words) \
                and fold(words[-1]) not in NAME_ENDINGS and not _company_cue(doc, start, end):
            label = "PERSON"  # "the shooting of Jo Okafor" typed ORG
        if label == "PERSON" and (_ends_in_acronym(span.text) or "&" in span.text
                                  or any(ch.isdigit() for ch in span.text)
                                  or len(span) > 1 and fold(span[-1].text) in ORG_NAME_ENDINGS):
            # "Indiana GOP", "Christian Aid", "Golden Eagle Ltd", "Young & Rubicam", "G8": a
            # body, not a person (no person's name holds an ampersand or a digit).
            label = "ORG"
        company = _company_cue(doc, start, end)
        if label == "PERSON" and company:
            label = "ORG"
        personal = _given_name_span(span, listed)
        if label in ("ORG", "NORP", "GPE", "LOC", "FAC") and personal and not company:
            # "Marguerite Okafor's" typed GPE: a given name and a surname make a person, and
            # as a person the full name gathers the bare surname's mentions (no split entry).
            label = "PERSON"
        cand = _Cand(span.start_char, span.end_char, span.text, label, start, end,
                     company=company, personal=personal)
        if titles and not all(fold(t) in EMPTY_HONORIFICS for t in titles):
            cand.roles.append(" ".join(titles))
        out.append(cand)
    return out


def _ticker(doc: Doc, start: int, end: int) -> bool:
    """"Varden Mutual Corp <VMC>": a wire service's stock symbol right after a firm's name.

    Reuters also brackets whole names ("<Northgate Mining Ltd>") and a unit named alone
    ("its <SMS> unit"): only one capitalised token right after a capitalised word is a symbol.
    """
    return (end - start == 1 and start > 1 and end < len(doc) and doc[start - 1].text == "<"
            and doc[end].text == ">" and doc[start].text.replace(".", "").isupper()
            and doc[start - 2].text[:1].isupper())


def _honorific_before(doc: Doc, start: int, end: int) -> bool:
    """Whether the span opens with (or directly follows) an honorific and a capitalised word."""
    i = start
    # "Later Mr Okafor": an adverb or article the model ran in before the honorific.
    while i < end and (doc[i].lower_ in LEADING_DETERMINERS or doc[i].pos_ in NOT_NAME_EDGE):
        i += 1
    if i + 1 < end and _is_honorific(doc[i].text) and doc[i + 1].text[:1].isupper():
        return True
    return start > 0 and _is_honorific(doc[start - 1].text) and doc[start].text[:1].isupper()


def _hyphen_joined(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Widen a span over words joined to it by hyphens ("Varnby" -> "Varnby-on-Sea").

    A hyphenated chain with no space in it is one word to a reader; the model often keeps
    only its first part.  The chain must end on a capitalised word.
    """
    j = end
    while j + 1 < len(doc) and doc[j].text == "-" and not doc[j - 1].whitespace_ \
            and not doc[j].whitespace_ and doc[j + 1].is_alpha:
        j += 2
    while j > end and not doc[j - 1].text[:1].isupper():
        j -= 2
    return start, max(j, end)


def _company_cue(doc: Doc, start: int, end: int) -> bool:
    """Company evidence around a name: ", which", a ticker, "shares of", "X shares".

    English uses "which" of bodies, never of people; a Reuters ticker ("<BCOM.L>") or a
    "(NYSE: X)" follows only a listed company; shares are held in firms.
    """
    after = [t.lower_ for t in doc[end:end + 3]]
    if after[:2] == [",", "which"] or after[:1] == ["<"] and len(after) > 1 \
            and any(c.isupper() for c in doc[end + 1].text):
        return True
    if after[:1] == ["("] and len(after) > 1 and after[1] in ("nyse", "nasdaq", "lse", "tsx"):
        return True
    if after[:1] == ["shares"] or after[:2] in (["'s", "shares"], ["’s", "shares"]):
        return True
    before = [t.lower_ for t in doc[max(0, start - 2):start]]
    return before in (["shares", "of"], ["shares", "in"], ["stake", "in"])


def _given_name_span(span: Span, listed: Callable[[Token], bool]) -> bool:
    """"Francois Delacroix": a known given name, then one or two surname-like words.

    Evidence for a person where the model said ORG or a place.  The last word must be no
    common English word ("Walter Grange Partners", "Georgia Tech"), no body's ending, and
    the first no country or big city ("Paris Saint-Germain").
    """
    words = [t for t in span if not t.is_punct]
    if not 2 <= len(words) <= 3 or any(not t.text[:1].isupper() or t.is_upper for t in words):
        return False
    first, last = words[0].text, words[-1]
    return (fold(first) in _given_names() and not listed(last)
            and fold(last.text) not in ORG_NAME_ENDINGS and _country(first) is None
            and not _big_place(first, CITY_NAMES_ITSELF) and lookup_place(span.text) is None)


def _appositive_noun(doc: Doc, i: int) -> str | None:
    """The lowercase noun heading ", the/a ... NOUN" right after token ``i``, if any."""
    if i >= len(doc) or doc[i].text != ",":
        return None
    j = i + 1
    while j < len(doc) and j - i <= 4 and doc[j].pos_ in ("DET", "ADJ") and doc[j].is_lower:
        j += 1
    if j < len(doc) and doc[j].pos_ == "NOUN" and doc[j].is_lower:
        return doc[j].lemma_.lower()
    return None
