"""What every page of a render shares: the type groups and labels, page paths and anchors,
dates as a reader sees them, front matter, and :class:`_Site`, the lookups of one render.

:class:`_Site` keeps its five fields as they are: :mod:`briefgen.pagememo` rebuilds it around
watched tables to record what each page read.
"""

from __future__ import annotations

import functools
import html
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from briefgen.facts import paged_entities
from briefgen.model import Article, Briefing, CanonicalEntity, Corpus, Quote, Thread

#: Glossary groups on a briefing and on the entities index, in reading order.
TYPE_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("People", ("PERSON",)),
    ("Organisations", ("ORG",)),
    ("Places", ("GPE", "LOC", "FAC")),
    ("Groups and nationalities", ("NORP",)),
    ("Other", ("EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE")),
)

#: Human words for entity types, used in hover cards.
TYPE_LABELS = {
    "PERSON": "Person",
    "ORG": "Organisation",
    "GPE": "Place",
    "LOC": "Place",
    "FAC": "Building or facility",
    "NORP": "Group or nationality",
    "EVENT": "Event",
    "PRODUCT": "Product",
    "WORK_OF_ART": "Work",
    "LAW": "Law",
    "LANGUAGE": "Language",
}

#: Types listed in the glossary but not linked in the story: "British", "European" on every
#: line would bury the links a reader wants (people, organisations, places).
UNLINKED_IN_BODY = frozenset({"NORP"})

#: Newest briefings listed on the home page.
HOME_LATEST = 10


def _typesetting(form: str) -> tuple[bool, int, str]:
    """Sort key: normal case first, then fewer capitals ("Hillary" before "HIllary")."""
    return form.isupper(), sum(c.isupper() for c in form), form


def display_aliases(name: str, aliases: Sequence[str]) -> list[str]:
    """The aliases worth showing a reader: one per spelling, not per typesetting.

    The data keeps every surface form (a dateline "BELFAST" must still match), but "TRUMP",
    "Donald\u00a0Trump" and "HIllary Clinton" beside "Trump", "Donald Trump" and "Hillary
    Clinton" tell a reader nothing: forms equal up to case and spacing are shown once, in
    the form not written in capitals.
    """
    best: dict[str, str] = {}
    for alias in aliases:
        form = " ".join(alias.split())
        key = form.casefold()
        if key == " ".join(name.split()).casefold():
            continue
        have = best.get(key)
        if have is None or _typesetting(have) > _typesetting(form):
            best[key] = form
    return sorted(best.values(), key=lambda f: (f.casefold(), f))


def briefing_path(slug: str) -> str:
    return f"briefings/{slug}.md"


def entity_path(slug: str) -> str:
    return f"entities/{slug}.md"


@functools.lru_cache(maxsize=1 << 16)
def fmt_date(date: str | None) -> str:
    """``2025-03-03`` -> ``3 March 2025``; undated stories say so.

    Cached: an archive has a few thousand distinct dates and prints them half a million
    times (every list line), and ``strptime`` is slow."""
    if not date:
        return "Undated"
    try:
        d = datetime.strptime(date, "%Y-%m-%d")
    except ValueError:
        return date
    return f"{d.day} {d:%B %Y}"


def glossary_anchor(slug: str) -> str:
    """HTML id of an entity's entry in a briefing's glossary."""
    return f"g-{slug}"


def mention_anchor(slug: str) -> str:
    """HTML id of the first linked mention of a page-less entity in a briefing."""
    return f"m-{slug}"


def _entity_href(slug: str) -> str:
    return f"../{entity_path(slug)}"


def speaker_href(site: _Site, slug: str, quoted_in: str, here: str | None = None) -> str:
    """Where a speaker's name leads from a page one level down: to their page, or, for a
    speaker without one (quoted in one briefing only), to their entry in the glossary of the
    briefing that quotes them, which says what a page would (``here`` is the briefing being
    rendered: the entry is then on the same page)."""
    if slug in site.paged:
        return _entity_href(slug)
    if quoted_in == here:
        return f"#{glossary_anchor(slug)}"
    return f"../{briefing_path(quoted_in)}#{glossary_anchor(slug)}"


def _group_of(entity_type: str) -> str:
    for group, types in TYPE_GROUPS:
        if entity_type in types:
            return group
    return "Other"


def _front_matter(
    title: str, description: str | None = None, *, boost: float | None = None
) -> list[str]:
    """YAML front matter MkDocs reads for the page title and meta description.

    ``boost`` raises a page in Material's search ranking: a search for a name should offer
    that entity's own page before the briefings that merely mention it.
    """
    # Material prints these values into <title>, <meta> and the header without escaping, so
    # they are HTML-escaped here; ASCII-only JSON is also always valid YAML.
    lines = ["---", f"title: {json.dumps(html.escape(title), ensure_ascii=True)}"]
    if description:
        lines.append(f"description: {json.dumps(html.escape(description), ensure_ascii=True)}")
    if boost is not None:
        lines.append(f"search:\n  boost: {boost}")
    lines.append("---")
    return [*lines, ""]


def _sentence_text(article: Article, span: tuple[int, int]) -> str:
    """A sentence alone, on one line, for a list ("At a glance").

    The parser sometimes starts a sentence with the closing quotation mark of the one before
    (a quote that ends a paragraph); a mark followed by a space opens nothing, so it is left
    out rather than shown as a stray quote before the sentence.
    """
    text = " ".join(article.text[span[0] : span[1]].split())
    while len(text) > 1 and text[0] in _QUOTE_MARKS and text[1] == " ":
        text = text[2:]
    return text


#: Quotation marks a sentence may wrongly begin with (see ``_sentence_text``).
_QUOTE_MARKS = "\"'”’»"


@dataclass(frozen=True)
class _Site:
    """Lookups shared by all pages of one render."""

    corpus: Corpus
    entities: dict[str, CanonicalEntity]
    briefings: dict[str, Briefing]
    paged: frozenset[str]
    """Entities with a page of their own (:func:`paged_entities`)."""
    threads: Mapping[str, Thread]
    """Story threads by slug: a briefing looks up its own, so a page re-renders when that
    thread changes, not when any thread of the archive does."""

    @classmethod
    def of(cls, corpus: Corpus) -> _Site:
        return cls(
            corpus=corpus,
            entities={e.slug: e for e in corpus.entities},
            briefings={b.slug: b for b in corpus.briefings},
            paged=paged_entities(corpus),
            threads={t.slug: t for t in corpus.threads},
        )

    def speaker(self, b: Briefing, quote: Quote) -> CanonicalEntity | None:
        if quote.speaker is None:
            return None
        slug = b.entity_slugs.get(quote.speaker)
        return self.entities.get(slug) if slug else None
