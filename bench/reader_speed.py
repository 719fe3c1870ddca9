"""Time to first draw of the connection pictures on a 10,000-briefing archive, in Chromium.

Usage::

    .venv/bin/python bench/reader_speed.py [--briefings 10000] [--runs 7] [--work /tmp/bg-reader]

The pictures depend on the archive only through who is named with whom, so the archive here is
synthetic and needs no spaCy: ``--briefings`` briefings naming eight entities each out of
``briefings / 2`` names whose popularity falls off as 1/rank (a few names in thousands of
stories, most in one or two, as in news).  The script then

- times the build-side work: co-mention counts over the archive, the map (layout included) and
  the page of the most connected entity;
- builds those two pages and a plain text page (the baseline) with MkDocs and Material, with
  briefgen's stylesheet and script, and serves them;
- loads each page ``--runs`` times in Chromium and reports the median milliseconds from
  navigation start to the first frame in which the picture is laid out (a
  ``requestAnimationFrame`` loop started before any page script), and to the first contentful
  paint of the baseline page.  The ratio to the baseline is what the pictures add.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import random
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from briefgen.model import (  # noqa: E402
    Annotation,
    Appearance,
    Article,
    Briefing,
    CanonicalEntity,
    Corpus,
)
from briefgen.pictures import Bands, entity_chart, entity_connections, first_month, map_page  # noqa: E402
from briefgen.render import (  # noqa: E402
    _quotes_by_speaker,
    _Site,
    co_mention_counts,
    co_mentions,
    render_entity,
)

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
TYPES = ("PERSON", "ORG", "GPE", "PERSON", "ORG", "GPE", "NORP", "EVENT")

#: Runs before any page script: records the first frame in which a picture has a size.
PROBE = """
(() => {
  const tick = () => {
    const svg = document.querySelector("svg.bg-graph");
    if (svg && svg.getBoundingClientRect().width > 0) {
      window.__bgDrawn = performance.now();
      return;
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();
"""


def synthetic(n: int, seed: int = 14) -> Corpus:
    rng = random.Random(seed)
    n_entities = max(n // 2, 50)
    weights = [1 / (i + 1) for i in range(n_entities)]
    apps: dict[int, list[Appearance]] = {}
    briefings = []
    for b in range(n):
        slug = f"b{b:05d}"
        date = f"{2016 + b * 10 // n}-{1 + b % 12:02d}-{1 + b % 28:02d}"
        chosen = sorted(set(rng.choices(range(n_entities), weights, k=8)))
        art = Article(source=f"sources/{slug}.md", slug=slug, title=f"Story {b}", date=date)
        for i in chosen:
            apps.setdefault(i, []).append(Appearance(slug, date, "", 1, f"n{i}"))
        briefings.append(Briefing(Annotation(article=art), {f"n{i}": f"e{i}" for i in chosen}))
    entities = tuple(
        CanonicalEntity(f"e{i}", f"Name{i} Surname{i}", TYPES[i % len(TYPES)],
                        appearances=tuple(apps[i]))
        for i in sorted(apps)
    )
    briefings.sort(key=lambda x: (x.article.date or "", x.slug), reverse=True)
    return Corpus(tuple(briefings), entities)


def build_pages(corpus: Corpus) -> tuple[dict[str, str], dict[str, float]]:
    """The map and the most connected entity's page, with the seconds each step took."""
    t = {}
    start = time.perf_counter()
    site = _Site.of(corpus)
    counts = co_mention_counts(corpus, only=site.paged)
    t["co-mention counts"] = time.perf_counter() - start
    start = time.perf_counter()
    page = map_page(site, counts)
    t["map page (layout included)"] = time.perf_counter() - start
    hub = max(counts, key=lambda s: (len(counts[s]), s))
    e = site.entities[hub]
    start = time.perf_counter()
    near = co_mentions(corpus, only=site.paged, counts={hub: counts[hub]})[hub]
    entity = render_entity(
        site, e, near, _quotes_by_speaker(site),
        chart=entity_chart(e, first_month(site)),
        connections=entity_connections(site, e, near, Bands(counts)),
    )
    t["entity page"] = time.perf_counter() - start
    return {"map/index.md": page, "entities/hub.md": entity}, t


def project(root: Path, pages: dict[str, str]) -> Path:
    shutil.rmtree(root, ignore_errors=True)
    docs = root / "docs"
    for path, text in pages.items():
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text(text, encoding="utf-8")
    (docs / "about.md").write_text(
        "# About\n\n" + "A paragraph of plain text to compare with.\n\n" * 20, encoding="utf-8"
    )
    (docs / "assets").mkdir()
    shutil.copy(REPO / "briefgen" / "briefgen.css", docs / "assets")
    shutil.copy(REPO / "briefgen" / "briefgen-reader.js", docs / "assets")
    cfg = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    cfg = cfg[: cfg.index("nav:")] + (
        "extra_css: [assets/briefgen.css]\nextra_javascript: [assets/briefgen-reader.js]\n"
        "markdown_extensions: [attr_list, toc]\nplugins: []\n"
    )
    (root / "mkdocs.yml").write_text(cfg, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "mkdocs.yml")],
        capture_output=True, text=True, env={"NO_MKDOCS_2_WARNING": "1", "PATH": ""},
    )
    if done.returncode != 0:
        sys.exit(done.stderr[-2000:])
    return root / "site"


def measure(site: Path, runs: int) -> dict[str, list[float]]:
    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    out: dict[str, list[float]] = {"about (baseline, first paint)": [], "map": [], "entity": []}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for _ in range(runs):
                for key, path in (("about (baseline, first paint)", "about/"), ("map", "map/"),
                                  ("entity", "entities/hub/")):
                    page = browser.new_page(viewport={"width": 1280, "height": 900})
                    page.add_init_script(PROBE)
                    page.goto(url + path)
                    if key.startswith("about"):
                        page.wait_for_function(
                            "performance.getEntriesByName('first-contentful-paint').length"
                        )
                        ms = page.evaluate(
                            "performance.getEntriesByName('first-contentful-paint')[0].startTime"
                        )
                    else:
                        page.wait_for_function("window.__bgDrawn !== undefined")
                        ms = page.evaluate("window.__bgDrawn")
                    out[key].append(ms)
                    page.close()
            browser.close()
    finally:
        server.shutdown()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--briefings", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--work", type=Path, default=Path("/tmp/bg-reader"))
    args = ap.parse_args()
    corpus = synthetic(args.briefings)
    pages, seconds = build_pages(corpus)
    print(f"{args.briefings} briefings, {len(corpus.entities)} entities")
    for step, s in seconds.items():
        print(f"  build: {step}: {s * 1000:.0f} ms")
    for path, text in pages.items():
        print(f"  {path}: {len(text.encode()) / 1024:.0f} KB of Markdown")
    site = project(args.work, pages)
    timings = measure(site, args.runs)
    base = statistics.median(timings["about (baseline, first paint)"])
    for key, values in timings.items():
        med = statistics.median(values)
        print(f"  Chromium, {key}: median {med:.0f} ms (min {min(values):.0f}, "
              f"max {max(values):.0f}); {med / base:.2f}x the baseline")
    html = site / "map" / "index.html"
    print(f"  map page HTML: {html.stat().st_size / 1024:.0f} KB")


if __name__ == "__main__":
    main()
