"""The per-document view the attribution passes share: tokens, mentions, sentences.

One :class:`_Ctx` is built per document so every helper bisects the same sorted offsets instead
of rescanning the ``Doc``; the reporter's sentence around a quote is decided here once, because
both cue search and kind depend on where that sentence starts and ends.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from briefgen.model import Mention
from briefgen.quotes.pairing import _Span
from briefgen.quotes.rules import SENTENCE_END

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


@dataclass
class _Ctx:
    """Per-document indexes shared by the attribution helpers."""

    doc: Doc
    spans: list[_Span]
    inside: list[bool]
    """Per token: within some quote (marks included)."""
    mention_starts: list[int]
    mentions: list[Mention]
    types: dict[str, str]
    paras: list[tuple[int, int]]
    starts: list[int]
    """Character offset of every token, for bisecting."""
    sents: list
    """The parser's sentences, for antecedent search."""
    text: str = ""
    """``doc.text``, kept because spaCy rebuilds it on every access."""
    genders: dict[str, str] = field(default_factory=dict)
    """PERSON entity key -> gender where the text gives evidence (see briefgen.quotes.genders)."""
    namesakes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """PERSON entity key -> the other people of the text with the same surname."""


def _token_at(ctx: _Ctx, char: int) -> int:
    """Index of the token containing ``char``."""
    return max(bisect.bisect_right(ctx.starts, char) - 1, 0)


def _mention_for_token(ctx: _Ctx, tok: Token) -> Mention | None:
    i = bisect.bisect_right(ctx.mention_starts, tok.idx) - 1
    while i >= 0:
        m = ctx.mentions[i]
        if m.start <= tok.idx < m.end:
            return m
        if m.end <= tok.idx and tok.idx - m.start > 200:
            break
        i -= 1
    return None


def _sentence_bounds(ctx: _Ctx, q: _Span) -> tuple[int, int]:
    """Character range of the reporter's sentence around ``q``: from the last sentence end
    outside quotes before it to the next one after it, within its paragraph."""
    text = ctx.text
    plo, phi = ctx.paras[q.para]
    lo = plo
    for s in ctx.spans:
        if s.para == q.para and s.close_end <= q.open_start and _ends_sentence(text, s, phi):
            lo = max(lo, s.close_end)
    for m in _SENT_END.finditer(text, plo, q.open_start):
        if not _inside_any(ctx, m.start()):
            lo = max(lo, m.end())
    hi = phi
    if q.unclosed or _ends_sentence(text, q, phi):
        hi = q.close_end
    else:
        pos = q.close_end
        for m in _SENT_END.finditer(text, q.close_end, phi):
            if not _inside_any(ctx, m.start()):
                hi = min(hi, m.end())
                break
        for s in ctx.spans:
            # The sentence goes on through later quotes; stop at one that ends it.
            if (
                s.para == q.para
                and pos <= s.open_start < hi
                and _ends_sentence(text, s, phi)
            ):
                hi = min(hi, s.close_end)
                break
    return lo, hi


#: A sentence-final mark outside quotes, followed by a space and not part of an abbreviation
#: like "Mr." or "U.S." (one capital or a short capitalised word before the period).
_SENT_END = re.compile(
    r"(?<!\b[A-Z])(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSen)(?<!\bRep)(?<!\bGov)"
    r"(?<!\bSt)(?<!\bJr)(?<!\bSr)(?<!\bGen)(?<!\bLt)(?<!\bCol)(?<!\bRev)(?<!\bProf)"
    r"(?<!\bNo)(?<!\bvs)(?<!\bInc)(?<!\bCo)(?<!\bCorp)(?<!\bPres)(?<!\bSgt)(?<!\bCapt)"
    r"[.!?]+(?=\s+[“‘\"'(A-Z0-9]|\s*$)"
)


def _ends_sentence(text: str, s: _Span, phi: int) -> bool:
    """A quote whose own words end with . ! ? and that is followed by a new sentence."""
    inner = text[s.start : s.end].rstrip()
    if not inner or inner[-1] not in SENTENCE_END:
        return False
    if inner[-1] in "?!" and _CUE_START.match(text, s.close_end):
        # “Why now?” Trump asked. — the attribution follows a question or exclamation.
        return False
    rest = text[s.close_end : phi].lstrip()
    return not rest or rest[0].isupper() or rest[0] in "“‘\"'«"


#: What follows a quote ending in ? or ! when the attribution comes next: a name or pronoun
#: and a verb, or a verb and a name ("“Why?” she asked", "“No!” shouted Cole").
_CUE_START = re.compile(r"\s*(?:[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3}|he|she|they|it|we|I)"
                        r"(?:,[^.!?]{0,120},)?\s+[a-z]+|\s*[a-z]+(?:ed|s)\s+[A-Z]")


def _inside_any(ctx: _Ctx, char: int) -> bool:
    return any(s.open_start <= char < s.close_end for s in ctx.spans)


def _nominal(ctx: _Ctx, tok: Token) -> bool:
    return not ctx.inside[tok.i] and tok.pos_ in ("PROPN", "PRON", "NOUN")


def _is_person(ctx: _Ctx, tok: Token) -> bool:
    m = _mention_for_token(ctx, tok)
    return m is not None and ctx.types.get(m.entity) == "PERSON"


def _mention_head(ctx: _Ctx, m: Mention) -> Token:
    return ctx.doc[_token_at(ctx, max(m.end - 1, m.start))]


def _quote_tokens(ctx: _Ctx, q: _Span) -> list[Token]:
    a = bisect.bisect_left(ctx.starts, q.start)
    b = bisect.bisect_left(ctx.starts, q.end)
    return [ctx.doc[i] for i in range(a, b)]


def _sentences(doc: Doc) -> list:
    """The parser's sentences; the whole text as one when the pipeline sets none (a blank
    pipeline in tests), so attribution degrades instead of raising."""
    if doc.has_annotation("SENT_START") or doc.has_annotation("DEP"):
        return list(doc.sents)
    return [doc[:]] if len(doc) else []
