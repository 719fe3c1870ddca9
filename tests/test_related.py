"""related.relate: who links to whom, why, duplicates and threads, on hand-built annotations.

The articles below are written for these tests: a small newsroom of politics, football,
technology and markets stories, with one story republished under a new headline and one
story that develops over a week.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest

from briefgen.model import Annotation, Article, CanonicalEntity, Entity, to_jsonable
from briefgen.related import RelateResult, relate
from briefgen.terms import content_terms


@dataclass(frozen=True)
class Case:
    slug: str
    terms: str
    entities: tuple[str, ...] = ()
    date: str | None = None
    title: str = ""


#: Canonical entities: slug -> (name, type).
CANON = {
    "mira-holt": ("Mira Holt", "PERSON"),
    "labour-party": ("Labour Party", "ORG"),
    "harbour-city": ("Harbour City", "GPE"),
    "northfield-united": ("Northfield United", "ORG"),
    "dan-okafor": ("Dan Okafor", "PERSON"),
    "ferro-systems": ("Ferro Systems", "ORG"),
    "central-bank": ("Central Bank", "ORG"),
    "england": ("England", "GPE"),
}

NEWSROOM = [
    Case("budget-vote-delayed",
         "budget vote delay minister parliament tax spending budget opposition",
         ("mira-holt", "labour-party", "england"), "2024-03-01", "Budget vote delayed"),
    Case("budget-vote-passes",
         "budget vote pass parliament minister tax spending majority budget",
         ("mira-holt", "labour-party", "england"), "2024-03-05", "Budget vote passes"),
    Case("budget-row-deepens",
         "budget minister opposition parliament row tax spending vote resign",
         ("mira-holt", "labour-party"), "2024-03-08", "Budget row deepens"),
    Case("striker-signs",
         "striker sign contract club goal season transfer fee striker",
         ("northfield-united", "dan-okafor", "england"), "2024-03-02", "Striker signs"),
    Case("striker-scores-twice",
         "striker score goal match club season league win striker",
         ("northfield-united", "dan-okafor"), "2024-03-09", "Striker scores twice"),
    Case("chip-maker-profit",
         "chip maker profit quarter sale processor demand server chip",
         ("ferro-systems",), "2024-03-03", "Chip maker profit"),
    Case("rates-held",
         "interest rate hold inflation bank economy growth rate",
         ("central-bank", "england"), "2024-03-04", "Rates held"),
    # The first budget story again, re-headlined, one sentence trimmed: "Also reported as".
    Case("parliament-postpones-budget-vote",
         "budget vote delay minister parliament tax spending budget",
         ("mira-holt", "labour-party", "england"), "2024-03-01",
         "Parliament postpones budget vote"),
    Case("garden-festival",
         "flower garden festival bloom visitor tulip",
         ("harbour-city",), "2024-03-06", "Garden festival"),
]


def build(cases: list[Case]) -> tuple[list[Annotation], list[dict[str, str]],
                                      list[CanonicalEntity]]:
    anns, maps = [], []
    for c in cases:
        ents = tuple(Entity(key=f"local-{e}", name=CANON[e][0], type=CANON[e][1], mentions=2)
                     for e in c.entities)
        art = Article(source=f"sources/{c.slug}.md", slug=c.slug,
                      title=c.title or c.slug, date=c.date)
        anns.append(Annotation(article=art, entities=ents, terms=tuple(c.terms.split())))
        maps.append({f"local-{e}": e for e in c.entities})
    canon = [CanonicalEntity(slug=s, name=n, type=t) for s, (n, t) in sorted(CANON.items())]
    return anns, maps, canon


@pytest.fixture(scope="module")
def newsroom() -> tuple[list[Annotation], RelateResult]:
    anns, maps, canon = build(NEWSROOM)
    return anns, relate(anns, maps, canon, n=3)


def links_of(result: RelateResult, anns: list[Annotation], slug: str) -> list[str]:
    i = [a.article.slug for a in anns].index(slug)
    return [r.slug for r in result.related[i]]


@pytest.mark.parametrize(
    ("slug", "first", "absent"),
    [
        # The budget story it continues comes first, once, as its first report (the two
        # copies share a date; the earlier slug): the republished copy is not listed a
        # second time.  Football never appears.
        ("budget-vote-passes", "budget-vote-delayed",
         {"parliament-postpones-budget-vote", "striker-signs", "striker-scores-twice"}),
        ("striker-signs", "striker-scores-twice", {"budget-vote-delayed", "chip-maker-profit"}),
        ("striker-scores-twice", "striker-signs", {"rates-held", "garden-festival"}),
        # Its near-identical copy is a duplicate, so the best *related* story is the next step.
        ("budget-vote-delayed", "budget-row-deepens", {"parliament-postpones-budget-vote"}),
    ],
)
def test_best_link_and_unrelated_absent(newsroom, slug, first, absent):
    anns, result = newsroom
    links = links_of(result, anns, slug)
    assert links[0] == first
    assert not absent & set(links)


@pytest.mark.parametrize(
    "slug", ["garden-festival", "chip-maker-profit"],
)
def test_story_with_no_shared_words_or_names_links_nothing(newsroom, slug):
    anns, result = newsroom
    assert links_of(result, anns, slug) == []


def test_no_self_links_no_repeats_and_n_respected(newsroom):
    anns, result = newsroom
    for ann, links in zip(anns, result.related, strict=True):
        slugs = [r.slug for r in links]
        assert ann.article.slug not in slugs
        assert len(slugs) == len(set(slugs))
        assert len(slugs) <= 3


@pytest.mark.parametrize("n", [0, 1, 2, 4])
def test_n_caps_the_list_and_keeps_the_best(n):
    anns, maps, canon = build(NEWSROOM)
    full = relate(anns, maps, canon, n=8)
    capped = relate(anns, maps, canon, n=n)
    for long, short in zip(full.related, capped.related, strict=True):
        assert short == long[:n]


def test_scores_descend_with_ties_broken_by_slug(newsroom):
    _, result = newsroom
    for links in result.related:
        keys = [(-r.score, r.slug) for r in links]
        assert keys == sorted(keys)
        assert all(r.score == round(r.score, 4) and 0 < r.score <= 1 for r in links)


def test_republished_story_is_a_duplicate_not_related(newsroom):
    anns, result = newsroom
    slugs = [a.article.slug for a in anns]
    first = slugs.index("budget-vote-delayed")
    copy = slugs.index("parliament-postpones-budget-vote")
    assert result.duplicates[first] == ("parliament-postpones-budget-vote",)
    assert result.duplicates[copy] == ("budget-vote-delayed",)
    assert "budget-vote-delayed" not in links_of(result, anns, "parliament-postpones-budget-vote")
    # A continuation of the story is related, never a duplicate.
    assert all(d == () for s, d in zip(slugs, result.duplicates, strict=True)
               if s not in {"budget-vote-delayed", "parliament-postpones-budget-vote"})


@pytest.mark.parametrize(
    ("reprint_date", "listed"),
    [("2024-05-09", "zz-first-report"), ("2024-05-01", "aa-reprint")],
)
def test_a_republished_story_is_listed_as_its_first_report(reprint_date, listed):
    """Copies score within a hundredth of each other, so the copy listed must not be the
    one that scored best (which one that is moves with every story added): it is the
    earliest, whichever is closer to the story that links to it."""
    words = "harbour strike pilot rota night shift tanker port union talks"
    cases = [
        # The reprint is the exact words of the follow-up below; the first report has one
        # word more, so it scores lower against it.
        Case("zz-first-report", words + " fog", ("mira-holt",), "2024-05-02", "Pilots strike"),
        Case("aa-reprint", words, ("mira-holt",), reprint_date, "Pilots strike (reprint)"),
        Case("mm-follow-up", words + " deal agreed end", ("mira-holt",), "2024-05-12",
             "Pilots strike ends"),
        Case("qq-unrelated", "flower garden festival bloom visitor tulip", (), "2024-05-03"),
    ]
    anns, maps, canon = build(cases)
    result = relate(anns, maps, canon, n=3)
    slugs = [a.article.slug for a in anns]
    assert result.duplicates[slugs.index("aa-reprint")] == ("zz-first-report",)
    assert links_of(result, anns, "mm-follow-up") == [listed]
    from briefgen import related as rel

    text = rel.text_matrix(anns)
    cos = (text @ text.T).toarray()
    follow, first, reprint = (slugs.index(s) for s in ("mm-follow-up", "zz-first-report",
                                                        "aa-reprint"))
    assert cos[follow, reprint] > cos[follow, first]  # the reprint is the better match


def test_shared_entities_name_people_and_orgs_before_places(newsroom):
    anns, result = newsroom
    i = [a.article.slug for a in anns].index("budget-vote-passes")
    link = next(r for r in result.related[i] if r.slug == "budget-vote-delayed")
    # People and organisations first (rarest first, then by name), the country last.
    assert link.shared == ("Labour Party", "Mira Holt", "England")


def test_shared_entities_only_names_both_articles_mention(newsroom):
    anns, result = newsroom
    i = [a.article.slug for a in anns].index("striker-signs")
    link = next(r for r in result.related[i] if r.slug == "striker-scores-twice")
    assert "England" not in link.shared
    assert set(link.shared) == {"Dan Okafor", "Northfield United"}


def test_threads_follow_a_developing_story_oldest_first(newsroom):
    anns, result = newsroom
    by_slug = {t.slug: t for t in result.threads}
    budget = by_slug["budget-vote-delayed"]
    assert budget.title == "Budget vote delayed"
    assert budget.briefings[0] == "budget-vote-delayed"
    assert budget.briefings[-1] == "budget-row-deepens"
    assert {"budget-vote-passes", "budget-row-deepens"} <= set(budget.briefings)
    assert "striker-signs" not in budget.briefings
    slugs = [a.article.slug for a in anns]
    assert result.thread_of[slugs.index("budget-row-deepens")] == "budget-vote-delayed"
    assert result.thread_of[slugs.index("garden-festival")] is None
    assert all(len(t.briefings) >= 2 for t in result.threads)


def test_thread_link_needs_dates_within_the_window():
    cases = [
        Case("summit-opens", "summit leader talk climate agreement emission",
             ("mira-holt",), "2024-01-01", "Summit opens"),
        # The same words a year later: related, but not the same developing story.
        Case("summit-opens-again", "summit leader talk climate agreement emission target",
             ("mira-holt",), "2025-01-01", "Summit opens again"),
    ]
    anns, maps, canon = build(cases)
    result = relate(anns, maps, canon, duplicate_threshold=1.01)
    assert [r.slug for r in result.related[0]] == ["summit-opens-again"]
    assert result.threads == ()
    assert result.thread_of == [None, None]


def test_thread_slugs_are_unique_when_headlines_repeat():
    cases = [
        Case("a-1", "flood river rain town evacuate", ("central-bank",), "2024-01-01", "Update"),
        Case("a-2", "flood river rain town evacuate water", ("central-bank",), "2024-01-02",
             "Update"),
        Case("b-1", "election count ballot result turnout", ("mira-holt",), "2024-02-01",
             "Update"),
        Case("b-2", "election count ballot result turnout seat", ("mira-holt",), "2024-02-02",
             "Update"),
    ]
    anns, maps, canon = build(cases)
    result = relate(anns, maps, canon, duplicate_threshold=1.01)
    assert [t.slug for t in result.threads] == ["update", "update-2"]
    assert result.thread_of == ["update", "update", "update-2", "update-2"]


@pytest.mark.parametrize(
    ("entities_a", "entities_b", "threaded"),
    [
        (("mira-holt",), ("mira-holt",), True),  # the same person: one developing story
        (("england",), ("england",), False),  # only a place in common: not one story
        ((), (), False),  # no names at all (templated notices): not one story
    ],
)
def test_thread_needs_a_shared_person_or_organisation(entities_a, entities_b, threaded):
    cases = [
        Case("flood-warning", "flood river rain town evacuate warning", entities_a,
             "2024-01-01", "Flood warning"),
        Case("flood-peaks", "flood river rain town evacuate peak", entities_b,
             "2024-01-03", "Flood peaks"),
    ]
    anns, maps, canon = build(cases)
    result = relate(anns, maps, canon, duplicate_threshold=1.01)
    assert [r.slug for r in result.related[0]] == ["flood-peaks"]
    assert (result.thread_of == ["flood-warning", "flood-warning"]) is threaded


def article_with_text(slug: str, terms: str, body: str, entities: tuple[str, ...] = ()):
    """An annotation whose article body is ``body`` (the figures are read from it)."""
    from briefgen.model import Block, Segment

    ents = tuple(Entity(key=e, name=CANON[e][0], type=CANON[e][1], mentions=1) for e in entities)
    art = Article(source=slug, slug=slug, title=slug,
                  blocks=(Block(kind="p", segments=(Segment(text=body),)),))
    return Annotation(article=art, entities=ents, terms=tuple(terms.split())), {
        e: e for e in entities}


@pytest.mark.parametrize(
    ("body_a", "body_b", "entities_b", "duplicate"),
    [
        # Same words, same figures, same names: one story under two headlines.
        ("Profit rose 12% to 4.5bn; 300 jobs go.", "Profit rose 12% to 4.5bn; 300 jobs go.",
         ("ferro-systems",), True),
        # A trimmed copy keeps most of its figures.
        ("Profit rose 12% to 4.5bn; 300 jobs go.", "Profit rose 12% to 4.5bn.",
         ("ferro-systems",), True),
        # Templated notices: the same words, other figures.
        ("Dividend 15 cts, payable March 2, record Feb 12.",
         "Dividend 22 cts, payable April 9, record March 20.", ("ferro-systems",), False),
        # The same figures about another company.
        ("Profit rose 12% to 4.5bn; 300 jobs go.", "Profit rose 12% to 4.5bn; 300 jobs go.",
         ("central-bank",), False),
    ],
)
def test_duplicates_must_report_the_same_facts(body_a, body_b, entities_b, duplicate):
    terms = "quarterly profit rise job cut dividend payable record"
    a, map_a = article_with_text("report-a", terms, body_a, ("ferro-systems",))
    b, map_b = article_with_text("report-b", terms, body_b, entities_b)
    # A third article mentioning both companies gives each name a document frequency above 1.
    c, map_c = article_with_text("market-wrap", "market share index", "", ("ferro-systems",
                                                                         "central-bank"))
    _, _, canon = build([])
    result = relate([a, b, c], [map_a, map_b, map_c], canon)
    assert (result.duplicates[0] == ("report-b",)) is duplicate
    assert ("report-b" in [r.slug for r in result.related[0]]) is not duplicate


def test_input_order_does_not_change_the_output(newsroom):
    anns, result = newsroom
    _, maps, canon = build(NEWSROOM)
    rev = relate(anns[::-1], maps[::-1], canon, n=3)
    assert rev.related == result.related[::-1]
    assert rev.duplicates == result.duplicates[::-1]
    assert rev.thread_of == result.thread_of[::-1]
    assert rev.threads == result.threads


def test_output_is_byte_stable(newsroom):
    anns, result = newsroom
    _, maps, canon = build(NEWSROOM)
    again = relate(anns, maps, canon, n=3)
    assert json.dumps(to_jsonable(again)) == json.dumps(to_jsonable(result))


def test_adding_a_source_recomputes_from_cached_annotations():
    anns, maps, canon = build(NEWSROOM[:2])
    before = relate(anns, maps, canon)
    assert [r.slug for r in before.related[0]] == ["budget-vote-passes"]
    more_anns, more_maps, _ = build(NEWSROOM)
    after = relate(more_anns, more_maps, canon)
    # The same annotation objects; the new stories now appear in its list.
    assert more_anns[0] == anns[0]
    assert "budget-row-deepens" in [r.slug for r in after.related[0]]


@pytest.mark.parametrize(
    ("entity_weight", "expect_link"),
    [
        (0.0, False),  # TF-IDF only: no words in common, no link
        (1.0, True),   # entities only: the shared person links them
    ],
)
def test_entity_weight_ablations(entity_weight, expect_link):
    cases = [
        Case("holt-visits-school", "school pupil teacher classroom visit", ("mira-holt",)),
        Case("holt-opens-bridge", "bridge river traffic open engineer", ("mira-holt",)),
        Case("unrelated", "recipe bake oven flour", ("dan-okafor",)),
    ]
    anns, maps, canon = build(cases)
    result = relate(anns, maps, canon, entity_weight=entity_weight)
    assert bool(result.related[0]) is expect_link
    if expect_link:
        assert result.related[0][0].shared == ("Mira Holt",)


def test_entities_unknown_to_the_canonical_list_are_ignored():
    anns, maps, canon = build(NEWSROOM[:2])
    maps = [dict(m, extra="no-such-entity") for m in maps]
    result = relate(anns, maps, canon)
    assert all("no-such-entity" not in r.shared for links in result.related for r in links)


@pytest.mark.parametrize(
    ("cases", "expected"),
    [
        ([], RelateResult(related=[], duplicates=[], threads=(), thread_of=[])),
        ([Case("only-one", "lonely story word")],
         RelateResult(related=[()], duplicates=[()], threads=(), thread_of=[None])),
        ([Case("no-terms-1", ""), Case("no-terms-2", "")],
         RelateResult(related=[(), ()], duplicates=[(), ()], threads=(),
                      thread_of=[None, None])),
    ],
)
def test_degenerate_corpora(cases, expected):
    anns, maps, canon = build(cases)
    assert relate(anns, maps, canon) == expected


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"entity_maps": []}, "1 annotations but 0 entity maps"),
        ({"entity_weight": 1.5}, "entity_weight must be in [0, 1], found 1.5"),
    ],
)
def test_bad_arguments_are_named(kwargs, message):
    anns, maps, canon = build([Case("x", "word")])
    args = {"annotations": anns, "entity_maps": maps, "entities": canon, **kwargs}
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("]", r"\]")):
        relate(**args)


@dataclass
class Tok:
    """Stand-in for a spaCy token: only the attributes content_terms reads."""

    text: str
    lemma_: str
    is_alpha: bool = True
    is_stop: bool = False
    is_punct: bool = False


@pytest.mark.parametrize(
    ("tokens", "expected"),
    [
        ([Tok("Ministers", "minister"), Tok("voted", "vote")], ("minister", "vote")),
        ([Tok("The", "the", is_stop=True), Tok("Budget", "budget")], ("budget",)),
        ([Tok(",", ",", is_alpha=False, is_punct=True), Tok("1.13bn", "1.13bn", is_alpha=False)],
         ()),
        ([Tok("a", "a"), Tok("s", "s")], ()),  # too short to say anything
        ([Tok("Goals", "goal"), Tok("goals", "goal")], ("goal", "goal")),  # repeats kept
        ([Tok("Okafor", "")], ("okafor",)),  # no lemma: the text stands in
    ],
)
def test_content_terms_table(tokens, expected):
    assert content_terms(tokens) == expected


@pytest.mark.model
def test_content_terms_on_the_real_pipeline(nlp):
    doc = nlp("The ministers were voting on the budget, and it passed by 12 votes.")
    assert content_terms(doc) == ("minister", "vote", "budget", "pass", "vote")


def synthetic_newsroom(n_docs: int, seed: int = 3) -> tuple[list[Annotation], list[dict[str, str]],
                                                            list[CanonicalEntity]]:
    """``n_docs`` stories on eight subjects: big enough for topics and the common-term split."""
    import random

    rng = random.Random(seed)
    common = [f"common{k}" for k in range(40)]  # in most stories ("say", "year" ...)
    subjects = [[f"s{s}w{k}" for k in range(60)] for s in range(8)]
    people = [f"person-{p}" for p in range(30)]
    anns, maps = [], []
    for d in range(n_docs):
        subject = subjects[d % 8]
        words = rng.choices(common, k=25) + rng.choices(subject, k=30)
        words += [f"rare{rng.randrange(4000)}" for _ in range(5)]
        names = sorted(set(rng.sample(people[(d % 8) * 3:(d % 8) * 3 + 6], 2)))
        ents = tuple(Entity(key=p, name=p.title(), type="PERSON", mentions=1) for p in names)
        art = Article(source=f"s/{d}", slug=f"story-{d:04d}", title=f"Story {d}")
        anns.append(Annotation(article=art, entities=ents, terms=tuple(words)))
        maps.append({p: p for p in names})
    canon = [CanonicalEntity(slug=p, name=p.title(), type="PERSON") for p in sorted(people)]
    return anns, maps, canon


def brute_force(anns, maps, canon, n):
    """Every pair scored exactly with dense matrices: the reference the fast path must match."""
    import numpy as np

    from briefgen import related as rel

    text = rel.text_matrix(anns).toarray().astype(np.float64)
    tcos = text @ text.T
    ent = rel._entity_index(anns, maps, canon).matrix.toarray().astype(np.float64)
    ecos = ent @ ent.T
    topics = rel.topic_matrix(rel.text_matrix(anns)).astype(np.float64)
    e, t = rel.ENTITY_WEIGHT, rel.TOPIC_WEIGHT
    score = e * ecos + (1 - e) * ((1 - t) * tcos + t * (topics @ topics.T))
    out = []
    for i in range(len(anns)):
        ok = [j for j in range(len(anns)) if j != i
              and (tcos[i, j] >= rel.MIN_EVIDENCE or ecos[i, j] >= rel.MIN_EVIDENCE)]
        ranked = sorted(ok, key=lambda j: (-round(score[i, j], rel.SCORE_DECIMALS),
                                           anns[j].article.slug))
        out.append([anns[j].article.slug for j in ranked[:n]])
    return out


@pytest.mark.parametrize("n", [3, 5])
def test_fast_path_matches_brute_force_on_a_large_corpus(n):
    from briefgen import related as rel

    anns, maps, canon = synthetic_newsroom(900)
    # The corpus must exercise topics, the common-term split and sampled thresholds.
    split = rel._split_text(rel.text_matrix(anns))
    assert split.common.shape[1] >= 30
    assert len(anns) >= rel.MIN_TOPIC_DOCS
    result = relate(anns, maps, canon, n=n)
    expected = brute_force(anns, maps, canon, n)
    got = [[r.slug for r in links] for links in result.related]
    same = sum(g == x for g, x in zip(got, expected, strict=True))
    # Rounding in float32 vs float64 may swap a near tie; nothing more.
    assert same >= 0.99 * len(anns)
    assert all(result.duplicates[i] == () for i in range(len(anns)))


def test_corpus_without_any_entity_still_relates_by_text():
    anns, maps, canon = build([Case("ferry-a", "ferry harbour strike crew"),
                               Case("ferry-b", "ferry harbour strike pay"),
                               Case("tulips", "tulip garden bloom")])
    result = relate(anns, maps, canon)
    assert [r.slug for r in result.related[0]] == ["ferry-b"]
    assert result.related[0][0].shared == ()


def test_blocks_scored_in_threads_give_the_same_links_as_one_after_another(monkeypatch):
    from briefgen import related as rel

    anns, maps, canon = synthetic_newsroom(3 * rel.CHUNK_ROWS + 7, seed=5)
    results = []
    for workers in (1, 2):
        monkeypatch.setattr(rel, "_WORKERS", workers)
        results.append(relate(anns, maps, canon, n=5))
    assert results[0] == results[1]
    assert sum(len(r) for r in results[0].related) > 0


def _running_story(days: int) -> list[Case]:
    """One person's story told day after day, each report sharing most words with the next."""
    words = [f"w{k}" for k in range(days + 4)]
    return [
        Case(f"day-{d:02d}", " ".join(["harbour", "strike", *words[d:d + 4]]), ("mira-holt",),
             f"2024-03-{d + 1:02d}", f"Harbour strike, day {d + 1}")
        for d in range(days)
    ]


def test_a_long_chain_of_reports_makes_threads_of_bounded_size(monkeypatch):
    """Thirty daily reports chain into one component; threads keep to MAX_THREAD, split at
    a weakest link, and every report still belongs to one."""
    import briefgen.threads as threads

    anns, maps, canon = build(_running_story(30))
    monkeypatch.setattr(threads, "MAX_THREAD", 1000)
    unbounded = relate(anns, maps, canon, duplicate_threshold=1.01)
    assert [len(t.briefings) for t in unbounded.threads] == [30]
    monkeypatch.setattr(threads, "MAX_THREAD", 12)
    bounded = relate(anns, maps, canon, duplicate_threshold=1.01)
    sizes = [len(t.briefings) for t in bounded.threads]
    assert max(sizes) <= 12 and len(sizes) >= 3
    assert sum(sizes) == 30 and None not in bounded.thread_of
    # Each thread is a run of consecutive days: the story splits, it is not shuffled.
    for t in bounded.threads:
        days = [int(s.split("-")[1]) for s in t.briefings]
        assert days == list(range(days[0], days[0] + len(days)))
    # The same input gives the same threads.
    assert relate(anns, maps, canon, duplicate_threshold=1.01).threads == bounded.threads


def test_kept_term_rows_give_the_matrix_a_fresh_count_gives():
    """Under serve the term counts are kept across saves: after adding, removing and editing
    articles the matrix is the one counted afresh, and the TF-IDF sklearn defines."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    from briefgen.related import TermRows, text_matrix

    cases = [*_running_story(6), Case("other", "garden festival rose prize", (), "2024-05-01",
                                      "Garden festival")]
    anns, _, _ = build(cases)
    kept = TermRows()
    text_matrix(anns[:4], kept)
    text_matrix(anns[2:], kept)  # two gone, three new
    edited = Annotation(article=anns[3].article, entities=anns[3].entities,
                        terms=(*anns[3].terms, "ferry", "ferry"))
    now = [*anns[:3], edited, *anns[4:]]
    got = text_matrix(now, kept)
    fresh = text_matrix(now)
    assert (got != fresh).nnz == 0 and got.dtype == np.float32
    reference = TfidfVectorizer(analyzer=lambda t: t, sublinear_tf=True, norm="l2",
                                dtype=np.float32).fit_transform([a.terms for a in now])
    assert got.shape == reference.shape
    assert abs(got - reference).max() < 1e-6
