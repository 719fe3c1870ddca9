"""The plugin's options in ``mkdocs.yml``: schema only, validated by MkDocs' own machinery."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class BriefgenConfig(base.Config):
    """``plugins: - briefgen: {...}``; relative paths are relative to ``mkdocs.yml``."""

    sources_dir = c.Type(str, default="sources")
    glossary = c.Optional(c.Type(str))
    """Curated entities; default ``<sources_dir>/glossary.yml`` when that file exists."""
    model = c.Type(str, default="en_core_web_sm")
    related = c.Type(int, default=5)
    cache_dir = c.Type(str, default=".briefgen-cache")
    jobs = c.Type(int, default=0)
    """Processes that annotate uncached sources: 0 picks what is fastest (every core for a big
    batch, one process for a few sources), 1 keeps the work in the build process."""
    edit_url = c.Optional(c.Type(str))
    """Edit link of a briefing, ``{path}`` standing for the source path; derived from
    ``repo_url`` + ``edit_uri`` when unset."""
    feed = c.Type(bool, default=True)
    """Write ``feed.xml`` (RSS 2.0) of the latest briefings."""
    search = c.Choice(("pagefind", "material"), default="pagefind")
    """Who answers Material's search box: ``pagefind`` (a chunked index a query fetches in
    pieces: light at any size) or ``material`` (Material's own lunr index, one file)."""
    watch = c.Choice(("native", "poll"), default="native")
    """How ``mkdocs serve`` notices a save: ``native`` (the kernel's file notifications, on
    Linux) or ``poll`` (MkDocs' own: every watched file listed twice a second)."""
