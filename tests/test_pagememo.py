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
    assert "Port Minister" in pages["entities/ana-lund.md"]
    # The briefing gives her role itself ("Harbour Minister"): it shows that one, and only
    # her own page reads the role the corpus settled on.
    assert "Port Minister" not in pages["briefings/port-reopens.md"]
    assert "Harbour Minister" in pages["briefings/port-reopens.md"]
    assert memo.rendered == 1


def test_what_the_archive_says_of_a_name_with_a_page_re_renders_that_page_only() -> None:
    """A newer story giving a name its usual role moves the role's source, and a new
    spelling adds an alias: facts of the whole archive, shown on the name's own page (which
    cards read when they open), so the briefings naming it keep their bytes."""
    memo = PageMemo()
    corpus = _hand_corpus()
    render_site(corpus, memo=memo)
    ana = replace(corpus.entities[0], role_source="port-strike", aliases=("A. Lund", "Lund"))
    changed = replace(corpus, entities=(ana, *corpus.entities[1:]))
    pages = render_site(changed, memo=memo)
    assert pages == render_site(changed)
    assert memo.rendered == 1
    page = pages["entities/ana-lund.md"]
    assert 'data-bg-aliases="A. Lund, Lund"' in page
    assert 'data-bg-role="Harbour Minister" data-bg-role-from="Port-Strike' in page


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


def test_a_briefing_re_renders_when_its_own_thread_changes_not_another() -> None:
    from briefgen.model import Thread

    memo = PageMemo()
    corpus = _hand_corpus()
    render_site(corpus, memo=memo)
    elsewhere = Thread("rail", "Rail strike", ("port-strike",))
    other_thread = replace(corpus, threads=(*corpus.threads, elsewhere))
    assert render_site(other_thread, memo=memo) == render_site(other_thread)
    assert memo.rendered == 0
    retitled = replace(corpus, threads=(replace(corpus.threads[0], title="Port talks"),))
    pages = render_site(retitled, memo=memo)
    assert pages == render_site(retitled)
    assert "Port talks" in pages["briefings/port-reopens.md"]
    assert memo.rendered == 2  # the two briefings of that thread


def test_only_the_readers_of_a_changed_row_have_their_reads_checked(monkeypatch) -> None:
    """Checking every read of every page costs seconds at 10,000 briefings: a build looks at
    the reads of the pages that read a changed row, and reuses the others outright."""
    import briefgen.pagememo as pm

    checked: list[str] = []
    real = pm._still_true

    def counting(tables, corpus, read):
        checked.append(read[0] + ":" + read[1])
        return real(tables, corpus, read)

    monkeypatch.setattr(pm, "_still_true", counting)
    memo = PageMemo()
    corpus = _hand_corpus()
    render_site(corpus, memo=memo)
    render_site(corpus, memo=memo)
    assert checked == [] and memo.rendered == 0
    # Tallinn has no page: only the briefing that names it reads its record.
    tallinn = replace(corpus.entities[1], aliases=("Reval",))
    changed = replace(corpus, entities=(corpus.entities[0], tallinn))
    pages = render_site(changed, memo=memo)
    assert pages == render_site(changed)
    assert checked and all(":" in c for c in checked)
    assert memo.rendered == 1  # the briefing, whose glossary now says "also Reval"
    assert "Reval" in pages["briefings/port-reopens.md"]


def test_new_related_scores_leave_the_pages_that_show_a_briefing_unchecked(monkeypatch) -> None:
    """Every save nudges the related scores of thousands of briefings; the pages that list a
    briefing read its title and date, so they are neither rendered nor even checked."""
    import briefgen.pagememo as pm
    from briefgen.model import Related

    checked: list[str] = []
    real = pm._still_true
    monkeypatch.setattr(pm, "_still_true", lambda t, c, r: checked.append(r[1]) or real(t, c, r))
    memo = PageMemo()
    corpus = _hand_corpus()
    render_site(corpus, memo=memo)
    nudged = tuple(
        replace(b, related=tuple(Related(r.slug, r.score + 0.01, r.shared) for r in b.related))
        for b in corpus.briefings
    )
    changed = replace(corpus, briefings=nudged)
    assert render_site(changed, memo=memo) == render_site(changed)
    assert memo.rendered == 0
    assert checked == []
