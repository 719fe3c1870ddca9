"""Tests for briefgen.sources: discovery, the three readers and their error messages.

The seed article is read from ../shared/corpus at run time (never copied here); every other
case is a small page written for these tests.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from briefgen.errors import SourceError
from briefgen.model import Article, to_jsonable
from briefgen.sources import (
    clean_text,
    discover,
    parse_date,
    read_source,
    read_source_with_warnings,
)

DATA = Path(__file__).resolve().parent / "data" / "sources"


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def kinds_and_texts(article: Article) -> list[tuple[str, str]]:
    return [(b.kind, b.text) for b in article.blocks]


def assert_clean_blocks(article: Article) -> None:
    """Invariants every reader must keep: one-line blocks, no doubled or edge spaces."""
    for block in article.blocks:
        assert "\n" not in block.text
        assert "  " not in block.text
        assert block.text == block.text.strip()
        assert block.text


# ---------------------------------------------------------------------------------------------
# discover
# ---------------------------------------------------------------------------------------------


def test_discover_lists_every_candidate_sorted_and_skips_hidden_drafts_and_glossary(tmp_path):
    for name in [
        "b-story.md",
        "a-story.txt",
        "nested/c-page.html",
        "nested/deeper/d.htm",
        "photo.png",  # unknown: listed so read_source reports it
        "notes.docx",
        "glossary.yml",
        "nested/glossary.yaml",
        ".hidden.md",
        ".git/config.md",
        "_drafts/e.md",
        "nested/_templates/f.md",
    ]:
        write(tmp_path, name, "x")
    (tmp_path / "empty-folder").mkdir()
    found = [p.relative_to(tmp_path).as_posix() for p in discover(tmp_path)]
    assert found == [
        "a-story.txt",
        "b-story.md",
        "nested/c-page.html",
        "nested/deeper/d.htm",
        "notes.docx",
        "photo.png",
    ]


def test_discover_empty_folder(tmp_path):
    assert discover(tmp_path) == []


# ---------------------------------------------------------------------------------------------
# The seed article (scraped plain text)
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_expected(seed_path: Path) -> dict:
    return yaml.safe_load((seed_path.parent / "expected.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seed_article(seed_path: Path) -> Article:
    return read_source(seed_path, display="sources/seed.txt")


@pytest.fixture(scope="module")
def seed_story(seed_path: Path, seed_expected: dict) -> list[tuple[str, str]]:
    """The story paragraphs, worked out from the file independently of the reader.

    The story starts after the photo caption; from there every non-blank line is story text
    except the debris expected.yml names.  Bullet lines are list items.
    """
    lines = [clean_text(x) for x in seed_path.read_text(encoding="utf-8").splitlines()]
    caption = seed_expected["metadata"]["photo_caption"]
    noise = {str(x) for x in seed_expected["metadata"]["noise_lines"]}
    start = lines.index(caption) + 1
    story = []
    for line in lines[start:]:
        if not line or line in noise or line == lines[0]:
            continue
        if line.startswith("•"):
            story.append(("li", line.lstrip("• ")))
        else:
            story.append(("p", line))
    return story


def test_seed_metadata(seed_article, seed_expected):
    meta = seed_expected["metadata"]
    assert seed_article.title == meta["title"]
    assert seed_article.date == str(meta["date"]) == "2025-03-03"
    assert seed_article.dateline == meta["dateline"] == "BELFAST"
    assert seed_article.caption == meta["photo_caption"]
    assert seed_article.fmt == "txt"
    assert seed_article.source == "sources/seed.txt"
    assert seed_article.slug.startswith("amid-us-rift-with-ukraine")


def test_seed_noise_lines_never_reach_the_body(seed_article, seed_expected):
    texts = [b.text for b in seed_article.blocks]
    for noise in seed_expected["metadata"]["noise_lines"]:
        noise = str(noise)
        if noise.startswith("the title"):
            noise = seed_article.title
        assert noise not in texts
    assert not any(t.startswith("RELATED:") for t in texts)
    assert seed_article.caption not in texts
    assert seed_article.title not in texts
    # The standfirst is the summary, not a body paragraph.
    assert seed_article.summary and seed_article.summary not in texts


def test_seed_standfirst_is_the_summary(seed_article, seed_path):
    # In this page shape the standfirst is the first paragraph after the headline.
    lines = [clean_text(x) for x in seed_path.read_text(encoding="utf-8").splitlines()]
    standfirst = next(x for x in lines[1:] if x)
    assert seed_article.summary == standfirst


def test_seed_keeps_every_story_paragraph_and_nothing_else(seed_article, seed_story):
    # Sub-headings are story text too; the reader marks them "h" instead of "p".
    got = [("p" if k == "h" else k, t) for k, t in kinds_and_texts(seed_article)]
    assert got == seed_story
    assert sum(1 for k, _ in seed_story if k == "li") == 3
    assert_clean_blocks(seed_article)


def test_seed_dateline_paragraph_kept_whole(seed_article):
    first = seed_article.blocks[0].text
    assert first.startswith("BELFAST — ")
    assert seed_article.text.startswith(first)


def test_seed_subheading_is_a_heading(seed_article, seed_path):
    headings = [b for b in seed_article.blocks if b.kind == "h"]
    assert len(headings) == 1
    line = seed_path.read_text(encoding="utf-8").splitlines()[headings[0].line - 1]
    assert clean_text(line) == headings[0].text
    assert not headings[0].text.endswith(".")


def test_seed_block_lines_point_into_the_file(seed_article, seed_path):
    lines = seed_path.read_text(encoding="utf-8").splitlines()
    for block in seed_article.blocks:
        assert block.text.endswith(clean_text(lines[block.line - 1]).lstrip("• ")[-20:])


# ---------------------------------------------------------------------------------------------
# Scraped plain text: general shapes (pages written for these tests)
# ---------------------------------------------------------------------------------------------

WIRE_PAGE = """\
Grain prices climb as dry spell grips the plains

3 March 2025 09:15 GMT
Markets
By Hannah Okafor

LONDON (Reuters) - Wheat futures rose for a third day on Monday as forecasters said the dry
weather across the southern plains would last into April.

Traders said stocks held by the largest exporters were already thin.

READ MORE: Fertiliser costs ease for the first time in two years

- Corn rose by two percent
- Soybeans were flat

Outlook For Spring Planting

Analysts expect farmers to plant less wheat if the rain does not come soon.
"""

NO_DATE_PAGE = """\
Town hall clock to chime again

The clock above the town hall will chime again from next week after volunteers repaired its
worn gears, the parish council said.

SEE ALSO: Bell ringers look for new members

WASHINGTON, March 3 — This paragraph has a dateline but is not the first one.
"""

CAPTION_PAGE = """\
Coastal path reopens after landslip
Published: Monday, March 10, 2025
 12
Coastal path reopens after landslip
Cliff walkers
Walkers return to the cliff path above the cove on Sunday (Photo: Ines Varga/Shoreline Press)
SAINT IVES — The coastal path between the two coves reopened on Sunday after engineers
finished shoring up the slope that gave way in January.
• A diversion through the fields has been removed
• Dogs must be kept on a lead near the edge
Share
The council thanked residents for their patience.
"""


@pytest.mark.parametrize(
    ("name", "text", "fields", "blocks"),
    [
        (
            "wire",
            WIRE_PAGE,
            {
                "title": "Grain prices climb as dry spell grips the plains",
                "date": "2025-03-03",
                "dateline": "LONDON",
                "author": "Hannah Okafor",
                "summary": None,
                "caption": None,
            },
            [
                (
                    "p",
                    "LONDON (Reuters) - Wheat futures rose for a third day on Monday as "
                    "forecasters said the dry weather across the southern plains would last "
                    "into April.",
                ),
                ("p", "Traders said stocks held by the largest exporters were already thin."),
                ("li", "Corn rose by two percent"),
                ("li", "Soybeans were flat"),
                ("h", "Outlook For Spring Planting"),
                (
                    "p",
                    "Analysts expect farmers to plant less wheat if the rain does not come soon.",
                ),
            ],
        ),
        (
            "no date line: the first paragraph stays in the body, later datelines ignored",
            NO_DATE_PAGE,
            {"date": None, "dateline": None, "summary": None, "author": None},
            [
                (
                    "p",
                    "The clock above the town hall will chime again from next week after "
                    "volunteers repaired its worn gears, the parish council said.",
                ),
                (
                    "p",
                    "WASHINGTON, March 3 — This paragraph has a dateline but is not the first one.",
                ),
            ],
        ),
        (
            "caption, counter, repeated title, alt text, bullets, furniture",
            CAPTION_PAGE,
            {
                "date": "2025-03-10",
                "dateline": "SAINT IVES",
                "caption": "Walkers return to the cliff path above the cove on Sunday "
                "(Photo: Ines Varga/Shoreline Press)",
            },
            [
                (
                    "p",
                    "SAINT IVES — The coastal path between the two coves reopened on Sunday after "
                    "engineers finished shoring up the slope that gave way in January.",
                ),
                ("li", "A diversion through the fields has been removed"),
                ("li", "Dogs must be kept on a lead near the edge"),
                ("p", "The council thanked residents for their patience."),
            ],
        ),
    ],
)
def test_scraped_text_shapes(tmp_path, name, text, fields, blocks):
    article = read_source(write(tmp_path, "page.txt", text))
    for key, value in fields.items():
        assert getattr(article, key) == value, key
    assert kinds_and_texts(article) == blocks
    assert article.fmt == "txt"
    assert_clean_blocks(article)


def test_scraped_text_standfirst_before_date_is_the_summary(tmp_path):
    page = (
        "Ferry fares frozen for another year\n\n"
        "By the end of March, islanders will have seen fares unchanged for two years.\n\n"
        "By Lewis Mackay, Transport reporter\n"
        "Jan 9, 2025\n\n"
        "The operator said fares on all routes would stay at current levels until next spring.\n"
    )
    article = read_source(write(tmp_path, "f.txt", page))
    assert article.summary == (
        "By the end of March, islanders will have seen fares unchanged for two years."
    )
    assert article.author == "Lewis Mackay, Transport reporter"
    assert article.date == "2025-01-09"
    assert [b.line for b in article.blocks] == [8]
    assert article.text.startswith("The operator said")


@pytest.mark.parametrize(
    ("first_paragraph", "dateline"),
    [
        ("BELFAST — In the event of a vote, the assembly will sit late.", "BELFAST"),
        ("LONDON (Reuters) - Shares fell in early trade.", "LONDON"),
        ("WASHINGTON, March 3 — The Senate adjourned.", "WASHINGTON"),
        ("NEW YORK, Feb 26 - The company said profits rose.", "NEW YORK"),
        ("ST. LOUIS, Mo. — A storm knocked out power.", "ST. LOUIS"),
        ("KYIV, Ukraine (AP) — Sirens sounded overnight.", "KYIV"),
        ("Geneva (AFP) - Talks resumed on Tuesday.", "Geneva"),
        # Negative cases: capitals or dashes that are not a dateline.
        ("US President Joan Doe — who spoke first — said little.", None),
        ("I — for one — did not expect the result.", None),
        ("The mayor said the plan - costly as it is - would pass.", None),
    ],
)
def test_dateline_detection(tmp_path, first_paragraph, dateline):
    article = read_source(write(tmp_path, "d.txt", f"A headline here\n\n{first_paragraph}\n"))
    assert article.dateline == dateline
    assert article.blocks[0].text == first_paragraph


def test_hard_wrapped_lines_are_joined(tmp_path):
    page = (
        "Orchard harvest starts early\n\n"
        "Growers in the valley began picking apples two weeks earlier than usual this\n"
        "year after a warm summer, the growers' association said on Friday.\n"
    )
    article = read_source(write(tmp_path, "w.txt", page))
    assert kinds_and_texts(article) == [
        (
            "p",
            "Growers in the valley began picking apples two weeks earlier than usual this year "
            "after a warm summer, the growers' association said on Friday.",
        )
    ]


# ---------------------------------------------------------------------------------------------
# Markdown with front matter
# ---------------------------------------------------------------------------------------------

MARKDOWN = """\
---
title: Harbour council backs new ferry link
date: 2024-11-05
publisher: The Coastal Ledger
url: https://example.org/ferry
author: Mira Holt
tags: [transport, local, 2024]
summary: Councillors voted to fund a second crossing.
---

# Harbour council backs new ferry link

The council in **Port Ellan** voted on *Tuesday* to fund a ferry,
according to [the minutes](https://example.org/minutes?a=1&b=(2)) and a
[tampered link](javascript:alert(1)).

Run ``make `ferry` `` or read <span class="note">inline</span> markup.

<script>alert("x")</script>

> “We have waited years,” said one
> resident.

## Next steps

- first item
- second item with ![a photo](photo.png) an image
- mail [the clerk](mailto:clerk@example.org)
"""


@pytest.fixture
def md_article(tmp_path) -> Article:
    return read_source(write(tmp_path, "ferry.md", MARKDOWN), display="sources/ferry.md")


def test_markdown_front_matter_fields(md_article):
    a = md_article
    assert (a.title, a.date, a.publisher, a.url, a.author) == (
        "Harbour council backs new ferry link",
        "2024-11-05",
        "The Coastal Ledger",
        "https://example.org/ferry",
        "Mira Holt",
    )
    assert a.tags == ("transport", "local", "2024")
    assert a.summary == "Councillors voted to fund a second crossing."
    assert a.slug == "harbour-council-backs-new-ferry-link"
    assert a.fmt == "md"
    assert a.source == "sources/ferry.md"


def test_markdown_blocks_kinds_and_file_lines(md_article):
    # The "# title" heading repeats the title and is dropped; lines count the front matter.
    assert [(b.kind, b.line) for b in md_article.blocks] == [
        ("p", 13),
        ("p", 17),
        ("p", 19),
        ("quote", 21),
        ("h", 24),
        ("li", 26),
        ("li", 27),
        ("li", 28),
    ]
    assert_clean_blocks(md_article)
    assert md_article.blocks[3].text == "“We have waited years,” said one resident."
    assert md_article.blocks[6].text == "second item with an image"


def test_markdown_link_and_emphasis_segments(md_article):
    segs = [(s.kind, s.text, s.raw) for s in md_article.blocks[0].segments]
    assert segs == [
        ("text", "The council in ", ""),
        ("markup", "", "**"),
        ("text", "Port Ellan", ""),
        ("markup", "", "**"),
        ("text", " voted on ", ""),
        ("markup", "", "*"),
        ("text", "Tuesday", ""),
        ("markup", "", "*"),
        ("text", " to fund a ferry, according to ", ""),
        ("markup", "", "["),
        ("link", "the minutes", ""),
        # Parentheses in the address are encoded so they cannot close the link early.
        ("markup", "", "](https://example.org/minutes?a=1&b=%282%29)"),
        # An unsafe scheme keeps its visible text but loses the link.
        ("text", " and a tampered link.", ""),
    ]
    assert "javascript" not in "".join(s.raw for s in md_article.blocks[0].segments)


def test_markdown_code_and_inline_html_segments(md_article):
    segs = [(s.kind, s.text, s.raw) for s in md_article.blocks[1].segments]
    assert segs == [
        ("text", "Run ", ""),
        # CommonMark keeps the lone trailing space; the span is re-fenced so it round-trips.
        ("code", "make `ferry` ", "``make `ferry` ``"),
        ("text", "or read ", ""),  # no doubled space after the code span
        ("html", '<span class="note">', ""),
        ("text", "inline", ""),
        ("html", "</span>", ""),
        ("text", " markup.", ""),
    ]


def test_markdown_script_block_stays_html(md_article):
    block = md_article.blocks[2]
    assert [(s.kind, s.text) for s in block.segments] == [("html", '<script>alert("x")</script>')]
    # Nothing from a source is ever markup-to-emit except the reader's own safe segments.
    for b in md_article.blocks:
        for s in b.segments:
            if s.kind == "markup":
                assert "<" not in s.raw


def test_markdown_mailto_link_kept(md_article):
    raws = [s.raw for s in md_article.blocks[7].segments if s.kind == "markup"]
    assert raws == ["[", "](mailto:clerk@example.org)"]


@pytest.mark.parametrize(
    ("front_matter", "slug"),
    [
        ("title: Budget day\nslug: Budget 2025", "budget-2025"),
        ("title: Budget — day “one”", "budget-day-one"),
    ],
)
def test_markdown_slug(tmp_path, front_matter, slug):
    article = read_source(write(tmp_path, "s.md", f"---\n{front_matter}\n---\n\nBody text.\n"))
    assert article.slug == slug


@pytest.mark.parametrize(
    ("body", "dateline"),
    [
        ("OSLO — The fjord ferry resumed service.", "OSLO"),
        ("The fjord ferry resumed service in OSLO — on time.", None),
        ("`OSLO` — code first, so no dateline.", None),
    ],
)
def test_markdown_dateline(tmp_path, body, dateline):
    article = read_source(write(tmp_path, "d.md", f"---\ntitle: T\n---\n\n{body}\n"))
    assert article.dateline == dateline


def test_markdown_without_front_matter_uses_leading_h1(tmp_path):
    article = read_source(write(tmp_path, "n.md", "# Quiet night at the observatory\n\nText.\n"))
    assert article.title == "Quiet night at the observatory"
    assert kinds_and_texts(article) == [("p", "Text.")]
    assert article.blocks[0].line == 3


def test_markdown_image_only_link_is_dropped(tmp_path):
    article = read_source(
        write(tmp_path, "i.md", "---\ntitle: T\n---\n[![alt](x.png)](https://e.org) Caption\n")
    )
    assert [(s.kind, s.text) for s in article.blocks[0].segments] == [("text", "Caption")]


def test_blank_optional_keys_mean_absent(tmp_path):
    article = read_source(
        write(tmp_path, "b.md", "---\ntitle: T\ndate:\ntags:\nauthor:\n---\nBody.\n")
    )
    assert (article.date, article.tags, article.author) == (None, (), None)


def test_markdown_crlf_and_bom(tmp_path):
    raw = "\ufeff---\r\ntitle: T\r\n---\r\n\r\nLine one\r\nline two.\r\n".encode()
    article = read_source(write(tmp_path, "w.md", raw))
    assert kinds_and_texts(article) == [("p", "Line one line two.")]
    assert article.blocks[0].line == 5


def test_unknown_front_matter_key_is_a_warning(tmp_path):
    path = write(tmp_path, "w.md", "---\ntitle: T\nmood: upbeat\ndate: 2024-01-02\n---\nBody.\n")
    article, warnings = read_source_with_warnings(path, display="sources/w.md")
    assert article.title == "T" and article.date == "2024-01-02"
    assert [str(w) for w in warnings] == [
        "sources/w.md:3: unknown front matter key 'mood' ignored "
        "(known keys: author, date, publisher, slug, summary, tags, title, url)"
    ]
    assert read_source(path).title == "T"


def test_clean_source_has_no_warnings(tmp_path):
    _, warnings = read_source_with_warnings(write(tmp_path, "ok.md", "---\ntitle: T\n---\nB.\n"))
    assert warnings == []


# ---------------------------------------------------------------------------------------------
# Errors: path:line: message
# ---------------------------------------------------------------------------------------------

ERROR_CASES = [
    ("empty.md", b"", "empty.md:1: empty file: found 0 bytes; a source needs a title and a body"),
    (
        "blank.txt",
        b"\n   \n",
        "blank.txt:1: empty file: found only whitespace; a source needs a title and a body",
    ),
    (
        "photo.md",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        "photo.md:1: not UTF-8 text: byte 0x89 on line 1, column 1 (offset 0); "
        "sources must be .md, .txt or .html files saved as UTF-8",
    ),
    (
        "latin1.txt",
        "Title\n\nCaf\u00e9 owners\n".encode("latin-1"),
        "latin1.txt:3: not UTF-8 text: byte 0xe9 on line 3, column 4 (offset 10) reads as "
        "'é' in Latin-1/Windows-1252; re-save the file as UTF-8; "
        "sources must be .md, .txt or .html files saved as UTF-8",
    ),
    (
        "utf16.txt",
        "Hi".encode("utf-16-le"),
        "utf16.txt:1: UTF-16 text without a byte-order mark, not UTF-8; "
        "sources must be .md, .txt or .html files saved as UTF-8",
    ),
    (
        "notepad-utf16.md",
        "---\ntitle: T\n---\nBody.\n".encode("utf-16"),
        "notepad-utf16.md:1: UTF-16 text (byte-order mark FF FE), not UTF-8; "
        "sources must be .md, .txt or .html files saved as UTF-8",
    ),
    (
        "utf32.txt",
        "Title\n\nBody.\n".encode("utf-32"),
        "utf32.txt:1: UTF-32 text (byte-order mark FF FE 00 00), not UTF-8; "
        "sources must be .md, .txt or .html files saved as UTF-8",
    ),
    (
        "notepad-empty.txt",
        b"\xef\xbb\xbf",
        "notepad-empty.txt:1: empty file: found only invisible characters (byte-order mark, "
        "zero-width or control characters); a source needs a title and a body",
    ),
    (
        "invisible.txt",
        "\u200b\u00a0\x01\n\u200d\u2060\n".encode(),
        "invisible.txt:1: empty file: found only invisible characters (byte-order mark, "
        "zero-width or control characters); a source needs a title and a body",
    ),
    (
        "invisible.md",
        "\ufeff\u200b\n".encode(),
        "invisible.md:1: empty file: found only invisible characters (byte-order mark, "
        "zero-width or control characters); a source needs a title and a body",
    ),
    (
        "unclosed-quote.md",
        b'---\ntitle: "Ministers meet\ndate: 2025-03-03\n---\nBody.\n',
        "unclosed-quote.md:2: broken YAML front matter: found unexpected end of stream "
        "(while scanning a quoted scalar that starts on this line); noticed on line 3",
    ),
    (
        "alias.md",
        b"---\ntitle: &t Ministers meet\nsummary: *t\n---\nBody.\n",
        "alias.md:3: broken YAML front matter: aliases (*name) are not supported: "
        "write the value out",
    ),
    (
        "deep.md",
        b"---\ntitle: T\ntags: " + b"[" * 5000 + b"\n---\nBody.\n",
        "deep.md:3: broken YAML front matter: nested more than 32 levels deep",
    ),
    (
        "table.csv",
        b"a,b\n1,2\n",
        "table.csv:1: unknown source type '.csv'; "
        "sources must be .md, .txt or .html files saved as UTF-8",
    ),
    (
        "broken.md",
        b"---\ntitle: Fine\ntags: [one, two\nauthor: Someone\n---\nBody.\n",
        "broken.md:3: broken YAML front matter: expected ',' or ']', but got ':' "
        "(while parsing a flow sequence that starts on this line); noticed on line 4",
    ),
    (
        "indent.md",
        b"---\ntitle: Fine\n  author: Someone\n---\nBody.\n",
        "indent.md:3: broken YAML front matter: mapping values are not allowed here",
    ),
    (
        "unclosed.md",
        b"---\ntitle: Fine\n\nBody.\n",
        "unclosed.md:1: front matter opened with '---' is never closed: add a '---' line after it",
    ),
    (
        "baddate.md",
        b"---\ntitle: Fine\ndate: next Tuesday\n---\nBody.\n",
        "baddate.md:3: date: expected a date such as 2025-03-03, found text 'next Tuesday'",
    ),
    (
        "impossible-date.md",
        b"---\ntitle: Fine\n\ndate: 2025-13-45\n---\nBody.\n",
        "impossible-date.md:4: date: expected a date such as 2025-03-03, found text '2025-13-45'",
    ),
    (
        "tags.md",
        b"---\ntitle: Fine\ntags: politics\n---\nBody.\n",
        "tags.md:3: tags: expected a list such as [politics, ukraine], found text 'politics'",
    ),
    (
        "notitle.md",
        b"---\ndate: 2025-01-01\n---\nBody.\n",
        "notitle.md:1: title: expected a non-empty title in the front matter "
        "(---, title: ..., ---), found no title key",
    ),
    (
        "emptytitle.md",
        b"---\ntitle: ''\n---\nBody.\n",
        "emptytitle.md:2: title: expected a non-empty title in the front matter "
        "(---, title: ..., ---), found ''",
    ),
    (
        "blanktitle.md",
        b"---\ntitle:\n---\nBody.\n",
        "blanktitle.md:2: title: expected a non-empty title in the front matter "
        "(---, title: ..., ---), found nothing",
    ),
    (
        "number-author.md",
        b"---\ntitle: T\nauthor: {name: Ann}\n---\nBody.\n",
        "number-author.md:3: author: expected text, found mapping {'name': 'Ann'}",
    ),
    (
        "listtitle.md",
        b"---\ntitle: [a, b]\n---\nBody.\n",
        "listtitle.md:2: title: expected text, found list ['a', 'b']",
    ),
    (
        "url.md",
        b"---\ntitle: T\nurl: javascript:alert(1)\n---\nBody.\n",
        "url.md:3: url: expected an http:// or https:// address, found text 'javascript:alert(1)'",
    ),
    (
        "dupe.md",
        b"---\ntitle: One\ntitle: Two\n---\nBody.\n",
        "dupe.md:3: duplicate front matter key 'title' (first on line 2)",
    ),
    (
        "list.md",
        b"---\n- a\n- b\n---\nBody.\n",
        "list.md:2: front matter must be 'key: value' lines, found a list",
    ),
    (
        "python-tag.md",
        b"---\ntitle: !!python/object:os.system x\n---\nBody.\n",
        "python-tag.md:2: broken YAML front matter: could not determine a constructor for the "
        "tag 'tag:yaml.org,2002:python/object:os.system'",
    ),
    (
        "nobody.md",
        b"---\ntitle: Only a title\n---\n\n",
        "nobody.md:4: no body text: add the article's paragraphs after the front matter",
    ),
    (
        "nobody.txt",
        b"Just a headline\n\nMar 3, 2025\n 0\nRELATED: Something else entirely\n",
        "nobody.txt:5: no body text: after the title, date and page furniture nothing is left",
    ),
    (
        "empty-page.html",
        b"<html><head><title>Nothing here</title></head><body><nav>Home</nav></body></html>",
        "empty-page.html:1: no article text found in the HTML page (is it a saved news article?)",
    ),
]


@pytest.mark.parametrize(
    ("name", "content", "message"), ERROR_CASES, ids=[c[0] for c in ERROR_CASES]
)
def test_source_errors(tmp_path, name, content, message):
    path = write(tmp_path, name, content)
    with pytest.raises(SourceError) as info:
        read_source(path, display=name)
    assert str(info.value) == message
    assert info.value.path == name


def test_error_uses_full_path_when_no_display(tmp_path):
    path = write(tmp_path, "e.md", b"")
    with pytest.raises(SourceError, match=r"e\.md:1: empty file"):
        read_source(path)
    with pytest.raises(SourceError) as info:
        read_source(path)
    assert info.value.path == path.as_posix()


def test_missing_file_is_a_source_error(tmp_path):
    with pytest.raises(SourceError) as info:
        read_source(tmp_path / "gone.md", display="gone.md")
    assert str(info.value).startswith("gone.md:1: cannot read file: ")


# ---------------------------------------------------------------------------------------------
# Saved HTML page
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def html_article() -> Article:
    return read_source(DATA / "saved-page.html", display="sources/saved-page.html")


def test_html_metadata(html_article):
    a = html_article
    assert a.title == "Riverside library reopens after flood repairs"
    assert a.date == "2024-06-14"
    assert a.publisher == "The Valley Courier"
    assert a.author == "Tomas Reyes"
    assert a.url == "https://courier.example.org/news/riverside-library-reopens"
    assert a.fmt == "html"
    assert a.slug == "riverside-library-reopens-after-flood-repairs"


def test_html_main_text_without_boilerplate(html_article):
    kinds = [b.kind for b in html_article.blocks]
    assert kinds == ["p", "p", "h", "p", "li", "li", "p"]
    assert html_article.blocks[0].text.startswith("The Riverside branch library opened its doors")
    assert html_article.blocks[1].text.endswith("standing beside the new children’s corner.")
    assert html_article.blocks[2].text == "What changed inside"
    text = html_article.text
    for boilerplate in [
        "Subscribe",
        "Most read",
        "Bakery",
        "Copyright",
        "Follow us",
        "Home",
        "Cookie",
    ]:
        assert boilerplate not in text
    assert_clean_blocks(html_article)
    assert all(b.line > 0 for b in html_article.blocks)


def test_html_script_never_becomes_text(tmp_path):
    paragraph = (
        "The ferry company confirmed on Thursday that the evening crossing would run all winter, "
        "after a petition signed by more than two thousand islanders asked it to stay."
    )
    page = (
        "<html><head><title>Evening ferry stays</title></head><body><article>"
        f"<h1>Evening ferry stays</h1><p>{paragraph}</p>"
        "<script>document.write('injected')</script>"
        f"<p>{paragraph.replace('Thursday', 'Friday')}</p></article></body></html>"
    )
    article = read_source(write(tmp_path, "f.html", page))
    assert article.title == "Evening ferry stays"
    assert "injected" not in article.text
    assert "<script" not in article.text
    assert article.blocks[0].text == paragraph


def test_html_line_breaks_quotes_and_list_paragraphs(tmp_path):
    filler = (
        "Volunteers counted more than four hundred wading birds on the estuary at dawn, the "
        "highest number recorded there since the survey began a decade ago."
    )
    page = (
        "<html><head><title>Bird count breaks record</title></head><body><article>"
        f"<h1>Bird count breaks record</h1><p>{filler}</p>"
        "<p>Survey office<br>Harbour Road</p>"
        "<blockquote><p>We have never seen the mudflats this busy in winter.</p></blockquote>"
        "<ul><li><p>Redshank numbers doubled</p></li><li>Curlew held steady</li></ul>"
        f"<p>{filler.replace('dawn', 'dusk')}</p></article></body></html>"
    )
    article = read_source(write(tmp_path, "b.html", page))
    assert kinds_and_texts(article)[1:4] == [
        ("p", "Survey office Harbour Road"),
        ("quote", "We have never seen the mudflats this busy in winter."),
        ("li", "Redshank numbers doubled"),
    ]
    assert ("li", "Curlew held steady") in kinds_and_texts(article)


# ---------------------------------------------------------------------------------------------
# Cleaning and dates
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("  two\u00a0 spaces\tand\ttabs \n", "two spaces and tabs"),
        ("zero\u200bwidth\u200d join\ufeff", "zerowidth join"),
        ("soft\u00adhyphen", "softhyphen"),
        ("Cafe\u0301", "Caf\u00e9"),  # NFC
        ("“curly” ‘quotes’ — kept", "“curly” ‘quotes’ — kept"),
    ],
)
def test_clean_text(raw, clean):
    assert clean_text(raw) == clean


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("Mar 3, 2025 - 21:21", "2025-03-03"),
        ("March 3, 2025", "2025-03-03"),
        ("3 March 2025", "2025-03-03"),
        ("2025-03-03", "2025-03-03"),
        ("2025-03-03T21:21:00Z", "2025-03-03"),
        ("Sept. 4, 2024", "2024-09-04"),
        ("Monday, March 3, 2025 at 9:21 p.m. EST", "2025-03-03"),
        ("Published 3 Mar 2025, 21:21 GMT", "2025-03-03"),
        ("Updated: Dec 31st, 2024 | 08:00", "2024-12-31"),
        # Negative: not a date line, or an impossible date.
        ("Feb 30, 2025", None),
        ("March 3, 2025 was the day it began.", None),
        ("0", None),
        ("Mayday calls rose in 2025", None),
    ],
)
def test_parse_date(line, iso):
    assert parse_date(line) == iso


@pytest.mark.parametrize(
    ("front", "iso"),
    [
        ("date: 2025-03-03", "2025-03-03"),  # YAML's own date
        ("date: 2025-03-03 10:30:00", "2025-03-03"),  # YAML's datetime: the day is kept
        ('date: "March 3, 2025"', "2025-03-03"),  # text, read like a scraped date line
    ],
)
def test_every_date_is_read_once_into_a_day(tmp_path, front: str, iso: str) -> None:
    """Whatever form a source gives, ``Article.date`` is ISO and ``Article.day`` its date."""
    article = read_source(write(tmp_path, "d.md", f"---\ntitle: T\n{front}\n---\nBody.\n"))
    assert article.date == iso
    assert article.day == dt.date.fromisoformat(iso)
    assert article.day is article.day  # cached: pages and the relater never parse it again
    assert "day" not in to_jsonable(article)  # not a field: the cache keeps the ISO form


@pytest.mark.parametrize("iso", [None, "2025-02-30", "soon"])
def test_article_day_is_none_without_a_real_date(iso: str | None) -> None:
    assert Article(source="s.md", slug="s", title="T", date=iso).day is None


def test_unknown_keys_beyond_five_are_counted_in_one_warning(tmp_path):
    front = "".join(f"extra{i}: x\n" for i in range(40))
    path = write(tmp_path, "keys.md", f"---\ntitle: T\n{front}---\nBody.\n")
    _, warnings = read_source_with_warnings(path, display="keys.md")
    assert [w.line for w in warnings[:5]] == [3, 4, 5, 6, 7]
    assert str(warnings[5]) == (
        "keys.md:2: 35 more unknown front matter keys ignored (only the first 5 are listed)"
    )
    assert len(warnings) == 6


def test_repeated_tags_are_kept_once_in_order(tmp_path):
    path = write(tmp_path, "tags.md", "---\ntitle: T\ntags: [b, a, b, 2, a]\n---\nBody.\n")
    assert read_source(path).tags == ("b", "a", "2")


# ---------------------------------------------------------------------------------------------
# Hostile input: bounded cost, symlinks, deep nesting
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("stars.txt", "A title\n\nSome words " + "*_" * 3000 + " and more.\n"),
        ("dots.md", "---\ntitle: T\n---\n\nWords " + ".," * 3000 + " end.\n"),
        # The run crosses link and code segments: only the block's text shows it whole.
        ("split.md", "---\ntitle: T\n---\n\nA " + "!!!!!!!![!!!!!!!!](http://x.org)`!!!!!!!!`" * 9),
    ],
)
def test_runs_of_symbols_are_cut_to_twenty(tmp_path, name, content):
    from briefgen.sources import MAX_SYMBOL_RUN

    article = read_source(write(tmp_path, name, content))
    runs = [len(r) for r in __import__("re").findall(r"(?:[^\w\s]|_)+", article.text)]
    assert max(runs) == MAX_SYMBOL_RUN == 20
    assert_clean_blocks(article)


def test_normal_punctuation_is_untouched(tmp_path):
    text = 'He said: "It\'s over -- really?!" (see p. 3...) — 5% [sic] & more…'
    article = read_source(write(tmp_path, "p.txt", f"A title\n\n{text}\n"))
    assert article.text == text


def test_markdown_nested_past_the_parser_limit_is_a_warning(tmp_path):
    body = "Opening paragraph.\n\n" + "> " * 24 + "lost words\n"
    path = write(tmp_path, "deep.md", f"---\ntitle: T\n---\n\n{body}")
    article, warnings = read_source_with_warnings(path, display="deep.md")
    assert [b.text for b in article.blocks] == ["Opening paragraph."]
    assert [str(w) for w in warnings] == [
        "deep.md:7: Markdown nested more than 20 levels deep (block quotes or lists inside "
        "each other): the text nested deeper is left out; flatten it"
    ]


def test_markdown_nested_within_the_limit_is_kept(tmp_path):
    path = write(tmp_path, "ok.md", "---\ntitle: T\n---\n\n" + "> " * 19 + "kept words\n")
    article, warnings = read_source_with_warnings(path)
    assert (article.text, warnings) == ("kept words", [])


def test_over_size_file_is_refused_before_reading(tmp_path):
    path = write(tmp_path, "big.md", b"---\ntitle: T\n---\n\n" + b"word " * 50_000)
    with pytest.raises(SourceError) as info:
        read_source(path, display="big.md")
    assert str(info.value).startswith(
        "big.md:1: file too large: 250,018 bytes, more than the 200,000 briefgen reads for a "
        ".md file"
    )


def test_discover_lists_symlinks_whatever_they_point_to(tmp_path):
    src = tmp_path / "sources"
    write(src, "a.md", "---\ntitle: A\n---\nBody.\n")
    (src / "folder").symlink_to(tmp_path)
    (src / "gone.md").symlink_to(src / "nowhere.md")
    (src / "b.md").symlink_to(src / "a.md")
    assert [p.name for p in discover(src)] == ["a.md", "b.md", "folder", "gone.md"]


def test_read_all_refuses_links_that_leave_the_project_or_lead_nowhere(tmp_path):
    from briefgen.pipeline import expand, read_all

    project, outside = tmp_path / "project", tmp_path / "outside"
    src = project / "sources"
    write(src, "a.md", "---\ntitle: Alpha story\n---\nBody.\n")
    write(outside, "secret.txt", "Secret\n\nDo not publish.\n")
    write(project, "shared/b.md", "---\ntitle: Shared story\n---\nBody.\n")
    (src / "secret.txt").symlink_to(outside / "secret.txt")
    (src / "shared.md").symlink_to(project / "shared" / "b.md")  # inside the project: read
    (src / "gone.md").symlink_to(src / "nowhere.md")
    (src / "linked").symlink_to(project / "shared")
    items, errors, _ = read_all(expand([src]), project)
    assert sorted(a.title for a, _ in items) == ["Alpha story", "Shared story"]
    messages = sorted(str(e) for e in errors)
    gone = src / "nowhere.md"
    expected = f"sources/gone.md:1: broken symlink: it points to {gone}, which does not exist"
    assert messages[0] == expected
    assert messages[1].startswith("sources/linked:1: symlink to a folder: linked folders are not")
    assert messages[2].startswith(
        f"sources/secret.txt:1: symlink to {outside / 'secret.txt'}, outside the project"
    )
    assert len(messages) == 3


def test_read_all_refuses_a_source_whose_folder_becomes_a_link_between_builds(tmp_path):
    """The folders' resolved paths are remembered for one build only: a folder swapped for
    a link to somewhere outside (under a long-running ``mkdocs serve``) is refused next time."""
    import shutil

    from briefgen.pipeline import read_all

    project, outside = tmp_path / "project", tmp_path / "outside"
    write(project / "sources" / "desk", "a.md", "---\ntitle: Alpha story\n---\nBody.\n")
    write(outside, "a.md", "---\ntitle: Not for publication\n---\nSecret.\n")
    source = project / "sources" / "desk" / "a.md"
    items, errors, _ = read_all([source], project)
    assert [a.title for a, _ in items] == ["Alpha story"] and errors == []
    shutil.rmtree(project / "sources" / "desk")
    (project / "sources" / "desk").symlink_to(outside)
    items, errors, _ = read_all([source], project)
    assert items == []
    assert str(errors[0]).startswith(
        f"sources/desk/a.md:1: symlink to {outside / 'a.md'}, outside the project"
    )


@pytest.mark.parametrize(
    "yaml_text",
    [
        'title: "Harbour pilots strike"\ndate: 2025-07-20\npublisher: The Briefing Desk',
        "title: Tidal barrier opens\ndate: 2025-13-45",  # an impossible date stays text
        "title: 'It''s done'\ndate: 2024-02-29T10:30:00Z\ntags:\n  - ports\n  - labour",
        "title: Zürich trams\nsummary: >\n  Folded text\n  over two lines\nurl: https://example.org/a",
        "title: 'Q&A on quays'\nlist: [a, b]",  # not plain: the Python parser alone
        "",
    ],
)
def test_front_matter_parsed_alike_by_the_fast_and_the_careful_parser(yaml_text: str) -> None:
    """Plain front matter goes to libyaml; it must give the very values and key lines the
    guarded Python loader gives."""
    from briefgen.sources import frontmatter as fm

    careful = fm._FrontMatterLoader(yaml_text)
    node = careful.get_single_node()
    want = careful.construct_document(node) if node is not None else None
    got_node, got = fm._compose_and_construct(yaml_text)
    assert got == want
    lines = [k.start_mark.line for k, _ in getattr(node, "value", [])]
    assert [k.start_mark.line for k, _ in getattr(got_node, "value", [])] == lines


@pytest.mark.parametrize(
    ("yaml_text", "plain"),
    [
        ("title: A\ndate: 2025-01-01", True),
        ("title: &a A\nagain: *a", False),  # anchors and aliases: the guarded parser
        ("title: [a, b]", False),
        ("\n".join(f"k{i}: v" for i in range(40)), False),
    ],
)
def test_only_plain_front_matter_skips_the_guarded_parser(yaml_text: str, plain: bool) -> None:
    from briefgen.sources.frontmatter import _plain

    assert _plain(yaml_text) is plain


def test_broken_plain_front_matter_is_still_reported_with_its_line(tmp_path: Path) -> None:
    """libyaml's error is not shown: the Python parser words it, as for any other source."""
    from briefgen.errors import SourceError
    from briefgen.sources.frontmatter import _split_front_matter

    with pytest.raises(SourceError) as err:
        _split_front_matter('---\ntitle: "unclosed\ndate: 2025-01-01\n---\n\nBody.\n', "a.md")
    assert err.value.line == 2 and "quoted scalar" in str(err.value)
