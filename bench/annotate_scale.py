"""Annotation at 1,000 articles: one process, all cores, a Dask LocalCluster, and re-runs.

Usage::

    .venv/bin/python bench/annotate_scale.py [--size 1000]

Articles are taken in turn from three corpora in ../shared/corpus (BBC, PolNeAR,
Reuters-21578) and written as Markdown sources to a temporary folder (never into the
repository), with the repository's sample glossary beside them.  Each measure runs in a fresh
child process, so every one pays what a real build pays (imports, pipeline load, worker
start-up) and its peak memory is its own:

- cold, one process (``jobs=1``): the baseline;
- cold, ``jobs=0`` (the default: every core when the batch is big enough);
- cold, a Dask ``LocalCluster`` of 2 worker processes (``briefgen annotate --workers 2``),
  cluster start-up included;
- after a glossary edit (one entry added): the rules run again over cached parses;
- after a rule-code change (a comment added to ``entities/extract.py``): the same;
- warm: everything from the annotation cache.

The children import briefgen from a copy of the package made at the start (worker processes
too, through ``PYTHONPATH``), so an edit in the working tree during the run changes nothing;
the rule-code change is made in a second copy.

Each is printed as a ratio to the baseline, with the CPU seconds it used (its own and its
workers'), the machine's load average when it ended (a ratio means little when other work held
the second core), words per second per worker, the peak resident memory of the main process
and of its largest worker, and whether the cache bytes equal the baseline's (the re-run after a
rule change must write exactly the baseline's annotations, under new keys).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
CORPORA = ("news_bbc.jsonl", "news_polnear.jsonl", "news_reuters21578.jsonl")
PUBLISHERS = {"news_bbc.jsonl": "BBC News", "news_polnear.jsonl": "PolNeAR",
              "news_reuters21578.jsonl": "Reuters"}
#: Appended to the sample glossary for the "glossary edit" measure: a plausible curated entry.
GLOSSARY_EDIT = (
    "\n- name: Organisation for Economic Co-operation and Development\n"
    "  type: ORG\n  aliases: [OECD]\n"
)


def write_sources(folder: Path, size: int) -> int:
    """``size`` articles, one corpus after the other in turn; returns the number of words."""
    pools = []
    for name in CORPORA:
        path = CORPUS / name
        if not path.is_file():
            sys.exit(f"{path} is absent: this benchmark needs ../shared/corpus")
        with path.open(encoding="utf-8") as fh:
            rows = [json.loads(line) for line in fh if line.strip()]
        pools.append([(name, r) for r in rows if r.get("text", "").strip()])
    picked = []
    i = 0
    while len(picked) < size:
        pool = pools[i % len(pools)]
        if i // len(pools) < len(pool):
            picked.append(pool[i // len(pools)])
        i += 1
    words = 0
    for n, (name, row) in enumerate(picked):
        title = json.dumps((row.get("title") or "").strip() or f"Story {n}")
        body = row["text"].strip()
        words += len(body.split())
        folder.joinpath(f"{n:05d}.md").write_text(
            f"---\ntitle: {title}\npublisher: {PUBLISHERS[name]}\n---\n\n{body}\n",
            encoding="utf-8",
        )
    shutil.copy(REPO / "sources" / "glossary.yml", folder / "glossary.yml")
    return words


def child(mode: str, sources: Path, cache: Path) -> None:
    """One measure, in its own process; prints one JSON line."""
    from briefgen.glossary import load_glossary
    from briefgen.scale import annotate_archive

    glossary = load_glossary(sources / "glossary.yml")
    start = time.perf_counter()
    result = annotate_archive(
        [sources],
        model="en_core_web_sm",
        cache_dir=cache,
        glossary=glossary,
        jobs=1 if mode == "single" else 0,
        workers=2 if mode == "dask" else None,
    )
    seconds = time.perf_counter() - start
    s = result.stats
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    for note in s.corrupt:
        print(f"warning: {note}", file=sys.stderr)
    print(json.dumps({
        "seconds": seconds,
        "annotated": s.annotated,
        "parsed": s.parsed,
        "cached": s.cached,
        "processes": s.processes,
        "errors": len(result.errors),
        "rss_main": own.ru_maxrss,
        "rss_worker": kids.ru_maxrss,
        "cpu": own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime,
        "load": os.getloadavg()[0],
    }))


def _freeze(root: Path, name: str, edit: bool = False) -> Path:
    """A copy of the briefgen package under ``root/name``; ``edit`` changes a rule module."""
    code = root / name
    shutil.copytree(REPO / "briefgen", code / "briefgen",
                    ignore=shutil.ignore_patterns("__pycache__"))
    if edit:
        with (code / "briefgen" / "entities" / "extract.py").open("a", encoding="utf-8") as fh:
            fh.write("\n# A rule edit, as far as the cache can tell.\n")
    return code


def _measure(mode: str, sources: Path, cache: Path, code: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(code)}
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(sources), str(cache)],
        check=False, capture_output=True, text=True, env=env, cwd=code,
    )
    if out.returncode != 0:
        sys.exit(f"{mode} failed:\n{out.stderr[-3000:]}")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["stderr"] = out.stderr
    return result


def _annotations(cache: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in cache.glob("*.json")}


def _parses(cache: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (cache / "parse").glob("*.spacy")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000, help="articles (default 1000)")
    parser.add_argument("--child", nargs=3, metavar=("MODE", "SOURCES", "CACHE"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, sources, cache = args.child
        child(mode, Path(sources), Path(cache))
        return
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        sources = root / "sources"
        sources.mkdir()
        words = write_sources(sources, args.size)
        # Both copies now: the tree may change while the benchmark runs.
        code, edited = _freeze(root, "code"), _freeze(root, "edited", edit=True)
        runs: dict[str, dict] = {}
        same: dict[str, str] = {}
        base = root / "single"
        runs["single"] = _measure("single", sources, base, code)
        for mode in ("multi", "dask"):
            runs[mode] = _measure(mode, sources, root / mode, code)
            equal = (_annotations(root / mode) == _annotations(base)
                     and _parses(root / mode) == _parses(base))
            same[mode] = "yes" if equal else "NO"
        rules = root / "rules"
        shutil.copytree(base, rules)
        runs["rules"] = _measure("rules", sources, rules, edited)
        fresh = set(_annotations(rules)) - set(_annotations(base))
        same["rules"] = "yes" if sorted(_annotations(rules)[k] for k in fresh) == sorted(
            _annotations(base).values()) else "NO"
        glossary = root / "glossary"
        shutil.copytree(base, glossary)
        with (sources / "glossary.yml").open("a", encoding="utf-8") as fh:
            fh.write(GLOSSARY_EDIT)
        runs["glossary"] = _measure("glossary", sources, glossary, code)
        runs["warm"] = _measure("warm", sources, glossary, code)

    labels = {
        "single": "cold, 1 process (baseline)",
        "multi": "cold, jobs=0 (default)",
        "dask": "cold, Dask LocalCluster, 2 workers",
        "glossary": "after a glossary edit",
        "rules": "after a rule-code change",
        "warm": "warm (all from cache)",
    }
    n = runs["single"]["annotated"]
    print(f"articles: {n} ({runs['single']['errors']} unreadable), words: {words}")
    print(f"{'measure':<36}{'seconds':>9}{'ratio':>7}{'CPU s':>7}{'load':>6}{'procs':>6}"
          f"{'parsed':>7}{'words/s/worker':>15}{'RSS main MB':>12}{'RSS worker MB':>14}"
          f"{'same':>6}")
    baseline = runs["single"]["seconds"]
    for mode, label in labels.items():
        r = runs[mode]
        procs = max(1, r["processes"])
        wps = f"{words / r['seconds'] / procs:.0f}" if r["parsed"] else "-"
        print(f"{label:<36}{r['seconds']:>9.1f}{r['seconds'] / baseline:>7.2f}{r['cpu']:>7.0f}"
              f"{r['load']:>6.1f}{procs:>6}{r['parsed']:>7}{wps:>15}{r['rss_main'] / 1024:>12.0f}"
              f"{r['rss_worker'] / 1024:>14.0f}{same.get(mode, ''):>6}")
    problems = [line for r in runs.values() for line in r["stderr"].splitlines()
                if line.startswith("warning:")]
    if problems:
        print("warnings:", *problems[:5], sep="\n  ")


if __name__ == "__main__":
    main()
