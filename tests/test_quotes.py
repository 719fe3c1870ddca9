"""Quote detection and attribution (briefgen.quotes).

Mark pairing is pure text and tested without a model; attribution needs the parser and is
marked ``model``.  Entities for the model tests come from a small helper over ``doc.ents`` so
these tests do not depend on the entities module's details; the seed test runs with that helper
and with the real :func:`briefgen.entities.extract_entities`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest

from briefgen.model import Entity, Mention
from briefgen.quotes import extract_quotes, quote_spans
from briefgen.quotes.genders import FEMALE, MALE, compatible, entity_genders, namesakes
from briefgen.quotes.names import bare_surnames, dash_label, surname_owners

# --- pairing: (text, expected quoted passages) -------------------------------------------------

PAIRING = [
    ("He said “we won.”", ["we won."]),
    ("“We won,” he said. “Again.”", ["We won,", "Again."]),
    ('Straight "marks work," she said.', ["marks work,"]),
    ("''We finally may be seeing it,'' the economist wrote.", ["We finally may be seeing it,"]),
    ("She called it ‘a disgrace’ on Monday.", ["a disgrace"]),
    ("Le ministre a dit «non» hier.", ["non"]),
    # Apostrophes are not quotation marks: contractions, possessives, plural possessives.
    ("It can’t be the UK’s plan, or Starmer’s.", []),
    ("The voters’ choice wasn't Jones' plan in the ’90s.", []),
    ("The candidates' debate wasn't the Joneses' idea.", []),
    # Nested quotes stay inside the outer quote.
    ("“She told me ‘never again,’ and I believed her,” he said.", [
        "She told me ‘never again,’ and I believed her,"]),
    # Wire style: a space between a nested quote's end and the outer closing mark.
    ("\"She said she'd be 'above the law,' \" Cole said. \"Next.\"", [
        "She said she'd be 'above the law,'", "Next."]),
    ("He said 'no' \"again\" today.", ["no", "again"]),
    # Same-family marks cannot nest: the first quote ends where the next one opens.
    ("“He said “no” to me” is what she wrote.", ["He said", "no"]),
    # Unbalanced: an unclosed quote ends at its paragraph and never swallows the next one.
    ("“This never closes, he said.\n\nThe next paragraph is reporting.", [
        "This never closes, he said."]),
    ("A stray ” closing mark and “an opener", ["an opener"]),
    ("Only an opening “", []),
    # Quotes running over paragraphs reopen without closing (news convention).
    ("“First paragraph of the speech.\n\n“Second paragraph,” she said.", [
        "First paragraph of the speech.", "Second paragraph,"]),
    # Hard-wrapped lines inside a paragraph do not end a quote.
    ("“A quote that wraps\nonto the next line,” he said.", [
        "A quote that wraps\nonto the next line,"]),
    # A list item on its own line ends an open quote.
    ("Goals:\n  • build “lasting\n  • ramp up “defense”", ["lasting", "defense"]),
]


@pytest.mark.parametrize(("text", "expected"), PAIRING)
def test_quote_spans(text: str, expected: list[str]) -> None:
    assert [text[a:b] for a, b in quote_spans(text)] == expected


@pytest.mark.parametrize("text", ["", "”", "“", "''", "'", "“”", "”“", "‘’’’", "\n\n“\n\n”"])
def test_odd_marks_never_crash(text: str) -> None:
    for a, b in quote_spans(text):
        assert 0 <= a < b <= len(text)


def test_blank_pipeline_degrades_without_speakers() -> None:
    spacy = pytest.importorskip("spacy")
    doc = spacy.blank("en")("“We will win,” she said.\n\nThe “so-called” plan")
    quotes = extract_quotes(doc, (), ())
    assert [q.text for q in quotes] == ["We will win,", "so-called"]
    assert all(q.speaker is None for q in quotes)


# --- attribution --------------------------------------------------------------------------------


def simple_entities(doc) -> tuple[tuple[Mention, ...], tuple[Entity, ...]]:
    """Mentions/entities straight from ``doc.ents``: PERSON names grouped by their last word
    (so "Ann Cole" and "Cole" are one entity keyed "Cole"), anything else by its text."""
    labels: dict[str, list[str]] = defaultdict(list)
    forms: dict[str, set[str]] = defaultdict(set)
    mentions = []
    for ent in doc.ents:
        if ent.label_ not in ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"):
            continue
        key = ent[-1].text if ent.label_ == "PERSON" else re.sub(r"^the ", "", ent.text, flags=re.I)
        key = re.sub(r"[’']s$", "", key)
        labels[key].append(ent.label_)
        forms[key].add(re.sub(r"[’']s$", "", ent.text))
        mentions.append(Mention(ent.start_char, ent.end_char, ent.text, key))
    entities = []
    for key, labs in sorted(labels.items()):
        name = max(sorted(forms[key]), key=len)
        aliases = tuple(sorted(forms[key] - {name}))
        entities.append(Entity(key, name, max(sorted(set(labs)), key=labs.count), aliases))
    return tuple(mentions), tuple(entities)


#: (text, quoted words, speaker key or None, kind).  Invented sentences in news style.
ATTRIBUTION = [
    # Cue after the quote, inverted order, appositive.
    ("“We will not back down,” said Maria Lopez, the mayor of Springfield.",
     "We will not back down,", "Lopez", "full"),
    ("“I am proud of this team,” explained coach Tom Baker.",
     "I am proud of this team,", "Baker", "full"),
    ("“The vote is a disgrace,” Senator John Harris told reporters on Tuesday.",
     "The vote is a disgrace,", "Harris", "full"),
    # Cue before the quote, colon.
    ("Senator John Harris said: “The bill is dead and everyone knows it.”",
     "The bill is dead and everyone knows it.", "Harris", "full"),
    # Interrupted quote: the second part has no cue of its own.
    ("“The plan is sound,” Tom Baker told reporters. “It will pass next week.”",
     "It will pass next week.", "Baker", "full"),
    # Partial quotes inside the reporter's sentence.
    ("Governor Ann Cole warned on Monday that the budget was “nowhere near balanced.”",
     "nowhere near balanced.", "Cole", "partial"),
    ("The deficit is “a serious problem for every family,” according to Ann Cole.",
     "a serious problem for every family,", "Cole", "partial"),
    # Pronoun and description resolved to the nearest named person.
    ("Ann Cole met voters in Ohio on Monday. “We are going to win this state,” she said.",
     "We are going to win this state,", "Cole", "full"),
    ("Senator John Harris arrived late. “We have the votes,” the senator told reporters.",
     "We have the votes,", "Harris", "full"),
    # Non-finite cue borrowing its subject.
    ("Tom Baker attacked the proposal, saying “it will cost thousands of jobs.”",
     "it will cost thousands of jobs.", "Baker", "partial"),
    # A colon after the reporter's clause when the parser makes the quote the sentence root.
    ("Ann Cole delivered a sharp retort: “No one is tearing this up. We will go forward.”",
     "No one is tearing this up. We will go forward.", "Cole", "full"),
    # "put it" is a cue only as wording, never as placing something.
    ("As Senator John Harris put it, “This bill is dead and everyone knows it.”",
     "This bill is dead and everyone knows it.", "Harris", "full"),
    ("Ann Cole put it on the table next to the “old desk” by the window.",
     "old desk", None, "scare"),
    # A long military title in front of the name: the name speaks, not the title.
    ("“The troops deserve better than this,” said Air Force 1st Lt. Tom Baker.",
     "The troops deserve better than this,", "Baker", "full"),
    # A date is never the speaker, and a quote ending its own sentence does not hand the next
    # sentence over as its attribution.
    ("“That is all for today.” On Saturday, Tom Baker issued a statement saying the plan was "
     "“a failure from the very start.”", "a failure from the very start.", "Baker", "partial"),
    # A document that "says" something speaks for the one who released it.
    ("Tom Baker released a campaign video that said “we are going to win this state in "
     "November.”", "we are going to win this state in November.", "Baker", "partial"),
    # Less common cue verbs.
    ("Ann Cole tried to laugh it off by interjecting, “Only on Sundays, my friend.”",
     "Only on Sundays, my friend.", "Cole", "full"),
    ("Governor Ann Cole condemned the “senseless attack on our city and its people.”",
     "senseless attack on our city and its people.", "Cole", "partial"),
    # "find" reports words only with a "that" clause or a quoted object.
    ("In 2014, Gallup found that “most voters said the economy was their top concern.”",
     "most voters said the economy was their top concern.", "Gallup", "partial"),
    ("Many voters in Ohio find Ann Cole “very hard to look past.”",
     "very hard to look past.", None, "scare"),
    # A quote paragraph after a sentence whose main clause is about something else: the person
    # acting in its subordinate clause speaks; nobody does when no person acts there.
    ("What the plan means is unclear, since Tom Baker spoke only in slogans during the "
     "interview.\n\n“We have to be a lot tougher on crime.”",
     "We have to be a lot tougher on crime.", "Baker", "full"),
    ("The report is due in March, when the budget office closes its books.\n\n“We have to be a "
     "lot tougher on crime.”", "We have to be a lot tougher on crime.", None, "full"),
    # A cue noun before a comma introduces the quote; any other noun does not.
    ("After the fire, Tom Baker issued a statement, “Last night our city was attacked by "
     "cowards. We will not bow.”", "Last night our city was attacked by cowards. We will not bow.",
     "Baker", "full"),
    ("After the fire, Tom Baker visited the factory, “A place where nothing works anymore.”",
     "A place where nothing works anymore.", None, "full"),
    ("In his latest song, Tom Baker sings, “Don't go changing to try and please me.”",
     "Don't go changing to try and please me.", "Baker", "full"),
    # "added" keeps its cue when the parser hangs the next paragraph on it as an object.
    ("Ann Cole added, “It would be a dereliction of duty by the mayor if they fail to act now.”"
     "\n\nBREAKING: analysis: More than half of those who met the mayor gave money to the fund.",
     "It would be a dereliction of duty by the mayor if they fail to act now.", "Cole", "full"),
    # The parser starts the reporter's sentence with the previous paragraph's closing mark.
    ('Ann Cole spoke first. "We will win this state."\n\nTom Baker touted his record on jobs. '
     '"We need to find more ways to support workers."',
     "We need to find more ways to support workers.", "Baker", "full"),
    # A closing mark typed the wrong way round (“...,“) still closes: the attribution after it
    # is not a quote.
    ("“It is a long shot,“ said Tom Baker, a lawyer in Dayton. “Nobody expects it to pass.”",
     "It is a long shot,", "Baker", "full"),
    # A colon names the speaker anew, even right after another speaker's quote.
    ("“We are ready,” Tom Baker said on Monday. Ann Cole disagreed: “Nobody in this city is "
     "ready for a winter like that.”", "Nobody in this city is ready for a winter like that.",
     "Cole", "full"),
    ("Tom Baker said the vote was close.\n\nAnn Cole: “The vote was not close at all.”",
     "The vote was not close at all.", "Cole", "full"),
    # The one spoken to before the colon does not speak.
    ("Governor Ann Cole delivered a blunt message to Tom Baker: “It is time to stop attacking "
     "the people you ran against.”", "It is time to stop attacking the people you ran against.",
     "Cole", "full"),
    # A cue inside a clause describing someone does not introduce the quote after the colon.
    ("Ann Cole wrote back at once, mocking a rival who promised lower taxes: “Your plan would "
     "cost billions and help nobody.”", "Your plan would cost billions and help nobody.", "Cole",
     "full"),
    # A signature line under a quote names its speaker.
    ("“The tax cuts went to the people who needed them least.”\n\n- Maria Lopez, mayor of "
     "Springfield.", "The tax cuts went to the people who needed them least.", "Lopez", "full"),
    ("Ann Cole spoke first. “We won.”\n\n“The tax cuts went to the people who needed them "
     "least.”\n\n- Senator John Harris.", "The tax cuts went to the people who needed them "
     "least.", "Harris", "full"),
    # Negative: a dashed heading under a quote, or a dashed list item, is not a signature.
    ("“The tax cuts went to the people who needed them least.”\n\n– A Long Night in Ohio –.",
     "The tax cuts went to the people who needed them least.", None, "full"),
    ("“We will cut taxes for every family in the state.”\n\n- Cut red tape for Tom Baker's "
     "firms.", "We will cut taxes for every family in the state.", None, "full"),
    # "she" skips a man, even the nearer subject, for the woman named before him ...
    ("Ann Cole met Tom Baker in Dayton on Monday. Baker spoke first and at length. “We will "
     "not give up this fight,” she said.", "We will not give up this fight,", "Cole", "full"),
    ("Maria Lopez thanked the crowd. Then John Harris took the stage. “This city deserves "
     "better,” he said.", "This city deserves better,", "Harris", "full"),
    # ... and stays empty when the text names no woman: unattributed, not a guess.
    ("Tom Baker arrived late and John Harris left early. “We will not give up this fight,” "
     "she said.", "We will not give up this fight,", None, "full"),
    # Before a colon, a clause whose subject names nobody hangs from the one whose does.
    ("Governor Ann Cole has since apologized for what happened: \"Yes, I should "
     "have used two accounts. Not doing so was a mistake.\"",
     "Yes, I should have used two accounts. Not doing so was a mistake.", "Cole", "full"),
    # A date between the speaker and the cue is skipped, never taken for the speaker.
    ("Much of the anger was aimed at Tom Baker, who Ann Cole on Wednesday called “a reckless "
     "and dangerous man.”", "a reckless and dangerous man.", "Cole", "partial"),
    # Speech with no cue and nobody else named carries on the quote just before it ...
    ("“He is supposed to lead this country,” Ann Cole said. Instead, “he just acts like a "
     "tired man.”", "he just acts like a tired man.", "Cole", "partial"),
    # ... but not across a new name, which may be a new speaker.
    ("“He is supposed to lead this country,” Ann Cole said. Tom Baker, “who acts like a tired "
     "man,” left.", "who acts like a tired man,", "Baker", "partial"),
    # Negative cases: titles, labels and scare quotes are not anyone's words.
    ("Harris appeared on “Meet the Press” on Sunday.", "Meet the Press", None, "scare"),
    ("The so-called “peace dividend” never arrived.", "peace dividend", None, "scare"),
    ("The city approved a new “green corridor” along the river.", "green corridor", None, "scare"),
]


@pytest.mark.model
@pytest.mark.parametrize(("text", "quoted", "speaker", "kind"), ATTRIBUTION)
def test_attribution(nlp, text: str, quoted: str, speaker: str | None, kind: str) -> None:
    doc = nlp(text)
    quotes = extract_quotes(doc, *simple_entities(doc))
    match = [q for q in quotes if q.text == quoted]
    assert match, f"{quoted!r} not found in {[q.text for q in quotes]}"
    q = match[0]
    assert (q.speaker, q.kind) == (speaker, kind), q
    assert text[q.start : q.end] == quoted
    if speaker is not None:
        assert q.speaker_text, q


@pytest.mark.model
def test_quote_continues_over_paragraphs(nlp) -> None:
    text = (
        "“The first part of the statement is here,” Tom Baker said. “It goes on.\n\n"
        "“And it continues in a new paragraph without a cue.”\n\n"
        "Baker later left the building."
    )
    doc = nlp(text)
    quotes = extract_quotes(doc, *simple_entities(doc))
    assert [(q.text[:12], q.speaker) for q in quotes] == [
        ("The first pa", "Baker"), ("It goes on.", "Baker"), ("And it conti", "Baker")]
    assert "Baker later" not in quotes[-1].text


#: (text, quoted words, speaker key).  A wire dateline opening the story is where it was filed,
#: never who speaks: with the pattern quotes used to have ("BELFAST —" in capitals only), the
#: parser's subject "Washington (AFP)" became the speaker of all four.
DATELINE_SPEAKERS = [
    ("Washington (AFP) – Democrat Ann Lopez took aim at her rival on Sunday, saying he was "
     "“unfit to lead the country.”", "unfit to lead the country.", "Lopez"),
    ("Washington (AFP) – Ann Lopez hit back at Tom Baker on Sunday, saying his plan was "
     "“a disaster for working families.”", "a disaster for working families.", "Lopez"),
    ("Washington (Reuters) - Senator Ann Lopez criticised the budget on Tuesday, saying it "
     "would “hurt the people who need help most.”", "hurt the people who need help most.",
     "Lopez"),
    ("Springfield (AFP) – Mayor Ann Lopez on Friday attacked the plan, calling it “a gift to "
     "developers.”", "a gift to developers.", "Lopez"),
    # Negative: a name right after the dateline that the parser gets right stays the speaker.
    ("Washington (AFP) – Hillary Clinton swiped at Donald Trump, saying the vote showed the "
     "need for “calm, steady” leadership.", "calm, steady", "Clinton"),
]


@pytest.mark.model
@pytest.mark.parametrize(("text", "quoted", "speaker"), DATELINE_SPEAKERS)
def test_dateline_is_never_the_speaker(nlp, text: str, quoted: str, speaker: str) -> None:
    doc = nlp(text)
    quotes = extract_quotes(doc, *simple_entities(doc))
    match = [q for q in quotes if q.text == quoted]
    assert match, f"{quoted!r} not found in {[q.text for q in quotes]}"
    assert match[0].speaker == speaker, match[0]
    assert "(" not in (match[0].speaker_text or ""), match[0]


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "place", "words"),
    [
        # Title case with no agency: the pattern alone leaves it (a name opening a sentence
        # looks the same), so only the article's own dateline keeps it out.
        ("Springfield – Mayor Ann Lopez on Friday attacked the plan, calling it “a gift to "
         "developers.”", "Springfield", "Mayor Ann Lopez"),
        ("Belfast — Ann Lopez hit back at Tom Baker on Sunday, saying his plan was “a disaster "
         "for working families.”", "Belfast", "Ann Lopez"),
    ],
)
def test_article_dateline_is_kept_out_of_the_speaker_words(
    nlp, text: str, place: str, words: str
) -> None:
    doc = nlp(text)
    mentions, entities = simple_entities(doc)
    (quote,) = extract_quotes(doc, mentions, entities, dateline=place)
    assert (quote.speaker, quote.speaker_text) == ("Lopez", words)


@pytest.mark.model
def test_annotate_hands_the_article_dateline_to_quotes(nlp) -> None:
    from briefgen.annotate import annotate_doc
    from briefgen.model import Article, Block, Segment

    text = DATELINE_SPEAKERS[0][0].replace("Washington (AFP) –", "Springfield –")
    article = Article(source="s.md", slug="s", title="T", dateline="Springfield",
                      blocks=(Block("p", (Segment(text),)),))
    (quote,) = annotate_doc(nlp(article.text), article).quotes
    assert quote.speaker_text == "Democrat Ann Lopez"


@pytest.mark.model
def test_no_quotes_in_plain_text(nlp) -> None:
    doc = nlp("It can’t be the UK’s plan, or Starmer’s, the voters’ choice said nothing.")
    assert extract_quotes(doc, *simple_entities(doc)) == ()


# --- the seed article -----------------------------------------------------------------------------


def _norm(text: str) -> str:
    """Compare quotes without trailing commas and with ordinary spaces."""
    return re.sub(r"\s+", " ", text).strip().rstrip(",").strip()


def _entity_builders():
    builders = [pytest.param(simple_entities, id="doc-ents")]
    try:
        from briefgen.entities import extract_entities
    except ImportError:
        extract_entities = None
    builders.append(
        pytest.param(
            extract_entities,
            id="briefgen-entities",
            marks=pytest.mark.skipif(extract_entities is None, reason="entities.py absent"),
        )
    )
    return builders


def _seed_text(seed_path: Path) -> str:
    try:
        from briefgen.sources import read_source
    except ImportError:
        lines = seed_path.read_text(encoding="utf-8").splitlines()
        return "\n\n".join(line.strip() for line in lines if line.strip())
    return read_source(seed_path).text


@pytest.mark.model
@pytest.mark.corpus
@pytest.mark.parametrize("build", _entity_builders())
def test_seed_quotes(nlp, seed_path: Path, build) -> None:
    yaml = pytest.importorskip("yaml")
    expected = yaml.safe_load((seed_path.parent / "expected.yml").read_text(encoding="utf-8"))
    names: dict[str, set[str]] = {
        e["name"]: {e["name"], *e.get("aliases", [])} for e in expected["entities"]
    }
    doc = nlp(_seed_text(seed_path))
    mentions, entities = build(doc)
    by_key = {e.key: e for e in entities}
    quotes = extract_quotes(doc, mentions, entities)
    assert all(q.speaker is None or q.speaker in by_key for q in quotes)

    def named(q) -> set[str]:
        ent = by_key.get(q.speaker) if q.speaker else None
        return {ent.key, ent.name, *ent.aliases} if ent else set()

    for want in expected["quotes"]:
        found = [q for q in quotes if _norm(q.text) == _norm(want["text"])]
        assert found, f"missing quote {want['text'][:40]!r}"
        ok = [q for q in found if q.kind == want["kind"] and named(q) & names[want["speaker"]]]
        assert ok, (want, found)
    fulls = [q for q in quotes if q.kind == "full"]
    assert len(fulls) == sum(1 for w in expected["quotes"] if w["kind"] == "full")

    # Scare quotes named in the comment after the list: styled, never attributed.
    comment = (seed_path.parent / "expected.yml").read_text(encoding="utf-8")
    scare = re.findall(r"\"([^\"]+)\"", comment.split("Scare quotes", 1)[1].split("\n\n")[0])
    assert scare
    for words in scare:
        hits = [q for q in quotes if _norm(q.text) == words]
        assert hits, words
        assert all(q.speaker is None and q.kind == "scare" for q in hits), hits


# --- gender evidence (briefgen.quotes.genders): (text, person names, expected genders) -------

GENDERS = [
    # Given names the bundled list is sure of.
    ("Ann Cole met Tom Baker.", ["Ann Cole", "Tom Baker"], {"Ann Cole": FEMALE, "Tom Baker": MALE}),
    # An honorific or a gendered role word right before a mention.
    ("Mrs. Jordan Lee and Mr. Robin Hale spoke.", ["Jordan Lee", "Robin Hale"],
     {"Robin Hale": MALE}),
    ("The actress Robin Hale and spokesman Kim Park spoke.", ["Robin Hale", "Kim Park"],
     {"Robin Hale": FEMALE, "Kim Park": MALE}),
    # Conflicting evidence is no evidence: the paper's "spokesman" for a woman named Ann.
    ("Party spokesman Ann Cole said no.", ["Ann Cole"], {}),
    # A lone surname has no given name; an ambiguous given name says nothing.
    ("Later, Cole said no. Robin Hale agreed.", ["Cole", "Robin Hale"], {}),
]


@pytest.mark.parametrize(("text", "names", "expected"), GENDERS)
def test_entity_genders(text: str, names: list[str], expected: dict[str, str]) -> None:
    mentions = [Mention(text.index(n), text.index(n) + len(n), n, n) for n in names]
    entities = [Entity(n, n, "PERSON") for n in names]
    assert entity_genders(text, mentions, entities) == expected


def test_pronoun_compatibility() -> None:
    assert compatible("she", FEMALE) and compatible("she", None)
    assert not compatible("she", MALE) and not compatible("He", FEMALE)
    assert not compatible("spokeswoman", MALE) and compatible("senator", MALE)
    assert compatible("they", MALE)


def test_namesakes_share_a_surname() -> None:
    people = [Entity(n, n, "PERSON") for n in ("Ann Cole", "Tom Cole", "Tom Baker")]
    assert namesakes([*people, Entity("Cole Inc", "Cole Inc", "ORG")]) == {
        "Ann Cole": ("Tom Cole",), "Tom Cole": ("Ann Cole",)}


@pytest.mark.model
def test_she_after_a_surname_merged_into_her_namesake(nlp) -> None:
    """The entity pass merged the bare "Cole" into the husband; "she" means the wife."""
    text = ("Cole took questions at the plant. “We will build it here,” she said. Ann Cole and "
            "her husband Tom Cole have run the firm since 1990.")
    doc = nlp(text)
    spans = [("Cole", 0, "Tom Cole"), ("Ann Cole", text.index("Ann Cole"), "Ann Cole"),
             ("Tom Cole", text.index("Tom Cole"), "Tom Cole")]
    mentions = [Mention(a, a + len(t), t, key) for t, a, key in spans]
    entities = [Entity(k, k, "PERSON") for k in ("Ann Cole", "Tom Cole")]
    (quote,) = extract_quotes(doc, mentions, entities)
    assert (quote.speaker, quote.speaker_text) == ("Ann Cole", "she")


@pytest.mark.model
def test_speaker_words_keep_a_quoted_title(nlp) -> None:
    """The speaker's appositive runs through a short quoted title instead of stopping at it."""
    text = ("Tom Baker, the author of “Cheap Seats,” a history of the league, said the owners "
            "were “running out of patience with the city.”")
    doc = nlp(text)
    quote = [q for q in extract_quotes(doc, *simple_entities(doc)) if q.kind != "scare"][0]
    assert quote.speaker == "Baker"
    assert "Cheap Seats" in (quote.speaker_text or ""), quote


# --- bare surnames the parser mis-tagged (briefgen.quotes.names) ------------------------------


def _hand_entities(text: str, names: list[str]) -> tuple[list[Mention], list[Entity]]:
    """Mentions of each full name in ``text`` only: the bare surnames are left for the rule."""
    mentions = [Mention(m.start(), m.end(), n, n) for n in names
                for m in re.finditer(re.escape(n), text)]
    return mentions, [Entity(n, n, "PERSON") for n in names]


#: (text, full names the entity pass found, quoted words, expected speaker key or None).
BARE_SURNAMES = [
    # The surname is an English word the tagger reads as a modal ("Will wrote").
    ("The columnist George Will attacked the plan on Monday. “The party has lost its way,” "
     "Will wrote.", ["George Will"], "The party has lost its way,", "George Will"),
    # ... or as an adverb after an inverted "said".
    ("“It was a mistake and everyone knows it,” said Skelly, explaining why he quit. Bill "
     "Skelly ran the data team.", ["Bill Skelly"], "It was a mistake and everyone knows it,",
     "Bill Skelly"),
    # A line-opening cue with no subject of its own before a colon: the name before the colon.
    ("Roger Stone spoke on the radio on Monday.\n\nContinued Stone: “I think the machines can "
     "be rigged.”", ["Roger Stone"], "I think the machines can be rigged.", "Roger Stone"),
    # Negative: two people bear the surname, so the bare word names neither of them.
    ("Bill Clinton and Hillary Clinton arrived. “We are here to stay,” Clinton said.",
     ["Bill Clinton", "Hillary Clinton"], "We are here to stay,", None),
]


@pytest.mark.model
@pytest.mark.parametrize(("text", "names", "quoted", "speaker"), BARE_SURNAMES)
def test_bare_surname_speakers(nlp, text, names, quoted, speaker) -> None:
    doc = nlp(text)
    quotes = extract_quotes(doc, *_hand_entities(text, names))
    (q,) = [q for q in quotes if q.text == quoted]
    assert q.speaker == speaker, q


def test_surname_owners() -> None:
    people = [Entity(n, n, "PERSON") for n in ("George Will", "Bill Clinton", "Hillary Clinton",
                                              "Cher", "Stated Stone", "Roger Stone")]
    # A verb glued to a surname by the model ("Stated Stone") does not make the surname
    # shared; one-word names have no surname; a shared surname has no owner.
    assert surname_owners([*people, Entity("Will Corp", "Will Corp", "ORG")]) == {
        "Will": "George Will", "Stone": "Roger Stone"}


@pytest.mark.model
def test_bare_surnames_skip_other_names_and_sentence_openers(nlp) -> None:
    text = ("George Will spoke. Will Rogers was quoted. Will they listen? Later, Will wrote "
            "again.")
    doc = nlp(text)
    found = bare_surnames(doc, *_hand_entities(text, ["George Will"]))
    # Only the last "Will": the others are part of another name or open a question.
    assert [(m.start, m.entity) for m in found] == [(text.rindex("Will"), "George Will")]


DASH_LABELS = [
    ("Polls did predict the race - Ann Lee: “", "Ann Lee"),
    ("Turnout was high — Pollster: “", "Pollster"),
    ("Estimates are shaky -- Michael P. Lee:  “", "Michael P. Lee"),
    # Negative: a heading in capitals, a dash with no colon, a colon with no dash, a long run.
    ("Polls were wrong - UPDATE: “", None),
    ("Polls were wrong - Ann Lee said “", None),
    ("Ann Lee said: “", None),
    ("It was - As Far As The Eye Could See: “", None),
]


@pytest.mark.parametrize(("lead", "name"), DASH_LABELS)
def test_dash_label(lead: str, name: str | None) -> None:
    text = f"Intro paragraph.\n\n{lead}We won.”"
    lo = text.index(lead)
    found = dash_label(text, lo, lo + len(lead) - 1)
    assert (text[found[0] : found[1]] if found else None) == name


@pytest.mark.model
def test_dash_label_outranks_the_summary_cue(nlp) -> None:
    """The summary before the dash has its own cue ("polls did predict"); the label speaks."""
    text = ("But polls did predict the result - Ann Lee: “Most pollsters did much better with the "
            "Democratic results this time.”")
    doc = nlp(text)
    (quote,) = extract_quotes(doc, *_hand_entities(text, ["Ann Lee"]))
    assert (quote.speaker, quote.speaker_text, quote.kind) == ("Ann Lee", "Ann Lee", "full")
