"""The entity layer's two ordered tables, and the names module both layers share.

Each merge pass of ``cluster.MERGE_PASSES`` is shown joining two forms that no other pass
joins (the same candidates clustered without that pass keep them apart) and leaving a near
miss apart; each type rule of ``types.TYPE_RULES`` is shown to be the rule that decides a
case, with a case it must leave to a later rule.  Candidates come from hand-built ``Doc``s
(blank tokenizer, the labels the small model produces), so no trained model is needed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from spacy.tokens import Doc

from briefgen import link
from briefgen.entities import extract as extract_mod
from briefgen.entities import names
from briefgen.entities.candidates import _Cand
from briefgen.entities.cluster import MERGE_PASSES, _cluster
from briefgen.entities.extract import extract_entities
from briefgen.entities.repairs import _headline_ranges
from briefgen.entities.shapes import counted_plural, cut_short
from briefgen.entities.types import TYPE_RULES, _decide_type_by
from briefgen.model import Annotation, Article, Entity, GlossaryEntry
from tests.test_entities import make_doc


def cands_of(doc: Doc, **flags: dict[str, object]) -> list[_Cand]:
    """The doc's entity spans as candidates, untouched by any repair rule.

    ``flags`` maps a span's text to attributes to set on its candidates (a pin, a role).
    """
    out = []
    for ent in doc.ents:
        c = _Cand(ent.start_char, ent.end_char, ent.text, ent.label_, ent.start, ent.end)
        for attr, value in flags.get(ent.text, {}).items():
            setattr(c, attr, value)
        out.append(c)
    return out


def roots_by_text(cands: list[_Cand], roots: dict[int, str]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for i, c in enumerate(cands):
        out.setdefault(c.text, set()).add(roots[i])
    return out


def together(cands: list[_Cand], roots: dict[int, str], a: str, b: str) -> bool:
    by = roots_by_text(cands, roots)
    return by[a] == by[b] and len(by[a]) == 1


KESTREL = GlossaryEntry(name="Kestrel Group", type="ORG", aliases=("The Kestrels",))

# (pass, text, ents, flags, glossary, joined pair, pair left apart)
MERGE_CASES = [
    ("pinned", "The Prevention of Fraud Bill passed. The Bill is law. BILL wrote to Bills.",
     [("Prevention of Fraud Bill", "LAW"), ("Bill", "LAW"), ("BILL", "PERSON"),
      ("Bills", "PERSON")],
     {"Bill": {"pinned": "prevention of fraud bill"}}, (),
     ("Prevention of Fraud Bill", "BILL"), ("Prevention of Fraud Bill", "Bills")),
    ("glossary", "Kestrel Group won. The Kestrels cheered. Kestrel Partners lost.",
     [("Kestrel Group", "ORG"), ("Kestrels", "ORG"), ("Kestrel Partners", "ORG")], {},
     (KESTREL,), ("Kestrel Group", "Kestrels"), ("Kestrel Group", "Kestrel Partners")),
    ("acronyms", "The North Atlantic Treaty Organization met. NATO agreed. NTO did not.",
     [("North Atlantic Treaty Organization", "ORG"), ("NATO", "ORG"), ("NTO", "ORG")], {}, (),
     ("North Atlantic Treaty Organization", "NATO"),
     ("North Atlantic Treaty Organization", "NTO")),
    ("firm-bases", "Kestrova Holdings Ltd grew. Kestrova said so. Varden Mutual Corp fell.",
     [("Kestrova Holdings Ltd", "ORG"), ("Kestrova", "ORG"), ("Varden Mutual Corp", "ORG")],
     {}, (), ("Kestrova Holdings Ltd", "Kestrova"), ("Kestrova", "Varden Mutual Corp")),
    ("group-stems", "Republicans voted. A Republican spoke. The Republic waited.",
     [("Republicans", "NORP"), ("Republican", "NORP"), ("Republic", "NORP")], {}, (),
     ("Republicans", "Republican"), ("Republican", "Republic")),
    ("region-codes", "Washington DC is busy. Washington sleeps. Washington Heights wakes.",
     [("Washington DC", "GPE"), ("Washington", "GPE"), ("Washington Heights", "GPE")], {}, (),
     ("Washington DC", "Washington"), ("Washington", "Washington Heights")),
    ("place-names", "Peking was cold. Beijing warmed up. Tianjin stayed cold.",
     [("Peking", "GPE"), ("Beijing", "GPE"), ("Tianjin", "GPE")], {}, (),
     ("Peking", "Beijing"), ("Beijing", "Tianjin")),
    ("body-words", "Leeds United won. United celebrated. Kestrel Dynamics lost. Dynamics fell.",
     [("Leeds United", "ORG"), ("United", "ORG"), ("Kestrel Dynamics", "ORG"),
      ("Dynamics", "ORG")], {}, (),
     ("Leeds United", "United"), ("Kestrel Dynamics", "Dynamics")),
    ("chambers", "Ms Vale told the House the plan was costed. The Commons voted. The House of "
     "Lords waits.",
     [("House", "ORG"), ("Commons", "ORG"), ("House of Lords", "ORG")], {}, (),
     ("House", "Commons"), ("House", "House of Lords")),
    ("full-names", "Donald J. Trump spoke. Donald Trump left. George W. Bush and George H.W. "
     "Bush met. George Bush waved.",
     [("Donald J. Trump", "PERSON"), ("Donald Trump", "PERSON"), ("George W. Bush", "PERSON"),
      ("George H.W. Bush", "PERSON"), ("George Bush", "PERSON")], {}, (),
     ("Donald J. Trump", "Donald Trump"), ("George W. Bush", "George H.W. Bush")),
    ("name-tails", "Debbie Wasserman Schultz spoke. Wasserman Schultz left. Ann Vargas Llosa "
     "and Mario Vargas Llosa met. Vargas Llosa waved.",
     [("Debbie Wasserman Schultz", "PERSON"), ("Wasserman Schultz", "PERSON"),
      ("Ann Vargas Llosa", "PERSON"), ("Mario Vargas Llosa", "PERSON"),
      ("Vargas Llosa", "PERSON")], {}, (),
     ("Debbie Wasserman Schultz", "Wasserman Schultz"), ("Mario Vargas Llosa", "Vargas Llosa")),
    ("short-names", "Keir Starmer spoke. Starmer left. Michael Jordan flew to Jordan.",
     [("Keir Starmer", "PERSON"), ("Starmer", "ORG"), ("Michael Jordan", "PERSON"),
      ("Jordan", "GPE")], {}, (),
     ("Keir Starmer", "Starmer"), ("Michael Jordan", "Jordan")),
]


def test_merge_table_order_and_reasons() -> None:
    """The order is the policy: a test case per pass, in the order they run."""
    assert [p.name for p in MERGE_PASSES] == [case[0] for case in MERGE_CASES]
    assert all(p.reason and "\n" not in p.reason for p in MERGE_PASSES)


@pytest.mark.parametrize(("name", "text", "ents", "flags", "glossary", "joined", "apart"),
                         MERGE_CASES, ids=[case[0] for case in MERGE_CASES])
def test_merge_pass(name: str, text: str, ents: list[tuple[str, str]],
                    flags: dict[str, dict[str, object]], glossary: tuple[GlossaryEntry, ...],
                    joined: tuple[str, str], apart: tuple[str, str]) -> None:
    doc = make_doc(text, ents)
    cands = cands_of(doc, **flags)
    roots, _ = _cluster(cands, glossary, doc)
    assert together(cands, roots, *joined)
    assert not together(cands, roots, *apart)
    without = [p for p in MERGE_PASSES if p.name != name]
    roots, _ = _cluster(cands, glossary, doc, passes=without)
    assert not together(cands, roots, *joined), f"{joined} are joined without {name}"


def cand(text: str, label: str | None, **attrs: object) -> _Cand:
    c = _Cand(0, len(text), text, label)
    for attr, value in attrs.items():
        setattr(c, attr, value)
    return c


def cand_at(doc: Doc, start: int, end: int, label: str | None) -> _Cand:
    """A candidate on tokens ``start:end`` of ``doc``, for rules that read the text."""
    span = doc[start:end]
    return _Cand(span.start_char, span.end_char, span.text, label, start, end)


#: Texts the rules that read around a mention are shown on, by rule name.
TYPE_DOCS = {
    "the-before-lone-person": make_doc(
        "Fans said the Zorbatrix won . Later the Zorbatrix campaign grew .", [],
        pos=["NOUN", "VERB", "DET", "PROPN", "VERB", "PUNCT", "ADV", "DET", "PROPN", "NOUN",
             "VERB", "PUNCT"]),
}
_THE = TYPE_DOCS["the-before-lone-person"]
TYPE_DOCS["cut-short"] = make_doc(
    "Divers trained with Kestrel Seals near the coast . Kestrel Chairman Jo Bond spoke .", [])
_CUT = TYPE_DOCS["cut-short"]
TYPE_DOCS["speaker-of-body"] = make_doc(
    '" It rose , " said Jo Varn of Kestrel Bank . " It fell , " said Mo Darr today .', [])
_SAID = TYPE_DOCS["speaker-of-body"]
TYPE_DOCS["counted-plural-body"] = make_doc(
    "She won six Varnies and the Varnies team cheered .", [],
    tags=["PRP", "VBD", "CD", "NNPS", "CC", "DT", "NNPS", "NN", "VBD", "."])
_COUNTED = TYPE_DOCS["counted-plural-body"]

# (rule, members, curated entry, expected type)
TYPE_CASES = [
    ("curated", [cand("Kestrel", "PERSON")], GlossaryEntry(name="Kestrel", type="ORG"), "ORG"),
    ("no-vote", [cand("Kestrel", None)], None, None),
    ("work", [cand("Quiet Harbour Nights", "PERSON", work=True)], None, "WORK_OF_ART"),
    ("team-sheet", [cand("Harbour", "ORG", lineup=True), cand("Harbour", "GPE")], None,
     "PERSON"),
    ("team", [cand("Varnby", "GPE", team=True), cand("Varnby", "GPE")], None, "ORG"),
    ("cut-short", [cand_at(_CUT, 3, 4, "ORG")], None, None),
    ("counted-plural-body", [cand_at(_COUNTED, 3, 4, "ORG")], None, None),
    ("name-ending", [cand("Harbour Music Awards", "ORG")], None, "WORK_OF_ART"),
    ("guarded-ending", [cand("Varnby Park", "ORG")], None, "FAC"),
    ("which-thing", [cand("Harrow Fenwick", "PERSON", which=True),
                     cand("Harrow Fenwick", "PERSON")], None, "ORG"),
    ("titled-person", [cand("Jo Bond", "PERSON", roles=["Founder"]), cand("Jo Bond", "ORG"),
                       cand("Jo Bond", "ORG")], None, "PERSON"),
    ("common-words-person", [cand("Copper Harbour", "PERSON"), cand("Harbour", "PERSON")],
     None, None),
    ("body-appositive", [cand("Eurofer", "PERSON", body_noun=True)], None, "ORG"),
    ("speaker-of-body", [cand_at(_SAID, 6, 8, "ORG")], None, "PERSON"),
    ("place-after-name", [cand("Kestrel Paris", "PERSON")], None, "ORG"),
    ("full-name-vote", [cand("Jo Bond", "PERSON"), cand("Bond", "ORG"), cand("Bond", "ORG")],
     None, "PERSON"),
    ("lowercase-expansion", [cand("lightweight-multirole missiles", "PRODUCT", expansion=True),
                             cand("LMM", "ORG")], None, "PRODUCT"),
    ("instance", [cand("Eurofighter Typhoon", "ORG", instance=True)], None, "PRODUCT"),
    ("country", [cand("Ukraine", "PERSON"), cand("Ukraine", "PERSON")], None, "GPE"),
    ("firm-named-after-person", [cand("Fenwick", "PERSON", company=True),
                                 cand("Fenwick", "PERSON")], None, "ORG"),
    ("city-typed-body", [cand("Chicago", "ORG"), cand("Chicago", "ORG")], None, "GPE"),
    ("given-name", [cand("Francois Delacroix", "ORG", personal=True)], None, "PERSON"),
    ("capital-typed-person", [cand("Kyiv", "PERSON"), cand("Kyiv", "PERSON")], None, "GPE"),
    ("the-before-lone-person", [cand_at(_THE, 3, 4, "PERSON")], None, None),
    ("person-vote-holds", [cand("Okafor", "PERSON"), cand("Okafor", "PERSON"),
                           cand("Okafor", "PERSON"), cand("Okafor", "GPE")], None, "PERSON"),
    ("known-place", [cand("Paris", "ORG"), cand("Paris", "ORG"), cand("Paris", "GPE")], None,
     "GPE"),
    ("uncued-work", [cand("Zorbatrix", "WORK_OF_ART"), cand("Zorbatrix", "PRODUCT")], None,
     None),
    ("vote", [cand("Kestrel Dynamics", "ORG"), cand("Kestrel Dynamics", "ORG"),
              cand("Kestrel Dynamics", "GPE")], None, "ORG"),
]

# Near misses: each looks like a rule's case but must fall to a later rule.
TYPE_NEAR_MISSES = [
    # A given name first: "Alison Okafor, a producer at the group" stays a person.
    ("body-appositive", [cand("Alison Okafor", "PERSON", body_noun=True)], None,
     ("PERSON", "full-name-vote")),
    # A city's name written the way only a firm is (", which"): the firm.
    ("city-typed-body", [cand("Chicago", "ORG", company=True)], None, ("ORG", "vote")),
    # A given name before the ending word, and the ending word alone typed PERSON: a surname.
    ("name-ending", [cand("Marguerite Bridge", "PERSON"), cand("Bridge", "PERSON")], None,
     ("PERSON", "full-name-vote")),
    # A surname in running text, not in a team sheet, is voted on like any name.
    ("team-sheet", [cand("Harbour", "ORG"), cand("Harbour", "ORG")], None, ("ORG", "vote")),
    # A place in a sports report that nothing says plays stays the place.
    ("team", [cand("Varnby", "GPE"), cand("Varnby", "GPE")], None, ("GPE", "vote")),
    # A given name opening ordinary words is a person's full name ("Rose Harbour").
    ("common-words-person", [cand("Rose Harbour", "PERSON"), cand("Harbour", "PERSON")],
     None, ("PERSON", "full-name-vote")),
    # ... and so are initials before one ("E. J. Harbour").
    ("common-words-person", [cand("E. J. Harbour", "PERSON")], None,
     ("PERSON", "full-name-vote")),
    # A role after the body's name ("Kestrel Chairman Jo Bond"): the name is whole.
    ("cut-short", [cand_at(_CUT, 9, 10, "ORG")], None, ("ORG", "vote")),
    # A place before a capitalised word is named all the same ("Varnby Seals").
    ("cut-short", [cand_at(_CUT, 3, 4, "GPE")], None, ("GPE", "vote")),
    # A mention not counted ("the Varnies team") keeps the name: one of them is enough.
    ("counted-plural-body", [cand_at(_COUNTED, 3, 4, "ORG"), cand_at(_COUNTED, 6, 7, "ORG")],
     None, ("ORG", "vote")),
    # No "of" and a body's name after the speaker: the vote stands.
    ("speaker-of-body", [cand_at(_SAID, 18, 20, "ORG")], None, ("ORG", "vote")),
    # A known given name first makes the place a surname ("Mara Paris") ...
    ("place-after-name", [cand("Mara Paris", "PERSON")], None, ("PERSON", "full-name-vote")),
    # ... and a last word no gazetteer knows as a big place is one too.
    ("place-after-name", [cand("Kestrel Varnby", "PERSON")], None,
     ("PERSON", "full-name-vote")),
    # A place vote keeps a name ending from deciding: "Bristol Airport" typed GPE stays one.
    ("name-ending", [cand("Varnby Cup", "GPE")], None, ("GPE", "vote")),
    # A given name opening the name makes its last word a surname ("Mara Hall").
    ("guarded-ending", [cand("Mara Hall", "ORG")], None, ("ORG", "vote")),
    # A title opening it stays a person's when a mention was typed one.
    ("guarded-ending", [cand("General Park", "ORG"), cand("General Park", "PERSON"),
                        cand("General Park", "ORG")], None, ("ORG", "vote")),
    # ", which" after a name no mention was typed a person leaves the vote alone ("Varnby,
    # which lies on the coast").
    ("which-thing", [cand("Varnby", "GPE", which=True), cand("Varnby", "GPE")], None,
     ("GPE", "vote")),
    # ... and a person's full name without it stays a person.
    ("which-thing", [cand("Harrow Fenwick", "PERSON"), cand("Harrow Fenwick", "ORG")], None,
     ("PERSON", "full-name-vote")),
    # A title before a name the model did not call a person is no evidence.
    ("titled-person", [cand("Jo Bond", "ORG", roles=["Founder"])], None, ("ORG", "vote")),
    # A group word that spells a country ("Ukrainian" is not, but an all-NORP "Georgia" vote).
    ("country", [cand("Georgia", "NORP")], None, ("NORP", "vote")),
    # A body's name with "which" after it is no person, so the firm rule never fires on it.
    ("firm-named-after-person", [cand("Fenwick", "ORG", company=True)], None, ("ORG", "vote")),
    # A work the text names as one (in quotes, after "the film") keeps the model's label;
    # so does a make's long name written beside its acronym.
    ("uncued-work", [cand("Varnix Cloud Suite", "PRODUCT", expansion=True),
                     cand("VCS", "PRODUCT")], None, ("PRODUCT", "vote")),
    # "the" before a name that only describes the noun after it belongs to the noun ("the
    # Zorbatrix campaign"): the vote stands.
    ("the-before-lone-person", [cand_at(_THE, 3, 4, "PERSON"), cand_at(_THE, 8, 9, "PERSON")],
     None, ("PERSON", "person-vote-holds")),
    # Two place votes of three outweigh a person vote for a name no gazetteer knows.
    ("person-vote-holds", [cand("Okafor", "PERSON"), cand("Okafor", "GPE"),
                           cand("Okafor", "GPE")], None, ("GPE", "vote")),
]


#: The word list the type rules read (the pipeline's own in a build): a few ordinary words.
TABLE_WORDS = frozenset({"copper", "harbour", "rose", "line"})


def test_common_words_person_written_as_a_firm() -> None:
    """A "person" of ordinary words written the way only a firm is (", which") is the firm."""
    members = [cand("Copper Harbour", "PERSON", company=True)]
    assert _decide_type_by(members, None, words=TABLE_WORDS) == ("ORG", "common-words-person")
    # Without the word list (a blank pipeline) the rule has no evidence and passes.
    assert _decide_type_by(members, None)[1] != "common-words-person"


def test_type_table_order_and_reasons() -> None:
    assert [r.name for r in TYPE_RULES] == [case[0] for case in TYPE_CASES]
    assert all(r.reason and "\n" not in r.reason for r in TYPE_RULES)


@pytest.mark.parametrize(("rule", "members", "gentry", "expected"), TYPE_CASES,
                         ids=[case[0] for case in TYPE_CASES])
def test_type_rule(rule: str, members: list[_Cand], gentry: GlossaryEntry | None,
                   expected: str | None) -> None:
    assert _decide_type_by(members, gentry, words=TABLE_WORDS,
                           doc=TYPE_DOCS.get(rule)) == (expected, rule)


def test_the_before_lone_person_reads_every_mention() -> None:
    """Near misses of "the-before-lone-person": a mention with nothing before it (the text's
    first word), or found by string match (no tokens yet, looked up by its characters), has no
    "the", so the rule does not decide on the other mentions alone."""
    doc = make_doc("Zorbatrix said the Zorbatrix won .", [], pos=["PROPN", "VERB", "DET",
                                                                 "PROPN", "VERB", "PUNCT"])
    first, other = cand_at(doc, 0, 1, "PERSON"), cand_at(doc, 3, 4, "PERSON")
    matched = _Cand(first.start, first.end, first.text, "PERSON")  # tok_start -1
    for members in ([first, other], [matched, other]):
        assert _decide_type_by(members, None, words=TABLE_WORDS, doc=doc)[1] \
            != "the-before-lone-person"
    assert _decide_type_by([other], None, words=TABLE_WORDS, doc=doc)[1] \
        == "the-before-lone-person"


@pytest.mark.parametrize(("text", "name", "expected"), [
    ("Divers trained with Kestrel Seals near the coast .", "Kestrel", True),
    ("The award went to Varnix miniSEQ , a music app .", "Varnix", True),
    # Negative: a name that ends as a body's does is whole, a make after it ("... Varnix").
    ("A Kestrel Air Force Varnix jet flew over .", "Kestrel Air Force", False),
    # Negative: a person's full name or a place after it is another name.
    ("A letter to the Kestrel Mara Okafor wrote arrived .", "Kestrel", False),
    ("Okafor told the Kestrel Paris would win .", "Kestrel", False),
    # Negative: a possessive mark ends the owner's name.
    ("On Kestrel‘ Varnby Show she spoke .", "Kestrel‘", False),
    # Negative: a role between the body and a person ("Kestrel Chairman Jo Bond").
    ("He met Kestrel Chairman Jo Bond on Friday .", "Kestrel", False),
    # Negative: an acronym after it is a role or a code ("Kestrel CEO").
    ("He met the Kestrel CEO on Friday .", "Kestrel", False),
    # Negative: wire style capitalises function words and days ("Kestrel And", "Monday").
    ("Shares of Kestrel And Harbour rose .", "Kestrel", False),
    ("The deal was signed by Kestrel Monday .", "Kestrel", False),
    # Negative: the next word opens a sentence, or the name ends the text.
    ("He joined Kestrel . Harbour staff left .", "Kestrel", False),
    ("He joined Kestrel", "Kestrel", False),
    # Negative: a headline capitalises every word.
    ("Kestrel Divers Reach Harbour After Storm\nThe team arrived .", "Kestrel", False),
])
def test_cut_short(text: str, name: str, expected: bool) -> None:
    """A capitalised word right after a span makes it a piece of a longer name."""
    doc = make_doc(text, [])
    start = doc.text.index(name)
    span = doc.char_span(start, start + len(name))
    c = _Cand(span.start_char, span.end_char, span.text, "ORG", span.start, span.end)
    assert cut_short(doc, c, _headline_ranges(doc.text)) is expected


def _plural_tags(text: str, plurals: set[str]) -> list[str]:
    """The tagger's tags the rule reads: NNPS for the words in ``plurals``, NNP for others."""
    return ["NNPS" if w in plurals else "NNP" for w in text.split()]


@pytest.mark.parametrize(("text", "name", "expected"), [
    ("She won six Varnies last year .", "Varnies", True),
    ("Both 2 Chambers met .", "Chambers", True),
    # Negative: a year opens a name ("the 2030 Varnby Games").
    ("He ran at the 2030 Varnby Games .", "Varnby Games", False),
    # Negative: not a plural, or a possessive.
    ("She won six Varnix awards .", "Varnix", False),
    ("Two Kestrel's staff left .", "Kestrel's", False),
    # Negative: a name that merely ends in "s", which the tagger reads as singular.
    ("They ordered 30 Varnibus jets .", "Varnibus", False),
    # Negative: no number before it.
    ("She thanked the Varnies .", "Varnies", False),
])
def test_counted_plural(text: str, name: str, expected: bool) -> None:
    """A capitalised plural right after a number (not a year) names things of a class."""
    plurals = {"Varnies", "Chambers", "Games"}
    doc = make_doc(text, [])
    doc = make_doc(text, [], tags=_plural_tags(" ".join(t.text for t in doc), plurals))
    start = doc.text.index(name)
    span = doc.char_span(start, start + len(name))
    c = _Cand(span.start_char, span.end_char, span.text, "ORG", span.start, span.end)
    assert counted_plural(doc, c) is expected


def test_guarded_ending_after_a_title() -> None:
    """A title word is in the given-name list ("General"), yet opens no person's name here."""
    assert _decide_type_by([cand("General Election", "ORG")], None, words=TABLE_WORDS) \
        == ("EVENT", "guarded-ending")


@pytest.mark.parametrize(("rule", "members", "gentry", "expected"), TYPE_NEAR_MISSES,
                         ids=[case[0] for case in TYPE_NEAR_MISSES])
def test_type_rule_near_miss(rule: str, members: list[_Cand], gentry: GlossaryEntry | None,
                             expected: tuple[str, str]) -> None:
    assert _decide_type_by(members, gentry, words=TABLE_WORDS,
                           doc=TYPE_DOCS.get(rule)) == expected
    assert expected[1] != rule


@pytest.mark.parametrize(
    ("text", "ents", "expected"),
    [
        # A big city typed a place never joins a person by a first name alone.
        ("Austin Reyes spoke. Reyes flew to Austin. Austin was hot.",
         [("Austin Reyes", "PERSON"), ("Reyes", "PERSON"), ("Austin", "GPE"),
          ("Austin", "GPE")],
         {"Austin Reyes": "PERSON", "Austin": "GPE"}),
        # "Jordan" typed a place beside "Michael Jordan" stays the country.
        ("Michael Jordan flew to Jordan. Jordan welcomed him.",
         [("Michael Jordan", "PERSON"), ("Jordan", "GPE"), ("Jordan", "GPE")],
         {"Michael Jordan": "PERSON", "Jordan": "GPE"}),
    ],
    ids=["city-beside-first-name", "country-beside-namesake"],
)
def test_tables_negative_cases_end_to_end(text: str, ents: list[tuple[str, str]],
                                          expected: dict[str, str]) -> None:
    _, entities = extract_entities(make_doc(text, ents))
    assert {e.name: e.type for e in entities} == expected


@pytest.mark.parametrize(
    ("text", "ents", "runs"),
    [
        ("Thales builds missiles. Thales is French.", [("Thales", "ORG"), ("French", "NORP")], 2),
        ("Thales builds missiles. Thales is French.",
         [("Thales", "ORG"), ("Thales", "ORG"), ("French", "NORP")], 1),
    ],
    ids=["missed-repeat-clusters-again", "nothing-missed-clusters-once"],
)
def test_clustering_runs_again_only_for_missed_repeats(
        monkeypatch: pytest.MonkeyPatch, text: str, ents: list[tuple[str, str]], runs: int,
) -> None:
    calls = []

    def counting(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return _cluster(*args, **kwargs)

    monkeypatch.setattr(extract_mod, "_cluster", counting)
    _, entities = extract_entities(make_doc(text, ents))
    assert len(calls) == runs
    assert {e.name: e.mentions for e in entities} == {"Thales": 2, "French": 1}


# --- names: what the document and corpus layers share ---------------------------------------

@pytest.mark.parametrize(
    ("text", "folded"),
    [("The U.S.", "us"), ("Kyiv’s", "kyiv"), ("Deutsche Boerse's", "deutsche boerse"),
     ("  Zoë  Ådahl ", "zoe adahl"), ("'Reuters'", "reuters"), ("Reuters'", "reuters"),
     ("the Swiss People's Party", "swiss people's party")],
)
def test_one_fold(text: str, folded: str) -> None:
    assert names.fold(text) == folded
    assert link._fold is names.fold


@pytest.mark.parametrize(
    ("text", "parts"),
    [("George H.W. Bush", ("george", "hw", "bush")),
     ("George HW Bush", ("george", "hw", "bush")),
     ("Martin Luther King Jr.", ("martin", "l", "king")),
     ("Ursula von der Leyen", ("ursula", "", "von der leyen")),
     ("Sir Keir Starmer", ("keir", "", "starmer")),
     ("Fred Sr.", ("fred", "", "")),
     ("Starmer", None), ("the prime minister", None)],
)
def test_one_person_name_splitter(text: str, parts: tuple[str, str, str] | None) -> None:
    assert names.person_name(text) == parts
    # The corpus layer reads the same split, and a name without a surname is no full name.
    assert link._name_parts(text) == (parts if parts and parts[2] else None)


def test_one_type_order_for_documents_and_corpus() -> None:
    """A GPE/ORG tie goes to the place in one article's glossary and across the corpus."""
    members = [cand("Varnby", "GPE"), cand("Varnby", "ORG")]
    assert _decide_type_by(members, None) == ("GPE", "vote")
    art = Article(source="sources/a.md", slug="a", title="a")
    anns = [Annotation(article=art, entities=(
        Entity(key="Varnby", name="Varnby", type="ORG", mentions=2),
        Entity(key="Varnby (GPE)", name="Varnby", type="GPE", mentions=2)))]
    canon, _ = link.link_entities(anns)
    assert [(c.name, c.type) for c in canon] == [("Varnby", "GPE")]
    assert names.type_rank("GPE") < names.type_rank("ORG") < names.type_rank("UNKNOWN")


def test_union_find_root_is_the_smallest_key_whatever_the_order() -> None:
    for pairs in ([("b", "c"), ("c", "a")], [("c", "a"), ("b", "c")], [("a", "b"), ("c", "b")]):
        uf = names.UnionFind()
        for x, y in pairs:
            uf.union(x, y)
        assert {uf.find(k) for k in "abc"} == {"a"}
    assert "z" not in uf


def test_link_imports_only_the_names_module() -> None:
    """The corpus layer's lane: linking cached annotations loads no rule module and no spaCy."""
    code = ("import sys, briefgen.link; print(sorted(m for m in sys.modules "
            "if m.startswith(('briefgen.entities', 'briefgen.quotes', 'spacy'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=Path(__file__).resolve().parents[1])
    assert out.stdout.split() == ["['briefgen.entities',", "'briefgen.entities.names']"]


@pytest.mark.parametrize(
    ("text", "ents", "joined", "apart"),
    [
        # The head of a "<word> of <name>" body is its short form, when the text has one such.
        ("The Bank of Varnland raised rates. The Bank said so.",
         [("Bank of Varnland", "ORG"), ("Bank", "ORG")], ("Bank of Varnland", "Bank"), None),
        # Two bodies with that head: the short form is left alone.
        ("The Bank of Varnland and the Bank of Ostria met. The Bank rose.",
         [("Bank of Varnland", "ORG"), ("Bank of Ostria", "ORG"), ("Bank", "ORG")],
         None, ("Bank of Varnland", "Bank")),
        # A dictionary word that opens a name without "of" is not its short form.
        ("Harbour House Music signed a band. House is a genre.",
         [("Harbour House Music", "ORG"), ("House", "ORG")], None,
         ("Harbour House Music", "House")),
    ],
)
def test_body_words_head_of_an_of_name(text: str, ents: list[tuple[str, str]],
                                        joined: tuple[str, str] | None,
                                        apart: tuple[str, str] | None) -> None:
    doc = make_doc(text, ents)
    cands = cands_of(doc)
    roots, _ = _cluster(cands, (), doc)
    if joined:
        assert together(cands, roots, *joined)
    if apart:
        assert not together(cands, roots, *apart)


def _assert_clusters(text: str, ents: list[tuple[str, str]], joined: list[tuple[str, str]],
                     apart: list[tuple[str, str]]) -> None:
    """Cluster a hand-built doc: each ``joined`` pair in one cluster, no ``apart`` pair."""
    doc = make_doc(text, ents)
    cands = cands_of(doc)
    roots, _ = _cluster(cands, (), doc)
    for pair in joined:
        assert together(cands, roots, *pair), pair
    for pair in apart:
        assert not together(cands, roots, *pair), pair


@pytest.mark.parametrize(
    ("text", "ents", "joined", "apart"),
    [
        # The full name, its own short form and the bare "House": one chamber.
        ("The House of Commons sat late. The Commons voted. Ms Vale told the House so.",
         [("House of Commons", "ORG"), ("Commons", "ORG"), ("House", "ORG")],
         [("House of Commons", "Commons"), ("Commons", "House")], []),
        # Of two chambers, "the House" is the lower; "the Lords" is the upper one.
        ("The House of Commons passed it. The Lords will amend it. The House of Lords sits "
         "on Monday. All sides of the House agreed.",
         [("House of Commons", "ORG"), ("Lords", "ORG"), ("House of Lords", "ORG"),
          ("House", "ORG")],
         [("Lords", "House of Lords"), ("House", "House of Commons")],
         [("House", "House of Lords")]),
        # The chamber after its country is the chamber.
        ("The U.S. House of Representatives voted on Friday. The House then adjourned.",
         [("U.S. House of Representatives", "ORG"), ("House", "ORG")],
         [("U.S. House of Representatives", "House")], []),
        # Two lower chambers named: the bare "House" is left alone.
        ("The House of Representatives and the House of Commons both debated it. The House "
         "rose.",
         [("House of Representatives", "ORG"), ("House of Commons", "ORG"), ("House", "ORG")],
         [], [("House", "House of Representatives"), ("House", "House of Commons")]),
        # No lower chamber named: "the House" joins nothing, least of all the Senate.
        ("The House passed the bill. The Senate did not. The Lords were not asked.",
         [("House", "ORG"), ("Senate", "ORG"), ("Lords", "ORG")],
         [], [("House", "Senate"), ("House", "Lords")]),
        # A name that ends in a chamber's short form is not the chamber; a person is not.
        ("Creative Commons licensed it. The House of Commons did not. Ted House spoke.",
         [("Creative Commons", "ORG"), ("House of Commons", "ORG"), ("Ted House", "PERSON")],
         [], [("Creative Commons", "House of Commons"), ("Ted House", "House of Commons")]),
    ],
)
def test_chambers(text: str, ents: list[tuple[str, str]], joined: list[tuple[str, str]],
                  apart: list[tuple[str, str]]) -> None:
    _assert_clusters(text, ents, joined, apart)


@pytest.mark.parametrize(
    ("text", "ents", "apart"),
    [
        # Small towns share old names: no join below the size limit.
        ("Springfield flooded. Kestrelford stayed dry.",
         [("Springfield", "GPE"), ("Kestrelford", "GPE")], ("Springfield", "Kestrelford")),
        # A person named like a city is not the city.
        ("Peking Lin spoke in Beijing.", [("Peking Lin", "PERSON"), ("Beijing", "GPE")],
         ("Peking Lin", "Beijing")),
    ],
)
def test_place_names_near_misses(text: str, ents: list[tuple[str, str]],
                                 apart: tuple[str, str]) -> None:
    doc = make_doc(text, ents)
    cands = cands_of(doc)
    roots, _ = _cluster(cands, (), doc)
    assert not together(cands, roots, *apart)


def test_entity_and_quote_rules_do_not_import_each_other() -> None:
    """The lanes: the two rule families share the speech words (briefgen.speech), nothing
    else; a fresh interpreter importing one package never loads the other."""
    import subprocess
    import sys

    for pkg, other in (("briefgen.entities.cluster", "briefgen.quotes"),
                       ("briefgen.quotes.cues", "briefgen.entities")):
        probe = (f"import sys, {pkg}; "
                 f"print(any(m == '{other}' or m.startswith('{other}.') for m in sys.modules))")
        out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                             check=True).stdout.strip()
        assert out == "False", f"{pkg} loads {other}"


@pytest.mark.parametrize(
    ("text", "ents", "joined", "apart"),
    [
        # One firm named with more or fewer of its legal words, and by its base: one cluster.
        ("Kestrova Holdings Ltd grew. Kestrova Holdings said so. Kestrova retired the plan.",
         [("Kestrova Holdings Ltd", "ORG"), ("Kestrova Holdings", "ORG"), ("Kestrova", "ORG")],
         [("Kestrova Holdings Ltd", "Kestrova Holdings"), ("Kestrova Holdings", "Kestrova")],
         []),
        # Near miss: two firms whose bases differ stay two, and their words stay apart.
        ("Kestrova Holdings Ltd grew. Kestrel Holdings Ltd fell. Kestrel said so.",
         [("Kestrova Holdings Ltd", "ORG"), ("Kestrel Holdings Ltd", "ORG"), ("Kestrel", "ORG")],
         [("Kestrel Holdings Ltd", "Kestrel")],
         [("Kestrova Holdings Ltd", "Kestrel Holdings Ltd"), ("Kestrova Holdings Ltd", "Kestrel")]),
    ],
)
def test_firm_named_with_more_or_fewer_legal_words(
        text: str, ents: list[tuple[str, str]], joined: list[tuple[str, str]],
        apart: list[tuple[str, str]]) -> None:
    _assert_clusters(text, ents, joined, apart)
