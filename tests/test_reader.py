"""The reader's side of the built sample site, in Debian chromium driven by Playwright.

Cards on names and quotes by mouse, touch and keyboard; the connection pictures draw and
their dots open pages; a visit asks no other host for anything; axe-core finds no serious or
critical accessibility problem, in light and dark mode.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest

from briefgen.render import UNLINKED_IN_BODY, display_aliases, paged_entities

pytestmark = [pytest.mark.model, pytest.mark.browser]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def _briefing_with_quote(corpus):
    """The newest briefing with a full quote by a named speaker and a name with a page."""
    paged = paged_entities(corpus)
    for b in corpus.briefings:
        if any(q.kind == "full" and q.speaker for q in b.annotation.quotes) and any(
            s in paged for s in b.entity_slugs.values()
        ):
            return b
    raise AssertionError("the samples should hold a quoted briefing")


def _most_covered(corpus):
    people = [e for e in corpus.entities if e.type == "PERSON"]
    return max(people, key=lambda e: (len({a.briefing for a in e.appearances}), e.slug))


def _entity(corpus, slug):
    return next(e for e in corpus.entities if e.slug == slug)


def _heading(page) -> str:
    return page.locator("article h1").first.evaluate("e => e.firstChild.textContent").strip()


def _first_paged_link(page, corpus):
    """The first name in the story that has a page, and its canonical entity."""
    link = page.locator("article a[data-bg-card][data-bg-page]").first
    href = link.get_attribute("href") or ""
    slug = re.search(r"entities/([^/]+)/", href).group(1)
    return link, _entity(corpus, slug)


def test_card_opens_on_hover_without_moving_the_text(served, browser) -> None:
    url, corpus = served
    briefing = _briefing_with_quote(corpus)
    page = browser.new_page(viewport=DESKTOP)
    page.goto(f"{url}briefings/{briefing.slug}/")
    link, entity = _first_paged_link(page, corpus)
    paragraph = link.locator("xpath=ancestor::p[1]")
    before = paragraph.bounding_box()
    link.hover()
    card = page.locator("#bg-card")
    card.wait_for(state="visible", timeout=3000)
    # The count, the archive's role and every alias come from the name's own page.
    page.wait_for_function(
        "document.getElementById('bg-card').innerText.includes('Mentioned in')", timeout=5000
    )
    text = card.inner_text()
    assert entity.name in text
    n = len({a.briefing for a in entity.appearances})
    assert f"Mentioned in {n} briefing" in text
    # The role this briefing gives, else the one the archive settled on (with its source).
    here = next(
        (e.role for e in briefing.annotation.entities
         if e.role and briefing.entity_slugs.get(e.key) == entity.slug),
        None,
    )
    if here or entity.role:
        assert (here or entity.role) in text
    if not here and entity.role:
        source = next(b for b in corpus.briefings if b.slug == entity.role_source)
        assert f"as given in {source.article.title}" in text
    shown = display_aliases(entity.name, entity.aliases)
    if shown:
        assert "Also: " + ", ".join(shown) in text
    assert card.locator("a").get_attribute("href") == link.get_attribute("href")
    assert paragraph.bounding_box() == before  # out of the flow: nothing moved
    assert link.get_attribute("aria-describedby") == "bg-card"
    # No Material tooltip beside the card (the name carries no title).
    assert page.locator(".md-tooltip--active, .md-tooltip2--active").count() == 0
    page.mouse.move(5, 5)
    card.wait_for(state="hidden", timeout=3000)
    quote = page.locator("article .bg-quote[data-bg-card]").first
    quote.hover()
    card.wait_for(state="visible", timeout=3000)
    assert card.inner_text().startswith("Said by ")
    page.close()


def test_card_opens_on_tap_and_second_tap_follows(served, browser) -> None:
    url, corpus = served
    briefing = _briefing_with_quote(corpus)
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    page = context.new_page()
    address = f"{url}briefings/{briefing.slug}/"
    page.goto(address)
    link, entity = _first_paged_link(page, corpus)
    link.scroll_into_view_if_needed()
    link.tap()
    card = page.locator("#bg-card")
    card.wait_for(state="visible", timeout=3000)
    assert page.url == address  # the first tap shows the card, it does not leave
    assert entity.name in card.inner_text()
    box = card.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    # Tapping elsewhere closes it; a quote opens its own card.
    page.locator("article h1").first.tap()
    card.wait_for(state="hidden", timeout=3000)
    quote = page.locator("article .bg-quote[data-bg-card]").first
    quote.scroll_into_view_if_needed()
    quote.tap()
    card.wait_for(state="visible", timeout=3000)
    assert card.inner_text().startswith("Said by ")
    speaker_link = card.locator("a")
    if speaker_link.count():
        # A speaker with a page: the card leads there; one quoted in this briefing only has
        # no page, and the card leads to their glossary entry on this page.
        has_page = quote.get_attribute("data-bg-page") == "1"
        assert speaker_link.inner_text() == (
            f"{quote.get_attribute('data-bg-speaker')}: every briefing and quote" if has_page
            else "Glossary entry"
        )
        speaker_link.tap()
        page.wait_for_url(re.compile(r"/entities/[^/]+/$" if has_page else r"#g-[^/]+$"))
    page.goto(address)
    link, entity = _first_paged_link(page, corpus)
    link.scroll_into_view_if_needed()
    link.tap()
    card.wait_for(state="visible", timeout=3000)
    link.tap()
    page.wait_for_url(re.compile(rf"/entities/{re.escape(entity.slug)}/$"))
    context.close()


def test_card_by_keyboard(served, browser) -> None:
    url, corpus = served
    briefing = _briefing_with_quote(corpus)
    page = browser.new_page(viewport=DESKTOP)
    page.goto(f"{url}briefings/{briefing.slug}/")
    card = page.locator("#bg-card")
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.hasAttribute('data-bg-card')"):
            break
    else:
        raise AssertionError("Tab never reached a name with a card")
    card.wait_for(state="visible", timeout=3000)
    name = page.evaluate("document.activeElement.dataset.bgName || ''")
    assert name and name in card.inner_text()
    page.keyboard.press("Escape")
    card.wait_for(state="hidden", timeout=3000)
    # A quote is focusable; Enter toggles its card.
    for _ in range(400):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('bg-quote')"):
            break
    else:
        raise AssertionError("Tab never reached a quote")
    card.wait_for(state="visible", timeout=3000)
    page.keyboard.press("Enter")
    card.wait_for(state="hidden", timeout=3000)
    page.keyboard.press("Enter")
    card.wait_for(state="visible", timeout=3000)
    assert card.inner_text().startswith("Said by ")
    page.close()


def test_connections_draw_and_a_dot_opens_its_page(served, browser) -> None:
    url, corpus = served
    person = _most_covered(corpus)
    page = browser.new_page(viewport=DESKTOP)
    page.goto(f"{url}entities/{person.slug}/")
    dots = page.locator("svg.bg-ego a.bg-node")
    assert 1 <= dots.count() <= 8
    assert page.locator("svg.bg-chart rect.bg-bar").count() >= 1
    name = dots.first.get_attribute("aria-label")
    dots.first.locator("circle").first.click()
    page.wait_for_url(re.compile(r"/entities/[^/]+/$"))
    assert _heading(page) == name
    page.close()


#: The middle of the first map dot that no other name's target covers, scrolled into view:
#: ``[x, y, name]`` in the viewport, or ``null``.
_FREE_DOT = """() => {
  for (const a of document.querySelectorAll("svg.bg-map-graph a.bg-node")) {
    a.scrollIntoView({block: "center", inline: "center"});
    const r = a.querySelector("circle").getBoundingClientRect();
    const x = r.x + r.width / 2, y = r.y + r.height / 2;
    const hit = document.elementFromPoint(x, y);
    if (hit && hit.closest("a") === a) return [x, y, a.getAttribute("aria-label")];
  }
  return null;
}"""


def _press(locator, phone: bool) -> None:
    """A finger's tap on a phone, a mouse click on a desktop."""
    if phone:
        locator.tap()
    else:
        locator.click()


def _map_links(page):
    """The map's picture, once the script has put its links over the dots."""
    graph = page.locator("svg.bg-map-graph")
    graph.locator("a.bg-node").first.wait_for(state="attached")
    assert graph.get_attribute("role") == "group"
    return graph


def test_map_is_drawn_before_its_script_and_nothing_moves(served, browser) -> None:
    """The picture is in the page as built (dots and lines with no script at all); the script
    adds the links and shows the zoom buttons without moving anything."""
    url, _ = served
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{url}map/")
    graph = page.locator("svg.bg-map-graph")
    assert graph.get_attribute("role") == "img" and graph.get_attribute("aria-label")
    assert graph.locator("path.bg-dots").count() >= 1 and graph.locator("path.bg-edge").count()
    assert graph.locator("a").count() == 0  # the script makes them from the list below
    box = graph.bounding_box()
    assert box is not None and box["width"] > 300
    context.close()
    page = browser.new_page(viewport=DESKTOP)
    page.add_init_script(
        "window.__shift = 0; new PerformanceObserver((l) => { for (const e of l.getEntries())"
        " window.__shift += e.value; }).observe({type: 'layout-shift', buffered: true});"
    )
    page.goto(f"{url}map/")
    graph = _map_links(page)
    page.get_by_role("button", name="Zoom in").wait_for(state="visible")
    after = page.locator("svg.bg-map-graph").bounding_box()
    assert after == box
    assert page.evaluate("window.__shift") == 0
    page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_pictures_keep_their_targets_invisible(served, browser, scheme: str) -> None:
    """The finger-sized targets over the dots stay transparent in both colour schemes (in dark
    mode the type colours once filled them, and every dot looked twice its size)."""
    url, corpus = served
    page = browser.new_page(viewport=DESKTOP, color_scheme=scheme)
    for path, dot in (("map/", "svg.bg-map-graph path.bg-dots"),
                      (f"entities/{_most_covered(corpus).slug}/",
                       "svg.bg-ego a.bg-node circle:not(.bg-hit)")):
        page.goto(url + path)
        if path == "map/":
            _map_links(page)
        hit, fill = page.evaluate(
            "([dot]) => [getComputedStyle(document.querySelector('svg.bg-graph .bg-hit')).fill,"
            " getComputedStyle(document.querySelector(dot)).fill]",
            [dot],
        )
        assert hit in ("transparent", "rgba(0, 0, 0, 0)"), (path, hit)
        assert fill.startswith("rgb(") and fill != hit, (path, fill)
    page.close()


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_map_filters_by_type_and_a_node_opens_its_page(served, browser, device: str) -> None:
    url, corpus = served
    phone = device == "phone"
    if phone:
        context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    else:
        context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(f"{url}map/")
    graph = _map_links(page)
    nodes = graph.locator("a.bg-node")
    assert 10 <= nodes.count() <= 150
    # Nationalities ("British") are not linked in stories and stay off the map too.
    norp = {e.slug for e in corpus.entities if e.type in UNLINKED_IN_BODY}
    hrefs = [nodes.nth(i).get_attribute("href") or "" for i in range(nodes.count())]
    assert not any(f"/{slug}/" in h for h in hrefs for slug in norp)
    people = graph.locator("a.bg-t-people")
    dots = graph.locator("path.bg-dots.bg-t-people")
    assert people.first.is_visible() and dots.is_visible()
    _press(page.locator("#bg-show-people"), phone)
    assert not people.first.is_visible() and not dots.is_visible()
    assert graph.locator("a.bg-t-places").first.is_visible()
    _press(page.locator("#bg-show-people"), phone)
    # Zoom makes the drawing wider than its frame, which then scrolls (pan).
    frame = page.locator(".bg-map .bg-pan")
    _press(page.get_by_role("button", name="Zoom in"), phone)
    assert frame.evaluate("f => f.scrollWidth > f.clientWidth")
    # Tap (or click) the middle of a dot, and land on that name's page.
    spot = page.evaluate(_FREE_DOT)
    assert spot is not None
    x, y, name = spot
    if phone:
        page.touchscreen.tap(x, y)
    else:
        page.mouse.click(x, y)
    page.wait_for_url(re.compile(r"/entities/[^/]+/$"))
    assert _heading(page) == name
    context.close()


#: For each link the script put on the map: its name, its address, the list's address for
#: that name, whether it is labelled in the picture, and the label beside its dot (the
#: picture's own for a labelled name, the link's for the others) with the dot's centre.
_MAP_LINKS = """() => {
  const list = new Map();
  for (const a of document.querySelectorAll("article .bg-map ~ ul > li > a:first-child"))
    list.set(a.textContent, a.getAttribute("href"));
  const labels = [...document.querySelectorAll("svg.bg-map-graph > text.bg-label")];
  return [...document.querySelectorAll("svg.bg-map-graph a.bg-node")].map((a) => {
    const hit = a.querySelector("circle.bg-hit");
    const cy = +hit.getAttribute("cy");
    const name = a.getAttribute("aria-label");
    const own = a.querySelector("text");
    const beside = own ? [own] : labels.filter((t) => +t.getAttribute("y") === cy + 4
      && Math.abs(+t.getAttribute("x") - +hit.getAttribute("cx")) < 40);
    return [name, a.getAttribute("href"), list.get(name) ?? null,
            a.classList.contains("bg-minor"), beside.map((t) => t.textContent)];
  });
}"""


def test_map_links_come_from_the_list_and_sit_on_their_dots(served, browser) -> None:
    """The script makes one link per dot from the list under the map: every name of the list,
    with the list's address, over the dot whose label (in the picture, or its own) names it."""
    url, _ = served
    page = browser.new_page(viewport=DESKTOP)
    page.goto(f"{url}map/")
    _map_links(page)
    links = page.evaluate(_MAP_LINKS)
    listed = page.locator("article .bg-map ~ ul > li").count()
    assert len(links) == listed and len({name for name, *_ in links}) == listed
    labelled = 0
    for name, href, in_list, minor, beside in links:
        assert href and href == in_list, name
        short = name if len(name) <= 22 else name[:21].rstrip() + "\u2026"
        assert short in beside, (name, beside)
        labelled += not minor
    assert labelled == min(40, listed)
    page.close()


def test_map_by_keyboard(served, browser) -> None:
    """Tab reaches the map's names (each shows its label when focused) and Enter opens one."""
    url, _ = served
    page = browser.new_page(viewport=DESKTOP)
    page.goto(f"{url}map/")
    _map_links(page)
    for _ in range(300):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('svg.bg-map-graph a.bg-minor')"):
            break
    else:
        raise AssertionError("Tab never reached a name on the map without a label")
    name = page.evaluate("document.activeElement.getAttribute('aria-label')")
    label = page.evaluate(
        "getComputedStyle(document.activeElement.querySelector('text')).display"
    )
    assert label != "none"  # its name shows while it has focus
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/entities/[^/]+/$"))
    assert _heading(page) == name
    page.close()


def test_a_visit_calls_no_other_host(served, browser) -> None:
    url, corpus = served
    here = urlparse(url).netloc
    briefing = _briefing_with_quote(corpus)
    person = _most_covered(corpus)
    page = browser.new_page(viewport=DESKTOP)
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url))
    for path in ("", f"briefings/{briefing.slug}/", f"entities/{person.slug}/", "map/",
                 "entities/"):
        page.goto(url + path)
        page.wait_for_load_state("networkidle")
    # Search loads its index from the site itself.
    page.locator(".md-search__input").click()
    page.locator(".md-search__input").press_sequentially(person.name, delay=20)
    page.locator(".md-search-result__item").first.wait_for(timeout=15000)
    page.wait_for_load_state("networkidle")
    hosts = {urlparse(u).netloc for u in asked if not u.startswith("data:")}
    assert hosts == {here}, sorted(u for u in asked if urlparse(u).netloc != here)
    assert any("/pagefind/" in u for u in asked)
    page.close()


def _axe_pages(corpus) -> list[str]:
    briefing = _briefing_with_quote(corpus)
    person = _most_covered(corpus)
    month = (briefing.article.date or "")[:7]
    letter = person.name[0].lower()
    quoted = sorted({
        e.name[0].lower() for e in corpus.entities
        for b in corpus.briefings for q in b.annotation.quotes
        if q.speaker and b.entity_slugs.get(q.speaker) == e.slug
    })
    return [
        "",
        f"briefings/{briefing.slug}/",
        f"entities/{person.slug}/",
        "briefings/",
        "entities/",
        f"entities/a-z/{letter}/",
        "quotes/",
        f"quotes/{quoted[0]}/",
        "timeline/",
        f"timeline/{month}/",
        "map/",
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_serious(served, browser, scheme: str) -> None:
    pytest.importorskip("axe_playwright_python")
    from axe_playwright_python.sync_playwright import Axe

    url, corpus = served
    axe = Axe()
    page = browser.new_page(viewport=DESKTOP, color_scheme=scheme)
    problems = []
    for path in _axe_pages(corpus):
        page.goto(url + path)
        page.wait_for_load_state("networkidle")
        if path.startswith("briefings/") and path != "briefings/":
            # The card is part of the page while open: check it too.
            page.locator("article a[data-bg-card]").first.hover()
            page.locator("#bg-card").wait_for(state="visible", timeout=3000)
        expected = "slate" if scheme == "dark" else "default"
        assert page.evaluate("document.body.dataset.mdColorScheme") == expected
        results = axe.run(page)
        for v in results.response["violations"]:
            if v["impact"] in ("serious", "critical"):
                targets = [n["target"] for n in v["nodes"][:3]]
                problems.append(f"/{path}: {v['id']} ({v['impact']}): {targets}")
    page.close()
    assert not problems, "\n".join(problems)
