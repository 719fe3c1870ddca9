"""Pass 3, attribution: each outermost quote gets a kind, a cue and a resolved speaker.

This module only orders the attempts (signature line, dash label, cue, colon or paragraph
lead, the passage carrying on); the attempts themselves live in the sibling modules.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from briefgen.datelines import dateline_end
from briefgen.model import Entity, Mention, Quote
from briefgen.quotes.context import (
    _SENT_END,
    _Ctx,
    _inside_any,
    _sentence_bounds,
    _sentences,
    _token_at,
)
from briefgen.quotes.cues import _find_cue, _intro_subject
from briefgen.quotes.genders import entity_genders, namesakes
from briefgen.quotes.kinds import _after_determiner, _quote_kind, _speech_like
from briefgen.quotes.names import bare_surnames, dash_label
from briefgen.quotes.pairing import _pair, _paragraphs, _Span
from briefgen.quotes.rules import CARRY_ON_WORDS, SIGNATURE_WORDS
from briefgen.quotes.subjects import _clause_subject, _entity_in, _resolve

if TYPE_CHECKING:
    from spacy.tokens import Doc


def extract_quotes(
    doc: Doc,
    mentions: Sequence[Mention],
    entities: Sequence[Entity],
    *,
    dateline: str | None = None,
) -> tuple[Quote, ...]:
    """Every outermost quotation in ``doc`` with its kind, cue and resolved speaker.

    ``mentions``/``entities`` come from :func:`briefgen.entities.extract_entities` for the same
    text; ``Quote.speaker`` is always one of their keys or None.  Sorted by start offset.
    ``dateline`` is the article's dateline place as its reader found it (``Article.dateline``),
    so quotes and the article agree on it; datelines are found by the shared pattern of
    :mod:`briefgen.datelines` either way (raw text has no reader).
    """
    text = doc.text
    paras = _paragraphs(text)
    spans = _pair(text, paras)
    if not spans:
        return ()
    starts = [t.idx for t in doc]
    inside = [False] * len(doc)
    for s in spans:
        a = bisect.bisect_left(starts, s.open_start)
        b = bisect.bisect_left(starts, s.close_end)
        for i in range(a, b):
            # A token glued to the closing mark ("paranoia,”Clinton") is the reporter's word.
            inside[i] = starts[i] < s.end or starts[i] + len(doc[i]) <= s.close_end
    for lo, hi in paras:
        # A wire dateline ("BELFAST — the UK has vowed ...") is not the sentence's subject,
        # though the parser often makes it one: keep it out of the reporter's words.
        end = dateline_end(text, lo, hi, dateline)
        if end is not None:
            for i in range(bisect.bisect_left(starts, lo), bisect.bisect_left(starts, end)):
                inside[i] = True
    # Bare surnames the parser mis-tagged ("Will wrote", "said Skelly") join their person.
    ms = sorted([*mentions, *bare_surnames(doc, mentions, entities)],
                key=lambda m: (m.start, m.end))
    ctx = _Ctx(
        doc=doc,
        spans=spans,
        inside=inside,
        mention_starts=[m.start for m in ms],
        mentions=ms,
        types={e.key: e.type for e in entities},
        paras=paras,
        starts=starts,
        sents=_sentences(doc),
        text=text,
        genders=entity_genders(text, ms, entities),
        namesakes=namesakes(entities),
    )
    quotes: list[Quote] = []
    speakers: dict[int, str] = {}
    prev: tuple[_Span, Quote] | None = None
    for q in spans:
        quote = _attribute(ctx, q, speakers, prev)
        if quote.speaker is not None:
            speakers[q.open_start] = quote.speaker
        quotes.append(quote)
        if quote.kind != "scare":
            prev = (q, quote)
    return tuple(sorted(quotes, key=lambda x: (x.start, x.end)))


def _continues(ctx: _Ctx, q: _Span, prev: tuple[_Span, Quote] | None) -> Quote | None:
    """The previous quote, when ``q`` carries on its passage: same paragraph, or ``q`` opens
    the next paragraph (news convention for quotes running over several paragraphs)."""
    if prev is None or (prev[1].speaker is None and prev[1].speaker_text is None):
        return None
    p_span, p_quote = prev
    if p_span.para == q.para or (
        p_span.para == q.para - 1 and q.open_start == ctx.paras[q.para][0]
    ):
        return p_quote
    return None


def _attribute(
    ctx: _Ctx, q: _Span, speakers: dict[int, str], prev: tuple[_Span, Quote] | None
) -> Quote:
    text = ctx.text
    lo, hi = _sentence_bounds(ctx, q)
    plo, _ = ctx.paras[q.para]
    inner = text[q.start : q.end]
    strip_lo = q.start + (len(inner) - len(inner.lstrip()))
    strip_hi = q.start + len(inner.rstrip())
    base = dict(start=strip_lo, end=strip_hi, text=text[strip_lo:strip_hi])
    if lo == plo and q.open_start == plo and q.para > 0:
        # A paragraph ending in a colon introduces the quote that makes up the next one.
        pplo, pphi = ctx.paras[q.para - 1]
        if text[pplo:pphi].rstrip().endswith(":"):
            lo = pplo
            for m in _SENT_END.finditer(text, pplo, pphi):
                if not _inside_any(ctx, m.start()):
                    lo = m.end()
    signed = _signature(ctx, q)
    if signed is not None and _quote_kind(ctx, q, lo, False, False) == "full":
        return Quote(**base, kind="full", speaker=signed[0], speaker_text=signed[1])
    label = dash_label(text, plo, q.open_start)
    if label is not None and _quote_kind(ctx, q, lo, True, False) == "full":
        # "... for Republican contests - Ann Lee: “...”": the label names the speaker; a cue
        # in the summary before the dash is the writer's, not the quote's.
        head = ctx.doc[_token_at(ctx, label[1] - 1)]
        key = _entity_in(ctx, label[0], label[1], head)
        return Quote(**base, kind="full", speaker=key, speaker_text=text[label[0] : label[1]])
    cue = _find_cue(ctx, q, lo, hi)
    if cue is not None:
        kind = _quote_kind(ctx, q, lo, True, cue.label)
        if kind == "scare":
            return Quote(**base, kind="scare")
        speaker, words = _resolve(ctx, cue.subject, lo, hi, speakers)
        if speaker is None and words is None and text[lo : q.open_start].rstrip().endswith(":"):
            # A cue with no subject of its own before a colon ("Continued Lee: “...”", "said
            # Lee, explaining ...: “...”"): the colon's lead still names the speaker.
            subj = _intro_subject(ctx, q, lo)
            if subj is not None:
                speaker, words = _resolve(ctx, subj, subj.sent.start_char, subj.sent.end_char,
                                          speakers)
        if speaker is None and words is None:
            cont = _continues(ctx, q, prev)
            if cont is not None:
                speaker, words = cont.speaker, cont.speaker_text
        return Quote(**base, kind=kind, speaker=speaker, speaker_text=words, cue=cue.words)
    kind = _quote_kind(ctx, q, lo, False, False)
    if kind == "full":
        # A colon right before the quote names its speaker anew ("Lee: “...”" after a quote
        # by Cole), so it outranks the passage carrying on.
        colon = text[lo : q.open_start].rstrip().endswith(":")
        subj = _intro_subject(ctx, q, lo) if colon else None
        cont = None if subj is not None else _continues(ctx, q, prev)
        if cont is not None:
            return Quote(**base, kind="full", speaker=cont.speaker,
                         speaker_text=cont.speaker_text, cue=cont.cue)
        subj = subj or _intro_subject(ctx, q, lo)
        if subj is not None:
            speaker, words = _resolve(ctx, subj, subj.sent.start_char, subj.sent.end_char,
                                      speakers)
            return Quote(**base, kind="full", speaker=speaker, speaker_text=words)
        return Quote(**base, kind="full")
    if _speech_like(ctx, q) and not _after_determiner(ctx, q.open_start):
        subj = _intro_subject(ctx, q, lo) or _clause_subject(ctx, q)
        if subj is not None:
            speaker, words = _resolve(ctx, subj, subj.sent.start_char, subj.sent.end_char,
                                      speakers)
            if speaker is not None:
                return Quote(**base, kind="partial", speaker=speaker, speaker_text=words,
                             cue=subj.head.text if subj.head.i != subj.i else None)
        cont = _continues(ctx, q, prev)
        if cont is not None and cont.speaker is not None and _right_after(ctx, prev[0], q):
            # "“...,” Lee said. Instead, “he just acts like a loser.”": speech with nobody
            # else named goes on with the quote just before it.
            return Quote(**base, kind="partial", speaker=cont.speaker,
                         speaker_text=cont.speaker_text, cue=cont.cue)
    return Quote(**base, kind=kind)


def _right_after(ctx: _Ctx, p: _Span, q: _Span) -> bool:
    """``q`` follows ``p`` in the same paragraph with at most one sentence end and a few
    words between them, and no name in ``q``'s own sentence (a new name may be a new
    speaker; the name attributing ``p`` is fine)."""
    if p.para != q.para:
        return False
    gap = ctx.text[p.close_end : q.open_start]
    ends = list(_SENT_END.finditer(gap))
    if len(gap.split()) > CARRY_ON_WORDS or len(ends) > 1:
        return False
    a = bisect.bisect_left(ctx.starts, p.close_end + (ends[-1].end() if ends else 0))
    b = bisect.bisect_left(ctx.starts, q.open_start)
    return not any(ctx.doc[i].pos_ == "PROPN" for i in range(a, b))


#: A signature line under a quote: a dash, then a name and maybe a place or a note, then an
#: optional period ("- Ann Lee.", "—Ann Lee, Fresno."), never ending in a dash (a heading).
_SIGNATURE = re.compile(r"[ \t]*[-–—]{1,2}[ \t]*([A-Z][^\n]{0,100}?)[ \t]*\.?[ \t]*$")


def _signature(ctx: _Ctx, q: _Span) -> tuple[str | None, str] | None:
    """(entity key or None, name) when ``q`` ends its paragraph and the next paragraph is only a
    dash and a name ("“...” ¶ - Ann Lee."): the layout of quote collections, where the
    speaker is named under the words, never before them."""
    text = ctx.text
    _, phi = ctx.paras[q.para]
    if text[q.close_end : phi].strip(" \t.,") or q.para + 1 >= len(ctx.paras):
        return None
    nlo, nhi = ctx.paras[q.para + 1]
    m = _SIGNATURE.match(text[nlo:nhi].rstrip())
    if m is None or m.group(1).rstrip()[-1:] in "-–—" or len(m.group(1).split()) > (
        SIGNATURE_WORDS
    ):
        return None
    lo, hi = nlo + m.start(1), nlo + m.end(1)
    i = bisect.bisect_left(ctx.mention_starts, lo)
    while i < len(ctx.mentions) and ctx.mentions[i].start < hi:
        mm = ctx.mentions[i]
        if ctx.types.get(mm.entity) in ("PERSON", "ORG") and all(
            w[:1].isupper() for w in text[lo : mm.start].split()
        ):
            # The line opens with the name, maybe after a title ("-Sen. Ann Lee"); a line
            # that only mentions someone later is not a signature ("- Cut the taxes Lee
            # raised").
            return mm.entity, text[lo:hi]
        i += 1
    name = re.split(r"[,(]", text[lo:hi])[0].split()
    if 2 <= len(name) <= 4 and all(w[:1].isupper() for w in name):
        # A name the entity pass missed: shown as the words, linked to nobody.
        return None, text[lo:hi]
    return None
