"""How much briefgen's entity layer improves on the raw small model.

1. CoNLL++ test set (``ner_conllpp_test.jsonl``, 231 Reuters documents with gold PER/ORG/LOC/MISC):
   document-level glossary F1. Per document, the gold side is the set of unique (entity string,
   type) pairs; the system side is (a) the raw model's unique entity spans or (b) briefgen's
   document glossary (``extract_entities``). An entry matches a gold entity when its name or one
   of its aliases equals the gold string (case-insensitive) and the types agree (PERSON->PER,
   ORG->ORG, GPE/LOC/FAC->LOC, NORP/EVENT/PRODUCT/WORK_OF_ART/LAW/LANGUAGE->MISC). Precision
   counts entries that match a gold entity, recall counts gold entities some entry matches;
   both are pooled over all documents (micro average). The tokenised text is fed as it is
   (one sentence per line), the same text for (a) and (b).
2. PolNeAR (``news_polnear.jsonl``, all 844 articles): glossary entries that are a short form of
   another PERSON entry of the same document ("Trump" beside "Donald Trump"), and names that
   end up with two types across the corpus after ``link_entities``; raw spans shown for
   comparison.
3. The hand-labelled dev set (``bench/entities_dev/labels.yml``: 42 BBC, PolNeAR and Reuters
   articles, every entity with its other names; rules in that folder's README): what a reader
   sees in each briefing's glossary, i.e. the article's entities after ``link_entities`` of
   that one briefing (canonical name, type and aliases, as ``briefgen inspect --json`` shows
   them), against the raw model's unique (span, label) pairs. An entry is right when one of
   its names is one of the gold entity's names (case-insensitive) and the coarse types agree;
   precision = right entries / entries, recall = gold entities matched / gold entities,
   split = gold entities matched by two or more entries.
4. The held-out set (``bench/entities_test/labels.yml``: 42 more articles, drawn with another
   seed and labelled by the same rules without looking at briefgen's output), scored the same
   way.  No rule was chosen by looking at its errors: it stands in for the unseen set.

Run: ``.venv/bin/python bench/entities_quality.py`` (add ``--limit N`` for a quick look,
``--only dev`` or ``--only test`` for one labelled set alone, ``--errors`` to list its wrong
and missed entries).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from briefgen.entities import extract_entities  # noqa: E402
from briefgen.link import link_entities  # noqa: E402
from briefgen.model import Annotation, Article, Entity  # noqa: E402
from briefgen.nlp import load_pipeline  # noqa: E402

try:
    import yaml
except ImportError:  # pragma: no cover - PyYAML is a dependency of MkDocs
    yaml = None

CORPUS = ROOT.parent / "shared" / "corpus"
CONLL_TYPE = {
    "PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC",
    "NORP": "MISC", "EVENT": "MISC", "PRODUCT": "MISC", "WORK_OF_ART": "MISC", "LAW": "MISC",
    "LANGUAGE": "MISC",
}
TYPES = ("PER", "ORG", "LOC", "MISC")
DEV_LABELS = Path(__file__).resolve().parent / "entities_dev" / "labels.yml"
#: The held-out set: labelled blind to briefgen's output, and never used to choose a rule, so
#: it estimates what an unseen hand-labelled set will show (see ``entities_test/README.md``).
TEST_LABELS = Path(__file__).resolve().parent / "entities_test" / "labels.yml"
LABEL_SETS = {"dev": DEV_LABELS, "test": TEST_LABELS}
#: Parsing processes (the machine has 2 cores); set by --processes.
PROCESSES = 2


def read_jsonl(path: Path, limit: int | None) -> list[dict]:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            rows.append(json.loads(line))
            if limit and len(rows) >= limit:
                break
    return rows


def _analyse(texts: list[str]) -> list[tuple[list[tuple[str, str]], tuple[Entity, ...]]]:
    """Worker: raw model spans (text, label) and briefgen's glossary for each text."""
    nlp = load_pipeline()
    out = []
    for doc in nlp.pipe(texts, batch_size=16):
        spans = sorted({(e.text, e.label_) for e in doc.ents if e.label_ in CONLL_TYPE})
        out.append((spans, extract_entities(doc)[1]))
    return out


def analyse(rows: list[dict]) -> list[tuple[list[tuple[str, str]], tuple[Entity, ...]]]:
    """Parse and extract the texts as they are, in ``PROCESSES`` fresh worker processes.

    Workers are spawned, not forked (spaCy's own ``n_process`` forks and has hung here), and
    each takes whole chunks so that parsing and extraction both run in parallel.
    """
    texts = [r["text"] for r in rows]
    if PROCESSES <= 1:
        return _analyse(texts)
    size = max(1, -(-len(texts) // (PROCESSES * 4)))
    chunks = [texts[i:i + size] for i in range(0, len(texts), size)]
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(PROCESSES, mp_context=ctx) as pool:
        return [item for part in pool.map(_analyse, chunks) for item in part]


class Score:
    """Pooled counts for precision (entries) and recall (gold), overall and per type."""

    def __init__(self) -> None:
        self.entries: Counter[str] = Counter()
        self.entries_ok: Counter[str] = Counter()
        self.gold: Counter[str] = Counter()
        self.gold_ok: Counter[str] = Counter()

    def add(self, entries: list[tuple[set[str], str]], gold: set[tuple[str, str]]) -> None:
        """``entries``: (folded forms, CoNLL type); ``gold``: (folded string, CoNLL type)."""
        gold_forms: dict[str, set[str]] = defaultdict(set)
        for g, t in gold:
            gold_forms[t].add(g)
        hit_gold: set[tuple[str, str]] = set()
        for forms, t in entries:
            self.entries[t] += 1
            matched = forms & gold_forms.get(t, set())
            if matched:
                self.entries_ok[t] += 1
                hit_gold.update((g, t) for g in matched)
        for _g, t in gold:
            self.gold[t] += 1
        for _g, t in hit_gold:
            self.gold_ok[t] += 1

    def prf(self, t: str | None = None) -> tuple[float, float, float]:
        def total(c: Counter[str]) -> int:
            return sum(c.values()) if t is None else c[t]

        p = total(self.entries_ok) / max(total(self.entries), 1)
        r = total(self.gold_ok) / max(total(self.gold), 1)
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


def conll(limit: int | None) -> tuple[Score, Score, float]:
    docs = read_jsonl(CORPUS / "ner_conllpp_test.jsonl", limit)
    raw, ours = Score(), Score()
    start = time.perf_counter()
    for row, (raw_spans, entities) in zip(docs, analyse(docs), strict=True):
        gold = {(e["text"].casefold(), e["label"]) for e in row["entities"]}
        spans = {(text.casefold(), CONLL_TYPE[label]) for text, label in raw_spans}
        raw.add([({text}, t) for text, t in spans], gold)
        ours.add([({f.casefold() for f in (e.name, *e.aliases)}, CONLL_TYPE[e.type])
                  for e in entities], gold)
    return raw, ours, time.perf_counter() - start


def short_forms(names: list[tuple[str, str]], only: str | None = None) -> int:
    """Entries whose name is the first or last words of another PERSON entry's name.

    ``only="PERSON"`` counts PERSON entries alone: a real split of one person, whereas a place
    beside a namesake ("Israel" beside a "Steve Israel") is usually right to keep apart.
    """
    persons = [n.split() for n, t in names if t == "PERSON" and len(n.split()) >= 2]
    count = 0
    for name, t in names:
        if only is not None and t != only:
            continue
        words = name.split()
        for p in persons:
            if words != p and len(words) < len(p) and (p[-len(words):] == words
                                                       or p[:len(words)] == words):
                count += 1
                break
    return count


def polnear(limit: int | None) -> dict[str, object]:
    rows = read_jsonl(CORPUS / "news_polnear.jsonl", limit)
    start = time.perf_counter()
    raw_short = ours_short = ours_short_person = 0
    raw_types: dict[str, set[str]] = defaultdict(set)
    annotations = []
    for row, (spans, entities) in zip(rows, analyse(rows), strict=True):
        raw_short += short_forms(spans)
        for text, label in spans:
            raw_types[text.casefold()].add(label)
        ours_short += short_forms([(e.name, e.type) for e in entities])
        ours_short_person += short_forms([(e.name, e.type) for e in entities], "PERSON")
        slug = row["id"].replace(":", "-").replace("/", "-")
        article = Article(source=row["id"], slug=slug, title=row.get("title") or slug,
                          date=row.get("date"))
        annotations.append(Annotation(article=article, entities=entities))
    elapsed = time.perf_counter() - start
    t0 = time.perf_counter()
    canon, _maps = link_entities(annotations)
    link_time = time.perf_counter() - t0
    by_name: dict[str, set[str]] = defaultdict(set)
    for c in canon:
        by_name[c.name.casefold()].add(c.type)
    local_types: dict[str, Counter[str]] = defaultdict(Counter)
    for ann, m in zip(annotations, _maps, strict=True):
        for e in ann.entities:
            local_types[m.get(e.key, "")][e.type] += 1
    return {
        "docs": len(rows),
        "seconds": elapsed,
        "link_seconds": link_time,
        "canonical": len(canon),
        "raw_short": raw_short,
        "ours_short": ours_short,
        "ours_short_person": ours_short_person,
        "raw_two_types": sum(1 for v in raw_types.values() if len(v) > 1),
        "ours_two_types": sum(1 for v in by_name.values() if len(v) > 1),
        "outvoted": sum(1 for c in local_types.values() if len(c) > 1),
    }


def norm(name: str) -> str:
    """A name as compared: NFC, no soft hyphens, one space between words, casefolded."""
    name = unicodedata.normalize("NFC", name).replace("\u00ad", "").replace("\u2019", "'")
    return " ".join(name.split()).casefold()


def coarse(etype: str) -> str:
    """PERSON, ORG, LOC (GPE/LOC/FAC) or MISC (everything else, the glossary's "Other")."""
    return {"PERSON": "PER", "ORG": "ORG"}.get(etype) or (
        "LOC" if etype in ("GPE", "LOC", "FAC") else "MISC")


class DevScore:
    """Entry precision, gold recall and splits, overall and per coarse type."""

    def __init__(self) -> None:
        self.entries: Counter[str] = Counter()
        self.entries_ok: Counter[str] = Counter()
        self.gold: Counter[str] = Counter()
        self.gold_ok: Counter[str] = Counter()
        self.split: Counter[str] = Counter()
        self.wrong: list[tuple[str, str, str]] = []
        self.missed: list[tuple[str, str, str]] = []
        self.splits: list[tuple[str, str, list[str]]] = []

    def add(self, doc_id: str, entries: list[tuple[str, set[str], str]],
            gold: list[tuple[str, set[str], str]]) -> None:
        """``entries`` and ``gold``: (shown name, normalised names, coarse type)."""
        hits: Counter[int] = Counter()
        by_gold: dict[int, list[str]] = defaultdict(list)
        for shown, names, t in entries:
            self.entries[t] += 1
            matched = [i for i, (_n, g_names, g_t) in enumerate(gold)
                       if g_t == t and names & g_names]
            if matched:
                self.entries_ok[t] += 1
                hits.update(matched)
                for i in matched:
                    by_gold[i].append(shown)
            else:
                self.wrong.append((doc_id, shown, t))
        for i, (shown, _names, t) in enumerate(gold):
            self.gold[t] += 1
            if hits[i]:
                self.gold_ok[t] += 1
            else:
                self.missed.append((doc_id, shown, t))
            if hits[i] >= 2:
                self.split[t] += 1
                self.splits.append((doc_id, shown, by_gold[i]))

    def prf(self, t: str | None = None) -> tuple[float, float, float, int, int]:
        def total(c: Counter[str]) -> int:
            return sum(c.values()) if t is None else c[t]

        p = total(self.entries_ok) / max(total(self.entries), 1)
        r = total(self.gold_ok) / max(total(self.gold), 1)
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f, total(self.split), total(self.entries)


def dev_rows(labels_path: Path = DEV_LABELS) -> list[tuple[dict, list[dict]]]:
    """(corpus article, its labelled entities) for every article of a labelled set."""
    if yaml is None:
        raise SystemExit("PyYAML is needed to read the dev labels")
    labels = yaml.safe_load(labels_path.read_text(encoding="utf-8"))
    by_file: dict[str, dict[str, dict]] = {}
    out = []
    for item in labels:
        if item["file"] not in by_file:
            by_file[item["file"]] = {r["id"]: r for r in read_jsonl(CORPUS / item["file"], None)}
        out.append((by_file[item["file"]][item["id"]], item["entities"]))
    return out


def glossary_entries(row: dict, entities: tuple[Entity, ...]) -> list[tuple[str, set[str], str]]:
    """The rows of one briefing's glossary: its entities linked on their own, as shown."""
    slug = row["id"].replace(":", "-").replace("/", "-")
    article = Article(source=row["id"], slug=slug, title=row.get("title") or slug,
                      date=row.get("date"))
    canon, (mapping,) = link_entities([Annotation(article=article, entities=entities)])
    by_slug = {c.slug: c for c in canon}
    rows: dict[str, tuple[str, set[str], str]] = {}
    for e in entities:
        c = by_slug.get(mapping.get(e.key, ""))
        if c is None:
            continue
        name, names, t = rows.get(c.slug, (c.name, {norm(c.name), *map(norm, c.aliases)},
                                           coarse(c.type)))
        names |= {norm(e.name), *map(norm, e.aliases)}
        rows[c.slug] = (name, names, t)
    return list(rows.values())


#: The held-out set's articles from this index on were never read against briefgen's output
#: (the first ones were, once, for error classes): their score is reported apart.
SEALED_FROM = 22


def dev(labels_path: Path = DEV_LABELS) -> tuple[DevScore, DevScore, int, DevScore]:
    """Raw and briefgen scores, the article count, and briefgen's score on the sealed part."""
    items = dev_rows(labels_path)
    raw, ours, sealed = DevScore(), DevScore(), DevScore()
    for i, ((row, labels), (spans, entities)) in enumerate(
            zip(items, analyse([r for r, _ in items]), strict=True)):
        gold = [(g["name"], {norm(n) for n in (g["name"], *g.get("aliases", ()))},
                 coarse(g["type"])) for g in labels]
        raw.add(row["id"], [(text, {norm(text)}, coarse(label)) for text, label in spans], gold)
        entries = glossary_entries(row, entities)
        ours.add(row["id"], entries, gold)
        if i >= SEALED_FROM:
            sealed.add(row["id"], entries, gold)
    return raw, ours, len(items), sealed


def report_dev(errors: bool, which: str = "dev") -> None:
    start = time.perf_counter()
    raw, ours, n, sealed = dev(LABEL_SETS[which])
    secs = time.perf_counter() - start
    heading = "Dev set" if which == "dev" else "Held-out set (never tuned on)"
    print(f"{heading}, {n} hand-labelled articles, {sum(ours.gold.values())} entities "
          f"({secs:.0f} s incl. parsing): each briefing's glossary")
    print(f"{'':8} {'raw model unique spans':>34} {'briefgen glossary':>34}")
    print(f"{'type':8} " + f"{'P':>7} {'R':>6} {'F1':>6} {'split':>6} {'n':>6} " * 2)
    for t in (None, *TYPES):
        a, b = raw.prf(t), ours.prf(t)
        print(f"{t or 'overall':8} " + " ".join(
            f"{x[0]:7.3f} {x[1]:6.3f} {x[2]:6.3f} {x[3]:6d} {x[4]:6d}" for x in (a, b)))
    if which == "test":
        p, r, f, split, count = sealed.prf()
        print(f"{'sealed':8} {'':34} {p:7.3f} {r:6.3f} {f:6.3f} {split:6d} {count:6d}"
              f"   (articles {SEALED_FROM + 1}-{n}, never read against briefgen's output)")
    p, _r, f, split, _n = ours.prf()
    met = p >= 0.90 and f >= 0.85 and split == 0
    print(f"goal P >= 0.90, F1 >= 0.85, split 0: {'met' if met else 'NOT met'}")
    if errors:
        print("\nwrong glossary entries (article, name, coarse type):")
        for doc_id, name, t in ours.wrong:
            print(f"  {doc_id}  {name!r} {t}")
        print("\nsplit entities (gold name: entries):")
        for doc_id, name, shown in ours.splits:
            print(f"  {doc_id}  {name!r}: {shown}")
        print("\nmissed entities:")
        for doc_id, name, t in ours.missed:
            print(f"  {doc_id}  {name!r} {t}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="documents per corpus")
    parser.add_argument("--processes", type=int, default=2, help="spaCy processes")
    parser.add_argument("--only", choices=("dev", "test", "conll"), help="run one measure only")
    parser.add_argument("--errors", action="store_true",
                        help="list the dev set's wrong entries and missed entities")
    args = parser.parse_args()
    global PROCESSES
    PROCESSES = args.processes
    if not CORPUS.is_dir():
        print(f"corpus not found at {CORPUS}; nothing to measure", file=sys.stderr)
        return 1
    load_pipeline()  # fail early, with the install hint, if the model is missing

    for which in ("dev", "test"):
        if args.only in (None, which):
            report_dev(args.errors, which)
            if args.only == which:
                return 0
            print()
    raw, ours, secs = conll(args.limit)
    print(f"CoNLL++ test, document-level glossary ({secs:.0f} s incl. parsing)")
    print(f"{'':10} {'raw model spans (a)':>26} {'briefgen glossary (b)':>26} {'ΔF1':>7}")
    print(f"{'type':10} {'P':>8} {'R':>8} {'F1':>8} {'P':>8} {'R':>8} {'F1':>8}")
    for t in (None, *TYPES):
        a, b = raw.prf(t), ours.prf(t)
        label = t or "overall"
        print(f"{label:10} {a[0]:8.3f} {a[1]:8.3f} {a[2]:8.3f} {b[0]:8.3f} {b[1]:8.3f} "
              f"{b[2]:8.3f} {b[2] - a[2]:+7.3f}")
    print(f"entries: raw {sum(raw.entries.values())}, briefgen {sum(ours.entries.values())}; "
          f"gold {sum(raw.gold.values())}")
    gain = ours.prf()[2] - raw.prf()[2]
    print(f"target (b) - (a) >= 0.05 F1: {'met' if gain >= 0.05 else 'NOT met'} ({gain:+.3f})")
    print()

    if args.only == "conll":
        return 0
    pn = polnear(args.limit)
    print(f"PolNeAR, {pn['docs']} articles ({pn['seconds']:.0f} s parsing + extraction, "
          f"link_entities {pn['link_seconds']:.2f} s, {pn['canonical']} canonical entities)")
    print(f"{'measure':58} {'raw':>6} {'briefgen':>9} {'target':>7}")
    print(f"{'entries that are a short form of another PERSON entry':58} "
          f"{pn['raw_short']:>6} {pn['ours_short']:>9} {0:>7}")
    print(f"{'  of which PERSON beside PERSON (a split person)':58} "
          f"{'':>6} {pn['ours_short_person']:>9}")
    print(f"{'names carrying two types across the corpus':58} "
          f"{pn['raw_two_types']:>6} {pn['ours_two_types']:>9} {0:>7}")
    print(f"(canonical entities whose local types disagreed and were settled by vote: "
          f"{pn['outvoted']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
