"""Corpus -> Markdown pages: pure functions, byte-stable output, every source string escaped.

Source text is data.  Everything that came from an article goes through :func:`md_escape`, so
no raw HTML, script or Markdown syntax in a source can become live on a page; the only HTML in
the output is the handful of tags written here, with escaped attributes.
"""

from __future__ import annotations

import functools
import html
import json
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from briefgen.mdsafe import code_span, escape_url
from briefgen.model import (
    Article,
    Block,
    Briefing,
    CanonicalEntity,
    Corpus,
    Entity,
    Quote,
    Thread,
)

#: Glossary groups on a briefing and on the entities index, in reading order.
TYPE_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("People", ("PERSON",)),
    ("Organisations", ("ORG",)),
    ("Places", ("GPE", "LOC", "FAC")),
    ("Groups and nationalities", ("NORP",)),
    ("Other", ("EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE")),
)

#: Human words for entity types, used in hover cards.
TYPE_LABELS = {
    "PERSON": "Person",
    "ORG": "Organisation",
    "GPE": "Place",
    "LOC": "Place",
    "FAC": "Building or facility",
    "NORP": "Group or nationality",
    "EVENT": "Event",
    "PRODUCT": "Product",
    "WORK_OF_ART": "Work",
    "LAW": "Law",
    "LANGUAGE": "Language",
}

#: Types listed in the glossary but not linked in the story: "British", "European" on every
#: line would bury the links a reader wants (people, organisations, places).
UNLINKED_IN_BODY = frozenset({"NORP"})

#: Characters Python-Markdown treats as syntax anywhere in a line; escaped with a backslash.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]{}!])")
#: Line starts that would turn a paragraph into a heading, list, quote or rule.
_BLOCK_START = re.compile(r"^(#|>|[-+]|\d+[.)])")
#: Line starts that Markdown extensions read as blocks: collapsible ``???``, tabs ``===``,
#: blocks ``///``, fences ``~~~``, math ``$$``, definitions and autodoc ``:``.  Python-Markdown
#: keeps a backslash before characters it does not escape, so the first character becomes a
#: character reference instead (``!!!`` needs nothing: :func:`md_escape` escapes ``!``).
_EXTENSION_START = re.compile(r"^(?:\?{3}|={3}|/{3}|~{3}|\${2}|:)")

HOME_LATEST = 10
QUOTE_MARKS = "“”\"‘’'«»„‟‹›"


def _typesetting(form: str) -> tuple[bool, int, str]:
    """Sort key: normal case first, then fewer capitals ("Hillary" before "HIllary")."""
    return form.isupper(), sum(c.isupper() for c in form), form


def display_aliases(name: str, aliases: Sequence[str]) -> list[str]:
    """The aliases worth showing a reader: one per spelling, not per typesetting.

    The data keeps every surface form (a dateline "BELFAST" must still match), but "TRUMP",
    "Donald\u00a0Trump" and "HIllary Clinton" beside "Trump", "Donald Trump" and "Hillary
    Clinton" tell a reader nothing: forms equal up to case and spacing are shown once, in
    the form not written in capitals.
    """
    best: dict[str, str] = {}
    for alias in aliases:
        form = " ".join(alias.split())
        key = form.casefold()
        if key == " ".join(name.split()).casefold():
            continue
        have = best.get(key)
        if have is None or _typesetting(have) > _typesetting(form):
            best[key] = form
    return sorted(best.values(), key=lambda f: (f.casefold(), f))


def md_escape(text: str) -> str:
    """Make source text inert: HTML escaped, Markdown syntax backslash-escaped."""
    text = html.escape(text, quote=False)
    return _INLINE_SPECIAL.sub(r"\\\1", text)


def _block_safe(line: str) -> str:
    """Escape a leading character that Markdown would read as block syntax."""
    if _EXTENSION_START.match(line):
        return f"&#{ord(line[0])};{line[1:]}"
    m = _BLOCK_START.match(line)
    if m:
        return line[: m.end() - 1] + "\\" + line[m.end() - 1 :]
    return line


#: Markdown runs its inline patterns (links, code, emphasis) before it protects raw HTML, so
#: an attribute value must not contain their syntax either: it becomes character references.
_ATTR_MARKDOWN = str.maketrans({c: f"&#{ord(c)};" for c in "`[]*_\\{}"})


def _attr(text: str) -> str:
    """An HTML attribute value that neither HTML nor Markdown can break out of."""
    return html.escape(text, quote=True).translate(_ATTR_MARKDOWN)


def _attr_line(text: str) -> str:
    """:func:`_attr` on one line: attr_list reads its ``{: ... }`` from a single line."""
    return _attr(" ".join(text.split()))


#: Characters that end a Markdown link title early (``"``) or make Python-Markdown misread
#: where the destination stops (quotes and parentheses: ``Acme('')Ltd`` broke the link).
_TITLE_REFS = str.maketrans({'"': "&quot;", "'": "&#39;", "(": "&#40;", ")": "&#41;"})


def _title_attr(text: str) -> str:
    """A Markdown link title that cannot end early or break the link around it."""
    return md_escape(text).translate(_TITLE_REFS)


def briefing_path(slug: str) -> str:
    return f"briefings/{slug}.md"


def entity_path(slug: str) -> str:
    return f"entities/{slug}.md"


@functools.lru_cache(maxsize=1 << 16)
def fmt_date(date: str | None) -> str:
    """``2025-03-03`` -> ``3 March 2025``; undated stories say so.

    Cached: an archive has a few thousand distinct dates and prints them half a million
    times (every list line), and ``strptime`` is slow."""
    if not date:
        return "Undated"
    try:
        d = datetime.strptime(date, "%Y-%m-%d")
    except ValueError:
        return date
    return f"{d.day} {d:%B %Y}"


@dataclass(frozen=True)
class _Local:
    """What one briefing itself says of a canonical entity: its role there, the names it uses."""

    role: str | None
    names: tuple[str, ...]


def _local_facts(b: Briefing) -> dict[str, _Local]:
    """Per canonical slug, the role and names this briefing gives (its first role wins)."""
    roles: dict[str, str] = {}
    names: dict[str, set[str]] = defaultdict(set)
    for e in b.annotation.entities:
        slug = b.entity_slugs.get(e.key)
        if slug is None:
            continue
        names[slug].update((e.name, *e.aliases))
        if e.role and slug not in roles:
            roles[slug] = e.role
    return {slug: _Local(roles.get(slug), tuple(sorted(n))) for slug, n in names.items()}


def _card(
    site: _Site, b: Briefing, entity: CanonicalEntity, local: _Local | None = None
) -> str:
    """The attributes a name's card is drawn from (``briefgen-reader.js``), as attr_list text.

    The card says what the site knows: type, role and the briefing the role comes from,
    aliases, how many briefings mention the name, and whether it has a page (the link's own
    address) or only a glossary entry.  A name with a page carries only what this briefing
    says of it (its role here, the names used here); the corpus-wide facts (count, the role
    most briefings give and its source, every alias) sit on the name's own page and are read
    from there when the card opens.  Written here, every story naming a well-known person
    would change, and be rendered again, with each new story about them.  Every value passes
    :func:`_attr`, and the script writes them as text, so source words never become markup.
    """
    attrs = [
        'data-bg-card="entity"',
        f'data-bg-name="{_attr_line(entity.name)}"',
        f'data-bg-type="{_attr_line(TYPE_LABELS.get(entity.type, entity.type.title()))}"',
    ]
    if entity.slug in site.paged:
        if local is not None and local.role:
            attrs.append(f'data-bg-role="{_attr_line(local.role)}"')
            attrs.append('data-bg-role-from="this briefing"')
        shown = display_aliases(entity.name, local.names if local is not None else ())
        if shown:
            attrs.append(f'data-bg-aliases="{_attr_line(", ".join(shown))}"')
        attrs.append('data-bg-page="1"')
        return " ".join(attrs)
    # A name without a page is in this briefing only: its record is this briefing's.
    attrs.append('data-bg-briefings="1"')
    if entity.role:
        attrs.append(f'data-bg-role="{_attr_line(entity.role)}"')
        if entity.role_source == b.slug:
            attrs.append('data-bg-role-from="this briefing"')
        elif entity.role_source in site.briefings:
            source = site.briefings[entity.role_source].article
            attrs.append(
                f'data-bg-role-from="{_attr_line(f"{source.title} ({fmt_date(source.date)})")}"'
            )
    shown = display_aliases(entity.name, entity.aliases)
    if shown:
        attrs.append(f'data-bg-aliases="{_attr_line(", ".join(shown))}"')
    return " ".join(attrs)


def card_facts(site: _Site, e: CanonicalEntity, count: int) -> str:
    """attr_list text on an entity page that its cards elsewhere read when they open: the
    briefing count, the role most briefings give with its source, every alias."""
    attrs = [f'data-bg-count="{count}"']
    if e.role:
        attrs.append(f'data-bg-role="{_attr_line(e.role)}"')
        if e.role_source in site.briefings:
            source = site.briefings[e.role_source].article
            attrs.append(
                f'data-bg-role-from="{_attr_line(f"{source.title} ({fmt_date(source.date)})")}"'
            )
    shown = display_aliases(e.name, e.aliases)
    if shown:
        attrs.append(f'data-bg-aliases="{_attr_line(", ".join(shown))}"')
    return " ".join(attrs)


def paged_entities(corpus: Corpus) -> frozenset[str]:
    """Slugs of the entities that get a page of their own.

    A page earns its place when a reader gains something there that the briefing does not
    already show: the entity appears in two or more briefings, is quoted, or an editor put it
    in ``glossary.yml``.  Everything else (most names at scale: one briefing's minor figures)
    is described in that briefing's glossary and hover card instead, which keeps the site to a
    few pages per briefing.  The rule only ever adds pages as the archive grows, and a slug
    never depends on whether its page exists, so a page appears at its final address.
    """
    quoted = {
        b.entity_slugs[q.speaker]
        for b in corpus.briefings
        for q in b.annotation.quotes
        if q.kind != "scare" and q.speaker in b.entity_slugs
    }
    return frozenset(
        e.slug
        for e in corpus.entities
        if e.curated or e.slug in quoted or len({a.briefing for a in e.appearances}) >= 2
    )


@dataclass(frozen=True)
class _Site:
    """Lookups shared by all pages of one render."""

    corpus: Corpus
    entities: dict[str, CanonicalEntity]
    briefings: dict[str, Briefing]
    paged: frozenset[str]
    """Entities with a page of their own (:func:`paged_entities`)."""
    threads: Mapping[str, Thread]
    """Story threads by slug: a briefing looks up its own, so a page re-renders when that
    thread changes, not when any thread of the archive does."""

    @classmethod
    def of(cls, corpus: Corpus) -> _Site:
        return cls(
            corpus=corpus,
            entities={e.slug: e for e in corpus.entities},
            briefings={b.slug: b for b in corpus.briefings},
            paged=paged_entities(corpus),
            threads={t.slug: t for t in corpus.threads},
        )

    def speaker(self, b: Briefing, quote: Quote) -> CanonicalEntity | None:
        if quote.speaker is None:
            return None
        slug = b.entity_slugs.get(quote.speaker)
        return self.entities.get(slug) if slug else None


def co_mentions(
    corpus: Corpus,
    limit: int = 8,
    only: frozenset[str] | None = None,
    counts: dict[str, Counter[str]] | None = None,
) -> dict[str, list[tuple[str, int]]]:
    """For each entity, the entities that share most briefings with it (count, then slug).

    ``counts`` is :func:`co_mention_counts` when the caller has it already.
    """
    pairs = co_mention_counts(corpus, only) if counts is None else counts
    return {
        slug: sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
        for slug, counter in pairs.items()
    }


def co_mention_counts(
    corpus: Corpus, only: frozenset[str] | None = None
) -> dict[str, Counter[str]]:
    """For each entity, how many briefings it shares with each other entity.

    Counted per briefing over its set of canonical entities, so the cost is the sum of squared
    entity counts per briefing, not entities squared.  ``only`` keeps the count to entities
    with a page: a co-mention list links to pages, and page-less ones are one-briefing names.
    """
    pairs: dict[str, Counter[str]] = defaultdict(Counter)
    for b in corpus.briefings:
        present = sorted(
            s for s in set(b.entity_slugs.values()) if only is None or s in only
        )
        for a in present:
            counter = pairs[a]
            for other in present:
                if other != a:
                    counter[other] += 1
    return pairs


# --- briefing -------------------------------------------------------------------------------


def _front_matter(
    title: str, description: str | None = None, *, boost: float | None = None
) -> list[str]:
    """YAML front matter MkDocs reads for the page title and meta description.

    ``boost`` raises a page in Material's search ranking: a search for a name should offer
    that entity's own page before the briefings that merely mention it.
    """
    # Material prints these values into <title>, <meta> and the header without escaping, so
    # they are HTML-escaped here; ASCII-only JSON is also always valid YAML.
    lines = ["---", f"title: {json.dumps(html.escape(title), ensure_ascii=True)}"]
    if description:
        lines.append(f"description: {json.dumps(html.escape(description), ensure_ascii=True)}")
    if boost is not None:
        lines.append(f"search:\n  boost: {boost}")
    lines.append("---")
    return [*lines, ""]


def _sentence_text(article: Article, span: tuple[int, int]) -> str:
    return " ".join(article.text[span[0] : span[1]].split())


def render_briefing(site: _Site, b: Briefing) -> str:
    ann, art = b.annotation, b.article
    out = _front_matter(art.title, art.summary)
    out.append(f"# {_block_safe(md_escape(art.title))}")
    out.append("")
    meta = [f"**{fmt_date(art.date)}**"]
    if art.publisher:
        meta.append(md_escape(art.publisher))
    if art.author:
        meta.append("by " + md_escape(art.author))
    if art.url and art.url.startswith(("http://", "https://")):
        meta.append(f"[Original article]({escape_url(art.url)})")
    out.append(" · ".join(meta))
    out.append("{: .bg-meta }")
    out.append("")
    if art.tags:
        out.append("Tags: " + ", ".join(code_span(t) for t in art.tags))
        out.append("")
    if art.summary:
        out.append(
            f"*{md_escape(art.summary)}*" if "*" not in art.summary else md_escape(art.summary)
        )
        out.append("")
    if ann.key_sentences:
        out.append('!!! abstract "At a glance"')
        out.append("")
        for i in ann.key_sentences:
            sentence = _sentence_text(art, ann.sentences[i])
            if sentence:
                out.append(f"    - {_block_safe(md_escape(sentence))}")
        out.append("")
    if b.thread:
        out.extend(_story_so_far(site, b))
    out.append("## The story")
    out.append("")
    if art.caption:
        out.append(f"*Photo: {md_escape(art.caption)}*")
        out.append("{: .bg-caption }")
        out.append("")
    body, anchored = _body(site, b)
    out.extend(body)
    out.extend(_key_quotes(site, b))
    out.extend(_glossary(site, b, anchored))
    out.extend(_related(site, b))
    out.append("---")
    out.append("")
    out.append(f"Source file: `{art.source.replace('`', '')}`")
    out.append("{: .bg-source }")
    out.append("")
    return "\n".join(out)


def _story_so_far(site: _Site, b: Briefing) -> list[str]:
    thread = site.threads.get(b.thread) if b.thread else None
    if thread is None:
        return []
    out = [f'??? info "The story so far: {_title_attr(thread.title)}"', ""]
    for slug in thread.briefings:
        other = site.briefings.get(slug)
        if other is None:
            continue
        title = md_escape(other.article.title)
        line = f"{fmt_date(other.article.date)}: "
        line += f"**{title}** (this briefing)" if slug == b.slug else f"[{title}]({slug}.md)"
        out.append(f"    - {line}")
    out.append("")
    return out


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


def glossary_anchor(slug: str) -> str:
    """HTML id of an entity's entry in a briefing's glossary."""
    return f"g-{slug}"


def mention_anchor(slug: str) -> str:
    """HTML id of the first linked mention of a page-less entity in a briefing."""
    return f"m-{slug}"


def _entity_href(slug: str) -> str:
    return f"../{entity_path(slug)}"


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
        # The role this briefing gives, else the one most briefings give.
        role = here.role if here is not None and here.role else speaker.role
        if role:
            attrs += f' data-bg-role="{_attr(role)}"'
        attrs += f' data-bg-href="{_attr(_entity_href(speaker.slug))}"'
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
            href = f"../{entity_path(speaker.slug)}"
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


def _key_quotes(site: _Site, b: Briefing) -> list[str]:
    quotes = [q for q in b.annotation.quotes if q.kind == "full"]
    if not quotes:
        return []
    out = ["## Key quotes", ""]
    local = _local_facts(b)
    for q in quotes:
        out.extend(_quote_block(site, b, q, link_briefing=False, local=local))
    return out


def _quote_block(
    site: _Site,
    b: Briefing,
    q: Quote,
    *,
    link_briefing: bool,
    local: Mapping[str, _Local] | None = None,
) -> list[str]:
    """A quote with its speaker; ``local`` (a briefing's own facts) gives the role this
    briefing states before the one most briefings agree on."""
    speaker = site.speaker(b, q)
    # Key quotes sit on briefing pages, entity quotes on entity pages: both one level down.
    prefix = "../"
    if speaker is not None:
        who = f"[{md_escape(speaker.name)}]({prefix}{entity_path(speaker.slug)})"
        here = (local or {}).get(speaker.slug)
        role = here.role if here is not None and here.role else speaker.role
        if role:
            who += f", {md_escape(role)}"
    elif q.speaker_text:
        who = md_escape(q.speaker_text)
    else:
        who = "Unattributed"
    text = " ".join(q.text.split())
    lines = [f"> “{md_escape(text)}”", ">"]
    attribution = f"> — {who}"
    if link_briefing:
        attribution += (
            f", in [{md_escape(b.article.title)}]({prefix}{briefing_path(b.slug)})"
            f" ({fmt_date(b.article.date)})"
        )
    lines.append(attribution)
    return [*lines, ""]


def _glossary(site: _Site, b: Briefing, anchored: frozenset[str] = frozenset()) -> list[str]:
    """The briefing's entities grouped by type; page-less ones carry what a page would say."""
    local = {e.key: e for e in b.annotation.entities}
    # Two local entities may map to one canonical entity: one row, mentions added up.
    counts: Counter[str] = Counter()
    roles: dict[str, str] = {}
    for key, slug in sorted(b.entity_slugs.items()):
        doc_entity: Entity | None = local.get(key)
        if doc_entity is None or slug not in site.entities:
            continue
        counts[slug] += doc_entity.mentions
        if doc_entity.role and slug not in roles:
            roles[slug] = doc_entity.role
    rows: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for slug, n in sorted(counts.items()):
        entity = site.entities[slug]
        role = roles.get(slug) or entity.role
        name = md_escape(entity.name)
        if slug in site.paged:
            line = f"- [{name}]({_entity_href(slug)})"
        elif slug in anchored:
            line = f"- [{name}](#{mention_anchor(slug)}){{: #{glossary_anchor(slug)} }}"
        else:
            line = f'- <span id="{glossary_anchor(slug)}">{name}</span>'
        if role:
            line += f": {md_escape(role)}"
        line += f" ({n} mention{'s' if n != 1 else ''})"
        if slug not in site.paged:
            shown = display_aliases(entity.name, entity.aliases)
            if shown:
                line += " · also " + ", ".join(md_escape(a) for a in shown)
        rows[_group_of(entity.type)].append((entity.name.lower(), line))
    if not rows:
        return []
    # The class lets the stylesheet set each group's list in columns on wide screens.
    out = ["## Glossary {: .bg-glossary }", ""]
    for group, _ in TYPE_GROUPS:
        if rows.get(group):
            ident = "glossary-" + group.lower().replace(" ", "-")
            out.append(f"### {group} ({len(rows[group])}) {{: #{ident} }}")
            out.append("")
            out.extend(line for _, line in sorted(rows[group]))
            out.append("")
    return out


def _group_of(entity_type: str) -> str:
    for group, types in TYPE_GROUPS:
        if entity_type in types:
            return group
    return "Other"


def _related(site: _Site, b: Briefing) -> list[str]:
    out: list[str] = []
    if b.duplicates:
        out += ["## Also reported as", ""]
        for slug in b.duplicates:
            other = site.briefings.get(slug)
            if other:
                out.append(
                    f"- [{md_escape(other.article.title)}]({slug}.md)"
                    f" ({fmt_date(other.article.date)}"
                    + (f", {md_escape(other.article.publisher)}" if other.article.publisher else "")
                    + ")"
                )
        out.append("")
    rel = [r for r in b.related if r.slug in site.briefings]
    # Newest first, not by score: adding any story nudges every TF-IDF weight, and near-equal
    # scores would swap places on hundreds of pages that then all re-render on one save.
    # Which stories are listed still follows the score.
    rel.sort(key=lambda r: (site.briefings[r.slug].article.date or "", r.slug), reverse=True)
    if rel:
        out += ["## Related briefings", ""]
        for r in rel:
            other = site.briefings[r.slug]
            line = f"- [{md_escape(other.article.title)}]({r.slug}.md)"
            line += f" ({fmt_date(other.article.date)})"
            if r.shared:
                line += ": shares " + ", ".join(md_escape(n) for n in r.shared[:5])
            out.append(line)
        out.append("")
    return out


# --- entity pages ---------------------------------------------------------------------------


def _quotes_by_speaker(site: _Site) -> dict[str, list[tuple[Briefing, Quote]]]:
    by: dict[str, list[tuple[Briefing, Quote]]] = defaultdict(list)
    for b in site.corpus.briefings:  # newest first already
        for q in b.annotation.quotes:
            if q.kind == "scare":
                continue
            speaker = site.speaker(b, q)
            if speaker is not None:
                by[speaker.slug].append((b, q))
    return by


def render_entity(
    site: _Site,
    e: CanonicalEntity,
    related: Sequence[tuple[str, int]],
    quotes_by: dict[str, list[tuple[Briefing, Quote]]],
    *,
    chart: Sequence[str] = (),
    connections: Sequence[str] = (),
    archive: Sequence[str] = (),
    recent: int | None = None,
    recent_quotes: int | None = None,
) -> str:
    """An entity's page.  ``chart`` (its briefings per month) and ``connections`` (a picture
    and the briefings that join each name, which replaces the plain list of names often
    mentioned with it) go above the list of briefings.  A busy name lists only its
    ``recent`` newest briefings and ``recent_quotes`` newest quotes, and ``archive`` (links
    to pages by period, :mod:`briefgen.archive`) leads to the rest."""
    label = TYPE_LABELS.get(e.type, e.type.title())
    out = _front_matter(e.name, f"{label}: {e.role}" if e.role else label, boost=3)
    # The name weighs most in search: at 10,000 briefings a city's own page otherwise drowns
    # among the hundreds of stories that name it.
    out += [f'# {_block_safe(md_escape(e.name))} {{: data-pagefind-weight="10" }}', ""]
    line = f"**{label}**"
    if e.role:
        line += f" · {md_escape(e.role)}"
        if e.role_source and e.role_source in site.briefings:
            line += f" ([source](../{briefing_path(e.role_source)}))"
    out += [line, "{: .bg-meta }", ""]
    shown = display_aliases(e.name, e.aliases)
    if shown:
        out += ["Also known as: " + ", ".join(md_escape(a) for a in shown), ""]
    if e.description:
        out += [_block_safe(md_escape(e.description)), ""]
    if e.url and e.url.startswith(("http://", "https://")):
        out += [f"[Reference]({escape_url(e.url)})", ""]
    # The pictures come first: on a name in thousands of briefings, a picture placed after the
    # list would wait for the whole list to be parsed before it is drawn.
    out += chart
    out += connections
    apps = [a for a in e.appearances if a.briefing in site.briefings]
    out += [f"## Briefings ({len(apps)}) {{: #briefings {card_facts(site, e, len(apps))} }}", ""]
    if archive:
        out += list(archive)
        if recent is not None and len(apps) > recent:
            out += [f"The newest {recent}:", ""]
    for a in apps[:recent]:
        b = site.briefings[a.briefing]
        out.append(
            f"- **{fmt_date(a.date)}**: [{md_escape(b.article.title)}](../{briefing_path(b.slug)})"
        )
        if a.sentence:
            sentence = md_escape(" ".join(a.sentence.split()))
            out.append(f'    <span class="bg-context">{sentence}</span>')
    out.append("")
    quotes = quotes_by.get(e.slug, [])
    if quotes:
        out += [f"## Quotes ({len(quotes)}) {{: #quotes }}", ""]
        if archive and recent_quotes is not None and len(quotes) > recent_quotes:
            out += [f"The newest {recent_quotes}; every quote is in the archive above.", ""]
        for b, q in quotes[:recent_quotes]:
            out.extend(_quote_block(site, b, q, link_briefing=True))
    if related and not connections:
        out += ["## Often mentioned with", ""]
        for slug, n in related:
            other = site.entities.get(slug)
            if other:
                out.append(
                    f"- [{md_escape(other.name)}]({slug}.md) ({n} briefing{'s' if n != 1 else ''})"
                )
        out.append("")
    return "\n".join(out)
