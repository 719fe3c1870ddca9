"""From a speech cue to the words naming the speaker, and from those words to an entity.

The small parser often gets the subject of a cue wrong around quotes (inverted "said Sen. X",
appositives, titles cut short, dates taken for subjects); each helper here is one of those
repairs, named, so the order of attempts in :func:`_subject` reads as the policy.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from briefgen.quotes.context import _Ctx, _is_person, _mention_for_token, _nominal, _quote_tokens
from briefgen.quotes.pairing import _Span
from briefgen.quotes.pronouns import _antecedent, _is_description
from briefgen.quotes.rules import (
    APPOSITIVE_REACH,
    BORROW_DEPTH,
    CUE_NOUNS,
    CUE_VERBS,
    FINITE_TAGS,
    GROUP_NOUNS,
    GROUP_PRONOUNS,
    INVERTED_REACH,
    INVERTED_SUBJECT_POS,
    NOT_SPEAKER_ENTS,
    OBJECT_DEPS,
    PERSON_PRONOUNS,
    PERSON_ROLE_NOUNS,
    QUOTE_HANDS_OVER,
    RELATIVE_PRONOUNS,
    SHORT_QUOTE_WORDS,
    SPEAKER_TYPES,
    SUBJECT_DEPS,
    TITLE_REACH,
)

if TYPE_CHECKING:
    from spacy.tokens import Token


def _subject(ctx: _Ctx, verb: Token, after: int | None = None) -> Token | None:
    """The cue's speaker token: its own subject; else a name right before or after it
    ("“...,” Beck joked", "said Starmer"); else the subject of the clause it depends on,
    preferring a governing speech verb ("Trump told X that Y ..., adding ...").  ``after`` is
    the first token after the attributed quote's closing mark when the cue follows it."""
    doc = ctx.doc
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    if agent is not None:
        # "Rubio was asked by moderator Gerard Baker whether ...": the agent speaks.
        obj = next((c for c in agent.children if c.dep_ == "pobj"), None)
        if obj is not None and not ctx.inside[obj.i]:
            return obj
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS and not ctx.inside[c.i]]
    if len(subjects) > 1:
        # A title abbreviation splits one name into two subjects ("said Army Capt. Jane Roe"
        # parsed as "Army Capt" + "Jane Roe"): the one naming a person is the speaker.
        people = [c for c in subjects if _is_person(ctx, c)]
        if people:
            return people[0]
    if subjects:
        # After an inverted verb the subject may be the front of a long title ("said Air
        # Force 1st Lt. Jo Roe"); before the verb it is the whole noun phrase.
        return _person_after_title(ctx, subjects[0]) if subjects[0].i > verb.i else subjects[0]
    if verb.dep_ == "relcl" and _nominal(ctx, verb.head):
        return verb.head
    i = verb.i - 1
    while i >= 0 and not ctx.inside[i] and not _is_person(ctx, doc[i]) and (
        doc[i].pos_ in ("ADV", "AUX", "PART") or doc[i].ent_type_ in NOT_SPEAKER_ENTS
        or (doc[i].pos_ == "ADP" and doc[i + 1].ent_type_ in NOT_SPEAKER_ENTS)
    ):
        # "Lee on Wednesday called ...", "a statement Wednesday saying ...": the date
        # between the speaker and the verb is skipped, never taken for the speaker.
        i -= 1
    if i >= 0 and not ctx.inside[i] and (
        doc[i].pos_ in ("PROPN", "PRON")
        # A name the parser took for another word ("“...,” Will wrote", *Will* a modal),
        # unless it is the object of a verb before ("wants Lee to explain").
        or (_is_person(ctx, doc[i]) and doc[i].dep_ not in OBJECT_DEPS)
    ) and doc[i].dep_ != "poss":
        return doc[i]
    after_quote = i >= 0 and (
        ctx.inside[i] or (doc[i].text == "," and i > 0 and ctx.inside[i - 1])
    )
    no_subject_slot = i < 0 or doc[i].is_punct or doc[i].is_sent_start is True
    named_between = after is not None and any(
        doc[k].pos_ in ("PROPN", "PRON") and not ctx.inside[k] for k in range(after, verb.i)
    )
    if verb.tag_ in FINITE_TAGS and (after_quote or no_subject_slot) and not named_between:
        # A name between the closing mark and the verb is the subject, set off by an
        # appositive ("“...,” Ramos, 58, told AFP"): the name after the verb is its object.
        # Inverted order right after a quote: "“...,” said Sen. Ted Cruz".
        for j in range(verb.i + 1, min(verb.i + 1 + INVERTED_REACH, len(doc))):
            t = doc[j]
            named = _is_person(ctx, t)
            if ctx.inside[j] or (t.pos_ not in INVERTED_SUBJECT_POS and not named):
                break
            if t.dep_ == "poss" or t.tag_ == "POS":
                # "said Lee's adviser, Jo Roe": the owner is not the one speaking.
                continue
            if t.pos_ == "PROPN" or named or (
                after_quote and (t.pos_ == "PRON" or t.lemma_ in PERSON_ROLE_NOUNS)
            ):
                while t.dep_ in ("compound", "flat") and t.head.i > t.i:
                    t = t.head
                return _person_after_title(ctx, t)
    # "“...,” Ramos, 58, told AFP": the first name after the closing mark.
    j = verb.i - 1
    if after is not None and after <= verb.i:
        j = after - 1
    else:
        while j >= 0 and verb.i - j <= APPOSITIVE_REACH and not ctx.inside[j]:
            if doc[j].text in ".;:!?":
                j = -1
                break
            j -= 1
        if j > 0 and ctx.text[doc[j].idx - 1 : doc[j].idx] not in QUOTE_HANDS_OVER:
            # The quote before ends its own sentence ("“...period.” On Saturday, Ann Lee
            # issued ..."): the words after it start a new sentence, not an attribution.
            j = -1
    if j >= 0 and ctx.inside[j] and verb.i - j <= APPOSITIVE_REACH:
        for k in range(j + 1, verb.i):
            if doc[k].ent_type_ in NOT_SPEAKER_ENTS:
                continue
            if doc[k].pos_ in ("PROPN", "PRON") and not ctx.inside[k]:
                t = doc[k]
                while t.dep_ in ("compound", "flat") and t.head.i > t.i and t.head.i < verb.i:
                    t = t.head
                return t
    if verb.dep_ == "acl" and verb.head.lemma_.lower() in CUE_NOUNS:
        # "a statement saying ...": the statement speaks; _resolve finds who issued it.
        return verb.head
    fallback = None
    node, depth = verb, 0
    while node.head.i != node.i and depth < BORROW_DEPTH:
        node, depth = node.head, depth + 1
        subj = next(
            (c for c in node.children if c.dep_ in SUBJECT_DEPS and not ctx.inside[c.i]), None
        )
        if subj is None or subj.ent_type_ in NOT_SPEAKER_ENTS:
            # "released Thursday" parsed with the date as subject: dates never speak.
            continue
        if node.lemma_.lower() in CUE_VERBS:
            return subj
        fallback = fallback or subj
    return fallback


def _person_after_title(ctx: _Ctx, tok: Token) -> Token:
    """``tok``, or the person named right after it when ``tok`` is only the front of a long
    title the parser cut short ("said Air Force 1st Lt. Jo Roe", "mused Blaze co-host Al Li"):
    the title words are not the speaker, the name that ends the run is."""
    if _is_person(ctx, tok):
        return tok
    doc = ctx.doc
    for k in range(tok.i + 1, min(tok.i + 1 + TITLE_REACH, len(doc))):
        t = doc[k]
        prev = doc[k - 1]
        abbrev = t.text == "." and not prev.whitespace_ and prev.text[:1].isupper() and len(
            prev.text) <= 4
        if ctx.inside[k] or t.pos_ in ("VERB", "AUX", "ADP", "SPACE") or (
            t.pos_ == "PUNCT" and t.text != "-" and not abbrev
        ):
            # Only the title's own words: an abbreviation's period is tagged as part of the
            # name ("Lt."), a sentence's final one is punctuation.
            break
        if _is_person(ctx, t):
            while t.dep_ in ("compound", "flat") and t.head.i > t.i and _is_person(ctx, t.head):
                t = t.head
            return t
    return tok


def _speaker_span(ctx: _Ctx, head: Token, lo: int, hi: int) -> tuple[int, int]:
    """Character range of the words naming the speaker: the subject's subtree, cut at any quote
    and at the sentence bounds, without trailing punctuation."""
    sub = [t for t in head.subtree if lo <= t.idx < hi]
    toks = [t for t in sub if not ctx.inside[t.i]]
    idx = {t.i for t in toks}
    if toks:
        # A short quoted title inside the speaker's appositive belongs to it ("Hemsley, the
        # co-author of “Going Viral,” said ..."): the words would otherwise stop at "of".
        span_lo, span_hi = toks[0].idx, toks[-1].idx
        for s in ctx.spans:
            if span_lo < s.open_start and s.close_end <= span_hi and len(
                ctx.text[s.start : s.end].split()
            ) <= SHORT_QUOTE_WORDS:
                idx.update(t.i for t in sub if s.open_start <= t.idx < s.close_end)
    first = last = head.i
    while first - 1 in idx:
        first -= 1
    while last + 1 in idx:
        last += 1
    doc = ctx.doc
    while last > first and doc[last].is_punct and doc[last].text != ")":
        last -= 1
    while first < last and doc[first].is_punct:
        first += 1
    if last > first and doc[last].lower_ in ("’s", "'s", "’", "'"):
        last -= 1
    return doc[first].idx, doc[last].idx + len(doc[last].text)


def _entity_in(ctx: _Ctx, lo: int, hi: int, head: Token) -> str | None:
    """The entity named by the speaker words: the mention covering the head; for a role or
    document noun ("Starmer’s remarks", "a spokesman for the Trump campaign") the best
    speaker-typed mention among its dependents."""
    m = _mention_for_token(ctx, head)
    if m is not None and ctx.types.get(m.entity) in SPEAKER_TYPES:
        return m.entity
    lemma = head.lemma_.lower()
    if lemma not in PERSON_ROLE_NOUNS and lemma not in CUE_NOUNS and lemma not in GROUP_NOUNS:
        return None
    best: tuple[int, int, str] | None = None
    i = bisect.bisect_left(ctx.mention_starts, lo)
    while i < len(ctx.mentions) and ctx.mentions[i].start < hi:
        mm = ctx.mentions[i]
        t = ctx.types.get(mm.entity)
        if mm.end <= hi and t in SPEAKER_TYPES:
            rank = (SPEAKER_TYPES.index(t), mm.start)
            if best is None or rank < best[:2]:
                best = (*rank, mm.entity)
        i += 1
    return best[2] if best else None


def _clause_subject(ctx: _Ctx, q: _Span) -> Token | None:
    """Subject of the nearest clause outside the quote that contains it, climbing until one
    names somebody ("Rubio bemoaned a climate in which people “literally hate ...”")."""
    for t in _quote_tokens(ctx, q):
        if t.head.i == t.i or not ctx.inside[t.head.i]:
            node, d = t, 0
            while node.head.i != node.i and d < 10:
                node, d = node.head, d + 1
                if ctx.inside[node.i]:
                    continue
                subj = next(
                    (c for c in node.children if c.dep_ in SUBJECT_DEPS and not ctx.inside[c.i]),
                    None,
                )
                if subj is not None and _names_someone(ctx, subj):
                    return subj
            return None
    return None


def _names_someone(ctx: _Ctx, tok: Token) -> bool:
    """Whether ``tok`` names a possible speaker: a pronoun, a description, a speaker-typed
    mention, or a cue noun whose possessor names one ("his answer")."""
    poss = next((c for c in tok.children if c.dep_ == "poss"), None)
    if tok.lemma_.lower() in CUE_NOUNS and poss is not None and poss.i != tok.i:
        return _names_someone(ctx, poss)
    if tok.lower_ in PERSON_PRONOUNS or _is_description(tok):
        return True
    m = _mention_for_token(ctx, tok)
    return m is not None and ctx.types.get(m.entity) in SPEAKER_TYPES


def _person_subject(ctx: _Ctx, sent) -> Token | None:
    """The last person who is the subject of some clause of ``sent``, outside quotes.

    When the main clause is about something else ("What he meant is unclear, since Lee spoke
    only in slogans. ¶ “...”"), the person acting in a subordinate clause is still the one
    the next, unattributed quote belongs to."""
    found = None
    for t in sent:
        if t.dep_ in SUBJECT_DEPS and not ctx.inside[t.i] and _is_person(ctx, t):
            found = t
    return found


def _climb_subject(ctx: _Ctx, tok: Token) -> Token | None:
    """The subject of the clause the reporter's words before a colon belong to, found by
    climbing the parse from the last word before it.  Needed when the parser makes the quote
    the root of the sentence ("Sanders delivered a retort: “...”" parsed with the quote's verb
    as root): the sentence root is then inside the quote and names nobody."""
    node, depth = tok, 0
    while depth < BORROW_DEPTH and not ctx.inside[node.i]:
        subj = next(
            (c for c in node.children if c.dep_ in SUBJECT_DEPS and not ctx.inside[c.i]), None
        )
        if subj is not None and _names_someone(ctx, subj):
            return subj
        # "Lee has apologized for what happened: “...”": a clause whose subject names nobody
        # hangs from the one whose subject speaks.
        if node.head.i == node.i:
            break
        node, depth = node.head, depth + 1
    return None


def _root_subject(ctx: _Ctx, sent) -> Token | None:
    root = sent.root
    if ctx.inside[root.i]:
        return None
    subj = next((c for c in root.children if c.dep_ in SUBJECT_DEPS), None)
    if subj is not None and not ctx.inside[subj.i] and _names_someone(ctx, subj):
        return subj
    return None


def _resolve(
    ctx: _Ctx, subj: Token | None, lo: int, hi: int, speakers: dict[int, str]
) -> tuple[str | None, str | None]:
    """(entity key, speaker words) for a cue's subject token."""
    if subj is None:
        return None, None
    if subj.lower_ in RELATIVE_PRONOUNS and subj.head.i != subj.i:
        # "Taylor, who said ..." — the relative clause hangs from the antecedent noun.
        rel = subj.head.head if subj.head.dep_ == "relcl" else subj.head
        if rel.pos_ in ("PROPN", "NOUN") and not ctx.inside[rel.i]:
            subj = rel
    if (
        subj.lemma_.lower() in CUE_NOUNS
        and subj.dep_ == "dobj"
        and _mention_for_token(ctx, subj) is None
        and not any(c.dep_ == "poss" for c in subj.children)
    ):
        # "Trump released a statement saying ...": the one who issued it speaks.
        issuer = next((c for c in subj.head.children if c.dep_ in SUBJECT_DEPS), None)
        if issuer is not None and not ctx.inside[issuer.i]:
            subj = issuer
    poss = next((c for c in subj.children if c.dep_ == "poss"), None)
    if subj.lemma_.lower() in CUE_NOUNS and poss is not None and not ctx.inside[poss.i]:
        # "Starmer’s remarks", "his answer", "the senator’s statement": the possessor speaks.
        subj = poss
    s_lo, s_hi = _speaker_span(ctx, subj, lo, hi)
    words = ctx.text[s_lo:s_hi]
    low = subj.lower_
    if low in PERSON_PRONOUNS or _is_description(subj):
        # "she" and "the spokeswoman" need a woman, "he" and "the congressman" a man.
        return _antecedent(ctx, s_lo, ("PERSON",), speakers, subj.lemma_.lower()), words
    if low in GROUP_PRONOUNS:
        key = _antecedent(ctx, s_lo, ("ORG", "GPE", "NORP", "PERSON"), speakers)
        return key, words
    return _entity_in(ctx, s_lo, s_hi, subj), words
