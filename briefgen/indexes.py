"""Index pages (home, briefings, entities A-Z, quotes, timeline) that stay small at any size.

A single page listing every briefing, entity or quote grows with the archive until a reader
downloads megabytes to see a list (5.6 MB for the quotes page at 3,246 briefings).  So every
index here is a short directory page that links to bounded pages: one per month, per initial
letter, split again into numbered parts of at most :data:`PAGE_SIZE` rows.  Addresses derive
from the data (a month, a letter), never from a running count across the archive.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from briefgen.facts import QUOTES_PER_SPEAKER
from briefgen.model import Briefing, CanonicalEntity, Quote
from briefgen.pictures import busiest_section
from briefgen.render import (
    HOME_LATEST,
    TYPE_GROUPS,
    _block_safe,
    _front_matter,
    _group_of,
    _Site,
    briefing_path,
    entity_path,
    fmt_date,
    md_escape,
)
from briefgen.render.common import speaker_href
from briefgen.render.rawlist import block, em, item, link, strong, text

#: Rows on one list page: a few hundred lines of HTML keep a page well under 300 KB.
PAGE_SIZE = 250
#: Newest briefings shown on the briefings index page itself.
INDEX_LATEST = 50
#: Story threads shown on the timeline page (newest first); older ones are on month pages.
TIMELINE_THREADS = 40
#: Most-mentioned entities and latest quotes shown on their index pages.
INDEX_TOP = 40


#: A list row: the heading it sits under ("" for none) and its ``<li>`` (raw HTML: a long
#: list renders 2-3 times faster than the same list in Markdown, :mod:`.render.rawlist`).
Row = tuple[str, str]


@dataclass(frozen=True)
class _Part:
    """One page of a split list: its path (docs-relative, no ``.md``) and its rows."""

    path: str
    rows: list[Row]


def _split(base: str, rows: list[Row], size: int = PAGE_SIZE) -> list[_Part]:
    """``base``, ``base-2``, ``base-3`` ...: a list cut into pages of at most ``size`` rows."""
    chunks = [rows[i : i + size] for i in range(0, len(rows), size)] or [[]]
    return [_Part(base if n == 0 else f"{base}-{n + 1}", c) for n, c in enumerate(chunks)]


def _pager(parts: Sequence[_Part], here: int) -> list[str]:
    """"Part 1 · 2 · 3" links between the pages of one split list (nothing for one page)."""
    if len(parts) < 2:
        return []
    links = []
    for n, part in enumerate(parts):
        name = part.path.rsplit("/", 1)[-1]
        links.append(f"**{n + 1}**" if n == here else f"[{n + 1}]({name}.md)")
    return ["Part " + " · ".join(links), ""]


def _letter(name: str) -> str:
    """The address part of a name's initial: ``a`` to ``z``, else ``other`` ("Ōsaka", "3M")."""
    first = name[:1].lower()
    return first if "a" <= first <= "z" else "other"


def _letter_label(letter: str) -> str:
    return "#" if letter == "other" else letter.upper()


def month_key(date: str | None) -> str:
    """``2025-03-04`` -> ``2025-03``; the address of the month page that lists it."""
    if date and len(date) >= 7 and date[4] == "-":
        return date[:7]
    return "undated"


def _month_label(key: str) -> str:
    return "Undated" if key == "undated" else fmt_date(f"{key}-01").split(" ", 1)[1]


def briefing_line(b: Briefing, prefix: str) -> str:
    """A briefing's list row as inner HTML of its ``<li>``: date, title, publisher."""
    art = b.article
    title = link(f"{prefix}{briefing_path(b.slug)}", text(art.title))
    line = f"{strong(text(fmt_date(art.date)))}: {title}"
    if art.publisher:
        line += f" · {text(art.publisher)}"
    return line


def render_indexes(
    site: _Site,
    quotes_by: dict[str, list[tuple[Briefing, Quote]]],
    *,
    home_intro: str = "",
    feed: bool = True,
) -> dict[str, str]:
    """Every index page, ``{docs-relative path: Markdown}``; ``feed``: whether the site
    publishes ``feed.xml`` (the home page links to it only then)."""
    pages = {"index.md": render_home(site, home_intro, feed=feed)}
    months = _months(site.corpus.briefings)
    pages.update(_timeline_pages(site, months))
    pages["briefings/index.md"] = _briefings_index(site, months)
    pages.update(_entity_pages(site))
    pages.update(_quote_pages(site, quotes_by))
    return pages


def render_home(site: _Site, intro: str, *, feed: bool = True) -> str:
    c = site.corpus
    out = _front_matter("Home") if not intro.lstrip().startswith("---") else []
    out += [intro.rstrip() if intro.strip() else "# News briefings", ""]
    quotes = sum(1 for b in c.briefings for q in b.annotation.quotes if q.kind != "scare")
    out += [
        f"{len(c.briefings)} briefings · {len(site.paged)} people, organisations and places "
        f"with a page · {quotes} quotes · {len(c.threads)} story threads",
        "",
        "## Latest briefings",
        "",
    ]
    out += block(item(briefing_line(b, "")) for b in c.briefings[:HOME_LATEST])
    out += [
        "[All briefings](briefings/index.md) · "
        "[People, organisations and places](entities/index.md)"
        " · [Quotes](quotes/index.md) · [Timeline](timeline/index.md)"
        " · [Map of connections](map/index.md)"
        # A link to a feed the build does not write is a dead link (and fails --strict).
        + (" · [RSS feed](feed.xml)" if feed else ""),
        "",
    ]
    out += busiest_section(site)
    return "\n".join(out)


def _months(briefings: Iterable[Briefing]) -> dict[str, list[Briefing]]:
    """Month key -> its briefings oldest first; keys newest first, undated last."""
    groups: dict[str, list[Briefing]] = defaultdict(list)
    for b in briefings:
        groups[month_key(b.article.date)].append(b)
    ordered = sorted((k for k in groups if k != "undated"), reverse=True)
    if "undated" in groups:
        ordered.append("undated")
    return {k: list(reversed(groups[k])) for k in ordered}


def _month_links(months: dict[str, list[Briefing]], prefix: str) -> list[str]:
    out: list[str] = []
    year = None
    for key, items in months.items():
        this_year = key[:4] if key != "undated" else "Undated"
        if this_year != year:
            year = this_year
            out += ["", f"### {year}", ""]
        n = len(items)
        out.append(
            f"- [{_month_label(key)}]({prefix}{key}.md) ({n} briefing{'s' if n != 1 else ''})"
        )
    return [*out, ""]


def _briefings_index(site: _Site, months: dict[str, list[Briefing]]) -> str:
    out = [*_front_matter("All briefings"), "# All briefings", ""]
    latest = site.corpus.briefings[:INDEX_LATEST]
    out += [f"## Latest {len(latest)}", ""]
    out += block(item(briefing_line(b, "../")) for b in latest)
    out += ["## By month", ""]
    out += _month_links(months, "../timeline/")
    return "\n".join(out)


def _timeline_pages(site: _Site, months: dict[str, list[Briefing]]) -> dict[str, str]:
    pages: dict[str, str] = {}
    out = [*_front_matter("Timeline"), "# Timeline", ""]
    threads = sorted(
        site.corpus.threads, key=lambda t: (_thread_end(site, t), t.slug), reverse=True
    )
    if threads:
        shown = threads[:TIMELINE_THREADS]
        out += ["## Story threads", ""]
        if len(threads) > len(shown):
            out += [f"The {len(shown)} most recent of {len(threads)} threads.", ""]
        for t in shown:
            out += [f"### {_block_safe(md_escape(t.title))}", ""]
            out += block(
                item(briefing_line(site.briefings[s], "../"))
                for s in t.briefings
                if s in site.briefings
            )
    out += ["## By month", ""]
    out += _month_links(months, "")
    pages["timeline/index.md"] = "\n".join(out)
    thread_title = {s: t.title for t in site.corpus.threads for s in t.briefings}
    for key, items in months.items():
        rows: list[Row] = []
        for b in items:
            line = briefing_line(b, "../")
            if b.slug in thread_title:
                line += f" · {em(text(thread_title[b.slug]))}"
            rows.append(("", item(line)))
        _write_split(pages, f"timeline/{key}", rows, _month_label(key), back="index.md")
    return pages


def _thread_end(site: _Site, t) -> str:
    dates = [site.briefings[s].article.date or "" for s in t.briefings if s in site.briefings]
    return max(dates) if dates else ""


def _entity_pages(site: _Site) -> dict[str, str]:
    """``entities/index.md`` (letters, most mentioned) and ``entities/a-z/<letter>`` lists."""
    paged = [site.entities[s] for s in sorted(site.paged)]
    by_letter: dict[str, list[CanonicalEntity]] = defaultdict(list)
    for e in paged:
        by_letter[_letter(e.name)].append(e)
    letters = sorted(by_letter, key=lambda k: (k == "other", k))
    pages: dict[str, str] = {}
    for letter in letters:
        rows: list[str] = []
        grouped: dict[str, list[CanonicalEntity]] = defaultdict(list)
        for e in by_letter[letter]:
            grouped[_group_of(e.type)].append(e)
        for group, _ in TYPE_GROUPS:
            items = sorted(grouped.get(group, []), key=lambda e: (e.name.lower(), e.slug))
            rows += [(group, _entity_row(e, "../../")) for e in items]
        _write_split(
            pages, f"entities/a-z/{letter}", rows, f"Entities: {_letter_label(letter)}",
            back="../index.md",
        )
    out = [*_front_matter("People, organisations and places")]
    out += ["# People, organisations and places", ""]
    out += [
        " · ".join(
            f"[{_letter_label(k)}](a-z/{k}.md) ({len(by_letter[k])})" for k in letters
        ),
        "",
    ]
    top = sorted(paged, key=lambda e: (-len(e.appearances), e.name.lower(), e.slug))[:INDEX_TOP]
    if top:
        out += ["## Most mentioned", ""]
        out += block(_entity_row(e, "../") for e in top)
    pages["entities/index.md"] = "\n".join(out)
    return pages


def _entity_row(e: CanonicalEntity, prefix: str) -> str:
    """A name's ``<li>``: link, role, how many briefings name it."""
    n = len(e.appearances)
    line = link(f"{prefix}{entity_path(e.slug)}", text(e.name))
    if e.role:
        line += f": {text(e.role)}"
    return item(line + f" ({n} briefing{'s' if n != 1 else ''})")


def _with_headings(rows: list[Row]) -> list[str]:
    """Rows -> Markdown lines: a heading wherever the group changes, and the rows under it
    as one raw HTML list.

    Each part of a split list repeats the heading it starts under, so a reader landing on
    part 3 still sees which group the rows belong to.
    """
    out: list[str] = []
    current = ""
    run: list[str] = []
    for group, row in rows:
        if group and group != current:
            out += block(run)
            run = []
            out += ["", f"## {group}", ""]
        current = group
        run.append(row)
    return out + block(run)


def _write_split(
    pages: dict[str, str],
    base: str,
    rows: list[Row],
    title: str,
    *,
    back: str,
) -> None:
    parts = _split(base, rows)
    for n, part in enumerate(parts):
        full = title if n == 0 else f"{title} (part {n + 1})"
        page = [*_front_matter(full), f"# {md_escape(full)}", "", f"[Index]({back})", ""]
        pager = _pager(parts, n)
        page += [*pager, *_with_headings(part.rows), "", *pager]
        pages[f"{part.path}.md"] = "\n".join(page)


def _quote_pages(
    site: _Site, by: dict[str, list[tuple[Briefing, Quote]]]
) -> dict[str, str]:
    """``quotes/index.md`` (letters, latest quotes) and ``quotes/<letter>`` speaker lists."""
    pages: dict[str, str] = {}
    speakers = sorted(by, key=lambda s: (site.entities[s].name.lower(), s))
    by_letter: dict[str, list[str]] = defaultdict(list)
    for slug in speakers:
        by_letter[_letter(site.entities[slug].name)].append(slug)
    letters = sorted(by_letter, key=lambda k: (k == "other", k))
    for letter in letters:
        rows: list[Row] = []
        for slug in by_letter[letter]:
            e = site.entities[slug]
            quotes = by[slug]
            # A speaker without a page is quoted in one briefing, at most QUOTES_PER_SPEAKER
            # times: every quote is below, and the name leads to its glossary entry there.
            head = strong(link(speaker_href(site, slug, quotes[0][0].slug), text(e.name)))
            if e.role:
                head += f", {text(e.role)}"
            n = len(quotes)
            more = (
                f" · {link(f'../{entity_path(slug)}#quotes', f'all {n} quotes')}"
                if n > 1 and slug in site.paged
                else ""
            )
            shown = [_quote_line(b, q, "../") for b, q in quotes[:QUOTES_PER_SPEAKER]]
            rows.append(("", item(head + f" ({n} quote{'s' if n != 1 else ''}){more}", shown)))
        _write_split(pages, f"quotes/{letter}", rows, f"Quotes: {_letter_label(letter)}",
                     back="index.md")
    out = [*_front_matter("Quotes by speaker"), "# Quotes by speaker", ""]
    if not speakers:
        out += ["No attributed quotes yet.", ""]
    else:
        out += [
            " · ".join(f"[{_letter_label(k)}]({k}.md) ({len(by_letter[k])})" for k in letters),
            "",
            "## Latest quotes",
            "",
        ]
        latest = sorted(
            ((b, q, slug) for slug in speakers for b, q in by[slug][:1]),
            key=lambda t: (t[0].article.date or "", t[0].slug, t[2]),
            reverse=True,
        )[:INDEX_TOP]
        out += block(
            item(
                link(speaker_href(site, slug, b.slug), text(site.entities[slug].name))
                + ": "
                + _quote_line(b, q, "../")
            )
            for b, q, slug in latest
        )
    pages["quotes/index.md"] = "\n".join(out)
    return pages


def _quote_line(b: Briefing, q: Quote, prefix: str) -> str:
    """A quote with the briefing it is from, as inner HTML of its ``<li>``."""
    source = link(f"{prefix}{briefing_path(b.slug)}", text(b.article.title))
    return (
        f"“{text(' '.join(q.text.split()))}” ({source}, {text(fmt_date(b.article.date))})"
    )
