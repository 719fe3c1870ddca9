"""Facts of the whole corpus that pages show: which names earn a page, who is named with whom,
who said what.

They are read off the linked corpus, not off any one page, so they live beside it rather than
in the renderer: the site computes each once per build and hands every page its share.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from briefgen.model import Briefing, Corpus, Quote

#: Quotes the quotes index shows of each speaker.  A speaker quoted more often than that in
#: one briefing earns a page collecting their words; one quoted as often or less is shown
#: whole by the index entry and by the briefing itself.
QUOTES_PER_SPEAKER = 3


def paged_entities(corpus: Corpus) -> frozenset[str]:
    """Slugs of the entities that get a page of their own.

    A page earns its place when a reader gains something there that the briefing does not
    already show: the entity appears in two or more briefings, an editor put it in
    ``glossary.yml``, or it is quoted more often than the quotes index lists a speaker.  A
    speaker of one briefing with a quote or three has no page: every quote is on that
    briefing (full quotes under *Key quotes*, the rest highlighted in the story) and under
    the speaker's letter in the quotes index, so a page would repeat both (at 1,000 corpus
    briefings such pages were 829 of 2,193, the difference between 3.3 and 2.6 pages a
    briefing).  Everything else (most names at scale: one briefing's minor figures) is
    described in that briefing's glossary and hover card instead.  The rule only ever adds
    pages as the archive grows, and a slug never depends on whether its page exists, so a
    page appears at its final address.
    """
    quoted: Counter[str] = Counter(
        b.entity_slugs[q.speaker]
        for b in corpus.briefings
        for q in b.annotation.quotes
        if q.kind != "scare" and q.speaker in b.entity_slugs
    )
    return frozenset(
        e.slug
        for e in corpus.entities
        if e.curated
        or quoted[e.slug] > QUOTES_PER_SPEAKER
        or len({a.briefing for a in e.appearances}) >= 2
    )


def co_mentions(
    corpus: Corpus,
    limit: int = 8,
    only: frozenset[str] | None = None,
    counts: dict[str, Counter[str]] | None = None,
    memo: CoMentionMemo | None = None,
) -> dict[str, list[tuple[str, int]]]:
    """For each entity, the entities that share most briefings with it (count, then slug).

    ``counts`` is :func:`co_mention_counts` when the caller has it already; with ``memo``, a
    row that is the very object of the last build keeps the list it gave then.
    """
    pairs = co_mention_counts(corpus, only) if counts is None else counts
    if memo is not None:
        return memo.nearest(pairs, limit)
    return {slug: _nearest(counter, limit) for slug, counter in pairs.items()}


def _nearest(counter: Counter[str], limit: int) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]


def co_mention_counts(
    corpus: Corpus, only: frozenset[str] | None = None, memo: CoMentionMemo | None = None
) -> dict[str, Counter[str]]:
    """For each entity, how many briefings it shares with each other entity.

    Counted per briefing over its set of canonical entities, so the cost is the sum of squared
    entity counts per briefing, not entities squared.  ``only`` keeps the count to entities
    with a page: a co-mention list links to pages, and page-less ones are one-briefing names.
    Every entity present in some briefing has a row, empty when it is always named alone.
    ``memo`` (kept by ``mkdocs serve``) updates the last build's counts by the briefings
    whose names changed; the counts are equal either way.
    """
    if memo is not None:
        return memo.counts(corpus, only)
    pairs: dict[str, Counter[str]] = defaultdict(Counter)
    for b in corpus.briefings:
        present = _present(b, only)
        for a in present:
            counter = pairs[a]
            for other in present:
                if other != a:
                    counter[other] += 1
    return pairs


def _present(b: Briefing, only: frozenset[str] | None) -> tuple[str, ...]:
    """The counted entities one briefing names, each once, sorted."""
    return tuple(sorted(s for s in set(b.entity_slugs.values()) if only is None or s in only))


class CoMentionMemo:
    """Co-mention counts kept across rebuilds, moved by the briefings whose names changed.

    Counting every pair of every briefing costs seconds at 10,000 briefings, while a save
    changes the names of one briefing (and, when a name earns or loses its page, the
    briefings naming it).  Rows a change touches are new objects; the others are the very
    objects of the last build, so :class:`briefgen.pagememo.PageMemo` and :meth:`nearest`
    see them unchanged at a glance.
    """

    def __init__(self) -> None:
        self._present: dict[str, tuple[str, ...]] = {}
        self._counts: dict[str, Counter[str]] = {}
        self._named: Counter[str] = Counter()
        """In how many briefings each entity is counted: its row exists while this is > 0."""
        self._nearest: dict[str, tuple[Counter[str], int, list[tuple[str, int]]]] = {}

    def counts(self, corpus: Corpus, only: frozenset[str] | None) -> dict[str, Counter[str]]:
        delta: dict[str, Counter[str]] = defaultdict(Counter)
        named: Counter[str] = Counter()
        before = self._present
        now: dict[str, tuple[str, ...]] = {}
        for b in corpus.briefings:
            present = now[b.slug] = _present(b, only)
            old = before.get(b.slug, ())
            if old != present:
                _add_pairs(delta, named, old, -1)
                _add_pairs(delta, named, present, 1)
        for slug in before.keys() - now.keys():
            _add_pairs(delta, named, before[slug], -1)
        counts = dict(self._counts)
        for row in sorted(delta.keys() | named.keys()):
            self._named[row] += named[row]
            if self._named[row] <= 0:
                del self._named[row]
                counts.pop(row, None)
                continue
            counter = Counter(counts.get(row, ()))
            for other, change in delta[row].items():
                counter[other] += change
                if counter[other] <= 0:
                    del counter[other]
            counts[row] = counter
        self._present, self._counts = now, counts
        out: dict[str, Counter[str]] = defaultdict(Counter)
        out.update(counts)
        return out

    def nearest(
        self, counts: dict[str, Counter[str]], limit: int
    ) -> dict[str, list[tuple[str, int]]]:
        out: dict[str, list[tuple[str, int]]] = {}
        kept: dict[str, tuple[Counter[str], int, list[tuple[str, int]]]] = {}
        for slug, counter in counts.items():
            known = self._nearest.get(slug)
            if known is not None and known[0] is counter and known[1] == limit:
                out[slug] = known[2]
            else:
                out[slug] = _nearest(counter, limit)
            kept[slug] = (counter, limit, out[slug])
        self._nearest = kept
        return out


def _add_pairs(
    delta: dict[str, Counter[str]], named: Counter[str], present: tuple[str, ...], sign: int
) -> None:
    for a in present:
        named[a] += sign
        row = delta[a]
        for other in present:
            if other != a:
                row[other] += sign


def quotes_by_speaker(corpus: Corpus) -> dict[str, list[tuple[Briefing, Quote]]]:
    """For each canonical entity, the quotes attributed to it (scare quotes left out), newest
    briefing first as the corpus lists them."""
    known = {e.slug for e in corpus.entities}
    by: dict[str, list[tuple[Briefing, Quote]]] = defaultdict(list)
    for b in corpus.briefings:  # newest first already
        for q in b.annotation.quotes:
            if q.kind == "scare" or q.speaker is None:
                continue
            slug = b.entity_slugs.get(q.speaker)
            if slug and slug in known:
                by[slug].append((b, q))
    return by
