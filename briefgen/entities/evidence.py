"""Evidence the small model lacks, gathered from the text around the names.

Each rule here reads a whole parsed article and either adds a candidate mention the model
missed or corrects one it typed; :func:`briefgen.entities.extract.extract_entities` runs them
in order, between the span repairs and the clustering.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from briefgen.entities.candidates import _Cand
from briefgen.entities.cluster import _form_key
from briefgen.entities.gazetteer import (
    _country,
    _given_names,
    _is_honorific,
    lookup_place,
)
from briefgen.entities.lexicon import (
    _ACRONYM,
    EVENT_NAME_ENDINGS,
    FAC_NAME_ENDINGS,
    LAW_NAME_ENDINGS,
    ORG_HEAD_NOUNS,
    PLACE_TYPES,
)
from briefgen.entities.names import fold
from briefgen.entities.spans import _currency_of_amount, _dictionary_words, _hyphen_joined

if TYPE_CHECKING:
    from spacy.tokens import Doc

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
    if span is None or lookup_place(word) is not None:
        return cands
    # The model often calls the word a person (one word, no sentence): the position decides.
    cands = [c for c in cands if not (c.start < end and start < c.end)]
    cand = _Cand(start, end, word, "ORG", span.start, span.end, signoff=True)
    # The agency named in the story too, maybe as a plural or possessive ("Reuters"): one entry
    # of the agency's type, whatever the model called those mentions.
    for c in cands:
        if fold(c.text).removesuffix("'s").removesuffix("s") == fold(word).removesuffix("s"):
            cand.pinned = cand.pinned or c.pinned or _form_key(c)
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
                if _country(span.text) is None or len(letters) <= 3 and "." not in span.text:
                    continue
                whole_caps = span.text.isupper()
                # A name glued on: a capitalised neighbour that is not itself in capitals
                # the way a table's rows are.
                if (capitalised(i - 1) and not (whole_caps and doc[i - 1].text.isupper())
                        and not doc[i - 1].is_sent_start and doc[i - 1].pos_ == "PROPN") \
                        or (capitalised(i + size) and doc[i + size].pos_ == "PROPN"
                            and not (whole_caps and doc[i + size].text.isupper())):
                    break
                if i > 0 and _is_honorific(doc[i - 1].text) \
                        or _currency_of_amount(doc, i, i + size):
                    break
                # "TRINIDAD-TOBAGO": the hyphened chain is one name, as the table wrote it.
                _, end = _hyphen_joined(doc, i, i + size)
                span = doc[i:end]
                out.append(_Cand(span.start_char, span.end_char, span.text, "GPE", i, end))
                found = end - i
                break
        i += found or 1
    return cands + out


#: Time zones written after a clock time ("10:00 GMT"): never a body or a place.
TIME_ZONES = frozenset({"gmt", "bst", "utc", "cet", "cest", "eet", "est", "edt", "cst", "cdt",
                        "mst", "mdt", "pst", "pdt", "jst", "ist", "aest"})
#: An acronym with a lowercase plural "s": "MPs", "CEOs", "DVDs" are common nouns.
_ACRONYM_PLURAL = re.compile(r"^[A-Z]{2,}s$")


#: Determiners that make the noun they govern one of a class: "a super PAC", "her NGO".
_CLASS_DETERMINERS = frozenset({"a", "an", "my", "your", "his", "her", "its", "our", "their"})


def _acronym_as_common_noun(doc: Doc, c: _Cand) -> bool:
    """An acronym the article uses as a common noun: "a super PAC", "through her super PAC".

    The acronym heads its noun phrase (not a modifier: "a BBC reporter" is about the reporter)
    and an indefinite article or a possessive pronoun governs it, so it names one of a kind
    (a CEO, a PAC, an NGO), never a body.  "the BBC", "state-run CCTV" and "the group's PAC"
    keep their name.
    """
    if c.tok_end - c.tok_start != 1 or not _ACRONYM.match(c.text) or not c.text.isupper():
        return False  # ("a MiG" is a make's model, written in mixed case)
    tok = doc[c.tok_start]
    if tok.dep_ == "compound":
        return False
    return any(ch.dep_ in ("det", "poss") and ch.lower_ in _CLASS_DETERMINERS
               and ch.i < tok.i for ch in tok.children)


def common_nouns(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """Drop spans that are common nouns written in capitals: "MPs", "GMT", "a super PAC".

    An acronym with a lowercase plural ending names members of a class ("MPs voted", "two
    CEOs"), and a time zone is part of a clock time.  A name that merely ends in "s" in
    capitals ("NATO", "UNHCR", "ABBAs" is never written) is kept.  An acronym the article
    once uses as one of a kind (see :func:`_acronym_as_common_noun`) is a common noun in all
    its mentions.
    """
    common = {c.text for c in cands if c.tok_start >= 0 and _acronym_as_common_noun(doc, c)}
    return [c for c in cands if not (_ACRONYM_PLURAL.match(c.text) or c.text in common
                                     or c.text.isupper() and fold(c.text) in TIME_ZONES)]


#: Words before "U.S. Bank" that make it one bank of many, not a bank's name.
_COUNTING_WORDS = frozenset({"a", "an", "many", "some", "several", "other", "most", "all",
                             "few", "major", "big", "two", "three", "four", "five", "six"})


def country_before_common_noun(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """"a U.S. Bank said", "U.S. Federal agencies": the country and a common word.

    Wire style capitalises the word after a country, and the model takes the pair for a body.
    The pair is the country alone when the word is an adjective, or when every use of the
    pair in the text is a common noun's: a counting word or number before it ("four U.S.
    Banks"), or a lowercase noun after it that it only describes ("U.S. Bank officials").  A
    pair also used as a name ("the U.S. Embassy says") keeps its name everywhere.
    """
    def pair(c: _Cand) -> bool:
        i, j = c.tok_start, c.tok_end
        return c.label in ("ORG", "NORP") and i >= 0 and j - i == 2 \
            and _country(doc[i].text) is not None and doc[j - 1].text[:1].isupper()

    def common_use(c: _Cand) -> bool:
        i, j = c.tok_start, c.tok_end
        if doc[j - 1].tag_ == "JJ":
            return True
        before = doc[i - 1] if i > 0 else None
        after = doc[j] if j < len(doc) else None
        return (before is not None and (before.lower_ in _COUNTING_WORDS or before.like_num)) \
            or (after is not None and after.is_lower and after.pos_ == "NOUN")

    uses: dict[str, list[bool]] = {}
    for c in cands:
        if pair(c):
            uses.setdefault(fold(c.text), []).append(common_use(c))
    out = []
    for c in cands:
        if not pair(c) or not all(uses[fold(c.text)]):
            out.append(c)
            continue
        country = doc[c.tok_start:c.tok_start + 1]
        out.append(_Cand(country.start_char, country.end_char, country.text, "GPE",
                           country.start, country.end))
    return out


#: Firms whose names are also their services: the model calls them products or places
#: ("on Twitter", "posted to Facebook"), but a glossary lists the company.  Names shared with
#: a place or a common word ("Amazon", "Apple") are left to the model.
WEB_FIRMS = frozenset({
    "twitter", "facebook", "youtube", "google", "instagram", "snapchat", "linkedin", "reddit",
    "tumblr", "whatsapp", "skype", "ebay", "yahoo", "myspace", "napster", "netflix",
    "spotify", "wikipedia", "wikileaks", "uber", "airbnb", "paypal", "craigslist", "pinterest",
})


def web_firms(doc: Doc, cands: list[_Cand]) -> None:
    """A web firm named by its service ("Twitter") is the firm, typed ORG."""
    for c in cands:
        if c.label is not None and fold(c.text).removesuffix("'s") in WEB_FIRMS:
            c.label = "ORG"


#: Broadcasters numbered as their stations: "BBC Radio 4", "Channel 5".
_NUMBERED_MEDIA = frozenset({"radio", "channel", "tv", "television"})


def numbered_media(doc: Doc, cands: list[_Cand]) -> None:
    """"BBC Radio" before "4": the station's number is part of its name."""
    for c in cands:
        j = c.tok_end
        if c.label != "ORG" or c.tok_start < 0 or j >= len(doc) \
                or fold(doc[j - 1].text) not in _NUMBERED_MEDIA:
            continue
        nxt = doc[j]
        if nxt.is_digit and len(nxt.text) <= 2 and doc[j - 1].whitespace_ \
                and not (j + 1 < len(doc) and (doc[j + 1].like_num or doc[j + 1].is_alpha
                                               and doc[j + 1].lower_ in _UNIT_WORDS)):
            c.end, c.tok_end = nxt.idx + len(nxt.text), j + 1
            c.text = doc.text[c.start:c.end]


#: Words after a number that make it a count, not part of a name ("Radio 4 pct").
_UNIT_WORDS = frozenset({"pct", "percent", "per", "mln", "million", "billion", "bln", "pm", "am",
                         "times", "hours", "minutes", "years", "days", "stations", "channels"})


def _retext(doc: Doc, c: _Cand, i: int, j: int) -> None:
    c.tok_start, c.tok_end = i, j
    c.start, c.end = doc[i].idx, doc[j - 1].idx + len(doc[j - 1].text)
    c.text = doc.text[c.start:c.end]


def whole_words(doc: Doc, cands: list[_Cand]) -> None:
    """A name never starts or ends inside a word: "Marc TrÃ" is "Marc TrÃ©vidic".

    The tokenizer splits words at odd characters (a mis-decoded accent, "One.Tel"), and the
    model's span stops at the split.  The span is widened over the letters glued to it;
    punctuation glued to a name (a possessive, a comma, a closing bracket) stays outside.
    A hyphen glued to the name's last word and to a lowercase syllable no word list holds
    is inside the name ("Li Ka-shing", "Kim Jong-un"); before a word ("Smith-led",
    "Obama-era") it makes an adjective of the name, which stays as it was.
    """
    listed = _dictionary_words(doc)
    for c in cands:
        i, j = c.tok_start, c.tok_end
        if i < 0:
            continue
        while j < len(doc) and not doc[j - 1].whitespace_ and _wordish(doc[j].text):
            j += 1
        if j + 1 < len(doc) and doc[j].text == "-" and not doc[j - 1].whitespace_ \
                and not doc[j].whitespace_ and doc[j + 1].is_lower and doc[j + 1].is_alpha \
                and doc[j - 1].text[:1].isupper() and not listed(doc[j + 1]):
            j += 2
        # "One" + "." + "Tel": a dotted name written as one word.
        while i > 1 and doc[i - 1].text == "." and not doc[i - 1].whitespace_ \
                and not doc[i - 2].whitespace_ and doc[i - 2].text.isalnum():
            i -= 2
        if (i, j) != (c.tok_start, c.tok_end):
            _retext(doc, c, i, j)


def _wordish(text: str) -> bool:
    """Letters or the debris of a mis-decoded letter ("©", "Ã"), never punctuation or space."""
    if text[:1] in "'’\"“”()[]{},;:!?-–—/&" or any(ch.isspace() for ch in text):
        return False
    return any(ch.isalpha() for ch in text) or all(not ch.isascii() for ch in text)


#: Finite verbs a name never holds in lowercase ("The Bravery was The Times' critic").
_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP"})


def no_clauses(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """Drop a span that holds a lowercase finite verb: a clause, not a name.

    Titles of works hold verbs, but a title in a text is capitalised ("Who Framed ..."); a
    lowercase "was" or "says" inside a span means the model ran two names into one.
    """
    return [c for c in cands if c.tok_start < 0 or not any(
        t.is_lower and t.tag_ in _FINITE_TAGS for t in doc[c.tok_start:c.tok_end])]


#: Nouns that make a group word the name of a body: "Islamic State", "Muslim Brotherhood"
#: (besides the heads of bodies' names, ``entities.ORG_HEAD_NOUNS``).
BODY_NOUNS = frozenset({
    "state", "brotherhood", "front", "league", "movement", "army", "jihad", "congress",
    "alliance", "federation", "coalition"})
#: Compass words that make a place a region before a group word ("South East Asian").
_COMPASS = frozenset({"north", "south", "east", "west", "northern", "southern", "eastern",
                      "western", "central", "north-east", "north-west", "south-east",
                      "south-west"})


def group_names(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """"Islamic" + "State", "South East" + "Asian": names the model cut at a group word.

    A one-word group (NORP) followed directly by a capitalised noun nobody tagged is the name
    of a body ("the Islamic State"); a place followed by a group word in capitals is one
    group ("South East Asian countries").
    """
    by_start = {c.tok_start: c for c in cands if c.tok_start >= 0}
    tagged = {i for c in cands for i in range(c.tok_start, c.tok_end)}
    drop: set[int] = set()
    for c in cands:
        i, j = c.tok_start, c.tok_end
        if i < 0 or j >= len(doc) or id(c) in drop:
            continue
        nxt = doc[j]
        after = doc[j + 1] if j + 1 < len(doc) else None
        if c.label == "NORP" and j - i == 1 and j not in tagged and nxt.is_title \
                and (nxt.lower_ in BODY_NOUNS or nxt.lower_ in ORG_HEAD_NOUNS) \
                and not (after is not None and after.is_title):
            _retext(doc, c, i, j + 1)
            c.label = "ORG"
        elif c.label in PLACE_TYPES and doc[j - 1].whitespace_ and j in by_start \
                and doc[j - 1].lower_ in _COMPASS \
                and by_start[j].label == "NORP" and by_start[j].tok_end - j == 1 \
                and all(t.is_title for t in doc[i:j + 1]):
            other = by_start[j]
            _retext(doc, c, i, other.tok_end)
            c.label = "NORP"
            drop.add(id(other))
    return [c for c in cands if id(c) not in drop]


#: Endings that make a group word of a place: "Kashmir" -> "Kashmiri", "Kashmiris".
_DEMONYM_ENDINGS = ("is", "i", "ans", "an", "ians", "ian", "ese", "ites", "ite")


def demonyms(doc: Doc, cands: list[_Cand]) -> None:
    """"Kashmiris" beside "Kashmir": a place's name with a people's ending is a group.

    The model types such words as people, places or bodies.  Only a place the text itself
    names is used, so a surname that happens to end like one ("Rossi") is left alone.
    """
    places = {fold(c.text) for c in cands if c.label in PLACE_TYPES}
    for c in cands:
        word = fold(c.text)
        if c.label == "NORP" or " " in word or word in places:
            continue
        for end in _DEMONYM_ENDINGS:
            stem = word[: -len(end)]
            if word.endswith(end) and len(stem) >= 4 and (
                    stem in places or stem.endswith("i") and stem[:-1] in places
                    or stem + "a" in places):
                c.label = "NORP"
                break


def head_word_joins(doc: Doc, cands: list[_Cand]) -> None:
    """"the Bill" after "the Prevention of Fraud Bill", "Lords" after "House of Lords".

    A lone word is a short form of the one longer name of the text that ends in it, when that
    ending says what the name is (a law, an event, a site: "Bill", "Marathon", "Cemetery";
    a body's head noun the model tagged as a body: "the Bank" after "World Bank"), or that
    names a body "... of" it ("House of Lords"), or is an acronym after a place ("DFRA" after
    "Oregon DFRA").  The model calls such lone words
    people or places; joined, they take the full name's entry.  Two longer names ending in
    the word leave it alone.
    """
    endings = EVENT_NAME_ENDINGS | LAW_NAME_ENDINGS | FAC_NAME_ENDINGS
    longer: dict[str, dict[str, _Cand]] = {}
    for c in cands:
        words = c.text.split()
        if len(words) < 2 or c.label is None or not words[-1][:1].isupper():
            continue
        last = fold(words[-1])
        head = last in ORG_HEAD_NOUNS and c.label == "ORG"
        if last in endings or head or (c.label == "ORG" and len(words) >= 3 and words[-2] == "of"
                                       and lookup_place(words[-1]) is None) \
                or c.label == "ORG" and _ACRONYM.match(words[-1]) \
                and lookup_place(" ".join(words[:-1])) is not None:
            longer.setdefault(last, {}).setdefault(fold(c.text), c)
    for c in cands:
        if " " in c.text.strip() or c.pinned or not c.text[:1].isupper():
            continue
        owners = longer.get(fold(c.text), {})
        if fold(c.text) in ORG_HEAD_NOUNS and c.label != "ORG":
            continue  # "Bank" the model called a body joins "World Bank"; other uses do not
        if len(owners) != 1:
            continue
        owner = next(iter(owners.values()))
        c.pinned = owner.pinned or _form_key(owner)
        c.label = owner.label
        owner.expansion = True  # the entry is called by the full name, however often used


#: Legal forms that end a firm's name ("... and Smith Inc").
_FIRM_FORMS = frozenset({"inc", "corp", "co", "ltd", "plc", "llc", "nv", "sa", "ag", "gmbh",
                         "limited", "corporation"})


def firm_lists(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """"Harlowe Lane, Penrose Webb and Fenner Inc": a firm named as a list is one firm.

    The model tags the partners' names one by one, as people or bodies, or not at all.
    Capitalised names joined by commas and a final "and", the last ending in a legal form,
    are one firm when no part is a place, has a legal form of its own ("Kestrel Corp and
    Varden Ltd" are two firms) or is named again elsewhere in the text (then it is a body of
    its own).
    """
    out = list(cands)
    for last in cands:
        words = last.text.split()
        if last.label != "ORG" or last.tok_start < 0 or len(words) < 2 \
                or fold(words[-1]) not in _FIRM_FORMS:
            continue
        begin = last.tok_start
        joiner = ("and", "&")
        while begin >= 2 and doc[begin - 1].lower_ in joiner:
            k = begin - 1  # the joiner; the part is the capitalised run before it
            if k >= 1 and doc[k - 1].text == ",":
                k -= 1  # "A, B, and C Inc"
            j = k
            while j > 0 and doc[j - 1].text[:1].isupper() and doc[j - 1].is_alpha and k - j < 3:
                j -= 1
            part = doc[j:k]
            if not len(part) or lookup_place(part.text) is not None \
                    or fold(part[-1].text) in _FIRM_FORMS \
                    or doc.text.count(part.text) > 1 or j > 0 and doc[j - 1].text[:1].isupper():
                break
            begin = j
            joiner = (",",)
        if begin == last.tok_start:
            continue
        span = doc[begin:last.tok_end]
        out = [c for c in out if not (begin <= c.tok_start < last.tok_end)]
        out.append(_Cand(span.start_char, span.end_char, span.text, "ORG", span.start,
                           span.end, company=True))
    return out


def initials_join(doc: Doc, cands: list[_Cand]) -> None:
    """" J. Okafor" beside "Eddie Okafor": initials that fit the one full name are its.

    A name written with initials joins the one person of the text with the same surname
    whose first name starts with the first initial; two such people leave it alone.
    """
    people: dict[str, dict[str, _Cand]] = {}
    for c in cands:
        words = c.text.split()
        if (c.label == "PERSON" or c.personal) and len(words) >= 2 and not _initial(words[0]):
            people.setdefault(fold(words[-1]), {}).setdefault(fold(c.text), c)
    for c in cands:
        words = c.text.split()
        n_initials = 0
        while n_initials < len(words) - 1 and _initial(words[n_initials]):
            n_initials += 1
        if c.label != "PERSON" or c.pinned or not n_initials:
            continue
        # What follows the initials ends the full name, particles in any case ("D Dal Maso"
        # beside "Dario dal Maso").
        rest = fold(" ".join(words[n_initials:]))
        fits = [o for o in people.get(fold(words[-1]), {}).values()
                if o.text[:1] == words[0][:1]
                and fold(" ".join(o.text.split()[-(len(words) - n_initials):])) == rest]
        if len(fits) == 1:
            c.pinned = fits[0].pinned or _form_key(fits[0])


def _initial(word: str) -> bool:
    """"J.", "J", or a team sheet's two capitals ("KP"): initials, not a name."""
    bare = word.rstrip(".")
    return 1 <= len(bare) <= 2 and bare.isalpha() and bare.isupper()


#: A city of this size is what its bare name means, so "X City" is the same place.
_CITY_OWN_NAME = 1_000_000


def city_suffix_join(doc: Doc, cands: list[_Cand]) -> None:
    """"Varnby City" beside "Varnby": one place when the city is big enough to own the name.

    A city of over a million people is what its bare name usually means; a country or a
    smaller city's namesake ("Mexico City" beside "Mexico", "Kansas City" beside the state)
    keeps apart.
    """
    bare = {fold(c.text): c for c in cands if c.label in PLACE_TYPES}
    for c in cands:
        words = c.text.split()
        if c.label not in PLACE_TYPES or c.pinned or len(words) < 2 or words[-1] != "City":
            continue
        base = " ".join(words[:-1])
        owner = bare.get(fold(base))
        city = lookup_place(c.text)
        if owner is None or _country(base) is not None or city is None \
                or city.population < _CITY_OWN_NAME:
            continue
        c.pinned = owner.pinned or _form_key(owner)


def body_of_place(doc: Doc, cands: list[_Cand]) -> None:
    """"the Federal Reserve Bank" + "of New York": a body's name runs on through "of" + place.

    The model stops a body's name at its head noun and tags the place after "of" on its own.
    A name ending in a body's head noun ("Bank", "Department") directly followed by "of" and
    a place the model tagged takes the place in; the place keeps its other mentions.
    """
    by_start = {c.tok_start: c for c in cands if c.tok_start >= 0}
    gone: list[_Cand] = []
    for c in cands:
        j = c.tok_end
        if c.label != "ORG" or c.tok_start < 0 or j + 1 >= len(doc) \
                or fold(doc[j - 1].text) not in ORG_HEAD_NOUNS or doc[j].lower_ != "of":
            continue
        place = by_start.get(j + 1)
        if place is None or place.label not in PLACE_TYPES or place in gone:
            continue
        _retext(doc, c, c.tok_start, place.tok_end)
        gone.append(place)
    for p in gone:
        cands.remove(p)


#: Prefixes that make a name an attribute ("pro-Second Amendment", "anti-Kestrel").
_STANCE_PREFIXES = ("pro-", "anti-", "non-")


def _group_after_stance(rest: str, person_words: set[str]) -> bool:
    """Whether the words after "pro-"/"anti-" name a group ("pro-Russian", "anti-Kestrovian")
    rather than a person or a country ("anti-Marcus", "anti-Okafor", "non-US"): only a known
    given name, a word of a person's name in the text or a country's name is taken for the
    latter, so an unknown word stays a group."""
    first = fold(rest.split()[0]) if rest.split() else ""
    return _country(rest) is None and first not in _given_names() and first not in person_words


def trim_edges(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """Words at a name's edge that are not the name.

    "west London" is London (a lowercase compass word before a place), "the Iraq war" is Iraq
    (a lowercase noun after a known place in an event's span), "pro-Second Amendment" is the
    Second Amendment (a stance prefix; a group word such as "pro-Russian" keeps it, and the
    model's "anti-Okafor" or "non-US" group is the person or the country).
    """
    out = []
    person_words = {fold(w) for c in cands if c.label == "PERSON" for w in c.text.split()}
    by_start = {c.tok_start: c for c in cands if c.tok_start >= 0}
    dropped: set[int] = set()
    for c in cands:
        i, j = c.tok_start, c.tok_end
        if i < 0 or j - i < 1:
            out.append(c)
            continue
        if j - i >= 2 and doc[i].is_lower and doc[i].lower_ in _COMPASS \
                and c.label in PLACE_TYPES:
            _retext(doc, c, i + 1, j)
        elif j - i >= 2 and doc[j - 1].is_lower and doc[j - 1].is_alpha \
                and lookup_place(doc[i:j - 1].text) is not None and c.label not in PLACE_TYPES:
            _retext(doc, c, i, j - 1)
            c.label = "GPE"
        elif c.text.lower().startswith(_STANCE_PREFIXES) and (
                c.label != "NORP"
                or not _group_after_stance(c.text.split("-", 1)[1], person_words)):
            # "anti-Okafor", "non-US" typed NORP: a person or a country, not a group.
            rest = c.text.split("-", 1)[1]
            if c.label == "NORP":
                c.label = "GPE" if _country(rest) else "PERSON"
                nxt = by_start.get(j)
                if c.label == "PERSON" and nxt is not None and nxt.label == "PERSON":
                    # "anti-Marcus" + "Okafor": the model cut one name at the group's edge.
                    _retext(doc, c, i, nxt.tok_end)
                    dropped.add(id(nxt))
            cut = c.text.index("-") + 1
            c.start += cut
            c.text = c.text[cut:]
            span = doc.char_span(c.start, c.end)
            if span is None or not c.text[:1].isupper():
                continue  # the rest is no name ("anti-war")
            c.tok_start, c.tok_end = span.start, span.end
        out.append(c)
    return [c for c in out if id(c) not in dropped]
