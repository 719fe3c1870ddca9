"""The pictures drawn at build time: capped, byte-stable, inert source text, links resolved."""

from __future__ import annotations

import random
import re
from dataclasses import replace
from xml.etree import ElementTree

import pytest

from briefgen.graph import Node, ego_svg, month_bars_svg, resolve_doc_links
from briefgen.model import (
    Annotation,
    Appearance,
    Article,
    Briefing,
    CanonicalEntity,
    Corpus,
)
from briefgen.pictures import (
    MAP_LABELS,
    MAP_NODES,
    Bands,
    band,
    busiest_section,
    entity_chart,
    map_page,
)
from briefgen.render import _Site, co_mention_counts
from briefgen.render.entity import render_entity
from briefgen.render.rawlist import set_aside
from briefgen.site import render_site

TYPES = ("PERSON", "ORG", "GPE", "NORP")


def _synthetic(n_briefings: int, n_entities: int, seed: int = 7) -> Corpus:
    """Briefings naming a few entities each, popular names far more often (as in news)."""
    rng = random.Random(seed)
    names = [f"Name{i} Surname{i}" for i in range(n_entities)]
    weights = [1 / (i + 1) for i in range(n_entities)]
    apps: dict[int, list[Appearance]] = {i: [] for i in range(n_entities)}
    briefings = []
    for b in range(n_briefings):
        slug = f"b{b:05d}"
        date = f"2025-{1 + b % 12:02d}-{1 + b % 28:02d}"
        chosen = sorted(set(rng.choices(range(n_entities), weights, k=8)))
        art = Article(source=f"sources/{slug}.md", slug=slug, title=f"Story {b}", date=date)
        slugs = {names[i]: f"e{i}" for i in chosen}
        for i in chosen:
            apps[i].append(Appearance(slug, date, "", 1, names[i]))
        briefings.append(Briefing(Annotation(article=art), slugs))
    entities = tuple(
        CanonicalEntity(f"e{i}", names[i], TYPES[i % len(TYPES)], appearances=tuple(apps[i]))
        for i in range(n_entities)
        if apps[i]
    )
    briefings.sort(key=lambda b: (b.article.date or "", b.slug), reverse=True)
    return Corpus(tuple(briefings), entities)


def test_map_is_capped_byte_stable_and_leaves_nationalities_out() -> None:
    corpus = _synthetic(1200, 600)
    site = _Site.of(corpus)
    counts = co_mention_counts(corpus, only=site.paged)
    page = map_page(site, counts)
    assert page == map_page(site, co_mention_counts(corpus, only=site.paged))
    svg = page[page.index('<svg class="bg-graph') :]
    svg = svg[: svg.index("</svg>") + 6]
    drawing = ElementTree.fromstring(svg)  # well-formed
    # What the first frame waits for stays small: lines and dots are grouped into paths.
    assert len(list(drawing.iter())) < 100
    # The links are not written twice: the reader's script makes them from the list under the
    # map, pairing each type's n-th dot with the n-th name of that type's list.
    assert "<template" not in page and "<a " not in svg
    lists = [
        re.findall(r"^- \[(Name\d+ Surname\d+)\]\(\.\./entities/(e\d+)\.md\)", part, re.M)
        for part in page.split("\n### ")[1:]
    ]
    dots = drawing.findall("{http://www.w3.org/2000/svg}path[@data-bg-named]")
    assert len(dots) == len(lists) == len(re.findall(r'id="bg-show-', page))
    labels = drawing.findall("{http://www.w3.org/2000/svg}text")
    assert len(labels) == MAP_LABELS
    assert sum(int(d.get("data-bg-named")) for d in dots) == MAP_LABELS
    on_map = []
    for path, names in zip(dots, lists, strict=True):
        kind = path.get("class").split()[-1]
        circles = re.findall(r"M(-?[\d.]+) (-?[\d.]+)a([\d.]+)", path.get("d"))
        assert len(circles) == len(names)
        # The labelled names of a type are its first dots, in the list's order: each label
        # sits beside the dot of the list's name at the same place.
        named = [t for t in labels if t.get("class").split()[-1] == kind]
        assert len(named) == int(path.get("data-bg-named"))
        for text, (x, y, r), (name, _) in zip(named, circles, names, strict=False):
            assert text.text == name
            assert int(text.get("y")) == round(float(y)) + 4
            centre, r = float(x) + float(r), float(r)
            side = -(r + 3) if text.get("text-anchor") == "end" else r + 3
            assert abs(int(text.get("x")) - (centre + side)) <= 1
        on_map += [slug for _, slug in names]
    assert len(on_map) == len(set(on_map)) == MAP_NODES
    assert not any(int(s[1:]) % len(TYPES) == 3 for s in on_map)  # NORP
    # The type filter offers only the groups on the map.
    assert 'id="bg-show-people"' in page and 'id="bg-show-groups"' not in page
    # The picture's facts as a list too: one row per name.
    assert page.count("\n- [Name") == MAP_NODES
    # Lines are hairlines in three strengths (darker: more briefings), never a width each.
    edges = drawing.findall("{http://www.w3.org/2000/svg}path[@class]")
    strengths = {c for e in edges for c in e.get("class").split() if c.startswith("bg-s")}
    assert strengths and strengths <= {"bg-s1", "bg-s2", "bg-s3"}
    assert "stroke-width" not in svg


def test_entity_pictures_and_busiest_month() -> None:
    corpus = _synthetic(300, 80)
    pages = render_site(corpus)
    top = pages["entities/e0.md"]
    assert "## In the news" in top and "## Often mentioned with" in top
    ego = top[top.index('<svg class="bg-graph bg-ego"') :]
    ego = ego[: ego.index("</svg>") + 6]
    ElementTree.fromstring(ego)
    assert 1 <= ego.count('class="bg-node bg-t-') - 1 <= 8  # the centre is not a link
    # The rows are raw HTML set aside from Python-Markdown (render.rawlist), one per name,
    # with at most three of the briefings that join the two names.
    rows = re.findall(
        r'^<li><a href="e\d+\.md">Name\d+ Surname\d+</a> \((\d+) briefings\): (.*)</li>$', top,
        re.M,
    )
    assert 1 <= len(rows) <= 8
    for n, joining in rows:
        assert joining.count('<a href="../briefings/') == min(3, int(n))
    section = top[top.index("## Often mentioned with") : top.index("## Briefings")]
    assert set_aside(section)[1][-1].startswith("<ul>")
    home = pages["index.md"]
    assert "## Busiest in December 2025" in home
    assert home.count('class="bg-row') == 10


def test_month_chart_fills_quiet_months() -> None:
    e = CanonicalEntity(
        "x", "X", "PERSON",
        appearances=(Appearance("a", "2025-01-03", "", 1, "X"),
                     Appearance("b", "2025-04-09", "", 1, "X"),
                     Appearance("c", "2025-04-10", "", 2, "X")),
    )
    lines = entity_chart(e, since="2024-12")
    svg = lines[2][lines[2].index("<svg") : -len("</div>")]
    ElementTree.fromstring(svg)
    assert svg.count('class="bg-bar"') == 5  # Dec, Jan, Feb, Mar, Apr
    assert "Apr 2025: 2 briefings" in svg and "Feb 2025: 0 briefings" in svg
    assert 'aria-label="3 briefings from Dec 2024 to Apr 2025; most in Apr 2025 (2)"' in svg
    assert month_bars_svg([], what="briefing") == ""


def test_source_text_in_pictures_is_inert() -> None:
    evil = 'A "x" <script>alert(1)</script> & Co'
    center = Node("c", evil, "People", "", 0)
    around = [Node("o", "O'Brien <b>", "Other", "o.md", 2)]
    svg = ego_svg(center, around, {("c", "o"): 2})
    ElementTree.fromstring(svg)
    assert "<script>" not in svg and "<b>" not in svg
    assert "&lt;script&gt;" in svg and "&quot;x&quot;" in svg


def test_links_in_raw_html_resolve_like_markdown_links() -> None:
    known = {"entities/a.md": "../a/", "briefings/s.md": "../../briefings/s/"}

    def url_for(path: str) -> str | None:
        return known.get(path)

    html = (
        '<a href="a.md">A</a> <a href="../briefings/s.md#quotes">S</a> '
        '<span data-bg-href="a.md"></span> <a href="gone.md">G</a> '
        '<a href="https://e.org/x.md">E</a> <a class="md" title="a.md">T</a>'
    )
    out = resolve_doc_links(html, "entities/b.md", url_for)
    assert '<a href="../a/">A</a>' in out
    assert '<a href="../../briefings/s/#quotes">S</a>' in out
    assert 'data-bg-href="../a/"' in out
    assert 'href="gone.md"' in out  # no such page: left as written
    assert 'href="https://e.org/x.md"' in out and 'title="a.md"' in out


def test_no_month_no_busiest() -> None:
    corpus = _synthetic(5, 5)
    undated = Corpus(
        tuple(Briefing(Annotation(article=Article(source="s", slug=b.slug, title="t")),
                       b.entity_slugs) for b in corpus.briefings),
        corpus.entities,
    )
    assert busiest_section(_Site.of(undated)) == []


@pytest.mark.parametrize(
    ("shared", "expected"),
    [(0, 0), (1, 1), (2, 2), (3, 2), (4, 3), (7, 3), (8, 4), (15, 4), (16, 5), (900, 5)],
)
def test_band_of_shared_briefings(shared: int, expected: int) -> None:
    assert band(shared) == expected


def test_ring_names_are_joined_by_a_band_not_a_count() -> None:
    """Two hubs beside an entity share a new story on most saves: the line between them says
    a band, so the page keeps its bytes until the band changes."""
    center = Node("c", "Centre", "People", "", 0)
    around = [Node("a", "Alpha", "Places", "a.md", 3), Node("b", "Beta", "Places", "b.md", 2)]
    counts = {"a": {"b": 40}, "b": {"a": 40}}
    svg = ego_svg(center, around, {("a", "c"): 3, ("b", "c"): 2}, {("a", "b"): 5})
    assert "Alpha and Beta: 16 or more briefings" in svg
    assert "Alpha and Beta: 40" not in svg
    bands = Bands(counts)
    assert bands["a"].get("b") == 5 and bands["a"].get("zz") is None
    more = Bands({"a": {"b": 41}, "b": {"a": 41}})
    assert more["a"].get("b") == bands["a"].get("b")
    # A pair below the top band moves when it crosses a power of two, and never otherwise.
    assert Bands({"a": {"b": 5}})["a"].get("b") == Bands({"a": {"b": 7}})["a"].get("b") == 3
    assert Bands({"a": {"b": 8}})["a"].get("b") == 4


def test_plain_often_mentioned_list_is_raw_html_with_inert_names() -> None:
    """Without a picture, the names often mentioned with an entity are still a raw list: each
    name escaped (a source's markup is text), each link a docs path resolved like Markdown's."""
    corpus = _synthetic(40, 12)
    site = _Site.of(corpus)
    first, other = corpus.entities[0], corpus.entities[1]
    site.entities[other.slug] = replace(other, name="O'Hara <b>*bold*</b> & Co")
    page = render_entity(site, first, [(other.slug, 2), ("nobody", 5)], {})
    section = page[page.index("## Often mentioned with") :]
    assert (
        f'<li><a href="{other.slug}.md">O\'Hara &lt;b&gt;*bold*&lt;/b&gt; &amp; Co</a>'
        " (2 briefings)</li>"
    ) in section
    assert "nobody" not in section  # a name without an entity is left out
    kept, blocks = set_aside(section)
    assert "<li>" not in kept and blocks[0].startswith("<ul>")
