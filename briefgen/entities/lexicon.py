"""The word lists the entity rules read: labels, name endings, honorifics, role nouns.

Kept apart from the rules so each rule module reads the same list, and so a reader can see in
one place every word that changes what a name is.  Lists that come from maintained data
packages (countries, cities, given names, titles) are in :mod:`.gazetteer` instead.
"""

from __future__ import annotations

import calendar
import re


def word_list(text: str) -> frozenset[str]:
    """A word list written as running text, one space apart: long lists stay readable."""
    return frozenset(text.split())


#: Labels that are never glossary entries: numbers, amounts, dates.
NUMERIC_LABELS = frozenset(
    {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL", "CARDINAL"}
)

#: Types that a place gazetteer may confirm.
PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})

#: Words that open a span but are not part of the name ("the White House" -> "White House").
LEADING_DETERMINERS = frozenset({"the", "a", "an"})
#: Demonstratives the model runs into a name ("this White House", "this World Cup"); trimmed
#: only as written in lowercase: a title may open with one ("This Morning").
LEADING_DEMONSTRATIVES = frozenset({"this", "that", "these", "those"})

#: Possessive endings split off by the tokenizer ("Trump's", "Kyiv’s", "Reuters'").
POSSESSIVES = frozenset({"'s", "’s", "'", "’", "s"})

#: Abbreviated ranks that open a name and never end one: a span the model cut after the rank
#: ("Marine Lt" of "Marine Lt. Col. Jo Bond", "Varnbian Pres" of "... Pres. Bond") ends
#: before it.  Abbreviations that also end names ("Rep." of a republic, "Sen" a surname)
#: are left out.
TRAILING_RANKS = frozenset({"lt", "lieut", "col", "gen", "sgt", "capt", "cpl", "adm", "maj",
                            "pres", "cmdr", "brig", "supt", "insp"})

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
    # Legal forms of other countries, read without their dots ("Sedno N.V.", "Kestra S.A.").
    "nv", "sa", "ag", "gmbh", "bhd", "bv", "pty", "srl",
})

#: Last words that make a capitalised name an event ("Republican National Convention").
EVENT_NAME_ENDINGS = frozenset({"caucus", "caucuses", "championship", "championships",
                                "convention", "cup", "games", "olympics", "summit", "war",
                                "marathon", "prix", "festival"})

#: Last words that make a capitalised name a site ("Holy Cross Cemetery", "170th Street").
FAC_NAME_ENDINGS = frozenset({"airport", "avenue", "boulevard", "bridge", "cemetery",
                              "square", "stadium", "street"})

#: Last words that make a capitalised name a site or an occasion unless a given name opens it:
#: "Varnby Park", "the Quayside Inn", "the General Election", "the Harbour March"; but "Mara
#: Hall" and "Jo March" are people.  Kept apart from :data:`NAME_ENDINGS`, whose words
#: never end a person's name.
GUARDED_NAME_ENDINGS: dict[str, str] = {
    **dict.fromkeys(("park", "inn", "arena", "hall", "palace", "castle", "plaza", "pier",
                     "gardens", "hotel"), "FAC"),
    **dict.fromkeys(("election", "elections", "march", "parade", "rally"), "EVENT"),
}

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

#: Lowercase nouns beside a name that say it is a product ("the Varnix phone", "its game
#: Zorbatrix"): what the small model's PRODUCT label is trusted on (see ``types._uncued_work``).
PRODUCT_NOUNS = frozenset({
    "aircraft", "app", "browser", "car", "chip", "console", "device", "drug", "game", "gadget",
    "handset", "jet", "laptop", "model", "phone", "player", "processor", "smartphone",
    "software", "tablet", "vaccine", "vehicle",
})

#: Lowercase nouns after a name that make the name an award's ("the Golden Reel award",
#: "two Grammy awards"); the name itself is the award as readers call it.
AWARD_NOUNS = frozenset({"award", "awards", "prize", "prizes", "trophy", "medal", "medals"})
#: Last words of a name before an award noun that make it the body giving the award ("the
#: Screen Actors Guild awards"), besides the heads of bodies' names (``ORG_HEAD_NOUNS``).
AWARD_GIVERS = frozenset({"guild", "academy", "society", "foundation", "federation", "league",
                          "club", "network", "magazine"})
#: Words before such a name that show it is one award among others, not a body giving one.
AWARD_DETERMINERS = frozenset({
    "the", "a", "an", "his", "her", "their", "its", "our", "my", "your", "first", "second",
    "third", "fourth", "fifth", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    "ten", "several", "many",
})

#: Parts of speech that never open or close a name ("Take Idaho", "Donald Trump Wins").
NOT_NAME_EDGE = frozenset({"VERB", "AUX", "ADV", "ADP", "PRON", "SCONJ", "CCONJ", "INTJ",
                           "PART"})

#: A place name typed as a place keeps apart from a same-named person of the document only
#: when it is this big (US states and continents count as bigger): "Garland" beside
#: "Merrick Garland" is the judge, "Paris" beside "Jeremy Paris" is the city.
KEEPS_APART = 1_000_000

#: Legislative chambers that news copy names by short forms the text alone cannot tie to them:
#: a report of a debate says "the Commons" and "told the House" and may never spell out
#: "House of Commons".  Full name (folded) -> its own short forms, and whether it is a lower
#: chamber, the one a bare "the House" means ("the House voted" is the Commons in London, the
#: House of Representatives in Washington; the Lords are "the Lords").  Institutions, not places
#: or people: the same three names serve every parliament built on the Westminster or the US
#: model.
CHAMBERS: dict[str, tuple[frozenset[str], bool]] = {
    "house of commons": (frozenset({"commons"}), True),
    "house of representatives": (frozenset(), True),
    "house of lords": (frozenset({"lords"}), False),
}

#: Types whose names may hold numbers and lowercase words ("Boeing 737", "Gone with the Wind").
THING_TYPES = frozenset({"PRODUCT", "EVENT", "WORK_OF_ART", "LAW"})

#: Place gazetteer hits only overrule a PERSON vote for places this large: small towns share
#: their names with many surnames, big cities rarely do.
CITY_OVERRULES_PERSON = 100_000

#: A city this large is what its bare name means even beside a namesake person ("Austin"
#: beside "Austin Reyes"), and it may open a body's name ("Dallas Weekly").  Towns of a
#: hundred thousand share their names with common first names ("George", "Nigel").
CITY_NAMES_ITSELF = 500_000

#: A city's other names (old, foreign or variant spellings: "Peking", "Kiev") are known only
#: for cities this large.  GeoNames lists tens of thousands of such names for small towns, in
#: many languages, and they collide with surnames and words (a stage name may be a German
#: city's Latin name): as evidence that a name is a place they mislead more often than they help.
ALTERNATE_NAMES_FROM = 500_000


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

#: Words that scale an amount ("300 mln U.S. Dlrs", "2 billion yen").
SCALE_WORDS = frozenset({"mln", "bln", "billion", "million", "trillion", "thousand", "bn", "m",
                         "hundred", "tr", "trn"})


_ACRONYM = re.compile(r"^[A-Z][A-Za-z&]*[A-Z]$|^(?:[A-Z]\.){2,}$")

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

#: Plural nouns for groups of people that open sentences capitalised ("Aides said ...",
#: "Witnesses told ...") and that the small model then calls a person: never one person's
#: name.  Plural nouns that are common surnames too ("Banks", "Burns") are not here.
PEOPLE_PLURALS = word_list("""
    aides officials witnesses residents analysts critics sources supporters voters lawmakers
    legislators investors traders dealers economists observers relatives neighbours neighbors
    protesters protestors organisers organizers officers experts doctors lawyers ministers
    diplomats insiders campaigners activists researchers scientists spokesmen advisers
    advisors authorities investigators prosecutors detectives negotiators delegates
""")

#: Nouns only a person is the "of" of: "the killing of Jo Okafor", "the widow of ...".  A
#: name after one is a person's whatever the model typed.  ("Birth", "fall" and "rise" are
#: said of countries and firms as well, and are not here.)
PERSON_OF_NOUNS = word_list("""
    death deaths killing killings shooting shootings murder murders assassination funeral
    burial arrest execution kidnapping abduction beating wife husband widow widower son
    daughter mother father brother sister grandson granddaughter girlfriend boyfriend
    fiancee fiance
""")

#: Nouns that describe a place in apposition ("Paris, the French capital"): any other noun there
#: describes a person.
PLACE_NOUNS = frozenset({
    "capital", "city", "state", "country", "nation", "town", "village", "home", "region",
    "province", "county", "seat", "birthplace", "island", "port", "hub", "site", "district",
    "territory", "republic", "kingdom", "neighbour", "neighbor", "ally", "member", "host",
})
