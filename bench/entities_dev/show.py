"""Pick the dev-set articles, or print them for labelling and review.

The dev set was chosen before looking at briefgen's output: a seeded sample (seed 12) of the
articles of each news corpus whose body has 150-650 words.  ``--pick`` prints those ids;
``ID ...`` prints each article body (the text briefgen annotates) with its id, so a label can
be checked against the text it came from.  The text itself is never copied into the repo.

Run: ``.venv/bin/python bench/entities_dev/show.py --pick`` or ``... show.py bbc:tech/001``.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
FILES = {"bbc": "news_bbc.jsonl", "polnear": "news_polnear.jsonl",
         "reuters": "news_reuters21578.jsonl"}
PER_CORPUS = 14


def rows(corpus: str) -> list[dict]:
    with (CORPUS / FILES[corpus]).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def pick() -> list[tuple[str, str]]:
    """(corpus, id) of the dev articles, in a fixed order."""
    out = []
    for corpus in FILES:
        fit = sorted(r["id"] for r in rows(corpus) if 150 <= len(r["text"].split()) <= 650)
        out.extend((corpus, i) for i in random.Random(12).sample(fit, PER_CORPUS))
    return out


def main(argv: list[str]) -> int:
    if argv == ["--pick"]:
        for corpus, i in pick():
            print(corpus, i)
        return 0
    by_id = {r["id"]: r for c in FILES for r in rows(c)}
    for i in argv:
        r = by_id[i]
        print(f"=== {i} | {r.get('title')} | {len(r['text'].split())} words")
        print(r["text"])
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
