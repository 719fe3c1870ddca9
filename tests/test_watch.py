"""``mkdocs serve`` notices saves through inotify, not by polling every file twice a second."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from mkdocs.livereload import LiveReloadServer

from briefgen.plugin import native_watching

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="inotify: Linux")


def _server(root: Path) -> LiveReloadServer:
    return LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(root))


def _noticed(server: LiveReloadServer, change) -> bool:
    """Whether ``change()`` makes the server want a rebuild within two seconds."""
    with server._rebuild_cond:
        server._want_rebuild = False
    change()
    deadline = time.monotonic() + 2
    while time.monotonic() < deadline:
        if server._want_rebuild:
            return True
        time.sleep(0.01)
    return False


def test_saves_renames_and_deletions_are_noticed_without_polling(tmp_path: Path) -> None:
    sources, docs, config = tmp_path / "sources", tmp_path / "docs", tmp_path / "mkdocs.yml"
    (sources / "2024").mkdir(parents=True)
    docs.mkdir()
    config.write_text("site_name: x\n")
    server = _server(tmp_path)
    server.watch(str(docs))
    server.watch(str(config))  # what MkDocs watched before the plugin's on_serve
    assert native_watching(server, sources)
    from watchdog.observers.inotify import InotifyObserver

    assert isinstance(server.observer, InotifyObserver)
    assert set(server._watched_paths) == {str(docs), str(config)}
    server.watch(str(sources))
    server.observer.start()
    try:
        time.sleep(0.2)
        story = sources / "2024" / "story.md"
        assert _noticed(server, lambda: story.write_text("---\ntitle: A\n---\n\nText.\n"))
        # An editor's atomic save: write a temporary file, rename it over the source.
        temp = sources / "2024" / ".story.md.swp"
        assert _noticed(server, lambda: (temp.write_text("new"), temp.replace(story)))
        assert _noticed(server, story.unlink)
        assert _noticed(server, lambda: config.write_text("site_name: y\n"))
        assert _noticed(server, lambda: (docs / "about.md").write_text("# About\n"))
        # Nothing changed: no rebuild (once the last write's trailing events are in).
        time.sleep(0.5)
        assert not _noticed(server, lambda: None)
        # A build reads what is watched: reading is no change (else every build starts the next).
        story.write_text("---\ntitle: B\n---\n\nText.\n")
        time.sleep(0.5)
        assert not _noticed(server, lambda: (story.read_text(), config.read_bytes(),
                                              list((sources / "2024").iterdir())))
        # ``touch``, the way to ask for a rebuild, is a change.
        assert _noticed(server, story.touch)
    finally:
        server.observer.stop()
        server.observer.join()


def test_polling_stays_where_the_kernel_cannot_watch(tmp_path: Path) -> None:
    server = _server(tmp_path)
    polling = server.observer
    assert not native_watching(server, tmp_path / "no-such-folder")
    assert server.observer is polling


def test_a_started_observer_is_left_alone(tmp_path: Path) -> None:
    server = _server(tmp_path)
    server.watch(str(tmp_path))
    server.observer.start()
    try:
        assert not native_watching(server, tmp_path)
    finally:
        server.observer.stop()
        server.observer.join()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.status
    except OSError:
        return 0


def _wait_for(url: str, proc: subprocess.Popen, log: Path, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while _status(url) != 200:
        assert proc.poll() is None, log.read_text()
        assert time.monotonic() < deadline, log.read_text()
        time.sleep(0.2)


def test_a_served_site_builds_once_per_save(tmp_path: Path) -> None:
    """``mkdocs serve`` as ``make serve`` runs it: one build at start, one per save, and quiet
    in between (a build reads the watched files; that must not start another build)."""
    root = tmp_path / "project"
    root.mkdir()
    cfg = (REPO / "mkdocs.yml").read_text("utf-8")
    (root / "mkdocs.yml").write_text(
        cfg.replace("cache_dir: .briefgen-cache", f"cache_dir: {tmp_path / 'cache'}"), "utf-8")
    shutil.copytree(REPO / "docs", root / "docs")
    shutil.copytree(REPO / "sources", root / "sources")
    port, log = _free_port(), tmp_path / "serve.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dirty",
             "-a", f"127.0.0.1:{port}"],
            cwd=root, stdout=out, stderr=subprocess.STDOUT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
        try:
            _wait_for(f"http://127.0.0.1:{port}/", proc, log)
            time.sleep(4)
            assert log.read_text().count("Building documentation") == 1, log.read_text()
            (root / "sources" / "night-ferry.md").write_text(
                "---\ntitle: Night ferry to Orkney cancelled for the winter\ndate: 2025-11-02\n"
                "---\n\nThe operator said on Monday that the night crossing would not run "
                "until March.\n", "utf-8")
            _wait_for(f"http://127.0.0.1:{port}/briefings/"
                      "night-ferry-to-orkney-cancelled-for-the-winter/", proc, log)
            time.sleep(4)
            assert log.read_text().count("Building documentation") == 2, log.read_text()
        finally:
            proc.terminate()
            proc.wait(timeout=60)
