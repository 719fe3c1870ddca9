"""Memoised rendering gives exactly the pages a fresh render gives, and reuses the rest."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from briefgen.pagememo import PageMemo
from briefgen.site import render_site

REPO = Path(__file__).resolve().parents[1]


def _hand_corpus():
    from test_render import _corpus

    return _corpus()


def test_a_changed_role_re_renders_the_pages_that_show_it() -> None:
    memo = PageMemo()
    corpus = _hand_corpus()
    assert render_site(corpus, memo=memo) == render_site(corpus)
    total = memo.rendered
    assert render_site(corpus, memo=memo) == render_site(corpus)
    assert memo.rendered == 0 and memo.reused == total
    ana = replace(corpus.entities[0], role="Port Minister")
    changed = replace(corpus, entities=(ana, *corpus.entities[1:]))
    pages = render_site(changed, memo=memo)
    assert pages == render_site(changed)
    assert "Port Minister" in pages["briefings/port-reopens.md"]
    # The briefing that shows her role and her own page; nothing else reads the role.
    assert memo.rendered == 2


@pytest.mark.model
def test_memo_matches_fresh_render_as_sources_come_and_go(tmp_path: Path) -> None:
    from test_incremental import NEW_SOURCE

    from briefgen.annotate import Annotator
    from briefgen.glossary import load_glossary
    from briefgen.pipeline import expand, run

    glossary = load_glossary(REPO / "sources" / "glossary.yml")
    annotator = Annotator("en_core_web_sm", REPO / ".briefgen-cache", glossary)
    every = expand([REPO / "sources"])
    extra = tmp_path / "2025-07-20-rotterdam-pilots.md"
    extra.write_text(NEW_SOURCE, "utf-8")
    memo = PageMemo()
    steps = {
        "all samples": every,
        "a story on another subject added": [*every, extra],
        "and removed": every,
        "a sample left out": [p for p in every if p != every[4]],
    }
    seen = {}
    for name, paths in steps.items():
        corpus = run(paths, annotator, glossary=glossary, root=REPO).corpus
        assert render_site(corpus, memo=memo) == render_site(corpus), name
        seen[name] = (memo.rendered, memo.reused)
    # A story that shares little with the others leaves most pages as they were.
    rendered, reused = seen["a story on another subject added"]
    assert 0 < rendered < reused, seen
    rendered, reused = seen["and removed"]
    assert 0 < rendered < reused, seen
