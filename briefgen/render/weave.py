"""The story's body: source blocks escaped, with links and quote highlights woven in.

Each block's markup is a list of :class:`_Wrap` (a character range and what opens and closes
it); :func:`_render_block` escapes the text between the offsets and places the markup, and
drops a link that would cross a segment, another link or a quote rather than write broken
Markdown.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from briefgen.model import Block, Briefing, Quote
from briefgen.render.cards import _card, _Local, _local_facts, role_here
from briefgen.render.common import (
    UNLINKED_IN_BODY,
    _entity_href,
    _Site,
    glossary_anchor,
    mention_anchor,
    speaker_href,
)
from briefgen.render.escape import _attr, _block_safe, md_escape

#: Quotation marks a quote's highlight takes in when they sit just outside its span.
QUOTE_MARKS = "“”\"‘’'«»„‟‹›"


@dataclass(frozen=True)
class _Wrap:
    """Markup to put around a block-local character range."""

    start: int
    end: int
    open: str
    close: str
    atomic: bool
    """True for links: must not cross a segment or another wrap (skipped if it would)."""
    anchor: str | None = None
    """Slug of the page-less entity whose first-mention anchor this wrap carries."""


def _body(site: _Site, b: Briefing) -> tuple[list[str], frozenset[str]]:
    """The story's Markdown, and the page-less entities whose first mention got an anchor."""
    art, ann = b.article, b.annotation
    starts = art.block_starts()
    mentions_by_block: dict[int, list] = defaultdict(list)
    quotes_by_block: dict[int, list[Quote]] = defaultdict(list)
    block_of = _block_index(starts)
    for m in ann.mentions:
        mentions_by_block[block_of(m.start)].append(m)
    for q in ann.quotes:
        quotes_by_block[block_of(q.start)].append(q)
    linked_in_section: set[str] = set()
    anchored: set[str] = set()
    local = _local_facts(b)
    out: list[str] = []
    for i, block in enumerate(art.blocks):
        if block.kind == "h":
            linked_in_section = set()
        base = starts[i]
        wraps: list[_Wrap] = []
        for q in quotes_by_block.get(i, []):
            wraps.extend(_quote_wraps(site, b, q, base, block, ann.mentions, local))
        for m in mentions_by_block.get(i, []):
            slug = b.entity_slugs.get(m.entity)
            entity = site.entities.get(slug) if slug else None
            if entity is None or m.entity in linked_in_section:
                continue
            if entity.type in UNLINKED_IN_BODY:
                continue
            if m.end - base > len(block.text):
                continue
            linked_in_section.add(m.entity)
            anchor = None
            # No title: the card replaces Material's tooltip (which would show beside it).
            card = _card(site, b, entity, local.get(entity.slug))
            if entity.slug in site.paged:
                close = f"]({_entity_href(entity.slug)}){{: {card} }}"
            else:
                # No page: the name points at its glossary entry, and the first mention is
                # where that entry points back to (the sentence a page would have quoted).
                close = f"](#{glossary_anchor(entity.slug)})"
                if entity.slug not in anchored and all(w.anchor != entity.slug for w in wraps):
                    close += f"{{: #{mention_anchor(entity.slug)} {card} }}"
                    anchor = entity.slug
                else:
                    close += f"{{: {card} }}"
            wraps.append(_Wrap(m.start - base, m.end - base, "[", close, True, anchor))
        kept: list[_Wrap] = []
        text = _render_block(block, wraps, kept)
        anchored.update(w.anchor for w in kept if w.anchor is not None)
        prefix = {"h": "### ", "li": "- ", "quote": "> "}.get(block.kind, "")
        if block.kind == "h":
            text = text.rstrip("#") + "\\#" * (len(text) - len(text.rstrip("#")))
        out.append(prefix + _block_safe(text))
        out.append("")
    return out, frozenset(anchored)


def _block_index(starts: Sequence[int]):
    import bisect

    def find(offset: int) -> int:
        return max(0, bisect.bisect_right(starts, offset) - 1)

    return find


def _quote_wraps(
    site: _Site,
    b: Briefing,
    q: Quote,
    base: int,
    block: Block,
    mentions: Sequence,
    local: Mapping[str, _Local] | None = None,
) -> list[_Wrap]:
    text = block.text
    start, end = q.start - base, min(q.end - base, len(text))
    if start < 0 or start >= end:
        return []
    # Include the quotation marks themselves in the highlight when they sit right outside.
    if start > 0 and text[start - 1] in QUOTE_MARKS:
        start -= 1
    if end < len(text) and text[end] in QUOTE_MARKS:
        end += 1
    if q.kind == "scare":
        return [_Wrap(start, end, '<span class="bg-scare">', "</span>", False)]
    speaker = site.speaker(b, q)
    who = speaker.name if speaker else (q.speaker_text or "unattributed")
    cls = "bg-quote" if q.kind == "full" else "bg-quote bg-partial"
    # The quote's card (briefgen-reader.js): focusable so a keyboard reaches it; the speaker's
    # page is a docs path that the plugin resolves like a Markdown link.
    attrs = f'data-bg-card="quote" data-bg-speaker="{_attr(who)}"'
    here = (local or {}).get(speaker.slug) if speaker is not None else None
    if speaker is not None:
        role = role_here(local, speaker)
        if role:
            attrs += f' data-bg-role="{_attr(role)}"'
        attrs += f' data-bg-href="{_attr(speaker_href(site, speaker.slug, b.slug, b.slug))}"'
        if speaker.slug in site.paged:
            attrs += ' data-bg-page="1"'
    if q.cue:
        attrs += f' data-bg-cue="{_attr(q.cue)}"'
    opening = f'<span class="{cls}" tabindex="0" {attrs}>'
    wraps = [_Wrap(start, end, opening, "</span>", False)]
    if speaker is not None:
        # Name the speaker beside the quote unless the block already names them.
        named_here = any(
            base <= m.start < base + len(text) and b.entity_slugs.get(m.entity) == speaker.slug
            for m in mentions
        )
        if not named_here:
            href = speaker_href(site, speaker.slug, b.slug, b.slug)
            label = md_escape(speaker.name)
            wraps.append(
                _Wrap(
                    end,
                    end,
                    "",
                    f'<sup class="bg-said">[{label}]({href}){{: {_card(site, b, speaker, here)} }}'
                    "</sup>",
                    False,
                )
            )
    return wraps


def _render_block(block: Block, wraps: Sequence[_Wrap], kept: list[_Wrap] | None = None) -> str:
    """Escape a block's segments and weave the wraps in at their offsets.

    ``kept`` hears which atomic wraps made it into the text (the others could not be placed).
    """
    # Atomic wraps (links) must sit inside one plain-text segment and not overlap each other
    # or cut through a quote; anything else is dropped rather than producing broken Markdown.
    seg_bounds: list[tuple[int, int, str]] = []
    pos = 0
    for seg in block.segments:
        seg_bounds.append((pos, pos + len(seg.text), seg.kind))
        pos += len(seg.text)
    soft = [w for w in wraps if not w.atomic]
    atomic: list[_Wrap] = []
    for w in sorted((w for w in wraps if w.atomic), key=lambda w: (w.start, -w.end)):
        inside_text = any(s <= w.start and w.end <= e and k == "text" for s, e, k in seg_bounds)
        overlaps = any(w.start < a.end and a.start < w.end for a in atomic)
        cuts = any(
            (s.start < w.start < s.end) != (s.start < w.end < s.end)
            and not (s.start <= w.start and w.end <= s.end)
            for s in soft
            if s.end > s.start
        )
        if inside_text and not overlaps and not cuts:
            atomic.append(w)
    all_wraps = soft + atomic
    if kept is not None:
        kept.extend(atomic)
    opens: dict[int, list[_Wrap]] = defaultdict(list)
    closes: dict[int, list[_Wrap]] = defaultdict(list)
    for w in all_wraps:
        opens[w.start].append(w)
        closes[w.end].append(w)
    cuts_at = sorted({0, *opens, *closes})
    parts: list[str] = []
    pos = 0
    for seg in block.segments:
        seg_end = pos + len(seg.text)
        if seg.kind == "markup":
            parts.append(seg.raw)
            continue
        if seg.kind == "code":
            parts.extend(_emit_at(pos, opens, closes))
            parts.append(seg.raw)
            pos = seg_end
            continue
        points = [p for p in cuts_at if pos <= p < seg_end]
        cursor = pos
        for p in points:
            parts.append(md_escape(seg.text[cursor - pos : p - pos]))
            parts.extend(_emit_at(p, opens, closes))
            cursor = p
        parts.append(md_escape(seg.text[cursor - pos :]))
        pos = seg_end
    parts.extend(_emit_at(pos, opens, closes))
    return "".join(parts)


def _emit_at(p: int, opens: dict[int, list[_Wrap]], closes: dict[int, list[_Wrap]]) -> list[str]:
    """Closing markup before opening markup at one offset; each emitted once."""
    out: list[str] = []
    for w in sorted(closes.pop(p, []), key=lambda w: (w.atomic is False, -w.start)):
        out.append(w.close)
    for w in sorted(opens.pop(p, []), key=lambda w: (w.atomic, -w.end)):
        out.append(w.open)
    return out
