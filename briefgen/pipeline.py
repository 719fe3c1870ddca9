"""Sources on disk -> Corpus, with every problem collected instead of raised.

The plugin and the CLI both call :func:`run`, so ``mkdocs build``, ``briefgen inspect`` and
``briefgen export`` see exactly the same data.  A bad source becomes a :class:`SourceError` in
the result and the rest still publish.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from briefgen.annotate import AnnotateStats, Annotator
from briefgen.corpus import build_corpus
from briefgen.errors import SourceError
from briefgen.model import Article, Corpus, GlossaryEntry
from briefgen.slug import unique_slug
from briefgen.sources import discover, read_source_with_warnings

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

    def summary(self) -> str:
        """The one line printed after every build."""
        n = len(self.corpus.briefings) + len(self.errors)
        warnings = len(self.errors) + len(self.warnings) + len(self.stats.corrupt)
        return (
            f"{n} sources, {self.stats.annotated} annotated, "
            f"{self.stats.cached} from cache, {warnings} warnings"
        )


def display_path(path: Path, root: Path | None) -> str:
    """The path as users should see it in messages: relative to the project when possible."""
    base = (root or Path.cwd()).resolve()
    full = path.resolve()
    if full.is_relative_to(base):
        return full.relative_to(base).as_posix()
    return path.as_posix()


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files as given, folders expanded to their sources; sorted, without repeats."""
    found: set[Path] = set()
    for p in paths:
        found.update(discover(p) if p.is_dir() else [p])
    return sorted(found)


def read_all(
    paths: Sequence[Path], root: Path | None = None
) -> tuple[list[tuple[Article, bytes]], list[SourceError], list[SourceError]]:
    """Read every source; slugs made unique in path order so they are stable across builds."""
    items: list[tuple[Article, bytes]] = []
    errors: list[SourceError] = []
    warnings: list[SourceError] = []
    taken: set[str] = set(RESERVED_SLUGS)
    for path in sorted(paths):
        shown = display_path(path, root)
        try:
            raw = path.read_bytes()
            article, warns = read_source_with_warnings(path, display=shown, data=raw)
        except SourceError as exc:
            errors.append(exc)
            continue
        except OSError as exc:
            errors.append(SourceError(shown, 1, f"cannot read file: {exc.strerror or exc}"))
            continue
        warnings.extend(warns)
        slug = unique_slug(article.slug, taken)
        items.append((replace(article, slug=slug) if slug != article.slug else article, raw))
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
) -> RunResult:
    """Read, annotate (through the cache), link and relate ``paths``."""
    items, errors, warnings = read_all(paths, root)
    annotations, stats = annotator.annotate(items, progress=progress, on_start=on_annotate_start)
    corpus = build_corpus(annotations, glossary, related)
    return RunResult(corpus=corpus, errors=errors, warnings=warnings, stats=stats)
