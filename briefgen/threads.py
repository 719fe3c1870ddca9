"""Story threads: runs of briefings about one developing story, from the related links.

Split from :mod:`briefgen.related`, which finds the links; this module only decides which of
them chain briefings into a thread and names each thread.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from briefgen.model import Annotation, Thread
from briefgen.slug import slugify, unique_slug

if TYPE_CHECKING:
    from briefgen.related import _EntityIndex

#: Text cosine a related link needs to join two briefings into one story thread: much higher than
#: a mere "related" link, so threads are runs of the same developing story, not a topic.
THREAD_THRESHOLD = 0.35

#: Absolute cosines depend on corpus size (idf over a dozen briefings is harsh), so a pair that
#: are each other's closest or second-closest related briefing may join a thread at this share
#: of the threshold: mutual nearest neighbours are the same story at any corpus size.
MUTUAL_RANKS = 2
MUTUAL_SHARE = 0.75

#: A thread link needs a shared entity whose type weighs at least this (not a mere place).
THREAD_ENTITY_WEIGHT = 0.6

#: Most briefings one thread holds.  Links chain: in a 10,000-article archive of wire copy,
#: templated reports a few days apart linked into one "story" of 1,247 briefings, whose
#: *The story so far* listed all of them on every one of its pages (170 KB of Markdown each),
#: and a new story joining it changed hundreds of pages at once.  Threads are grown from the
#: strongest links down and two never join past this size, so a long-running story splits
#: where its weakest link was.  A reader follows a developing story over days, not a season.
MAX_THREAD = 20

#: Two dated briefings further apart than this are not linked directly into a thread (a thread
#: may still span longer through the briefings in between).
THREAD_WINDOW_DAYS = 30


def _threads(
    anns: Sequence[Annotation],
    related_idx: Sequence[Sequence[tuple[int, int, float]]],
    dup_sets: Sequence[set[int]],
    index: _EntityIndex,
    threshold: float,
) -> tuple[tuple[Thread, ...], list[str | None]]:
    """Groups of briefings joined by strong, close-in-time related links (at most
    :data:`MAX_THREAD` each, see :func:`_capped_components`).

    Edges come only from each briefing's own top related list, so one very generic article
    cannot glue hundreds of stories into one thread, and only where the two texts themselves are
    close (TF-IDF cosine, not topics: a thread is one story, not one subject).  Duplicates are
    not edges: a republished copy is shown as "Also reported as", not as a step in the story.
    And a story is about someone: the two must share a person, organisation or other specific
    entity (not just a place), or templated notices (dividends, results) chain into one thread.
    """
    total = len(anns)
    dates = [a.article.day for a in anns]
    nearest = [{j for j, _, _ in links[:MUTUAL_RANKS]} for links in related_idx]
    strength: dict[tuple[int, int], float] = {}
    for i, links in enumerate(related_idx):
        for j, _, text_cos in links:
            mutual = j in nearest[i] and i in nearest[j]
            bar = threshold * MUTUAL_SHARE if mutual else threshold
            if text_cos < bar or j in dup_sets[i]:
                continue
            if not any(index.type_weight[e] >= THREAD_ENTITY_WEIGHT
                       for e in index.sets[i] & index.sets[j]):
                continue
            di, dj = dates[i], dates[j]
            if di is not None and dj is not None and abs((di - dj).days) > THREAD_WINDOW_DAYS:
                continue
            pair = (min(i, j), max(i, j))
            strength[pair] = max(strength.get(pair, 0.0), text_cos)
    members = _capped_components(total, strength, MAX_THREAD)

    def when(i: int) -> tuple[bool, date, str]:
        # Oldest first; undated briefings after dated ones; slug breaks ties.
        d = dates[i]
        return (d is None, d or date.min, anns[i].article.slug)

    groups = sorted((sorted(m, key=when) for m in members),
                    key=lambda m: when(m[0]))
    taken: set[str] = set()
    threads: list[Thread] = []
    thread_of: list[str | None] = [None] * total
    for group in groups:
        # The earliest headline names the story as readers first met it.
        title = anns[group[0]].article.title
        slug = unique_slug(slugify(title), taken)
        threads.append(
            Thread(slug=slug, title=title, briefings=tuple(anns[i].article.slug for i in group))
        )
        for i in group:
            thread_of[i] = slug
    return tuple(threads), thread_of


def _capped_components(
    total: int, strength: dict[tuple[int, int], float], cap: int
) -> list[list[int]]:
    """Groups of two or more joined by the links, strongest first, none larger than ``cap``.

    Kruskal's order with a size limit: a link joins two groups only if the result stays within
    ``cap``.  Ties go to the lower pair of indices (slug order), so the same links always make
    the same groups.  Without a limit this is exactly the connected components.
    """
    parent = list(range(total))
    size = [1] * total

    def find(x: int) -> int:
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    for (a, b), _ in sorted(strength.items(), key=lambda kv: (-kv[1], kv[0])):
        ra, rb = find(a), find(b)
        if ra == rb or size[ra] + size[rb] > cap:
            continue
        if rb < ra:
            ra, rb = rb, ra
        parent[rb] = ra
        size[ra] += size[rb]
    groups: dict[int, list[int]] = {}
    for i in range(total):
        groups.setdefault(find(i), []).append(i)
    return [m for m in groups.values() if len(m) >= 2]
