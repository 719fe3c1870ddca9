"""Rules of ``briefgen.entities.evidence``: evidence from the text around names that the small
model lacks.  Each row is text written for this test, run through the trained pipeline, with
the entries that must appear (name -> type) and the names that must not; every rule has a row
where it must not fire.
"""

from __future__ import annotations

import pytest

from briefgen.entities import _Cand, _singular_text, extract_entities
from briefgen.entities.evidence import no_clauses
from tests.test_entities import make_doc
from tests.test_entities_rules import assert_glossary

RULES = [
    # A wire story's closing word in capitals is the agency that sent it.
    pytest.param("Kestrova Ltd said sales rose 4 pct in the year. The company expects more "
                 "growth, it said. WIREX", {"Wirex": "ORG", "Kestrova Ltd": "ORG"}, set(),
                 id="signoff-agency"),
    # ... and joins the agency's name used in the story, which the model called a person.
    pytest.param("Kestrova Ltd chief Mara Quist told Newsflows in an interview that sales rose. "
                 "NEWSFLOW", {"Newsflows": "ORG"}, {"Newsflow"}, id="signoff-joins-agency"),
    # Negative: a place in capitals closing the text is a dateline, not an agency.
    pytest.param("Kestrova Ltd said sales rose 4 pct in the year.\n\nLONDON",
                 {"Kestrova Ltd": "ORG"}, set(), id="signoff-not-a-place"),
    # Countries in a wire table in capitals, which the model reads as common words.
    pytest.param("QUOTA 1987\n\nIMPORTS ALLOCATIONS MALAWI nil 3,200 GHANA nil 7,500 "
                 "NICARAGUA nil 2,100 GUINEA-BISSAU nil 900",
                 {"Malawi": "GPE", "Ghana": "GPE", "Nicaragua": "GPE", "Guinea-Bissau": "GPE"},
                 set(), id="untagged-countries-table"),
    # Negative: two-letter codes in capitals are firms and channels, not Bhutan or Tuvalu.
    pytest.param("Broadband from BT reached more homes, and TV firms lost viewers, said "
                 "Mara Quist.", {"Mara Quist": "PERSON"}, {"Bhutan", "Tuvalu"},
                 id="codes-are-not-countries"),
    # A full name the model typed as a place is a person when a given name opens it, and
    # then gathers its bare surname: one entry, not "Okafor" beside "Marguerite Okafor".
    pytest.param("The speech tried to define what voters think of Marguerite Okafor's America. "
                 "Okafor spoke for an hour. Later Okafor left.",
                 {"Marguerite Okafor": "PERSON"}, {"Okafor"}, id="given-name-span-person"),
    # Negative: a body's ending keeps a name that opens with a given name a body.
    pytest.param("Shares in Walter Grange Partners rose after the deal.",
                 {"Walter Grange Partners": "ORG"}, set(), id="given-name-firm-stays-body"),
]


@pytest.mark.model
@pytest.mark.parametrize(("text", "expected", "absent"), RULES)
def test_evidence_rules(nlp, text: str, expected: dict[str, str], absent: set[str]) -> None:
    assert_glossary(nlp, text, expected, absent)


@pytest.mark.model
@pytest.mark.parametrize(("text", "expected", "absent"), [
    # Wire style "U.S. Bank" used only as a common noun is the country ...
    pytest.param("Japan will let four U.S. Banks trade. A U.S. Bank said so, and U.S. Bank "
                 "officials agreed.", {"United States": "GPE"}, {"U.S. Bank", "Bank"},
                 id="country-common-noun"),
    # ... but a pair also used as a name keeps it everywhere.
    pytest.param("Kestonia is near a crossroads, the U.S. Embassy says. The U.S. Embassy "
                 "report says more.", {"U.S. Embassy": "ORG"}, set(), id="country-body-name"),
    # An acronym's lowercase plural is a common noun; the acronym itself is a body.
    pytest.param("MPs voted 300 to 200 before NATO leaders met.", {"NATO": "ORG"}, {"MPs"},
                 id="acronym-plural"),
])
def test_evidence_rules_model(nlp, text: str, expected: dict[str, str], absent: set[str]
                              ) -> None:
    test_evidence_rules(nlp, text, expected, absent)


@pytest.mark.parametrize(("text", "ents", "expected"), [
    # A time zone after a clock time is no body.
    ("Polls close at 2200 GMT in Varnby.", [("GMT", "ORG"), ("Varnby", "GPE")],
     {"Varnby": "GPE"}),
    # A web firm named by its service is the firm; another product stays a product (named
    # as one: a product the model's label alone calls one is left out, see "uncued-work").
    ("Mara Quist posted it on Twitter and on the Kestrelbook app.",
     [("Mara Quist", "PERSON"), ("Twitter", "PRODUCT"), ("Kestrelbook", "PRODUCT")],
     {"Mara Quist": "PERSON", "Twitter": "ORG", "Kestrelbook": "PRODUCT"}),
    # A station's number is part of its name, but not a count after it.
    ("She moved from BBC Radio 4 to Kestrel Radio 4 pct of listeners.",
     [("BBC Radio", "ORG"), ("Kestrel Radio", "ORG")],
     {"BBC Radio 4": "ORG", "Kestrel Radio": "ORG"}),
])
def test_evidence_rules_tagged(text: str, ents: list, expected: dict[str, str]) -> None:
    _, entities = extract_entities(make_doc(text, ents))
    assert {e.name: e.type for e in entities} == expected


@pytest.mark.model
@pytest.mark.parametrize(("text", "expected", "absent"), [
    # A name never ends inside a word (a mis-decoded accent splits the token) ...
    pytest.param("Prosecutor Marc TrÃ©vidic put it bluntly in Varnby.",
                 {"Marc TrÃ©vidic": "PERSON"}, {"Marc TrÃ"}, id="whole-words"),
    # ... but a possessive glued to it stays outside.
    pytest.param("Mara Quist's plan was approved by Tomas Brevik.", {"Mara Quist": "PERSON"},
                 {"Mara Quist's"}, id="possessive-outside"),
    # A group word before a body's noun is the body's name; before a title it is not.
    pytest.param("Leaders met to discuss the battle against the Islamic State and trade.",
                 {"Islamic State": "ORG"}, {"Islamic"}, id="group-body-name"),
    pytest.param("The Czech President met envoys in Varnby.", {}, {"Czech President"},
                 id="group-before-title"),
    # A compass region before a group word is one group; a state before one is not.
    pytest.param("Mara Quist, touring South East Asian countries, praised the deal.",
                 {"South East Asian": "NORP"}, {"South East"}, id="compass-group"),
    pytest.param("Texas Republicans met in Austin.", {"Texas": "GPE", "Republicans": "NORP"},
                 {"Texas Republicans"}, id="state-then-group"),
    # Endings that say event, site and law, whatever the model said.
    pytest.param("She won the Varnby Marathon and was buried at Holy Rood Cemetery. MPs "
                 "backed the Prevention of Fraud Bill.",
                 {"Varnby Marathon": "EVENT", "Holy Rood Cemetery": "FAC",
                  "Prevention of Fraud Bill": "LAW"}, set(), id="name-endings"),
])
def test_evidence_rules_more(nlp, text: str, expected: dict[str, str], absent: set[str]
                             ) -> None:
    test_evidence_rules(nlp, text, expected, absent)


@pytest.mark.model
@pytest.mark.parametrize(("text", "span", "kept"), [
    # A lowercase finite verb inside a span: two names run into one, not a name.
    ("Critics tipped The Glasswings was The Herald critic.", "The Glasswings was The Herald",
     False),
    # Negative: a title in capitals holds its verb.
    ("Critics praised Who Framed Kestrel last year.", "Who Framed Kestrel", True),
])
def test_clause_is_no_name(nlp, text: str, span: str, kept: bool) -> None:
    doc = nlp(text)
    tokens = doc.char_span(text.index(span), text.index(span) + len(span))
    cand = _Cand(tokens.start_char, tokens.end_char, span, "WORK_OF_ART", tokens.start,
                 tokens.end)
    assert (no_clauses(doc, [cand]) == [cand]) is kept


@pytest.mark.parametrize(("text", "ents", "expected"), [
    ("Buses run in Kestrovia now. Kestrovians cheered.",
     [("Kestrovia", "GPE"), ("Kestrovians", "PERSON")],
     {"Kestrovia": "GPE", "Kestrovians": "NORP"}),
    # Negative: a surname not built on a place of the text stays a person.
    ("Buses run in Varnby now. Mara Rossi cheered.",
     [("Varnby", "GPE"), ("Mara Rossi", "PERSON")], {"Varnby": "GPE", "Mara Rossi": "PERSON"}),
])
def test_demonyms(text: str, ents: list, expected: dict[str, str]) -> None:
    _, entities = extract_entities(make_doc(text, ents))
    assert {e.name: e.type for e in entities} == expected


@pytest.mark.model
@pytest.mark.parametrize(("text", "expected", "aliases"), [
    # A lone word that ends one law's name is that law ...
    pytest.param("MPs backed the Prevention of Fraud Bill on Monday. The Bill now goes to peers, "
                 "and critics of the Bill are many.", {"Prevention of Fraud Bill": "LAW"},
                 {"Prevention of Fraud Bill": ("Bill",)}, id="head-word-law"),
    pytest.param("Peers in the House of Lords objected to the plan. The Lords voted against it "
                 "twice.", {"House of Lords": "ORG"}, {"House of Lords": ("Lords",)},
                 id="head-word-of"),
    # ... but with two laws ending in it, the word is neither.
    pytest.param("MPs backed the Prevention of Fraud Bill and the Harbour Safety Bill on Monday. "
                 "The Bill now goes to peers.",
                 {"Prevention of Fraud Bill": "LAW", "Harbour Safety Bill": "LAW"},
                 {"Prevention of Fraud Bill": (), "Harbour Safety Bill": ()}, id="head-word-two"),
])
def test_head_word_joins(nlp, text: str, expected: dict[str, str],
                         aliases: dict[str, tuple[str, ...]]) -> None:
    got = {e.name: e for e in extract_entities(nlp(text))[1]}
    for name, etype in expected.items():
        assert got[name].type == etype, got
        assert got[name].aliases == aliases[name], got


@pytest.mark.model
@pytest.mark.parametrize(("text", "expected", "absent"), [
    # A firm named as a list of partners is one firm ...
    pytest.param("Harlowe Lane, Penrose Webb and Fenner Inc has raised its stake in the fund.",
                 {"Harlowe Lane, Penrose Webb and Fenner Inc": "ORG"},
                 {"Harlowe Lane", "Fenner Inc"}, id="firm-list"),
    # ... but two firms with their own legal forms are two, and a part named again is a
    # body of its own.
    pytest.param("Kestrel Gold Corp and Varden Minerals Ltd agreed to merge.",
                 {"Kestrel Gold Corp": "ORG", "Varden Minerals Ltd": "ORG"}, set(),
                 id="two-firms"),
    pytest.param("Talks between the unions, Kestrel and Varden Ltd failed. Kestrel said so.",
                 {"Varden Ltd": "ORG"}, {"Kestrel and Varden Ltd"}, id="part-named-again"),
    # An ordinal opens a street's name; the ending "Prix" keeps "Grand" in an event's name.
    pytest.param("She rode the subway uptown to 170th Street on Monday.",
                 {"170th Street": "FAC"}, {"Street"}, id="ordinal-street"),
])
def test_evidence_rules_firms(nlp, text: str, expected: dict[str, str], absent: set[str]
                              ) -> None:
    test_evidence_rules(nlp, text, expected, absent)


@pytest.mark.parametrize(("text", "ents", "expected"), [
    # "Grand" is a title before a person's name, but a name ending "Prix" is an event's.
    ("Mara Quist runs in the Varnby Grand Prix in May.",
     [("Mara Quist", "PERSON"), ("Varnby Grand Prix", "PERSON")],
     {"Mara Quist": "PERSON", "Varnby Grand Prix": "EVENT"}),
    # A dotted name written as one word is not cut at the dot.
    ("Firms such as Kestrel.Net route calls, said Mara Quist.",
     [("Net", "ORG"), ("Mara Quist", "PERSON")], {"Kestrel.Net": "ORG", "Mara Quist": "PERSON"}),
    # Negative: a full stop between sentences joins nothing.
    ("Calls rose in Varnby. Kestrel said so.", [("Varnby", "GPE"), ("Kestrel", "ORG")],
     {"Varnby": "GPE", "Kestrel": "ORG"}),
])
def test_name_edges(text: str, ents: list, expected: dict[str, str]) -> None:
    _, entities = extract_entities(make_doc(text, ents))
    assert {e.name: e.type for e in entities} == expected


@pytest.mark.parametrize(("text", "ents", "joined"), [
    # Initials that fit the one full name with that surname are that person ...
    ("Eddie Okafor ran the studio. E. J. Okafor was feared.",
     [("Eddie Okafor", "PERSON"), ("E. J. Okafor", "PERSON")], True),
    # ... but not when the initial fits nobody.
    ("Eddie Okafor ran the studio. M. J. Okafor was feared.",
     [("Eddie Okafor", "PERSON"), ("M. J. Okafor", "PERSON")], False),
    # "New York City" is the city most people mean by "New York" ...
    ("She moved to New York in May. New York City was loud.",
     [("New York", "GPE"), ("New York City", "GPE")], True),
    # ... but "Kansas City" is not the state.
    ("She moved to Kansas in May. Kansas City was loud.",
     [("Kansas", "GPE"), ("Kansas City", "GPE")], False),
    # A body's head noun the model tagged alone is the one body of the text ending in it.
    ("The World Bank lent more. The Bank said so.", [("World Bank", "ORG"), ("Bank", "ORG")],
     True),
    ("The World Bank and the Harbour Bank lent more. The Bank said so.",
     [("World Bank", "ORG"), ("Harbour Bank", "ORG"), ("Bank", "ORG")], False),
    # An acronym after a place is the acronym's body.
    ("Oregon DFRA backed the plan. DFRA spent heavily.",
     [("Oregon DFRA", "ORG"), ("DFRA", "ORG")], True),
])
def test_short_form_joins(text: str, ents: list, joined: bool) -> None:
    _, entities = extract_entities(make_doc(text, ents))
    names = {ents[-1][0]} | {e for e, _ in ents[:-1]}
    holders = [e for e in entities if names & {e.name, *e.aliases}]
    assert any({ents[0][0], ents[-1][0]} <= {e.name, *e.aliases} for e in holders) is joined


@pytest.mark.parametrize(("text", "ents", "expected"), [
    # A lowercase compass word before a place is not part of its name ...
    ("They met at a west Varnby pub. Life in Varnby is slow.", [("west Varnby", "GPE"),
                                                         ("Varnby", "GPE")], {"Varnby": "GPE"}),
    # ... a lowercase noun after a known place in an event's span leaves the place ...
    ("She voted for the Iraq war in 2002.", [("Iraq war", "EVENT")], {"Iraq": "GPE"}),
    # ... and a stance prefix is no part of a law's name, but a group word keeps it.
    ("Rivals include pro-Second Amendment voters and pro-Kestrovian exiles.",
     [("pro-Second Amendment", "LAW"), ("pro-Kestrovian", "NORP")],
     {"Second Amendment": "LAW", "pro-Kestrovian": "NORP"}),
    # Negative: a capitalised compass word is part of the name.
    ("They met in West Varnby on Monday.", [("West Varnby", "GPE")], {"West Varnby": "GPE"}),
    # A body's name runs on through "of" and a place the model tagged on its own.
    ("The Federal Reserve Bank of Ohio approved it.",
     [("Federal Reserve Bank", "ORG"), ("Ohio", "GPE")],
     {"Federal Reserve Bank of Ohio": "ORG"}),
    # Negative: a name not ending in a head noun ("Bank", "Group") does not run on.
    ("Kestrel Books of Ohio approved it.", [("Kestrel Books", "ORG"), ("Ohio", "GPE")],
     {"Kestrel Books": "ORG", "Ohio": "GPE"}),
])
def test_name_trims(text: str, ents: list, expected: dict[str, str]) -> None:
    _, entities = extract_entities(make_doc(text, ents))
    assert {e.name: e.type for e in entities} == expected


@pytest.mark.parametrize(("text", "singular"), [
    ("liquefied natural gas", "liquefied natural gas"), ("guided missiles", "guided missile"),
    ("bus", "bus"), ("sovereign bodies", "sovereign body"),
])
def test_singular_text(text: str, singular: str) -> None:
    assert _singular_text(text) == singular


@pytest.mark.parametrize(("text", "ents", "name"), [
    # A syllable glued by a hyphen to a name's last word is the name's ...
    ("Tycoon Li Ka-shing spoke on Monday.", [("Li Ka", "PERSON")], "Li Ka-shing"),
    # ... but a word after the hyphen makes an adjective of the name, left outside.
    ("The Okafor-led coalition won on Monday.", [("Okafor", "PERSON")], "Okafor"),
])
def test_whole_words_take_a_hyphened_syllable(monkeypatch: pytest.MonkeyPatch, text: str,
                                              ents: list[tuple[str, str]], name: str) -> None:
    from briefgen.entities import evidence

    words = {"led", "coalition", "won", "on", "tycoon", "spoke"}
    monkeypatch.setattr(evidence, "_dictionary_words", lambda doc: lambda t: t.lower_ in words)
    doc = make_doc(text, ents)
    c = _Cand(0, 0, ents[0][0], ents[0][1])
    span = next(s for s in doc.ents)
    c.start, c.end, c.tok_start, c.tok_end = span.start_char, span.end_char, span.start, span.end
    evidence.whole_words(doc, [c])
    assert c.text == name


def test_a_name_keeps_its_hyphened_lowercase_syllable() -> None:
    """The span rules cut a name at a lowercase word, not at one glued on by a hyphen."""
    names = {e.name for e in extract_entities(make_doc(
        "Officials said Kim Jong-un would attend. Mara Okafor spokesman Lind agreed.",
        [("Kim Jong-un", "PERSON"), ("Mara Okafor spokesman", "PERSON")]))[1]}
    assert "Kim Jong-un" in names and "Mara Okafor" in names, names
