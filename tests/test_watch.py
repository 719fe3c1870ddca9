"""``mkdocs serve`` notices saves through inotify, not by polling every file twice a second."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest
from mkdocs.livereload import LiveReloadServer

from briefgen.plugin import native_watching

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
    assert type(server.observer).__name__ == "InotifyObserver"
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
