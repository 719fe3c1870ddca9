"""Long lists written as raw HTML, which Python-Markdown passes through untouched.

Python-Markdown's inline processing (links, emphasis, escapes) costs about a millisecond per
few hundred bytes: a quotes letter page or an archive part of a busy name took most of a
second to convert, and a save re-renders dozens of them.  The same list given as one raw HTML
block is stored whole and skipped by every inline pattern (1,000 briefings: quotes letter
pages 617 -> 220 ms, archive parts 485 -> 209 ms, in MkDocs' own ``Page.render``; the HTML
parsing that was left, Python-Markdown's and MkDocs' anchor scan, the plugin now avoids with
:func:`set_aside` and :func:`put_back`).  So the
renderers of big list pages write their rows here, as the very HTML Python-Markdown made of
the Markdown list lines before (``<ul>``, ``<li>``, ``<strong>``, ``<em>``, ``<a>``), and keep
headings, pagers and prose in Markdown (headings give the table of contents its anchors).

Rules that keep a raw block a block and keep source text inert:

- Every piece of source text goes through :func:`text` (HTML-escaped, so ``<``, ``&`` and a
  line reading ``</ul>`` are characters; on one line, so no blank line can end the block
  early).  Markdown syntax in it (``*``, ``_``, ``[``, backticks) stays as typed: nothing
  parses it inside a raw block.
- Links keep the ``.md`` path relative to the page, as the Markdown used;
  :func:`briefgen.graph.resolve_doc_links` gives them the site's URL (MkDocs itself rewrites
  only the links of Markdown).
- :func:`block` starts at a line start, with a blank line before and after and none inside.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

#: A run of whitespace holding a line break: a break inside a raw block could end it early
#: (at a blank line) or start Markdown again after it.
_BREAK = re.compile(r"\s*[\r\n]\s*")

#: A list item: its inner HTML, and the items of a list nested under it (may be empty).
Item = tuple[str, Sequence[str]]


def text(source: str) -> str:
    """Source text as HTML text: escaped (``"`` and ``'`` kept, as Python-Markdown keeps them,
    so a page's bytes stay what they were) and on one line."""
    return html.escape(_BREAK.sub(" ", source), quote=False)


def link(href: str, label: str) -> str:
    """``<a>`` to a docs-relative ``.md`` path (with an optional ``#fragment``); ``label`` is
    HTML already (pass source text through :func:`text`)."""
    return f'<a href="{html.escape(href, quote=True)}">{label}</a>'


def strong(inner: str) -> str:
    return f"<strong>{inner}</strong>"


def em(inner: str) -> str:
    return f"<em>{inner}</em>"


def item(inner: str, children: Sequence[str] = ()) -> str:
    """One ``<li>``, with a nested list when ``children`` (inner HTML of each) is given; laid
    out as Python-Markdown lays out a nested list, without blank lines."""
    if not children:
        return f"<li>{inner}</li>"
    nested = "\n".join(f"<li>{c}</li>" for c in children)
    return f"<li>{inner}<ul>\n{nested}\n</ul>\n</li>"


def block(items: Iterable[str]) -> list[str]:
    """Markdown lines holding one ``<ul>`` of ``items`` (from :func:`item`) as a raw HTML
    block: a blank line either side; nothing at all for no items."""
    rows = list(items)
    if not rows:
        return []
    return ["", "<ul>", *rows, "</ul>", ""]


#: A raw block the renderers wrote, after a blank line and before one (or the end): a list of
#: :func:`block`, from its ``<ul>`` line to the ``</ul>`` line a blank line follows (a nested
#: list's ``</ul>`` is followed by ``</li>``), or a picture of ``briefgen.pictures``, one
#: line.  A source line never starts with ``<`` (it is escaped), so only these match.
_BLOCK = re.compile(
    r'(?<=\n\n)(?:<ul>\n.*?\n</ul>|<div class="bg-(?:figure|map)[^\n]*</div>)(?=\n\n|\n?\Z)',
    re.S,
)
#: What stands in a block's place while Python-Markdown converts the page.
_MARK = '<div data-bg-raw="{}"></div>'
_MARKED = re.compile(r'<div data-bg-raw="(\d+)"></div>')


def set_aside(markdown: str) -> tuple[str, list[str]]:
    """The page with each raw list and picture replaced by a short mark, and them in order.

    Python-Markdown passes a raw block through unchanged, but it first reads it with an HTML
    parser written in Python, and MkDocs reads it again for anchors: on list pages that was
    most of the page's conversion (the two parsers were a quarter of a 10,000-briefing
    build's Markdown time, bare MkDocs included).  A mark is a raw block too, so the page's
    HTML around it is what it was, and :func:`put_back` gives the identical bytes.
    """
    blocks: list[str] = []

    def mark(m: re.Match[str]) -> str:
        blocks.append(m.group(0))
        return _MARK.format(len(blocks) - 1)

    return _BLOCK.sub(mark, markdown), blocks


def put_back(html_text: str, blocks: Sequence[str]) -> str:
    """The converted page with every mark replaced by its list (see :func:`set_aside`)."""
    if not blocks:
        return html_text
    return _MARKED.sub(lambda m: blocks[int(m.group(1))], html_text)
