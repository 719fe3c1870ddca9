"""The plugin inside a real MkDocs build, in a throwaway project under tmp_path."""

from __future__ import annotations

import json
import logging
import re
import shutil
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

pytestmark = pytest.mark.model

REPO = Path(__file__).resolve().parents[1]

ARTICLES = {
    "2025-05-02-harbour-vote.md": """---
title: Harbour council backs new ferry route
date: 2025-05-02
publisher: Coast Courier
tags: [transport]
---

Harbour Minister Ana Lindqvist won support on Friday for a ferry route between Tallinn and
Helsinki, after a long debate in the Estonian parliament.

“This route will carry twelve thousand people a day,” Lindqvist said. The operator, Baltic Lines,
must now order two ships.
""",
    "2025-06-10-ferry-order.md": """---
title: Baltic Lines orders two ferries for Tallinn route
date: 2025-06-10
publisher: Coast Courier
---

Baltic Lines ordered two ferries from a shipyard in Turku on Tuesday, a month after Harbour
Minister Ana Lindqvist won support for the Tallinn route.

“We expect the first ship in service by spring,” said Marta Kask, chief executive of Baltic Lines.
Lindqvist welcomed the order.
""",
}


def _project(tmp_path: Path, extra: dict[str, str | bytes] | None = None) -> Path:
    root = tmp_path / "proj"
    (root / "docs").mkdir(parents=True)
    (root / "sources").mkdir()
    (root / "docs" / "index.md").write_text("# Test briefings\n\nWelcome.\n", encoding="utf-8")
    (root / "docs" / "about.md").write_text("# About\n", encoding="utf-8")
    for name, text in {**ARTICLES, **(extra or {})}.items():
        target = root / "sources" / name
        if isinstance(text, bytes):
            target.write_bytes(text)
        else:
            target.write_text(text, encoding="utf-8")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    cfg = (root / "mkdocs.yml").read_text(encoding="utf-8")
    cfg = cfg.replace("      glossary: sources/glossary.yml\n", "")
    cfg += "\nrepo_url: https://example.org/team/news\nedit_uri: edit/main/docs/\n"
    cfg = re.sub(r"(?m)^site_url:.*$", "site_url: https://news.example.org/", cfg)
    (root / "mkdocs.yml").write_text(cfg, encoding="utf-8")
    return root


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _build(root: Path, strict: bool = False):
    config = load_config(str(root / "mkdocs.yml"), strict=strict)
    build(config)
    return config


def test_build_makes_briefings_entities_indexes_and_search(tmp_path: Path, caplog) -> None:
    root = _project(tmp_path)
    before = {d: _snapshot(root / d) for d in ("docs", "sources")}
    with caplog.at_level(logging.INFO):
        _build(root)
    site = root / "site"
    assert (site / "briefings" / "harbour-council-backs-new-ferry-route" / "index.html").is_file()
    assert (site / "entities" / "index.html").is_file()
    assert (site / "quotes" / "index.html").is_file()
    assert (site / "timeline" / "index.html").is_file()
    assert (site / "feed.xml").is_file()
    person = site / "entities" / "ana-lindqvist" / "index.html"
    assert person.is_file()
    page = person.read_text(encoding="utf-8")
    assert "Baltic Lines orders two ferries" in page and "Harbour council backs" in page
    # Search: Pagefind indexed the stories and the entity page (the lists are left out), and
    # Material's own index is an empty stub its script still fetches.
    assert (site / "pagefind" / "pagefind-entry.json").is_file()
    assert "data-pagefind-body" in page
    assert "data-pagefind-body" not in (site / "timeline" / "index.html").read_text("utf-8")
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["docs"] == []
    # Edit links point at the source file, not at a generated page.
    briefing = (
        site / "briefings" / "baltic-lines-orders-two-ferries-for-tallinn-route" / "index.html"
    ).read_text(encoding="utf-8")
    assert "https://example.org/team/news/edit/main/sources/2025-06-10-ferry-order.md" in briefing
    # The home page keeps the hand-written intro and lists the latest briefings.
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Welcome." in home and "Baltic Lines orders two ferries" in home
    # Sidebar nav does not list every briefing.
    assert home.count("harbour-council-backs-new-ferry-route") <= 2
    assert "briefgen: 2 sources, 2 annotated, 0 from cache, 0 warnings" in caplog.text
    after = {d: _snapshot(root / d) for d in ("docs", "sources")}
    assert before == after, "the build wrote into docs/ or sources/"


def test_second_build_reads_cache_and_new_source_annotates_once(tmp_path: Path, caplog) -> None:
    root = _project(tmp_path)
    _build(root)
    (root / "sources" / "2025-07-01-ferry-delay.md").write_text(
        "---\ntitle: Ferry launch slips to summer\ndate: 2025-07-01\n---\n\n"
        "Baltic Lines said on Tuesday that its first ferry for the Tallinn route will arrive in "
        "summer. Harbour Minister Ana Lindqvist asked the company to explain the delay.\n",
        encoding="utf-8",
    )
    caplog.clear()
    with caplog.at_level(logging.INFO):
        _build(root)
    assert "briefgen: 3 sources, 1 annotated, 2 from cache, 0 warnings" in caplog.text
    page = (root / "site" / "entities" / "ana-lindqvist" / "index.html").read_text("utf-8")
    assert "Ferry launch slips to summer" in page


BAD = {
    "broken.md": "---\ntitle: Broken\ndate: [2025\n---\n\nSome text here.\n",
    "image.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    "empty.txt": "",
}


def test_bad_sources_warn_with_path_line_and_others_publish(tmp_path: Path, caplog) -> None:
    root = _project(tmp_path, BAD)
    with caplog.at_level(logging.WARNING):
        _build(root)
    messages = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    for name in BAD:
        assert any(m.startswith(f"sources/{name}:") for m in messages), (name, messages)
    assert any(m.startswith("sources/broken.md:3: ") for m in messages), messages
    assert (root / "site" / "briefings" / "harbour-council-backs-new-ferry-route").is_dir()


def test_strict_build_fails_on_bad_source(tmp_path: Path) -> None:
    root = _project(tmp_path, {"empty.txt": ""})
    with pytest.raises(Abort):
        _build(root, strict=True)


