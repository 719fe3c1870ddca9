"""An entity's page, and the quote block it shares with a briefing's key quotes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from briefgen.mdsafe import escape_url
from briefgen.model import Briefing, CanonicalEntity, Quote
from briefgen.render.cards import _Local, card_facts, role_here
from briefgen.render.common import (
    TYPE_LABELS,
    _front_matter,
    _Site,
    briefing_path,
    display_aliases,
    fmt_date,
    speaker_href,
)
from briefgen.render.escape import _block_safe, md_escape
from briefgen.render.rawlist import block, item, link, strong, text


def render_entity(
    site: _Site,
    e: CanonicalEntity,
    related: Sequence[tuple[str, int]],
    quotes_by: dict[str, list[tuple[Briefing, Quote]]],
    *,
    chart: Sequence[str] = (),
    connections: Sequence[str] = (),
    archive: Sequence[str] = (),
    recent: int | None = None,
    recent_quotes: int | None = None,
) -> str:
    """An entity's page.  ``chart`` (its briefings per month) and ``connections`` (a picture
    and the briefings that join each name, which replaces the plain list of names often
    mentioned with it) go above the list of briefings.  A busy name lists only its
    ``recent`` newest briefings and ``recent_quotes`` newest quotes, and ``archive`` (links
    to pages by period, :mod:`briefgen.archive`) leads to the rest."""
    label = TYPE_LABELS.get(e.type, e.type.title())
    out = _front_matter(e.name, f"{label}: {e.role}" if e.role else label, boost=3)
    # The name weighs most in search: at 10,000 briefings a city's own page otherwise drowns
    # among the hundreds of stories that name it.
    out += [f'# {_block_safe(md_escape(e.name))} {{: data-pagefind-weight="10" }}', ""]
    line = f"**{label}**"
    if e.role:
        line += f" · {md_escape(e.role)}"
        if e.role_source and e.role_source in site.briefings:
            line += f" ([source](../{briefing_path(e.role_source)}))"
    out += [line, "{: .bg-meta }", ""]
    shown = display_aliases(e.name, e.aliases)
    if shown:
        out += ["Also known as: " + ", ".join(md_escape(a) for a in shown), ""]
    if e.description:
        out += [_block_safe(md_escape(e.description)), ""]
    if e.url and e.url.startswith(("http://", "https://")):
        out += [f"[Reference]({escape_url(e.url)})", ""]
    # The pictures come first: on a name in thousands of briefings, a picture placed after the
    # list would wait for the whole list to be parsed before it is drawn.
    out += chart
    out += connections
    apps = [a for a in e.appearances if a.briefing in site.briefings]
    out += [f"## Briefings ({len(apps)}) {{: #briefings {card_facts(site, e, len(apps))} }}", ""]
    if archive:
        out += list(archive)
        if recent is not None and len(apps) > recent:
            out += [f"The newest {recent}:", ""]
    # Raw HTML (:mod:`.rawlist`): fifty rows with their sentences converted in ~25 ms as
    # Markdown, and a save re-renders the page of every name its story mentions.
    rows = []
    for a in apps[:recent]:
        b = site.briefings[a.briefing]
        title = link(f"../{briefing_path(b.slug)}", text(b.article.title))
        row = f"{strong(text(fmt_date(a.date)))}: {title}"
        if a.sentence:
            row += f'\n<span class="bg-context">{text(" ".join(a.sentence.split()))}</span>'
        rows.append(item(row))
    out += block(rows) or [""]
    quotes = quotes_by.get(e.slug, [])
    if quotes:
        out += [f"## Quotes ({len(quotes)}) {{: #quotes }}", ""]
        if archive and recent_quotes is not None and len(quotes) > recent_quotes:
            out += [f"The newest {recent_quotes}; every quote is in the archive above.", ""]
        for b, q in quotes[:recent_quotes]:
            out.extend(_quote_block(site, b, q, link_briefing=True))
    if related and not connections:
        out += ["## Often mentioned with"]
        out += block(
            item(f"{link(f'{slug}.md', text(site.entities[slug].name))} "
                 f"({n} briefing{'s' if n != 1 else ''})")
            for slug, n in related
            if slug in site.entities
        ) or [""]
    return "\n".join(out)


def _quote_block(
    site: _Site,
    b: Briefing,
    q: Quote,
    *,
    link_briefing: bool,
    local: Mapping[str, _Local] | None = None,
) -> list[str]:
    """A quote with its speaker; ``local`` (a briefing's own facts) gives the role this
    briefing states before the one most briefings agree on."""
    speaker = site.speaker(b, q)
    # Key quotes sit on briefing pages, entity quotes on entity pages: both one level down.
    prefix = "../"
    if speaker is not None:
        # On the briefing itself (``link_briefing`` False) a page-less speaker's entry is
        # on the same page; on another page it is in the glossary of the quoting briefing.
        here = None if link_briefing else b.slug
        who = f"[{md_escape(speaker.name)}]({speaker_href(site, speaker.slug, b.slug, here)})"
        role = role_here(local, speaker)
        if role:
            who += f", {md_escape(role)}"
    elif q.speaker_text:
        who = md_escape(q.speaker_text)
    else:
        who = "Unattributed"
    text = " ".join(q.text.split())
    lines = [f"> “{md_escape(text)}”", ">"]
    attribution = f"> — {who}"
    if link_briefing:
        attribution += (
            f", in [{md_escape(b.article.title)}]({prefix}{briefing_path(b.slug)})"
            f" ({fmt_date(b.article.date)})"
        )
    lines.append(attribution)
    return [*lines, ""]
