"""The site's search index: Pagefind, a chunked static index built from the finished HTML.

Material's own search ships one JSON file holding every page to every reader before the first
result shows: 53 MB and 16.7 s at 3,246 briefings.  Pagefind splits its index into small
chunks that a query fetches on demand, so a first search downloads tens of kilobytes whatever
the archive's size, and it indexes the HTML in ``site/`` after the build, so pages that an
incremental build left untouched stay findable.  Pagefind is a Rust binary shipped on PyPI
(``pagefind-bin``); this module only runs it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path

from briefgen.errors import BriefgenError

#: Where the index goes, relative to the site; ``briefgen-search.js`` loads it from there.
BUNDLE_DIR = "pagefind"
#: What of a page is indexed: Material's article, minus permalinks and the source footer.
ROOT_SELECTOR = "article.md-content__inner"
#: Entity pages quote a sentence from every briefing (``.bg-context``); indexed, those would
#: make a person's page answer for every name in those sentences.
EXCLUDE_SELECTORS = (".headerlink", ".bg-source", ".md-content__button", ".bg-said", ".bg-context")
#: The attribute on a page's article that puts it in the index (Pagefind indexes only the
#: pages that carry it once any page does): briefings, entity pages and hand-written pages,
#: not the generated lists, which would answer every query with a page of links.
BODY_ATTRIBUTE = "data-pagefind-body"


def pagefind_executable() -> Path:
    """The ``pagefind`` binary from the ``pagefind-bin`` package; a clear error without it."""
    try:
        import pagefind_bin
    except ImportError as exc:
        raise BriefgenError(
            "search engine 'pagefind' needs the pagefind-bin package: "
            "`pip install pagefind-bin` (briefgen installs it), or set `search: material`"
        ) from exc
    return Path(pagefind_bin.get_executable())


def build_index(site_dir: Path, *, background: bool = False) -> str:
    """Index ``site_dir`` into ``site_dir/pagefind``; return Pagefind's summary line.

    Pagefind adds files to its output folder and never removes any, so after an incremental
    build the old chunks would pile up beside the new: the index is written to a fresh folder
    that then replaces the old one.  ``background``: run Pagefind at a lower CPU priority, so
    that the next save's build (which a reader is waiting for) comes first while it indexes:
    at the lowest priority, Pagefind's threads take a core only when the build leaves it idle.
    """
    final = site_dir / BUNDLE_DIR
    fresh = site_dir / f".{BUNDLE_DIR}-new"
    shutil.rmtree(fresh, ignore_errors=True)
    cmd = [
        str(pagefind_executable()),
        "--site",
        str(site_dir),
        "--output-path",
        str(fresh),
        "--root-selector",
        ROOT_SELECTOR,
        "--force-language",
        "en",
    ]
    for selector in EXCLUDE_SELECTORS:
        cmd += ["--exclude-selectors", selector]
    if background and (nice := shutil.which("nice")):
        # ``nice`` rather than a pre-exec hook: the serving process has threads, and Python
        # warns that a hook run between fork and exec may deadlock there.
        cmd = [nice, "-n", "19", *cmd]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        shutil.rmtree(fresh, ignore_errors=True)
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise BriefgenError(f"pagefind failed on {site_dir}: {' / '.join(tail)}")
    shutil.rmtree(final, ignore_errors=True)
    os.replace(fresh, final)
    pages = next(
        (line.strip() for line in done.stdout.splitlines() if "Indexed" in line and "page" in line),
        "",
    )
    return pages


#: What Material's search script fetches on every page load whatever answers the box: an
#: index with no documents, so that request costs bytes, not megabytes (and is not a 404).
EMPTY_MATERIAL_INDEX = json.dumps(
    {"config": {"lang": ["en"], "separator": r"[\s\-]+", "pipeline": []}, "docs": []}
)


def write_empty_material_index(site_dir: Path) -> None:
    path = site_dir / "search" / "search_index.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(EMPTY_MATERIAL_INDEX, encoding="utf-8")


#: Elements of an entity page that repeat what other pages say (briefing titles, the
#: sentences that name it, quotes, the names around it): left out of its index entry.
_REPEATED = re.compile(r"<(ul|ol|blockquote|svg)(?=[\s>])")


def mark_indexed(html: str, *, entity: bool = False) -> str:
    """Put :data:`BODY_ATTRIBUTE` on the page's main article (once).

    On an ``entity`` page only its own words are indexed (name, type, role, aliases,
    description): its lists repeat the titles and sentences of the briefings, which are
    indexed where they belong.  At 10,000 briefings those lists were a third of the index,
    and a query's download grows with the index.
    """
    marker = '<article class="md-content__inner md-typeset">'
    start = html.find(marker)
    if start < 0:
        return html
    end = html.find("</article>", start)
    end = len(html) if end < 0 else end
    body = html[start + len(marker) : end]
    if entity:
        body = _REPEATED.sub(r"<\1 data-pagefind-ignore", body)
    return html[:start] + marker[:-1] + f" {BODY_ATTRIBUTE}>" + body + html[end:]


class BackgroundIndexer:
    """Runs :func:`build_index` off the build thread, for ``mkdocs serve``.

    Under ``serve`` a save should show its page as soon as MkDocs has written it; indexing
    tens of thousands of pages takes seconds more.  So the index is rebuilt behind the page:
    one run at a time, and a save during a run asks for one more run after it, never a queue.
    """

    def __init__(self, report: Callable[[str], None], warn: Callable[[str], None]) -> None:
        self._report, self._warn = report, warn
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._again: Path | None = None

    def request(self, site_dir: Path) -> None:
        with self._lock:
            if self._thread is not None and self._thread.is_alive():
                self._again = site_dir
                return
            self._thread = threading.Thread(
                target=self._run, args=(site_dir,), name="briefgen-pagefind", daemon=True
            )
            self._thread.start()

    def _run(self, site_dir: Path) -> None:
        while True:
            try:
                self._report(build_index(site_dir, background=True))
            except BriefgenError as exc:
                self._warn(str(exc))
            with self._lock:
                site_dir, self._again = self._again, None
                if site_dir is None:
                    return

    def wait(self, timeout: float | None = None) -> None:
        """Let a running index finish (at shutdown, and in tests)."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
