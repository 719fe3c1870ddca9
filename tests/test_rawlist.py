"""Long lists are raw HTML (Python-Markdown passes them through): source text stays text.

Every list page is rendered from a corpus whose title, publisher, name, role, sentence,
thread title and quote carry HTML, entities, Markdown syntax and a line reading ``</ul>``,
then converted as MkDocs converts it.  A reader must see each string as typed, inside the
list it belongs to, with no tag or handler of its own.
"""

from __future__ import annotations

from html.parser import HTMLParser

import markdown
from test_render import _article, _p

from briefgen.archive import RECENT
from briefgen.model import (
    Annotation,
    Appearance,
    Briefing,
    CanonicalEntity,
    Corpus,
    Entity,
    Quote,
    Thread,
)
from briefgen.render.rawlist import put_back, set_aside
from briefgen.site import render_site

#: Markup, an entity, emphasis, a link and code, each of which must reach the reader as typed.
HOSTILE = "<img src=x onerror=alert(1)> & &amp; *bold* _it_ [link](x.md) `code`"
TITLE = f"Port {HOSTILE}"
NAME = f"Ana {HOSTILE}"
#: A role and a quote that try to close the raw list and open a script after a blank line.
BREAKOUT = "\n</ul>\n\n<script>alert(2)</script>\n"
ROLE = f"Minister{BREAKOUT}of *ports*"
QUOTE = f"We are {HOSTILE}{BREAKOUT}ready"
SENTENCE = f"Ana said{BREAKOUT}so"

#: Each list page and how many of its rows name the hostile story or speaker.
LIST_PAGES = (
    "index.md",
    "briefings/index.md",
    "timeline/index.md",
    "timeline/2025-03.md",
    "entities/index.md",
    "entities/a-z/a.md",
    "entities/ana.md",
    "entities/ana/1.md",
    "quotes/index.md",
    "quotes/a.md",
)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _corpus() -> Corpus:
    """One hostile story and enough plain ones for Ana to need an archive page."""
    said = _flat(QUOTE)
    art = _article(
        "port-h",
        [_p(f"Ana said: “{said}”.")],
        date="2025-03-04",
        title=TITLE,
        publisher=f"Post {HOSTILE}",
    )
    qs = art.text.index(said)
    hostile = Briefing(
        Annotation(
            article=art,
            entities=(Entity(NAME, NAME, "PERSON", (), ROLE, 1, "x"),),
            quotes=(Quote(qs, qs + len(said), QUOTE, "full", NAME, "Ana", "said"),),
        ),
        {NAME: "ana"},
        thread="t",
    )
    plain = [
        Briefing(
            Annotation(article=_article(f"plain-{i:03d}", [_p("Ana spoke.")], date="2025-02-01")),
            {NAME: "ana"},
            thread="t" if i == 0 else None,
        )
        for i in range(RECENT)
    ]
    briefings = (hostile, *plain)
    apps = tuple(
        Appearance(b.slug, b.article.date, SENTENCE, 1, NAME) for b in briefings
    )
    ana = CanonicalEntity("ana", NAME, "PERSON", (), ROLE, "port-h", None, None, apps)
    return Corpus(briefings, (ana,), (Thread("t", f"Thread {HOSTILE}", ("plain-000", "port-h")),))


class _Read(HTMLParser):
    """The tags, attribute names and visible text of a page's HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.ends: list[str] = []
        self.attrs: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.update(name for name, _ in attrs)

    def handle_endtag(self, tag: str) -> None:
        self.ends.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _convert(page: str) -> str:
    """The page as MkDocs' default extensions (the sample site's) convert it."""
    body = page.split("\n---\n", 1)[-1]
    md = markdown.Markdown(
        extensions=["admonition", "attr_list", "pymdownx.details", "toc"],
        extension_configs={"toc": {"permalink": True}},
    )
    return md.convert(body)


def _raw_lists(page: str) -> list[list[str]]:
    """The lines of each raw ``<ul>`` block of a page's Markdown, from its ``<ul>`` line to the
    ``</ul>`` that closes it (source text is escaped, so every tag counted here is ours)."""
    blocks: list[list[str]] = []
    depth = 0
    for line in page.split("\n"):
        if depth == 0 and line == "<ul>":
            blocks.append([])
        if depth or line == "<ul>":
            blocks[-1].append(line)
            depth += line.count("<ul>") - line.count("</ul>")
    assert depth == 0
    return blocks


def test_source_text_in_raw_lists_reaches_the_reader_as_typed() -> None:
    pages = render_site(_corpus())
    assert set(LIST_PAGES) <= set(pages)
    for path in LIST_PAGES:
        lists = _raw_lists(pages[path])
        # A blank line would end a raw block early for Python-Markdown's older parsers and
        # for other Markdown readers: none inside, and one before and after each block.
        assert lists and all("" not in block for block in lists), path
        ended = pages[path].rstrip("\n") + "\n\n"  # the page's end ends a block too
        assert "\n\n<ul>\n" in ended and "\n</ul>\n\n" in ended, path
        read = _Read()
        read.feed(_convert(pages[path]))
        assert not {"img", "script"} & set(read.tags), path
        assert not [a for a in read.attrs if a.lower().startswith("on")], path
        # Every list closes where it opened: nothing in the text ended one early.
        assert read.tags.count("ul") == read.ends.count("ul") >= 1, path
        assert read.tags.count("li") == read.ends.count("li"), path
        seen = _flat("".join(read.text))
        assert HOSTILE in seen, (path, seen[:400])
        # Markdown syntax inside the text was not read: no emphasis or code was made of it.
        assert not {"code"} & set(read.tags), path


def test_breakout_lines_stay_inside_their_row() -> None:
    pages = render_site(_corpus())
    read = _Read()
    html = _convert(pages["quotes/a.md"])
    read.feed(html)
    seen = _flat("".join(read.text))
    # The role and the quote, each on one line of their row, their markup shown as text.
    assert _flat(f"{NAME}, {ROLE}") in seen
    assert f"“{_flat(QUOTE)}”" in seen
    assert "&lt;/ul&gt; &lt;script&gt;alert(2)&lt;/script&gt;" in html
    context = _convert(pages["entities/ana.md"])
    assert '<span class="bg-context">Ana said &lt;/ul&gt; &lt;script&gt;' in context


def test_rows_keep_the_structure_markdown_gave_them() -> None:
    pages = render_site(_corpus())
    html = _convert(pages["quotes/a.md"])
    # A speaker's row holds the list of their quotes, as a nested Markdown list did.
    assert html.count("<ul>") == 2 and html.count("<li>") == 2
    assert '<li><strong><a href="../entities/ana.md">Ana &lt;img' in html
    assert "(1 quote)<ul>\n<li>“We are &lt;img" in html
    month = _convert(pages["timeline/2025-03.md"])
    assert (
        '<li><strong>4 March 2025</strong>: <a href="../briefings/port-h.md">Port &lt;img'
    ) in month
    assert "<em>Thread &lt;img src=x onerror=alert(1)&gt; &amp; &amp;amp; *bold*" in month


def test_lists_set_aside_come_back_as_the_same_html() -> None:
    """What the plugin does around Python-Markdown (rawlist.set_aside, put_back) changes no
    byte of a page, and takes out exactly the raw lists (nested ones inside their block) and
    the pictures."""
    pages = render_site(_corpus())
    figures = 0
    for path in (*LIST_PAGES, "map/index.md"):
        page = pages[path]
        marked, blocks = set_aside(page)
        lists = [b for b in blocks if b.startswith("<ul>")]
        assert lists == ["\n".join(b) for b in _raw_lists(page)], path
        assert all(b.startswith('<div class="bg-') for b in blocks if b not in lists), path
        figures += len(blocks) - len(lists)
        assert "<ul>" not in marked and "<li>" not in marked and "<svg" not in marked, path
        assert put_back(_convert(marked), blocks) == _convert(page), path
    assert figures >= 2  # pictures were among them (the map, an entity page's)
    # A "<ul>" line inside a paragraph is not a block: left alone.
    text = "Some text\n<ul>\n<li>x</li>\n</ul>\n\nMore."
    assert set_aside(text) == (text, [])
