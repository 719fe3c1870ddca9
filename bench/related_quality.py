"""Related-briefings quality on BBC News: P@5 against sections, ablations, near-duplicates.

Usage::

    .venv/bin/python bench/related_quality.py [--rebuild] [--n 5]

The BBC dataset files each article under one of five sections (business, entertainment,
politics, sport, tech).  A reader's "related" story is almost always from the same section, so
P@5 = the share of each article's top-5 related briefings that share its section (target ≥ 0.95).
The blend is compared with its two halves: TF-IDF only and entities only.

Annotations are built with the real pipeline (spaCy ``nlp.pipe`` + ``content_terms`` + the
entities/link modules when present) and cached as JSON under ``/tmp`` so reruns take seconds.
The corpus is read from ``../shared/corpus`` at run time and never copied into the repository.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
CACHE_DIR = Path("/tmp/briefgen-related-bench")
sys.path.insert(0, str(REPO))

from briefgen.model import (  # noqa: E402
    Annotation,
    Article,
    Block,
    CanonicalEntity,
    Entity,
    Segment,
    from_jsonable,
    to_jsonable,
)
from briefgen.related import DUPLICATE_THRESHOLD, relate, text_matrix  # noqa: E402
from briefgen.slug import slugify  # noqa: E402
from briefgen.terms import content_terms  # noqa: E402

#: spaCy labels kept by the fallback entity extractor (the real one is briefgen.entities).
FALLBACK_TYPES = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "PRODUCT", "WORK_OF_ART",
                  "LAW", "LANGUAGE"}

#: (label, relate() keyword arguments): the default blend and its parts.
ABLATIONS: tuple[tuple[str, dict[str, float]], ...] = (
    ("blend (default)", {}),
    ("TF-IDF only", {"entity_weight": 0.0, "topic_weight": 0.0}),
    ("entities only", {"entity_weight": 1.0}),
    ("TF-IDF + entities", {"topic_weight": 0.0}),
    ("TF-IDF + topics", {"entity_weight": 0.0}),
)

Linked = tuple[list[Annotation], list[dict[str, str]], list[CanonicalEntity]]


def corpus_path(name: str) -> Path:
    path = CORPUS / name
    if not path.is_file():
        sys.exit(f"{path} is absent: the benchmark reads ../shared/corpus beside the repository")
    return path


def read_records(name: str) -> list[dict]:
    with corpus_path(name).open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def record_article(rec: dict) -> Article:
    """A corpus record as the Article the sources stage would make of it."""
    blocks = tuple(Block(kind="p", segments=(Segment(text=p),)) for p in rec["text"].split("\n\n"))
    return Article(source=rec["id"], slug=slugify(rec["id"]), title=rec["title"],
                   date=rec.get("date"), publisher=rec.get("source"), blocks=blocks, fmt="txt")


def _fallback_entities(doc) -> tuple[Entity, ...]:
    """doc.ents keyed by lower-cased text, type by majority vote (used only without entities.py)."""
    counts: dict[str, Counter] = {}
    names: dict[str, str] = {}
    for ent in doc.ents:
        if ent.label_ not in FALLBACK_TYPES:
            continue
        key = ent.text.strip().lower()
        counts.setdefault(key, Counter())[ent.label_] += 1
        names.setdefault(key, ent.text.strip())
    return tuple(
        Entity(key=key, name=names[key], type=_majority(c), mentions=sum(c.values()))
        for key, c in sorted(counts.items())
    )


def _majority(votes: Counter) -> str:
    """Most frequent label; ties go to the alphabetically first, for stable output."""
    return sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def _fallback_link(annotations: Sequence[Annotation]) -> tuple[list[CanonicalEntity], list[dict]]:
    """Canonical entity = same lower-cased name across articles; type by majority vote."""
    types: dict[str, Counter] = {}
    names: dict[str, str] = {}
    maps = []
    for ann in annotations:
        emap = {}
        for e in ann.entities:
            slug = slugify(e.key)
            types.setdefault(slug, Counter())[e.type] += 1
            names.setdefault(slug, e.name)
            emap[e.key] = slug
        maps.append(emap)
    canon = [
        CanonicalEntity(slug=s, name=names[s], type=_majority(types[s]))
        for s in sorted(types)
    ]
    return canon, maps


def build_annotations(records: Sequence[dict], *, label: str, rebuild: bool = False) -> Linked:
    """Annotate ``records`` with the real pipeline, link them, cache the result under /tmp."""
    try:
        from briefgen.entities import extract_entities
        from briefgen.link import link_entities
        real = True
    except ImportError:
        real = False
    from briefgen.nlp import load_pipeline, model_id

    nlp = load_pipeline()
    digest = hashlib.sha256(
        json.dumps([r["id"] for r in records]).encode()
        + model_id(nlp).encode()
        + (b"real" if real else b"fallback")
    ).hexdigest()[:16]
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    cache = CACHE_DIR / f"{label}-{digest}.json"
    if cache.is_file() and not rebuild:
        data = json.loads(cache.read_text(encoding="utf-8"))
        anns = [from_jsonable(Annotation, a) for a in data["annotations"]]
        canon = [from_jsonable(CanonicalEntity, e) for e in data["entities"]]
        return anns, data["maps"], canon

    articles = [record_article(r) for r in records]
    started = time.perf_counter()
    anns = []
    for art, doc in zip(articles, nlp.pipe((a.text for a in articles), batch_size=64), strict=True):
        if real:
            mentions, ents = extract_entities(doc, dateline=art.dateline)
        else:
            mentions, ents = (), _fallback_entities(doc)
        anns.append(Annotation(article=art, mentions=mentions, entities=ents,
                               terms=content_terms(doc), model=model_id(nlp)))
    elapsed = time.perf_counter() - started
    print(f"[{label}] annotated {len(anns)} articles in {elapsed:.1f} s "
          f"({'briefgen.entities' if real else 'fallback doc.ents'} entities)", file=sys.stderr)
    if real:
        canon_t, maps = link_entities(anns)
        canon = list(canon_t)
    else:
        canon, maps = _fallback_link(anns)
    cache.write_text(json.dumps({"annotations": to_jsonable(anns), "maps": maps,
                                 "entities": to_jsonable(canon)}), encoding="utf-8")
    return anns, maps, canon


def precision_at(result, categories: Sequence[str], slugs: Sequence[str], n: int) -> dict:
    """P@n against sections: per article, same-section share of its top-n; then the mean.

    ``strict`` divides by n (a missing link counts as a miss); ``returned`` divides by what was
    returned (articles with none are skipped), so a short list is not confused with a wrong one.
    """
    cat = dict(zip(slugs, categories, strict=True))
    strict, returned, empty = [], [], 0
    for slug, links in zip(slugs, result.related, strict=True):
        top = links[:n]
        hits = sum(cat[r.slug] == cat[slug] for r in top)
        strict.append(hits / n)
        if top:
            returned.append(hits / len(top))
        else:
            empty += 1
    return {"strict": statistics.fmean(strict), "returned": statistics.fmean(returned),
            "empty": empty, "per_article": strict}


def duplicate_report(anns: Sequence[Annotation], maps, canon, result, *, seed: int = 7) -> None:
    """What duplicate detection does on real pairs and on re-created republications."""
    import numpy as np

    x = text_matrix(anns)
    sims = (x @ x.T).tocoo()
    mask = sims.row < sims.col
    vals = sims.data[mask]
    pairs = sorted(zip(vals, sims.row[mask], sims.col[mask], strict=True), reverse=True)
    print("\nText cosine of the closest distinct BBC pairs (all pairs, sparse product):")
    for q in (0.5, 0.6, 0.7, 0.8, 0.9):
        print(f"  pairs with cosine >= {q:.1f}: {int((vals >= q).sum())}")
    print("  top 12 pairs:")
    for v, i, j in pairs[:12]:
        print(f"    {v:.3f}  {anns[i].article.title!r} <> {anns[j].article.title!r}")
    index = {a.article.slug: k for k, a in enumerate(anns)}
    found = sorted({tuple(sorted((index[a.article.slug], index[d])))
                    for a, ds in zip(anns, result.duplicates, strict=True) for d in ds})
    cos = {(int(i), int(j)): float(v) for v, i, j in pairs if v >= 0.5}
    print(f"  pairs reported as 'Also reported as' by relate(): {len(found)}")
    for i, j in found:
        print(f"    {cos.get((i, j), float('nan')):.3f}  {anns[i].article.title!r} <> "
              f"{anns[j].article.title!r}")
    rejected = [(v, i, j) for v, i, j in pairs if v >= DUPLICATE_THRESHOLD
                and (int(i), int(j)) not in set(found)]
    print(f"  pairs at cosine >= {DUPLICATE_THRESHOLD} NOT reported (figures or names differ):")
    for v, i, j in rejected:
        print(f"    {v:.3f}  {anns[i].article.title!r} <> {anns[j].article.title!r}")

    # The dataset dropped the exact-copy bodies (listed in duplicate_ids) and kept one copy, so a
    # republication is re-created the way it happens in practice: another headline and a lightly
    # edited body (a tenth of it cut in one place, a few words removed).
    rng = random.Random(seed)
    bbc = read_records("news_bbc.jsonl")
    with_dups = [r for r in bbc if r.get("duplicate_ids")]
    by_slug = {a.article.slug: k for k, a in enumerate(anns)}
    copies, copy_maps, originals = [], [], []
    for rec in with_dups:
        k = by_slug[slugify(rec["id"])]
        ann = anns[k]
        terms = list(ann.terms)
        # Remove ~10% of the words in one contiguous run (an edited paragraph) and 2% scattered.
        cut = max(1, len(terms) // 10)
        at = rng.randrange(0, max(1, len(terms) - cut))
        terms = terms[:at] + terms[at + cut:]
        terms = [t for t in terms if rng.random() > 0.02]
        art = ann.article
        # The same ~10% cut in the body text (its figures with it).
        body = art.text
        span = len(body) // 10
        at_char = rng.randrange(0, max(1, len(body) - span))
        body = body[:at_char] + body[at_char + span:]
        blocks = tuple(Block(kind="p", segments=(Segment(text=p),)) for p in body.split("\n\n"))
        copy = Annotation(
            article=Article(source=art.source + "#copy", slug=art.slug + "-copy",
                            title="Republished: " + art.title, date=art.date, blocks=blocks),
            entities=ann.entities, terms=tuple(terms),
        )
        copies.append(copy)
        copy_maps.append(maps[k])
        originals.append(art.slug)
    res = relate(list(anns) + copies, list(maps) + copy_maps, canon)
    n_orig = len(anns)
    found = sum(orig in res.duplicates[n_orig + m] for m, orig in enumerate(originals))
    leaked = sum(orig in {r.slug for r in res.related[n_orig + m]}
                 for m, orig in enumerate(originals))
    print(f"\nRe-created republications of the {len(with_dups)} BBC stories with duplicate_ids:")
    print(f"  detected as 'Also reported as': {found}/{len(copies)}; "
          f"listed as related instead: {leaked}")
    cos = []
    for m, orig in enumerate(originals):
        i, j = by_slug[orig], n_orig + m
        both = text_matrix([anns[i], copies[m]])
        cos.append(float((both[0] @ both[1].T).toarray()[0, 0]))
    arr = np.asarray(cos)
    print(f"  their text cosine to the original: min {arr.min():.3f}, "
          f"median {np.median(arr):.3f}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rebuild", action="store_true", help="ignore the /tmp annotation cache")
    parser.add_argument("--n", type=int, default=5, help="related briefings per article")
    args = parser.parse_args(argv)

    records = read_records("news_bbc.jsonl")
    anns, maps, canon = build_annotations(records, label="bbc", rebuild=args.rebuild)
    slugs = [a.article.slug for a in anns]
    categories = [r["category"] for r in records]
    print(f"BBC News: {len(anns)} articles, {len(canon)} canonical entities, "
          f"{Counter(categories).most_common()}")

    print(f"\nP@{args.n} (same-section share of the top {args.n}; target >= 0.95)")
    print(f"  {'scorer':<28} {'P@n':>6} {'P@n/ret':>8} {'no links':>9} {'time s':>7}")
    results = {}
    for label, kwargs in ABLATIONS:
        started = time.perf_counter()
        res = relate(anns, maps, canon, n=args.n, **kwargs)
        elapsed = time.perf_counter() - started
        p = precision_at(res, categories, slugs, args.n)
        results[label] = res
        print(f"  {label:<28} {p['strict']:>6.3f} {p['returned']:>8.3f} {p['empty']:>9} "
              f"{elapsed:>7.2f}")

    # The held-out BBC set is 417 articles: a smaller pool has fewer same-section neighbours, so
    # score random samples of that size too (mean of 5 seeds).
    size = round(len(anns) * 417 / 1672)
    print(f"\nP@{args.n} on random {size}-article samples (held-out size), mean of 5 seeds:")
    for label, kwargs in ABLATIONS[:2]:
        scores = []
        for seed in range(5):
            pick = sorted(random.Random(seed).sample(range(len(anns)), size))
            sub = [anns[i] for i in pick]
            res = relate(sub, [maps[i] for i in pick], canon, n=args.n, **kwargs)
            scores.append(precision_at(res, [categories[i] for i in pick],
                                       [a.article.slug for a in sub], args.n)["strict"])
        print(f"  {label:<28} {statistics.fmean(scores):>6.3f}  "
              f"(min {min(scores):.3f}, max {max(scores):.3f})")

    default = results["blend (default)"]
    sizes = Counter(len(t.briefings) for t in default.threads)
    print(f"\nThreads: {len(default.threads)} (sizes {sorted(sizes.items())}); "
          f"articles in a thread: {sum(t is not None for t in default.thread_of)}")
    cat = dict(zip(slugs, categories, strict=True))
    pure = sum(len({cat[s] for s in t.briefings}) == 1 for t in default.threads)
    print(f"  threads within one section: {pure}/{len(default.threads)}")
    for t in sorted(default.threads, key=lambda t: (-len(t.briefings), t.slug))[:5]:
        titles = [anns[slugs.index(s)].article.title for s in t.briefings[:4]]
        print(f"  {len(t.briefings):>3}  {t.title!r}: {titles}")

    duplicate_report(anns, maps, canon, default)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
