"""Related lists at 10,000 articles: time, ratio to loading the cached annotations, peak memory.

Usage::

    .venv/bin/python bench/related_scale.py [--size 10000] [--repeat 3]

The articles are resampled from the three news corpora (BBC, PolNeAR, Reuters-21578), annotated
once with the real pipeline by ``related_quality.build_annotations`` (cached under /tmp).  Each
synthetic article mixes the terms and entities of two articles of the same corpus, so that
resampled copies are new documents with real vocabulary statistics rather than exact repeats
(exact repeats would all be "Also reported as" duplicates and flatter nothing).

Reported:
- ``relate`` wall time at 10,000 (target < 5 s on the 2-core machine), as a ratio to the time it
  takes to load those 10,000 annotations from their JSON cache files (``from_jsonable``);
- peak memory traced (``tracemalloc``) inside ``relate`` at 2,500 / 5,000 / 10,000, which should
  grow linearly (the similarity product is computed in row blocks, never as an N×N matrix).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from related_quality import build_annotations, read_records  # noqa: E402

from briefgen.model import Annotation, Article, from_jsonable, to_jsonable  # noqa: E402
from briefgen.related import relate  # noqa: E402

CORPORA = (("news_bbc.jsonl", "bbc"), ("news_polnear.jsonl", "polnear"),
           ("news_reuters21578.jsonl", "reuters"))
#: Share of a synthetic article's terms taken from its base article; the rest from a partner.
BASE_SHARE = 0.6


def _shift(day: str | None, rng: random.Random) -> str | None:
    if not day:
        return None
    from datetime import date, timedelta

    return (date.fromisoformat(day) + timedelta(days=rng.randint(-30, 30))).isoformat()


def resample(pools: Sequence[tuple[list[Annotation], list[dict[str, str]]]], size: int,
             seed: int = 2024) -> tuple[list[Annotation], list[dict[str, str]]]:
    """``size`` synthetic annotations, each a mix of two articles from one corpus."""
    rng = random.Random(seed)
    weights = [len(p[0]) for p in pools]
    anns: list[Annotation] = []
    maps: list[dict[str, str]] = []
    for s in range(size):
        p_anns, p_maps = rng.choices(pools, weights=weights)[0]
        b, q = rng.randrange(len(p_anns)), rng.randrange(len(p_anns))
        base, partner = p_anns[b], p_anns[q]
        n_base = int(len(base.terms) * BASE_SHARE)
        n_partner = len(base.terms) - n_base
        terms = rng.sample(base.terms, n_base) + rng.sample(
            partner.terms, min(n_partner, len(partner.terms)))
        ents, emap = [], {}
        for prefix, src, smap, keep in (("b:", base, p_maps[b], 0.8), ("p:", partner, p_maps[q],
                                                                        0.3)):
            for e in src.entities:
                if e.key in smap and rng.random() < keep:
                    key = prefix + e.key
                    ents.append(type(e)(key=key, name=e.name, type=e.type, mentions=e.mentions))
                    emap[key] = smap[e.key]
        art = base.article
        anns.append(Annotation(
            article=Article(source=f"{art.source}#{s}", slug=f"{art.slug}-r{s}",
                            title=art.title, date=_shift(art.date, rng), publisher=art.publisher,
                            blocks=art.blocks),
            entities=tuple(sorted(ents, key=lambda e: e.key)),
            terms=tuple(terms),
            model=base.model,
        ))
        maps.append(emap)
    return anns, maps


def time_load(anns: Sequence[Annotation]) -> float:
    """Seconds to read and decode one JSON cache file per annotation, as a rebuild does."""
    with tempfile.TemporaryDirectory(prefix="briefgen-scale-") as tmp:
        paths = []
        for k, ann in enumerate(anns):
            path = Path(tmp) / f"{k:05d}.json"
            path.write_text(json.dumps(to_jsonable(ann)), encoding="utf-8")
            paths.append(path)
        started = time.perf_counter()
        loaded = [from_jsonable(Annotation, json.loads(p.read_text(encoding="utf-8")))
                  for p in paths]
        elapsed = time.perf_counter() - started
    assert loaded[-1] == anns[-1]
    return elapsed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    pools, entities = [], {}
    for name, label in CORPORA:
        anns, maps, canon = build_annotations(read_records(name), label=label)
        # Each corpus was linked on its own: prefix slugs so two corpora's "john-smith" stay apart.
        maps = [{k: f"{label}/{v}" for k, v in m.items()} for m in maps]
        for c in canon:
            entities[f"{label}/{c.slug}"] = type(c)(slug=f"{label}/{c.slug}", name=c.name,
                                                    type=c.type)
        pools.append((anns, maps))
    canon = [entities[s] for s in sorted(entities)]
    anns, maps = resample(pools, args.size)
    print(f"{len(anns)} resampled annotations from {sum(len(p[0]) for p in pools)} articles "
          f"({', '.join(label for _, label in CORPORA)}); {len(canon)} canonical entities; "
          f"mean {statistics.fmean(len(a.terms) for a in anns):.0f} terms/article")

    load_s = time_load(anns)
    runs = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        result = relate(anns, maps, canon, n=5)
        runs.append(time.perf_counter() - started)
    relate_s = statistics.median(runs)
    n_dups = sum(len(d) for d in result.duplicates) // 2
    print(f"relate() on {len(anns)}: median {relate_s:.2f} s of {args.repeat} "
          f"(runs: {', '.join(f'{r:.2f}' for r in runs)}); target < 5 s "
          f"-> {'OK' if relate_s < 5 else 'OVER'}")
    print(f"load {len(anns)} cached annotations (json + from_jsonable): {load_s:.2f} s")
    print(f"ratio relate / load: {relate_s / load_s:.2f}")
    print(f"  ({sum(map(len, result.related))} links, {n_dups} duplicate pairs, "
          f"{len(result.threads)} threads)")

    print("\npeak memory traced inside relate() (tracemalloc), and untraced time:")
    print(f"  {'articles':>9} {'peak MiB':>9} {'MiB/1k':>7} {'time s':>7}")
    for size in (args.size // 4, args.size // 2, args.size):
        sub_a, sub_m = anns[:size], maps[:size]
        started = time.perf_counter()
        relate(sub_a, sub_m, canon, n=5)
        elapsed = time.perf_counter() - started
        tracemalloc.start()
        relate(sub_a, sub_m, canon, n=5)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        mib = peak / 2**20
        print(f"  {size:>9} {mib:>9.1f} {mib / size * 1000:>7.2f} {elapsed:>7.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
