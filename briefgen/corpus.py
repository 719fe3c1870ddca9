"""All annotations -> one Corpus: canonical entities, related stories, threads.

Pure over cached annotations, so adding a source re-runs only this cheap step for the others.
"""

from __future__ import annotations

from collections.abc import Sequence

from briefgen.link import LinkMemo, link_entities
from briefgen.model import Annotation, Briefing, Corpus, GlossaryEntry
from briefgen.related import TermRows, relate


def build_corpus(
    annotations: Sequence[Annotation],
    glossary: Sequence[GlossaryEntry] = (),
    related: int = 5,
    memo: LinkMemo | None = None,
    terms: TermRows | None = None,
) -> Corpus:
    """Link entities across articles, then relate and thread the briefings.

    ``memo`` and ``terms`` (kept by ``mkdocs serve``) let linking reuse the entities a save
    left alone and relating the term counts of the articles it left alone."""
    entities, maps = link_entities(annotations, glossary, memo)
    rel = relate(annotations, maps, entities, related, terms=terms)
    briefings = [
        Briefing(
            annotation=ann,
            entity_slugs=dict(maps[i]),
            related=rel.related[i],
            duplicates=rel.duplicates[i],
            thread=rel.thread_of[i],
        )
        for i, ann in enumerate(annotations)
    ]
    return Corpus(
        briefings=tuple(newest_first(briefings)),
        entities=tuple(sorted(entities, key=lambda e: e.slug)),
        threads=tuple(sorted(rel.threads, key=lambda t: t.slug)),
    )


def newest_first(briefings: Sequence[Briefing]) -> list[Briefing]:
    """Newest date first, undated last, ties by slug: the order every list on the site uses."""
    by_slug = sorted(briefings, key=lambda b: b.slug)
    return sorted(by_slug, key=lambda b: b.article.date or "", reverse=True)
