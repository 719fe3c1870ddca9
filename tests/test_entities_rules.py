"""Rules that keep wrong entries out of a briefing's glossary (see README, "How names become
entities").  Each row is text written for this test, run through the trained pipeline, with
the entries that must appear (name -> type) and the names that must not; every rule has a
row where it must not fire.
"""

from __future__ import annotations

import pytest

from briefgen.entities import _firm_base, _group_stem, extract_entities
from tests.test_entities import make_doc

RULES = [
    # Honorifics without a full stop (British style) are no part of the name and make the
    # span a person even where the model said ORG.
    pytest.param("Mr Okafor told the council the plan was sound. Later Mr Okafor left.",
                 {"Okafor": "PERSON"}, {"Mr Okafor", "Later Mr Okafor"}, id="honorific-mr"),
    pytest.param("Gen Tomas Brevik inspected the troops before Gen Brevik flew home.",
                 {"Tomas Brevik": "PERSON"}, {"Gen Tomas Brevik"}, id="honorific-gen"),
    # Negative: "Gen" before a letter is no honorific and makes no person.
    pytest.param("Shoppers from Gen Z spent more online, according to Mara Quist.",
                 {"Mara Quist": "PERSON"}, {"Z", "Gen Z"}, id="not-an-honorific"),
    # A firm's name without its legal form is the same firm.
    pytest.param("Parcel firm Kestrova Ltd said it would cut jobs. Kestrova expects sales "
                 "to fall.", {"Kestrova Ltd": "ORG"}, {"Kestrova"}, id="firm-base-joins"),
    # A currency after a country is an amount, not a body, and no mention of the country
    # (the labels count no money) ...
    pytest.param("The loan of 300 mln U.S. Dlrs was signed, and 40 mln U.S. Dlrs more were "
                 "promised.", {}, {"U.S. Dlrs", "United States"}, id="currency-span"),
    # ... which the text may name on its own too.
    pytest.param("The loan of 300 mln U.S. Dlrs was signed in the U.S. on Monday.",
                 {"United States": "GPE"}, {"U.S. Dlrs"}, id="currency-span-country"),
    # Wire style capitalises "U.S. Banks": the entry is the country.
    pytest.param("Japan will let U.S. Banks trade bonds, and U.S. Officials welcomed it.",
                 {"Japan": "GPE", "United States": "GPE"}, {"U.S. Banks"},
                 id="country-plural-noun"),
    # ", which" and "shares" say firm, not person.
    pytest.param("Harrow Fenwick, which makes garden tools, said profits rose. Harrow Fenwick "
                 "shares fell two pct.", {"Harrow Fenwick": "ORG"}, set(), id="which-is-a-firm"),
    # Negative: ", who" keeps a person.
    pytest.param("Harrow Fenwick, who makes garden tools, said profits rose. Fenwick smiled.",
                 {"Harrow Fenwick": "PERSON"}, set(), id="who-is-a-person"),
    pytest.param("Republicans in the state senate blocked the bill. One Republican said the "
                 "vote was close.", {"Republican": "NORP"}, {"Republicans"},
                 id="group-inflections-join"),
    pytest.param("The U.S. Department of Commerce (DOC) said exports rose. The DOC report was "
                 "late.", {"U.S. Department of Commerce": "ORG"}, {"DOC"},
                 id="acronym-without-country"),
    # A ticker after a firm's name is no entry; a bracketed name alone still is.
    pytest.param("Varden Mutual Corp <VMC> said it would expand in Japan.",
                 {"Varden Mutual Corp": "ORG"}, {"VMC", "VMC>"}, id="ticker"),
    pytest.param("The group's units include <Northgate Copper Mining Ltd> which made a profit.",
                 {"Northgate Copper Mining Ltd": "ORG"}, set(), id="bracketed-name-kept"),
    # A lone word the model calls a person, with nothing in the text to back it, is left out;
    # a role noun, speech or a title backs it.
    pytest.param("The revival of Glamrockery was led by bands from the north.",
                 {}, {"Glamrockery"}, id="unbacked-lone-person"),
    pytest.param("The singer Zorbatrix said she was tired after the tour.",
                 {"Zorbatrix": "PERSON"}, set(), id="role-backs-lone-person"),
    # Works: a title-case phrase in quotes, a name after "single", "film", "exhibition".
    pytest.param("In ''Quiet Harbour Nights,'' the director returns to his home town.",
                 {"Quiet Harbour Nights": "WORK_OF_ART"}, {"Harbour Nights"}, id="quoted-title"),
    pytest.param("The band released their debut single, Glasswork, in March.",
                 {"Glasswork": "WORK_OF_ART"}, set(), id="work-noun-cue"),
]

NOT_WORKS = [
    # Negative: a lowercase quotation and a verb "shows" name no work.
    'He called the plan "a disaster" and left for Lisbon.',
    "A poll shows Margit Varden leads in the state.",
]


@pytest.mark.model
@pytest.mark.parametrize(("text", "expected", "absent"), RULES)
def test_glossary_rules(nlp, text: str, expected: dict[str, str], absent: set[str]) -> None:
    assert_glossary(nlp, text, expected, absent)


def assert_glossary(nlp, text: str, expected: dict[str, str], absent: set[str]) -> None:
    """The document glossary names each expected entry with its type, and none of ``absent``."""
    _, entities = extract_entities(nlp(text))
    got = {e.name: e.type for e in entities}
    for name, etype in expected.items():
        assert got.get(name) == etype, (name, got)
    assert not absent & set(got), got


@pytest.mark.model
@pytest.mark.parametrize("text", NOT_WORKS)
def test_not_works(nlp, text: str) -> None:
    _, entities = extract_entities(nlp(text))
    assert entities and all(e.type != "WORK_OF_ART" for e in entities), entities


@pytest.mark.parametrize(("text", "ents", "expected"), [
    ("Polls at Leeds, York and Hull opened.", [("Leeds, York and Hull", "ORG")],
     {"Leeds": "GPE", "York": "GPE", "Hull": "GPE"}),
    ("Ministers met at the Grand Palace in Bangkok today.", [("Grand Palace in Bangkok", "FAC")],
     {"Grand Palace": "FAC", "Bangkok": "GPE"}),
    # Negative: a firm written as a list of names stays one firm.
    ("Shares of Harlowe, Penrose and Co rose.", [("Harlowe, Penrose and Co", "ORG")],
     {"Harlowe, Penrose and Co": "ORG"}),
])
def test_place_lists_split(text: str, ents: list, expected: dict[str, str]) -> None:
    _, entities = extract_entities(make_doc(text, ents))
    assert {e.name: e.type for e in entities} == expected


@pytest.mark.parametrize(("name", "base"), [
    ("Kestrova Holdings Ltd", "Kestrova"), ("Osk International N.V.", "Osk"),
    ("Harlowe, Penrose and Co", "Harlowe"), ("Bank of Leith Co Inc", "Bank of Leith"),
    ("Kestrel News", None), ("Holdings", None),
])
def test_firm_base(name: str, base: str | None) -> None:
    assert _firm_base(name) == base


@pytest.mark.parametrize(("a", "b", "same"), [
    ("Republicans", "Republican", True), ("Democratic", "Democrat", True),
    ("Hispanics", "Hispanic", True), ("Asian", "Russian", False),
])
def test_group_stem(a: str, b: str, same: bool) -> None:
    assert (_group_stem(a) == _group_stem(b)) is same
