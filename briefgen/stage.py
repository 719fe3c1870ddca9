"""Generated pages as real files in a staging folder, rewritten only when their bytes change.

MkDocs re-renders every page on each build (~5 ms a page), so at thousands of briefings every
save under ``mkdocs serve`` costs minutes.  Its dirty builds skip a page only when the page
has a real source file older than its output; a page handed over with
``File.generated(content=...)`` always counts as modified.  So the plugin writes each page
here, outside ``docs/`` and ``sources/``, and leaves a file (and its mtime) alone when the
new bytes equal the old: adding one source then re-renders the pages whose content changed,
not the archive.  The folder is a cache: deleting it costs one full render.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from briefgen.cachestore import atomic_write

MANIFEST_SUFFIX = ".digests"
"""Size, modification time and digest of every staged page, as the last sync left them, as
JSON in a file beside the folder (``pages`` -> ``pages.digests``: the folder holds pages only,
and the cache folder's ``*.json`` files are annotations only).  A new process (each ``mkdocs
build``) then knows a page is unchanged from one ``stat`` instead of reading it back: at
10,000 briefings, reading 29,000 pages was ~4 s of a full build.  A file changed behind its
back has another size or time and is read and compared as before."""


@dataclass
class StageStats:
    """What one sync did, for the build summary and the tests."""

    written: int = 0
    kept: int = 0
    removed: list[str] = field(default_factory=list)
    """Pages that existed before and are gone now (a deleted source, a renamed entity)."""
    changed: set[str] = field(default_factory=set)
    """Pages whose file this sync wrote."""


class Stage:
    """Mirror of ``{docs-relative path: Markdown}`` on disk, touched only where it differs."""

    def __init__(self, root: Path, *, remember: bool = False) -> None:
        self.root = root
        self._remember = remember
        """Keep each page's string between syncs (``mkdocs serve``, whose page memo hands
        back the same strings); a one-off build lets them go, as they are most of its
        memory."""
        self._digests: dict[str, bytes] = {}
        """Digest of what this process last saw in each file: under ``serve`` an unchanged
        page then costs a hash, not a file read."""
        self._texts: dict[str, str] = {}
        """The very string last synced to each file: a page the renderer reused
        (:class:`briefgen.pagememo.PageMemo` hands back the same object) costs nothing."""
        self._listed: set[str] | None = None
        """Pages this process knows are in the folder (after its first full listing)."""
        self._known: dict[str, list] | None = None
        """What the last sync of any process left in each file, ``[size, mtime_ns, sha256
        hex]`` (:data:`MANIFEST_SUFFIX`): a new process checks a page with one ``stat``."""

    def sync(self, pages: dict[str, str]) -> StageStats:
        """Make the folder hold exactly ``pages``; rewrite only files whose bytes change."""
        stats = StageStats()
        self.root.mkdir(parents=True, exist_ok=True)
        base = str(self.root)
        known = self._load_known()
        before = len(known)
        touched = False
        for rel, content in pages.items():
            # os.path, not pathlib: at 30,000 pages a Path apiece is most of a save's sync.
            full = os.path.join(base, rel)
            if self._texts.get(rel) is content and os.path.isfile(full):
                stats.kept += 1
                continue
            if self._remember:
                self._texts[rel] = content
            data = content.encode("utf-8")
            digest = hashlib.sha256(data).digest()
            if self._digests.get(rel) == digest and os.path.isfile(full):
                stats.kept += 1
                continue
            st = _stat(full)
            if st is not None and known.get(rel) == [st.st_size, st.st_mtime_ns, digest.hex()]:
                self._digests[rel] = digest
                stats.kept += 1
                continue
            if st is not None and st.st_size == len(data) and _same_bytes(full, data):
                self._digests[rel] = digest
                known[rel] = [st.st_size, st.st_mtime_ns, digest.hex()]
                touched = True
                stats.kept += 1
                continue
            atomic_write(Path(full), data)  # a killed build never leaves half a page
            st = os.stat(full)
            known[rel] = [st.st_size, st.st_mtime_ns, digest.hex()]
            touched = True
            self._digests[rel] = digest
            stats.written += 1
            stats.changed.add(rel)
        if self._listed is None:
            # The first sync of a process lists the folder; later ones know what they wrote
            # (at 10,000 briefings a listing costs more than the rest of a save's sync).
            listed = {p.relative_to(self.root).as_posix() for p in self.root.rglob("*.md")}
        else:
            listed = self._listed
        for rel in sorted(listed - pages.keys()):
            (self.root / rel).unlink(missing_ok=True)
            self._digests.pop(rel, None)
            self._texts.pop(rel, None)
            known.pop(rel, None)
            stats.removed.append(rel)
        for rel in [rel for rel in known if rel not in pages]:
            del known[rel]  # gone before this process listed the folder
        if touched or len(known) != before:
            self._save_known(known)
        if stats.removed or self._listed is None:
            _prune_empty_dirs(self.root)
        self._listed = set(pages)
        return stats

    def _load_known(self) -> dict[str, list]:
        if self._known is None:
            self._known = {}
            with contextlib.suppress(OSError, ValueError):
                loaded = json.loads(self._manifest.read_bytes())
                if isinstance(loaded, dict):
                    self._known = {
                        k: v for k, v in loaded.items() if isinstance(v, list) and len(v) == 3
                    }
        return self._known

    def _save_known(self, known: dict[str, list]) -> None:
        payload = json.dumps(known, sort_keys=True, separators=(",", ":")).encode("utf-8")
        atomic_write(self._manifest, payload)

    @property
    def _manifest(self) -> Path:
        return self.root.with_name(self.root.name + MANIFEST_SUFFIX)


def _stat(path: str) -> os.stat_result | None:
    try:
        return os.stat(path)
    except OSError:
        return None


def _same_bytes(path: str, data: bytes) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read() == data
    except OSError:
        return False


def _prune_empty_dirs(root: Path) -> None:
    for folder in sorted((p for p in root.rglob("*") if p.is_dir()), reverse=True):
        with contextlib.suppress(OSError):  # not empty: still holds pages
            folder.rmdir()
