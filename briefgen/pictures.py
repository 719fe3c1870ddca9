"""What the pictures show: an entity's connections and months, the site map, the busiest names.

:mod:`briefgen.graph` draws; this module chooses the data, capped so that every picture stays
the same size whatever the archive holds (eight names around an entity, the
:data:`MAP_NODES` most connected names on the map, :data:`BUSIEST` names on the home page).
Each picture comes with the same facts as text (a list of links), for readers who do not see
the picture and for search.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from briefgen.graph import GROUP_CLASS, Node, busiest_svg, ego_svg, map_svg, month_bars_svg
from briefgen.model import CanonicalEntity
from briefgen.render import (
    UNLINKED_IN_BODY,
    _front_matter,
    _group_of,
    _Site,
    briefing_path,
    entity_path,
    fmt_date,
    md_escape,
)
from briefgen.render.rawlist import block, item, link, text

#: Names on the site map: enough to see the main clusters, few enough to read and to draw at
#: once on a phone (about 60 KB of SVG) however large the archive.
MAP_NODES = 150
#: Names on the map whose label always shows; the rest show theirs when zoomed or hovered.
MAP_LABELS = 40
#: Lines on the map per name: its strongest connections among the names on the map.
MAP_EDGES_PER_NODE = 4
#: Months on an entity's chart, ending with its latest month.
CHART_MONTHS = 36
#: Names in the home page's "busiest this month".
BUSIEST = 10
#: Briefings named under each connection on an entity page.
JOINING = 3


def _month_label(key: str) -> str:
    """``2025-03`` -> ``Mar 2025`` (short: it sits under a small chart)."""
    return fmt_date(f"{key}-01").split(" ", 1)[1][:3] + " " + key[:4]


def _months_between(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _month(date: str | None) -> str | None:
    if date and len(date) >= 7 and date[4] == "-" and date[:4].isdigit() and date[5:7].isdigit():
        return date[:7]
    return None


def first_month(site: _Site) -> str | None:
    """The archive's first month: where every entity's chart may start."""
    return min((m for b in site.corpus.briefings if (m := _month(b.article.date))), default=None)


def entity_chart(e: CanonicalEntity, since: str | None = None) -> list[str]:
    """Briefings per month as a bar chart: up to :data:`CHART_MONTHS` months ending with the
    entity's latest, from the archive's first month (``since``) on, so quiet months show as
    gaps and one name's chart reads against the archive rather than against itself."""
    per: Counter[str] = Counter()
    seen: set[str] = set()
    for a in e.appearances:
        month = _month(a.date)
        if month and a.briefing not in seen:
            seen.add(a.briefing)
            per[month] += 1
    if not per:
        return []
    start = min(since, min(per)) if since else min(per)
    months = _months_between(start, max(per))[-CHART_MONTHS:]
    bars = [(m, _month_label(m), per[m]) for m in months]
    svg = month_bars_svg(bars, what="briefing")
    return ["## In the news", "", f'<div class="bg-figure">{svg}</div>', ""]


def band(shared: int) -> int:
    """Shared briefings as a band: 0 none, 1 one, 2 two or three, 3 four to seven, 4 eight to
    fifteen, 5 sixteen or more (the width of the line that joins two names)."""
    return min(shared.bit_length(), 5) if shared > 0 else 0


class _BandRow(Mapping[str, int]):
    def __init__(self, counter: Mapping[str, int]) -> None:
        self._counter = counter

    def __getitem__(self, key: str) -> int:
        value = band(self._counter.get(key, 0))
        if not value:
            raise KeyError(key)
        return value

    def get(self, key: str, default: Any = None) -> Any:
        value = band(self._counter.get(key, 0))
        return value if value else default

    def __iter__(self) -> Iterator[str]:
        return iter(self._counter)

    def __len__(self) -> int:
        return len(self._counter)


class Bands(Mapping[str, Mapping[str, int]]):
    """Co-mention counts seen as bands (:func:`band`), computed on read.

    Two names on an entity's ring are joined by the band of briefings they share, not the
    count: a hub such as a country shares a new briefing with most names, and with exact
    counts every page whose ring holds two hubs would be rendered again on every save.
    """

    def __init__(self, counts: Mapping[str, Mapping[str, int]]) -> None:
        self.counts = counts
        """The exact counts (what :class:`briefgen.pagememo.PageMemo` compares row by row)."""

    def __getitem__(self, key: str) -> Mapping[str, int]:
        return _BandRow(self.counts[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self.counts)

    def __len__(self) -> int:
        return len(self.counts)


def _node(site: _Site, slug: str, prefix: str, weight: int) -> Node:
    e = site.entities[slug]
    return Node(slug, e.name, _group_of(e.type), f"{prefix}{entity_path(slug)}", weight)


def _briefings_of(e: CanonicalEntity) -> set[str]:
    return {a.briefing for a in e.appearances}


def entity_connections(
    site: _Site,
    e: CanonicalEntity,
    related: Sequence[tuple[str, int]],
    bands: Mapping[str, Mapping[str, int]],
) -> list[str]:
    """The names most often mentioned with ``e`` as a picture, then as a list that names the
    briefings joining each of them to ``e`` (newest first).  ``bands`` is :class:`Bands`
    of the co-mention counts: two names of the ring are joined by a band of what they share."""
    around = [(slug, n) for slug, n in related if slug in site.entities]
    if not around:
        return []
    # From entities/<slug>.md, another entity page is "<slug>.md" ("../entities/" also works,
    # but the shorter path is what the list below uses too).
    center = Node(e.slug, e.name, _group_of(e.type), "", 0)
    nodes = [
        Node(s, site.entities[s].name, _group_of(site.entities[s].type), f"{s}.md", n)
        for s, n in around
    ]
    links: dict[tuple[str, str], int] = {}
    for slug, n in around:
        links[tuple(sorted((e.slug, slug)))] = n
    ring = [s for s, _ in around]
    joined: dict[tuple[str, str], int] = {}
    for i, a in enumerate(ring):
        row = bands.get(a, {})
        for b in ring[i + 1 :]:
            w = row.get(b, 0)
            if w:
                joined[tuple(sorted((a, b)))] = w
    out = ["## Often mentioned with", ""]
    out += [f'<div class="bg-figure">{ego_svg(center, nodes, links, joined)}</div>', ""]
    # The briefings that join two names are found from this entity's own briefings (does the
    # briefing name the other one?), not by reading the other name's whole record: a page is
    # rendered again when something it read changes (briefgen.pagememo), and the other name's
    # record changes with every story about it, most of which do not concern this page.
    mine = [site.briefings[s] for s in sorted(_briefings_of(e)) if s in site.briefings]
    named_in = [(b, set(b.entity_slugs.values())) for b in mine]
    # Raw HTML (:mod:`briefgen.render.rawlist`): eight rows of four links each were 1.7 ms of
    # Python-Markdown per entity page, a tenth of a 10,000-briefing build.
    rows = []
    for slug, n in around:
        other = site.entities[slug]
        joining = [b for b, names in named_in if slug in names]
        joining.sort(key=lambda b: (b.article.date or "", b.slug), reverse=True)
        row = f"{link(f'{slug}.md', text(other.name))} ({n} briefing{'s' if n != 1 else ''})"
        shown = [
            link(f"../{briefing_path(b.slug)}", text(b.article.title))
            for b in joining[:JOINING]
        ]
        if shown:
            more = len(joining) - len(shown)
            row += ": " + " · ".join(shown) + (f" · and {more} more" if more > 0 else "")
        rows.append(item(row))
    out += block(rows)[1:] or [""]
    return out


def _mappable(site: _Site, slug: str) -> bool:
    return slug in site.entities and site.entities[slug].type not in UNLINKED_IN_BODY


def map_page(site: _Site, counts: dict[str, Counter[str]]) -> str:
    """``map/index.md``: the most connected names with a page, their strongest links, a filter
    by type (a checkbox per group, wired by the reader's script) and the same names as a list.

    The list is also where the picture's links come from: grouped by type in the order of the
    groups' dots, each group most connected first as its dots are drawn, the reader's script
    pairs the n-th name of a group with the n-th dot of its type (:func:`map_svg`)."""
    # Ranked by all their connections (cheap: the counters' sizes), then only the chosen few
    # have their connections filtered: at 10,000 briefings that is 150 counters, not 5,000.
    ranked = sorted(
        (s for s, c in counts.items() if c and _mappable(site, s)),
        key=lambda s: (-len(counts[s]), -sum(counts[s].values()), s),
    )[:MAP_NODES]
    partners = {
        slug: Counter({o: w for o, w in counts[slug].items() if _mappable(site, o)})
        for slug in ranked
    }
    ranked = [s for s in ranked if partners[s]]
    chosen = set(ranked)
    links: dict[tuple[str, str], int] = {}
    for slug in ranked:
        strongest = sorted(
            ((o, w) for o, w in partners[slug].items() if o in chosen),
            key=lambda kv: (-kv[1], kv[0]),
        )[:MAP_EDGES_PER_NODE]
        for other, w in strongest:
            links[tuple(sorted((slug, other)))] = w
    nodes = [_node(site, s, "../", len(partners[s])) for s in ranked]
    out = [*_front_matter("Map of connections"), "# Map of connections", ""]
    if not nodes:
        out += ["No names share a briefing yet.", ""]
        return "\n".join(out)
    out += [
        f"The {len(nodes)} most connected people, organisations and places: a line joins two "
        "names that appear in the same briefings (darker: more briefings). Tap or click a "
        "name to open its page.",
        "",
    ]
    present = Counter(n.group for n in nodes)
    boxes = "".join(
        f'<label><input type="checkbox" id="bg-show-{GROUP_CLASS[g]}" checked> '
        f'<svg class="bg-t-{GROUP_CLASS[g]}" width="10" height="10" aria-hidden="true">'
        f'<circle cx="5" cy="5" r="5"/></svg> {g} ({present[g]})</label>'
        for g in GROUP_CLASS
        if present[g]
    )
    svg = map_svg(nodes, links, labels=MAP_LABELS)
    # The zoom buttons are part of the page (the script only wires them up), so nothing moves
    # when the script arrives; they stay invisible until then.
    zoom = "".join(
        f'<button type="button" class="md-button" data-bg-zoom="{step}" '
        f'aria-label="{name}">{face}</button>'
        for face, name, step in (("+", "Zoom in", "in"), ("\u2212", "Zoom out", "out"),
                                 ("\u21ba", "Fit", "fit"))
    )
    out += [
        '<div class="bg-map">'
        f'<fieldset class="bg-filter"><legend>Show</legend>{boxes}</fieldset>'
        f'<div class="bg-zoom" role="group" aria-label="Zoom the map">{zoom}</div>'
        f'<div class="bg-figure bg-pan">{svg}</div></div>',
        "",
        "## The same names as a list",
        "",
    ]
    by_group: dict[str, list[str]] = {}
    for node in nodes:
        strongest = sorted(
            ((o, w) for (a, b), w in links.items() for o in (a, b)
             if node.slug in (a, b) and o != node.slug),
            key=lambda kv: (-kv[1], kv[0]),
        )[:3]
        line = f"- [{md_escape(node.name)}](../{entity_path(node.slug)}): "
        line += f"{node.weight} connection{'s' if node.weight != 1 else ''}"
        if strongest:
            line += ", most with " + ", ".join(
                md_escape(site.entities[o].name) for o, _ in strongest
            )
        by_group.setdefault(node.group, []).append(line)
    for group in GROUP_CLASS:
        if by_group.get(group):
            out += [f"### {group}", "", *by_group[group], ""]
    return "\n".join(out)


def busiest_section(site: _Site, *, prefix: str = "") -> list[str]:
    """The home page's "busiest this month": names with a page in the most briefings of the
    newest briefing's month."""
    months = [m for b in site.corpus.briefings if (m := _month(b.article.date))]
    if not months:
        return []
    latest = max(months)
    per: Counter[str] = Counter()
    for b in site.corpus.briefings:
        if _month(b.article.date) != latest:
            continue
        for slug in set(b.entity_slugs.values()):
            if slug in site.paged and _mappable(site, slug):
                per[slug] += 1
    top = sorted(per.items(), key=lambda kv: (-kv[1], kv[0]))[:BUSIEST]
    if not top:
        return []
    rows = [(_node(site, s, prefix, n), n) for s, n in top]
    label = fmt_date(f"{latest}-01").split(" ", 1)[1]
    return [
        f"## Busiest in {label}",
        "",
        f'<div class="bg-figure">{busiest_svg(rows, what="briefing")}</div>',
        "",
    ]
