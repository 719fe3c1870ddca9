"""Everything briefgen adds to a site: generated pages, its stylesheet and scripts, the feed.

One list for the plugin and for ``briefgen export``, so an export holds exactly the files a
build publishes (``tests/test_golden.py`` compares the two) and neither can drift: before this
module the export left out the feed, the stylesheet and the home page's intro.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from briefgen.model import Corpus
from briefgen.pagememo import PageMemo
from briefgen.render.feed import FEED_PATH, feed_problem, render_feed
from briefgen.site import render_site

_HERE = Path(__file__).parent
CSS_PATH = "assets/briefgen.css"
#: The cards on names and quotes, and zoom on the pictures (no other script, no request).
READER_JS_PATH = "assets/briefgen-reader.js"
#: Drives Material's search box with Pagefind; shipped only when Pagefind answers it.
SEARCH_JS_PATH = "assets/briefgen-search.js"


@dataclass(frozen=True)
class SiteOptions:
    """What of a project's ``mkdocs.yml`` decides the files briefgen adds."""

    site_url: str = ""
    site_name: str = ""
    feed: bool = True
    search: str = "pagefind"
    home_intro: str = ""
    """The hand-written ``docs/index.md``, which the generated home page opens with."""


def asset_files(search: str) -> dict[str, str]:
    """The stylesheet and scripts, ``{site path: content}``, read from the package."""
    names = {CSS_PATH: "briefgen.css", READER_JS_PATH: "briefgen-reader.js"}
    if search == "pagefind":
        names[SEARCH_JS_PATH] = "briefgen-search.js"
    return {path: (_HERE / name).read_text(encoding="utf-8") for path, name in names.items()}


def publishes_feed(options: SiteOptions) -> bool:
    """Whether the site gets ``feed.xml``: asked for, and an absolute address to link from."""
    return options.feed and feed_problem(options.site_url) is None


def extra_files(corpus: Corpus, options: SiteOptions) -> dict[str, str]:
    """The files beside the pages: assets, and the feed when it is wanted and can be made."""
    files = asset_files(options.search)
    if publishes_feed(options):
        files[FEED_PATH] = render_feed(
            corpus, site_url=options.site_url, site_name=options.site_name
        )
    return files


def published_files(
    corpus: Corpus, options: SiteOptions, *, memo: PageMemo | None = None
) -> tuple[dict[str, str], dict[str, str]]:
    """``(pages, extras)``: the generated Markdown pages and the files published as they are."""
    pages = render_site(
        corpus, home_intro=options.home_intro, memo=memo, feed=publishes_feed(options)
    )
    return pages, extra_files(corpus, options)


def missing_feed_note(options: SiteOptions) -> str | None:
    """Why a wanted feed is not published (for the build's log), or None."""
    return feed_problem(options.site_url) if options.feed else None
