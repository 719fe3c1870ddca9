"""The repository's sample site: every sample source published, indexes and search complete."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from briefgen.render import paged_entities
from briefgen.sources import discover

pytestmark = pytest.mark.model

REPO = Path(__file__).resolve().parents[1]


def test_every_sample_source_has_a_briefing(sample_site) -> None:
    site, corpus = sample_site
    sources = discover(REPO / "sources")
    assert len(sources) >= 10
    assert len(corpus.briefings) == len(sources)
    formats = {b.article.fmt for b in corpus.briefings}
    assert formats == {"md", "txt", "html"}
    for b in corpus.briefings:
        assert (site / "briefings" / b.slug / "index.html").is_file()


def test_indexes_feed_and_search_index(sample_site) -> None:
    site, corpus = sample_site
    for page in ("entities", "quotes", "timeline", "briefings"):
        assert (site / page / "index.html").is_file()
    paged = paged_entities(corpus)
    assert 0 < len(paged) < len(corpus.entities)
    for e in corpus.entities:
        assert (site / "entities" / e.slug / "index.html").is_file() == (e.slug in paged)
    # Pagefind indexes exactly the stories, the entity pages and the hand-written pages;
    # Material's own index is left empty (its script still asks for it on every page).
    marked = {
        p.parent.relative_to(site).as_posix() + "/"
        for p in site.rglob("index.html")
        if "data-pagefind-body" in p.read_text("utf-8")
    }
    expected = {f"briefings/{b.slug}/" for b in corpus.briefings}
    expected |= {f"entities/{slug}/" for slug in paged} | {"about/"}
    assert marked == expected
    # An entity page indexes its own words; its lists (briefing titles, sentences, quotes)
    # are indexed on the briefings they repeat.  A briefing's lists count.
    person = next(s for s in sorted(paged) if "<ul" in (
        site / "entities" / s / "index.html").read_text("utf-8"))
    page = (site / "entities" / person / "index.html").read_text("utf-8")
    article = page.split("data-pagefind-body", 1)[1].split("</article>", 1)[0]
    assert "<ul data-pagefind-ignore" in article
    assert not re.search(r"<(ul|blockquote)(?![^>]*data-pagefind-ignore)[\s>]", article)
    assert "<h1" in article and "data-pagefind-ignore" not in article.split("</h1>", 1)[0]
    story = (site / "briefings" / corpus.briefings[0].slug / "index.html").read_text("utf-8")
    assert "data-pagefind-ignore" not in story.split("data-pagefind-body", 1)[1]
    assert (site / "pagefind" / "pagefind-entry.json").is_file()
    assert json.loads((site / "search" / "search_index.json").read_text("utf-8"))["docs"] == []
    # The sample mkdocs.yml has no site_url: no feed, rather than one whose links lead nowhere
    # (tests/test_feed.py checks the feed of a site with an address).
    assert not (site / "feed.xml").exists()


def test_sample_stories_cross_link(sample_site) -> None:
    _, corpus = sample_site
    linked = [b for b in corpus.briefings if b.related]
    assert len(linked) == len(corpus.briefings)
    # Entities recur: several people appear in three or more briefings.
    recurring = [e for e in corpus.entities if e.type == "PERSON" and len(e.appearances) >= 3]
    assert len(recurring) >= 3
    assert corpus.threads, "the sample stories should form at least one thread"


def test_sidebar_does_not_list_every_briefing(sample_site) -> None:
    site, corpus = sample_site
    page = (site / "timeline" / "index.html").read_text("utf-8")
    sidebar = page[page.index('md-sidebar--primary') : page.index('md-sidebar--secondary')]
    assert 'href="../about/"' in sidebar  # the hand-written pages are there
    assert "briefings/" in page and "entities/" in page
    assert not any(f"/{b.slug}/" in sidebar for b in corpus.briefings)
    assert not any(f"/{e.slug}/" in sidebar for e in corpus.entities)


def test_pages_per_briefing_stay_few(sample_site) -> None:
    """Entity pages are earned and index pages split: a story adds a few pages, not dozens.

    The samples are 13 tightly linked stories, so most of their names recur; the ratio at
    archive scale (<= 3 pages a briefing) is measured by bench/site_scale.py.
    """
    site, corpus = sample_site
    paged = paged_entities(corpus)
    one_briefing = [e for e in corpus.entities if len({a.briefing for a in e.appearances}) == 1]
    assert one_briefing, "some sample names appear in one briefing only"
    assert any(e.slug not in paged for e in one_briefing)
    pages = {p.parent.relative_to(site).as_posix() for p in site.rglob("index.html")}
    entity_pages = {p for p in pages if p.startswith("entities/") and "/a-z" not in p}
    assert entity_pages == {f"entities/{slug}" for slug in paged}
    lists = pages - entity_pages - {f"briefings/{b.slug}" for b in corpus.briefings}
    assert len(lists) <= 2 * 27 + 12 + 6  # letters for entities and quotes, months, top pages
    for p in site.rglob("index.html"):
        assert p.stat().st_size <= 300_000, p
