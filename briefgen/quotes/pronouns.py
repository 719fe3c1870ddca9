"""Pronouns and role descriptions ("he", "the spokeswoman") resolved to an earlier person.

Separate from subject finding because it is the one step that looks back across sentences,
and the one where gender evidence (:mod:`briefgen.quotes.genders`) rules candidates out.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from briefgen.quotes.context import _Ctx, _mention_head
from briefgen.quotes.genders import compatible
from briefgen.quotes.rules import ANTECEDENT_SENTENCES, PERSON_ROLE_NOUNS, SUBJECT_DEPS

if TYPE_CHECKING:
    from spacy.tokens import Token


def _is_description(head: Token) -> bool:
    """A definite description of a person by role: "the spokesman", "the former senator"."""
    if head.pos_ != "NOUN" or head.lemma_.lower() not in PERSON_ROLE_NOUNS:
        return False
    return any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in head.children)


def _antecedent(
    ctx: _Ctx, before: int, types: tuple[str, ...], speakers: dict[int, str], word: str = ""
) -> str | None:
    """Nearest preceding compatible entity for a pronoun/description at ``before``.

    Sentence by sentence backwards: a grammatical subject wins over other mentions of the same
    sentence (the person a passage is about is usually its subject), then the speaker of a
    quote in that sentence, then its first compatible mention.  A person whose gender the
    text makes clear must agree with ``word`` ("she", "the spokesman"): "she" skips a man
    even when he is the nearer subject.
    """
    sents = ctx.sents
    starts = [s.start_char for s in sents]
    si = bisect.bisect_right(starts, before) - 1
    for k in range(si, max(-1, si - ANTECEDENT_SENTENCES), -1):
        sent = sents[k]
        hi = min(sent.end_char, before)
        spoke = [key for pos, key in speakers.items() if sent.start_char <= pos < sent.end_char
                 and ctx.types.get(key) in types and compatible(word, ctx.genders.get(key))]
        cands: list[tuple[int, int, str]] = []
        i = bisect.bisect_left(ctx.mention_starts, sent.start_char)
        while i < len(ctx.mentions) and ctx.mentions[i].start < hi:
            m = ctx.mentions[i]
            i += 1
            key = m.entity
            if ctx.types.get(key) not in types:
                continue
            if not compatible(word, ctx.genders.get(key)):
                # "Clinton ... she": the surname went to the wrong Clinton; the one namesake
                # the text shows to be a woman is meant.
                fits = [k for k in ctx.namesakes.get(key, ())
                        if ctx.genders.get(k) and compatible(word, ctx.genders[k])]
                if len(fits) != 1:
                    continue
                key = fits[0]
            head = _mention_head(ctx, m)
            if ctx.inside[head.i]:
                continue
            subj = head.dep_ in SUBJECT_DEPS or (
                head.dep_ in ("compound", "appos", "poss", "conj")
                and head.head.dep_ in SUBJECT_DEPS
            )
            cands.append((0 if subj else 1, m.start, key))
        if cands and min(cands)[0] == 0:
            return min(cands)[2]
        if spoke:
            return spoke[-1]
        if cands:
            return min(cands)[2]
    return None
