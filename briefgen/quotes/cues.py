"""Speech cues: the verb or phrase in the reporter's words that introduces a quote.

A cue is searched only outside every quote and inside the quote's own sentence (a cue verb
inside quoted words is the speaker's, not the reporter's); the nearest wins, a cue governing
the quote in the parse counting as nearer.  A quote with no cue may still be introduced by a
colon, a dash label or the sentence before it (:func:`_intro_subject`).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import TYPE_CHECKING

from briefgen.quotes.context import _Ctx, _is_person, _quote_tokens, _token_at
from briefgen.quotes.pairing import _Span
from briefgen.quotes.pronouns import _is_description
from briefgen.quotes.rules import (
    ADDRESSEE_PREPS,
    ANCESTOR_BONUS,
    BORROW_DEPTH,
    CUE_NOUNS,
    CUE_PHRASES,
    CUE_VERBS,
    INTRANSITIVE_CUES,
    INTRO_MARKS,
    LABEL_VERBS,
    OBJECT_CUES,
    PHRASAL_CUES,
    REPORTING_CUES,
    STRUCTURAL_REACH,
    STRUCTURAL_SKIP_POS,
    VERB_TAGS,
)
from briefgen.quotes.subjects import (
    _climb_subject,
    _names_someone,
    _person_subject,
    _root_subject,
    _subject,
)

if TYPE_CHECKING:
    from spacy.tokens import Token


@dataclass(frozen=True)
class _Cue:
    words: str
    """The cue as printed ("said", "according to", "ruled out")."""
    anchor: Token
    subject: Token | None
    label: bool = False
    """A labelling verb ("called"): the quote is the author's words, but not a full quote."""


def _outside(ctx: _Ctx, tok: Token | None) -> Token | None:
    return tok if tok is not None and not ctx.inside[tok.i] else None


def _cue_at(ctx: _Ctx, tok: Token, after: int | None = None) -> _Cue | None:
    """The speech cue starting at ``tok``, if any, with its subject."""
    doc = ctx.doc
    for phrase in CUE_PHRASES:
        words = [t.lower_ for t in doc[tok.i : tok.i + len(phrase)]]
        if tuple(words) == phrase:
            last = doc[tok.i + len(phrase) - 1]
            obj = next((c for c in last.children if c.dep_ in ("pobj", "dobj")), None)
            if obj is None and last.i + 1 < len(doc):
                obj = doc[last.i + 1]
            obj = _outside(ctx, obj)
            if obj is None:
                return None
            return _Cue(" ".join(t.text for t in doc[tok.i : last.i + 1]), last, obj)
    if tok.pos_ not in ("VERB", "AUX") and (
        tok.tag_ not in VERB_TAGS or tok.pos_ in ("NOUN", "PROPN", "ADJ")
    ):
        return None
    lemma = tok.lemma_.lower()
    if lemma in PHRASAL_CUES:
        prt = next(
            (c for c in tok.children if c.dep_ in ("prt", "advmod", "prep")
             and c.lower_ == PHRASAL_CUES[lemma] and c.i == tok.i + 1),
            None,
        )
        if prt is None or prt.lower_ != PHRASAL_CUES[lemma]:
            return None
        return _Cue(f"{tok.text} {prt.text}", tok, _subject(ctx, tok, after))
    if lemma in OBJECT_CUES:
        nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
        if nxt is None or nxt.lower_ != OBJECT_CUES[lemma] or nxt.head.i != tok.i:
            return None
        if any(c.dep_ in ("prep", "prt", "dative") for c in tok.children):
            # "put it on the table", "put it off": placing something, not wording it.
            return None
        return _Cue(f"{tok.text} {nxt.text}", tok, _subject(ctx, tok, after))
    if lemma in REPORTING_CUES:
        # "the study found that “...”", "the report found “no evidence ...”" — but not "voters
        # find him “hard to like”", where the quote describes the object.
        if any(c.dep_ == "ccomp" and any(g.dep_ == "mark" for g in c.children)
               or c.dep_ == "dobj" and ctx.inside[c.i] for c in tok.children):
            return _Cue(tok.text, tok, _subject(ctx, tok, after))
        return None
    if lemma in INTRANSITIVE_CUES and any(
        c.dep_ in ("xcomp", "dobj") and not ctx.inside[c.i]
        # The parser sometimes hangs the next paragraph's words on the verb: only a complement
        # in the cue's own paragraph counts.
        and "\n" not in ctx.text[min(tok.idx, c.idx) : max(tok.idx, c.idx)]
        for c in tok.children
    ):
        return None
    if lemma in LABEL_VERBS:
        return _Cue(tok.text, tok, _subject(ctx, tok, after), label=True)
    if lemma in CUE_VERBS or tok.lower_ in ("says", "said"):
        return _Cue(tok.text, tok, _subject(ctx, tok, after))
    return None


def _find_cue(ctx: _Ctx, q: _Span, lo: int, hi: int) -> _Cue | None:
    """The cue for ``q`` among the reporter's words of its sentence.

    The cue nearest to the quote wins, a cue governing it in the parse counting as nearer.
    A verb right after a quote that ends in a comma, ? or ! with a name next to it is a cue
    whatever the verb ("“Go back,” Trump barked").
    """
    doc = ctx.doc
    qtoks = _quote_tokens(ctx, q)
    depth_of: dict[int, int] = {}
    for t in qtoks:
        node, d = t, 0
        while node.head.i != node.i and d < 12:
            node, d = node.head, d + 1
            if not ctx.inside[node.i] and (node.i not in depth_of or depth_of[node.i] > d):
                depth_of[node.i] = d
    a = bisect.bisect_left(ctx.starts, lo)
    b = bisect.bisect_left(ctx.starts, hi)
    found: list[tuple[tuple[int, int], _Cue]] = []
    colon = ctx.text[lo : q.open_start].rstrip().endswith(":")
    for i in range(a, b):
        if ctx.inside[i]:
            continue
        close = bisect.bisect_left(ctx.starts, q.close_end)
        cue = _cue_at(ctx, doc[i], close if i >= close else None)
        if cue is None:
            continue
        if colon and i < close and i not in depth_of and _in_relative_clause(doc[i]):
            # "Lee wrote back, mocking a rival who promised tax cuts: “...”": the cue describes
            # the rival; the quote after the colon is the main clause's.
            continue
        tok = doc[i]
        dist = q.open_start - tok.idx if tok.idx < q.open_start else tok.idx - q.close_end
        # A cue that governs the quote in the parse counts as nearer than one that does not,
        # but not absolutely: the small model's parse of long sentences is often wrong.
        rank = (0, dist // ANCESTOR_BONUS if i in depth_of else dist)
        found.append((rank, cue))
    inner = ctx.text[q.start : q.end].rstrip()
    if not found and inner[-1:] in ",?!—":
        c = bisect.bisect_left(ctx.starts, q.close_end)
        for j in range(c, min(c + STRUCTURAL_REACH, b)):
            t = doc[j]
            if t.pos_ == "VERB":
                subj = _subject(ctx, t, c)
                if subj is not None and (subj.pos_ in ("PROPN", "PRON") or _is_description(subj)):
                    found.append(((2, j - c), _Cue(t.text, t, subj)))
                break
            if t.pos_ not in STRUCTURAL_SKIP_POS or ctx.inside[j] or t.text in ".;:":
                break
    if not found:
        return None
    found.sort(key=lambda f: f[0])
    return found[0][1]


def _intro_subject(ctx: _Ctx, q: _Span, lo: int) -> Token | None:
    """For a quote with no cue in its sentence: the person introducing it.

    A lead ending in a colon names the speaker (the last name before the colon, else the
    clause subject: "Trump leaned in and boomed: “...”"); a quote opening a sentence or a
    paragraph is by the subject of the sentence before it, when that names someone
    ("Valastro praised Christie. ¶ “We need someone ...”").
    """
    doc, text = ctx.doc, ctx.text
    lead = text[lo : q.open_start].rstrip()
    before = lead or text[: q.open_start].rstrip()
    intro = next((m for m in INTRO_MARKS if before.endswith(m)), None)
    if intro is not None and (lead or intro == ":"):
        colon = text.rindex(intro, 0, q.open_start)
        i = _token_at(ctx, colon) - 1
        if i >= 0 and not ctx.inside[i] and _names_someone(ctx, doc[i]) and not _addressee(
            ctx, doc[i]
        ):
            # "Lee: “...”", "From Lee's post: “...”" — but not "a message to Lee: “...”",
            # where the name before the colon is the one spoken to.
            return doc[i]
        sent = doc[_token_at(ctx, colon)].sent
        for t in reversed(sent):
            cue = None if ctx.inside[t.i] or t.idx > colon else _cue_at(ctx, t)
            if cue is not None and cue.subject is not None and not _in_relative_clause(t):
                return cue.subject
        return _root_subject(ctx, sent) or (_climb_subject(ctx, doc[i]) if i >= 0 else None)
    if lead:
        if lead.endswith(","):
            # "Lee issued a statement, “...”", "in a tweet, “...”": a cue noun before the
            # comma introduces the quote; whoever issued it speaks.
            i = _token_at(ctx, text.rindex(",", 0, q.open_start)) - 1
            if i >= 0 and not ctx.inside[i] and doc[i].lemma_.lower() in CUE_NOUNS:
                return _climb_subject(ctx, doc[i])
        return None
    tok = doc[_token_at(ctx, q.open_start)]
    k = bisect.bisect_right([s.start_char for s in ctx.sents], tok.idx) - 1
    plo = ctx.paras[q.para][0]
    prev_plo = ctx.paras[q.para - 1][0] if q.para > 0 else 0
    for j in range(k - 1, max(-1, k - 3), -1):
        sent = ctx.sents[j]
        # The parser may start a sentence with the previous paragraph's closing mark; where
        # the reporter's words start is what counts.
        begin = next((t.idx for t in sent if not (ctx.inside[t.i] or t.is_punct or t.is_space)),
                     sent.start_char)
        if sent.end_char <= prev_plo or (begin < plo and q.open_start != plo):
            break
        if all(ctx.inside[t.i] or t.is_punct for t in sent):
            continue
        return _root_subject(ctx, sent) or _person_subject(ctx, sent)
    return None


def _addressee(ctx: _Ctx, tok: Token) -> bool:
    """Whether ``tok``, right before a colon, is spoken to or about rather than speaking: an
    indirect object, the object of "to" ("a message to Lee:"), or a place or body after a
    preposition ("said Lee was from Ohio:").  A person after a preposition may still be a
    speaker label the parser hung on a headline's words ("... IN OHIO - Ann Lee:")."""
    if tok.dep_ in ("dative", "iobj"):
        return True
    if tok.dep_ != "pobj" or tok.lemma_.lower() in CUE_NOUNS:
        return False
    return tok.head.lower_ in ADDRESSEE_PREPS or not _is_person(ctx, tok)


def _in_relative_clause(tok: Token) -> bool:
    """Whether ``tok`` is inside a clause describing a common noun ("a rival who promised
    ..."): such a cue says who someone is and does not introduce the quote after a colon.
    A clause on a name ("Lee, who told reporters: “...”") does introduce it."""
    node, depth = tok, 0
    while node.head.i != node.i and depth < BORROW_DEPTH:
        if node.dep_ in ("relcl", "acl"):
            return node.head.pos_ != "PROPN"
        node, depth = node.head, depth + 1
    return False
