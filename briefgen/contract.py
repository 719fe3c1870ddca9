"""The ``briefgen inspect --json`` contract: one briefing as plain data other tools rely on.

It lives in the library, not in the CLI, so a script, a test or another front end gets the
very document the command prints (README, "CLI"; DESIGN.md, "Contracts").  Keys and their
order are part of the contract; ``tests/golden/inspect/`` pins the samples' documents.
"""

from __future__ import annotations

from typing import Any

from briefgen.model import Briefing, Corpus


def corpus_json(corpus: Corpus) -> dict[str, Any]:
    """The whole document: every briefing, ordered by source path (stable across builds)."""
    ordered = sorted(corpus.briefings, key=lambda b: b.article.source)
    return {"briefings": [briefing_json(corpus, b) for b in ordered]}


def briefing_json(corpus: Corpus, b: Briefing) -> dict[str, Any]:
    """One briefing: canonical names and types (the corpus-wide ones, so every briefing
    names a person alike), local roles and mention counts, quotes with the speaker's canonical
    name, related briefings with the names they share."""
    by_slug = {e.slug: e for e in corpus.entities}
    entities = []
    for e in b.annotation.entities:
        canon = by_slug.get(b.entity_slugs.get(e.key, ""))
        aliases = sorted(
            {*e.aliases, *(canon.aliases if canon else ())} - {canon.name if canon else e.name}
        )
        entities.append(
            {
                "name": canon.name if canon else e.name,
                "type": canon.type if canon else e.type,
                "aliases": aliases,
                "role": e.role or (canon.role if canon else None),
                "mentions": e.mentions,
            }
        )
    entities.sort(key=lambda d: (-d["mentions"], d["name"]))
    names = {
        e.key: by_slug[s].name
        for e in b.annotation.entities
        if (s := b.entity_slugs.get(e.key)) in by_slug
    }
    quotes = [
        {
            "text": q.text,
            "speaker": names.get(q.speaker) if q.speaker else None,
            "speaker_text": q.speaker_text,
            "cue": q.cue,
            "kind": q.kind,
        }
        for q in b.annotation.quotes
        if q.kind in ("full", "partial")
    ]
    art = b.article
    return {
        "source": art.source,
        "slug": b.slug,
        "title": art.title,
        "date": art.date,
        "entities": entities,
        "quotes": quotes,
        "related": [
            {"slug": r.slug, "score": r.score, "shared": list(r.shared)} for r in b.related
        ],
    }
