"""The saved-page reader (``.html``/``.htm``): trafilatura finds the main text and metadata.

Hand-written extraction rules break on the next site redesign; trafilatura is maintained for
exactly this.  It is imported on the first HTML source only, and a failed import is a message
about that source rather than a stopped build.
"""

from __future__ import annotations

import bisect
import html
import itertools
import xml.etree.ElementTree as ET
from types import ModuleType

from briefgen.datelines import first_dateline
from briefgen.errors import SourceError
from briefgen.model import Article, Block, Segment
from briefgen.slug import slugify
from briefgen.sources.clean import _is_web_url, _same_words, clean_text
from briefgen.sources.dates import iso, metadata_date

#: trafilatura's XML element -> Block kind.
_XML_KINDS = {"p": "p", "head": "h", "item": "li", "quote": "quote"}

#: What ``pip install`` needs for the HTML reader, named in the message when an import fails.
_HTML_PACKAGES = "trafilatura lxml lxml_html_clean"


def _import_trafilatura(name: str) -> ModuleType:
    """trafilatura, imported on the first HTML source; a :class:`SourceError` if it cannot be.

    The import is deferred because it is heavy and only HTML sources need it.  It fails on an
    install that skipped a package trafilatura needs (jusText imports ``lxml.html.clean``, a
    separate package since lxml 5.2, which the pip Python 3.11 ships does not install), and a
    traceback there would stop the whole build: as a message about this source, the other
    sources still publish and ``--strict`` still fails the build.
    """
    try:
        import trafilatura
    except ImportError as exc:
        if isinstance(exc, ModuleNotFoundError) and exc.name:
            found = f"the Python module {exc.name!r} is not installed"
        else:
            found = " ".join(str(exc).split())
        raise SourceError(
            name,
            1,
            f"cannot read HTML pages: importing trafilatura failed ({found}); "
            f"install the HTML reader's packages with `pip install {_HTML_PACKAGES}` "
            "(reinstalling briefgen installs them too)",
        ) from None
    return trafilatura


def _read_html(text: str, name: str) -> Article:
    trafilatura = _import_trafilatura(name)
    xml = trafilatura.extract(
        text,
        output_format="xml",
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        include_formatting=False,
        favor_precision=True,
        deduplicate=False,
    )
    if not xml:
        raise SourceError(
            name, 1, "no article text found in the HTML page (is it a saved news article?)"
        )
    root = ET.fromstring(xml)
    lines = _LineFinder(text)
    blocks: list[Block] = []
    main = root.find("main")
    parents = {child: parent for parent in root.iter() for child in parent}
    search_from = 0
    for el in main.iter() if main is not None else ():
        kind = _XML_KINDS.get(el.tag)
        if kind is None:
            continue
        if kind in ("quote", "li") and any(child.tag in _XML_KINDS for child in el):
            if kind == "quote":
                continue  # its paragraphs come as their own elements
        elif _has_ancestor(el, parents, "item"):
            continue  # a paragraph inside a list item is part of that item's text
        content = clean_text(_element_text(el))
        if not content:
            continue
        if kind == "p" and _has_ancestor(el, parents, "quote"):
            kind = "quote"
        line = lines.find(content, search_from)
        search_from = max(search_from, line - 1)
        blocks.append(Block(kind, (Segment(content),), line))
    title = clean_text(root.get("title") or "")
    if not title:
        raise SourceError(name, 1, "no title found in the HTML page: add a <title> or <h1>")
    if blocks and blocks[0].kind == "h" and _same_words(blocks[0].text, title):
        blocks = blocks[1:]
    if not blocks:
        raise SourceError(
            name, 1, "no article text found in the HTML page (is it a saved news article?)"
        )
    url = root.get("url") or None
    if url and not _is_web_url(url):
        url = None
    return Article(
        source=name,
        slug=slugify(title),
        title=title,
        date=iso(metadata_date(root.get("date"))),
        publisher=clean_text(root.get("sitename") or "") or None,
        url=url,
        author=clean_text(root.get("author") or "") or None,
        summary=clean_text(root.get("description") or "") or None,
        dateline=first_dateline(blocks),
        blocks=tuple(blocks),
        fmt="html",
    )


def _has_ancestor(el: ET.Element, parents: dict[ET.Element, ET.Element], tag: str) -> bool:
    node = parents.get(el)
    while node is not None:
        if node.tag == tag:
            return True
        node = parents.get(node)
    return False


def _element_text(el: ET.Element) -> str:
    """All text of an element; a line break (``<lb/>``) counts as a space, not as nothing."""
    parts = [el.text or ""]
    for child in el:
        if child.tag == "lb":
            parts.append(" ")
        else:
            parts.append(_element_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


class _LineFinder:
    """Best-effort lines of paragraphs in a saved page (0 when markup hides one).

    The lines are cleaned once, and each search starts at the previous block's line, so text
    repeated in the page's metadata (a description) does not pull every line number to the
    top.  A paragraph that is not found is looked for only :data:`WINDOW` characters ahead:
    a 2 MB page of paragraphs whose first words hold markup would otherwise cost its size
    squared (hours) in searches that all fail.
    """

    WINDOW = 50_000

    def __init__(self, text: str) -> None:
        lines = [clean_text(html.unescape(line)) for line in text.split("\n")]
        self.text = "\n".join(lines)
        self.starts = list(itertools.accumulate((len(line) + 1 for line in lines[:-1]), initial=0))

    def find(self, content: str, start: int) -> int:
        """1-based line of ``content``'s first words at or after 0-based line ``start``."""
        needle = " ".join(content.split()[:5])
        begin = self.starts[min(start, len(self.starts) - 1)]
        hit = self.text.find(needle, begin, begin + self.WINDOW)
        return 0 if hit < 0 else bisect.bisect_right(self.starts, hit)
