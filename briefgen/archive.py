"""A busy name's briefings and quotes on pages by year (by month in a busy year).

A person in thousands of briefings would otherwise have a page of megabytes: slow to open on
a phone, seconds to render again on every save that names them, heavy to index.  Their own
page keeps the newest :data:`RECENT` briefings and :data:`RECENT_QUOTES` quotes and links to
archive pages that hold every briefing and quote of one period.  A period is a year, or a
month when the year holds more than :data:`PERIOD_MAX` briefings, so an archive page stays a
few hundred lines.  Its address depends only on the dates of the stories in it: a new story
changes its name's page and the one archive page of its own date, nothing else.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from briefgen.model import Appearance, Briefing, CanonicalEntity, Quote
from briefgen.render import (
    _block_safe,
    _front_matter,
    _quote_block,
    _Site,
    briefing_path,
    fmt_date,
    md_escape,
)

#: Briefings listed on a name's own page, newest first; the rest are on archive pages.
RECENT = 50
#: Quotes shown on a name's own page, newest first.
RECENT_QUOTES = 20
#: Briefings a year may hold before its archive is split by month.
PERIOD_MAX = 300
#: The period of stories without a date.
UNDATED = "undated"

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


def needs_archive(apps: int, quotes: int) -> bool:
    """Whether a name's page lists only its newest briefings and quotes."""
    return apps > RECENT or quotes > RECENT_QUOTES


def _year(date: str | None) -> str:
    if date and len(date) >= 4 and date[:4].isdigit():
        return date[:4]
    return UNDATED


def _month(date: str | None) -> str:
    if date and len(date) >= 7 and date[:4].isdigit() and date[4] == "-" and date[5:7].isdigit():
        return date[:7]
    return _year(date)


def period_of(date: str | None, busy_years: frozenset[str]) -> str:
    """``2016``, or ``2016-03`` when 2016 is a busy year, or ``undated``."""
    year = _year(date)
    return _month(date) if year in busy_years else year


def busy_years(apps: Sequence[Appearance]) -> frozenset[str]:
    """Years with more than :data:`PERIOD_MAX` briefings: archived month by month."""
    per_year = Counter(_year(a.date) for a in apps)
    return frozenset(y for y, n in per_year.items() if n > PERIOD_MAX and y != UNDATED)


def period_label(period: str) -> str:
    """``2016`` -> ``2016``; ``2016-03`` -> ``March 2016``; ``undated`` -> ``Undated``."""
    if period == UNDATED:
        return "Undated"
    if len(period) == 7:
        return f"{_MONTHS[int(period[5:7]) - 1]} {period[:4]}"
    return period


def archive_path(slug: str, period: str) -> str:
    """``entities/<slug>/<period>.md``: under the name's own address."""
    return f"entities/{slug}/{period}.md"


def periods(
    apps: Sequence[Appearance], quotes: Sequence[tuple[Briefing, Quote]]
) -> dict[str, tuple[list[Appearance], list[tuple[Briefing, Quote]]]]:
    """Every briefing and quote of a name grouped by period, newest period first."""
    busy = busy_years(apps)
    out: dict[str, tuple[list[Appearance], list[tuple[Briefing, Quote]]]] = {}
    for a in apps:
        out.setdefault(period_of(a.date, busy), ([], []))[0].append(a)
    for b, q in quotes:
        out.setdefault(period_of(b.article.date, busy), ([], []))[1].append((b, q))
    # Newest first, the undated last: the order of the name's own lists.
    return dict(sorted(out.items(), key=lambda kv: (kv[0] != UNDATED, kv[0]), reverse=True))


def archive_links(
    slug: str, grouped: dict[str, tuple[list[Appearance], list[tuple[Briefing, Quote]]]]
) -> list[str]:
    """The line on a name's own page that leads to each archive page, with what it holds."""
    parts = []
    for period, (apps, quotes) in grouped.items():
        held = [f"{len(apps)} briefing{'s' if len(apps) != 1 else ''}"] if apps else []
        if quotes:
            held.append(f"{len(quotes)} quote{'s' if len(quotes) != 1 else ''}")
        parts.append(f"[{period_label(period)}]({slug}/{period}.md) ({', '.join(held)})")
    return ["Every briefing and quote, by period: " + " · ".join(parts), "{: .bg-archive }", ""]


def render_archive(
    site: _Site,
    e: CanonicalEntity,
    period: str,
    apps: Sequence[Appearance],
    quotes: Sequence[tuple[Briefing, Quote]],
) -> str:
    """One archive page: the name's briefings and quotes of one period, newest first."""
    label = period_label(period)
    out = _front_matter(f"{e.name}: {label}", f"Briefings and quotes naming {e.name}, {label}")
    out += [f"# {_block_safe(md_escape(e.name))}: {label}", ""]
    out += [f"Back to [{md_escape(e.name)}](../{e.slug}.md)", ""]
    if apps:
        out += [f"## Briefings ({len(apps)})", ""]
        for a in apps:
            b = site.briefings[a.briefing]
            out.append(
                f"- **{fmt_date(a.date)}**: "
                f"[{md_escape(b.article.title)}](../../{briefing_path(b.slug)})"
            )
            if a.sentence:
                sentence = md_escape(" ".join(a.sentence.split()))
                out.append(f'    <span class="bg-context">{sentence}</span>')
        out.append("")
    if quotes:
        out += [f"## Quotes ({len(quotes)})", ""]
        for b, q in quotes:
            out.extend(_quote_block(site, b, q, link_briefing=True, depth=2))
    return "\n".join(out)
