"""A save re-renders what changed: staged pages, dirty builds, and output equal to a full build.

The unit tests drive :class:`briefgen.stage.Stage` on a temporary folder.  The build tests copy
the sample project into a temporary folder, build it, add (or delete) a source, rebuild with
MkDocs' ``dirty`` flag as ``make serve`` does, and compare every byte of the result with a
clean full build of the same sources.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from briefgen.stage import Stage

REPO = Path(__file__).resolve().parents[1]

NEW_SOURCE = """---
title: Harbour pilots strike over night shifts at Rotterdam
date: 2025-07-20
publisher: The Briefing Desk
---

Harbour pilots at Rotterdam walked out on Sunday over a new rota of night shifts, leaving
tankers queued in the North Sea for a second day.

Ingrid Maasland, who chairs the pilots' association, said the rota had been imposed without
talks. "We will not guide ships through fog after sixteen hours on duty," Maasland said.

Port officials said Mark Rutte had been briefed by telephone, and that talks would resume in
The Hague on Tuesday.
"""


def _old(path: Path) -> None:
    """Backdate a file, so a later write is visibly newer whatever the clock's resolution."""
    os.utime(path, (1_000_000_000, 1_000_000_000))


def test_stage_writes_only_changed_pages_and_removes_gone_ones(tmp_path: Path) -> None:
    stage = Stage(tmp_path / "pages")
    first = stage.sync({"a.md": "alpha", "sub/b.md": "beta", "sub/c.md": "gamma"})
    assert (first.written, first.kept, first.removed) == (3, 0, [])
    for p in (tmp_path / "pages").rglob("*.md"):
        _old(p)
    again = stage.sync({"a.md": "alpha", "sub/b.md": "beta two"})
    assert (again.written, again.kept, again.removed) == (1, 1, ["sub/c.md"])
    assert (tmp_path / "pages" / "a.md").stat().st_mtime == 1_000_000_000  # untouched
    assert (tmp_path / "pages" / "sub" / "b.md").read_text() == "beta two"
    assert not (tmp_path / "pages" / "sub" / "c.md").exists()
    # A new process has no digests in memory: it compares bytes on disk instead.
    fresh = Stage(tmp_path / "pages").sync({"a.md": "alpha", "sub/b.md": "beta two"})
    assert (fresh.written, fresh.kept) == (0, 2)
    leftovers = [p.name for p in (tmp_path / "pages").rglob("*") if p.name.startswith(".tmp")]
    assert leftovers == []


def test_stage_heals_a_page_edited_or_deleted_behind_its_back(tmp_path: Path) -> None:
    stage = Stage(tmp_path / "pages")
    stage.sync({"a.md": "alpha", "b.md": "beta"})
    (tmp_path / "pages" / "a.md").write_text("tampered")
    (tmp_path / "pages" / "b.md").unlink()
    healed = Stage(tmp_path / "pages").sync({"a.md": "alpha", "b.md": "beta"})
    assert healed.written == 2
    assert (tmp_path / "pages" / "a.md").read_text() == "alpha"
    # The same object trusts its digests only while the file is there.
    (tmp_path / "pages" / "b.md").unlink()
    assert stage.sync({"a.md": "alpha", "b.md": "beta"}).written == 1


def test_a_new_process_checks_staged_pages_by_their_manifest(tmp_path: Path, monkeypatch) -> None:
    """Each ``mkdocs build`` is a new process: it must not read 29,000 pages back to learn
    they are unchanged, yet a page changed behind its back must still be rewritten."""
    import briefgen.stage as stage_module

    reads: list[str] = []
    real = stage_module._same_bytes

    def counting(path: str, data: bytes) -> bool:
        reads.append(Path(path).name)
        return real(path, data)

    monkeypatch.setattr(stage_module, "_same_bytes", counting)
    pages = {"a.md": "alpha", "sub/b.md": "beta"}
    Stage(tmp_path / "pages").sync(pages)
    assert sorted(p.name for p in (tmp_path / "pages").rglob("*") if p.is_file()) == [
        "a.md", "b.md"
    ]  # the manifest sits beside the folder, which holds pages only
    manifest = tmp_path / "pages.digests"
    assert manifest.is_file()
    fresh = Stage(tmp_path / "pages").sync(pages)
    assert (fresh.written, fresh.kept, reads) == (0, 2, [])
    # Same size, other bytes, another time: read, found different, rewritten.
    (tmp_path / "pages" / "a.md").write_text("alphx")
    os.utime(tmp_path / "pages" / "a.md", (1_000_000_000, 1_000_000_000))
    healed = Stage(tmp_path / "pages").sync(pages)
    assert (healed.written, reads) == (1, ["a.md"])
    assert (tmp_path / "pages" / "a.md").read_text() == "alpha"
    # A damaged manifest is ignored (pages are read and compared), then written afresh.
    manifest.write_text("{not json")
    reads.clear()
    again = Stage(tmp_path / "pages").sync(pages)
    assert (again.written, again.kept, sorted(reads)) == (0, 2, ["a.md", "b.md"])
    reads.clear()
    assert Stage(tmp_path / "pages").sync(pages).kept == 2 and reads == []
    # A page dropped by another process leaves the manifest too.
    Stage(tmp_path / "pages").sync({"a.md": "alpha"})
    assert "sub/b.md" not in manifest.read_text()


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("project")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "docs", root / "docs")
    shutil.copytree(REPO / "sources", root / "sources")
    # Share the repository's annotation cache: the samples are then annotated once per run.
    cfg = (root / "mkdocs.yml").read_text("utf-8")
    cfg = cfg.replace("cache_dir: .briefgen-cache", f"cache_dir: {root / 'cache'}")
    (root / "mkdocs.yml").write_text(cfg, "utf-8")
    return root


def _build(project: Path, site: Path, *, dirty: bool):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    # MkDocs warns on every dirty build, so only the full builds can be strict.
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site), strict=not dirty)
    build(config, dirty=dirty)
    return config.plugins["briefgen"]


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def _snapshot(tree_root: Path) -> dict[str, float]:
    return {p.relative_to(tree_root).as_posix(): p.stat().st_mtime_ns
            for p in tree_root.rglob("*.html")}


@pytest.mark.model
def test_incremental_build_renders_few_pages_and_equals_a_full_build(
    project: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    first = _build(project, site, dirty=False)
    total = first.last_stage.written + first.last_stage.kept
    before = _snapshot(site)
    (project / "sources" / "2025-07-20-rotterdam-pilots.md").write_text(NEW_SOURCE, "utf-8")
    try:
        plugin = _build(project, site, dirty=True)
        stats = plugin.last_stage
        assert plugin.last_result.stats.annotated == 1
        # The new briefing, the lists it enters and the pages of the names it shares: a
        # handful, not the site.
        assert 1 <= stats.written <= total // 3, (stats.written, total)
        after = _snapshot(site)
        unchanged = [p for p in before if p.startswith("briefings/") and after[p] == before[p]]
        assert unchanged, "no briefing page was left alone by the incremental build"
        new = [b for b in plugin.last_result.corpus.briefings if "rotterdam" in b.slug]
        assert new and (site / "briefings" / new[0].slug / "index.html").is_file()
        full = tmp_path / "full"
        _build(project, full, dirty=False)
        assert _tree(site) == _tree(full)
    finally:
        (project / "sources" / "2025-07-20-rotterdam-pilots.md").unlink()
    # Deleting the source takes its page out of the site (and so out of the search index).
    plugin = _build(project, site, dirty=True)
    assert any("rotterdam" in p for p in plugin.last_stage.removed)
    assert not any("rotterdam" in p for p in _tree(site))
    fresh = tmp_path / "fresh"
    _build(project, fresh, dirty=False)
    assert _tree(site) == _tree(fresh)


def test_background_indexer_runs_once_more_after_a_save_during_a_run(tmp_path: Path) -> None:
    """Under serve the index is rebuilt behind the page, never queued run after run."""
    from briefgen.search import BUNDLE_DIR, BackgroundIndexer

    page = (
        '<html><body><article class="md-content__inner md-typeset" data-pagefind-body>'
        "<h1>Harbour pilots</h1><p>Pilots walked out at the port.</p></article></body></html>"
    )
    (tmp_path / "index.html").write_text(page, "utf-8")
    reports: list[str] = []
    problems: list[str] = []
    indexer = BackgroundIndexer(reports.append, problems.append)
    for _ in range(5):
        indexer.request(tmp_path)
    indexer.wait(timeout=120)
    indexer.wait(timeout=120)  # a follow-up run may have started as the first one ended
    assert problems == []
    assert 1 <= len(reports) <= 2 and "Indexed 1 page" in reports[-1]
    assert (tmp_path / BUNDLE_DIR / "pagefind-entry.json").is_file()
    assert not (tmp_path / f".{BUNDLE_DIR}-new").exists()


def test_read_memo_skips_unchanged_sources_and_rereads_a_saved_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under serve a save re-reads the one file that changed, not the archive."""
    from briefgen import pipeline

    sources = tmp_path / "sources"
    sources.mkdir()
    for name in ("a", "b"):
        (sources / f"{name}.md").write_text(
            f"---\ntitle: Story {name}\ndate: 2025-01-02\n---\n\nBody of story {name}.\n", "utf-8"
        )
    memo: pipeline.ReadMemo = {}
    paths = sorted(sources.glob("*.md"))
    first, _, _ = pipeline.read_all(paths, tmp_path, memo)
    calls: list[str] = []
    real = pipeline.read_source_with_warnings

    def counting(path, **kw):
        calls.append(Path(path).name)
        return real(path, **kw)

    monkeypatch.setattr(pipeline, "read_source_with_warnings", counting)
    again, _, _ = pipeline.read_all(paths, tmp_path, memo)
    assert calls == [] and [a for a, _ in again] == [a for a, _ in first]
    (sources / "b.md").write_text(
        "---\ntitle: Story b, updated\ndate: 2025-01-02\n---\n\nA new body.\n", "utf-8"
    )
    third, _, _ = pipeline.read_all(paths, tmp_path, memo)
    assert calls == ["b.md"]
    assert [a.title for a, _ in third] == ["Story a", "Story b, updated"]
    assert len(memo) == 2
    # Deleted after the folder was listed (serve's next build is on its way): skipped, no
    # error; a folder in its place is still an error.
    (sources / "b.md").unlink()
    fourth, errors, _ = pipeline.read_all(paths, tmp_path, memo)
    assert [a.title for a, _ in fourth] == ["Story a"] and errors == []
    (sources / "b.md").mkdir()
    _, errors, _ = pipeline.read_all(paths, tmp_path, memo)
    assert [str(e) for e in errors] == [
        "sources/b.md:1: not a regular file (a folder, pipe or device)"
    ]


SERVE_FLOW = r'''
import json, shutil, sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config

project, site, full, new_source = (Path(a) for a in sys.argv[1:5])
config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
config.plugins.on_startup(command="serve", dirty=True)  # what `mkdocs serve --dirty` does
build(config, dirty=True)
plugin = config.plugins["briefgen"]
total = plugin.last_stage.written + plugin.last_stage.kept
new_source.write_text(sys.stdin.read(), "utf-8")
# serve reloads the config for every rebuild; MkDocs hands back the same plugin object.
config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
assert config.plugins["briefgen"] is plugin
build(config, dirty=True)
plugin._indexer.wait(timeout=120)
memo = plugin._page_memo
figures = {"total": total, "written": plugin.last_stage.written,
           "rendered": memo.rendered, "reused": memo.reused,
           "summary": plugin.last_result.summary()}
# One more save that changes nothing: every staged page's HTML is known current, so MkDocs
# reads no modification time of a staged page, and the files and pages of the last build
# serve again (MkDocs would make ~29,000 of each at 10,000 briefings).
last_files = dict(plugin._kept_files)
# Kept for the next save, but not with what they rendered: that was the whole site's HTML
# held between saves.
figures["kept_holding_html"] = sum(
    f.page is not None and (f.page.content is not None or f.page.markdown is not None)
    for f in last_files.values())
import mkdocs.structure.files as mkfiles
stage = str(plugin._stage.root)
asked = []
real = mkfiles.os.path.getmtime
def getmtime(path):
    if str(path).startswith(stage):
        asked.append(path)
    return real(path)
mkfiles.os.path.getmtime = getmtime
config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
build(config, dirty=True)
mkfiles.os.path.getmtime = real
plugin._indexer.wait(timeout=120)
figures["staged_mtimes_read"] = len(asked)
figures["files_kept"] = len(last_files)
figures["files_reused"] = sum(plugin._kept_files.get(p) is f for p, f in last_files.items())
figures["pages_reused"] = sum(f.page is not None and f.page.markdown is None
                              for f in last_files.values())
# And two more: a save whose leftovers are few skips the whole-heap collection; once the
# frozen heap has grown past the limit (here: at all), what builds let go of is collected,
# not kept frozen save after save.
import gc
frozen = gc.get_freeze_count()
collections = plugin.full_collections
config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
build(config, dirty=True)
plugin._indexer.wait(timeout=120)
figures["whole_collections"] = plugin.full_collections - collections
figures["frozen_growth_kept"] = gc.get_freeze_count() - frozen
plugin.refreeze_growth = 0.0
config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
build(config, dirty=True)
plugin._indexer.wait(timeout=120)
figures["whole_collections_after"] = plugin.full_collections - collections
figures["frozen_growth"] = gc.get_freeze_count() - frozen
print(json.dumps(figures))
'''


@pytest.mark.model
def test_serve_rebuild_renders_only_what_a_save_changed(project: Path, tmp_path: Path) -> None:
    """The serve path end to end, in its own process (MkDocs keeps one plugin object per
    process, so serve's memories must not leak into the other tests)."""
    import json
    import subprocess
    import sys

    new_source = project / "sources" / "2025-07-20-rotterdam-pilots.md"
    try:
        done = subprocess.run(
            [sys.executable, "-c", SERVE_FLOW, str(project), str(tmp_path / "site"),
             str(tmp_path / "full"), str(new_source)],
            # Not the text the other tests add (their annotation is cached by now).
            input=NEW_SOURCE.replace("on Sunday", "on Monday"),
            capture_output=True, text=True, timeout=600, cwd=project,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        figures = json.loads(done.stdout.strip().splitlines()[-1])
        assert "1 annotated" in figures["summary"]
        assert 0 < figures["rendered"] < figures["reused"], figures
        assert 0 < figures["written"] < figures["total"] // 3, figures
        assert figures["staged_mtimes_read"] == 0, figures
        assert figures["files_kept"] > figures["total"] // 2, figures
        assert figures["files_reused"] == figures["pages_reused"] == figures["files_kept"]
        assert figures["kept_holding_html"] == 0, figures
        assert figures["whole_collections"] == 0, figures
        assert figures["frozen_growth_kept"] > 0, figures  # MkDocs' pages and files, frozen
        assert figures["whole_collections_after"] == 1, figures
        assert figures["frozen_growth"] < figures["total"], figures
        full = tmp_path / "full"
        _build(project, full, dirty=False)
        assert _tree(tmp_path / "site") == _tree(full)
    finally:
        new_source.unlink(missing_ok=True)


def test_stage_keeps_page_strings_only_when_asked(tmp_path: Path) -> None:
    """Under serve the stage remembers the strings it synced (the page memo hands the same
    ones back, so an unchanged page costs nothing); a one-off build lets them go: at 10,000
    briefings they are over a gigabyte."""
    page = "alpha " * 10
    plain = Stage(tmp_path / "a")
    plain.sync({"a.md": page})
    assert plain._texts == {}
    serving = Stage(tmp_path / "b", remember=True)
    serving.sync({"a.md": page})
    assert serving._texts["a.md"] is page
    (tmp_path / "b" / "a.md").unlink()
    assert serving.sync({"a.md": page}).written == 1  # a vanished file is written again


def test_background_index_runs_pagefind_at_a_lower_priority(tmp_path: Path, monkeypatch) -> None:
    """Under serve, the next save's build comes before the index of the last one."""
    import shutil
    import subprocess

    from briefgen import search

    seen: list[list[str]] = []

    def run(cmd, **kwargs):
        seen.append(cmd)
        return subprocess.CompletedProcess(cmd, 1, "", "stopped here")

    monkeypatch.setattr(search.subprocess, "run", run)
    for background in (True, False):
        with pytest.raises(search.BriefgenError):
            search.build_index(tmp_path, background=background)
    nice = shutil.which("nice")
    if nice is None:
        pytest.skip("no nice(1) on this system: Pagefind runs at the normal priority")
    assert seen[0][:3] == [nice, "-n", "19"] and seen[0][3].endswith(("pagefind", "pagefind.exe"))
    assert seen[1][0] == seen[0][3]


def test_a_staged_page_is_read_from_memory_once_and_as_mkdocs_would_read_it(
    tmp_path: Path,
) -> None:
    from briefgen.plugin.serving import StagedFile

    (tmp_path / "a.md").write_text("on disk\n", encoding="utf-8")
    (tmp_path / "b.md").write_bytes(b"line one\r\nline two\n")
    held = StagedFile("a.md", str(tmp_path), str(tmp_path / "site"), True)
    held.hold("in memory\n")
    assert held.content_string == "in memory\n"
    assert held.content_string == "on disk\n"  # handed over once; the file serves after
    assert held.abs_src_path == str(tmp_path / "a.md")  # still the page's source for mtimes
    # MkDocs reads text with universal newlines: a text with a carriage return is left to
    # the file, so that memory and disk never give MkDocs two different pages.
    crlf = StagedFile("b.md", str(tmp_path), str(tmp_path / "site"), True)
    crlf.hold("line one\r\nline two\n")
    assert crlf.content_string == "line one\nline two\n"
