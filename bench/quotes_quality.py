"""Quote detection and attribution against PolNeAR's hand-made attributions.

Usage::

    .venv/bin/python bench/quotes_quality.py [--limit N] [--processes 2] [--misses FILE]
                                             [--cache DIR]

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
  resolved to a named PERSON entity;
* **unattributed share** — of the found full/partial quotes, the share briefgen leaves without a
  speaker (shown as unattributed, never as someone's words);
* **he/she -> other gender** — of gold "he"/"she" speakers resolved to a person whose given
  name gender-guesser is sure of, the share resolved to a person of the other gender;
* **error classes** — every named-speaker miss sorted into one class (see
  :func:`error_class`), with counts and shares, so the next person sees what is left.

Entities come from :func:`briefgen.entities.extract_entities` when that module is importable,
otherwise from a simple fallback over ``doc.ents`` (PERSON names grouped by their last word).
``--cache DIR`` keeps the spaCy parses (keyed by the texts and the pipeline) so a rerun only
pays for entities and quotes; the corpus text stays outside the repository either way.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from collections import Counter, defaultdict
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
#: A line opening with a speaker label in capitals, or an interview's Q/A ("TRUMP:", "Q:").
TRANSCRIPT_LABEL = re.compile(r"(?:^|\n)\s*(?:[A-Z][A-Z.’' -]{0,30}[A-Z]|Q|A)\s*:")
PARA_BREAK = re.compile(r"\n\s*\n")


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


def error_class(text: str, rec: dict, lo: int, hi: int, quote, ent) -> str:
    """The kind of mistake behind one named-speaker miss, first matching rule wins.

    ``rec`` is the gold attribution, ``lo``/``hi`` the gold segment's words, ``quote`` the
    predicted :class:`~briefgen.model.Quote` matched to it and ``ent`` its speaker entity.
    The classes name the situation in the article, so their counts say which rule to write.
    """
    gspk = rec["speaker"] or ""
    spans = rec.get("speaker_spans") or []
    g_lo = spans[0][0] if spans else None
    line_start = text.rfind("\n", 0, lo) + 1
    if TRANSCRIPT_LABEL.match(text, line_start) or (
        gspk.isupper() and len(gspk.split()) <= 3 and text[lo - 2 : lo].strip(" “\"") == ":"
    ):
        return "transcript or Q&A layout (TRUMP: / Q:)"
    if gspk.isupper() and len(gspk.split()) > 3:
        return "heading in capitals before a quote (roundups)"
    if quote.start < lo - 2 and text[lo - 1 : lo] in "‘'\"“":
        return "quote inside a quote"
    if g_lo is not None and g_lo > hi and PARA_BREAK.search(text, hi, g_lo):
        return "speaker named only in a later paragraph"
    between = text[min(g_lo, hi) : max(g_lo, lo)] if g_lo is not None else ""
    cue = (rec.get("cue") or "") + " " + between[-60:]
    words = quote.speaker_text or ""
    pos = text.find(words, max(0, lo - 600), hi + 600) if words else -1
    before_pred = text[max(0, pos - 16) : pos] if pos >= 0 else ""
    if words and re.search(r"(?:\btold|\bto|\btells)\s*$", before_pred, re.I):
        return "addressee credited (told X)"
    if re.search(r"according to|\breport(?:s|ed|ing)?\b", cue, re.I):
        # PolNeAR credits the outer source of a nested report ("Lee said, according to the
        # Herald" -> the Herald); briefgen credits the person whose words they are.
        return "gold credits the reporting outlet (X said, according to Y)"
    if g_lo is not None and g_lo < lo and PARA_BREAK.search(text, g_lo, lo):
        return "speaker named in an earlier paragraph"
    if text[:lo].rstrip(" “\"'\n").endswith(":"):
        return "colon after the speaker (X said: ...)"
    low = words.lower()
    if low in PRONOUNS:
        return "pronoun resolved to the wrong person"
    if low.startswith(("the ", "a ", "an ")) and ent is None:
        return "description not resolved to a name"
    if quote.speaker is None and not words:
        return "unattributed: no cue found" if quote.cue is None else "unattributed: no subject"
    if quote.speaker is None:
        return "speaker words not an entity"
    front = re.split(r"[,(]", gspk)[0]
    names = {w.lower() for w in re.findall(r"[\w’'.-]+", front) if w[:1].isupper()}
    if ent is not None and names & set(re.findall(r"[\w’'.-]+", " ".join(
            [ent.key, ent.name, *ent.aliases]).lower())):
        # "Ann Lee, a lawyer in Fresno, Calif." scores by its last capitalised word.
        return "right person; gold head word is in its appositive"
    return "wrong clause subject or cue"


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


def _parsed(nlp, ids: list[str], texts: dict[str, str], processes: int, cache: Path | None):
    """The parses of ``ids`` in order, from ``cache`` when it holds this exact set."""
    from spacy.tokens import DocBin

    from briefgen.nlp import model_id

    if cache is not None:
        h = hashlib.sha256(model_id(nlp).encode())
        for i in ids:
            h.update(texts[i].encode("utf-8") + b"\0")
        path = cache / f"polnear-{h.hexdigest()[:16]}.spacy"
        if path.is_file():
            return list(DocBin().from_disk(path).get_docs(nlp.vocab))
    docs = list(nlp.pipe((texts[i] for i in ids), batch_size=16, n_process=processes))
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
        DocBin(store_user_data=False, docs=docs).to_disk(path)
    return docs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles")
    ap.add_argument("--processes", type=int, default=1, help="nlp.pipe worker processes")
    ap.add_argument("--misses", type=Path, help="write missed/misattributed cases here (JSONL)")
    ap.add_argument("--cache", type=Path, help="keep the spaCy parses in this folder")
    args = ap.parse_args()
    if not GOLD.is_file() or not NEWS.is_file():
        print(f"corpus not found under {CORPUS}; nothing to measure", file=sys.stderr)
        return 1

    from briefgen.nlp import load_pipeline
    from briefgen.quotes import extract_quotes
    from briefgen.quotes.genders import given_name_gender

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
    classes: Counter[str] = Counter()
    pronoun_classes: Counter[str] = Counter()
    misses = []
    n_tokens = 0
    docs = _parsed(nlp, ids, texts, args.processes, args.cache)
    t_parse = time.perf_counter() - t0
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
                    if best.speaker is None:
                        counts["unattributed"] += 1
                gspk = rec["speaker"] or ""
                head = _head_name(gspk)
                ent = by_key.get(best.speaker) if best.speaker else None
                if gspk and gspk.split()[0].lower() in PRONOUNS and len(gspk.split()) == 1:
                    counts["pronoun gold"] += 1
                    if ent is not None and ent.type == "PERSON":
                        counts["pronoun resolved"] += 1
                        need = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}.get(
                            gspk.lower())
                        first = [w for w in ent.name.split() if w[:1].isupper()][:1]
                        got = given_name_gender(first[0]) if first and " " in ent.name else None
                        if need and got:
                            counts["gendered resolved"] += 1
                            if need != got:
                                counts["gender clash"] += 1
                    else:
                        why = ("left unattributed" if ent is None
                               else f"resolved to a {ent.type}, not a person")
                        pronoun_classes[why] += 1
                        misses.append({"why": "pronoun", "class": why, "doc": doc_id,
                                       "gold": seg["text"], "gold_speaker": gspk,
                                       "gold_cue": rec.get("cue"),
                                       "pred": [best.speaker, best.speaker_text, best.cue,
                                                best.kind],
                                       "context": rec["text"]})
                elif head and gspk[:1].isupper():
                    counts["named gold"] += 1
                    hay = " ".join(
                        [best.speaker_text or ""]
                        + ([ent.key, ent.name, *ent.aliases] if ent is not None else [])
                    ).lower()
                    if head in hay:
                        counts["named right"] += 1
                    else:
                        why = error_class(text, rec, lo, hi, best, ent)
                        classes[why] += 1
                        misses.append({"why": "speaker", "class": why, "doc": doc_id,
                                       "gold": seg["text"], "gold_speaker": gspk,
                                       "gold_cue": rec.get("cue"),
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
         ratio("found", "gold segments"), ">= 0.98"),
        ("recall (full/partial)", counts["found attributed"], counts["gold segments"],
         ratio("found attributed", "gold segments"), ""),
        ("precision (full quotes)", counts["full matching gold"], counts["full quotes"],
         ratio("full matching gold", "full quotes"), ""),
        ("speaker accuracy (named)", counts["named right"], counts["named gold"],
         ratio("named right", "named gold"), ">= 0.95"),
        ("pronoun -> named person", counts["pronoun resolved"], counts["pronoun gold"],
         ratio("pronoun resolved", "pronoun gold"), ""),
        ("unattributed share", counts["unattributed"], counts["found attributed"],
         ratio("unattributed", "found attributed"), ""),
        ("he/she -> other gender", counts["gender clash"], counts["gendered resolved"],
         ratio("gender clash", "gendered resolved"), "0"),
    ]
    print(f"PolNeAR train: {len(ids)} articles, {n_tokens} tokens; entities from {source}")
    print(f"time: parse {t_parse:.1f} s, "
          f"total {elapsed:.1f} s")
    print(f"{'metric':28} {'hits':>6} {'of':>6} {'ratio':>7}  target")
    for name, hits, total, r, target in rows:
        print(f"{name:28} {hits:6d} {total:6d} {r:>7}  {target}")
    wrong = sum(classes.values())
    print(f"\nnamed-speaker misses by class ({wrong}; share of misses, of named gold):")
    for why, n in sorted(classes.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {n:5d}  {n / wrong:6.1%}  {n / max(counts['named gold'], 1):6.2%}  {why}")
    wrong = sum(pronoun_classes.values())
    print(f"pronoun misses ({wrong}):")
    for why, n in sorted(pronoun_classes.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {n:5d}  {why}")
    if args.misses:
        with args.misses.open("w", encoding="utf-8") as fh:
            for m in misses:
                fh.write(json.dumps(m, ensure_ascii=False) + "\n")
        print(f"{len(misses)} cases written to {args.misses}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
