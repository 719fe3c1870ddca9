"""What an entity is: its type, whether it is kept at all, and the name a reader sees.

The type is decided by :data:`TYPE_RULES`, an ordered table: the first rule that decides wins,
so the order of the table is the policy.  A curated entry first, then evidence from the name
itself ("... Summit", "... Act") and from the text ("Founder Jo Bond", "a Eurofighter"),
then the mentions' vote, corrected by gazetteers where the small model is known to be wrong
("Kyiv" typed as a person).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from briefgen.entities.acronyms import _singular_text
from briefgen.entities.candidates import _Cand
from briefgen.entities.cluster import _personal_use
from briefgen.entities.gazetteer import (
    _big_place,
    _country,
    _given_names,
    _is_title,
    lookup_place,
    us_state_of_abbreviation,
)
from briefgen.entities.lexicon import (
    _ACRONYM,
    CITY_OVERRULES_PERSON,
    EVENT_NAME_ENDINGS,
    FAC_NAME_ENDINGS,
    GUARDED_NAME_ENDINGS,
    LAW_NAME_ENDINGS,
    ORG_NAME_ENDINGS,
    PLACE_TYPES,
    WORK_NAME_ENDINGS,
)
from briefgen.entities.lone import _person_noun
from briefgen.entities.names import fold, person_parts, type_rank
from briefgen.entities.repairs import _headline_ranges
from briefgen.entities.roles import _roles
from briefgen.entities.shapes import counted_plural, cut_short
from briefgen.entities.sport import sports_report
from briefgen.entities.things import thing_cue
from briefgen.model import GlossaryEntry
from briefgen.nlp import dictionary_words

if TYPE_CHECKING:
    from spacy.tokens import Doc


class _Votes:
    """The evidence a cluster's mentions give about its type, computed once per cluster.

    ``words`` is the pipeline's English word list (``nlp.dictionary_words``), None when
    unknown (then no rule reads it); ``doc`` the parsed article, for evidence around the
    mentions (None in table tests, whose candidates point at no tokens).
    """

    def __init__(self, members: list[_Cand], gentry: GlossaryEntry | None,
                 words: frozenset[str] | None = None, doc: Doc | None = None) -> None:
        self.members = members
        self.gentry = gentry
        self.words = words
        self.doc = doc
        self.votes = Counter(c.label for c in members if c.label)
        self.forms = {c.text for c in members}

    @cached_property
    def best(self) -> str:
        """The type most mentions voted for; ties go by :data:`names.TYPE_ORDER`."""
        return min(self.votes, key=lambda t: (-self.votes[t], type_rank(t)))

    @cached_property
    def company(self) -> bool:
        return any(c.company for c in self.members)

    @cached_property
    def place_votes(self) -> int:
        return self.votes.get("GPE", 0) + self.votes.get("LOC", 0)


#: What a rule returns to drop the cluster: it names nothing a glossary should list.
NO_TYPE = ""


def _curated(v: _Votes) -> str | None:
    return v.gentry.type if v.gentry is not None and v.gentry.type else None


def _no_vote(v: _Votes) -> str | None:
    return NO_TYPE if not v.votes else None


def _work(v: _Votes) -> str | None:
    return "WORK_OF_ART" if any(c.work for c in v.members) else None


def _team_sheet(v: _Votes) -> str | None:
    return "PERSON" if any(c.lineup for c in v.members) else None


def _team(v: _Votes) -> str | None:
    return "ORG" if any(c.team for c in v.members) else None


def _cut_short(v: _Votes) -> str | None:
    """A name every mention of which the model cut short ("Kestrel Rangers"): left out.

    Only a "person" or a "body": a place or a nationality before a capitalised word is
    named all the same ("Varnby Democrats", "Freedonian Open"), and wire copy capitalises
    the word after a country ("U.S. Soybean contracts").
    """
    doc = v.doc
    if doc is None or not v.votes or v.best not in ("PERSON", "ORG") \
            or any(_country(f) or lookup_place(f) for f in v.forms):
        return None
    headlines = _headline_ranges(doc.text)
    return NO_TYPE if all(cut_short(doc, c, headlines) for c in v.members) else None


def _counted_plural_body(v: _Votes) -> str | None:
    """A "body" every mention of which is counted ("the two Houses"): a class, left out."""
    doc = v.doc
    if doc is None or v.best != "ORG" or any(c.company or c.pinned for c in v.members):
        return None
    return NO_TYPE if all(counted_plural(doc, c) for c in v.members) else None


def _name_ending(v: _Votes) -> str | None:
    if v.votes.keys() & PLACE_TYPES or _surname_like_ending(v):
        return None
    for f in sorted(v.forms):
        last = fold(f.split()[-1]) if len(f.split()) >= 2 else ""
        for endings, etype in _ENDING_TYPES:
            if last in endings:
                return etype
    return None


def _guarded_ending(v: _Votes) -> str | None:
    """"Varnby Park" typed ORG is the ground; "Mara Hall" stays a person (a given name)."""
    if v.votes.keys() & PLACE_TYPES:
        return None
    for f in sorted(v.forms):
        words = f.split()
        etype = GUARDED_NAME_ENDINGS.get(fold(words[-1])) if len(words) >= 2 else None
        # A title opening it is no given name ("General Election", "King Park"), unless a
        # mention was typed a person ("General Park said").
        if etype is not None and (fold(words[0]) not in _given_names()
                                  or _is_title(words[0]) and "PERSON" not in v.votes):
            return etype
    return None


def _surname_like_ending(v: _Votes) -> bool:
    """"Wayne Bridge ... Bridge said": a person whose surname is a name ending.

    Every mention typed PERSON, a known given name before the ending word, and the ending
    word alone as a mention of the same person: then the ending is a surname.
    """
    if set(v.votes) != {"PERSON"}:
        return False
    for f in v.forms:
        words = f.split()
        if len(words) == 2 and fold(words[0]) in _given_names() and words[1] in v.forms:
            return True
    return False


#: Name endings in the order they are tried on each form ("... Cup Act" is a law).
_ENDING_TYPES = ((EVENT_NAME_ENDINGS, "EVENT"), (WORK_NAME_ENDINGS, "WORK_OF_ART"),
                 (LAW_NAME_ENDINGS, "LAW"), (FAC_NAME_ENDINGS, "FAC"), (ORG_NAME_ENDINGS, "ORG"))


def _body_appositive_rule(v: _Votes) -> str | None:
    if v.best == "ORG" or not any(c.body_noun for c in v.members) or any(
            c.personal or c.lineup or fold(c.text.split()[0]) in _given_names()
            for c in v.members):
        return None
    return "ORG"


def _which_thing(v: _Votes) -> str | None:
    """"Harrow Fenwick, which ...": no person, whatever the vote; the best other vote, else a
    body (a firm, a shop or a charity named after its founder)."""
    if v.best != "PERSON" or not any(c.which for c in v.members):
        return None
    others = [t for t in v.votes if t != "PERSON"]
    return min(others, key=lambda t: (-v.votes[t], type_rank(t))) if others else "ORG"


def _titled_person(v: _Votes) -> str | None:
    return "PERSON" if any(c.label == "PERSON" and c.roles and person_parts(c.text)
                           for c in v.members) else None


def _common_words_person(v: _Votes) -> str | None:
    if v.words is None or any(c.roles or c.personal for c in v.members):
        return None
    # Written as a person is ("Defence Secretary Ash Potter", "Potter said"): whose given
    # name the list lacks.
    doc = v.doc
    if doc is not None and any(
            c.tok_start >= 0 and (_personal_use(doc, c) or _roles(doc, c, "PERSON")
                                  or c.tok_start > 0 and _person_noun(doc[c.tok_start - 1]))
            for c in v.members):
        return None
    full = [c for c in v.members if c.label and len(c.text.split()) >= 2]
    if not full or 2 * sum(c.label == "PERSON" for c in full) < len(full):
        return None
    for c in full:
        words = c.text.split()
        if fold(words[0]) in _given_names() or not all(
                w.isalpha() and len(w) > 1 and w.lower() in v.words for w in words):
            return None
    return "ORG" if v.company else NO_TYPE


def _place_after_name(v: _Votes) -> str | None:
    """"Kestrel London" typed PERSON: a body's branch or edition named by its city.

    Every mention typed PERSON is of two or more words, the last a country or a city of a
    million people, the first no known given name and no title: a big place is rarely a
    surname behind a word that is no given name.  The vote's "person" becomes the body.
    """
    if set(v.votes) != {"PERSON"} or any(c.roles or c.personal for c in v.members):
        return None
    for f in v.forms:
        words = f.split()
        if len(words) < 2 or fold(words[0]) in _given_names() or _is_title(words[0]):
            return None
        place = lookup_place(words[-1])
        if _country(words[-1]) is None and (
                place is None or place.population < CITY_OVERRULES_BODY):
            return None
    return "ORG"


#: Verbs a quote's speaker follows in wire style ('"...," said Jo Bond of Kestrel Bank').
SAYING_VERBS = frozenset({"said", "says", "added", "adds"})


def _speaker_of_body(v: _Votes) -> str | None:
    """'"...," said Jo Bond of Kestrel Bank': the name after the quote's verb is the speaker.

    A "body" of two or three capitalised words (no acronym, no body's ending word), one
    mention of which stands right after a verb of saying that follows a quote or a comma,
    and is followed by "of" and a capitalised name: the speaker, and the body is the name
    after "of".
    """
    doc = v.doc
    if doc is None or v.best != "ORG" or v.company:
        return None
    for c in v.members:
        i, j, words = c.tok_start, c.tok_end, c.text.split()
        if i < 2 or j + 1 >= len(doc) or not 2 <= len(words) <= 3 or any(
                not (w.isalpha() and w.istitle()) for w in words) \
                or fold(words[-1]) in ORG_NAME_ENDINGS:
            continue
        if doc[i - 1].lower_ in SAYING_VERBS and (doc[i - 2].is_punct or doc[i - 2].is_quote) \
                and doc[j].lower_ == "of" and doc[j + 1].text[:1].isupper():
            return "PERSON"
    return None


def _full_name_vote(v: _Votes) -> str | None:
    full_votes = Counter(c.label for c in v.members if c.label and len(c.text.split()) >= 2)
    if full_votes and 2 * full_votes["PERSON"] >= sum(full_votes.values()) and any(
            c.label == "PERSON" and person_parts(c.text) for c in v.members):
        return "PERSON"
    return None


def _lowercase_expansion(v: _Votes) -> str | None:
    for c in v.members:
        if c.expansion and c.text[:1].islower() and c.label:
            return c.label
    return None


def _instance(v: _Votes) -> str | None:
    if any(c.instance for c in v.members) and not v.votes.keys() & {"PERSON", "GPE", "LOC"}:
        return "PRODUCT"
    return None


def _country_form(v: _Votes) -> str | None:
    place = None
    for f in sorted(v.forms):
        place = _country(f)
        if place:
            break
    if place is not None and v.votes.get("NORP", 0) < sum(v.votes.values()):
        return "GPE"
    return None


def _firm_named_after_person(v: _Votes) -> str | None:
    return "ORG" if v.best == "PERSON" and v.company else None


def _city_typed_body(v: _Votes) -> str | None:
    """"Copenhagen" typed ORG: the model's guess for a city it does not know well.

    Only a one-word name, every vote ORG, no firm cue, a city of a million people or more,
    and not in a sports report (where a city's name is its club).
    """
    if set(v.votes) != {"ORG"} or v.company or any(len(f.split()) > 1 for f in v.forms):
        return None
    if v.doc is not None and sports_report(v.doc):
        return None
    for f in sorted(v.forms):
        p = lookup_place(f)
        if p is not None and p.country is None and p.population >= CITY_OVERRULES_BODY:
            return p.type
    return None


#: A city this big is what its bare name means even when the model typed a body; smaller
#: namesakes are firms as often ("Hitachi", "Suez", "Duran": cities, a firm, a band).
CITY_OVERRULES_BODY = 1_000_000


def _given_name(v: _Votes) -> str | None:
    if v.best != "PERSON" and not v.company and any(c.personal for c in v.members):
        return "PERSON"
    return None


def _capital_typed_person(v: _Votes) -> str | None:
    if v.best == "PERSON" and all(len(f.split()) == 1 for f in v.forms):
        for f in sorted(v.forms):
            p = lookup_place(f)
            if p is not None and (p.country or p.population >= CITY_OVERRULES_PERSON):
                return p.type
    return None


def _the_before_lone_person(v: _Votes) -> str | None:
    """"the Zorbatrix", "as the Zorbatrix passes": a one-word "person" every mention of which
    heads a phrase opened by "the" is no person.

    English puts no article before a person's name; the model's lone "persons" written so
    are nationalities, movements, bills and bodies.  A plural name is a family ("the
    Okafors"); a name before a noun only describes it ("the Okafor campaign"), and "the"
    belongs to the noun.  What it is instead the other votes guess no better (a nationality
    typed a body): the entry is left out.
    """
    doc = v.doc
    if doc is None or v.best != "PERSON" or any(len(f.split()) > 1 or f.endswith("s")
                                                for f in v.forms):
        return None
    if any(c.roles or c.personal or c.lineup for c in v.members):
        return None
    for c in v.members:
        tokens = c.token_range(doc)
        if tokens is None:
            return None
        start, end = tokens
        if start == 0:  # nothing before it, so no "the": every mention must have one
            return None
        before = doc[start - 1]
        after = doc[end] if end < len(doc) else None
        # "The" opening a sentence is the same article; mid-sentence it opens a title.
        if not (before.text == "the" or before.text == "The" and before.is_sent_start) \
                or after is not None and after.pos_ in ("NOUN", "PROPN"):
            return None
    return NO_TYPE


def _person_vote_holds(v: _Votes) -> str | None:
    if v.best == "PERSON" and 2 * v.place_votes < v.votes["PERSON"] \
            and not any(_big_place(f) for f in v.forms):
        return "PERSON"
    return None


def _known_place_form(v: _Votes) -> str | None:
    if v.best in ("PERSON", "ORG") and v.place_votes and any(lookup_place(f) for f in v.forms):
        return max(("GPE", "LOC"), key=lambda t: v.votes.get(t, 0))
    return None


def _uncued_work(v: _Votes) -> str | None:
    """A "work" or "product" only the small model's label says is one: left out.

    The model gives these labels to bands, firms, places and stray capitalised words far more
    often than to titles ("Zorbatrix" typed WORK_OF_ART is most often a band); a real title is
    usually set in quotes or italics, or named beside "film", "album", "phone" ...
    """
    if v.best not in ("PRODUCT", "WORK_OF_ART") \
            or any(c.work or c.instance or c.expansion for c in v.members):
        return None
    doc = v.doc
    if doc is not None and any(thing_cue(doc, c) for c in v.members):
        return None
    return NO_TYPE


def _vote(v: _Votes) -> str | None:
    return v.best


@dataclass(frozen=True)
class TypeRule:
    """One reason a cluster has a type; ``decide`` returns it, or None to pass."""

    name: str
    decide: Callable[[_Votes], str | None]
    reason: str


#: The type rules in the order they are asked; the first answer wins.  Evidence the small
#: model cannot weigh comes before its vote; the vote's known mistakes are corrected after it.
TYPE_RULES: tuple[TypeRule, ...] = (
    TypeRule("curated", _curated, "the curated glossary's type wins over everything"),
    TypeRule("no-vote", _no_vote, "mentions found by string match alone vote for nothing"),
    TypeRule("work", _work, 'a title in quotes or after "the film" is a work'),
    TypeRule("team-sheet", _team_sheet, "a name in a team sheet is a player"),
    TypeRule("team", _team, 'a place that plays in a sports report is the side ("Varnby beat")'),
    TypeRule("cut-short", _cut_short,
             'a capitalised word right after every mention ("Kestrel Rangers"): a piece of a'
             ' longer name, its type unknown; left out'),
    TypeRule("counted-plural-body", _counted_plural_body,
             'a "body" in the plural after a number ("the two Houses", "six Varnies") names'
             ' things of a class: left out'),
    TypeRule("name-ending", _name_ending,
             'no place vote and a name ending that says what it is ("... Summit", "... Act")'),
    TypeRule("guarded-ending", _guarded_ending,
             'no place vote, no given name first, and a last word that names a site or an'
             ' occasion ("... Park", "... Election")'),
    TypeRule("which-thing", _which_thing,
             '", which" said of the name ("Harrow Fenwick, which ..."): no person, a body'
             ' unless another vote says what'),
    TypeRule("titled-person", _titled_person,
             'a full name typed PERSON behind a title ("Founder Jo Bond") is a person'),
    TypeRule("common-words-person", _common_words_person,
             'a "person" of ordinary words, no given name and nothing written of it as of a'
             ' person ("Best Buy") is no person: a firm if written as one, else left out'),
    TypeRule("body-appositive", _body_appositive_rule,
             '", the steel industry group" after a name: a body, whatever the vote'),
    TypeRule("speaker-of-body", _speaker_of_body,
             '\'"...," said Jo Bond of Kestrel Bank\': the "body" after the verb is the speaker'),
    TypeRule("place-after-name", _place_after_name,
             'a "person" whose last word is a country or a city of a million and whose first'
             ' is no given name ("Kestrel London") is a body'),
    TypeRule("full-name-vote", _full_name_vote,
             'full names are tagged more reliably than a bare surname ("Trump" as ORG)'),
    TypeRule("lowercase-expansion", _lowercase_expansion,
             "a lowercase expansion is a common-noun phrase: its head noun decides"),
    TypeRule("instance", _instance,
             '"a/an" before the name is stronger evidence of a product than an ORG label'),
    TypeRule("country", _country_form, "a form a country gazetteer knows is the country"),
    TypeRule("firm-named-after-person", _firm_named_after_person,
             '"Harrow Fenwick, which ...": a firm named after a person'),
    TypeRule("city-typed-body", _city_typed_body,
             'a one-word "body" that is a big city, outside sports copy, is the city'),
    TypeRule("given-name", _given_name,
             '"Francois Delacroix" typed ORG: a known given name and a surname'),
    TypeRule("capital-typed-person", _capital_typed_person,
             'a one-word "person" a gazetteer knows as a big place is the place ("Kyiv")'),
    TypeRule("the-before-lone-person", _the_before_lone_person,
             'a one-word "person" always written after "the" ("the Zorbatrix") is no person'),
    TypeRule("person-vote-holds", _person_vote_holds,
             "one stray place vote or a small namesake town does not outvote a person"),
    TypeRule("known-place", _known_place_form,
             "a person or body vote beside place votes for a known place is the place"),
    TypeRule("uncued-work", _uncued_work,
             'a work or product only the model says is one, with no quotes, italics or "film",'
             ' "album", "phone" beside it, is left out'),
    TypeRule("vote", _vote, "the type most mentions voted for"),
)


def _decide_type_by(members: list[_Cand], gentry: GlossaryEntry | None,
                    rules: Sequence[TypeRule] = TYPE_RULES,
                    words: frozenset[str] | None = None,
                    doc: Doc | None = None) -> tuple[str | None, str | None]:
    """(type or None, the rule that decided it); ``words``, ``doc`` as for :class:`_Votes`."""
    v = _Votes(members, gentry, words, doc)
    for rule in rules:
        etype = rule.decide(v)
        if etype is not None:
            return etype or None, rule.name
    return None, None


def _decide_type(members: list[_Cand], gentry: GlossaryEntry | None,
                 doc: Doc | None = None) -> str | None:
    """Vote across mentions, then let gazetteers and name structure correct the vote."""
    words = dictionary_words(doc.vocab) if doc is not None else None
    return _decide_type_by(members, gentry, words=words, doc=doc)[0]


#: Letters of the longest word in capitals that is taken for an acronym when it names a body.
ACRONYM_MAX = 6


def _canonical_name(members: list[_Cand], etype: str, gentry: GlossaryEntry | None,
                    root: str, words: frozenset[str] | None = None) -> str:
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
        full = [f for f in counts if person_parts(f)]
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
    # ... and a state's abbreviation ("Ky.") to the state's name.
    normal = [f for f in counts if not _ACRONYM.match(f) and not f.isupper()
              and us_state_of_abbreviation(f) is None] or list(counts)
    singles = {f for f in normal if len(f.split()) == 1}

    def whole(f: str) -> bool:
        # A body's full name over the word it is shortened to ("Greyfield Capital").
        words = f.split()
        return etype == "ORG" and len(words) >= 2 and bool(singles) \
            and all(w in (words[0], words[-1]) for w in singles)

    best = max(normal, key=lambda f: (whole(f), counts[f], -len(f), f))
    if best.isupper() and len(best) > 4:
        place = lookup_place(best)
        # One short word in capitals typed a body, and no word of the word list (``words``),
        # is its acronym ("NAACP", "NASDAQ"), never "Naacp"; a dateline or a wire headline's
        # words ("APPLE", "POLITICO") take their usual case.
        acronym = etype == "ORG" and " " not in best and len(best) <= ACRONYM_MAX \
            and (words is None or best.lower() not in words) \
            and not any(c.signoff for c in members if c.text == best)
        if place:
            best = place.name
        elif not acronym:
            best = best.title()
    return best
