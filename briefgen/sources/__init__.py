"""Read a source file into an :class:`~briefgen.model.Article`.

One reader per format, all producing the same value object:

* Markdown with YAML front matter (:mod:`.markdown`, front matter in :mod:`.frontmatter`): the
  body is parsed with markdown-it-py, so links, code spans and raw HTML become their own
  :class:`~briefgen.model.Segment` kinds and the annotator can never insert a link inside them.
* Scraped plain text (:mod:`.text`): a news page copied as text, with the debris scrapers leave.
  General layout rules separate that debris from the story; nothing here knows any particular
  story.
* A saved HTML page (:mod:`.html`): trafilatura finds the main text and the metadata, because
  hand-written extraction regexes break on the next site redesign.

:mod:`.read` picks the reader and bounds the work; :mod:`.clean` and :mod:`.dates` are shared by
all readers, and datelines by the quote and entity rules too (:mod:`briefgen.datelines`).

Every problem is a :class:`~briefgen.errors.SourceError` (``path:line: message``) that says what
was expected and what was found.  Problems that do not stop the article from being published (an
unknown front-matter key) are returned as warnings by :func:`read_source_with_warnings`.
"""

from __future__ import annotations

from briefgen.sources.clean import MAX_SYMBOL_RUN, clean_text
from briefgen.sources.dates import parse_date
from briefgen.sources.frontmatter import KNOWN_KEYS
from briefgen.sources.read import (
    FORMATS,
    MAX_SOURCE_BYTES,
    MAX_TEXT_CHARS,
    MAX_TEXT_TOKENS,
    check_file_size,
    discover,
    read_source,
    read_source_with_warnings,
)

__all__ = [
    "FORMATS",
    "KNOWN_KEYS",
    "MAX_SOURCE_BYTES",
    "MAX_SYMBOL_RUN",
    "MAX_TEXT_CHARS",
    "MAX_TEXT_TOKENS",
    "check_file_size",
    "clean_text",
    "discover",
    "parse_date",
    "read_source",
    "read_source_with_warnings",
]
