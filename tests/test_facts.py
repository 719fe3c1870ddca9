"""Corpus facts the pages show: who earns a page, who is named with whom, who said what."""

from __future__ import annotations

from dataclasses import replace

from test_render import _article, _p

from briefgen.facts import co_mention_counts, co_mentions, paged_entities, quotes_by_speaker
from briefgen.model import Annotation, Appearance, Briefing, CanonicalEntity, Corpus, Quote
from briefgen.render import _quotes_by_speaker, _Site


def _entity(slug: str, *briefings: str) -> CanonicalEntity:
    apps = tuple(Appearance(b, "2025-03-01", "x", 1, slug) for b in briefings)
    return CanonicalEntity(slug, slug.title(), "PERSON", appearances=apps)


def _briefing(slug: str, date: str, slugs: dict[str, str], quotes: tuple[Quote, ...]) -> Briefing:
    art = _article(slug, [_p("“Words,” someone said.")], date=date)
    return Briefing(Annotation(article=art, quotes=quotes), slugs)


def _corpus() -> Corpus:
    said = Quote(1, 6, "Words", "full", "Ana", "Ana", "said")
    scare = Quote(1, 6, "Words", "scare", "Ben", "Ben", None)
    unlinked = Quote(1, 6, "Words", "partial", "Someone", "someone", "said")
    nobody = Quote(1, 6, "Words", "full", None, None, None)
    # "Gone" maps to a slug with no canonical entity (a dropped link): no page, no quotes.
    newer = _briefing(
        "newer", "2025-03-02", {"Ana": "ana", "Ben": "ben", "Gone": "gone"},
        (said, scare, unlinked, nobody, Quote(1, 6, "Words", "full", "Gone", "Gone", "said")),
    )
    older = _briefing("older", "2025-03-01", {"Ana": "ana", "Cy": "cy"}, (said,))
    entities = (_entity("ana", "newer", "older"), _entity("ben", "newer"), _entity("cy", "older"))
    return Corpus((newer, older), entities)


def test_quotes_by_speaker_keeps_attributed_quotes_newest_first() -> None:
    corpus = _corpus()
    by = quotes_by_speaker(corpus)
    assert set(by) == {"ana"}  # Ben's only quote is a scare quote
    assert [(b.slug, q.kind) for b, q in by["ana"]] == [("newer", "full"), ("older", "full")]
    # The renderer's old entry point (through the site's speaker lookup) says the same.
    assert _quotes_by_speaker(_Site.of(corpus)) == by


def test_a_page_for_the_recurring_and_the_much_quoted_not_the_scare_quoted() -> None:
    corpus = _corpus()
    # Ana: two briefings and quoted; Ben: one briefing, scare-quoted only; Cy: one briefing.
    assert paged_entities(corpus) == frozenset({"ana"})
    # In one briefing only, a speaker's quotes are all on that briefing and in the quotes
    # index (three a speaker): no page.  A fourth quote is more than the index shows.
    said = Quote(1, 6, "Words", "full", "Ana", "Ana", "said")
    partial = Quote(1, 6, "Words", "partial", "Ana", "Ana", "said")
    for quotes, paged in [((said,), False), ((said, partial, said), False),
                          ((said, partial, said, partial), True)]:
        older = _briefing("older", "2025-03-01", {"Ana": "ana", "Cy": "cy"}, quotes)
        one = Corpus((older,), (_entity("ana", "older"), _entity("cy", "older")))
        assert paged_entities(one) == (frozenset({"ana"}) if paged else frozenset())
    # An editor's glossary entry earns a page whatever the count.
    curated = Corpus(corpus.briefings[1:], (replace(_entity("cy", "older"), curated=True),))
    assert paged_entities(curated) == frozenset({"cy"})


def test_co_mentions_count_shared_briefings_among_paged_names() -> None:
    corpus = _corpus()
    counts = co_mention_counts(corpus)
    assert counts["ana"] == {"ben": 1, "gone": 1, "cy": 1}
    assert co_mentions(corpus, limit=2, counts=counts)["ana"] == [("ben", 1), ("cy", 1)]
    assert dict(co_mention_counts(corpus, only=frozenset({"ana", "cy"}))) == {
        "ana": {"cy": 1},
        "cy": {"ana": 1},
    }


def test_remembered_co_mention_counts_equal_a_fresh_count_through_every_change() -> None:
    """A save moves the counts by the briefings whose names changed: after each change the
    memo's counts and nearest names equal a fresh count, rows untouched stay the same
    objects (what lets the page memo skip their pages), and a name counted nowhere loses
    its row."""
    from briefgen.facts import CoMentionMemo

    def briefing(slug: str, *names: str) -> Briefing:
        return _briefing(slug, "2025-03-01", {n: n for n in names}, ())

    a = briefing("a", "ana", "ben", "cy")
    b = briefing("b", "ana", "dee")
    c = briefing("c", "eve", "fay")
    steps = [
        ((a, b, c), None),
        ((a, b, c, briefing("d", "ana", "ben")), None),  # a story added
        ((a, briefing("b", "ana", "cy"), c), None),  # one story's names edited, one removed
        ((a, c), frozenset({"ana", "ben", "eve", "fay"})),  # a name loses its page
        ((a, c), frozenset({"ana", "ben", "cy", "eve"})),  # and another earns one
        ((briefing("solo", "ana"),), None),  # counted alone: an empty row, not no row
    ]
    memo = CoMentionMemo()
    last: dict = {}
    for briefings, only in steps:
        corpus = Corpus(briefings, ())
        fresh = co_mention_counts(corpus, only)
        kept = co_mention_counts(corpus, only, memo=memo)
        assert kept == fresh
        assert co_mentions(corpus, 2, only, kept, memo=memo) == co_mentions(corpus, 2, only, fresh)
        if (briefings, only) == steps[1]:
            # Adding "d" (Ana, Ben) leaves Eve's and Fay's rows untouched.
            assert kept["eve"] is last["eve"] and kept["ana"] is not last["ana"]
        last = kept
    assert dict(last) == {"ana": {}}
