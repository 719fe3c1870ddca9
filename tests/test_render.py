"""Rendering: hand-built corpora in, Markdown (and the HTML Python-Markdown makes of it) out."""

from __future__ import annotations

import markdown
import pytest

from briefgen.model import (
    Annotation,
    Appearance,
    Article,
    Block,
    Briefing,
    CanonicalEntity,
    Corpus,
    Entity,
    Mention,
    Quote,
    Related,
    Segment,
    Thread,
)
from briefgen.render import md_escape
from briefgen.render.feed import render_feed
from briefgen.site import render_site


def _article(slug: str, blocks: list[Block], **kw) -> Article:
    return Article(
        source=f"sources/{slug}.md",
        slug=slug,
        title=kw.pop("title", slug.title()),
        blocks=tuple(blocks),
        **kw,
    )


def _p(*segments: Segment | str, kind: str = "p") -> Block:
    return Block(kind, tuple(Segment(s) if isinstance(s, str) else s for s in segments))


def _corpus() -> Corpus:
    body = [
        _p("Harbour Minister Ana Lund said the port will reopen. Lund spoke in Tallinn."),
        _p("“We are ready,” Lund said, after the vote."),
        _p("More Ships", kind="h"),
        _p(
            "Lund added that ",
            Segment("[", "markup", "["),
            Segment("Lund", "link"),
            Segment("](https://example.org)", "markup", "](https://example.org)"),
            " had a ",
            Segment("<script>alert(1)</script>", "html"),
            " page.",
        ),
    ]
    art = _article(
        "port-reopens",
        body,
        date="2025-03-04",
        publisher="Harbour Post <b>",
        summary="The port is back *open*.",
    )
    text = art.text

    def at(needle: str, nth: int = 0) -> tuple[int, int]:
        start = -1
        for _ in range(nth + 1):
            start = text.index(needle, start + 1)
        return start, start + len(needle)

    mentions = []
    for needle, nth in [("Ana Lund", 0), ("Lund", 1), ("Lund", 2), ("Lund", 3), ("Lund", 4)]:
        s, e = at(needle, nth)
        mentions.append(Mention(s, e, needle, "Ana Lund"))
    s, e = at("Tallinn")
    mentions.append(Mention(s, e, "Tallinn", "Tallinn"))
    qs, qe = at("We are ready,")
    ann = Annotation(
        article=art,
        mentions=tuple(sorted(mentions, key=lambda m: m.start)),
        entities=(
            Entity("Ana Lund", "Ana Lund", "PERSON", ("Lund",), "Harbour Minister", 5, "x"),
            Entity("Tallinn", "Tallinn", "GPE", (), None, 1, "x"),
        ),
        quotes=(Quote(qs, qe, "We are ready,", "full", "Ana Lund", "Lund", "said"),),
        sentences=((0, 52), (53, 74)),
        key_sentences=(0,),
    )
    other = Annotation(
        article=_article(
            "port-strike", [_p("Workers at the port went on strike.")], date="2025-02-01"
        )
    )
    entities = (
        CanonicalEntity(
            "ana-lund",
            "Ana Lund",
            "PERSON",
            ("Lund",),
            "Harbour Minister",
            "port-reopens",
            None,
            None,
            # Named in both briefings, so she has a page (facts.paged_entities).
            (
                Appearance("port-reopens", "2025-03-04", "x", 5, "Ana Lund"),
                Appearance("port-strike", "2025-02-01", "y", 1, "Ana Lund"),
            ),
        ),
        CanonicalEntity(
            "tallinn",
            "Tallinn",
            "GPE",
            (),
            None,
            None,
            None,
            None,
            (Appearance("port-reopens", "2025-03-04", "x", 1, "Tallinn"),),
        ),
    )
    briefings = (
        Briefing(
            ann,
            {"Ana Lund": "ana-lund", "Tallinn": "tallinn"},
            (Related("port-strike", 0.5, ("Ana Lund",)),),
            (),
            "port",
        ),
        Briefing(other, {}, (Related("port-reopens", 0.5, ("Ana Lund",)),), (), "port"),
    )
    return Corpus(
        briefings, entities, (Thread("port", "Port dispute", ("port-strike", "port-reopens")),)
    )


def _html(md: str) -> str:
    return markdown.markdown(md, extensions=["admonition", "attr_list", "pymdownx.details"])


@pytest.mark.parametrize(
    ("text", "html_has", "html_lacks"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;", "<script>"),
        ("a *b* _c_ `d`", "a *b* _c_ `d`", "<em>"),
        ("[x](javascript:alert(1))", "[x](javascript:alert(1))", "<a "),
        ("{: onclick=alert(1) }", "{: onclick=alert(1) }", 'onclick="'),
        ("AT&T <img src=x onerror=alert(1)>", "AT&amp;T &lt;img", "<img"),
    ],
)
def test_md_escape_keeps_source_text_inert(text: str, html_has: str, html_lacks: str) -> None:
    out = _html(md_escape(text))
    assert html_has in out
    assert html_lacks not in out


def test_briefing_links_first_mention_per_section_with_hover_card() -> None:
    page = render_site(_corpus())["briefings/port-reopens.md"]
    html = _html(page)
    # The card's data (briefgen-reader.js draws it): canonical name, type, role and where the
    # role comes from, aliases, and that the name has a page (the link's target), whose own
    # data-bg-count gives the card its number of briefings.
    link = (
        '<a data-bg-aliases="Lund" data-bg-card="entity" '
        'data-bg-name="Ana Lund" data-bg-page="1" data-bg-role="Harbour Minister" '
        'data-bg-role-from="this briefing" data-bg-type="Person" href="../entities/ana-lund.md">'
    )
    # Linked once before the heading and once after it, never inside the source's own link.
    assert html.count(link) == 2
    assert '<a href="https://example.org">Lund</a>' in html
    # No title: Material's tooltip would show beside the card.
    assert "title=" not in html.split("<h2")[0].split("</h1>")[1]
    # Tallinn is named in one briefing only: no page; the body and the glossary point at each
    # other, and the card carries what its page would have said (no data-bg-page).
    assert "entities/tallinn.md" not in html
    assert (
        '<a data-bg-briefings="1" data-bg-card="entity" data-bg-name="Tallinn" '
        'data-bg-type="Place" href="#g-tallinn" id="m-tallinn">Tallinn</a>'
    ) in html
    assert '<a href="#m-tallinn" id="g-tallinn">Tallinn</a> (1 mention)' in html


def test_pages_only_for_entities_that_earn_them() -> None:
    """Curated or in two briefings: a page; a one-briefing name: none."""
    from dataclasses import replace

    corpus = _corpus()
    pages = render_site(corpus)
    assert "entities/ana-lund.md" in pages  # two briefings
    assert "entities/tallinn.md" not in pages  # one briefing, not quoted, not curated
    tallinn = replace(corpus.entities[1], curated=True)
    curated = replace(corpus, entities=(corpus.entities[0], tallinn))
    assert "entities/tallinn.md" in render_site(curated)
    second = Appearance("port-strike", "2025-02-01", "y", 1, "Tallinn")
    two = replace(
        corpus,
        entities=(
            corpus.entities[0],
            replace(corpus.entities[1], appearances=(*corpus.entities[1].appearances, second)),
        ),
    )
    assert "entities/tallinn.md" in render_site(two)
    html = _html(render_site(two)["briefings/port-reopens.md"])
    assert html.count('href="../entities/tallinn.md"') == 2  # body + glossary


def test_briefing_never_emits_source_html_live() -> None:
    page = render_site(_corpus())["briefings/port-reopens.md"]
    html = _html(page)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "Harbour Post &lt;b&gt;" in html


def test_quote_highlighted_with_speaker_and_key_quotes() -> None:
    page = render_site(_corpus())["briefings/port-reopens.md"]
    html = _html(page)
    assert (
        '<span class="bg-quote" tabindex="0" data-bg-card="quote" data-bg-speaker="Ana Lund" '
        'data-bg-role="Harbour Minister" data-bg-href="../entities/ana-lund.md" '
        'data-bg-page="1" data-bg-cue="said">“We are ready,”</span>'
    ) in html
    assert "## Key quotes" in page
    assert "> — [Ana Lund](../entities/ana-lund.md), Harbour Minister" in page


def test_speaker_without_a_page_leads_to_the_glossary_entry() -> None:
    """Quoted once, in one briefing: no page, so the quote's card, its key quote and the
    quotes index lead to her glossary entry in that briefing, never to a missing page."""
    from dataclasses import replace

    corpus = _corpus()
    ana = replace(corpus.entities[0], appearances=corpus.entities[0].appearances[:1])
    one = replace(corpus, entities=(ana, corpus.entities[1]))
    pages = render_site(one)
    assert "entities/ana-lund.md" not in pages
    assert not any("entities/ana-lund.md" in page for page in pages.values())
    page = pages["briefings/port-reopens.md"]
    html = _html(page)
    assert 'data-bg-href="#g-ana-lund" data-bg-cue="said"' in html  # no data-bg-page
    assert "> — [Ana Lund](#g-ana-lund), Harbour Minister" in page
    assert 'id="g-ana-lund"' in html
    letter = pages["quotes/a.md"]
    assert 'href="../briefings/port-reopens.md#g-ana-lund"' in letter
    assert "all 1 quotes" not in letter and "#quotes" not in letter
    assert 'href="../briefings/port-reopens.md#g-ana-lund"' in pages["quotes/index.md"]


def test_glossary_related_thread_sections() -> None:
    page = render_site(_corpus())["briefings/port-reopens.md"]
    assert "## Glossary {: .bg-glossary }" in page
    assert "### People (1) {: #glossary-people }\n\n<ul>\n" in page
    # The rows are raw HTML (briefgen.render.rawlist): what Python-Markdown made of them.
    assert (
        '<li><a href="../entities/ana-lund.md">Ana Lund</a>: Harbour Minister (5 mentions)</li>'
    ) in _html(page)
    assert "### Places (1) {: #glossary-places }" in page
    assert '<li><a href="#m-tallinn" id="g-tallinn">Tallinn</a> (1 mention)</li>' in _html(page)
    assert (
        '<li><a href="port-strike.md">Port-Strike</a> (1 February 2025): shares Ana Lund</li>'
    ) in _html(page)
    assert '??? info "The story so far: Port dispute"' in page


def test_entity_page_lists_briefings_and_quotes() -> None:
    page = render_site(_corpus())["entities/ana-lund.md"]
    assert "**Person** · Harbour Minister" in page
    assert (
        '<li><strong>4 March 2025</strong>: <a href="../briefings/port-reopens.md">Port-Reopens</a>'
        '\n<span class="bg-context">'
    ) in _html(page)
    assert "## Quotes (1)" in page and "“We are ready,”" in page
    assert "Also known as: Lund" in page


def test_indexes_and_byte_stable() -> None:
    first = render_site(_corpus())
    assert first == render_site(_corpus())
    assert set(first) == {
        "index.md",
        "briefings/index.md",
        "entities/index.md",
        "quotes/index.md",
        "timeline/index.md",
        "briefings/port-reopens.md",
        "briefings/port-strike.md",
        "entities/ana-lund.md",
        "entities/a-z/a.md",
        "quotes/a.md",
        "timeline/2025-03.md",
        "timeline/2025-02.md",
        "map/index.md",
    }
    assert "## People" in first["entities/a-z/a.md"]
    assert "[A](a-z/a.md) (1)" in first["entities/index.md"]
    assert (
        '<a href="../briefings/port-reopens.md">Port-Reopens</a> · Harbour Post &lt;b&gt;'
        " · <em>Port dispute</em></li>"
    ) in first["timeline/2025-03.md"]
    assert "[March 2025](../timeline/2025-03.md) (1 briefing)" in first["briefings/index.md"]
    assert "### Port dispute" in first["timeline/index.md"]
    feed = render_feed(_corpus(), site_url="https://news.example", site_name="S")
    assert "<link>https://news.example/briefings/port-reopens/</link>" in feed


def _hostile_corpus() -> Corpus:
    title = "Plain </title><script>alert(1)</script>"
    body = [
        _p("# heading"),
        _p("1. not a list", kind="li"),
        _p("--- rule", kind="quote"),
        _p("Heading ##", kind="h"),
        _p("“We will finish,” said the director of [x](onmouseover=alert(1)//)."),
    ]
    art = _article("h", body, title=title, summary='x"><script>alert(2)</script>',
                   tags=("``", "a`b"), url="https://e.org/a<b>'c'(d)")
    text = art.text
    qs = text.index("We will")
    ann = Annotation(
        article=art,
        quotes=(Quote(qs, qs + len("We will finish,"), "We will finish,", "full", None,
                      "the director of [x](onmouseover=alert(1)//)", "said"),),
    )
    return Corpus((Briefing(ann),), ())


def test_hostile_source_never_becomes_markup() -> None:
    page = render_site(_hostile_corpus())["briefings/h.md"]
    front, body = page.split("\n---\n", 1)
    assert "<script>" not in front and "&lt;/title&gt;&lt;script&gt;" in front
    html = _html(body)
    assert "<script>" not in html
    for tag in ("<h1>heading", "<ol>"):
        assert tag not in html, tag
    assert html.count("<hr") == 1  # the renderer's own rule above the source line
    assert "--- rule" in html
    assert "Heading ##</h3>" in html
    assert 'href="onmouseover' not in html
    assert 'data-bg-speaker="the director of &#91;x&#93;(onmouseover=alert(1)//)"' in html
    assert "<code>``</code>" in html.replace(" ", "") or "<code>``</code>" in html
    assert "a`b" in html
    assert 'href="https://e.org/a%3Cb%3E%27c%27%28d%29"' in html


def test_aliases_shown_once_per_spelling() -> None:
    """Capitals, non-breaking spaces and stray caps are typesetting, not other names."""
    from briefgen.render import display_aliases

    shown = display_aliases("Donald Trump", ("DONALD TRUMP", "Donald", "Donald J. Trump",
                                             "Donald\u00a0Trump", "TRUMP", "Trump"))
    assert shown == ["Donald", "Donald J. Trump", "Trump"]
    assert display_aliases("Hillary Clinton", ("CLINTON", "HIllary Clinton", "Hillary")) == [
        "CLINTON", "Hillary"]
    assert display_aliases("NATO", ("Nato", "NATO")) == []


def test_a_glance_sentence_drops_the_last_quotes_closing_mark() -> None:
    """The parser may start a sentence with the closing mark of a quote that ended the
    paragraph before; a mark and a space open nothing, so the list shows the sentence alone."""
    from briefgen.render.common import _sentence_text

    art = _article("pier", [_p("Crews said “the pier is safe.”"),
                            _p("Engineers disagreed on Friday. “We will check,” one said.")])
    text = art.text
    closing = text.index("”\n") if "”\n" in text else text.rindex("”", 0, text.index("Engineers"))
    stray = (closing, text.index("Friday.") + len("Friday."))
    assert _sentence_text(art, stray) == "Engineers disagreed on Friday."
    # Near miss: a mark that opens a quotation stays.
    opening = text.index("“We")
    assert _sentence_text(art, (opening, len(text))) == "“We will check,” one said."
