"""A busy name's every briefing and quote, on list pages of a thousand briefings each.

A person in thousands of briefings would otherwise have a page of megabytes: slow to open on
a phone, seconds to render again on every save that names them, heavy to index.  Their own
page keeps the newest :data:`RECENT` briefings (with the sentence that names them) and
:data:`RECENT_QUOTES` quotes, and links the archive: every briefing, oldest first, in parts
of :data:`PART_SIZE`, each line with what the name said in that briefing.  Counted from the
oldest, the parts do not move when a new story arrives: a save that names a busy person
changes their page and the last part (a story dated into the past also the parts after it).
A part is one line per briefing, so even a full one stays small; the list is raw HTML, which
MkDocs renders 2-3 times faster than Markdown list lines (:mod:`.render.rawlist`).
"""

from __future__ import annotations

from collections.abc import Sequence

from briefgen.model import Appearance, Briefing, CanonicalEntity, Quote
from briefgen.render import (
    _block_safe,
    _front_matter,
    _Site,
    briefing_path,
    fmt_date,
    md_escape,
)
from briefgen.render.rawlist import block, item, link, strong, text

#: Briefings listed on a name's own page, newest first; all of them are in the archive.
RECENT = 50
#: Quotes shown on a name's own page, newest first.
RECENT_QUOTES = 20
#: Briefings on one archive page.
PART_SIZE = 1000

Part = tuple[int, list[Appearance]]
"""An archive page: its number (from 1, oldest first) and its briefings, oldest first."""


def needs_archive(apps: int, quotes: int) -> bool:
    """Whether a name's page lists only its newest briefings and quotes."""
    return apps > RECENT or quotes > RECENT_QUOTES


def archive_path(slug: str, number: int) -> str:
    """``entities/<slug>/<number>.md``: under the name's own address."""
    return f"entities/{slug}/{number}.md"


def parts(apps: Sequence[Appearance]) -> list[Part]:
    """Every briefing of a name (given newest first, as entity records hold them) in parts of
    :data:`PART_SIZE`, counted from the oldest."""
    oldest_first = list(reversed(apps))
    return [
        (k // PART_SIZE + 1, oldest_first[k : k + PART_SIZE])
        for k in range(0, len(oldest_first), PART_SIZE)
    ]


def _span(apps: Sequence[Appearance]) -> str:
    dated = [a.date for a in apps if a.date]
    if not dated:
        return "undated"
    first, last = fmt_date(min(dated)), fmt_date(max(dated))
    return first if first == last else f"{first} to {last}"


def archive_links(slug: str, split: Sequence[Part]) -> list[str]:
    """The line on a name's own page that leads to each part, with its dates."""
    links = []
    for number, apps in split:
        first = (number - 1) * PART_SIZE + 1
        links.append(
            f"[{first}–{first + len(apps) - 1}]({slug}/{number}.md) ({_span(apps)})"
        )
    return [
        "Every briefing and quote, oldest first: " + " · ".join(links),
        "{: .bg-archive }",
        "",
    ]


def render_part(
    site: _Site,
    e: CanonicalEntity,
    number: int,
    apps: Sequence[Appearance],
    said: dict[str, list[Quote]],
) -> str:
    """One archive page: a line per briefing, oldest first, with what the name said there."""
    first = (number - 1) * PART_SIZE + 1
    label = f"briefings {first}–{first + len(apps) - 1}"
    out = _front_matter(f"{e.name}: {label}", f"Every briefing naming {e.name}: {label}")
    out += [f"# {_block_safe(md_escape(e.name))}: {label}", ""]
    out += [f"Oldest first, {_span(apps)}. Back to [{md_escape(e.name)}](../{e.slug}.md)", ""]
    rows = []
    for a in apps:
        b = site.briefings[a.briefing]
        title = link(f"../../{briefing_path(b.slug)}", text(b.article.title))
        quotes = [f"“{text(' '.join(q.text.split()))}”" for q in said.get(a.briefing, ())]
        rows.append(item(f"{strong(text(fmt_date(a.date)))}: {title}", quotes))
    out += block(rows)
    return "\n".join(out)


def quotes_by_briefing(quotes: Sequence[tuple[Briefing, Quote]]) -> dict[str, list[Quote]]:
    """A name's quotes grouped under the briefing that holds them, in reading order."""
    out: dict[str, list[Quote]] = {}
    for b, q in quotes:
        out.setdefault(b.slug, []).append(q)
    for listed in out.values():
        listed.sort(key=lambda q: q.start)
    return out
