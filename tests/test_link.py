"""Cross-document linking: one entity page per real-world entity, stable slugs, no false merges."""

from __future__ import annotations

import random
import sys

import pytest

from briefgen.link import link_entities
from briefgen.model import Annotation, Article, Entity, GlossaryEntry


def ann(slug: str, date: str | None, *entities: Entity) -> Annotation:
    return Annotation(article=Article(source=f"sources/{slug}.md", slug=slug, title=slug,
                                      date=date), entities=entities)


def ent(name: str, etype: str, *aliases: str, role: str | None = None, mentions: int = 1,
        key: str | None = None) -> Entity:
    return Entity(key=key or name, name=name, type=etype, aliases=tuple(sorted(aliases)),
                  role=role, mentions=mentions, sentence=f"{name} was mentioned.")


CORPUS = [
    ann("uk-plan", "2025-03-03",
        ent("Kier Starmer", "PERSON", "Starmer", role="British Prime Minister", mentions=7),
        ent("United Kingdom", "GPE", "UK", mentions=11),
        ent("Royal United Services Institute", "ORG", "RUSI", mentions=2),
        ent("Boris Johnson", "PERSON", "Johnson", mentions=2)),
    ann("commons-vote", "2025-03-04",
        ent("Starmer", "PERSON", mentions=3),
        ent("United Kingdom", "GPE", "Britain", mentions=1),
        ent("RUSI", "ORG", mentions=1),
        ent("Johnson", "PERSON", mentions=1)),
    ann("history", "1965-01-20",
        ent("Lyndon B. Johnson", "PERSON", "Johnson", role="President", mentions=4),
        ent("United States", "GPE", "US", "U.S.", mentions=2)),
    ann("markets", "2025-03-05",
        ent("Lyndon Johnson", "PERSON", mentions=1),
        ent("UK", "ORG", mentions=1),
        ent("Kier Starmer", "PERSON", "Starmer", role="Prime Minister", mentions=1),
        ent("US", "GPE", mentions=1)),
    ann("undated", None, ent("Starmer", "ORG", mentions=1)),
]


def linked() -> tuple[dict[str, object], list[dict[str, str]]]:
    entities, maps = link_entities(CORPUS)
    return {e.slug: e for e in entities}, maps


def test_one_page_per_entity_with_merged_aliases() -> None:
    pages, _ = linked()
    got = {slug: (e.name, e.type, e.aliases) for slug, e in pages.items()}
    assert got == {
        "kier-starmer": ("Kier Starmer", "PERSON", ("Starmer",)),
        "united-kingdom": ("United Kingdom", "GPE", ("Britain", "UK")),
        "royal-united-services-institute": ("Royal United Services Institute", "ORG",
                                            ("RUSI",)),
        "boris-johnson": ("Boris Johnson", "PERSON", ("Johnson",)),
        # Two Johnsons in the corpus: the lone "Johnson" of commons-vote cannot be placed.
        "johnson": ("Johnson", "PERSON", ()),
        "lyndon-b-johnson": ("Lyndon B. Johnson", "PERSON", ("Johnson", "Lyndon Johnson")),
        "united-states": ("United States", "GPE", ("U.S.", "US")),
    }


def test_maps_send_every_local_key_to_its_page() -> None:
    _, maps = linked()
    assert maps == [
        {"Kier Starmer": "kier-starmer", "United Kingdom": "united-kingdom",
         "Royal United Services Institute": "royal-united-services-institute",
         "Boris Johnson": "boris-johnson"},
        {"Starmer": "kier-starmer", "United Kingdom": "united-kingdom",
         "RUSI": "royal-united-services-institute", "Johnson": "johnson"},
        {"Lyndon B. Johnson": "lyndon-b-johnson", "United States": "united-states"},
        {"Lyndon Johnson": "lyndon-b-johnson", "UK": "united-kingdom",
         "Kier Starmer": "kier-starmer", "US": "united-states"},
        {"Starmer": "kier-starmer"},
    ]


def test_appearances_newest_first_and_role_source() -> None:
    pages, _ = linked()
    starmer = pages["kier-starmer"]
    assert [a.briefing for a in starmer.appearances] == [
        "markets", "commons-vote", "uk-plan", "undated"]
    assert starmer.appearances[2].sentence == "Kier Starmer was mentioned."
    assert starmer.appearances[2].mentions == 7
    assert (starmer.role, starmer.role_source) == ("British Prime Minister", "uk-plan")


def test_type_is_voted_across_documents() -> None:
    pages, _ = linked()
    # "UK" typed ORG once and "Starmer" ORG once are outvoted, not split into second pages.
    assert pages["united-kingdom"].type == "GPE"
    assert pages["kier-starmer"].type == "PERSON"
    assert len({(e.name, e.type) for e in pages.values()}) == len(pages)


def test_lone_surname_joins_the_only_person_of_that_name() -> None:
    corpus = [
        ann("a", "2024-01-01", ent("Angela Merkel", "PERSON", "Merkel")),
        ann("b", "2024-01-02", ent("Merkel", "PERSON")),
    ]
    entities, maps = link_entities(corpus)
    assert [e.slug for e in entities] == ["angela-merkel"]
    assert maps[1] == {"Merkel": "angela-merkel"}


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (ent("Boris Johnson", "PERSON"), ent("Lyndon Johnson", "PERSON")),
        (ent("Jordan", "GPE"), ent("Michael Jordan", "PERSON")),
        (ent("Paris Hilton", "PERSON"), ent("Paris", "GPE")),
        (ent("Washington Post", "ORG"), ent("Washington", "GPE")),
    ],
)
def test_no_false_merges(a: Entity, b: Entity) -> None:
    entities, _ = link_entities([ann("x", "2024-01-01", a), ann("y", "2024-01-02", b)])
    assert sorted(e.name for e in entities) == sorted([a.name, b.name])


def test_glossary_names_describes_and_ignores() -> None:
    glossary = (
        GlossaryEntry(name="Royal United Services Institute", type="ORG", aliases=("RUSI",),
                      description="Defence think tank.", url="https://example.org/rusi"),
        GlossaryEntry(name="UK", ignore=True, aliases=("United Kingdom", "Britain")),
        GlossaryEntry(name="Keir Starmer", type="PERSON", aliases=("Kier Starmer", "Starmer")),
    )
    entities, maps = link_entities(CORPUS, glossary)
    pages = {e.slug: e for e in entities}
    rusi = pages["royal-united-services-institute"]
    assert (rusi.description, rusi.url) == ("Defence think tank.", "https://example.org/rusi")
    assert "united-kingdom" not in pages and "uk" not in pages
    assert "United Kingdom" not in maps[0]
    assert pages["keir-starmer"].name == "Keir Starmer"
    assert maps[4] == {"Starmer": "keir-starmer"}


def test_slugs_do_not_depend_on_input_order() -> None:
    first = link_entities(CORPUS)[0]
    shuffled = list(CORPUS)
    random.Random(7).shuffle(shuffled)
    assert link_entities(shuffled)[0] == first


def test_colliding_slugs_are_told_apart_by_type() -> None:
    corpus = [
        ann("a", "2024-01-01", ent("Georgia", "GPE")),
        ann("b", "2024-01-02", ent("Georgia Ltd", "ORG")),
        ann("c", "2024-01-03", ent("Georgia", "PRODUCT", key="g")),
    ]
    # Same name, two types: the vote gives one page, not two.
    slugs = [e.slug for e in link_entities(corpus)[0]]
    assert slugs == ["georgia", "georgia-ltd"]


def _synthetic_corpus(size: int) -> list[Annotation]:
    """``size`` briefings whose distinct names grow with ``size`` (pools scale with it), so
    work spent on pairs of entities would show as growth faster than the corpus."""
    rng = random.Random(3)
    firsts = ["Anna", "Boris", "Carla", "Dmitri", "Elena", "Farid", "Greta", "Hugo"]
    lasts = [f"Surname{i}" for i in range(size // 8 + 1)]
    corpus = []
    for i in range(size):
        people = {f"{rng.choice(firsts)} {rng.choice(lasts)}" for _ in range(6)}
        ents = [ent(p, "PERSON", p.split()[1]) for p in sorted(people)]
        ents += [ent(f"Place{rng.randrange(size // 6 + 1)}", "GPE", key=f"place{j}")
                 for j in range(4)]
        ents.append(ent(rng.choice(lasts), "PERSON", key="lone"))
        corpus.append(ann(f"doc-{i}", f"2024-01-{1 + i % 28:02d}", *ents))
    return corpus


def _function_calls(corpus: list[Annotation]) -> int:
    """Python and C function calls made while linking ``corpus``: a count of work that,
    unlike a clock, does not depend on the machine or on what else it runs."""
    import briefgen.entities.names as names
    import briefgen.link as linking

    # The name caches would hide the work of names seen in an earlier measurement.
    for module in (names, linking):
        for value in vars(module).values():
            if callable(getattr(value, "cache_clear", None)):
                value.cache_clear()
    calls = 0

    def count(_frame: object, event: str, _arg: object) -> None:
        nonlocal calls
        if event in ("call", "c_call"):
            calls += 1

    sys.setprofile(count)
    try:
        link_entities(corpus)
    finally:
        sys.setprofile(None)
    return calls


def test_linking_work_grows_with_the_corpus_not_with_its_pairs() -> None:
    # Linking keys everything by folded names, never compares entities pairwise: three times
    # the briefings (and the distinct names) must cost about three times the calls, where a
    # pass over pairs would cost nine.
    link_entities(_synthetic_corpus(30))  # one-time set-up (name tables) out of the count
    small, large = _function_calls(_synthetic_corpus(300)), _function_calls(_synthetic_corpus(900))
    assert 2.5 < large / small < 3.6, (small, large)


def test_thousands_of_annotations_link() -> None:
    entities, maps = link_entities(_synthetic_corpus(3000))
    assert len(maps) == 3000 and all(maps)
    assert len({e.slug for e in entities}) == len(entities)


def test_middle_initials_tell_people_apart() -> None:
    corpus = [
        ann("a", "2016-01-01", ent("George W. Bush", "PERSON", "Bush")),
        ann("b", "2016-01-02", ent("George H.W. Bush", "PERSON", "Bush")),
        ann("c", "2016-01-03", ent("George Bush", "PERSON")),
        ann("d", "2016-01-04", ent("James B. Comey Jr.", "PERSON", "Comey")),
        ann("e", "2016-01-05", ent("James Comey", "PERSON")),
    ]
    entities, maps = link_entities(corpus)
    assert sorted(e.name for e in entities) == [
        "George Bush", "George H.W. Bush", "George W. Bush", "James B. Comey Jr."]
    assert maps[4] == {"James Comey": "james-b-comey-jr"}


def test_lone_surname_joins_a_dominant_person() -> None:
    corpus = [ann(f"b{i}", "2016-02-01", ent("Barack Obama", "PERSON", "Obama"))
              for i in range(6)]
    corpus.append(ann("m", "2016-02-02", ent("Michelle Obama", "PERSON")))
    corpus.append(ann("lone", "2016-02-03", ent("Obama", "PERSON")))
    entities, maps = link_entities(corpus)
    assert maps[-1] == {"Obama": "barack-obama"}
    # ... but not when the two are close: then "Obama" cannot be placed.
    entities, maps = link_entities(corpus[4:])
    assert maps[-1] == {"Obama": "obama"}


def test_role_most_briefings_agree_on_from_the_same_type() -> None:
    corpus = [
        ann("a", "2016-01-01", ent("Washington", "GPE", mentions=3)),
        ann("b", "2016-01-02", ent("Washington", "PERSON", role="star of television")),
        ann("c", "2016-01-03", ent("Ted Cruz", "PERSON", role="Texas Senator")),
        ann("d", "2016-01-04", ent("Ted Cruz", "PERSON", role="Texas Senator")),
        ann("e", "2016-01-05", ent("Ted Cruz", "PERSON",
                                   role="a graduate of Harvard Law School and a former clerk")),
    ]
    pages = {e.slug: e for e in link_entities(corpus)[0]}
    assert (pages["ted-cruz"].role, pages["ted-cruz"].role_source) == ("Texas Senator", "d")
    assert pages["washington"].role is None


def test_entity_named_index_does_not_take_the_index_page() -> None:
    canon, maps = link_entities([ann("a", "2025-01-01", ent("Index", "ORG"))])
    assert [c.slug for c in canon] == ["index-org"]
    assert maps == [{"Index": "index-org"}]


def test_run_together_initials_tell_people_apart() -> None:
    """"W.H." and "HW" are two initials each: neither is the "George W. Bush" of another
    briefing, while "H.W." and "HW" are one man."""
    corpus = [
        ann("a", "2016-01-01", ent("George W. Bush", "PERSON", mentions=2)),
        ann("b", "2016-01-02", ent("George W.H. Bush", "PERSON"),
            ent("George H.W. Bush", "PERSON", key="hw")),
        ann("c", "2016-01-03", ent("George HW Bush", "PERSON")),
    ]
    entities, _ = link_entities(corpus)
    groups = sorted(tuple(sorted((e.name, *e.aliases))) for e in entities)
    assert groups == [("George H.W. Bush", "George HW Bush"), ("George W. Bush",),
                      ("George W.H. Bush",)]


def test_memo_reuses_the_entities_a_new_story_leaves_alone() -> None:
    """Under serve every save links the archive again: unchanged entities come back as the
    very same objects (cheap for the page memo to compare), the output equals a fresh link."""
    from briefgen.link import LinkMemo

    memo = LinkMemo()
    first, _ = link_entities(CORPUS, memo=memo)
    again, _ = link_entities(CORPUS, memo=memo)
    assert again == first and all(a is b for a, b in zip(again, first, strict=True))
    extra = ann("rusi-report", "2025-03-06",
                ent("Royal United Services Institute", "ORG", "RUSI", mentions=2))
    grown, maps = link_entities([*CORPUS, extra], memo=memo)
    fresh, fresh_maps = link_entities([*CORPUS, extra])
    assert grown == fresh and maps == fresh_maps
    before = {e.slug: e for e in first}
    rebuilt = sorted(e.slug for e in grown if before.get(e.slug) is not e)
    assert rebuilt == ["royal-united-services-institute"]
    # An edited story (a new annotation object for the same slug) rebuilds what it names.
    edited = ann("history", "1965-01-21",
                 ent("Lyndon B. Johnson", "PERSON", "Johnson", role="President", mentions=4),
                 ent("United States", "GPE", "US", "U.S.", mentions=2))
    again, _ = link_entities([*CORPUS[:2], edited, *CORPUS[3:], extra], memo=memo)
    assert again == link_entities([*CORPUS[:2], edited, *CORPUS[3:], extra])[0]
    after = {e.slug: e for e in again}
    assert after["kier-starmer"] is before["kier-starmer"]
    assert after["united-states"] is not before["united-states"]
