"""A briefing's page: header, at a glance, the story so far, the story, key quotes, the
glossary and related briefings."""

from __future__ import annotations

from collections import Counter, defaultdict

from briefgen.mdsafe import code_span, escape_url
from briefgen.model import Briefing, Entity
from briefgen.render.cards import _local_facts
from briefgen.render.common import (
    TYPE_GROUPS,
    _entity_href,
    _front_matter,
    _group_of,
    _sentence_text,
    _Site,
    display_aliases,
    fmt_date,
    glossary_anchor,
    mention_anchor,
)
from briefgen.render.entity import _quote_block
from briefgen.render.escape import _block_safe, _title_attr, md_escape
from briefgen.render.rawlist import block, item, link, text
from briefgen.render.weave import _body


def render_briefing(site: _Site, b: Briefing) -> str:
    ann, art = b.annotation, b.article
    out = _front_matter(art.title, art.summary)
    out.append(f"# {_block_safe(md_escape(art.title))}")
    out.append("")
    meta = [f"**{fmt_date(art.date)}**"]
    if art.publisher:
        meta.append(md_escape(art.publisher))
    if art.author:
        meta.append("by " + md_escape(art.author))
    if art.url and art.url.startswith(("http://", "https://")):
        meta.append(f"[Original article]({escape_url(art.url)})")
    out.append(" · ".join(meta))
    out.append("{: .bg-meta }")
    out.append("")
    if art.tags:
        out.append("Tags: " + ", ".join(code_span(t) for t in art.tags))
        out.append("")
    if art.summary:
        out.append(
            f"*{md_escape(art.summary)}*" if "*" not in art.summary else md_escape(art.summary)
        )
        out.append("")
    if ann.key_sentences:
        out.append('!!! abstract "At a glance"')
        out.append("")
        for i in ann.key_sentences:
            sentence = _sentence_text(art, ann.sentences[i])
            if sentence:
                out.append(f"    - {_block_safe(md_escape(sentence))}")
        out.append("")
    if b.thread:
        out.extend(_story_so_far(site, b))
    out.append("## The story")
    out.append("")
    if art.caption:
        out.append(f"*Photo: {md_escape(art.caption)}*")
        out.append("{: .bg-caption }")
        out.append("")
    body, anchored = _body(site, b)
    out.extend(body)
    out.extend(_key_quotes(site, b))
    out.extend(_glossary(site, b, anchored))
    out.extend(_related(site, b))
    out.append("---")
    out.append("")
    out.append(f"Source file: `{art.source.replace('`', '')}`")
    out.append("{: .bg-source }")
    out.append("")
    return "\n".join(out)


def _story_so_far(site: _Site, b: Briefing) -> list[str]:
    thread = site.threads.get(b.thread) if b.thread else None
    if thread is None:
        return []
    out = [f'??? info "The story so far: {_title_attr(thread.title)}"', ""]
    for slug in thread.briefings:
        other = site.briefings.get(slug)
        if other is None:
            continue
        title = md_escape(other.article.title)
        line = f"{fmt_date(other.article.date)}: "
        line += f"**{title}** (this briefing)" if slug == b.slug else f"[{title}]({slug}.md)"
        out.append(f"    - {line}")
    out.append("")
    return out


def _key_quotes(site: _Site, b: Briefing) -> list[str]:
    quotes = [q for q in b.annotation.quotes if q.kind == "full"]
    if not quotes:
        return []
    out = ["## Key quotes", ""]
    local = _local_facts(b)
    for q in quotes:
        out.extend(_quote_block(site, b, q, link_briefing=False, local=local))
    return out


def _glossary(site: _Site, b: Briefing, anchored: frozenset[str] = frozenset()) -> list[str]:
    """The briefing's entities grouped by type; page-less ones carry what a page would say."""
    local = {e.key: e for e in b.annotation.entities}
    # Two local entities may map to one canonical entity: one row, mentions added up.
    counts: Counter[str] = Counter()
    roles: dict[str, str] = {}
    for key, slug in sorted(b.entity_slugs.items()):
        doc_entity: Entity | None = local.get(key)
        if doc_entity is None or slug not in site.entities:
            continue
        counts[slug] += doc_entity.mentions
        if doc_entity.role and slug not in roles:
            roles[slug] = doc_entity.role
    # Raw HTML (briefgen.render.rawlist), as Python-Markdown made it of the Markdown rows:
    # the glossary and the related lists were a third of a briefing's Markdown time.
    rows: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for slug, n in sorted(counts.items()):
        entity = site.entities[slug]
        role = roles.get(slug) or entity.role
        name = text(entity.name)
        if slug in site.paged:
            line = link(_entity_href(slug), name)
        elif slug in anchored:
            line = (f'<a href="#{mention_anchor(slug)}" id="{glossary_anchor(slug)}">'
                    f"{name}</a>")
        else:
            line = f'<span id="{glossary_anchor(slug)}">{name}</span>'
        if role:
            line += f": {text(role)}"
        line += f" ({n} mention{'s' if n != 1 else ''})"
        if slug not in site.paged:
            shown = display_aliases(entity.name, entity.aliases)
            if shown:
                line += " · also " + ", ".join(text(a) for a in shown)
        rows[_group_of(entity.type)].append((entity.name.lower(), item(line)))
    if not rows:
        return []
    # The class lets the stylesheet set each group's list in columns on wide screens.
    out = ["## Glossary {: .bg-glossary }", ""]
    for group, _ in TYPE_GROUPS:
        if rows.get(group):
            ident = "glossary-" + group.lower().replace(" ", "-")
            out.append(f"### {group} ({len(rows[group])}) {{: #{ident} }}")
            out.extend(block(line for _, line in sorted(rows[group])))
            out.append("")
    return out


def _related(site: _Site, b: Briefing) -> list[str]:
    out: list[str] = []
    if b.duplicates:
        copies = []
        for slug in b.duplicates:
            other = site.briefings.get(slug)
            if other:
                copies.append(item(
                    f"{link(f'{slug}.md', text(other.article.title))}"
                    f" ({fmt_date(other.article.date)}"
                    + (f", {text(other.article.publisher)}" if other.article.publisher else "")
                    + ")"
                ))
        out += ["## Also reported as", *block(copies), ""]
    rel = [r for r in b.related if r.slug in site.briefings]
    # Newest first, not by score: adding any story nudges every TF-IDF weight, and near-equal
    # scores would swap places on hundreds of pages that then all re-render on one save.
    # Which stories are listed still follows the score.
    rel.sort(key=lambda r: (site.briefings[r.slug].article.date or "", r.slug), reverse=True)
    if rel:
        lines = []
        for r in rel:
            other = site.briefings[r.slug]
            line = link(f"{r.slug}.md", text(other.article.title))
            line += f" ({fmt_date(other.article.date)})"
            if r.shared:
                line += ": shares " + ", ".join(text(n) for n in r.shared[:5])
            lines.append(item(line))
        out += ["## Related briefings", *block(lines), ""]
    return out
