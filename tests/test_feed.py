"""feed.xml: absolute links or no feed, an atom self link, the same bytes in every build."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest

from briefgen.model import Annotation, Article, Block, Briefing, Corpus, Segment
from briefgen.publish import SiteOptions, extra_files, missing_feed_note, published_files
from briefgen.render.feed import feed_problem, render_feed

ATOM = "{http://www.w3.org/2005/Atom}"


def _briefing(slug: str, date: str | None, text: str, summary: str | None = None) -> Briefing:
    art = Article(
        source=f"sources/{slug}.md",
        slug=slug,
        title=f"{slug.replace('-', ' ').title()} <b>&</b>",
        date=date,
        summary=summary,
        blocks=(Block(kind="p", segments=(Segment(text=text),)),),
    )
    return Briefing(Annotation(article=art, sentences=((0, len(text)),), key_sentences=(0,)))


def _corpus(*dates: str | None) -> Corpus:
    briefings = tuple(
        _briefing(f"story-{i}", d, f"Story {i} says <script>alert({i})</script> loudly.")
        for i, d in enumerate(dates)
    )
    return Corpus(briefings, ())


@pytest.mark.parametrize(
    ("site_url", "ok"),
    [
        ("https://news.example.org/", True),
        ("http://localhost:8000/sub/", True),
        ("", False),
        ("./", False),
        ("/briefings/", False),
        ("news.example.org", False),
        ("ftp://news.example.org/", False),
        ("https://", False),
    ],
)
def test_a_feed_needs_an_absolute_site_url(site_url: str, ok: bool) -> None:
    assert (feed_problem(site_url) is None) == ok
    if not ok:
        with pytest.raises(ValueError, match="set site_url in mkdocs.yml"):
            render_feed(_corpus("2025-03-01"), site_url=site_url, site_name="S")


def test_without_a_site_url_the_build_adds_no_feed_and_says_why() -> None:
    options = SiteOptions(site_url="", site_name="S")
    assert "feed.xml" not in extra_files(_corpus("2025-03-01"), options)
    assert "absolute links" in (missing_feed_note(options) or "")
    # Asked for no feed: nothing to say.
    assert missing_feed_note(replace(options, feed=False)) is None
    with_url = replace(options, site_url="https://news.example.org")
    assert "feed.xml" in extra_files(_corpus("2025-03-01"), with_url)
    assert missing_feed_note(with_url) is None


def test_channel_links_are_absolute_with_an_atom_self_link() -> None:
    feed = render_feed(_corpus("2025-03-01"), site_url="https://news.example.org/x", site_name="S")
    channel = ET.fromstring(feed.encode()).find("channel")
    assert channel is not None
    assert channel.findtext("link") == "https://news.example.org/x/"
    self_link = channel.find(f"{ATOM}link")
    assert self_link is not None and self_link.attrib == {
        "href": "https://news.example.org/x/feed.xml",
        "rel": "self",
        "type": "application/rss+xml",
    }
    item = channel.find("item")
    assert item is not None
    assert item.findtext("link") == "https://news.example.org/x/briefings/story-0/"
    assert item.findtext("guid") == "story-0"
    assert "./" not in feed


def test_last_build_date_is_the_newest_briefings_date_not_the_clock() -> None:
    corpus = _corpus("2025-06-25", "2025-08-01", None, "2025-02-11")
    first = render_feed(corpus, site_url="https://n.example/", site_name="S")
    second = render_feed(corpus, site_url="https://n.example/", site_name="S")
    assert first == second
    channel = ET.fromstring(first.encode()).find("channel")
    assert channel is not None
    assert channel.findtext("lastBuildDate") == "Fri, 01 Aug 2025 00:00:00 +0000"
    # Items keep the corpus order (newest first) and undated ones carry no pubDate.
    assert [i.findtext("guid") for i in channel.iter("item")] == [
        "story-0", "story-1", "story-2", "story-3"]
    assert [i.findtext("pubDate") for i in channel.iter("item")][2] is None


def test_with_no_dated_briefing_there_is_no_build_date_at_all() -> None:
    feed = render_feed(_corpus(None, "not a date"), site_url="https://n.example/", site_name="S")
    assert "lastBuildDate" not in feed
    assert feed == render_feed(_corpus(None, "not a date"), site_url="https://n.example/",
                               site_name="S")


def test_titles_and_descriptions_are_text_never_markup() -> None:
    corpus = Corpus((_briefing("a", "2025-01-01", "x", summary="Ships <img src=x onerror=y> & co"),
                     *_corpus("2025-01-02").briefings), ())
    feed = render_feed(corpus, site_url="https://n.example/", site_name="S <i>")
    root = ET.fromstring(feed.encode())
    assert root.findtext("channel/title") == "S <i>"  # XML text: a reader shows it as written
    items = list(root.iter("item"))
    assert items[0].findtext("title") == "A <b>&</b>"
    # Descriptions are rendered as HTML by readers: once XML-decoded they hold no tag.
    assert items[0].findtext("description") == "Ships &lt;img src=x onerror=y&gt; &amp; co"
    assert "&lt;script&gt;" in (items[1].findtext("description") or "")



def test_the_home_page_links_the_feed_only_when_the_site_has_one() -> None:
    corpus = _corpus("2025-03-01")
    with_url = SiteOptions(site_url="https://n.example/", site_name="S")
    pages, extras = published_files(corpus, with_url)
    assert "[RSS feed](feed.xml)" in pages["index.md"] and "feed.xml" in extras
    # No address, or no feed asked for: no feed, and no link to one (a dead link fails
    # `mkdocs build --strict`).
    for options in (replace(with_url, site_url=""), replace(with_url, feed=False)):
        pages, extras = published_files(corpus, options)
        assert "feed.xml" not in pages["index.md"] and "feed.xml" not in extras
