"""What only ``mkdocs serve`` needs: file watching, kept objects and warm-up between saves.

Split from the plugin so that the build path reads on its own; every piece here exists
because a save at 10,000 briefings paid seconds for its absence (see the README's "What
else a save under mkdocs serve does not repeat").
"""

from __future__ import annotations

import contextlib
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from mkdocs.structure.files import File

if TYPE_CHECKING:
    from mkdocs.livereload import LiveReloadServer
    from watchdog.observers.api import BaseObserver

log = logging.getLogger("mkdocs.plugins.briefgen")


def native_watching(server: LiveReloadServer, probe: Path) -> bool:
    """Serving: notice saves from the kernel's file notifications instead of by polling.

    MkDocs 1.6 watches with watchdog's ``PollingObserver``: twice a second it lists and stats
    every watched file.  At 10,000 sources each poll is a tenth of a second of Python holding
    the GIL (py-spy: 9.7 s of the observer thread in a 40 s window that held one save), taken
    from the build the save started, and a save waited up to half a second to be seen.  On
    Linux, inotify tells the same with no walking.  The observer is swapped before MkDocs
    starts it and every path already watched moves to the new one; where inotify cannot watch
    ``probe`` (a kernel without it, too few watches left) polling stays.  Returns whether the
    swap was made.  ``watch: poll`` in the plugin's options keeps MkDocs' own (for folders
    whose changes the kernel does not see, such as some network and container mounts).
    Only changes count: inotify also reports a file opened or closed unwritten, and a build
    reads the files it watches, so every build would start the next one.
    """
    if not sys.platform.startswith("linux") or server.observer.is_alive():
        return False
    try:
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers.inotify import InotifyObserver

        trial = InotifyObserver()
        trial.schedule(FileSystemEventHandler(), str(probe), recursive=True)
        trial.start()
        trial.stop()
        trial.join()
    except (ImportError, OSError) as exc:
        log.info("briefgen: watching by polling (%s)", exc)
        return False
    watched = dict(server._watched_paths)
    server.observer = _changes_observer()
    server._watched_paths = {}
    server._watch_refs = {}
    for path, count in watched.items():
        server.watch(path)
        server._watched_paths[path] = count
    return True


def _changes_observer() -> BaseObserver:
    """watchdog's inotify observer, told to report changes only (see ``native_watching``)."""
    from watchdog.events import (
        FileAttribEvent,
        FileClosedEvent,
        FileCreatedEvent,
        FileDeletedEvent,
        FileModifiedEvent,
        FileMovedEvent,
    )
    from watchdog.observers.inotify import InotifyObserver

    changes = [FileCreatedEvent, FileDeletedEvent, FileModifiedEvent, FileMovedEvent,
               FileClosedEvent, FileAttribEvent]

    class ChangesObserver(InotifyObserver):
        def schedule(self, event_handler, path, *, recursive=False, event_filter=None,
                     follow_symlink=False):  # type: ignore[no-untyped-def]
            return super().schedule(event_handler, path, recursive=recursive,
                                    event_filter=event_filter or changes,
                                    follow_symlink=follow_symlink)

    return ChangesObserver()


class StagedFile(File):
    """A staged page that remembers whether it needs building.

    MkDocs asks twice per page and build (once to read, once to write), three file system
    calls each time; at 30,000 pages that is a second of every save under ``mkdocs serve``.
    The answer cannot change within a build, so the second question is answered from
    memory."""

    _modified: bool | None = None
    _text: str | None = None

    def hold(self, text: str | None) -> None:
        """Hand MkDocs the page's Markdown from memory when it reads the page.

        The plugin has just synced this very string to the staged file, and reading 29,000
        files back was ~3 s of a 10,000-briefing build.  The file stays the page's source for
        modification times.  A text that reading from disk would change (MkDocs reads with
        universal newlines and drops a byte-order mark) is left to be read; ``None`` lets go."""
        ok = text is not None and "\r" not in text and not text.startswith("\ufeff")
        self._text = text if ok else None

    @property
    def content_string(self) -> str:
        text, self._text = self._text, None  # once: the page keeps its own copy
        return text if text is not None else super().content_string

    @content_string.setter
    def content_string(self, value: str) -> None:
        self._text = None
        File.content_string.fset(self, value)  # type: ignore[attr-defined]

    def known_current(self) -> None:
        """The plugin knows this page's HTML is newer than its staged file (see
        ``BriefgenPlugin._built``): no file system call at all."""
        self._modified = False

    def is_modified(self) -> bool:
        if self._modified is None:
            self._modified = super().is_modified()
        return self._modified


class MemoryBytecodeCache(BytecodeCache):
    """Jinja's compiled templates, kept in memory for the life of the serving process."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


def warm_pipeline(model: str) -> None:
    """Load the spaCy pipeline and the rules' word lists in the background.

    Annotating one short made-up story loads everything the first real save would otherwise
    wait for (the pipeline, the gazetteer, the given names).  A failure here is ignored: the
    build that needs the pipeline reports it.
    """
    from briefgen.annotate import annotate_doc, nlp_text
    from briefgen.model import Article, Block, Segment
    from briefgen.nlp import load_pipeline

    text = "Ann Lee, the mayor of Leeds, told Reuters on Monday that the port would reopen."
    article = Article(
        source="warm-up", slug="warm-up", title="Warm-up", blocks=(Block("p", (Segment(text),)),)
    )
    with contextlib.suppress(Exception):
        nlp = load_pipeline(model)
        annotate_doc(nlp(nlp_text(article)), article)
