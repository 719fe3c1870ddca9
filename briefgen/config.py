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
    edit_url = c.Optional(c.Type(str))
    """Edit link of a briefing, ``{path}`` standing for the source path; derived from
    ``repo_url`` + ``edit_uri`` when unset."""
    feed = c.Type(bool, default=True)
    """Write ``feed.xml`` (RSS 2.0) of the latest briefings."""
