"""A busy name's page lists its newest briefings; every briefing sits on a page by period."""

from __future__ import annotations

from dataclasses import replace

from test_render import _article, _p

from briefgen.archive import PERIOD_MAX, RECENT, busy_years, period_label, periods
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


def test_a_busy_name_lists_its_newest_and_links_every_period() -> None:
    dates = _dates(RECENT + 12)
    pages = render_site(_corpus(dates))
    page = pages["entities/mara-quist.md"]
    assert f"## Briefings ({RECENT + 12})" in page
    assert page.count("Harbour story") == RECENT
    assert "[2024](mara-quist/2024.md)" in page and "[2023](mara-quist/2023.md)" in page
    archives = {p: md for p, md in pages.items() if p.startswith("entities/mara-quist/")}
    assert set(archives) == {"entities/mara-quist/2023.md", "entities/mara-quist/2024.md"}
    # Together the period pages hold every briefing exactly once, with the right year.
    listed = [
        line for md in archives.values() for line in md.splitlines() if "Harbour story" in line
    ]
    assert len(listed) == RECENT + 12
    assert all("2023" in line for line in archives["entities/mara-quist/2023.md"].splitlines()
               if "Harbour story" in line)
    assert "](../../briefings/harbour-" in archives["entities/mara-quist/2024.md"]
    assert "Back to [Mara Quist](../mara-quist.md)" in archives["entities/mara-quist/2024.md"]


def test_a_busy_year_is_split_by_month() -> None:
    apps = [Appearance(f"s{i}", f"2016-{(i % 12) + 1:02d}-01", "", 1, "k")
            for i in range(PERIOD_MAX + 1)]
    apps += [Appearance("old", "2015-06-01", "", 1, "k"), Appearance("nodate", None, "", 1, "k")]
    assert busy_years(apps) == {"2016"}
    grouped = periods(apps, [])
    assert list(grouped)[:2] == ["2016-12", "2016-11"]
    assert list(grouped)[-2:] == ["2015", "undated"]
    assert sum(len(a) for a, _ in grouped.values()) == len(apps)
    assert period_label("2016-03") == "March 2016" and period_label("undated") == "Undated"
    # Below the limit a year stays one page.
    assert busy_years(apps[:PERIOD_MAX]) == frozenset()


def test_a_new_story_re_renders_the_name_page_and_its_period_only() -> None:
    dates = _dates(RECENT + 30)
    memo = PageMemo()
    corpus = _corpus(dates)
    before = render_site(corpus, memo=memo)
    grown = _corpus([*dates, "2023-05-30"])
    # The other briefings are the same objects a serve session would hold.
    kept = {b.slug: b for b in corpus.briefings}
    grown = replace(
        grown, briefings=tuple(kept.get(b.slug, b) for b in grown.briefings)
    )
    after = render_site(grown, memo=memo)
    assert after == render_site(grown)
    changed = sorted(p for p in after if before.get(p) != after[p])
    assert "entities/mara-quist.md" in changed and "entities/mara-quist/2023.md" in changed
    assert "entities/mara-quist/2024.md" not in changed
    new = f"briefings/harbour-{RECENT + 30:03d}.md"
    assert new in changed
    assert not [p for p in changed if p.startswith("briefings/harbour-") and p != new]
