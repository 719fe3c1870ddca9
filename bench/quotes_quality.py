"""Quote detection and attribution against PolNeAR's hand-made attributions.

Usage::

    .venv/bin/python bench/quotes_quality.py [--limit N] [--processes 2] [--misses FILE]

Reads ``../shared/corpus/quotes_polnear_train.jsonl`` (direct and mixed attributions) joined on
``doc_id`` with ``news_polnear.jsonl`` and prints:

* **recall** — share of gold quoted segments (``quoted_segments``) of 4+ words that briefgen
  finds as a quote: its words overlap at least 60% of the gold segment's words.  Counted for
  any kind and, separately, for attributed kinds (full/partial) only;
* **precision** — share of briefgen's *full* quotes in curly or straight double marks (the only
  marks the gold file calls direct) that overlap some gold ``quote_spans``;
* **speaker accuracy** — on matched segments whose gold speaker is a name (capitalised, not a
  pronoun), the share whose predicted speaker (entity key/name/aliases) or ``speaker_text``
  contains the gold speaker's head name (last capitalised word of the span);
* **pronoun resolution** — on matched segments whose gold speaker is a pronoun, the share
  resolved to a named PERSON entity.

Entities come from :func:`briefgen.entities.extract_entities` when that module is importable,
otherwise from a simple fallback over ``doc.ents`` (PERSON names grouped by their last word).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
GOLD = CORPUS / "quotes_polnear_train.jsonl"
NEWS = CORPUS / "news_polnear.jsonl"

#: Gold segments shorter than this many words are mostly labels and titles; the target is
#: about quoted speech.
MIN_WORDS = 4
#: Share of a gold segment's words a predicted quote must cover to count as found.
MIN_OVERLAP = 0.6
#: Gold speakers that are pronouns: scored as "resolved to a named person", not by name.
PRONOUNS = frozenset(
    ("he", "she", "they", "it", "i", "we", "you", "his", "her", "their", "who", "him", "them")
)
WORD = re.compile(r"\w+")
DIRECT_OPENERS = ("“", '"')


def _words(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in WORD.finditer(text, lo, hi)]


def _covered(words: list[tuple[int, int]], lo: int, hi: int) -> float:
    if not words:
        return 0.0
    return sum(1 for a, b in words if a >= lo and b <= hi) / len(words)


def _head_name(speaker: str) -> str | None:
    """Last capitalised word of a gold speaker span, parentheticals and possessives removed."""
    speaker = re.sub(r"\([^)]*\)", " ", speaker)
    names = [w for w in re.findall(r"[\w’'.-]+", speaker) if w[:1].isupper()]
    if not names:
        return None
    name = re.sub(r"[’']s?$", "", names[-1]).strip(".")
    return name.lower() or None


def _fallback_entities(doc):
    """Mentions/entities from ``doc.ents``: PERSON names grouped by last word, others by text."""
    from briefgen.model import Entity, Mention

    labels: dict[str, list[str]] = defaultdict(list)
    names: dict[str, str] = {}
    mentions = []
    for ent in doc.ents:
        if ent.label_ not in ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"):
            continue
        key = ent[-1].text if ent.label_ == "PERSON" else ent.text
        key = re.sub(r"[’']s$", "", key)
        labels[key].append(ent.label_)
        if len(ent.text) > len(names.get(key, "")):
            names[key] = ent.text
        mentions.append(Mention(ent.start_char, ent.end_char, ent.text, key))
    entities = [
        Entity(k, names[k], max(sorted(set(v)), key=v.count)) for k, v in sorted(labels.items())
    ]
    return tuple(mentions), tuple(entities)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles")
    ap.add_argument("--processes", type=int, default=1, help="nlp.pipe worker processes")
    ap.add_argument("--misses", type=Path, help="write missed/misattributed cases here (JSONL)")
    args = ap.parse_args()
    if not GOLD.is_file() or not NEWS.is_file():
        print(f"corpus not found under {CORPUS}; nothing to measure", file=sys.stderr)
        return 1

    from briefgen.nlp import load_pipeline
    from briefgen.quotes import extract_quotes

    try:
        from briefgen.entities import extract_entities

        def entities_of(doc):
            return extract_entities(doc)

        source = "briefgen.entities.extract_entities"
    except ImportError:
        entities_of = _fallback_entities
        source = "fallback over doc.ents"

    gold: dict[str, list[dict]] = defaultdict(list)
    with GOLD.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec["quote_kind"] in ("direct", "mixed"):
                gold[rec["doc_id"]].append(rec)
    texts: dict[str, str] = {}
    with NEWS.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec["id"] in gold:
                texts[rec["id"]] = rec["text"]
    ids = sorted(texts)
    if args.limit:
        ids = ids[: args.limit]

    nlp = load_pipeline()
    t0 = time.perf_counter()
    counts: dict[str, int] = defaultdict(int)
    misses = []
    n_tokens = 0
    docs = nlp.pipe((texts[i] for i in ids), batch_size=16, n_process=args.processes)
    for doc_id, doc in zip(ids, docs, strict=True):
        n_tokens += len(doc)
        text = doc.text
        mentions, entities = entities_of(doc)
        by_key = {e.key: e for e in entities}
        quotes = extract_quotes(doc, mentions, entities)
        seen: set[tuple[int, int]] = set()
        for rec in gold[doc_id]:
            for seg in rec["quoted_segments"]:
                lo, hi = seg["start"] + 1, seg["end"] - 1
                if (lo, hi) in seen:
                    continue
                seen.add((lo, hi))
                words = _words(text, lo, hi)
                if len(words) < MIN_WORDS:
                    continue
                counts["gold segments"] += 1
                best, score = None, 0.0
                for q in quotes:
                    c = _covered(words, q.start, q.end)
                    if c > score:
                        best, score = q, c
                if best is None or score < MIN_OVERLAP:
                    misses.append({"why": "missed", "doc": doc_id, "gold": seg["text"],
                                   "context": rec["text"]})
                    continue
                counts["found"] += 1
                if best.kind != "scare":
                    counts["found attributed"] += 1
                gspk = rec["speaker"] or ""
                head = _head_name(gspk)
                ent = by_key.get(best.speaker) if best.speaker else None
                if gspk and gspk.split()[0].lower() in PRONOUNS and len(gspk.split()) == 1:
                    counts["pronoun gold"] += 1
                    if ent is not None and ent.type == "PERSON":
                        counts["pronoun resolved"] += 1
                elif head and gspk[:1].isupper():
                    counts["named gold"] += 1
                    hay = " ".join(
                        [best.speaker_text or ""]
                        + ([ent.key, ent.name, *ent.aliases] if ent is not None else [])
                    ).lower()
                    if head in hay:
                        counts["named right"] += 1
                    else:
                        misses.append({"why": "speaker", "doc": doc_id, "gold": seg["text"],
                                       "gold_speaker": gspk,
                                       "pred": [best.speaker, best.speaker_text, best.cue,
                                                best.kind],
                                       "context": rec["text"]})
        spans = [tuple(s) for rec in gold[doc_id] for s in rec["quote_spans"]]
        for q in quotes:
            if q.kind != "full" or text[q.start - 1 : q.start] not in DIRECT_OPENERS:
                continue
            counts["full quotes"] += 1
            words = _words(text, q.start, q.end)
            if any(_covered(words, a, b) >= 0.5 for a, b in spans):
                counts["full matching gold"] += 1
            else:
                misses.append({"why": "precision", "doc": doc_id, "pred": q.text,
                               "speaker": q.speaker})
    elapsed = time.perf_counter() - t0

    def ratio(a: str, b: str) -> str:
        return f"{counts[a] / counts[b]:.3f}" if counts[b] else "n/a"

    rows = [
        ("recall (any kind)", counts["found"], counts["gold segments"],
         ratio("found", "gold segments"), ">= 0.95"),
        ("recall (full/partial)", counts["found attributed"], counts["gold segments"],
         ratio("found attributed", "gold segments"), ""),
        ("precision (full quotes)", counts["full matching gold"], counts["full quotes"],
         ratio("full matching gold", "full quotes"), ""),
        ("speaker accuracy (named)", counts["named right"], counts["named gold"],
         ratio("named right", "named gold"), ">= 0.93"),
        ("pronoun -> named person", counts["pronoun resolved"], counts["pronoun gold"],
         ratio("pronoun resolved", "pronoun gold"), ""),
    ]
    print(f"PolNeAR train: {len(ids)} articles, {n_tokens} tokens; entities from {source}")
    print(f"time (nlp.pipe + entities + quotes): {elapsed:.1f} s")
    print(f"{'metric':28} {'hits':>6} {'of':>6} {'ratio':>7}  target")
    for name, hits, total, r, target in rows:
        print(f"{name:28} {hits:6d} {total:6d} {r:>7}  {target}")
    if args.misses:
        with args.misses.open("w", encoding="utf-8") as fh:
            for m in misses:
                fh.write(json.dumps(m, ensure_ascii=False) + "\n")
        print(f"{len(misses)} cases written to {args.misses}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
