"""The built sample site in a real browser: Debian chromium driven by Playwright.

Builds the repository's own mkdocs.yml and sources/ into a temporary folder, serves it on
127.0.0.1, searches for the most-covered person and clicks through to their entity page.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefgen.render import UNLINKED_IN_BODY, paged_entities
from briefgen.slug import slugify

pytestmark = [pytest.mark.model, pytest.mark.browser]

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def built(served) -> tuple[str, object]:
    """The served sample site (the shared ``served`` fixture), under this module's name."""
    return served


def _most_covered_person(corpus):
    people = [e for e in corpus.entities if e.type == "PERSON" and len(e.appearances) >= 2]
    assert people, "the sample sources should mention some person in two briefings"
    return max(people, key=lambda e: (len(e.appearances), e.slug))


def test_search_person_then_open_entity_page(built, browser) -> None:
    url, corpus = built
    person = _most_covered_person(corpus)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(url)
    page.wait_for_load_state("networkidle")  # the search worker has loaded its index
    page.locator(".md-search__input").click()
    page.locator(".md-search__input").press_sequentially(person.name, delay=30)
    results = page.locator(".md-search-result__item a.md-search-result__link")
    results.first.wait_for(timeout=15000)
    hrefs = [results.nth(i).get_attribute("href") or "" for i in range(results.count())]
    assert any("briefings/" in h for h in hrefs), hrefs
    entity = page.locator(f'.md-search-result__item a[href*="/entities/{person.slug}/"]').first
    assert entity.inner_text().strip().startswith(person.name)
    entity.click()
    page.wait_for_url(re.compile(rf"/entities/{re.escape(person.slug)}/"))
    heading = page.locator("article h1").first.evaluate("e => e.firstChild.textContent")
    assert heading.strip() == person.name
    listed = page.locator("article a[href*='briefings/']")
    assert listed.count() >= len(person.appearances)
    page.close()


def test_a_name_typed_in_full_lists_its_page_first(built, browser) -> None:
    """Every entity page of the samples comes first when its name is typed in full.

    Pagefind's own order puts a name many stories use below rarer words that start with it
    and below the stories themselves; the search script pins the page whose address the
    name spells.  Checked through the page's own search function (what the result list
    shows, in order) for every page, and once through the box for a two-word name.
    """
    url, corpus = built
    paged = paged_entities(corpus)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(url)
    page.wait_for_load_state("networkidle")
    wrong = []
    for entity in corpus.entities:
        if entity.slug not in paged or entity.slug != slugify(entity.name):
            continue  # no page, or an address told apart from a namesake's
        urls = page.evaluate("async ([q]) => await window.briefgenSearch(q)", [entity.name])
        if not urls or not urls[0].endswith(f"/entities/{entity.slug}/"):
            wrong.append((entity.name, urls[:3]))
    assert not wrong, wrong
    # A query that spells no page keeps Pagefind's order and asks nothing more than that.
    urls = page.evaluate("async ([q]) => await window.briefgenSearch(q)", ["defence spending"])
    assert urls and not any("/entities/defence-spending/" in u for u in urls)
    person = _most_covered_person(corpus)
    page.locator(".md-search__input").click()
    page.locator(".md-search__input").press_sequentially(person.name.lower(), delay=30)
    first = page.locator(".md-search-result__item a.md-search-result__link").first
    first.wait_for(timeout=15000)
    assert (first.get_attribute("href") or "").endswith(f"/entities/{person.slug}/")
    assert first.inner_text().strip().startswith(person.name)
    page.close()


def test_briefing_hover_card_and_quote_highlight(built, browser) -> None:
    url, corpus = built
    briefing = next(
        b for b in corpus.briefings if any(q.kind == "full" for q in b.annotation.quotes)
    )
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{url}briefings/{briefing.slug}/")
    paged = paged_entities(corpus)
    entity = site_entity = None
    for key, slug in sorted(briefing.entity_slugs.items()):
        site_entity = next(e for e in corpus.entities if e.slug == slug)
        if slug in paged and site_entity.type not in UNLINKED_IN_BODY:
            entity = key
            break
    assert entity is not None and site_entity is not None
    link = page.locator(f"article a[href$='/entities/{site_entity.slug}/']").first
    # The hover card (briefgen-reader.js; tests/test_reader.py covers touch and keyboard).
    link.hover()
    card = page.locator("#bg-card")
    card.wait_for(timeout=5000)
    assert site_entity.name in card.inner_text()
    quote = page.locator("article .bg-quote").first
    assert quote.is_visible()
    assert quote.get_attribute("data-bg-speaker")
    # Source text never becomes live markup: no script element inside the article body.
    assert page.locator("article script").count() == 0
    page.close()
