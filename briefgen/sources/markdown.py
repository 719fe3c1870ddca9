"""The Markdown reader (``.md``/``.markdown``): front matter, then the body through markdown-it-py.

Links, code spans and raw HTML become their own :class:`~briefgen.model.Segment` kinds, so the
annotator can never insert a link inside them and raw HTML never reaches a page live.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from markdown_it import MarkdownIt
from markdown_it.token import Token

from briefgen.datelines import first_dateline
from briefgen.errors import SourceError
from briefgen.mdsafe import code_span as _code_span
from briefgen.mdsafe import escape_url as _escape_url
from briefgen.model import Article, Block, Segment
from briefgen.slug import slugify
from briefgen.sources.clean import _cap_symbol_runs, _collapse, _safe_url, _same_words, clean_text
from briefgen.sources.dates import iso
from briefgen.sources.frontmatter import _split_front_matter, _validate_front_matter


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
        date=iso(meta.get("date")),
        publisher=meta.get("publisher"),
        url=meta.get("url"),
        author=meta.get("author"),
        tags=meta.get("tags", ()),
        summary=meta.get("summary"),
        dateline=first_dateline(blocks),
        blocks=tuple(blocks),
        fmt="md",
    )


def _first_is_h1(body: str) -> bool:
    tokens = _MARKDOWN.parse(body)
    return bool(tokens) and tokens[0].type == "heading_open" and tokens[0].tag == "h1"


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
