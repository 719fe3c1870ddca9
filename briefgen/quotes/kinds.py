"""The kind of a quote: ``full`` speech, a ``partial`` phrase in the reporter's sentence, or a
``scare`` quote (a label or title, never someone's words).

Kind decides whether a quote is shown as someone's words at all, so the tests that make a
quote a label (Title Case, a determiner before it, a labelling verb) live together here.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from briefgen.quotes.context import _Ctx, _quote_tokens
from briefgen.quotes.pairing import _Span
from briefgen.quotes.rules import (
    LABEL_MODIFIERS,
    LABEL_WORDS,
    MINOR_TITLE_WORDS,
    SHORT_QUOTE_WORDS,
    SPEECH_LIKE_WORDS,
    SPEECH_PRONOUNS,
)


def _after_determiner(ctx: _Ctx, open_start: int) -> bool:
    """The words before the open mark are a determiner plus modifiers ("a European “...”")."""
    i = bisect.bisect_left(ctx.starts, open_start) - 1
    steps = 0
    while i >= 0 and steps <= LABEL_MODIFIERS:
        tok = ctx.doc[i]
        if ctx.inside[i] or not ctx.inside[tok.head.i]:
            # Only words that modify the quoted noun count ("his staff “did ...”" does not).
            return False
        if tok.dep_ in ("det", "poss") or (tok.pos_ == "DET" and tok.dep_ != "mark"):
            return True
        if tok.pos_ not in ("ADJ", "PROPN", "NOUN", "NUM"):
            return False
        i -= 1
        steps += 1
    return False


def _title_case(words: Sequence[str]) -> bool:
    """Every word capitalised except short function words ("Meet the Press")."""
    content = [w for w in words if w.lower() not in MINOR_TITLE_WORDS]
    return bool(content) and all(w[:1].isupper() for w in content)


def _speech_like(ctx: _Ctx, q: _Span) -> bool:
    """Words that read as someone's speech rather than a label or title: a verb, a first or
    second person pronoun, sentence punctuation, or length — and not Title Case."""
    toks = [t for t in _quote_tokens(ctx, q) if not t.is_punct]
    if not toks:
        return False
    words = [t for t in toks if t.is_alpha]
    if len(words) > 1 and all(t.text[:1].isupper() for t in words if t.lower_ not in
                              MINOR_TITLE_WORDS):
        return False
    inner = ctx.text[q.start : q.end].rstrip()
    return (
        any(t.pos_ in ("VERB", "AUX") for t in toks)
        or any(t.lower_ in SPEECH_PRONOUNS for t in toks)
        or (len(toks) > 1 and inner[-1:] in ".!?")
        or len(toks) > SPEECH_LIKE_WORDS
    )


def _quote_kind(ctx: _Ctx, q: _Span, lo: int, has_cue: bool, label_verb: bool) -> str:
    """``full`` for a sentence or more, ``partial`` for a phrase in the reporter's sentence,
    ``scare`` for a label with no speech context."""
    text = ctx.text
    inner = text[q.start : q.end].strip()
    words = inner.split()
    lead = text[lo : q.open_start].rstrip()
    punctuated = bool(re.search(r"[,.;:!?]", inner))
    preceded = lead.split()[-1].lower() if lead.split() else ""
    if preceded.strip("“”\"'‘’") in LABEL_WORDS and len(words) <= SHORT_QUOTE_WORDS:
        return "scare"
    if len(words) <= SHORT_QUOTE_WORDS and not punctuated and _title_case(words):
        # “Meet the Press”, “Ted Cruz” pins: a title or name in quotes is not speech.
        return "scare"
    sentence_start = not lead or lead[-1] in ":—–-" or (
        lead[-1] == "," and (inner[:1].isupper() or inner[:1] in "“‘\"'")
    )
    short_label = label_verb and len(words) <= SHORT_QUOTE_WORDS
    if (
        sentence_start
        and len(words) > 1
        and not short_label
        and (has_cue or punctuated or len(words) > SHORT_QUOTE_WORDS)
    ):
        return "full"
    if not has_cue:
        return "scare"
    if (
        len(words) <= SHORT_QUOTE_WORDS
        and not punctuated
        and not label_verb
        and _after_determiner(ctx, q.open_start)
    ):
        # "a European “coalition of the willing” to protect ...": a noun used as a label.
        return "scare"
    return "partial"
