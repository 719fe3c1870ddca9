"""A busy name's page lists its newest briefings; every briefing sits on a page by period."""

from __future__ import annotations

from dataclasses import replace

from test_render import _article, _p

from briefgen import archive
from briefgen.archive import PART_SIZE, RECENT, parts
from briefgen.model import Annotation, Appearance, Briefing, CanonicalEntity, Corpus, Entity
from briefgen.pagememo import PageMemo
from briefgen.site import render_site


def _story(i: int, date: str) -> Briefing:
    art = _article(f"harbour-{i:03d}", [_p(f"Mara Quist spoke about berth {i}.")], date=date,
                   title=f"Harbour story {i}")
    ann = Annotation(
        article=art,
        entities=(Entity("Mara Quist", "Mara Quist", "PERSON", (), None, 1, "Mara Quist spoke"),),
    )
    return Briefing(ann, {"Mara Quist": "mara-quist"})


def _corpus(dates: list[str]) -> Corpus:
    briefings = sorted(
        (_story(i, d) for i, d in enumerate(dates)),
        key=lambda b: (b.article.date, b.slug), reverse=True,
    )
    apps = tuple(
        Appearance(b.slug, b.article.date, "Mara Quist spoke", 1, "Mara Quist") for b in briefings
    )
    mara = CanonicalEntity("mara-quist", "Mara Quist", "PERSON", (), None, None, None, None, apps)
    return Corpus(tuple(briefings), (mara,), ())


def _dates(n: int) -> list[str]:
    """``n`` dates spread over 2023 and 2024, two or three per month."""
    return [f"{2023 + (i % 24) // 12}-{(i % 12) + 1:02d}-{(i % 27) + 1:02d}" for i in range(n)]


def test_a_name_in_few_briefings_keeps_one_page() -> None:
    pages = render_site(_corpus(_dates(RECENT)))
    assert not [p for p in pages if p.startswith("entities/mara-quist/")]
    assert pages["entities/mara-quist.md"].count("Harbour story") == RECENT


def test_a_busy_name_lists_its_newest_and_links_its_archive() -> None:
    dates = _dates(RECENT + 12)
    pages = render_site(_corpus(dates))
    page = pages["entities/mara-quist.md"]
    assert f"## Briefings ({RECENT + 12})" in page
    assert page.count("Harbour story") == RECENT
    assert f"[1–{RECENT + 12}](mara-quist/1.md)" in page
    archives = {p: md for p, md in pages.items() if p.startswith("entities/mara-quist/")}
    assert set(archives) == {"entities/mara-quist/1.md"}
    part = archives["entities/mara-quist/1.md"]
    listed = [line for line in part.splitlines() if "Harbour story" in line]
    assert len(listed) == RECENT + 12
    # Oldest first: the first line is the earliest date.
    assert "2023" in listed[0] and "2024" in listed[-1]
    assert '<a href="../../briefings/harbour-' in part
    assert "Back to [Mara Quist](../mara-quist.md)" in part


def test_parts_are_counted_from_the_oldest() -> None:
    apps = [Appearance(f"s{i:05d}", f"2016-01-{(i % 28) + 1:02d}", "", 1, "k")
            for i in range(PART_SIZE * 2 + 5)]
    newest_first = sorted(apps, key=lambda a: (a.date, a.briefing), reverse=True)
    split = parts(newest_first)
    assert [(n, len(a)) for n, a in split] == [(1, PART_SIZE), (2, PART_SIZE), (3, 5)]
    # A newer story leaves the full parts as they were and joins the last one.
    newer = Appearance("z-new", "2017-01-01", "", 1, "k")
    grown = parts([newer, *newest_first])
    assert grown[:2] == split[:2]
    assert grown[2][1][-1] == newer


def test_a_new_story_re_renders_the_name_page_and_the_last_part_only(monkeypatch) -> None:
    monkeypatch.setattr(archive, "PART_SIZE", 20)
    dates = _dates(RECENT + 29)  # the last part of four holds 19
    memo = PageMemo()
    corpus = _corpus(dates)
    before = render_site(corpus, memo=memo)
    assert {p for p in before if p.startswith("entities/mara-quist/")} == {
        f"entities/mara-quist/{n}.md" for n in (1, 2, 3, 4)
    }
    grown = _corpus([*dates, "2025-05-30"])
    # The other briefings are the same objects a serve session would hold.
    kept = {b.slug: b for b in corpus.briefings}
    grown = replace(grown, briefings=tuple(kept.get(b.slug, b) for b in grown.briefings))
    after = render_site(grown, memo=memo)
    assert after == render_site(grown)
    changed = sorted(p for p in after if before.get(p) != after[p])
    new = f"briefings/harbour-{RECENT + 29:03d}.md"
    assert new in changed
    assert not [p for p in changed if p.startswith("briefings/harbour-") and p != new]
    assert "entities/mara-quist.md" in changed
    assert [p for p in changed if p.startswith("entities/mara-quist/")] == [
        "entities/mara-quist/4.md"
    ]
