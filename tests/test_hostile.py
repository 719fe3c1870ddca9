"""Hostile input: no crash, no script, no leak, no lost page.

One scratch project is built once for the module: the 13 sample sources and their glossary,
plus a source for every payload family (front matter, Markdown body, scraped ``.txt``, saved
``.html``, glossary, file names, edit links, feed) and for every kind of file that must be
refused.  It is built with ``mkdocs build --strict`` (which must abort, because of the refused
files, after writing the site) and its pages are opened in Debian's chromium.  The fuzz test of
the readers at the end needs neither spaCy nor a browser.
"""

from __future__ import annotations

import hashlib
import logging
import random
import re
import shutil
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import chromium, serve_folder

from briefgen.cli import main
from briefgen.errors import SourceError
from briefgen.pipeline import expand, read_all
from briefgen.sources import (
    FORMATS,
    MAX_SYMBOL_RUN,
    MAX_TEXT_CHARS,
    MAX_TEXT_TOKENS,
    read_source_with_warnings,
)

REPO = Path(__file__).resolve().parents[1]
#: A word that exists only in the file outside the project that a symlink points at.
SECRET = "zyxxyquorum"
#: A curated entity whose name breaks Markdown link titles, and the name the stories use.
TRICKY_NAME = "Kestrel ('Blue') Holdings"
TRICKY_ALIAS = "Kestrel Holdings"
EDIT_NAME = 'x" onmouseover="alert(1)" y=".md'
COPIED_SAMPLE = "2025-03-03-belfast-missile-contract.md"

MKDOCS_YML = """\
site_name: hostile
site_url: https://hostile.example.org/
repo_url: https://git.example.org/org/repo
edit_uri: edit/main/docs/
theme:
  name: material
  features: [content.tooltips, content.action.edit]
markdown_extensions:
  - admonition
  - attr_list
  - def_list
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.tabbed:
      alternate_style: true
  - toc:
      permalink: true
plugins:
  - search
  - briefgen:
      sources_dir: sources
      cache_dir: .cache
      search: material
      jobs: 1
"""

STORY = (
    "Officials from {org} met ministers in Brussels on Tuesday to discuss the new contract, "
    "which covers air defence missiles for Ukraine and a long maintenance programme.\n\n"
    "{org} said the first deliveries would arrive before the end of the year, and analysts "
    "in London described the deal as the largest of its kind this decade.\n"
)


def _md(front: str, body: str) -> bytes:
    return f"---\n{front}---\n\n{body}".encode()


#: Sources that must publish, every string in them inert.
PAYLOADS: dict[str, bytes] = {
    "2025-03-10-front-matter.md": _md(
        'title: "Ministers <script>alert(1)</script> meet & \\"talk\\""\n'
        "date: 2025-03-10\n"
        'summary: "<img src=x onerror=alert(1)> A summary {: onclick=alert(1) }"\n'
        'author: "<svg onload=alert(1)>"\n'
        "publisher: '\"><script>alert(1)</script>'\n"
        "tags: ['<b onmouseover=alert(1)>x</b>', '{: onclick=alert(1) }', '`code`']\n"
        "url: 'https://example.org/a?b=\"><script>alert(1)</script>'\n",
        STORY.format(org=TRICKY_ALIAS),
    ),
    "2025-03-11-body.md": _md(
        "title: Body payloads\ndate: 2025-03-11\n",
        STORY.format(org=TRICKY_ALIAS)
        + "\nA picture <img src=x onerror=alert(1)> sits in this sentence.\n\n"
        "<script>alert(1)</script>\n\n"
        "[click me](javascript:alert(1)) and <javascript:alert(1)> and "
        "[data](data:text/html,<script>alert(1)</script>) are not links.\n\n"
        '??? note "Injected" the rest of this line stays\n\n'
        '!!! danger "Injected"\n\n'
        '=== "Injected tab"\n\n'
        ": injected definition\n\n"
        "A paragraph with an attribute list\n"
        '{: onclick="alert(1)" }\n\n'
        "<details open ontoggle=alert(1)>details</details>\n\n"
        '![alt](x" onerror="alert(1))\n\n'
        "Entities &lt;script&gt;alert(1)&lt;/script&gt; stay text, as does {{ config }}.\n\n"
        + "> " * 25
        + "nested too deep\n",
    ),
    "2025-03-12-scraped.txt": (
        "Scraped <script>alert(1)</script> page\n\n"
        "Mar 12, 2025 - 09:30\n\n"
        + STORY.format(org=TRICKY_ALIAS)
        + '\n??? danger "Injected" scraped line stays\n\n'
        "!!! warning from the scrape\n\n"
        "~~~ injected fence\n\n"
        "<img src=x onerror=alert(1)> was in the page text.\n"
    ).encode(),
    "2025-03-13-saved-page.html": (
        "<html><head><title>Saved &lt;img src=x onerror=alert(1)&gt; page</title>"
        '<meta name="description" content="&lt;script&gt;alert(1)&lt;/script&gt;">'
        "</head><body><article><h1>Saved &lt;img src=x onerror=alert(1)&gt; page</h1>"
        + "".join(f"<p>{p}</p>" for p in STORY.format(org=TRICKY_ALIAS).split("\n\n"))
        + "<p>The page said &lt;script&gt;alert(1)&lt;/script&gt; and then "
        "<img src=x onerror=alert(1)> more words followed in this paragraph.</p>"
        "<p>??? note &quot;Injected&quot; from a saved page, with enough words to be kept.</p>"
        "</article></body></html>"
    ).encode(),
    # 80 KB of punctuation once took minutes in spaCy's tokenizer.
    "2025-03-14-punctuation.md": _md(
        "title: A run of punctuation\ndate: 2025-03-14\n",
        STORY.format(org="Thales") + "\n" + "*_" * 40_000 + "\n\nThe end of the story.\n",
    ),
    "2025-03-15-punctuation.txt": (
        "A scraped run of punctuation\n\nMarch 15, 2025\n\n"
        + STORY.format(org="Thales")
        + "\nSome words "
        + ".," * 40_000
        + " and more words.\n"
    ).encode(),
    EDIT_NAME: _md("title: Edit link payload\ndate: 2025-03-16\n", STORY.format(org="Thales")),
    # Same title as a sample, a later date, a path that sorts first: the sample keeps its URL.
    "0000-republished.md": _md(
        "title: \"Belfast missile plant lands its biggest order yet as Ukraine deal is signed\"\n"
        "date: 2025-03-05\n",
        STORY.format(org="Thales"),
    ),
}

#: ``long.md`` repeats STORY's two paragraphs (167 and 155 characters, 2 more each for the
#: blank line between blocks): the running total passes 40,000 characters at paragraph 246,
#: which sits on line 5 + 2 * 245 (front matter, blank line, then one paragraph every 2 lines).
LONG_LINE = 495

#: Files that must be refused: (path, content, line, start of the message).
REFUSED: list[tuple[str, bytes, int, str]] = [
    (
        "notepad-empty.txt",
        b"\xef\xbb\xbf",
        1,
        "empty file: found only invisible characters",
    ),
    (
        "invisible.txt",
        "\u200b\u00a0\x01\n\u200d\n".encode(),
        1,
        "empty file: found only invisible characters",
    ),
    ("huge.txt", b"Title\n\n" + b"word " * 50_000, 1, "file too large: 250,007 bytes"),
    (
        "long.md",
        _md("title: Long\n", (STORY.format(org="Thales") + "\n") * 150),
        LONG_LINE,
        "article too long:",
    ),
    (
        # 700 runs of 20 marks and a letter: 14,700 tokens in under 16,000 characters.
        "dense.txt",
        ("Dense symbols\n\nMarch 3, 2025\n\n" + ("!" * 20 + "a ") * 700 + "\n").encode(),
        5,
        "article too long: 14,700 words and punctuation marks, more than the 12,000",
    ),
    (
        "unclosed-quote.md",
        b'---\ntitle: "Ministers meet\ndate: 2025-03-03\n---\n\nBody text.\n',
        2,
        "broken YAML front matter: found unexpected end of stream (while scanning a quoted "
        "scalar that starts on this line)",
    ),
    (
        "utf16.md",
        "---\ntitle: T\n---\n\nBody.\n".encode("utf-16"),
        1,
        "UTF-16 text (byte-order mark FF FE), not UTF-8",
    ),
    (
        "latin1.txt",
        "Title\n\nMarch 3, 2025\n\nCaf\u00e9 owners said so.\n".encode("latin-1"),
        5,
        "not UTF-8 text: byte 0xe9 on line 5, column 4",
    ),
    ("passwd.txt", b"", 1, "symlink to "),
]

GLOSSARY_EXTRA = f"""
- name: "{TRICKY_NAME}"
  type: ORG
  aliases: [{TRICKY_ALIAS}]
  description: "<img src=x onerror=alert(1)> A firm {{: onclick=alert(1) }}"
  url: 'https://example.org/k"><script>alert(1)</script>'
- name: Not A City
  type: CITY
"""


@dataclass
class Build:
    project: Path
    site: Path
    aborted: bool
    warnings: list[str]
    result: object
    before: dict[str, str]


def _digest_tree(*folders: Path) -> dict[str, str]:
    return {
        p.as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for folder in folders
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Build:
    pytest.importorskip("spacy")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    root = tmp_path_factory.mktemp("hostile")
    project = root / "project"
    shutil.copytree(REPO / "sources", project / "sources")
    shutil.copytree(REPO / "docs", project / "docs")
    (project / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    glossary = project / "sources" / "glossary.yml"
    glossary.write_text(glossary.read_text("utf-8") + GLOSSARY_EXTRA, encoding="utf-8")
    for name, content in PAYLOADS.items():
        (project / "sources" / name).write_bytes(content)
    for name, content, _, _ in REFUSED:
        if name != "passwd.txt":
            (project / "sources" / name).write_bytes(content)
    outside = root / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(f"Secret\n\nThe word is {SECRET}.\n", encoding="utf-8")
    (project / "sources" / "passwd.txt").symlink_to(outside / "secret.txt")

    before = _digest_tree(project / "sources", project / "docs")
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"), strict=True)
    records = _Records()
    logging.getLogger("mkdocs").addHandler(records)
    aborted = False
    try:
        build(config)
    except Abort:
        aborted = True
    finally:
        logging.getLogger("mkdocs").removeHandler(records)
    return Build(
        project=project,
        site=project / "site",
        aborted=aborted,
        warnings=records.messages,
        result=config.plugins["briefgen"].last_result,
        before=before,
    )


# ---------------------------------------------------------------------------------------------
# The build: messages, strict, nothing lost, nothing leaked, nothing written
# ---------------------------------------------------------------------------------------------


@pytest.mark.model
def test_every_refused_file_is_named_at_its_line_and_strict_fails(hostile: Build) -> None:
    assert hostile.aborted, "mkdocs build --strict must fail on refused sources"
    for name, _, line, message in REFUSED:
        prefix = f"sources/{name}:{line}: {message}"
        assert any(w.startswith(prefix) for w in hostile.warnings), (prefix, hostile.warnings)
    deep = next(w for w in hostile.warnings if "nested more than 20 levels" in w)
    body = PAYLOADS["2025-03-11-body.md"].decode()
    assert deep.startswith(f"sources/2025-03-11-body.md:{body.count(chr(10))}: ")  # last line
    glossary_line = 1 + (REPO / "sources" / "glossary.yml").read_text("utf-8").count("\n")
    bad_entry = glossary_line + GLOSSARY_EXTRA.count("\n") - 1
    assert f"sources/glossary.yml:{bad_entry}: unknown type 'CITY'" in "\n".join(hostile.warnings)


@pytest.mark.model
def test_no_other_warning_and_the_summary_counts_them_all(hostile: Build) -> None:
    """Only the problems planted here: no broken link (the tricky entity name), no traceback."""
    ours = [w for w in hostile.warnings if re.match(r"sources/[^:]+:\d+: ", w)]
    others = [w for w in hostile.warnings if w not in ours and "strict mode" not in w]
    assert others == []
    summary = hostile.result.summary()
    assert summary.endswith(f"{len(ours)} warnings"), (summary, len(ours))


@pytest.mark.model
def test_every_sample_and_payload_publishes_and_sample_urls_do_not_move(hostile: Build) -> None:
    alone, errors, _ = read_all(expand([REPO / "sources"]), REPO)
    assert errors == []
    published = {b.article.source: b.slug for b in hostile.result.corpus.briefings}
    for article, _ in alone:
        slug = published[article.source]
        assert slug == article.slug, "adding sources moved a sample briefing"
        assert (hostile.site / "briefings" / slug / "index.html").is_file()
    for name in PAYLOADS:
        assert f"sources/{name}" in published, name
    copy = published["sources/0000-republished.md"]
    digest = hashlib.sha256(b"sources/0000-republished.md").hexdigest()[:6]
    assert copy == f"{published['sources/' + COPIED_SAMPLE]}-{digest}"


@pytest.mark.model
def test_nothing_leaks_and_nothing_is_written_into_the_project(hostile: Build) -> None:
    assert _digest_tree(hostile.project / "sources", hostile.project / "docs") == hostile.before
    for path in hostile.site.rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path


@pytest.mark.model
def test_feed_descriptions_are_plain_text(hostile: Build) -> None:
    root = ET.fromstring((hostile.site / "feed.xml").read_bytes())
    descriptions = [d.text or "" for d in root.iter("description")]
    assert any("&lt;img src=x" in d for d in descriptions)
    for text in descriptions:
        # What a reader renders as HTML once the XML is decoded: no tag at all.
        assert not re.search(r"<[a-zA-Z/!]", text), text


@pytest.mark.model
def test_edit_link_carries_the_file_name_percent_encoded(hostile: Build) -> None:
    slug = dict((b.article.source, b.slug) for b in hostile.result.corpus.briefings)
    page = (hostile.site / "briefings" / slug[f"sources/{EDIT_NAME}"] / "index.html")
    html = page.read_text("utf-8")
    expected = "https://git.example.org/org/repo/edit/main/sources/x%22%20onmouseover%3D"
    assert f'href="{expected}' in html
    # The name is shown (in the "Source file" line) as text, never as an attribute.
    assert _attribute_names(html) & {"onmouseover", "y"} == set()


@pytest.mark.model
def test_tricky_entity_name_keeps_its_link_and_card(hostile: Build) -> None:
    """A name with quotes and parentheses once ended the Markdown link title early; the name
    must reach the link's card whole."""
    corpus = hostile.result.corpus
    tricky = next(e for e in corpus.entities if e.name == TRICKY_NAME)
    slug = {b.article.source: b.slug for b in corpus.briefings}["sources/2025-03-11-body.md"]
    html = (hostile.site / "briefings" / slug / "index.html").read_text("utf-8")
    links: list[dict[str, str | None]] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list) -> None:
            if tag == "a" and dict(attrs).get("href") == f"../../entities/{tricky.slug}/":
                links.append(dict(attrs))

    Collect().feed(html)
    carded = [a for a in links if a.get("data-bg-card") == "entity"]
    assert carded and all(a["data-bg-name"] == TRICKY_NAME for a in carded)


def _attribute_names(html: str) -> set[str]:
    names: set[str] = set()

    class Collect(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list) -> None:
            names.update(name for name, _ in attrs)

    Collect().feed(html)
    return names


@pytest.mark.model
def test_cli_check_and_inspect_report_without_traceback(hostile: Build, monkeypatch) -> None:
    monkeypatch.chdir(hostile.project)
    runner = CliRunner()
    checked = runner.invoke(main, ["check"])
    assert checked.exit_code == 1 and isinstance(checked.exception, SystemExit)
    for name, _, line, message in REFUSED:
        assert f"sources/{name}:{line}: {message}" in checked.output
    assert "unknown type 'CITY'" in checked.output
    inspected = runner.invoke(main, ["inspect", "sources", "--json", "--cache-dir", ".cache"])
    assert inspected.exit_code == 1 and isinstance(inspected.exception, SystemExit)
    assert "Traceback" not in inspected.output


# ---------------------------------------------------------------------------------------------
# In the browser
# ---------------------------------------------------------------------------------------------

#: Fire every handler a payload could have planted: mouse, focus, toggle, load/error.
_TRIGGER = """() => {
  const kinds = ["mouseover", "mouseenter", "focus", "toggle", "error", "load"];
  let on = 0;
  for (const el of document.querySelectorAll("article *, .md-header *, .md-content *")) {
    for (const a of el.getAttributeNames()) if (a.toLowerCase().startsWith("on")) on++;
    for (const k of kinds) el.dispatchEvent(new Event(k, {bubbles: false}));
  }
  const js = [...document.querySelectorAll("a[href], img[src], iframe[src]")]
    .filter(e => /^\\s*(javascript|data|vbscript):/i.test(e.getAttribute("href") ||
                                                         e.getAttribute("src") || "")).length;
  return {on, js, scripts: document.querySelectorAll("article script").length};
}"""


@pytest.fixture(scope="module")
def served(hostile: Build) -> Iterator[str]:
    with serve_folder(hostile.site) as url:
        yield url

@pytest.mark.model
@pytest.mark.browser
def test_payload_pages_run_no_script_and_show_the_text(hostile: Build, served: str) -> None:
    corpus = hostile.result.corpus
    slug = {b.article.source: b.slug for b in corpus.briefings}
    pages = [f"briefings/{slug['sources/' + name]}/" for name in PAYLOADS]
    tricky = next(e for e in corpus.entities if e.name == TRICKY_NAME)
    pages += [f"entities/{tricky.slug}/", "", "briefings/", "entities/", "quotes/", "timeline/"]
    pages.append(f"briefings/{slug['sources/' + COPIED_SAMPLE]}/")
    dialogs: list[str] = []
    with chromium() as browser:
        page = browser.new_page()
        page.on("dialog", lambda d: (dialogs.append(f"{page.url}: {d.message}"), d.dismiss()))
        texts = {}
        for path in pages:
            page.goto(served + path, wait_until="load")
            found = page.evaluate(_TRIGGER)
            assert found == {"on": 0, "js": 0, "scripts": 0}, (path, found)
            texts[path] = page.locator("article").first.inner_text()
        body = texts[pages[1]]
        # Block markers from the text are shown as text, each line whole.
        for line in (
            '??? note "Injected" the rest of this line stays',
            '!!! danger "Injected"',
            '=== "Injected tab"',
            ": injected definition",
            "<script>alert(1)</script>",
        ):
            assert line in body, line
        assert '??? danger "Injected" scraped line stays' in texts[pages[2]]
        assert "~~~ injected fence" in texts[pages[2]]
        # The tricky name links to its entity page, and the link works.
        page.goto(served + pages[1], wait_until="load")
        link = page.locator(f"article a[href$='/entities/{tricky.slug}/']").first
        assert link.inner_text() == TRICKY_ALIAS
        link.click()
        page.wait_for_url(re.compile(rf"/entities/{re.escape(tricky.slug)}/$"))
        assert page.locator("article h1").first.inner_text().startswith(TRICKY_NAME)
        page.wait_for_timeout(300)  # let any late onerror/onload fire
    assert dialogs == []


# ---------------------------------------------------------------------------------------------
# Fuzzing the readers
# ---------------------------------------------------------------------------------------------

#: Fragments that have broken readers before, spliced in by the fuzzer.
_SPLICES = [
    b"\xef\xbb\xbf", b"\x00", b"\xff\xfe", b"\xe9", b"\r", b"\r\n", b"---\n", b"...\n",
    b'"', b"'", b"title: ", b"  - ", b"[", b"](", b"<", b">", b"`", b"```\n", b"~~~\n",
    b"> " * 30, b"- " * 15, b"*_" * 300, b".," * 300, b"\xe2\x80\x8b" * 5, b"&#0;", b"&amp;",
    b"<script>alert(1)</script>", b"{: onclick=alert(1) }", b"??? ", b"!!! ", b"\t",
    b"&" * 40, b"*" * 200, b"\n\n", b"# ", b"1. ", b"<!--", b"-->", b"*x", b"[a]: <b>",
    b"\xf0\x9f\x98\x80", b"\xcc\x81" * 20, b"\x1b[31m",
]  # fmt: skip


def _mutate(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        pos = rng.randint(0, len(out))
        op = rng.random()
        if op < 0.4:
            out[pos:pos] = rng.choice(_SPLICES)
        elif op < 0.6 and out:
            del out[pos : pos + rng.randint(1, 200)]
        elif op < 0.8 and out:
            out[min(pos, len(out) - 1)] = rng.randrange(256)
        else:
            end = min(len(out), pos + rng.randint(1, 400))
            out[pos:pos] = out[pos:end] * rng.randint(1, 3)
    return bytes(out)


def test_fuzzed_sources_are_read_or_refused_never_crash(tmp_path: Path) -> None:
    """Mutated samples (fixed seed, at most 20 s): each is an Article or a SourceError with a
    line inside the file, and every Article keeps the readers' invariants."""
    rng = random.Random(15)
    seeds = [p for p in sorted((REPO / "sources").iterdir()) if p.suffix in FORMATS]
    seeds = [p for p in seeds if p.suffix != ".html"]  # trafilatura is slow; fuzzed below
    deadline = time.monotonic() + 20
    done = 0
    while done < 2000 and time.monotonic() < deadline:
        seed = rng.choice(seeds)
        data = _mutate(seed.read_bytes(), rng)
        path = tmp_path / f"case{seed.suffix}"
        path.write_bytes(data)
        try:
            article, warnings = read_source_with_warnings(path, display="case", data=data)
        except SourceError as exc:
            assert 1 <= exc.line <= data.count(b"\n") + 1, (exc, data[:200])
        else:
            _assert_invariants(article)
            for w in warnings:
                assert 1 <= w.line <= data.count(b"\n") + 1, w
        done += 1
    assert done >= 50, "the fuzzer should get through at least 50 cases in 20 s"


def test_fuzzed_html_pages_are_read_or_refused(tmp_path: Path) -> None:
    rng = random.Random(16)
    page = next((REPO / "sources").glob("*.html")).read_bytes()
    deadline = time.monotonic() + 8
    for _ in range(60):
        if time.monotonic() > deadline:
            break
        data = _mutate(page, rng)
        path = tmp_path / "case.html"
        path.write_bytes(data)
        try:
            article, _ = read_source_with_warnings(path, display="case", data=data)
        except SourceError:
            continue
        _assert_invariants(article)


def _assert_invariants(article) -> None:
    assert article.title.strip() and article.blocks
    assert len(article.text) + len(article.caption or "") <= MAX_TEXT_CHARS
    assert len(re.findall(r"[^\W_]+|[^\w\s]|_", article.text)) <= MAX_TEXT_TOKENS
    assert not re.search(rf"(?:[^\w\s]|_){{{MAX_SYMBOL_RUN + 1}}}", article.text)
    for block in article.blocks:
        assert block.text and "\n" not in block.text and block.text == block.text.strip()
        assert block.kind in ("p", "h", "li", "quote")
        for seg in block.segments:
            assert seg.kind in ("text", "link", "code", "html", "markup")


# ---------------------------------------------------------------------------------------------
# Slugs never move
# ---------------------------------------------------------------------------------------------


def _hash6(path: str) -> str:
    return hashlib.sha256(path.encode()).hexdigest()[:6]


@pytest.mark.parametrize(
    ("claims", "expected"),
    [
        # Alone: the plain slug.
        ([("sources/a.md", "talks", "2025-03-03")], ["talks"]),
        # A later copy sorting first by path: the earlier story keeps the plain slug.
        (
            [("sources/0-copy.md", "talks", "2025-03-05"), ("sources/b.md", "talks", "2025-03-03")],
            [f"talks-{_hash6('sources/0-copy.md')}", "talks"],
        ),
        # Undated after dated; equal dates by path.
        (
            [("sources/b.md", "talks", None), ("sources/c.md", "talks", "2025-01-01"),
             ("sources/a.md", "talks", "2025-01-01")],
            [f"talks-{_hash6('sources/b.md')}", f"talks-{_hash6('sources/c.md')}", "talks"],
        ),
        # Index pages keep their names.
        ([("sources/i.md", "index", None)], [f"index-{_hash6('sources/i.md')}"]),
    ],
)
def test_settle_slugs(claims, expected) -> None:
    from briefgen.slug import SlugClaim, settle_slugs

    got = settle_slugs([SlugClaim(*c) for c in claims], reserved={"index"})
    assert got == expected


def test_adding_sources_never_moves_a_suffixed_or_unrivalled_slug() -> None:
    """Random corpora, then a newer source added: every existing briefing keeps its slug."""
    from briefgen.slug import SlugClaim, settle_slugs

    rng = random.Random(7)
    for _ in range(300):
        claims = [
            SlugClaim(f"sources/{rng.randrange(10**6)}.md", rng.choice("abc"),
                      f"2025-01-{rng.randint(1, 20):02d}")
            for _ in range(rng.randint(1, 8))
        ]
        claims = list({c.source: c for c in claims}.values())
        before = settle_slugs(claims)
        newer = SlugClaim(f"sources/new-{rng.randrange(10**6)}.md", rng.choice("abc"), "2025-02-01")
        after = settle_slugs([*claims, newer])
        assert after[:-1] == before
        assert len(set(after)) == len(after)


# ---------------------------------------------------------------------------------------------
# Cache entries: validated, not only parsed
# ---------------------------------------------------------------------------------------------


def _sample_annotation():
    """A real sample article with mentions, quotes and sentences found by plain string search."""
    from briefgen.model import Annotation, Entity, Mention, Quote
    from briefgen.sources import read_source

    article = read_source(REPO / "sources" / COPIED_SAMPLE)
    text = article.text
    name = "Belfast"
    mentions = tuple(
        Mention(m.start(), m.end(), name, name) for m in re.finditer(name, text)
    )
    sentences = tuple((m.start(), m.end()) for m in re.finditer(r"[^.]+\.", text))
    opening = text.index('"') + 1
    closing = text.index('"', opening)
    return Annotation(
        article=article,
        mentions=mentions,
        entities=(Entity(name, name, "GPE", mentions=len(mentions)),),
        quotes=(Quote(opening, closing, text[opening:closing], "full", name),),
        sentences=sentences,
        key_sentences=(0, 2, 3),
        terms=("missile", "contract"),
    )


def _moved(m, by: int, entity: str | None = None):
    from briefgen.model import Mention

    return Mention(m.start + by, m.end + by, m.text, entity or m.entity)


def _said(q, kind: str = "full", speaker: str | None = None):
    from briefgen.model import Quote

    return Quote(q.start, q.end, q.text, kind, speaker)


def _place(kind: str = "GPE", mentions: int = 3):
    from briefgen.model import Entity

    return Entity("Belfast", "Belfast", kind, mentions=mentions)


#: Damage a cache entry can carry while still parsing as an Annotation.
DAMAGE = {
    "key_sentences out of range": lambda a: {"key_sentences": (0, 999)},
    "key_sentences not in order": lambda a: {"key_sentences": (3, 1)},
    "key_sentences a boolean": lambda a: {"key_sentences": (True,)},
    "mention past the text": lambda a: {"mentions": (_moved(a.mentions[0], 10**9),)},
    "mention shifted": lambda a: {"mentions": (_moved(a.mentions[0], 1),)},
    "mention of no entity": lambda a: {"mentions": (_moved(a.mentions[0], 0, "Paris"),)},
    "negative sentence": lambda a: {"sentences": ((-5, 3), *a.sentences[1:])},
    "unknown type": lambda a: {"entities": (_place("ALIEN"),)},
    "repeated key": lambda a: {"entities": a.entities * 2},
    "negative count": lambda a: {"entities": (_place(mentions=-1),)},
    "quote speaker unknown": lambda a: {"quotes": (_said(a.quotes[0], speaker="Nobody"),)},
    "quote kind unknown": lambda a: {"quotes": (_said(a.quotes[0], "shout"),)},
}


def test_a_sound_annotation_passes_validation() -> None:
    from briefgen.annotate import nlp_text
    from briefgen.validate import validate_annotation

    ann = _sample_annotation()
    assert len(ann.mentions) >= 2 and ann.quotes
    validate_annotation(ann, nlp_text(ann.article))


@pytest.mark.parametrize("damage", DAMAGE)
def test_damaged_annotation_is_refused(damage: str) -> None:
    from dataclasses import replace

    from briefgen.annotate import nlp_text
    from briefgen.validate import validate_annotation

    sound = _sample_annotation()
    ann = replace(sound, **DAMAGE[damage](sound))
    with pytest.raises(ValueError):
        validate_annotation(ann, nlp_text(ann.article))


@pytest.mark.model
def test_damaged_cache_entry_is_annotated_again(hostile: Build, monkeypatch) -> None:
    """JSON that parses but points nowhere: a warning, then the same output as before."""
    import json

    monkeypatch.chdir(hostile.project)
    source = f"sources/{COPIED_SAMPLE}"
    args = ["inspect", source, "--json", "--cache-dir", ".cache"]
    runner = CliRunner()
    first = runner.invoke(main, args)
    assert first.exit_code == 0, first.output
    entries = [
        p for p in (hostile.project / ".cache").glob("*.json")
        if json.loads(p.read_text("utf-8"))["article"]["source"] == source
    ]
    assert entries
    for path in entries:
        data = json.loads(path.read_text("utf-8"))
        data["key_sentences"] = [999]
        path.write_text(json.dumps(data), encoding="utf-8")
    again = runner.invoke(main, args)
    assert again.exit_code == 0, again.output
    assert "corrupt cache entry (key_sentences[0]: sentence 999 of" in again.output
    payload = lambda out: out[out.index("{"): out.rindex("}") + 1]  # noqa: E731
    assert json.loads(payload(again.output)) == json.loads(payload(first.output))


# ---------------------------------------------------------------------------------------------
# export never writes into the project's own folders, wherever it is run from
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["pages", "pages/sub", "articles", "."])
def test_export_guard_reads_the_project_from_mkdocs_yml(tmp_path: Path, monkeypatch, target):
    project = tmp_path / "project"
    (project / "pages").mkdir(parents=True)
    (project / "articles").mkdir()
    (project / "pages" / "index.md").write_text("# Home\n", encoding="utf-8")
    (project / "mkdocs.yml").write_text(
        "site_name: x\ndocs_dir: pages\nmarkdown_extensions:\n"
        "  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "plugins:\n  - briefgen:\n      sources_dir: articles\n",
        encoding="utf-8",
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    out = (project / target).resolve()
    result = CliRunner().invoke(
        main, ["export", str(out), "--sources", str(project / "articles"), "--cache-dir", ""]
    )
    if target == ".":
        # The project folder itself holds neither: allowed (nothing to read, nothing lost).
        assert "refusing" not in result.output
    else:
        assert result.exit_code == 1 and "refusing to write into" in result.output
    assert (project / "pages" / "index.md").read_text("utf-8") == "# Home\n"
