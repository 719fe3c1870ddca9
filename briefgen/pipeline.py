"""Sources on disk -> Corpus, with every problem collected instead of raised.

The plugin and the CLI both call :func:`run`, so ``mkdocs build``, ``briefgen inspect`` and
``briefgen export`` see exactly the same data.  A bad source becomes a :class:`SourceError` in
the result and the rest still publish.
"""

from __future__ import annotations

import functools
import os
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from briefgen.annotate import AnnotateStats, Annotator
from briefgen.corpus import build_corpus
from briefgen.errors import SourceError
from briefgen.link import LinkMemo
from briefgen.model import Article, Corpus, GlossaryEntry
from briefgen.related import TermRows
from briefgen.slug import SlugClaim, settle_slugs
from briefgen.sources import check_file_size, discover, read_source_with_warnings

#: Slugs that index pages use; a briefing called "Index" must not overwrite them.
RESERVED_SLUGS = frozenset({"index"})


@dataclass
class RunResult:
    """A corpus plus everything worth telling the user about how it was made."""

    corpus: Corpus
    errors: list[SourceError] = field(default_factory=list)
    """Sources that could not be published."""
    warnings: list[SourceError] = field(default_factory=list)
    """Sources published with something to fix (an unknown front-matter key ...)."""
    stats: AnnotateStats = field(default_factory=AnnotateStats)
    seconds: dict[str, float] = field(default_factory=dict)
    """Wall time of each step (read, annotate, corpus), for the build's log line."""

    def summary(self) -> str:
        """The one line printed after every build."""
        n = len(self.corpus.briefings) + len(self.errors)
        warnings = len(self.errors) + len(self.warnings) + len(self.stats.corrupt)
        return (
            f"{n} sources, {self.stats.annotated} annotated, "
            f"{self.stats.cached} from cache, {warnings} warnings"
        )


def display_path(path: Path, root: Path | None) -> str:
    """The path as users should see it in messages: relative to the project when possible.

    Compared without resolving symlinks first, so a link is named by where it sits in
    ``sources/``, not by where it points.
    """
    # String work first: this runs for every source of every build (10,000 under serve).
    base_s = os.path.abspath(root or Path.cwd())
    full_s = os.path.abspath(path)
    inside = _inside(full_s, base_s)
    if inside is not None:
        return inside
    base, full = Path(base_s).resolve(), path.resolve()
    if full.is_relative_to(base):
        return full.relative_to(base).as_posix()
    return path.as_posix()


def _inside(full: str, base: str) -> str | None:
    """``full`` relative to ``base`` in POSIX form, or None when it lies outside (both
    absolute and normalised, as ``os.path.abspath`` gives them)."""
    if full == base:
        return "."
    prefix = base if base.endswith(os.sep) else base + os.sep
    if full.startswith(prefix):
        return full[len(prefix) :].replace(os.sep, "/")
    return None


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files as given, folders expanded to their sources; sorted, without repeats."""
    found: set[Path] = set()
    for p in paths:
        found.update(discover(p) if p.is_dir() else [p])
    return sorted(found)


def check_link(path: Path, root: Path | None, shown: str) -> None:
    """Refuse what a symlink makes of a source: a file outside the project, a folder, nothing.

    ``ln -s /etc/passwd sources/passwd.txt`` in a pull request would otherwise publish the
    file as a briefing on the preview build.  A link that stays inside the project is read
    like any file; a path that involves no link is never refused here.
    """
    lexical = Path(os.path.abspath(path))
    if not path.is_symlink() and _real_folder(str(lexical.parent)) == str(lexical.parent):
        return  # no link anywhere on the way: the common case, one system call
    real = path.resolve()
    if real == lexical:
        return
    if not real.exists():
        raise SourceError(shown, 1, f"broken symlink: it points to {real}, which does not exist")
    project = (root or Path.cwd()).resolve()
    if not real.is_relative_to(project):
        raise SourceError(
            shown,
            1,
            f"symlink to {real}, outside the project ({project}): refused, so a link cannot "
            "publish a file from elsewhere on the machine; copy the article into sources/",
        )
    if real.is_dir():
        raise SourceError(
            shown,
            1,
            "symlink to a folder: linked folders are not searched for sources; "
            "move the folder into sources/ or link the files one by one",
        )


@functools.lru_cache(maxsize=1024)
def _real_folder(folder: str) -> str:
    """A folder with its links resolved, once per folder and build (every source of
    ``sources/`` shares it).  :func:`read_all` forgets them before each build, so a folder
    turned into a link while ``mkdocs serve`` runs is checked like any other."""
    return os.path.realpath(folder)


#: What :func:`read_all` remembers of a source between builds of one process: its identity
#: on disk (path, size, mtime, inode) -> the article, its bytes and the reader's warnings.
ReadMemo = dict[tuple[str, int, int, int], tuple[Article, bytes, list[SourceError]]]


def read_all(
    paths: Sequence[Path], root: Path | None = None, memo: ReadMemo | None = None
) -> tuple[list[tuple[Article, bytes]], list[SourceError], list[SourceError]]:
    """Read every source; a problem with one becomes an error and the others still publish.

    Slugs are settled by :func:`briefgen.slug.settle_slugs`, which depends on each source's
    own path and date, never on which sources happen to sit beside it in this build.
    ``memo`` (kept by ``mkdocs serve`` across rebuilds) skips reading and parsing a source
    whose size, modification time and inode are unchanged: at 10,000 sources the readers
    alone cost a minute, and a save changes one file.
    """
    _real_folder.cache_clear()
    read: list[tuple[Article, bytes]] = []
    errors: list[SourceError] = []
    warnings: list[SourceError] = []
    seen: ReadMemo = {}
    for path in sorted(paths):
        shown = display_path(path, root)
        try:
            check_link(path, root, shown)
            if not path.is_file():
                if not os.path.lexists(path):
                    # Deleted since the folder was listed (under ``mkdocs serve``, the removal
                    # that starts the next build): gone, not broken, so no error that
                    # ``--strict`` would fail on.
                    continue
                raise SourceError(shown, 1, "not a regular file (a folder, pipe or device)")
            st = path.stat()
            key = (str(path), st.st_size, st.st_mtime_ns, st.st_ino)
            if memo is not None and key in memo:
                article, raw, warns = memo[key]
                seen[key] = memo[key]
                warnings.extend(warns)
                read.append((article, raw))
                continue
            # Checked before reading: a 10 GB file must not be loaded to be refused.
            check_file_size(path, st.st_size, shown)
            raw = path.read_bytes()
            article, warns = read_source_with_warnings(path, display=shown, data=raw)
            seen[key] = (article, raw, list(warns))
        except SourceError as exc:
            errors.append(exc)
            continue
        except OSError as exc:
            errors.append(SourceError(shown, 1, f"cannot read file: {exc.strerror or exc}"))
            continue
        except Exception as exc:  # a reader bug must cost one source, not the whole site
            errors.append(
                SourceError(
                    shown,
                    1,
                    f"briefgen could not read this source ({type(exc).__name__}: {exc}); "
                    "this is a bug in briefgen, please report it with the file",
                )
            )
            continue
        warnings.extend(warns)
        read.append((article, raw))
    if memo is not None:
        memo.clear()
        memo.update(seen)
    claims = [SlugClaim(a.source, a.slug, a.date) for a, _ in read]
    slugs = settle_slugs(claims, RESERVED_SLUGS)
    items = [
        (replace(a, slug=slug) if slug != a.slug else a, raw)
        for (a, raw), slug in zip(read, slugs, strict=True)
    ]
    return items, errors, warnings


def run(
    paths: Sequence[Path],
    annotator: Annotator,
    *,
    glossary: Sequence[GlossaryEntry] = (),
    related: int = 5,
    root: Path | None = None,
    progress: Callable[[int], None] | None = None,
    on_annotate_start: Callable[[int], None] | None = None,
    memo: ReadMemo | None = None,
    link_memo: LinkMemo | None = None,
    terms: TermRows | None = None,
) -> RunResult:
    """Read, annotate (through the cache), link and relate ``paths``."""
    clock = time.perf_counter()
    seconds: dict[str, float] = {}
    items, errors, warnings = read_all(paths, root, memo)
    seconds["read"] = time.perf_counter() - clock
    # A glossary's own problems (an entry dropped, a file not used) are this build's warnings.
    shown = [
        SourceError(display_path(Path(g.path), root), g.line, g.message)
        for g in getattr(glossary, "problems", ())
    ]
    warnings = [*shown, *warnings]
    clock = time.perf_counter()
    annotations, stats = annotator.annotate(items, progress=progress, on_start=on_annotate_start)
    seconds["annotate"] = time.perf_counter() - clock
    clock = time.perf_counter()
    corpus = build_corpus(annotations, glossary, related, link_memo, terms)
    seconds["link and relate"] = time.perf_counter() - clock
    return RunResult(
        corpus=corpus, errors=errors, warnings=warnings, stats=stats, seconds=seconds
    )
