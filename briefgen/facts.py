"""Facts of the whole corpus that pages show: which names earn a page, who is named with whom,
who said what.

They are read off the linked corpus, not off any one page, so they live beside it rather than
in the renderer: the site computes each once per build and hands every page its share.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from briefgen.model import Briefing, Corpus, Quote


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


def quotes_by_speaker(corpus: Corpus) -> dict[str, list[tuple[Briefing, Quote]]]:
    """For each canonical entity, the quotes attributed to it (scare quotes left out), newest
    briefing first as the corpus lists them."""
    known = {e.slug for e in corpus.entities}
    by: dict[str, list[tuple[Briefing, Quote]]] = defaultdict(list)
    for b in corpus.briefings:  # newest first already
        for q in b.annotation.quotes:
            if q.kind == "scare" or q.speaker is None:
                continue
            slug = b.entity_slugs.get(q.speaker)
            if slug and slug in known:
                by[slug].append((b, q))
    return by
