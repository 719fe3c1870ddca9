"""``feed.xml``: RSS 2.0 of the newest briefings, written by feedgen.

A feed reader fetches the feed on its own, away from the site, so every link in it must be
absolute: a site without ``site_url`` gets no feed (see :func:`feed_problem`) rather than one
whose links lead nowhere.  The output is a function of the corpus alone: feedgen stamps
``lastBuildDate`` with the clock unless told otherwise, so it is set to the newest briefing's
date, and two builds of the same sources give the same bytes.
"""

from __future__ import annotations

import html
from datetime import UTC, datetime
from urllib.parse import urlsplit

from feedgen.feed import FeedGenerator
from lxml import etree

from briefgen.model import Article, Briefing, Corpus

#: Where the feed is published, relative to the site root.
FEED_PATH = "feed.xml"
#: Briefings in the feed, newest first; readers keep older items themselves.
FEED_SIZE = 50


def feed_problem(site_url: str) -> str | None:
    """Why no feed can be written for ``site_url``, or None when one can.

    RSS readers resolve nothing against the page they came from (there is none), so a relative
    ``<link>`` is a dead link in every reader; the plugin logs this reason instead.
    """
    parts = urlsplit(site_url or "")
    if parts.scheme in ("http", "https") and parts.netloc:
        return None
    found = f" (found {site_url!r})" if site_url else ""
    return (
        f"no {FEED_PATH} written: feed readers need absolute links; set site_url in "
        f"mkdocs.yml to the public address of the site{found}"
    )


def render_feed(
    corpus: Corpus, *, site_url: str, site_name: str, limit: int = FEED_SIZE
) -> str:
    """RSS 2.0 of the ``limit`` newest briefings, every link absolute under ``site_url``.

    Raises ValueError when ``site_url`` is not an absolute http(s) address (see
    :func:`feed_problem`).  Titles and descriptions are plain text: the description is
    HTML-escaped before lxml escapes it for XML, because readers render that element as
    HTML, so ``<script>`` in a source reaches a reader as the word, never as markup.
    """
    problem = feed_problem(site_url)
    if problem:
        raise ValueError(problem)
    base = site_url.rstrip("/") + "/"
    briefings = corpus.briefings[:limit]
    fg = FeedGenerator()
    fg.title(site_name or "Briefings")
    # feedgen takes the channel's <link> from the last link given: the self link goes first.
    fg.link(href=base + FEED_PATH, rel="self", type="application/rss+xml")
    fg.link(href=base, rel="alternate")
    fg.description(f"{site_name or 'Briefings'}: latest briefings")
    # A name without a version: upgrading a package must not change the feed's bytes.
    fg.generator("briefgen")
    dates = [d for d in (_published(b.article) for b in briefings) if d is not None]
    if dates:
        fg.lastBuildDate(max(dates))
    for b in briefings:
        _add_item(fg, b, base)
    xml = fg.rss_str(pretty=True)
    if not dates:
        xml = _without_build_date(xml)
    return xml.decode("utf-8")


def _add_item(fg: FeedGenerator, b: Briefing, base: str) -> None:
    art, ann = b.article, b.annotation
    entry = fg.add_entry(order="append")  # feedgen prepends by default: keep newest first
    entry.title(art.title)
    entry.link(href=f"{base}briefings/{b.slug}/")
    # The slug, as feeds have always carried it: a reader that saw an item keeps it as seen.
    entry.guid(b.slug, permalink=False)
    published = _published(art)
    if published is not None:
        entry.pubDate(published)
    glance = " ".join(_sentence(art, ann.sentences[i]) for i in ann.key_sentences)
    entry.description(html.escape(art.summary or glance, quote=False))


def _published(article: Article) -> datetime | None:
    """Midnight UTC of the article's date (``Article.day``, parsed once); None when undated."""
    day = article.day
    return None if day is None else datetime(day.year, day.month, day.day, tzinfo=UTC)


def _sentence(article: Article, span: tuple[int, int]) -> str:
    return " ".join(article.text[span[0] : span[1]].split())


def _without_build_date(xml: bytes) -> bytes:
    """The feed without ``lastBuildDate``: with no dated briefing there is no date that is a
    fact about the sources, and feedgen's default (the clock) would change every build."""
    root = etree.fromstring(xml)
    for element in root.iter("lastBuildDate"):
        element.getparent().remove(element)
    return etree.tostring(root, pretty_print=True, encoding="UTF-8", xml_declaration=True)
