"""The repository's sample site: every sample source published, indexes and search complete."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

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
    for e in corpus.entities:
        assert (site / "entities" / e.slug / "index.html").is_file()
    docs = json.loads((site / "search" / "search_index.json").read_text("utf-8"))["docs"]
    locations = {d["location"].split("#")[0] for d in docs}
    assert {f"briefings/{b.slug}/" for b in corpus.briefings} <= locations
    assert {f"entities/{e.slug}/" for e in corpus.entities} <= locations
    feed = (site / "feed.xml").read_text("utf-8")
    assert feed.count("<item>") == min(50, len(corpus.briefings))


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
