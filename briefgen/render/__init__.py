"""Corpus -> Markdown pages: pure functions, byte-stable output, every source string escaped.

Source text is data.  Everything that came from an article goes through
:mod:`briefgen.render.escape`, so no raw HTML, script or Markdown syntax in a source can become
live on a page; the only HTML in the output is the handful of tags written here, with escaped
attributes.

One job per module: ``escape`` (source text made inert), ``common`` (paths, dates, type
groups, front matter and the lookups of one render), ``cards`` (the hover cards' data),
``weave`` (the story's body with its links and quote highlights), ``briefing``, ``entity`` and
``feed`` (one page kind each).  The corpus facts the pages show (who earns a page, who is named
with whom, who said what) are :mod:`briefgen.facts`.  The names below are the ones the rest of
briefgen (and its tests and benches) imports from here.
"""

from __future__ import annotations

from briefgen.facts import co_mention_counts, co_mentions, paged_entities, quotes_by_speaker
from briefgen.model import Briefing, Quote
from briefgen.render.briefing import render_briefing
from briefgen.render.common import (
    HOME_LATEST,
    TYPE_GROUPS,
    UNLINKED_IN_BODY,
    _front_matter,
    _group_of,
    _Site,
    briefing_path,
    display_aliases,
    entity_path,
    fmt_date,
)
from briefgen.render.entity import _quote_block, render_entity
from briefgen.render.escape import _block_safe, md_escape

__all__ = [
    "HOME_LATEST",
    "TYPE_GROUPS",
    "UNLINKED_IN_BODY",
    "_Site",
    "_block_safe",
    "_front_matter",
    "_group_of",
    "_quote_block",
    "_quotes_by_speaker",
    "briefing_path",
    "co_mention_counts",
    "co_mentions",
    "display_aliases",
    "entity_path",
    "fmt_date",
    "md_escape",
    "paged_entities",
    "render_briefing",
    "render_entity",
]


def _quotes_by_speaker(site: _Site) -> dict[str, list[tuple[Briefing, Quote]]]:
    """:func:`briefgen.facts.quotes_by_speaker` under its old name and argument, for callers
    that hold a :class:`_Site` (the benches)."""
    return quotes_by_speaker(site.corpus)
