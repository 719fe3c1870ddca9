"""Pictures drawn at build time as inline SVG: who is connected, and when a name was in the news.

Why SVG made here rather than a graph library in the reader's browser: the picture costs the
reader nothing but the bytes (no script to download, no layout to run, nothing to crash on a
phone), it is the same at any archive size because every picture is capped, and it is
byte-stable like the rest of the site.  Links inside the pictures are written as
docs-relative ``.md`` paths, the way Markdown links are; the plugin turns them into the
site's URLs (MkDocs leaves raw HTML alone), see :func:`resolve_doc_links`.

Every string from a source goes through :func:`_x` (HTML-escaped, quotes included).
"""

from __future__ import annotations

import html
import math
import posixpath
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

#: CSS class of each glossary group; the map's type filter and the node colours use them.
GROUP_CLASS = {
    "People": "people",
    "Organisations": "orgs",
    "Places": "places",
    "Groups and nationalities": "groups",
    "Other": "other",
}


@dataclass(frozen=True)
class Node:
    """One entity in a picture."""

    slug: str
    name: str
    group: str
    """A :data:`GROUP_CLASS` key."""
    href: str
    """Docs-relative path of its page, relative to the page the picture sits on."""
    weight: int
    """What sizes the dot: shared briefings with the centre, or connections on the map."""


def _x(text: str) -> str:
    return html.escape(text, quote=True)


def _n(value: float) -> str:
    """A coordinate with one decimal and no trailing zero: small, stable text."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def _label(name: str, limit: int = 22) -> str:
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


def _node(
    node: Node, x: float, y: float, r: float, title: str, *, left: bool, minor: bool = False
) -> str:
    """A linked dot with its name beside it (to the left when ``left``, so labels run off the
    picture's edge less often); the link's accessible name is the entity's name."""
    cls = f"bg-node bg-t-{GROUP_CLASS.get(node.group, 'other')}" + (" bg-minor" if minor else "")
    dx = -(r + 3) if left else r + 3
    return (
        f'<a href="{_x(node.href)}" class="{cls}" aria-label="{_x(node.name)}">'
        f"<title>{_x(title)}</title>"
        f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(r)}"/>'
        # A wider invisible target: a small dot is hard to hit with a finger.
        f'<circle class="bg-hit" cx="{_n(x)}" cy="{_n(y)}" r="{_n(max(r, 11))}"/>'
        f'<text x="{_n(x + dx)}" y="{_n(y + 4)}" text-anchor="{"end" if left else "start"}">'
        f"{_x(_label(node.name))}</text></a>"
    )


def _edge(a: Node, b: Node, pa: tuple[float, float], pb: tuple[float, float], w: int) -> str:
    classes = sorted({GROUP_CLASS.get(a.group, "other"), GROUP_CLASS.get(b.group, "other")})
    cls = "bg-edge " + " ".join(f"bg-e-{c}" for c in classes)
    width = min(1 + math.log2(w), 5)
    return (
        f'<line class="{cls}" x1="{_n(pa[0])}" y1="{_n(pa[1])}" x2="{_n(pb[0])}" '
        f'y2="{_n(pb[1])}" stroke-width="{_n(width)}"><title>{_x(a.name)} and {_x(b.name)}: '
        f"{_plural(w, 'briefing')}</title></line>"
    )


#: What a band of shared briefings (see :func:`briefgen.pictures.band`) says on a line.
BAND_TEXT = {1: "1 briefing", 2: "2 to 3 briefings", 3: "4 to 7 briefings",
             4: "8 to 15 briefings", 5: "16 or more briefings"}


def _band_edge(
    a: Node, b: Node, pa: tuple[float, float], pb: tuple[float, float], band: int
) -> str:
    classes = sorted({GROUP_CLASS.get(a.group, "other"), GROUP_CLASS.get(b.group, "other")})
    cls = "bg-edge " + " ".join(f"bg-e-{c}" for c in classes)
    return (
        f'<line class="{cls}" x1="{_n(pa[0])}" y1="{_n(pa[1])}" x2="{_n(pb[0])}" '
        f'y2="{_n(pb[1])}" stroke-width="{_n(float(band))}"><title>{_x(a.name)} and '
        f"{_x(b.name)}: {BAND_TEXT[band]}</title></line>"
    )


def ego_svg(
    center: Node,
    around: Sequence[Node],
    links: Mapping[tuple[str, str], int],
    joined: Mapping[tuple[str, str], int] | None = None,
) -> str:
    """The entity in the middle, the names most often beside it on a ring.

    Strongest first, clockwise from the top, so the same data always draws the same picture;
    ``links`` joins names by their exact count of shared briefings (keys sorted pairs);
    ``joined`` joins two names of the ring by a band of it (1, 2-3, 4-7, 8-15, 16+), which the
    many stories naming both of them seldom move: the page stays the same bytes.
    """
    width, height, ring = 600, 300, 120
    pos: dict[str, tuple[float, float]] = {center.slug: (0.0, 0.0)}
    for i, node in enumerate(around):
        angle = -math.pi / 2 + 2 * math.pi * i / max(len(around), 1)
        pos[node.slug] = (ring * math.cos(angle), ring * math.sin(angle))
    everyone = {n.slug: n for n in (center, *around)}
    edges = []
    for (a, b), w in sorted(links.items()):
        if a in pos and b in pos and w > 0:
            edges.append(_edge(everyone[a], everyone[b], pos[a], pos[b], w))
    for (a, b), band in sorted((joined or {}).items()):
        if a in pos and b in pos and band > 0 and (a, b) not in links:
            edges.append(_band_edge(everyone[a], everyone[b], pos[a], pos[b], min(band, 5)))
    top = max((n.weight for n in around), default=1) or 1
    dots = []
    for node in around:
        x, y = pos[node.slug]
        r = 5 + 7 * node.weight / top
        title = f"{node.name}: {_plural(node.weight, 'briefing')} with {center.name}"
        dots.append(_node(node, x, y, r, title, left=x < -1))
    # The centre is the page itself: a dot and a name, not a link to where the reader is.
    cls = f"bg-node bg-centre bg-t-{GROUP_CLASS.get(center.group, 'other')}"
    dots.append(
        f'<g class="{cls}"><circle cx="0" cy="0" r="14"/>'
        f'<text x="0" y="32" text-anchor="middle">{_x(_label(center.name, 30))}</text></g>'
    )
    label = f"{center.name} and the {_plural(len(around), 'name')} most often mentioned with it"
    return (
        f'<svg class="bg-graph bg-ego" viewBox="-{width // 2} -{ring + 22} {width} {height}" '
        f'width="{width}" height="{height}" role="group" '
        f'aria-label="{_x(label)}" xmlns="http://www.w3.org/2000/svg">'
        + "".join(edges)
        + "".join(dots)
        + "</svg>"
    )


def force_layout(
    slugs: Sequence[str], links: Mapping[tuple[str, str], int], *, steps: int = 250
) -> dict[str, tuple[float, float]]:
    """Positions in the unit square from a spring layout (Fruchterman and Reingold, 1991).

    Deterministic: the start is a sunflower spiral in the given order (most connected in the
    middle), there is no randomness, and the cooling schedule is fixed.  Names that share
    briefings pull together, every pair pushes apart, a weak pull to the middle keeps
    unconnected names in the frame.  NumPy makes 150 names x 250 steps a few milliseconds.
    """
    import numpy as np

    n = len(slugs)
    if n == 0:
        return {}
    index = {s: i for i, s in enumerate(slugs)}
    weight = np.zeros((n, n))
    # Springs grow with the log of shared briefings, scaled to at most 1: a pair named together
    # hundreds of times must not collapse onto one spot.
    strongest = math.log2(1 + max(links.values(), default=1))
    for (a, b), w in links.items():
        if a in index and b in index:
            weight[index[a], index[b]] = weight[index[b], index[a]] = math.log2(1 + w) / strongest
    golden = math.pi * (3 - math.sqrt(5))
    pos = np.array(
        [[math.sqrt((i + 0.5) / n) * math.cos(i * golden),
          math.sqrt((i + 0.5) / n) * math.sin(i * golden)] for i in range(n)]
    )
    k = 2.4 / math.sqrt(n)
    temperature = 0.1
    x, y = pos[:, 0].copy(), pos[:, 1].copy()
    for _ in range(steps):
        dx = x[:, None] - x[None, :]
        dy = y[:, None] - y[None, :]
        dist2 = dx * dx + dy * dy + 1e-12
        # Push k^2/d, pull w d^2/k, both along the unit vector: as factors of (dx, dy).
        force = k * k / dist2 - weight * np.sqrt(dist2) / k
        mx = (force * dx).sum(axis=1) - 0.05 * x
        my = (force * dy).sum(axis=1) - 0.05 * y
        length = np.sqrt(mx * mx + my * my) + 1e-9
        step = np.minimum(length, temperature) / length
        x, y = x + mx * step, y + my * step
        temperature *= 0.985
    pos = np.stack([x, y], axis=1)
    low, high = pos.min(axis=0), pos.max(axis=0)
    span = np.where(high - low > 0, high - low, 1.0)
    unit = (pos - low) / span
    return {s: (float(unit[i, 0]), float(unit[i, 1])) for i, s in enumerate(slugs)}


def _i(value: float) -> str:
    """A map coordinate as a whole unit: the map is 1,000 units wide, so a unit is under a
    pixel on any screen it fits, and integers keep the page small."""
    return str(round(value))


def _strength(shared: int) -> int:
    """A map line's strength, drawn darker rather than thicker (see :func:`_edge_paths`):
    1 for one shared briefing, 2 for two to fifteen, 3 for sixteen or more (where the old
    widths stopped growing too)."""
    return 1 if shared <= 1 else 2 if shared <= 15 else 3


def _edge_paths(
    edges: Sequence[tuple[Node, Node, tuple[float, float], tuple[float, float], int]],
) -> str:
    """All the map's lines as a few ``<path>`` elements, one per pair of types and strength.

    Why not one ``<line>`` each: several hundred elements are work for the browser before the
    first frame (parse, style, layout) and again whenever Material's script restyles the page.
    Why hairlines (``bg-s1`` to ``bg-s3``: one pixel wide, darker for more briefings; the
    stylesheet draws them with ``vector-effect: non-scaling-stroke``) rather than widths: a
    path that spans the picture is drawn again for every raster tile it crosses, and a wide
    stroke is an outline to fill each time while a one-pixel line takes the rasterizer's fast
    path (measured in Chromium's trace: the map's lines cost about four times less to
    rasterize).  Grouped, the type filter still works (each path keeps the ``bg-e-*`` classes
    of both ends); what is lost is a tooltip per line, whose facts the list under the map gives.
    """
    groups: dict[tuple[str, int], list[str]] = {}
    for a, b, pa, pb, w in edges:
        classes = sorted({GROUP_CLASS.get(a.group, "other"), GROUP_CLASS.get(b.group, "other")})
        cls = "bg-edge " + " ".join(f"bg-e-{c}" for c in classes)
        groups.setdefault((cls, _strength(w)), []).append(
            f"M{_i(pa[0])} {_i(pa[1])}L{_i(pb[0])} {_i(pb[1])}"
        )
    return "".join(
        f'<path class="{cls} bg-s{level}" d="{"".join(segments)}"/>'
        for (cls, level), segments in sorted(groups.items())
    )


def _dots(placed: Sequence[tuple[Node, float, float, float]], labels: int) -> str:
    """Every dot of one type as one ``<path>`` of circles (two arcs each), so the map's first
    frame styles five elements for its dots rather than one per name.

    The reader's script reads the circles back (centre and radius, in the order of the list
    under the map, which is the order here) to put a link over each dot; ``data-bg-named``
    says how many of the type's first dots carry a label in the picture (the most connected
    names, so always the first ones of each type)."""
    by_type: dict[str, list[str]] = {}
    named: dict[str, int] = {}
    for i, (node, x, y, r) in enumerate(placed):
        # A circle as a path: from its left edge, one half-circle arc across and one back.
        arc = f"a{_n(r)} {_n(r)} 0 1 0"
        d = f"M{_n(x - r)} {_i(y)}{arc} {_n(2 * r)} 0{arc} -{_n(2 * r)} 0"
        group = GROUP_CLASS.get(node.group, "other")
        by_type.setdefault(group, []).append(d)
        named[group] = named.get(group, 0) + (i < labels)
    return "".join(
        f'<path class="bg-dots bg-t-{t}" data-bg-named="{named[t]}" d="{"".join(by_type[t])}"/>'
        for t in GROUP_CLASS.values()
        if t in by_type
    )


def _map_label(node: Node, x: float, y: float, r: float, *, left: bool) -> str:
    """A name beside its dot; names left of the middle read leftwards, so labels run off the
    picture's edge less often.  (The reader's script places the other names' labels the same
    way.)"""
    dx = -(r + 3) if left else r + 3
    anchor = ' text-anchor="end"' if left else ""
    cls = f"bg-label bg-t-{GROUP_CLASS.get(node.group, 'other')}"
    return (
        f'<text class="{cls}" x="{_i(x + dx)}" y="{_i(y + 4)}"{anchor}>'
        f"{_x(_label(node.name))}</text>"
    )


def map_svg(nodes: Sequence[Node], links: Mapping[tuple[str, str], int], *, labels: int) -> str:
    """The site-wide picture: ``nodes`` most connected first; the first ``labels`` are named
    outright, the others show their name when zoomed in, hovered or focused.

    The picture is what the map page's first frame waits for, and every element and every
    stroke in it is work for the browser then (and again each time Material's script restyles
    the page, several times while it loads), so it holds the drawing only: about a hundred
    elements whatever the number of names (lines grouped into one path per pair of types and
    strength, dots into one per type, the labelled names' text), in whole units, shown as an
    image (``role="img"``) with its name.

    The links are not written twice: the list under the map (:func:`briefgen.pictures.map_page`)
    links every name, in the order of the dots, and the reader's script makes one link per dot
    from it once the picture is on screen (a finger-sized target over the dot, the name as the
    link's name and, for a name without a label, its label).  Without the script the picture
    stays an image and the list holds the same links.
    """
    width, height, margin = 1000, 760, 70
    layout = force_layout([n.slug for n in nodes], links)
    pos = {
        s: (margin + x * (width - 2 * margin), margin + y * (height - 2 * margin))
        for s, (x, y) in layout.items()
    }
    by_slug = {n.slug: n for n in nodes}
    edges = _edge_paths([
        (by_slug[a], by_slug[b], pos[a], pos[b], w)
        for (a, b), w in sorted(links.items())
        if a in pos and b in pos
    ])
    top = max((n.weight for n in nodes), default=1) or 1
    placed = [
        (node, *pos[node.slug], 3 + 6 * math.sqrt(node.weight / top)) for node in nodes
    ]
    named = [
        _map_label(node, x, y, r, left=x < width / 2) for node, x, y, r in placed[:labels]
    ]
    return (
        f'<svg class="bg-graph bg-map-graph" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="Map of the {len(nodes)} most connected '
        'names, listed below" xmlns="http://www.w3.org/2000/svg">'
        + edges
        + _dots(placed, labels)
        + "".join(named)
        + "</svg>"
    )


def month_bars_svg(months: Sequence[tuple[str, str, int]], *, what: str) -> str:
    """A small bar chart, one bar per month (``(key, label, count)``, oldest first).

    About 480 units wide whatever the number of months; zero months are drawn as a hairline
    so gaps read as gaps.  Up to a year, every bar carries its count and month; past that the
    first and last months and the peak are labelled.  Every bar has its own tooltip.
    """
    if not months:
        return ""
    gap, height, base = 4, 80, 100
    bar = max(6, min(40, 480 // len(months) - gap))
    width = len(months) * (bar + gap) + 40
    top = max(c for _, _, c in months) or 1
    every = len(months) <= 12
    parts = []
    peak = max(range(len(months)), key=lambda i: (months[i][2], i))
    for i, (_key, label, count) in enumerate(months):
        x = 20 + i * (bar + gap)
        h = max(height * count / top, 1)
        parts.append(
            f'<rect class="bg-bar" x="{x}" y="{_n(base - h)}" width="{bar}" height="{_n(h)}">'
            f"<title>{_x(label)}: {_plural(count, what)}</title></rect>"
        )
        if count and (every or i == peak):
            parts.append(
                f'<text x="{_n(x + bar / 2)}" y="{_n(base - h - 4)}" '
                f'text-anchor="middle">{count}</text>'
            )
        if every:
            parts.append(
                f'<text x="{_n(x + bar / 2)}" y="{base + 16}" text-anchor="middle">'
                f"{_x(label.split(' ')[0])}</text>"
            )
    first, last = months[0][1], months[-1][1]
    if every:
        years = first[-4:] if first[-4:] == last[-4:] else f"{first[-4:]}–{last[-4:]}"
        parts.append(f'<text x="20" y="{base + 32}">{_x(years)}</text>')
    else:
        parts.append(f'<text x="20" y="{base + 16}">{_x(first)}</text>')
        parts.append(f'<text x="{width - 20}" y="{base + 16}" text-anchor="end">{_x(last)}</text>')
    total = sum(c for _, _, c in months)
    label = (
        f"{_plural(total, what)} from {first} to {last}; most in {months[peak][1]} "
        f"({months[peak][2]})"
    )
    return (
        f'<svg class="bg-chart" viewBox="0 0 {width} {base + 38}" width="{width}" '
        f'height="{base + 38}" role="img" aria-label="{_x(label)}" '
        'xmlns="http://www.w3.org/2000/svg">' + "".join(parts) + "</svg>"
    )


def busiest_svg(rows: Sequence[tuple[Node, int]], *, what: str) -> str:
    """Horizontal bars, one linked row per entity (``(node, count)``, busiest first)."""
    if not rows:
        return ""
    row, name_w, bar_w = 26, 210, 260
    top = max(c for _, c in rows) or 1
    parts = []
    for i, (node, count) in enumerate(rows):
        y = i * row
        w = max(bar_w * count / top, 2)
        cls = f"bg-row bg-t-{GROUP_CLASS.get(node.group, 'other')}"
        parts.append(
            f'<a href="{_x(node.href)}" class="{cls}" aria-label="{_x(node.name)}: '
            f'{_plural(count, what)}">'
            f'<text x="{name_w - 8}" y="{y + 17}" text-anchor="end">{_x(_label(node.name, 26))}'
            f'</text><rect x="{name_w}" y="{y + 5}" width="{_n(w)}" height="16" rx="2"/>'
            f'<text x="{_n(name_w + w + 6)}" y="{y + 17}">{count}</text></a>'
        )
    height = len(rows) * row + 4
    return (
        f'<svg class="bg-chart bg-busiest" viewBox="0 0 {name_w + bar_w + 40} {height}" '
        f'width="{name_w + bar_w + 40}" height="{height}" role="group" '
        f'aria-label="Busiest names, {what}s each" xmlns="http://www.w3.org/2000/svg">'
        + "".join(parts)
        + "</svg>"
    )


#: ``href`` (and the cards' ``data-bg-href``) pointing at a docs-relative ``.md`` file, as the
#: pictures and cards write them: no scheme, no query; an optional ``#fragment`` is kept.
_DOC_LINK = re.compile(r'(\s(?:href|data-bg-href)=")([^":?#]+\.md)(#[^"]*)?"')


@lru_cache(maxsize=1 << 16)
def _doc_target(folder: str, href: str) -> str:
    """The docs path an (HTML-escaped) ``.md`` link of a page in ``folder`` points at.

    Memoised: every briefing in ``briefings/`` writes the same ``../entities/x.md`` for a name,
    so at 10,000 briefings most of half a million links were the same few thousand paths."""
    return posixpath.normpath(posixpath.join(folder, html.unescape(href)))


def resolve_doc_links(
    html_text: str, page_path: str, url_for: Callable[[str], str | None]
) -> str:
    """Turn ``.md`` links left in raw HTML into the site's URLs, as MkDocs does for Markdown.

    ``url_for`` maps a docs path (``entities/x.md``) to its URL relative to the page, or
    ``None`` when there is no such page (then the link is left as written).  Runs on the
    generated pages only, whose raw HTML is the renderer's own.
    """
    if ".md" not in html_text:
        return html_text
    folder = posixpath.dirname(page_path)

    def swap(m: re.Match[str]) -> str:
        url = url_for(_doc_target(folder, m.group(2)))
        if url is None:
            return m.group(0)
        return f'{m.group(1)}{_x(url)}{m.group(3) or ""}"'

    return _DOC_LINK.sub(swap, html_text)
