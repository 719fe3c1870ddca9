"""Build speed as ratios against baselines measured in the same process tree.

* annotation: briefgen's cold annotation of N articles vs raw ``nlp.pipe`` over the same texts
  (the spaCy floor: what briefgen adds on top of the model);
* site build: ``mkdocs build`` with the plugin and a warm cache vs a bare ``mkdocs build`` of
  the very same generated Markdown pages without the plugin (what briefgen adds to MkDocs);
* rebuild after adding one source vs the warm build.

Articles come from ../shared/corpus/news_bbc.jsonl, written to a temporary folder (never into
the repository). Usage: ``python bench/build_speed.py [N]`` (default 300).
"""

from __future__ import annotations

import json
import logging
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"


def _articles(n: int) -> list[dict]:
    path = CORPUS / "news_bbc.jsonl"
    if not path.is_file():
        sys.exit(f"{path} is absent: this benchmark needs ../shared/corpus")
    rows = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            rows.append(json.loads(line))
            if len(rows) >= n + 1:
                break
    return rows


def _write_source(folder: Path, i: int, row: dict) -> None:
    title = json.dumps(row["title"].strip() or f"Story {i}")
    body = row["text"].strip()
    folder.joinpath(f"{i:05d}.md").write_text(
        f"---\ntitle: {title}\ndate: 2005-01-{1 + i % 28:02d}\npublisher: BBC News\n---\n\n"
        f"{body}\n",
        encoding="utf-8",
    )


def _config(root: Path, plugin: bool) -> Path:
    cfg = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    cfg = cfg.replace("      glossary: sources/glossary.yml\n", "")
    if not plugin:
        cfg = cfg[: cfg.index("  - briefgen:")]
    path = root / ("mkdocs.yml" if plugin else "bare.yml")
    path.write_text(cfg, encoding="utf-8")
    return path


def _timed_build(config_file: Path, **overrides) -> tuple[float, object]:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(config_file), **overrides)
    start = time.perf_counter()
    build(config)
    return time.perf_counter() - start, config


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    rows = _articles(n)
    from briefgen.annotate import Annotator
    from briefgen.nlp import load_pipeline
    from briefgen.pipeline import read_all
    from briefgen.site import render_site

    nlp = load_pipeline()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        sources = root / "sources"
        sources.mkdir()
        (root / "docs").mkdir()
        shutil.copy(REPO / "docs" / "about.md", root / "docs" / "about.md")
        for i, row in enumerate(rows[:n]):
            _write_source(sources, i, row)
        items, _, _ = read_all(sorted(sources.glob("*.md")), root)
        texts = [a.text for a, _ in items]

        start = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=32):
            pass
        raw = time.perf_counter() - start
        start = time.perf_counter()
        Annotator(cache_dir=None).annotate(items)
        annotate = time.perf_counter() - start

        plugin_cfg = _config(root, plugin=True)
        cold, _ = _timed_build(plugin_cfg)
        warm, config = _timed_build(plugin_cfg)
        result = config.plugins["briefgen"].last_result
        pages = render_site(result.corpus)
        bare_docs = root / "bare_docs"
        for rel, content in pages.items():
            (bare_docs / rel).parent.mkdir(parents=True, exist_ok=True)
            (bare_docs / rel).write_text(content, encoding="utf-8")
        shutil.copy(REPO / "docs" / "about.md", bare_docs / "about.md")
        bare, _ = _timed_build(
            _config(root, plugin=False), docs_dir=str(bare_docs), site_dir=str(root / "bare_site")
        )
        _write_source(sources, n, rows[n] if len(rows) > n else rows[0])
        added, _ = _timed_build(plugin_cfg)

    print(f"articles: {n}, generated pages: {len(pages)}")
    print(f"{'measure':<44}{'seconds':>9}{'ratio':>9}")
    print(f"{'raw nlp.pipe (baseline)':<44}{raw:>9.2f}{1:>9.2f}")
    print(f"{'briefgen annotation, no cache':<44}{annotate:>9.2f}{annotate / raw:>9.2f}")
    print(f"{'bare mkdocs build of same pages (baseline)':<44}{bare:>9.2f}{1:>9.2f}")
    print(f"{'mkdocs build + briefgen, cold cache':<44}{cold:>9.2f}{cold / bare:>9.2f}")
    print(f"{'mkdocs build + briefgen, warm cache':<44}{warm:>9.2f}{warm / bare:>9.2f}")
    print(f"{'rebuild after adding one source':<44}{added:>9.2f}{added / bare:>9.2f}")


if __name__ == "__main__":
    main()
