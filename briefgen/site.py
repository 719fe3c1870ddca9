"""Corpus -> every generated page: briefings, entity pages that earn their place, indexes."""

from __future__ import annotations

from collections.abc import Mapping

from briefgen.archive import (
    RECENT,
    RECENT_QUOTES,
    archive_links,
    archive_path,
    needs_archive,
    parts,
    quotes_by_briefing,
    render_part,
)
from briefgen.facts import CoMentionMemo, co_mention_counts, co_mentions, quotes_by_speaker
from briefgen.indexes import render_indexes
from briefgen.model import Briefing, CanonicalEntity, Corpus, Quote
from briefgen.pagememo import PageMemo
from briefgen.pictures import Bands, entity_chart, entity_connections, first_month, map_page
from briefgen.render import _Site, briefing_path, entity_path, render_briefing, render_entity


def render_site(
    corpus: Corpus, *, home_intro: str = "", memo: PageMemo | None = None, feed: bool = True
) -> dict[str, str]:
    """Every generated page, ``{docs-relative path: Markdown}``, in a stable order.

    Pure and byte-stable: the same corpus gives the same bytes, which is what lets the plugin
    rewrite only the pages whose bytes changed.  With ``memo`` (kept by ``mkdocs serve``
    across rebuilds), a briefing or entity page is rendered again only when something its
    renderer read has changed; the output is the same bytes either way.  ``feed`` says
    whether the site publishes ``feed.xml``, which the home page then links to.
    """
    site = _Site.of(corpus)
    quotes_by = quotes_by_speaker(corpus)
    pages = render_indexes(site, quotes_by, home_intro=home_intro, feed=feed)
    if memo is not None:
        memo.start()
    for b in corpus.briefings:
        path = briefing_path(b.slug)
        if memo is None:
            pages[path] = render_briefing(site, b)
        else:
            pages[path] = memo.page(path, site, (b,), render_briefing, key=_briefing_key(b))
    co_memo = None if memo is None else memo.keep("co-mentions", CoMentionMemo)
    counts = co_mention_counts(corpus, only=site.paged, memo=co_memo)
    related = co_mentions(corpus, only=site.paged, counts=counts, memo=co_memo)
    since = first_month(site)
    bands = Bands(counts)
    for e in corpus.entities:
        if e.slug not in site.paged:
            continue
        path = entity_path(e.slug)
        quotes = tuple(quotes_by.get(e.slug, []))
        args = (e, tuple(related.get(e.slug, [])), quotes, since)
        if memo is None:
            pages[path] = _entity_page(site, *args, bands)
        else:
            pages[path] = memo.page(
                path, site, args, _entity_page, extra=bands, key=_entity_key(*args)
            )
        apps = [a for a in e.appearances if a.briefing in site.briefings]
        if not needs_archive(len(apps), len(quotes)):
            continue
        said = quotes_by_briefing(quotes)
        for number, held in parts(apps):
            path = archive_path(e.slug, number)
            mine = {a.briefing: said[a.briefing] for a in held if a.briefing in said}
            part = (e, number, tuple(held), mine)
            if memo is None:
                pages[path] = render_part(site, *part)
            else:
                shown = tuple((slug, tuple(q)) for slug, q in sorted(mine.items()))
                key = (e.slug, e.name, number, tuple(held), shown)
                pages[path] = memo.page(path, site, part, render_part, key=key)
    pages["map/index.md"] = map_page(site, counts)
    if memo is not None:
        memo.keep_only(set(pages))
    return dict(sorted(pages.items()))


def _briefing_key(b: Briefing) -> tuple[object, ...]:
    """What a briefing page shows of its own record: everything but the related scores."""
    related = tuple((r.slug, r.shared) for r in b.related)
    return (b.annotation, tuple(sorted(b.entity_slugs.items())), related, b.duplicates, b.thread)


def _entity_key(
    e: CanonicalEntity,
    near: tuple[tuple[str, int], ...],
    quotes: tuple[tuple[Briefing, Quote], ...],
    since: str | None,
) -> tuple[object, ...]:
    """What an entity page shows of its arguments: of each quoted briefing, its article and
    whom its speaker key names, not its related scores (which every new story nudges)."""
    return (e, near, _quoted(quotes), since)


def _quoted(quotes: tuple[tuple[Briefing, Quote], ...]) -> tuple[object, ...]:
    """What a page shows of quotes: of each quoted briefing, its article and whom its
    speaker key names, not its related scores (which every new story nudges)."""
    return tuple((b.slug, b.article, b.entity_slugs.get(q.speaker or ""), q) for b, q in quotes)


def _entity_page(
    site: _Site,
    e: CanonicalEntity,
    near: tuple[tuple[str, int], ...],
    quotes: tuple[tuple[Briefing, Quote], ...],
    since: str | None,
    bands: Mapping[str, Mapping[str, int]],
) -> str:
    """One entity page from exactly what it depends on (what :class:`PageMemo` compares)."""
    apps = [a for a in e.appearances if a.briefing in site.briefings]
    archive: list[str] = []
    if needs_archive(len(apps), len(quotes)):
        archive = archive_links(e.slug, parts(apps))
    return render_entity(
        site,
        e,
        list(near),
        {e.slug: list(quotes)},
        chart=entity_chart(e, since),
        connections=entity_connections(site, e, list(near), bands),
        archive=archive,
        recent=RECENT if archive else None,
        recent_quotes=RECENT_QUOTES if archive else None,
    )
