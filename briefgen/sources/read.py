"""Entry points: find the sources, read one file with the reader for its format, bound its size.

Every reader ends here so the limits (file bytes before anything is parsed, text length after)
and the refusal of unknown formats are the same for all of them, whatever the format.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from briefgen.errors import SourceError
from briefgen.glossary import GLOSSARY_NAMES
from briefgen.model import Article
from briefgen.rawtext import decode_text
from briefgen.sources.html import _read_html
from briefgen.sources.markdown import _read_markdown
from briefgen.sources.text import _read_text

#: File suffix -> reader name (``Article.fmt``).
FORMATS = {
    ".md": "md",
    ".markdown": "md",
    ".txt": "txt",
    ".html": "html",
    ".htm": "html",
}

_SUPPORTED = "sources must be .md, .txt or .html files saved as UTF-8"

#: Largest file read at all, by format, in bytes.  The Markdown parser and trafilatura slow
#: down faster than linearly on hostile input (80 KB of ``*_`` or ``[``); these sizes keep a
#: reader under a few seconds while leaving room for any real article with its markup.
MAX_SOURCE_BYTES = {"md": 200_000, "txt": 200_000, "html": 2_000_000}

#: Longest article text (body plus photo caption) sent to spaCy, in characters.  The entity and
#: quote rules cost more than linearly in the number of names and quotes: at this size, text
#: made of nothing but names and quotes annotates in under 20 s on a 2-core machine.  The
#: longest article in the evaluation corpora has 33,672 characters.
MAX_TEXT_CHARS = 40_000

#: Most words and punctuation marks (about spaCy's tokens) in one article.  The parser's time
#: and memory follow the token count: 40,000 characters of ``!!!a`` are 38,000 tokens, 19 s and
#: 640 MB.  Prose has one token per five characters (the corpora's densest article, a table of
#: figures, one per 2.4), so no real article under the character limit comes near this.
MAX_TEXT_TOKENS = 12_000

_TOKENS = re.compile(r"[^\W_]+|[^\w\s]|_")


def discover(sources_dir: Path) -> list[Path]:
    """Every candidate source under ``sources_dir``, sorted by relative path.

    Files of unknown type are included on purpose: :func:`read_source` reports them as errors,
    so a ``.docx`` dropped into ``sources/`` is a visible warning instead of a silently missing
    briefing.  Hidden files and folders (editor swap files, ``.git``) and folders starting with
    ``_`` (drafts, templates) are skipped, as is the curated glossary.  Symlinks are listed
    whatever they point to (a folder, nothing, a file elsewhere): the pipeline decides, with a
    message, rather than a link being followed or ignored without a word.
    """
    found: list[str] = []
    _walk(str(sources_dir), "", found)
    found.sort()
    return [sources_dir / rel for rel in found]


def _walk(folder: str, rel: str, found: list[str]) -> None:
    """The relative paths :func:`discover` keeps under ``folder``, by ``os.scandir``: under
    ``mkdocs serve`` every save lists the folder, and at 10,000 sources pathlib's walk cost a
    third of a second of it.  Linked folders are listed, not entered; an unreadable folder
    is passed over, as pathlib's walk did."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            if not name.startswith("_"):
                _walk(entry.path, f"{rel}{name}/", found)
        elif name.lower() not in GLOSSARY_NAMES and (
            entry.is_symlink() or entry.is_file(follow_symlinks=False)
        ):
            found.append(rel + name)


def read_source(path: Path, *, display: str | None = None) -> Article:
    """Read one source; raises :class:`SourceError` if it cannot be published.

    ``display`` is the path as the user should see it in ``Article.source`` and in messages
    (usually relative to the project); it defaults to ``str(path)``.
    """
    article, _warnings = read_source_with_warnings(path, display=display)
    return article


def read_source_with_warnings(
    path: Path, *, display: str | None = None, data: bytes | None = None
) -> tuple[Article, list[SourceError]]:
    """Like :func:`read_source`, also returning non-fatal problems (e.g. unknown keys).

    ``data`` is the file's content when the caller has already read it (the cache key hashes
    the same bytes, so a save between two reads cannot pair one text with another's key).
    """
    name = display if display is not None else Path(path).as_posix()
    fmt = FORMATS.get(Path(path).suffix.lower())
    if data is None:
        try:
            check_file_size(path, Path(path).stat().st_size, name)
            data = Path(path).read_bytes()
        except OSError as exc:
            raise SourceError(name, 1, f"cannot read file: {exc.strerror or exc}") from exc
    check_file_size(path, len(data), name)
    text = decode_text(data, name, expected=_SUPPORTED)
    if fmt is None:
        suffix = Path(path).suffix or "(no extension)"
        raise SourceError(name, 1, f"unknown source type {suffix!r}; {_SUPPORTED}")
    warnings: list[SourceError] = []
    if fmt == "md":
        article = _read_markdown(text, name, warnings)
    elif fmt == "txt":
        article = _read_text(text, name)
    else:
        article = _read_html(text, name)
    _check_text_length(article, name)
    return article, warnings


def check_file_size(path: Path, size: int, name: str) -> None:
    """Refuse a file too big to read in bounded time, before any of it is read or parsed."""
    fmt = FORMATS.get(Path(path).suffix.lower())
    limit = MAX_SOURCE_BYTES.get(fmt or "", max(MAX_SOURCE_BYTES.values()))
    if size > limit:
        raise SourceError(
            name,
            1,
            f"file too large: {size:,} bytes, more than the {limit:,} briefgen reads for a "
            f"{'.' + fmt if fmt else 'source'} file (a bound on build time); "
            "split the article into parts or remove what is not the article",
        )


def _check_text_length(article: Article, name: str) -> None:
    """Refuse an article whose text would take spaCy and the entity rules too long.

    The line is where the text passes the limit, so an editor sees where to split.
    """
    parts = [(b.text, b.line) for b in article.blocks]
    if article.caption:
        parts.append((article.caption, 0))
    # Characters count the blank line between blocks, as in the text spaCy reads.
    for what, size, limit in (
        ("characters of text", lambda t, i: len(t) + (2 if i else 0), MAX_TEXT_CHARS),
        ("words and punctuation marks", lambda t, i: len(_TOKENS.findall(t)), MAX_TEXT_TOKENS),
    ):
        line, seen, passed = 1, 0, 0
        for i, (text, block_line) in enumerate(parts):
            seen += size(text, i)
            if seen > limit and not passed:
                passed = block_line or line
            line = block_line or line
        if seen > limit:
            raise SourceError(
                name,
                passed,
                f"article too long: {seen:,} {what}, more than the {limit:,} briefgen "
                "annotates per source (a bound on build time and memory); split it into parts",
            )
