"""Time to first draw of the connection pictures on a 10,000-briefing archive, in Chromium.

Usage::

    .venv/bin/python bench/reader_speed.py [--briefings 10000] [--runs 15] [--traced 5] [--work DIR]
    .venv/bin/python bench/reader_speed.py --export DIR [--runs 15]
    .venv/bin/python bench/reader_speed.py --site DIR --pages map/,entities/x/ [--runs 15]

The pictures depend on the archive only through who is named with whom, so the archive here is
synthetic and needs no spaCy: ``--briefings`` briefings naming eight entities each out of
``briefings / 2`` names whose popularity falls off as 1/rank (a few names in thousands of
stories, most in one or two, as in news).  The script then

- times the build-side work: co-mention counts over the archive, the map (layout included) and
  the page of the most connected entity, as the site renders it;
- builds those two pages and a plain text page (the baseline) with MkDocs and Material, with
  briefgen's stylesheet and script, and serves them;
- loads each page ``--runs`` times in Chromium, each load in a new tab of one browser
  context, after one unrecorded warm-up round, and reports medians.  One context, so every
  page meets the same warm HTTP cache: the theme's stylesheet and script come from it, as for
  a reader who arrives from another page of the site.  (A context per load, as this bench
  once did, fetched the theme's 114 KB script from the Python server on every load: what the
  pages themselves cost drowned in that.)

With ``--export`` the two pages come from a real archive instead: the Markdown that
``briefgen export DIR --sources ... --cache-dir ...`` wrote (the map, and the entity page
with the most briefings), built and served the same way.  With ``--site`` it measures pages
of a site already built (say a copy of a real 10,000-briefing build) as they are; ``about/``
is the baseline there too.

What "first draw" means here: the first frame in which the whole picture is on screen.  A
``requestAnimationFrame`` loop, started before any page script, waits until the parser has
closed the picture's ``<svg class="bg-graph">`` (an element after it exists, so every node of
the graph is in the document) and the picture has a laid-out size; in that same frame it adds
a one-word marker with ``elementtiming``, and the Element Timing API reports when that frame
was presented (``renderTime``).  The baselines are plain text pages, loaded in the same
rounds: a short one's first contentful paint (Paint Timing) and, with the same probe as the
pictures, the frame in which its whole article is on screen; and a plain page of as many bytes
as the map page, its whole article drawn (a page's first frames come later the more bytes
there are to parse before the theme's script).  The ratios to the first and the last are what
the pictures cost over a page without them.  For each picture it also reports when its names
became links (the map's are made by the reader's script from the list under it once the
picture is on screen; an entity page's are in the picture from the start): from then on a tap
opens a page; and
when the page's scripts were done (the end of DOMContentLoaded, where Material's script does
most of its work, restyling the page several times).

Wall time on a shared two-core machine swings by tens of milliseconds from one load to the
next, so the script then loads each page ``--traced`` more times under Chromium's trace and
reports the CPU its renderer spent (thread time): on the main thread, and rasterizing.  That
is what told the map's cost apart: its thick lines were rasterized again on every tile.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
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
from briefgen.pictures import Bands, first_month, map_page  # noqa: E402
from briefgen.render import (  # noqa: E402
    _quotes_by_speaker,
    _Site,
    co_mention_counts,
    co_mentions,
)
from briefgen.site import _entity_page  # noqa: E402

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
TYPES = ("PERSON", "ORG", "GPE", "PERSON", "ORG", "GPE", "NORP", "EVENT")

#: Runs before any page script: see the module docstring for what it measures.  ``TARGET`` is
#: the element whose complete drawing is timed.
PROBE = """
(() => {
  const TARGET = %s;
  const deepestLast = () => {
    let x = document.documentElement;
    while (x && x.lastElementChild) x = x.lastElementChild;
    return x;
  };
  // A one-word marker drawn in the current frame: Element Timing reports when that frame was
  // presented.
  const mark = (name) => {
    const el = document.createElement("span");
    el.textContent = name;
    el.setAttribute("elementtiming", name);
    el.style.cssText = "position:fixed;left:0;top:0;font:10px sans-serif;z-index:99";
    document.documentElement.appendChild(el);
  };
  const tick = () => {
    const el = document.querySelector(TARGET);
    const after = deepestLast();
    // The parser adds elements in document order: once the newest one follows the target and
    // is not inside it, the target is complete.
    const closed = el && after && !el.contains(after)
      && (el.compareDocumentPosition(after) & Node.DOCUMENT_POSITION_FOLLOWING);
    if (closed && el.getBoundingClientRect().width > 0) {
      // Nodes drawn: linked dots (an entity page's picture), or the circles of the map's
      // dot paths (two arcs each, one "M" each).
      let nodes = el.querySelectorAll(".bg-node").length;
      el.querySelectorAll(".bg-dots").forEach((p) => {
        nodes += (p.getAttribute("d").match(/M/g) || []).length;
      });
      window.__bgNodes = nodes;
      mark("bg-drawn");
      return;
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  // When a name in the picture can be tapped: the map's links are put in by its script.
  const linked = () => {
    if (document.querySelector("svg.bg-graph a.bg-node")) mark("bg-linked");
    else requestAnimationFrame(linked);
  };
  if (TARGET.startsWith("svg")) requestAnimationFrame(linked);
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.identifier === "bg-drawn") window.__bgDrawn = e.renderTime || e.loadTime;
      if (e.identifier === "bg-linked") window.__bgLinked = e.renderTime || e.loadTime;
    }
  }).observe({type: "element", buffered: true});
})();
"""
#: What is timed on each kind of page: the picture, or a plain page's whole article.
GRAPH, ARTICLE = "svg.bg-graph", "article.md-content__inner"


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
    # Newest first, as briefgen.link gives every entity record: the page of a busy name lists
    # the first 50 as its newest (given oldest first, it listed the oldest as the newest).
    entities = tuple(
        CanonicalEntity(f"e{i}", f"Name{i} Surname{i}", TYPES[i % len(TYPES)],
                        appearances=tuple(sorted(apps[i], key=lambda a: (a.date, a.briefing),
                                                 reverse=True)))
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
    # As the site renders it (briefgen.site): a busy name lists its newest briefings and links
    # to the rest by period.
    quotes = tuple(_quotes_by_speaker(site).get(hub, []))
    entity = _entity_page(site, e, tuple(near), quotes, first_month(site), Bands(counts))
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
    # A second baseline: plain text as many bytes as the map page, so what the map's bytes cost
    # (parsing, and a first frame that comes later) is told apart from what its drawing costs.
    size = len(pages.get("map/index.md", "").encode())
    line = "A paragraph of plain text, long enough to wrap onto a second line in the column.\n\n"
    (docs / "plain.md").write_text("# Plain\n\n" + line * (size // len(line)), encoding="utf-8")
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


BASELINE_PAINT = "plain page, first contentful paint"
BASELINE_DRAWN = "plain page, whole article drawn"
BASELINE_LARGE = "plain page as large as the map page, whole article drawn"
LARGE_READY = "plain page as large as the map page, scripts done"


def _load(
    context: object, url: str, target: str
) -> tuple[float, float, int, float | None, float]:
    """One page in a fresh tab: (first contentful paint, first draw of ``target``, the number
    of graph nodes in that frame, when its names became links, when the page's scripts were
    done with DOMContentLoaded), milliseconds from navigation start."""
    page = context.new_page()  # type: ignore[attr-defined]
    try:
        page.add_init_script(PROBE % json.dumps(target))
        page.goto(url)
        page.wait_for_function("window.__bgDrawn !== undefined", timeout=30_000)
        page.wait_for_function(
            "performance.getEntriesByName('first-contentful-paint').length", timeout=30_000
        )
        if target == GRAPH:
            page.wait_for_function("window.__bgLinked !== undefined", timeout=30_000)
        page.wait_for_function(
            "performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd > 0"
        )
        fcp, drawn, nodes, linked, ready = page.evaluate(
            "[performance.getEntriesByName('first-contentful-paint')[0].startTime,"
            " window.__bgDrawn, window.__bgNodes, window.__bgLinked ?? null,"
            " performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd]"
        )
        return fcp, drawn, nodes, linked, ready
    finally:
        page.close()


#: Trace categories for :func:`_cpu`: top-level tasks (with their thread time) and raster.
TRACE = ["toplevel", "cc", "devtools.timeline", "disabled-by-default-devtools.timeline"]


def _cpu(browser: object, context: object, url: str) -> tuple[float, float]:
    """One load of ``url`` under Chromium's trace: the CPU milliseconds (thread time, not wall
    time, so other processes' load barely moves it) its renderer spent on the main thread
    (parse, script, style, layout, paint) and rasterizing, until the page is loaded and quiet."""
    page = context.new_page()  # type: ignore[attr-defined]
    browser.start_tracing(page=page, categories=TRACE)  # type: ignore[attr-defined]
    try:
        page.goto(url)
        page.wait_for_load_state("load")
        page.wait_for_timeout(300)  # the map's links go in just after its first frames
    finally:
        trace = json.loads(browser.stop_tracing())  # type: ignore[attr-defined]
        page.close()
    events = trace["traceEvents"] if isinstance(trace, dict) else trace
    pid = next(e["pid"] for e in events if e.get("name") == "ParseHTML")
    main = {e["tid"] for e in events if e.get("pid") == pid and e.get("name") == "thread_name"
            and e["args"].get("name") == "CrRendererMain"}
    busy = sum(e.get("tdur", 0) for e in events if e.get("pid") == pid and e.get("tid") in main
               and e.get("ph") == "X" and e.get("cat") == "toplevel")
    raster = sum(e.get("tdur", 0) for e in events
                 if e.get("pid") == pid and e.get("name") == "DisplayItemList::Raster")
    return busy / 1000, raster / 1000


def measure(
    site: Path, pages: dict[str, str], runs: int, traced: int = 0
) -> tuple[dict[str, list[float]], dict[str, int], dict[str, list[tuple[float, float]]]]:
    """Median-ready timings: the baseline page's paint and article, each picture page's first
    draw and first paint; ``pages`` maps a label to a path under the site.  Then ``traced``
    loads of every page under the trace (:func:`_cpu`), kept apart from the timed ones since
    tracing slows a load down."""
    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    out: dict[str, list[float]] = {BASELINE_PAINT: [], BASELINE_DRAWN: []}
    nodes: dict[str, int] = {}
    cpu: dict[str, list[tuple[float, float]]] = {}
    loads = [("about", "about/", ARTICLE)] + [(k, v, GRAPH) for k, v in pages.items()]
    if (site / "plain" / "index.html").exists():
        loads.append(("plain", "plain/", ARTICLE))
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            for run in range(runs + 1):
                # Rotate the order so no page always follows the same one.
                for key, path, target in loads[run % len(loads):] + loads[: run % len(loads)]:
                    fcp, drawn, n, linked, ready = _load(context, url + path, target)
                    if run == 0:
                        continue  # warm-up: fills the HTTP and code caches for every page
                    if key == "about":
                        out[BASELINE_PAINT].append(fcp)
                        out[BASELINE_DRAWN].append(drawn)
                    elif key == "plain":
                        out.setdefault(BASELINE_LARGE, []).append(drawn)
                        out.setdefault(LARGE_READY, []).append(ready)
                    else:
                        out.setdefault(f"{key}: first draw of the picture", []).append(drawn)
                        out.setdefault(f"{key}: first contentful paint", []).append(fcp)
                        # Paired within one load, so other processes' load mostly cancels out.
                        out.setdefault(f"{key}: first draw after its own first paint", []).append(
                            drawn - fcp
                        )
                        if linked is not None:
                            out.setdefault(f"{key}: names are links", []).append(linked)
                        out.setdefault(f"{key}: scripts done", []).append(ready)
                        nodes[key] = n
            for _ in range(traced):
                for key, path, _target in loads:
                    cpu.setdefault(key, []).append(_cpu(browser, context, url + path))
            context.close()
            browser.close()
    finally:
        server.shutdown()
    return out, nodes, cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--briefings", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--traced", type=int, default=5,
                    help="loads of each page under Chromium's trace, for its CPU time")
    ap.add_argument("--work", type=Path, default=Path("/tmp/bg-reader"))
    ap.add_argument("--export", type=Path, help="take the pages from `briefgen export` output")
    ap.add_argument("--site", type=Path, help="measure this built site instead of building one")
    ap.add_argument("--pages", default="map/", help="with --site: comma-separated page paths")
    args = ap.parse_args()
    if args.site:
        site = args.site
        pages = {path.strip("/") or "home": path for path in args.pages.split(",")}
    elif args.export:
        # The entity page naming the most briefings: the largest, like the synthetic hub's.
        named = [f for f in (args.export / "entities").glob("*.md") if f.name != "index.md"]
        hub = max(named, key=lambda f: (f.stat().st_size, f))
        built = {
            "map/index.md": (args.export / "map" / "index.md").read_text(encoding="utf-8"),
            f"entities/{hub.name}": hub.read_text(encoding="utf-8"),
        }
        briefings = sum(f.name != "index.md" for f in (args.export / "briefings").glob("*.md"))
        print(f"pages exported from a real archive of {briefings} briefings: map, {hub.name}")
        site = project(args.work, built)
        pages = {"map": "map/", f"entity page {hub.stem}": f"entities/{hub.stem}/"}
    else:
        corpus = synthetic(args.briefings)
        built, seconds = build_pages(corpus)
        print(f"{args.briefings} briefings, {len(corpus.entities)} entities")
        for step, s in seconds.items():
            print(f"  build: {step}: {s * 1000:.0f} ms")
        for path, text in built.items():
            print(f"  {path}: {len(text.encode()) / 1024:.0f} KB of Markdown")
        site = project(args.work, built)
        pages = {"map": "map/", "entity page of the most connected name": "entities/hub/"}
    for path in [*pages.values(), "plain/"]:
        html = site / path / "index.html"
        if not html.exists():
            continue
        svg = html.read_text(encoding="utf-8")
        start = svg.find('<svg class="bg-graph')
        size = svg.find("</svg>", start) + 6 - start if start >= 0 else 0
        print(f"  {path}: {html.stat().st_size / 1024:.0f} KB of HTML, the picture "
              f"{size / 1024:.1f} KB")
    before = os.getloadavg()
    timings, nodes, cpu = measure(site, pages, args.runs, args.traced)
    after = os.getloadavg()
    paint = statistics.median(timings[BASELINE_PAINT])
    same_size = BASELINE_LARGE in timings
    large = statistics.median(timings[BASELINE_LARGE if same_size else BASELINE_DRAWN])
    versus = "the large plain page's article" if same_size else "the plain page's article"
    print(f"  Chromium, {args.runs} loads of each page (medians; 1-minute load average "
          f"{before[0]:.1f} before, {after[0]:.1f} after, on {os.cpu_count()} cores):")
    for key, values in timings.items():
        med = statistics.median(values)
        if key.endswith("after its own first paint"):
            print(f"    {key}: {med:.0f} ms (min {min(values):.0f}, max {max(values):.0f})")
            continue
        extra = f" ({nodes[key.split(':')[0]]} nodes)" if "picture" in key else ""
        print(f"    {key}{extra}: {med:.0f} ms (min {min(values):.0f}, max {max(values):.0f}); "
              f"{med / paint:.2f}x the plain page's first paint, {med / large:.2f}x {versus}")
    if cpu:
        print(f"  CPU per load, from Chromium's trace ({args.traced} loads of each page, medians;"
              " thread time, so the machine's load barely moves it):")
        names = {"about": "plain page", "plain": "plain page as large as the map page"}
        for key, loads in cpu.items():
            busy = statistics.median(b for b, _ in loads)
            raster = statistics.median(r for _, r in loads)
            print(f"    {names.get(key, key)}: main thread {busy:.0f} ms, raster {raster:.1f} ms")


if __name__ == "__main__":
    main()
