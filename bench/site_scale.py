"""The site at archive scale: pages, bytes, build time, a save under serve, and search.

Usage::

    .venv/bin/python bench/site_scale.py [--sizes 1000,3000,10000] [--work /tmp/briefgen-scale]

For each size N it writes N articles from ../shared/corpus (BBC, PolNeAR and Reuters mixed; past
the 3,246 articles there, resampled with light perturbation: a base article whose last paragraph
comes from another article of the same corpus, a new headline and a shifted date, so that
duplicate detection does not fold them together) into a scratch project, then measures, each
build in its own process:

- pages per briefing and site bytes per briefing, and the largest index page;
- a cold build (annotation included) and a warm full build, with peak memory;
- a bare ``mkdocs build`` (no briefgen plugin, Material's own search) of exactly the pages the
  plugin generated: warm / bare is what briefgen adds to MkDocs;
- ``mkdocs serve --dirty`` (what ``make serve`` runs): seconds from saving a new source to its
  briefing page being served, found by polling the server: three saves, each on a settled
  server, the median printed in the table and each in the JSON row;
- search in Chromium (Playwright): bytes a reader's first query downloads and milliseconds from
  the last keystroke to results, for a person, an organisation and a phrase; and findability:
  a sample of briefings and entity pages (by title, name and alias) each found by a query.

Times are reported as ratios to baselines measured in the same run (bare MkDocs; the 1,000
briefing build).  The annotation cache is kept under ``--work`` so a re-run skips spaCy.
"""

from __future__ import annotations

import argparse
import functools
import html
import http.server
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
FILES = ("news_bbc.jsonl", "news_polnear.jsonl", "news_reuters21578.jsonl")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def _records() -> list[dict]:
    """All visible articles, interleaved across corpora so any prefix is a fair mix."""
    pools = []
    for name in FILES:
        path = CORPUS / name
        if not path.is_file():
            sys.exit(f"{path} is absent: this benchmark needs ../shared/corpus")
        with path.open(encoding="utf-8") as fh:
            pools.append([json.loads(line) for line in fh if line.strip()])
    total = sum(len(p) for p in pools)
    out, taken = [], [0] * len(pools)
    for _ in range(total):
        # Take from the pool that is furthest behind its share: a proportional interleave.
        k = min(range(len(pools)),
                key=lambda j: (taken[j] / len(pools[j]) if taken[j] < len(pools[j]) else 9, j))
        out.append(pools[k][taken[k]])
        taken[k] += 1
    return out


def _date_of(rec: dict, rng: random.Random) -> str:
    if rec.get("date"):
        return rec["date"]
    # BBC's set has no dates ("2004-2005"): spread its stories over those two years.
    return (date(2004, 1, 1) + timedelta(days=rng.randrange(730))).isoformat()


#: For each resampled article (index >= the number of real ones): (base index, partner index).
RESAMPLED: dict[int, tuple[int, int]] = {}


def articles(n: int) -> list[tuple[str, str, str, str]]:
    """``n`` (file stem, title, date, body) tuples; the same prefix for every ``n``.

    Past the real articles, article ``i`` is real article ``i mod 3,246`` with the first
    paragraph of another article of the same corpus appended, a new headline and a date moved
    by up to a month (:data:`RESAMPLED` records which two).
    """
    recs = _records()
    rng = random.Random(10_000)
    by_corpus: dict[str, list[int]] = {}
    for j, r in enumerate(recs):
        by_corpus.setdefault(r["id"].split(":")[0], []).append(j)
    out = []
    for i in range(n):
        base = recs[i % len(recs)]
        day = _date_of(base, rng)
        body = base["text"].strip()
        title = base["title"].strip() or f"Story {i}"
        if i >= len(recs):
            j = rng.choice(by_corpus[base["id"].split(":")[0]])
            extra = [p for p in recs[j]["text"].split("\n\n") if p.strip()][:1]
            body = body + "\n\n" + extra[0].strip()
            title = f"{title} (follow-up {i // len(recs)})"
            day = (date.fromisoformat(day) + timedelta(days=rng.randint(-30, 30))).isoformat()
            RESAMPLED[i] = (i % len(recs), j)
        out.append((f"{i:05d}", title, day, body))
    return out


def seed_resampled(root: Path, cache: Path) -> int:
    """Put the resampled articles' annotations into the cache, made from their two parents'.

    Parsing 6,754 more articles would take an hour here; a resampled article's annotation is
    its base article's (the base text is a prefix of its text) plus the entities, mentions and
    sentences of the appended paragraph, taken from the partner's annotation and moved to
    their new offsets, as ``bench/related_scale.py`` resamples at the annotation level.  The
    plugin then finds them in the cache under the keys it computes itself.
    """
    from dataclasses import replace

    from briefgen.annotate import Annotator
    from briefgen.batch import encode_annotation
    from briefgen.cachestore import CacheStore
    from briefgen.pipeline import read_all

    paths = sorted((root / "sources").glob("*.md"))
    n_real = len(_records())
    real = [p for p in paths if int(p.stem) < n_real]
    synth = [p for p in paths if int(p.stem) >= n_real]
    if not synth:
        return 0
    annotator = Annotator(cache_dir=cache)
    items, _, _ = read_all(real, root)
    anns, _ = annotator.annotate(items)
    by_index = {int(Path(a.article.source).stem): a for a in anns}
    store = CacheStore(cache)
    seeded = 0
    for article, _raw in read_all(synth, root)[0]:
        key, _ = annotator.keys(article)
        if store.read_annotation(key) is not None:
            continue
        base_i, partner_i = RESAMPLED[int(Path(article.source).stem)]
        base, partner = by_index[base_i], by_index[partner_i]
        text, base_text = article.text, base.article.text
        block0 = partner.article.blocks[0].text
        shift = article.block_starts()[-1]
        if not text.startswith(base_text) or text[shift:] != block0:
            continue  # the reader split it otherwise: leave it to the real pipeline
        inside = [m for m in partner.mentions if m.end <= len(block0)]
        used = {m.entity for m in inside}
        mentions = [replace(m, start=m.start + shift, end=m.end + shift, entity="p:" + m.entity)
                    for m in inside]
        entities = [replace(e, key="p:" + e.key, mentions=sum(m.entity == e.key for m in inside))
                    for e in partner.entities if e.key in used]
        sentences = [(a + shift, b + shift) for a, b in partner.sentences if b <= len(block0)]
        ann = replace(
            base,
            article=article,
            mentions=tuple(sorted([*base.mentions, *mentions], key=lambda m: (m.start, m.end))),
            entities=(*base.entities, *entities),
            sentences=(*base.sentences, *sentences),
        )
        store.write_annotation(key, encode_annotation(ann))
        seeded += 1
    return seeded


def write_sources(folder: Path, items) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for stem, title, day, body in items:
        text = f"---\ntitle: {json.dumps(title)}\ndate: {day}\n---\n\n{body}\n"
        path = folder / f"{stem}.md"
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")


def project(root: Path, n: int, cache: Path) -> Path:
    """A scratch project: the repository's mkdocs.yml and docs/, ``n`` sources."""
    root.mkdir(parents=True, exist_ok=True)
    cfg = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    cfg = cfg.replace("      glossary: sources/glossary.yml\n", "")
    cfg = cfg.replace("cache_dir: .briefgen-cache", f"cache_dir: {cache}")
    (root / "mkdocs.yml").write_text(cfg, encoding="utf-8")
    shutil.rmtree(root / "docs", ignore_errors=True)
    shutil.copytree(REPO / "docs", root / "docs")
    sources = root / "sources"
    if sources.exists():
        for extra in sorted(sources.glob("*.md"))[n:]:
            extra.unlink()
    write_sources(sources, articles(n))
    return root


def timed_build(config: Path, site: Path, *, docs: Path | None = None) -> dict:
    """One ``mkdocs build`` in a child process: seconds and the child's peak memory."""
    code = (
        "import json, resource, sys, time, logging\n"
        "from mkdocs.commands.build import build\n"
        "from mkdocs.config import load_config\n"
        "logging.getLogger('mkdocs').setLevel(logging.ERROR)\n"
        "kw = {'site_dir': sys.argv[2]}\n"
        "if len(sys.argv) > 3: kw['docs_dir'] = sys.argv[3]\n"
        "c = load_config(sys.argv[1], **kw)\n"
        "t = time.perf_counter(); build(c); t = time.perf_counter() - t\n"
        "p = c.plugins.get('briefgen')\n"
        "extra = {}\n"
        "if p is not None:\n"
        "    extra = {'summary': p.last_result.summary(), 'search': p.last_search,\n"
        "             'written': p.last_stage.written}\n"
        "rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "print(json.dumps({'seconds': t, 'peak_mb': rss / 1024, **extra}))\n"
    )
    args = [sys.executable, "-c", code, str(config), str(site)] + ([str(docs)] if docs else [])
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(args, capture_output=True, text=True, cwd=config.parent, env=env)
    if done.returncode != 0:
        sys.exit(f"build failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def bare_project(root: Path, stage: Path) -> tuple[Path, Path]:
    """The generated pages as a plain docs/ folder, and a config without the plugin."""
    docs = root.parent / "bare_docs"
    shutil.rmtree(docs, ignore_errors=True)
    shutil.copytree(stage, docs)
    shutil.copy(REPO / "docs" / "about.md", docs / "about.md")
    cfg = (root / "mkdocs.yml").read_text(encoding="utf-8")
    cfg = cfg[: cfg.index("  - briefgen:")]
    cfg = cfg.replace("  /entities/\n", "  /entities/\n  /quotes/\n  /timeline/\n")
    path = root.parent / "bare.yml"
    path.write_text(cfg, encoding="utf-8")
    return path, docs


def site_figures(site: Path, n: int) -> dict:
    pages = [p for p in site.rglob("index.html") if "pagefind" not in p.parts]
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    lists = [p for p in pages if p.relative_to(site).parts[0] in ("quotes", "timeline")
             or "a-z" in p.parts or p.parent in (site, site / "entities", site / "briefings")]
    biggest = max(lists, key=lambda p: p.stat().st_size)
    return {
        "pages": len(pages),
        "pages_per_briefing": len(pages) / n,
        "entity_pages": len(list((site / "entities").glob("*/index.html"))),
        "site_mb": total / 2**20,
        "kb_per_briefing": total / 1024 / n,
        "largest_index_kb": biggest.stat().st_size / 1024,
        "largest_index": biggest.parent.relative_to(site).as_posix(),
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.status
    except Exception:  # noqa: BLE001 - any failure means "not served yet"
        return 0


def _settled(log_path: Path, before: int, proc: subprocess.Popen, timeout: float) -> None:
    """Wait until the server is idle: more search indexings logged than ``before`` (or a
    warning, which is how a failed indexing ends) and then a log quiet for three seconds."""
    start, size, quiet_since = time.perf_counter(), -1, time.perf_counter()
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"mkdocs serve stopped; see {log_path}")
        text = log_path.read_text(encoding="utf-8", errors="replace")
        if len(text) != size:
            size, quiet_since = len(text), time.perf_counter()
        done = _indexings(text) > before
        if done and time.perf_counter() - quiet_since >= 3:
            return
        if time.perf_counter() - start > timeout:
            raise RuntimeError(f"the server never settled; see {log_path}")
        time.sleep(0.5)


def _indexings(log: str) -> int:
    """Search indexings the serve log shows ended, well or (with a warning) not."""
    return sum("briefgen: search:" in line or line.startswith("WARNING") and "briefgen:" in line
               for line in log.splitlines())


def serve_save(root: Path, n: int, saves: int = 3) -> dict:
    """Seconds from saving a new source to its page being served by ``mkdocs serve --dirty``.

    Each save is made on a settled server (the previous build done and its search index
    written and the log quiet), as an editor saves: a story, then a while later another.  The
    JSON row keeps each save's time (the first after start-up finds the memories of serve
    cold); the table prints the median."""
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    log_path = root / "serve.log"
    log = open(log_path, "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dirty",
         "-a", f"127.0.0.1:{port}"],
        cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    from briefgen.slug import slugify

    news = [root / "sources" / f"zz-new-story-{k}.md" for k in range(saves)]
    try:
        start = time.perf_counter()
        while _get(f"http://127.0.0.1:{port}/") != 200:
            if proc.poll() is not None or time.perf_counter() - start > 3600:
                raise RuntimeError("mkdocs serve did not come up; see serve.log")
            time.sleep(0.5)
        first = time.perf_counter() - start
        _settled(log_path, 0, proc, 1800)
        times, more = [], articles(n + saves)[n:]
        for k, new in enumerate(news):
            _stem, title, day, body = more[k]
            title = f"Scale bench: new story {k + 1} saved under serve ({n})"
            # A sentence of its own, so the story is parsed by spaCy as a new source would
            # be, not found in the annotation cache an earlier run of this bench left.
            body += f"\n\nThe desk filed this copy at {time.time_ns()} nanoseconds past the epoch."
            before = _indexings(log_path.read_text(encoding="utf-8", errors="replace"))
            saved = time.perf_counter()
            new.write_text(f"---\ntitle: {json.dumps(title)}\ndate: {day}\n---\n\n{body}\n",
                           encoding="utf-8")
            url = f"http://127.0.0.1:{port}/briefings/{slugify(title)}/"
            while _get(url) != 200:
                if time.perf_counter() - saved > 1800:
                    raise RuntimeError("the new page never appeared; see serve.log")
                time.sleep(0.1)
            times.append(time.perf_counter() - saved)
            _settled(log_path, before, proc, 1800)
        return {"first_build_s": first, "save_to_served_s": times[0], "saves_s": times,
                "median_save_s": sorted(times)[len(times) // 2]}
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()
        for new in news:
            new.unlink(missing_ok=True)


def search_figures(site: Path, people: list[str], orgs: list[str], phrase: str,
                   find: list[tuple[str, str]]) -> dict:
    """First-query bytes and latency in Chromium; how many targets a query finds."""
    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    out: dict = {"queries": []}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for query in (people[0], orgs[0], phrase):
                page = browser.new_page()
                sizes: list[int] = []
                page.on("requestfinished",
                        lambda r, s=sizes: s.append((r.sizes() or {}).get("responseBodySize", 0)))
                page.goto(url + "briefings/")
                page.wait_for_load_state("networkidle")
                loaded = len(sizes)
                page.locator(".md-search__input").click()
                page.keyboard.type(query, delay=20)
                t0 = time.perf_counter()
                page.wait_for_selector("[data-bg-results]", timeout=120_000)
                ms = (time.perf_counter() - t0) * 1000
                page.wait_for_load_state("networkidle")
                out["queries"].append({"query": query, "ms": ms,
                                       "kb": sum(sizes[loaded:]) / 1024})
                page.close()
            page = browser.new_page()
            page.goto(url)
            page.wait_for_load_state("networkidle")
            found, missed = 0, []
            for query, want in find:
                # The order the result list shows (briefgen-search.js), ten at most.
                hrefs = page.evaluate("async ([q]) => await window.briefgenSearch(q)", [query])
                hit = any(h.rstrip("/").endswith(want.rstrip("/")) for h in hrefs)
                found += hit
                if not hit:
                    missed.append(query)
            out["found"], out["targets"], out["missed"] = found, len(find), missed
            browser.close()
    finally:
        server.shutdown()
    return out


def targets(stage: Path, rng: random.Random) -> tuple[list[str], list[str], str, list]:
    """Queries drawn from what the build published: entity names and headlines."""
    people, orgs, find = [], [], []
    entity_pages = sorted((stage / "entities").glob("*.md"))
    for path in entity_pages:
        head = path.read_text(encoding="utf-8").split("\n")
        line = next((h for h in head if h.startswith("title: ")), 'title: ""')
        title = html.unescape(json.loads(line[7:]))
        kind = next((h for h in head if h.startswith("**")), "")
        if "**Person**" in kind:
            people.append((title, path.stem))
        elif "**Organisation**" in kind:
            orgs.append((title, path.stem))
    people.sort(key=lambda t: (-len(t[0]), t[0]))
    briefings = sorted((stage / "briefings").glob("*.md"))
    for path in rng.sample([b for b in briefings if b.stem != "index"], 20):
        line = next(h for h in path.read_text(encoding="utf-8").split("\n")
                    if h.startswith("title: "))
        find.append((html.unescape(json.loads(line[7:])), f"briefings/{path.stem}/"))
    for title, stem in rng.sample(people, min(10, len(people))) + rng.sample(orgs,
                                                                            min(10, len(orgs))):
        find.append((title, f"entities/{stem}/"))
    return ([t for t, _ in people[:1]], [t for t, _ in orgs[:1]], "defence spending", find)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="1000,3000,10000")
    ap.add_argument("--work", default="/tmp/briefgen-scale")
    ap.add_argument("--no-serve", action="store_true", help="skip the serve measurement")
    ap.add_argument("--serve-sizes", default="",
                    help="measure serve only at these sizes (comma-separated; default: all)")
    args = ap.parse_args()
    work = Path(args.work)
    cache = work / "cache"
    rows = []
    for n in (int(s) for s in args.sizes.split(",")):
        root = project(work / "project", n, cache)
        seeded = seed_resampled(root, cache)
        site = work / "site"
        # Every timed build writes into an empty folder, so none pays for cleaning another's.
        shutil.rmtree(site, ignore_errors=True)
        cold = timed_build(root / "mkdocs.yml", site)
        # Warm: a second full build, with the annotation cache and the staging folder as the
        # first left them (the first may have annotated, or restaged pages another size left).
        shutil.rmtree(site, ignore_errors=True)
        warm = timed_build(root / "mkdocs.yml", site)
        figures = site_figures(site, n)
        # What MkDocs converts per briefing: past the real articles, each resampled one carries
        # an extra paragraph, so the 10,000 set's briefings are longer than the 1,000 set's.
        staged = list((cache / "pages" / "briefings").glob("*.md"))
        figures["briefing_md_kb"] = sum(p.stat().st_size for p in staged) / 1024 / len(staged)
        bare_cfg, bare_docs = bare_project(root, cache / "pages")
        shutil.rmtree(work / "bare_site", ignore_errors=True)
        bare = timed_build(bare_cfg, work / "bare_site", docs=bare_docs)
        bare_index = (work / "bare_site" / "search" / "search_index.json").stat().st_size
        people, orgs, phrase, find = targets(cache / "pages", random.Random(n))
        search = search_figures(site, people, orgs, phrase, find)
        serve_at = {int(x) for x in args.serve_sizes.split(",") if x}
        measure = not args.no_serve and (not serve_at or n in serve_at)
        serve = serve_save(root, n) if measure else {}
        row = {"n": n, "seeded": seeded, "cold": cold, "warm": warm, "bare": bare, "site": figures,
               "material_index_mb": bare_index / 2**20, "search": search, "serve": serve}
        rows.append(row)
        print(json.dumps(row), flush=True)
    base = rows[0]
    print(f"\n{'briefings':>9} {'pages/b':>8} {'KB/b':>6} {'max list KB':>11} "
          f"{'warm/bare':>9} {'warm/warm@' + str(base['n']):>14} {'peak MB':>8} "
          f"{'save->served s':>14} {'1st search KB':>13} {'ms':>6} {'found':>7}")
    for r in rows:
        q = r["search"]["queries"]
        print(
            f"{r['n']:>9} {r['site']['pages_per_briefing']:>8.2f} "
            f"{r['site']['kb_per_briefing']:>6.0f} {r['site']['largest_index_kb']:>11.0f} "
            f"{r['warm']['seconds'] / r['bare']['seconds']:>9.2f} "
            f"{r['warm']['seconds'] / base['warm']['seconds']:>14.2f} "
            f"{max(r['warm']['peak_mb'], r['cold']['peak_mb']):>8.0f} "
            f"{r['serve'].get('median_save_s', float('nan')):>14.1f} "
            f"{max(x['kb'] for x in q):>13.0f} {max(x['ms'] for x in q):>6.0f} "
            f"{r['search']['found']:>3}/{r['search']['targets']:<3}"
        )
    # Growth per page: the archive's page count grows faster than its briefings (more names
    # recur, so more earn a page), and a warm build's cost follows the pages.
    print("\nstaged Markdown per briefing (what MkDocs converts): " + ", ".join(
        f"{r['n']}: {r['site']['briefing_md_kb']:.1f} KB" for r in rows))
    print("\nwarm build per page: " + ", ".join(
        f"{r['n']}: {1000 * r['warm']['seconds'] / r['site']['pages']:.2f} ms"
        f" ({r['site']['pages'] / base['site']['pages']:.2f}x the pages of {base['n']})"
        for r in rows))
    print("\n(warm and bare: full builds, seconds "
          + ", ".join(f"{r['n']}: {r['warm']['seconds']:.0f} vs {r['bare']['seconds']:.0f}"
                      for r in rows)
          + "; Material's lunr index for the same pages: "
          + ", ".join(f"{r['material_index_mb']:.1f} MB" for r in rows) + ")")


if __name__ == "__main__":
    main()
