"""The scraped-text reader (``.txt``): a news page copied as text, debris and all.

Scrapers leave counters, image alt text, captions, "RELATED:" teasers and the headline
repeated; general layout rules separate that debris from the story.  Nothing here knows any
particular story or site.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from briefgen.datelines import find_dateline
from briefgen.errors import SourceError
from briefgen.model import Article, Block, Segment
from briefgen.slug import slugify
from briefgen.sources.clean import _same_words, clean_text
from briefgen.sources.dates import iso, read_date

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

#: Title, date, standfirst and page furniture are found in the first lines of the page.
_HEADER_LINES = 12

_MAX_SHORT_WORDS = 12


@dataclass
class _Unit:
    """One paragraph of the scraped text: a line, or hard-wrapped lines joined."""

    text: str
    line: int
    kind: str = "text"
    date: dt.date | None = None
    """The date a ``date`` unit holds, read once when the unit is classified."""


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
        elif (day := read_date(u.text)) is not None:
            u.kind, u.date = "date", day
        elif _BULLET.match(u.text):
            u.kind = "bullet"
        elif _is_caption(u.text):
            u.kind = "caption"
        elif _is_short(u.text):
            u.kind = "short"
        else:
            u.kind = "text"


def _read_text(text: str, name: str) -> Article:
    units = _text_units(text)
    if not units:
        raise SourceError(name, 1, "empty file: no line has visible text; a source needs a title")
    title = units[0].text
    units = units[1:]
    _classify(units, title)

    date: dt.date | None = None
    summary_parts: list[str] = []
    author: str | None = None
    start = 0
    # A date line among the first lines closes the page header: prose between the title and the
    # date is the standfirst (kept as the summary, not the body), bylines give the author.
    header_date = next((i for i, u in enumerate(units[:_HEADER_LINES]) if u.kind == "date"), None)
    if header_date is not None:
        date = units[header_date].date
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
            date = date or u.date
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
            dateline = find_dateline(u.text)
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
        date=iso(date),
        author=author,
        summary=" ".join(summary_parts) or None,
        dateline=dateline,
        caption=caption,
        blocks=tuple(blocks),
        fmt="txt",
    )
