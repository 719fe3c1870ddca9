"""Read a source file into an :class:`~briefgen.model.Article`.

One reader per format, all producing the same value object:

* Markdown with YAML front matter (``.md``/``.markdown``): the body is parsed with markdown-it-py,
  so links, code spans and raw HTML become their own :class:`Segment` kinds and the annotator can
  never insert a link inside them.
* Scraped plain text (``.txt``): a news page copied as text, with the debris scrapers leave
  (counters, image alt text, captions, "RELATED:" teasers, the headline repeated).  General layout
  rules separate that debris from the story; nothing here knows any particular story.
* A saved HTML page (``.html``/``.htm``): trafilatura finds the main text and the metadata, because
  hand-written extraction regexes break on the next site redesign.

Every problem is a :class:`SourceError` (``path:line: message``) that says what was expected and
what was found.  Problems that do not stop the article from being published (an unknown
front-matter key) are returned as warnings by :func:`read_source_with_warnings`.
"""

from __future__ import annotations

import bisect
import datetime as dt
import html
import itertools
import re
import reprlib
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from briefgen.errors import SourceError
from briefgen.mdsafe import code_span as _code_span
from briefgen.mdsafe import escape_url as _escape_url
from briefgen.model import Article, Block, Segment
from briefgen.rawtext import SafeYamlLoader, decode_text, yaml_problem
from briefgen.slug import slugify

#: File suffix -> reader name (``Article.fmt``).
FORMATS = {
    ".md": "md",
    ".markdown": "md",
    ".txt": "txt",
    ".html": "html",
    ".htm": "html",
}
#: Files in ``sources/`` that are not articles.
GLOSSARY_NAMES = frozenset({"glossary.yml", "glossary.yaml"})
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

# ---------------------------------------------------------------------------------------------
# Discovery
# ---------------------------------------------------------------------------------------------


def discover(sources_dir: Path) -> list[Path]:
    """Every candidate source under ``sources_dir``, sorted by relative path.

    Files of unknown type are included on purpose: :func:`read_source` reports them as errors,
    so a ``.docx`` dropped into ``sources/`` is a visible warning instead of a silently missing
    briefing.  Hidden files and folders (editor swap files, ``.git``) and folders starting with
    ``_`` (drafts, templates) are skipped, as is the curated glossary.  Symlinks are listed
    whatever they point to (a folder, nothing, a file elsewhere): the pipeline decides, with a
    message, rather than a link being followed or ignored without a word.
    """
    found: list[tuple[str, Path]] = []
    for path in sources_dir.rglob("*"):
        rel = path.relative_to(sources_dir)
        if any(part.startswith(".") for part in rel.parts):
            continue
        if any(part.startswith("_") for part in rel.parts[:-1]):
            continue
        if path.name.lower() in GLOSSARY_NAMES:
            continue
        if not path.is_file() and not path.is_symlink():
            continue
        found.append((rel.as_posix(), path))
    return [p for _, p in sorted(found)]


# ---------------------------------------------------------------------------------------------
# Entry points
# ---------------------------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------------------------
# Text cleaning shared by all readers
# ---------------------------------------------------------------------------------------------

#: Invisible characters scrapers and CMSs leave in text; they split words for the tokenizer.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACE_RUN = re.compile(r"\s+")


def clean_text(text: str) -> str:
    """NFC, no zero-width characters, every whitespace run one space, trimmed.

    Typographic quotes and dashes are kept as they are: the quotes module relies on them.
    """
    return _collapse(text).strip()


#: C0/C1 control characters other than whitespace: never text, and they make the RSS feed
#: invalid XML and the generated front matter invalid YAML.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


#: Longest run of punctuation and symbols kept in article text.  spaCy's tokenizer splits such
#: a run one character at a time, rescanning the rest each time: 5,000 characters of ``.,``
#: take 7 s, 80 KB take minutes.  No article in the evaluation corpora has a run of even 8,
#: so cutting longer runs changes nothing a reader would miss.
MAX_SYMBOL_RUN = 20
#: A character that is neither a letter, a digit nor whitespace (the underscore counts as a
#: symbol here although ``\w`` matches it: ``*_*_*_`` is as slow as ``.,.,.,``).
_SYMBOL = re.compile(r"[^\w\s]|_")
_SYMBOL_RUN = re.compile(rf"(?:[^\w\s]|_){{{MAX_SYMBOL_RUN + 1},}}")


def _collapse(text: str) -> str:
    """Like :func:`clean_text` but keeps one leading/trailing space (segment boundaries)."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    text = _SPACE_RUN.sub(" ", _CONTROL.sub("", text))
    return _SYMBOL_RUN.sub(lambda m: m.group()[:MAX_SYMBOL_RUN], text)


def _cap_symbol_runs(segs: list[Segment]) -> list[Segment]:
    """Cut symbol runs that cross segment boundaries (``!!![!!!](x)!!!``) to
    :data:`MAX_SYMBOL_RUN`; the tokenizer sees the block's text as one string."""
    if not _SYMBOL_RUN.search("".join(s.text for s in segs)):
        return segs
    out: list[Segment] = []
    run = 0
    for seg in segs:
        if seg.kind == "markup":
            out.append(seg)
            continue
        kept = []
        for ch in seg.text:
            run = run + 1 if _SYMBOL.match(ch) else 0
            if run <= MAX_SYMBOL_RUN:
                kept.append(ch)
        text = "".join(kept)
        if text:
            raw = _code_span(text) if seg.kind == "code" and seg.raw else seg.raw
            out.append(Segment(text, seg.kind, raw))
    return out


# ---------------------------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------------------------

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9,
    "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12,
    "december": 12,
}  # fmt: skip
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_PREFIX = (
    r"(?:(?:published|updated|posted|last\s+updated|first\s+published)(?:\s+on)?\s*:?\s*)?"
    r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday)?\.?,?\s+)?"
)
#: An optional clock time after the date: "- 21:21", "at 9:21 pm", ", 21:21 GMT", "T21:21:00Z".
_TIME = (
    r"(?:\s*(?:[-–—|,@T]|\bat\b)?\s*\d{1,2}[:.]\d{2}(?::\d{2})?(?:\.\d+)?\s*"
    r"(?:[ap]\.?m\.?)?\s*(?:Z|[A-Z]{2,5}|UTC\s*[+-]\s*\d{1,2}(?::?\d{2})?|[+-]\d{2}:?\d{2})?)?"
)
_DATE_FORMS = (
    rf"(?P<year>\d{{4}})-(?P<month>\d{{1,2}})-{_DAY}",
    rf"(?P<mname>{_MONTH_RE})\.?\s+{_DAY},?\s+(?P<year>\d{{4}})",
    rf"{_DAY}\s+(?P<mname>{_MONTH_RE})\.?,?\s+(?P<year>\d{{4}})",
)
_DATE_LINE = [re.compile(rf"^{_PREFIX}{form}{_TIME}\s*$", re.IGNORECASE) for form in _DATE_FORMS]


def parse_date(text: str) -> str | None:
    """A line that is only a date (with an optional time) -> ISO date, else None.

    Handles the shapes news pages print: ``Mar 3, 2025 - 21:21``, ``March 3, 2025``,
    ``3 March 2025``, ``2025-03-03``, with an optional weekday or "Published"/"Updated" prefix.
    """
    text = clean_text(text)
    if len(text) > 80:
        return None
    for pattern in _DATE_LINE:
        m = pattern.match(text)
        if not m:
            continue
        parts = m.groupdict()
        month = _MONTHS[parts["mname"].lower()] if parts.get("mname") else int(parts["month"])
        try:
            return dt.date(int(parts["year"]), month, int(parts["day"])).isoformat()
        except ValueError:
            return None
    return None


# ---------------------------------------------------------------------------------------------
# Markdown with YAML front matter
# ---------------------------------------------------------------------------------------------

#: Front-matter keys and the kind of value each takes.
_FM_TEXT_KEYS = ("title", "publisher", "url", "author", "summary", "slug")
KNOWN_KEYS = frozenset((*_FM_TEXT_KEYS, "date", "tags"))
#: URL schemes a link in a source may keep; anything else (javascript:, data:, vbscript:)
#: is reduced to its visible text.
_SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_FENCE = re.compile(r"^---[ \t]*$")
_FENCE_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$")


class _FrontMatterLoader(SafeYamlLoader):
    """SafeLoader that leaves an impossible date ("2025-13-45") as text.

    PyYAML raises a bare ValueError with no line for those; as text, the date check below can
    name the key, its line and the value found.
    """


def _lenient_timestamp(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)  # type: ignore[arg-type]


_FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp", _lenient_timestamp)


def _short_repr() -> reprlib.Repr:
    """A repr that stays one short line whatever a front-matter value holds."""
    short = reprlib.Repr()
    short.maxstring = short.maxother = 80
    short.maxlist = short.maxdict = 6
    short.maxlevel = 3
    return short


_SHORT = _short_repr()
#: Unknown front-matter keys reported one by one; the rest are counted in one warning.
_MAX_KEY_WARNINGS = 5


@dataclass
class _FrontMatter:
    values: dict[str, Any]
    lines: dict[str, int]
    """File line of each key, for messages about its value."""
    body_offset: int
    """Number of file lines before the body."""


def _split_front_matter(text: str, name: str) -> _FrontMatter:
    lines = text.split("\n")
    if not lines or not _FENCE.match(lines[0]):
        return _FrontMatter({}, {}, 0)
    end = next((i for i in range(1, len(lines)) if _FENCE_END.match(lines[i])), None)
    if end is None:
        raise SourceError(
            name, 1, "front matter opened with '---' is never closed: add a '---' line after it"
        )
    yaml_text = "\n".join(lines[1:end])
    try:
        node = yaml.compose(yaml_text, Loader=_FrontMatterLoader)
        values = yaml.load(yaml_text, Loader=_FrontMatterLoader)  # a SafeLoader subclass
    except yaml.YAMLError as exc:
        line, detail = yaml_problem(exc, 2)
        raise SourceError(name, line, f"broken YAML front matter: {detail}") from None
    if values is None:
        values = {}
    if not isinstance(values, dict):
        raise SourceError(
            name,
            2,
            f"front matter must be 'key: value' lines, found a {_type_name(values)}",
        )
    key_lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            key = str(key_node.value)
            if key in key_lines:
                raise SourceError(
                    name,
                    key_node.start_mark.line + 2,
                    f"duplicate front matter key {key!r} (first on line {key_lines[key]})",
                )
            key_lines[key] = key_node.start_mark.line + 2
    return _FrontMatter({str(k): v for k, v in values.items()}, key_lines, end + 1)


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dt.datetime | dt.date):
        return "date"
    if isinstance(value, int | float):
        return "number"
    return "text"


def _validate_front_matter(
    fm: _FrontMatter, name: str, warnings: list[SourceError]
) -> dict[str, Any]:
    """Check every key eagerly: one bad value is reported before any NLP is spent on the file."""
    out: dict[str, Any] = {}
    unknown = 0

    def fail(key: str, expected: str, value: Any) -> SourceError:
        found = f"{_type_name(value)} {_SHORT.repr(value)}" if value is not None else "nothing"
        return SourceError(name, fm.lines.get(key, 2), f"{key}: expected {expected}, found {found}")

    for key in sorted(fm.values, key=lambda k: fm.lines.get(k, 0)):
        value = fm.values[key]
        if key not in KNOWN_KEYS:
            unknown += 1
            if unknown > _MAX_KEY_WARNINGS:
                continue  # counted in one warning below: a file must not flood the build log
            known = ", ".join(sorted(KNOWN_KEYS))
            warnings.append(
                SourceError(
                    name,
                    fm.lines.get(key, 2),
                    f"unknown front matter key {key!r} ignored (known keys: {known})",
                )
            )
            continue
        if value is None:
            continue  # "date:" left blank is the same as no date
        if key == "date":
            out[key] = _front_matter_date(value, fail)
        elif key == "tags":
            if not isinstance(value, list):
                raise fail(key, "a list such as [politics, ukraine]", value)
            tags: dict[str, None] = {}  # ordered and without repeats, in linear time
            for item in value:
                if isinstance(item, bool) or not isinstance(item, str | int | float):
                    raise fail(key, "a list of words", item)
                tag = clean_text(str(item))
                if tag:
                    tags[tag] = None
            out[key] = tuple(tags)
        else:
            if isinstance(value, bool) or not isinstance(value, str | int | float):
                raise fail(key, "text", value)
            text = clean_text(str(value))
            if key == "url" and text and not _is_web_url(text):
                raise fail(key, "an http:// or https:// address", value)
            if text:
                out[key] = text
    if unknown > _MAX_KEY_WARNINGS:
        warnings.append(
            SourceError(
                name,
                2,
                f"{unknown - _MAX_KEY_WARNINGS:,} more unknown front matter keys ignored "
                f"(only the first {_MAX_KEY_WARNINGS} are listed)",
            )
        )
    return out


def _front_matter_date(value: Any, fail: Any) -> str:
    expected = "a date such as 2025-03-03"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        iso = parse_date(value)
        if iso:
            return iso
    raise fail("date", expected, value)


def _read_markdown(text: str, name: str, warnings: list[SourceError]) -> Article:
    fm = _split_front_matter(text, name)
    meta = _validate_front_matter(fm, name, warnings)
    body = "\n".join(text.split("\n")[fm.body_offset :])
    blocks = _markdown_blocks(body, fm.body_offset, name, warnings)
    title = meta.get("title")
    if title is None and blocks and blocks[0].kind == "h" and _first_is_h1(body):
        # A note without front matter may still name itself with a leading "# Title".
        title = blocks[0].text
    if not title:
        found = "no title key"
        if "title" in fm.values:
            given = fm.values["title"]
            found = "nothing" if given is None else repr(given)
        raise SourceError(
            name,
            fm.lines.get("title", 1),
            "title: expected a non-empty title in the front matter "
            f"(---, title: ..., ---), found {found}",
        )
    # The page prints the title itself; a leading heading that repeats it would print it twice.
    if blocks and blocks[0].kind == "h" and _same_words(blocks[0].text, title):
        blocks = blocks[1:]
    if not any(b.text.strip() for b in blocks):
        raise SourceError(
            name,
            fm.body_offset + 1,
            "no body text: add the article's paragraphs after the front matter",
        )
    return Article(
        source=name,
        slug=slugify(meta.get("slug") or title),
        title=title,
        date=meta.get("date"),
        publisher=meta.get("publisher"),
        url=meta.get("url"),
        author=meta.get("author"),
        tags=meta.get("tags", ()),
        summary=meta.get("summary"),
        dateline=_first_dateline(blocks),
        blocks=tuple(blocks),
        fmt="md",
    )


def _first_is_h1(body: str) -> bool:
    tokens = _MARKDOWN.parse(body)
    return bool(tokens) and tokens[0].type == "heading_open" and tokens[0].tag == "h1"


def _same_words(a: str, b: str) -> bool:
    return _words_key(a) == _words_key(b)


def _words_key(text: str) -> str:
    return " ".join(re.findall(r"\w+", clean_text(text).casefold()))


def _make_markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark")
    # markdown-it's own link filter turns a javascript: link back into literal "[text](...)";
    # we accept every destination here and keep only safe ones ourselves, so an unsafe link
    # still reads as its visible text.
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


_MARKDOWN = _make_markdown()


#: Block tokens that hold other blocks.  markdown-it stops parsing inside one opened at its
#: nesting limit and drops the rest of it, so such a token means text was lost.
_CONTAINERS = frozenset(
    ("blockquote_open", "bullet_list_open", "ordered_list_open", "list_item_open")
)


def _markdown_blocks(
    body: str, line_offset: int, name: str = "", warnings: list[SourceError] | None = None
) -> list[Block]:
    """Markdown body -> Blocks; ``line_offset`` turns body lines into file lines.

    Text nested deeper than markdown-it's limit (block quotes or lists inside each other, 20
    levels with quotes, about 10 with lists) is dropped by the parser; a warning in
    ``warnings`` says where, since the briefing would otherwise lose it without a word.
    """
    blocks: list[Block] = []
    quote_depth = 0
    list_depth = 0
    heading = False
    limit = _MARKDOWN.options.maxNesting
    for tok in _MARKDOWN.parse(body):
        line = (tok.map[0] + 1 + line_offset) if tok.map else 0
        if tok.type in _CONTAINERS and tok.level >= limit - 1 and warnings is not None:
            warnings.append(
                SourceError(
                    name,
                    line or line_offset + 1,
                    f"Markdown nested more than {limit} levels deep (block quotes or lists "
                    "inside each other): the text nested deeper is left out; flatten it",
                )
            )
            warnings = None  # once per file: one deep structure yields many such tokens
        if tok.type == "blockquote_open":
            quote_depth += 1
        elif tok.type == "blockquote_close":
            quote_depth -= 1
        elif tok.type == "list_item_open":
            list_depth += 1
        elif tok.type == "list_item_close":
            list_depth -= 1
        elif tok.type == "heading_open":
            heading = True
        elif tok.type == "heading_close":
            heading = False
        elif tok.type == "inline":
            if heading:
                kind = "h"
            elif list_depth:
                kind = "li"
            elif quote_depth:
                kind = "quote"
            else:
                kind = "p"
            segments = _finish_segments(_inline_segments(tok.children or []))
            if segments:
                blocks.append(Block(kind, segments, line))
        elif tok.type in ("fence", "code_block"):
            code = clean_text(tok.content)
            if code:
                blocks.append(Block("p", (Segment(code, "code", _code_span(code)),), line))
        elif tok.type == "html_block":
            html = clean_text(tok.content)
            if html:
                blocks.append(Block("p", (Segment(html, "html"),), line))
    return blocks


def _inline_segments(children: Sequence[Token]) -> list[Segment]:
    segs: list[Segment] = []
    # One entry per open link: (index of its "[" segment, kept?, destination).
    links: list[tuple[int, bool, str]] = []

    def text_kind() -> str:
        return "link" if any(keep for _, keep, _ in links) else "text"

    for tok in children:
        t = tok.type
        if t == "text":
            segs.append(Segment(tok.content, text_kind()))
        elif t in ("softbreak", "hardbreak"):
            segs.append(Segment(" ", text_kind()))
        elif t == "code_inline":
            segs.append(Segment(tok.content, "code", _code_span(tok.content)))
        elif t == "html_inline":
            segs.append(Segment(tok.content, "html"))
        elif t in ("em_open", "em_close"):
            segs.append(Segment("", "markup", "*"))
        elif t in ("strong_open", "strong_close"):
            segs.append(Segment("", "markup", "**"))
        elif t == "link_open":
            href = str(tok.attrs.get("href", ""))
            keep = _safe_url(href) and not any(k for _, k, _ in links)
            links.append((len(segs), keep, href))
            if keep:
                segs.append(Segment("", "markup", "["))
        elif t == "link_close" and links:
            start, keep, href = links.pop()
            if not keep:
                continue
            if not any(s.text.strip() for s in segs[start + 1 :]):
                # A link around only an image has nothing to show once the image is dropped.
                del segs[start:]
                continue
            segs.append(Segment("", "markup", f"]({_escape_url(href)})"))
        # Images are dropped: their alt text is a description, not the story.
    return segs


def _is_web_url(url: str) -> bool:
    m = _SCHEME.match(url)
    return m is not None and m.group(1).lower() in ("http", "https")


def _safe_url(url: str) -> bool:
    """http(s), mailto and relative addresses only: a source must not smuggle in script."""
    cleaned = "".join(ch for ch in url if ch > " ").strip()
    m = _SCHEME.match(cleaned)
    return m is None or m.group(1).lower() in _SAFE_SCHEMES


def _finish_segments(segs: Iterable[Segment]) -> tuple[Segment, ...]:
    """Collapse whitespace across segment boundaries, trim the block, merge neighbours.

    Block text must be one line with single spaces, whatever the source's line breaks were,
    because offsets into ``Article.text`` must mean the same thing for every reader.
    """
    out: list[Segment] = []
    prev_space = True  # at the block start, leading spaces are dropped
    for seg in segs:
        if seg.kind == "markup":
            out.append(seg)
            continue
        text = _collapse(seg.text)
        if seg.kind == "code":
            seg = Segment(text, "code", _code_span(text) if seg.raw else seg.raw)
            if text:
                prev_space = text.endswith(" ")
            out.append(seg)
            continue
        if prev_space:
            text = text.lstrip(" ")
        if not text:
            continue
        prev_space = text.endswith(" ")
        if out and out[-1].kind == seg.kind and seg.kind in ("text", "link"):
            out[-1] = Segment(out[-1].text + text, seg.kind)
        else:
            out.append(Segment(text, seg.kind, seg.raw))
    out = _cap_symbol_runs(out)
    # Trim trailing space from the last visible segment.
    for i in range(len(out) - 1, -1, -1):
        if out[i].kind == "markup":
            continue
        stripped = out[i].text.rstrip(" ")
        if stripped != out[i].text:
            if stripped:
                out[i] = Segment(stripped, out[i].kind, out[i].raw)
            else:
                del out[i]
                continue
        break
    if not any(s.text for s in out):
        return ()
    return tuple(out)


# ---------------------------------------------------------------------------------------------
# Scraped plain text
# ---------------------------------------------------------------------------------------------

#: Teaser lines pointing at other stories: "RELATED: ...", "READ MORE: ...".
_TEASER = re.compile(
    r"^(?:related|read\s+more|see\s+also|also\s+read|read\s+also|more\s+on\s+this(?:\s+story)?"
    r"|recommended|watch|listen)\s*[:|]",
    re.IGNORECASE,
)
#: Page furniture that scrapers copy as a line of its own.
_FURNITURE = re.compile(
    r"^(?:\d{1,5}(?:\s+(?:comments?|shares?|views?))?|advertisement|share(?:\s+this(?:\s+article)?)?"
    r"|tweet|email|print|comments?|sign\s+up|subscribe|skip\s+to\s+(?:main\s+)?content)$",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^[•·▪◦‣*\-–]\s+(?=\S)")
#: "By Jane Doe", "By JANE DOE, Associated Press": a capitalised name after "By", short, and
#: not a sentence ("By the end of the year, ..." is story text).
_BYLINE = re.compile(r"^by\s+[A-Z][^.!?]{0,70}$", re.IGNORECASE)
#: A photo credit closing a caption: "(UK MoD)", "(Photo: AP/Jane Doe)", "(Getty Images)".
_CREDIT = re.compile(r"\((?P<credit>[^()]{2,60})\)$")
#: Words and marks that identify a photo credit wherever it appears.
_CREDIT_WORDS = re.compile(
    r"/|\b(?:photo|photograph|picture|image|images|credit|courtesy|file|handout|pool|getty"
    r"|reuters|afp|ap|epa|pa|shutterstock|alamy)s?\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?…:;,\"”’)]$")
#: Punctuation that marks a line as prose rather than a label, heading or alt text.
_PROSE_MARK = re.compile(r"[.!?;:,\"“”]")
#: Words left lowercase in title case.
_SMALL_WORDS = frozenset(
    ("a", "an", "and", "as", "at", "but", "by", "de", "for", "from", "in", "into", "nor", "of")
    + ("off", "on", "or", "per", "the", "to", "up", "via", "vs", "with")
)
#: A wire dateline opening the first paragraph: "BELFAST —", "LONDON (Reuters) -",
#: "WASHINGTON, March 3 —", "ST. LOUIS, Mo. —".  The place is in capitals, or in title case
#: when an agency credit in parentheses follows it.
_DATELINE = re.compile(
    r"^(?:(?P<caps>[A-Z][A-Z.'’\-]*(?:\s+[A-Z][A-Z.'’\-]*){0,3})"
    r"|(?P<title>[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2})(?=\s*(?:,[^—–\-]{1,25})?\s*\([A-Z]))"
    r"(?:,\s*[A-Z][A-Za-z.]*\.?(?:\s+\d{1,2})?)?"
    r"(?:\s*\([A-Z][A-Za-z&. ]{1,30}\))?"
    r"\s*(?:—|–|--|-)\s+(?=\S)"
)
#: Title, date, standfirst and page furniture are found in the first lines of the page.
_HEADER_LINES = 12
_MAX_SHORT_WORDS = 12


@dataclass
class _Unit:
    """One paragraph of the scraped text: a line, or hard-wrapped lines joined."""

    text: str
    line: int
    kind: str = "text"


def _text_units(text: str) -> list[_Unit]:
    """Lines -> paragraphs.  Scrapers usually write one paragraph per line; a line that starts
    in lowercase after a line with no closing punctuation is a hard wrap and is joined back."""
    units: list[_Unit] = []
    prev_blank = True
    for number, raw in enumerate(text.split("\n"), start=1):
        line = clean_text(raw)
        if not line:
            prev_blank = True
            continue
        prev = units[-1] if units else None
        if (
            prev is not None
            and not prev_blank
            and line[0].islower()
            and len(prev.text) >= 40
            and not _SENTENCE_END.search(prev.text)
            and not _BULLET.match(line)
        ):
            prev.text = f"{prev.text} {line}"
        else:
            units.append(_Unit(line, number))
        prev_blank = False
    return units


def _is_byline(text: str) -> bool:
    return bool(_BYLINE.match(text)) and text[3:4].isupper() and len(text.split()) <= 10


def _is_short(text: str) -> bool:
    """A label-like line: few words, no sentence punctuation (alt text, sub-heading, section)."""
    return len(text.split()) <= _MAX_SHORT_WORDS and not _PROSE_MARK.search(text)


def _is_title_case(text: str) -> bool:
    words = [w for w in re.findall(r"[^\W\d_][\w'’\-]*", text)]
    if not words:
        return False
    first_ok = words[0][0].isupper()
    content = [w for w in words[1:] if w.lower() not in _SMALL_WORDS]
    capital = sum(1 for w in content if w[0].isupper())
    return first_ok and (not content or capital / len(content) >= 0.75)


def _is_caption(text: str) -> bool:
    """A photo caption: a descriptive sentence ending in a parenthesised credit.

    The words before the credit must read like a sentence (not title case, at least four words)
    so a sub-heading such as "The Role of the Royal Air Force (RAF)" is not taken for one.
    """
    m = _CREDIT.search(text)
    if not m:
        return False
    before = text[: m.start()].strip()
    credit = m.group("credit").strip()
    if len(before.split()) < 4 or _is_title_case(before):
        return False
    # Credits are names of agencies or photographers: capitalised, short.
    return len(credit.split()) <= 8 and (credit[0].isupper() or "/" in credit)


def _is_strong_credit(text: str) -> bool:
    """A credit that names itself as one ("Photo: ...", "AP/Jane Doe", "Getty Images").

    Inside the story a paragraph may end in "(FCC)" without a full stop; only a credit of this
    shape marks a caption there.  Above the story any credit shape counts.
    """
    m = _CREDIT.search(text)
    return m is not None and bool(_CREDIT_WORDS.search(m.group("credit")))


def _classify(units: list[_Unit], title: str) -> None:
    """Give every unit a kind: debris kinds are dropped later, the rest become blocks."""
    for u in units:
        if _same_words(u.text, title):
            u.kind = "title"
        elif _FURNITURE.match(u.text):
            u.kind = "furniture"
        elif _TEASER.match(u.text):
            u.kind = "teaser"
        elif parse_date(u.text):
            u.kind = "date"
        elif _BULLET.match(u.text):
            u.kind = "bullet"
        elif _is_caption(u.text):
            u.kind = "caption"
        elif _is_short(u.text):
            u.kind = "short"
        else:
            u.kind = "text"


def _find_dateline(paragraph: str) -> str | None:
    """The place of a wire dateline opening ``paragraph``, as printed, else None."""
    m = _DATELINE.match(paragraph)
    place = (m.group("caps") or m.group("title")).strip(" ,") if m else ""
    # "I — for one — think": a place name has at least three letters.
    return place if sum(ch.isalpha() for ch in place) >= 3 else None


def _first_dateline(blocks: Sequence[Block]) -> str | None:
    """Dateline of the first paragraph, when it opens with plain text (not a link or code)."""
    first = next((b for b in blocks if b.kind == "p"), None)
    if first is None or first.segments[0].kind != "text":
        return None
    return _find_dateline(first.text)


def _read_text(text: str, name: str) -> Article:
    units = _text_units(text)
    if not units:
        raise SourceError(name, 1, "empty file: no line has visible text; a source needs a title")
    title = units[0].text
    units = units[1:]
    _classify(units, title)

    date: str | None = None
    summary_parts: list[str] = []
    author: str | None = None
    start = 0
    # A date line among the first lines closes the page header: prose between the title and the
    # date is the standfirst (kept as the summary, not the body), bylines give the author.
    header_date = next((i for i, u in enumerate(units[:_HEADER_LINES]) if u.kind == "date"), None)
    if header_date is not None:
        date = parse_date(units[header_date].text)
        for u in units[:header_date]:
            if _is_byline(u.text) and author is None:
                author = clean_text(u.text[2:])
            elif u.kind == "text":
                summary_parts.append(u.text)
        start = header_date + 1

    caption: str | None = None
    dateline: str | None = None
    blocks: list[Block] = []
    body = units[start:]
    lead_end = next((i for i, u in enumerate(body) if u.kind in ("text", "bullet")), len(body))
    # Furniture above the story (a date line, the headline repeated, a counter, a caption) shows
    # the page was scraped with its header, so short label lines up there (section names, alt
    # text, bylines) are furniture too.  Without such evidence a short first line is story text
    # (wire items such as "Shr 75 cts vs 52 cts" are made of them).
    scraped_header = header_date is not None or any(
        u.kind in ("title", "furniture", "teaser", "date", "caption") for u in body[:lead_end]
    )
    story_started = False
    for i, u in enumerate(body):
        prev_kind = body[i - 1].kind if i > 0 else ("date" if header_date is not None else "")
        next_kind = body[i + 1].kind if i + 1 < len(body) else ""
        if u.kind in ("title", "furniture", "teaser"):
            continue
        if u.kind == "date":
            date = date or parse_date(u.text)
            continue
        if u.kind == "caption" and (i < lead_end or _is_strong_credit(u.text)):
            caption = caption or u.text
            continue
        if u.kind == "bullet":
            story_started = True
            blocks.append(Block("li", (Segment(_BULLET.sub("", u.text, count=1)),), u.line))
            continue
        if u.kind == "short":
            if next_kind == "caption" or prev_kind in ("title", "date"):
                continue  # image alt text standing next to its caption or under the headline
            if i < lead_end and scraped_header:
                if _is_byline(u.text) and author is None:
                    author = clean_text(u.text[2:])
                continue
            if _is_title_case(u.text):
                blocks.append(Block("h", (Segment(u.text),), u.line))
                continue
        if not story_started:
            dateline = _find_dateline(u.text)
            story_started = True
        blocks.append(Block("p", (Segment(u.text),), u.line))

    if not blocks:
        raise SourceError(
            name,
            units[-1].line if units else 1,
            "no body text: after the title, date and page furniture nothing is left",
        )
    return Article(
        source=name,
        slug=slugify(title),
        title=title,
        date=date,
        author=author,
        summary=" ".join(summary_parts) or None,
        dateline=dateline,
        caption=caption,
        blocks=tuple(blocks),
        fmt="txt",
    )


# ---------------------------------------------------------------------------------------------
# Saved HTML pages
# ---------------------------------------------------------------------------------------------

#: trafilatura's XML element -> Block kind.
_XML_KINDS = {"p": "p", "head": "h", "item": "li", "quote": "quote"}


#: What ``pip install`` needs for the HTML reader, named in the message when an import fails.
_HTML_PACKAGES = "trafilatura lxml lxml_html_clean"


def _import_trafilatura(name: str) -> ModuleType:
    """trafilatura, imported on the first HTML source; a :class:`SourceError` if it cannot be.

    The import is deferred because it is heavy and only HTML sources need it.  It fails on an
    install that skipped a package trafilatura needs (jusText imports ``lxml.html.clean``, a
    separate package since lxml 5.2, which the pip Python 3.11 ships does not install), and a
    traceback there would stop the whole build: as a message about this source, the other
    sources still publish and ``--strict`` still fails the build.
    """
    try:
        import trafilatura
    except ImportError as exc:
        if isinstance(exc, ModuleNotFoundError) and exc.name:
            found = f"the Python module {exc.name!r} is not installed"
        else:
            found = " ".join(str(exc).split())
        raise SourceError(
            name,
            1,
            f"cannot read HTML pages: importing trafilatura failed ({found}); "
            f"install the HTML reader's packages with `pip install {_HTML_PACKAGES}` "
            "(reinstalling briefgen installs them too)",
        ) from None
    return trafilatura


def _read_html(text: str, name: str) -> Article:
    trafilatura = _import_trafilatura(name)
    xml = trafilatura.extract(
        text,
        output_format="xml",
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        include_formatting=False,
        favor_precision=True,
        deduplicate=False,
    )
    if not xml:
        raise SourceError(
            name, 1, "no article text found in the HTML page (is it a saved news article?)"
        )
    root = ET.fromstring(xml)
    lines = _LineFinder(text)
    blocks: list[Block] = []
    main = root.find("main")
    parents = {child: parent for parent in root.iter() for child in parent}
    search_from = 0
    for el in main.iter() if main is not None else ():
        kind = _XML_KINDS.get(el.tag)
        if kind is None:
            continue
        if kind in ("quote", "li") and any(child.tag in _XML_KINDS for child in el):
            if kind == "quote":
                continue  # its paragraphs come as their own elements
        elif _has_ancestor(el, parents, "item"):
            continue  # a paragraph inside a list item is part of that item's text
        content = clean_text(_element_text(el))
        if not content:
            continue
        if kind == "p" and _has_ancestor(el, parents, "quote"):
            kind = "quote"
        line = lines.find(content, search_from)
        search_from = max(search_from, line - 1)
        blocks.append(Block(kind, (Segment(content),), line))
    title = clean_text(root.get("title") or "")
    if not title:
        raise SourceError(name, 1, "no title found in the HTML page: add a <title> or <h1>")
    if blocks and blocks[0].kind == "h" and _same_words(blocks[0].text, title):
        blocks = blocks[1:]
    if not blocks:
        raise SourceError(
            name, 1, "no article text found in the HTML page (is it a saved news article?)"
        )
    url = root.get("url") or None
    if url and not _is_web_url(url):
        url = None
    date = root.get("date") or None
    return Article(
        source=name,
        slug=slugify(title),
        title=title,
        date=date if date and re.fullmatch(r"\d{4}-\d{2}-\d{2}", date) else None,
        publisher=clean_text(root.get("sitename") or "") or None,
        url=url,
        author=clean_text(root.get("author") or "") or None,
        summary=clean_text(root.get("description") or "") or None,
        dateline=_first_dateline(blocks),
        blocks=tuple(blocks),
        fmt="html",
    )


def _has_ancestor(el: ET.Element, parents: dict[ET.Element, ET.Element], tag: str) -> bool:
    node = parents.get(el)
    while node is not None:
        if node.tag == tag:
            return True
        node = parents.get(node)
    return False


def _element_text(el: ET.Element) -> str:
    """All text of an element; a line break (``<lb/>``) counts as a space, not as nothing."""
    parts = [el.text or ""]
    for child in el:
        if child.tag == "lb":
            parts.append(" ")
        else:
            parts.append(_element_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


class _LineFinder:
    """Best-effort lines of paragraphs in a saved page (0 when markup hides one).

    The lines are cleaned once, and each search starts at the previous block's line, so text
    repeated in the page's metadata (a description) does not pull every line number to the
    top.  A paragraph that is not found is looked for only :data:`WINDOW` characters ahead:
    a 2 MB page of paragraphs whose first words hold markup would otherwise cost its size
    squared (hours) in searches that all fail.
    """

    WINDOW = 50_000

    def __init__(self, text: str) -> None:
        lines = [clean_text(html.unescape(line)) for line in text.split("\n")]
        self.text = "\n".join(lines)
        self.starts = list(itertools.accumulate((len(line) + 1 for line in lines[:-1]), initial=0))

    def find(self, content: str, start: int) -> int:
        """1-based line of ``content``'s first words at or after 0-based line ``start``."""
        needle = " ".join(content.split()[:5])
        begin = self.starts[min(start, len(self.starts) - 1)]
        hit = self.text.find(needle, begin, begin + self.WINDOW)
        return 0 if hit < 0 else bisect.bisect_right(self.starts, hit)
