"""Related briefings, "Also reported as" duplicates and story threads, corpus-wide.

Pure over cached annotations: adding a source re-runs :func:`relate` on every annotation (cheap,
sparse algebra) without re-annotating anything.

Score.  Readers' own similarity judgements of news follow body-text TF-IDF best (Starke et al.,
2024), so the score is mostly the cosine of sublinear TF-IDF vectors over content lemmas
(``Annotation.terms``).  It is blended with the cosine of *shared canonical entities*, weighted by
rarity (IDF) and by type (people and organisations tell more about a story than the places it
happened in).  The entity part also makes the link explainable: the shared names are shown.

Both parts are L2-normalised sparse rows, so the blend is one sparse product of the stacked
matrix ``Z = [sqrt(1-w)·X | sqrt(w)·E]`` with itself: ``Z·Zᵀ = (1-w)·cos_text + w·cos_entities``.
The product is computed a block of rows at a time and only the top candidates per row are kept,
so memory grows with the number of articles, not its square.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from briefgen.model import Annotation, CanonicalEntity, Related, Thread
from briefgen.slug import slugify, unique_slug

#: Share of the score that comes from shared entities (measured on BBC: more hurts P@5, the
#: names' main job is to say *why* two stories are linked).
ENTITY_WEIGHT = 0.1

#: Share of the *word* part of the score (the ``1 - ENTITY_WEIGHT`` left by entities) that comes
#: from latent topics (LSA over the same TF-IDF rows) rather than raw TF-IDF.  Word overlap alone
#: confuses stories that share vocabulary across subjects ("mobile" charges vs mobile phones);
#: a few corpus-wide topic axes pull a story towards its own subject.  Measured on BBC.
TOPIC_WEIGHT = 0.55

#: Number of latent topics; on BBC 20-30 beat 50-200 (more axes drift back towards raw words).
TOPIC_DIMS = 30

#: Below this many articles a topic model is noise: the topic share goes back to TF-IDF.
MIN_TOPIC_DOCS = 200

#: A link needs at least this text cosine or entity cosine: a reason in common a reader sees.
MIN_EVIDENCE = 0.05

#: How much an entity type says about what a story is *about*.  A shared person or organisation
#: is specific; a shared country is shared by half the news.  Types not listed weigh 0.5.
TYPE_WEIGHTS: dict[str, float] = {
    "PERSON": 1.0,
    "ORG": 1.0,
    "EVENT": 0.8,
    "LAW": 0.8,
    "WORK_OF_ART": 0.8,
    "PRODUCT": 0.7,
    "FAC": 0.6,
    "NORP": 0.5,
    "GPE": 0.5,
    "LOC": 0.5,
    "LANGUAGE": 0.3,
}
DEFAULT_TYPE_WEIGHT = 0.5

#: Text cosine at or above which two articles are the same story republished ("Also reported
#: as").  Measured on BBC (bench/related_quality.py): re-headlined copies with light edits score
#: well above it, while distinct stories on the same event stay below.
DUPLICATE_THRESHOLD = 0.8

#: Blended score an edge needs to join two briefings into one story thread: higher than a mere
#: "related" link, so threads are runs of the same developing story, not a topic.
THREAD_THRESHOLD = 0.35

#: Two dated briefings further apart than this are not linked directly into a thread (a thread
#: may still span longer through the briefings in between).
THREAD_WINDOW_DAYS = 30

#: Below this blended score a neighbour is noise, not a story a reader would call related.
MIN_SCORE = 0.05

#: Extra candidates kept per row, to refill a list when two candidates are copies of one story.
SPARE_CANDIDATES = 5

#: At most this many shared entity names are given as the reason for a link.
MAX_SHARED = 5

#: Scores are rounded so that output is byte-stable across platforms and BLAS builds.
SCORE_DECIMALS = 4

#: Rows of the similarity product computed at once; bounds memory at ``CHUNK_ROWS × N`` floats.
CHUNK_ROWS = 512


@dataclass(frozen=True)
class RelateResult:
    """What :func:`relate` found; the lists have one entry per annotation, in input order."""

    related: list[tuple[Related, ...]]
    """Best first; ties broken by slug. Never the article itself or one of its duplicates."""
    duplicates: list[tuple[str, ...]]
    """Slugs of near-identical copies of the same story, sorted."""
    threads: tuple[Thread, ...]
    """Threads of two or more briefings, ordered by their first briefing (oldest first)."""
    thread_of: list[str | None]
    """Slug of the thread each annotation belongs to, or None."""


def _passthrough(terms: Sequence[str]) -> Sequence[str]:
    """Analyzer for :class:`TfidfVectorizer`: the terms are already lemmatised and filtered."""
    return terms


def _parse_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def text_matrix(annotations: Sequence[Annotation]) -> sp.csr_matrix:
    """Sublinear TF-IDF rows (L2-normalised) over ``Annotation.terms``.

    Sublinear tf (1 + log tf) keeps a long article that repeats a word from outweighing the words
    it shares with a short one; smooth IDF keeps every weight positive.
    """
    docs = [a.terms for a in annotations]
    if not any(docs):
        return sp.csr_matrix((len(docs), 0), dtype=np.float64)
    vectorizer = TfidfVectorizer(
        analyzer=_passthrough, sublinear_tf=True, norm="l2", dtype=np.float64
    )
    return vectorizer.fit_transform(docs).tocsr()


@dataclass(frozen=True)
class _EntityIndex:
    """Canonical entities per article, with the weights used to score and explain links."""

    sets: list[frozenset[int]]
    """Column indices of the canonical entities each article mentions."""
    names: list[str]
    df: np.ndarray
    type_weight: np.ndarray
    matrix: sp.csr_matrix
    """Rows L2-normalised; column weight = type weight × IDF."""


def _entity_index(
    annotations: Sequence[Annotation],
    entity_maps: Sequence[dict[str, str]],
    entities: Sequence[CanonicalEntity],
) -> _EntityIndex:
    by_slug = {e.slug: e for e in entities}
    slugs = sorted(by_slug)
    column = {s: k for k, s in enumerate(slugs)}
    n_docs = len(annotations)
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    sets: list[frozenset[int]] = []
    for i, (ann, emap) in enumerate(zip(annotations, entity_maps, strict=True)):
        # Several local entities may map to one canonical entity: their mentions add up.
        mentions: dict[int, int] = {}
        local_mentions = {e.key: e.mentions for e in ann.entities}
        for key, slug in emap.items():
            k = column.get(slug)
            if k is None:
                continue
            mentions[k] = mentions.get(k, 0) + max(1, local_mentions.get(key, 1))
        sets.append(frozenset(mentions))
        for k in sorted(mentions):
            rows.append(i)
            cols.append(k)
            # Sublinear in mentions, as for terms: the subject of a story is named often.
            vals.append(1.0 + math.log(mentions[k]))
    n_cols = len(slugs)
    counts = sp.csr_matrix(
        (np.asarray(vals, dtype=np.float64), (rows, cols)), shape=(n_docs, n_cols)
    )
    df = np.bincount(np.asarray(cols, dtype=np.int64), minlength=n_cols).astype(np.float64)
    idf = np.log((1.0 + n_docs) / (1.0 + df)) + 1.0
    type_weight = np.asarray(
        [TYPE_WEIGHTS.get(by_slug[s].type, DEFAULT_TYPE_WEIGHT) for s in slugs], dtype=np.float64
    )
    # An entity only one article mentions cannot link anything; leaving it in would just dilute
    # that article's vector, so its weight is zero.
    weight = type_weight * idf * (df > 1)
    matrix = normalize(counts @ sp.diags(weight), norm="l2").tocsr()
    return _EntityIndex(
        sets=sets,
        names=[by_slug[s].name for s in slugs],
        df=df,
        type_weight=type_weight,
        matrix=matrix,
    )


def _shared_names(index: _EntityIndex, i: int, j: int) -> tuple[str, ...]:
    """Entities both articles mention, most telling first: people/orgs, then rarest, then name."""
    common = index.sets[i] & index.sets[j]
    ranked = sorted(common, key=lambda k: (-index.type_weight[k], index.df[k], index.names[k]))
    return tuple(index.names[k] for k in ranked[:MAX_SHARED])


def topic_matrix(text: sp.csr_matrix, dims: int = TOPIC_DIMS) -> np.ndarray | None:
    """Rows of ``text`` projected on its first ``dims`` latent topics (LSA), L2-normalised.

    None when the corpus is too small for topics to be more than noise.  A fixed random seed
    makes the randomized SVD deterministic; cosines do not depend on the sign of a component.
    """
    n_docs, n_terms = text.shape
    if n_docs < MIN_TOPIC_DOCS or n_terms <= dims:
        return None
    # Imported here: sklearn.decomposition is slow to import and small sites never need it.
    from sklearn.decomposition import TruncatedSVD

    svd = TruncatedSVD(n_components=dims, algorithm="randomized", random_state=0)
    return normalize(svd.fit_transform(text)).astype(np.float32)


def relate(
    annotations: Sequence[Annotation],
    entity_maps: Sequence[dict[str, str]],
    entities: Sequence[CanonicalEntity],
    n: int = 5,
    *,
    entity_weight: float = ENTITY_WEIGHT,
    topic_weight: float = TOPIC_WEIGHT,
    duplicate_threshold: float = DUPLICATE_THRESHOLD,
    thread_threshold: float = THREAD_THRESHOLD,
    min_score: float = MIN_SCORE,
) -> RelateResult:
    """Top ``n`` related briefings, duplicates and story threads for every annotation.

    ``score = e·entities + (1 - e)·((1 - t)·tfidf + t·topics)`` with ``e = entity_weight`` and
    ``t = topic_weight``, all cosines (``e = t = 0`` is TF-IDF only, ``e = 1`` entities only:
    the benchmark's ablations).  Deterministic: the articles
    are processed in slug order and every tie is broken by slug.
    """
    total = len(annotations)
    if len(entity_maps) != total:
        raise ValueError(
            f"relate: {total} annotations but {len(entity_maps)} entity maps; expected one each"
        )
    for name, value in (("entity_weight", entity_weight), ("topic_weight", topic_weight)):
        if not 0.0 <= value <= 1.0:
            raise ValueError(f"relate: {name} must be in [0, 1], found {value}")
    if total == 0:
        return RelateResult(related=[], duplicates=[], threads=(), thread_of=[])

    # Work in slug order so that "lower index" means "earlier slug" in every tie-break.
    order = sorted(range(total), key=lambda i: (annotations[i].article.slug, i))
    anns = [annotations[i] for i in order]
    maps = [entity_maps[i] for i in order]
    slugs = [a.article.slug for a in anns]

    text = text_matrix(anns)
    topics = topic_matrix(text) if topic_weight > 0 else None
    if topics is None:
        # Too few articles for topics: their share goes back to the words themselves.
        topic_weight = 0.0
    text_weight = (1.0 - entity_weight) * (1.0 - topic_weight)
    topic_weight = (1.0 - entity_weight) * topic_weight
    index = _entity_index(anns, maps, entities)
    # Transposed once, in the layout the sparse product wants (CSR @ CSR).
    text_t = text.T.tocsr()
    ent_t = index.matrix.T.tocsr()

    k = max(0, min(n, total - 1))
    # A few spare candidates per row replace links dropped later as duplicates of each other.
    k_cand = min(k + SPARE_CANDIDATES, total - 1) if k else 0
    scale = 10**SCORE_DECIMALS
    min_key = math.ceil(min_score * scale - 1e-9)
    columns = np.arange(total, dtype=np.int64)

    related_idx: list[list[tuple[int, int]]] = [[] for _ in range(total)]
    dup_sets: list[set[int]] = [set() for _ in range(total)]
    for start in range(0, total, CHUNK_ROWS):
        stop = min(start + CHUNK_ROWS, total)
        rows = np.arange(stop - start)
        text_cos = (text[start:stop] @ text_t).toarray()
        ent_cos = (index.matrix[start:stop] @ ent_t).toarray()
        text_cos[rows, rows + start] = 0.0  # no self links
        ent_cos[rows, rows + start] = 0.0

        dup_r, dup_c = np.nonzero(text_cos >= duplicate_threshold)
        for r, c in zip(dup_r.tolist(), dup_c.tolist(), strict=True):
            dup_sets[r + start].add(c)
            dup_sets[c].add(r + start)

        if k_cand == 0:
            continue
        scores = text_weight * text_cos + entity_weight * ent_cos
        if topics is not None:
            scores += topic_weight * (topics[start:stop] @ topics.T)
        # A link needs a reason a reader can see: words or names in common.  Latent topics alone
        # (two sports stories about different sports) only reorder stories that have one.
        scores[(text_cos < MIN_EVIDENCE) & (ent_cos < MIN_EVIDENCE)] = -1.0
        scores[dup_r, dup_c] = -1.0
        # One integer key per cell: rounded score first, then earlier slug (lower column) wins a
        # tie.  Rounding before ranking makes the order agree with the scores printed.
        keys = np.rint(scores * scale).astype(np.int64) * (total + 1) + (total - columns)
        top = np.argpartition(-keys, k_cand - 1, axis=1)[:, :k_cand]
        top_keys = np.take_along_axis(keys, top, axis=1)
        order_in_row = np.argsort(-top_keys, axis=1)
        top = np.take_along_axis(top, order_in_row, axis=1)
        top_scores = np.take_along_axis(top_keys, order_in_row, axis=1) // (total + 1)
        for r in range(stop - start):
            related_idx[r + start] = [
                (int(c), int(key))
                for c, key in zip(top[r], top_scores[r], strict=True)
                if key >= min_key
            ]

    # Drop i's own duplicates (also those found from the other side: j saw i), and list each
    # republished story once: a copy of a story already listed is the same link twice.
    related_out: list[tuple[Related, ...]] = []
    for i in range(total):
        kept: list[tuple[int, int]] = []
        for j, key in related_idx[i]:
            if j in dup_sets[i] or any(j in dup_sets[m] for m, _ in kept):
                continue
            kept.append((j, key))
            if len(kept) == k:
                break
        related_idx[i] = kept
        related_out.append(tuple(
            Related(slug=slugs[j], score=round(key / scale, SCORE_DECIMALS),
                    shared=_shared_names(index, i, j))
            for j, key in kept
        ))

    threads, thread_idx = _threads(anns, related_idx, dup_sets, thread_threshold, scale)

    # Back to input order.
    related_in: list[tuple[Related, ...]] = [()] * total
    dups_in: list[tuple[str, ...]] = [()] * total
    thread_in: list[str | None] = [None] * total
    for pos, i in enumerate(order):
        related_in[i] = related_out[pos]
        dups_in[i] = tuple(sorted(slugs[j] for j in dup_sets[pos]))
        thread_in[i] = thread_idx[pos]
    return RelateResult(
        related=related_in, duplicates=dups_in, threads=threads, thread_of=thread_in
    )


def _threads(
    anns: Sequence[Annotation],
    related_idx: Sequence[Sequence[tuple[int, int]]],
    dup_sets: Sequence[set[int]],
    threshold: float,
    scale: int,
) -> tuple[tuple[Thread, ...], list[str | None]]:
    """Connected components of strong, close-in-time related links.

    Edges come only from each briefing's own top related list, so one very generic article
    cannot glue hundreds of stories into one thread.  Duplicates are not edges: a republished
    copy is shown as "Also reported as", not as a step in the story.
    """
    total = len(anns)
    dates = [_parse_date(a.article.date) for a in anns]
    min_key = threshold * scale
    rows: list[int] = []
    cols: list[int] = []
    for i, links in enumerate(related_idx):
        for j, key in links:
            if key < min_key or j in dup_sets[i]:
                continue
            di, dj = dates[i], dates[j]
            if di is not None and dj is not None and abs((di - dj).days) > THREAD_WINDOW_DAYS:
                continue
            rows.append(i)
            cols.append(j)
    graph = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(total, total))
    _, labels = connected_components(graph, directed=False)
    members: dict[int, list[int]] = {}
    for i, label in enumerate(labels):
        members.setdefault(int(label), []).append(i)

    def when(i: int) -> tuple[bool, date, str]:
        # Oldest first; undated briefings after dated ones; slug breaks ties.
        d = dates[i]
        return (d is None, d or date.min, anns[i].article.slug)

    groups = sorted((sorted(m, key=when) for m in members.values() if len(m) >= 2),
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
