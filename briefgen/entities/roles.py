"""Roles read from the text around a name: "British Prime Minister Kier Starmer", "Trevor
Taylor, director of ... (RUSI)".

A role is a pre-modifier run or an appositive headed by a noun that names a job or a kind of
body; the glossary shows the most informative one a document gives.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from briefgen.entities.candidates import _Cand
from briefgen.entities.gazetteer import _is_honorific, _is_title, _titles
from briefgen.entities.lexicon import _QUOTES, ORG_HEAD_NOUNS, PREMODIFIER_DEPS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


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
        if _is_honorific(tok.text) and i >= 0 and doc[i].text[:1].isupper() \
                and not _is_title(doc[i].text):
            break  # "Varnby Policy Centre Mr Okafor": a name, not a role, ends before "Mr"
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


#: Entity types of words that end like a role noun and name no job ("German", "Norman").
NOT_ROLE_TYPES = frozenset({"NORP", "GPE", "LANGUAGE", "LOC"})


def _role_noun(tok: Token) -> bool:
    word = tok.lower_
    if word in _titles() or tok.lemma_.lower() in _titles():
        return True
    # A nationality or a place is no job, whatever its ending ("German" ends like "chairman").
    return (word.endswith(ROLE_SUFFIXES) or word in ORG_HEAD_NOUNS) \
        and tok.ent_type_ not in NOT_ROLE_TYPES


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


#: Appositive heads that only a body takes ("Eurofer, the steel industry group"): the kinds of
#: body, firms' own words, and the words for a group of musicians ("the band Zorbatrix",
#: "Zorbatrix, a trio from ..."), which the small model types as a person or a place.
BODY_APPOSITIVES = frozenset({"company", "firm", "group", "agency", "association", "organisation",
                              "organization", "federation", "union", "charity", "lobby",
                              "body", "manufacturer", "retailer", "bank", "insurer", "carrier",
                              "airline", "brokerage", "chain",
                              "band", "duo", "trio", "quartet", "quintet", "orchestra",
                              "ensemble", "choir"})


def _body_appositive(doc: Doc, c: _Cand) -> bool:
    """", the steel industry group" after the name, or "lobby group" just before it: a kind of
    body, so the name is a body's whatever the model typed (never "head of the group": there
    the head is "head")."""
    if c.tok_start < 0:
        return False
    # "the steelmakers' lobby group Eurofer": the kind of body written just before the name.
    if c.tok_start > 0:
        before = doc[c.tok_start - 1]
        if before.pos_ == "NOUN" and before.text.islower() \
                and before.lemma_.lower() in BODY_APPOSITIVES:
            return True
    for tok in doc[c.tok_start:c.tok_end]:
        for ch in tok.children:
            if ch.dep_ == "appos" and ch.i >= c.tok_end and ch.pos_ == "NOUN" \
                    and ch.text.islower() and ch.lemma_.lower() in BODY_APPOSITIVES:
                return True
    return False


def _which_clause(doc: Doc, c: _Cand) -> bool:
    """"Harrow Fenwick, which ...": a relative clause on "which" said of the name itself.

    English uses "which" of things and bodies and "who" of people, so the name is no person's.
    The clause must hang on the name in the parse, and the name be a clause's subject: after
    "the shop of Jo Bond" or "a letter to Jo Bond" the clause says something of the shop or the
    letter, whatever the parse says.  A mention found by string match (no tokens yet) is
    looked up by its characters.
    """
    tokens = c.token_range(doc)
    if tokens is None:
        return False
    start, end = tokens
    if end + 1 >= len(doc) or doc[end].text != "," or doc[end + 1].lower_ != "which":
        return False
    verb = doc[end + 1].head
    return verb.dep_ == "relcl" and start <= verb.head.i < end \
        and doc[start:end].root.dep_ in ("nsubj", "nsubjpass", "ROOT")


def _informative(role: str) -> tuple[bool, int, int, str]:
    """Rank roles: one with a title word first, then more words; ties go alphabetically."""
    words = [w for w in role.split() if any(ch.isalpha() for ch in w)]
    titled = any(_is_title(w[:1].upper() + w[1:]) for w in words)
    return (titled, len(words), -len(role), role)


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
