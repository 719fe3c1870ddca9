"""The hover cards' data: what a name's card says, written as attr_list attributes.

A card on a briefing carries what that briefing says of a name; the corpus-wide facts sit on
the name's own page (:func:`card_facts`), where the script reads them when the card opens.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from briefgen.model import Briefing, CanonicalEntity
from briefgen.render.common import TYPE_LABELS, _Site, display_aliases, fmt_date
from briefgen.render.escape import _attr_line


@dataclass(frozen=True)
class _Local:
    """What one briefing itself says of a canonical entity: its role there, the names it uses."""

    role: str | None
    names: tuple[str, ...]


def _local_facts(b: Briefing) -> dict[str, _Local]:
    """Per canonical slug, the role and names this briefing gives (its first role wins)."""
    roles: dict[str, str] = {}
    names: dict[str, set[str]] = defaultdict(set)
    for e in b.annotation.entities:
        slug = b.entity_slugs.get(e.key)
        if slug is None:
            continue
        names[slug].update((e.name, *e.aliases))
        if e.role and slug not in roles:
            roles[slug] = e.role
    return {slug: _Local(roles.get(slug), tuple(sorted(n))) for slug, n in names.items()}


def role_here(local: Mapping[str, _Local] | None, speaker: CanonicalEntity) -> str | None:
    """The role a briefing itself gives a name, else the one most briefings agree on."""
    here = (local or {}).get(speaker.slug)
    return here.role if here is not None and here.role else speaker.role


def _card(
    site: _Site, b: Briefing, entity: CanonicalEntity, local: _Local | None = None
) -> str:
    """The attributes a name's card is drawn from (``briefgen-reader.js``), as attr_list text.

    The card says what the site knows: type, role and the briefing the role comes from,
    aliases, how many briefings mention the name, and whether it has a page (the link's own
    address) or only a glossary entry.  A name with a page carries only what this briefing
    says of it (its role here, the names used here); the corpus-wide facts (count, the role
    most briefings give and its source, every alias) sit on the name's own page and are read
    from there when the card opens.  Written here, every story naming a well-known person
    would change, and be rendered again, with each new story about them.  Every value passes
    :func:`_attr`, and the script writes them as text, so source words never become markup.
    """
    attrs = [
        'data-bg-card="entity"',
        f'data-bg-name="{_attr_line(entity.name)}"',
        f'data-bg-type="{_attr_line(TYPE_LABELS.get(entity.type, entity.type.title()))}"',
    ]
    if entity.slug in site.paged:
        if local is not None and local.role:
            attrs.append(f'data-bg-role="{_attr_line(local.role)}"')
            attrs.append('data-bg-role-from="this briefing"')
        shown = display_aliases(entity.name, local.names if local is not None else ())
        if shown:
            attrs.append(f'data-bg-aliases="{_attr_line(", ".join(shown))}"')
        attrs.append('data-bg-page="1"')
        return " ".join(attrs)
    # A name without a page is in this briefing only: its record is this briefing's.
    return " ".join([*attrs, 'data-bg-briefings="1"', *_archive_facts(site, entity, b.slug)])


def _archive_facts(site: _Site, e: CanonicalEntity, here: str | None = None) -> list[str]:
    """The role most briefings give, with the briefing it comes from ("this briefing" when
    that is ``here``), and every alias: what the archive knows of a name."""
    attrs = []
    if e.role:
        attrs.append(f'data-bg-role="{_attr_line(e.role)}"')
        if e.role_source is not None and e.role_source == here:
            attrs.append('data-bg-role-from="this briefing"')
        elif e.role_source in site.briefings:
            source = site.briefings[e.role_source].article
            attrs.append(
                f'data-bg-role-from="{_attr_line(f"{source.title} ({fmt_date(source.date)})")}"'
            )
    shown = display_aliases(e.name, e.aliases)
    if shown:
        attrs.append(f'data-bg-aliases="{_attr_line(", ".join(shown))}"')
    return attrs


def card_facts(site: _Site, e: CanonicalEntity, count: int) -> str:
    """attr_list text on an entity page that its cards elsewhere read when they open: the
    briefing count, the role most briefings give with its source, every alias."""
    return " ".join([f'data-bg-count="{count}"', *_archive_facts(site, e)])
