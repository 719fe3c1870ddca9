"""Corpus -> every generated page: briefings, entity pages that earn their place, indexes."""

from __future__ import annotations

from briefgen.indexes import render_indexes
from briefgen.model import Corpus
from briefgen.pictures import entity_chart, entity_connections, first_month, map_page
from briefgen.render import (
    _quotes_by_speaker,
    _Site,
    briefing_path,
    co_mention_counts,
    co_mentions,
    entity_path,
    render_briefing,
    render_entity,
)


def render_site(corpus: Corpus, *, home_intro: str = "") -> dict[str, str]:
    """Every generated page, ``{docs-relative path: Markdown}``, in a stable order.

    Pure and byte-stable: the same corpus gives the same bytes, which is what lets the plugin
    rewrite only the pages whose bytes changed.
    """
    site = _Site.of(corpus)
    quotes_by = _quotes_by_speaker(site)
    pages = render_indexes(site, quotes_by, home_intro=home_intro)
    for b in corpus.briefings:
        pages[briefing_path(b.slug)] = render_briefing(site, b)
    counts = co_mention_counts(corpus, only=site.paged)
    related = co_mentions(corpus, only=site.paged, counts=counts)
    since = first_month(site)
    for e in corpus.entities:
        if e.slug in site.paged:
            near = related.get(e.slug, [])
            pages[entity_path(e.slug)] = render_entity(
                site,
                e,
                near,
                quotes_by,
                chart=entity_chart(e, since),
                connections=entity_connections(site, e, near, counts),
            )
    pages["map/index.md"] = map_page(site, counts)
    return dict(sorted(pages.items()))
