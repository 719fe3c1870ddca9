"""Related briefings, "Also reported as" duplicates and story threads, corpus-wide.

Pure over cached annotations: adding a source re-runs :func:`relate` on every annotation (cheap,
sparse algebra) without re-annotating anything.

Score.  Readers' own similarity judgements of news follow body-text TF-IDF best (Starke et al.,
2024), so the score is mostly the cosine of sublinear TF-IDF vectors over content lemmas
(``Annotation.terms``).  It is blended with the cosine of *shared canonical entities*, weighted by
rarity (IDF) and by type (people and organisations tell more about a story than the places it
happened in).  The entity part also makes the link explainable: the shared names are shown.

Latent topics (LSA over the same TF-IDF rows) are blended in too: measured on BBC, word overlap
alone links stories that merely share vocabulary across subjects, and a few corpus-wide topic
axes pull a story towards its own subject (bench/related_quality.py: P@5 0.925 -> 0.959).

"Also reported as": a text cosine of 0.8 or more *and* the same facts (figures and names), since
lemmas drop numbers and templated notices share all their words.  Threads: connected components
of strong text links between briefings that share a person or organisation, close in time.

Scale.  Never all pairs in Python: the cosines come from sparse products computed a block of rows
at a time, keeping only each row's best candidates, so memory grows with the number of articles,
not its square.  The few very common terms ("year", "say") make a sparse product nearly dense and
slow, so they are split off: candidates are ranked on the distinctive terms + a low-rank sketch of
the common ones + entities + topics, then the best few per row are re-scored exactly (the common
terms' share added back) before the final ranking.
"""

from __future__ import annotations

import math
import os
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.preprocessing import normalize
from threadpoolctl import threadpool_limits

from briefgen.model import Annotation, CanonicalEntity, Related, Thread
from briefgen.samefacts import SameFacts
from briefgen.threads import THREAD_THRESHOLD, _threads

#: Share of the score that comes from shared entities (measured on BBC: more hurts P@5, the
#: names' main job is to say *why* two stories are linked).
ENTITY_WEIGHT = 0.1

#: Share of the *word* part of the score (the ``1 - ENTITY_WEIGHT`` left by entities) that comes
#: from latent topics (LSA over the same TF-IDF rows) rather than raw TF-IDF.  Word overlap alone
#: confuses stories that share vocabulary across subjects ("mobile" charges vs mobile phones);
#: a few corpus-wide topic axes pull a story towards its own subject.  Measured on BBC.
TOPIC_WEIGHT = 0.55

#: Number of latent topics.  Few and broad is the point: on BBC (P@5, full set / 417-article
#: samples) 10: 0.957/0.942, 15: 0.959/0.939, 30: 0.953/0.927, 100: 0.948; more axes drift back
#: towards raw word overlap.  15 leaves room for corpora with more subjects than BBC's five.
TOPIC_DIMS = 15

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

#: Text cosine at or above which two articles may be the same story republished ("Also reported
#: as").  Measured on BBC (bench/related_quality.py): copies with a tenth of the text cut score
#: 0.89 and more; same-headline republications in the corpus go down to 0.87 (one rewrite at
#: 0.77 is missed); distinct stories on one event reach 0.81, which the facts check rejects.
DUPLICATE_THRESHOLD = 0.8

#: Below this blended score a neighbour is noise, not a story a reader would call related.
MIN_SCORE = 0.05

#: Extra candidates kept per row, to refill a list when two candidates are copies of one story.
SPARE_CANDIDATES = 5

#: At most this many shared entity names are given as the reason for a link.
MAX_SHARED = 5

#: Scores are rounded before ranking, ties going to the earlier slug.  Rounding makes output
#: byte-stable across platforms and BLAS builds; rounding this coarsely also keeps lists still
#: when a new story nudges every score (the IDF and the topic axes move with each article):
#: below a hundredth, which of two near-copies ranks first is noise.  Measured at 10,000
#: briefings, one new story changed 786 related lists at four decimals, 468 at three and 154
#: at two, each a page to render again; P@5 on BBC 0.960 / 0.960 / 0.958 (417-article
#: samples 0.939 at all three).
SCORE_DECIMALS = 2

#: Rows of the similarity product computed at once; bounds memory at ``CHUNK_ROWS × N`` floats.
CHUNK_ROWS = 512

#: A term in more than this share of the articles (and more than FREQUENT_MIN_DOCS of them) is
#: "common": kept in the score, but left out of the sparse candidate product, where it would
#: cost df² operations (measured at 10,000 articles: 2% of the articles cuts the product 6×).
FREQUENT_SHARE = 0.02
FREQUENT_MIN_DOCS = 50
#: At most this many terms count as common (the most common ones), so the rank-SKETCH_DIMS
#: sketch of them stays a fair stand-in.
MAX_FREQUENT_TERMS = 2000

#: Rank of the sketch of the common terms used to rank candidates (re-scored exactly after).
SKETCH_DIMS = 30

#: Candidates re-scored exactly per row, beyond the ones the list can show.
RESCORE_MARGIN = 10

#: Threads that score blocks of rows at once (measured at 10,000 articles on two busy
#: cores: relate 6.2-7.9 s with one, 3.9-4.3 s with two, the same output).
_WORKERS = min(2, os.cpu_count() or 1)


@dataclass(frozen=True)
class RelateResult:
    """What :func:`relate` found; the lists have one entry per annotation, in input order."""

    related: list[tuple[Related, ...]]
    """Best first; ties broken by slug. Never the article itself or one of its duplicates.
    A story republished under several slugs is listed once, as its first report (earliest
    date, then slug), with the score of its best-scoring copy."""
    duplicates: list[tuple[str, ...]]
    """Slugs of near-identical copies of the same story, sorted."""
    threads: tuple[Thread, ...]
    """Threads of two or more briefings, ordered by their first briefing (oldest first)."""
    thread_of: list[str | None]
    """Slug of the thread each annotation belongs to, or None."""


class TermRows:
    """Each annotation's terms as columns and sublinear weights, kept across saves.

    ``mkdocs serve`` keeps one (see :func:`relate`'s ``terms``): counting the terms of 10,000
    articles again was 0.7 s of every save, for the one article that changed.  Terms get ids in
    order of arrival, never reused; the matrix's columns are the terms present, in sorted
    order, whatever arrived when, so a kept instance and a fresh one give the same matrix.
    """

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}
        self._terms: list[str] = []
        self._sorted: np.ndarray = np.zeros(0, dtype=np.int64)
        self._rows: dict[int, tuple[Annotation, np.ndarray, np.ndarray]] = {}

    def rows(self, annotations: Sequence[Annotation]) -> list[tuple[np.ndarray, np.ndarray]]:
        """(term ids, 1 + log count) of each annotation, in term-id order."""
        old, new = self._rows, {}
        grown = False
        out = []
        for a in annotations:
            hit = old.get(id(a))
            if hit is None or hit[0] is not a:
                counts = Counter(a.terms)
                before = len(self._terms)
                for term in counts:
                    if term not in self._ids:
                        self._ids[term] = len(self._terms)
                        self._terms.append(term)
                grown |= len(self._terms) > before
                ids = np.fromiter((self._ids[t] for t in counts), dtype=np.int64,
                                  count=len(counts))
                tf = 1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64,
                                              count=len(counts)))
                order = np.argsort(ids, kind="stable")
                hit = (a, ids[order], tf[order])
            new[id(a)] = hit
            out.append((hit[1], hit[2]))
        self._rows = new
        if grown or len(self._sorted) != len(self._terms):
            self._sorted = np.asarray(
                sorted(range(len(self._terms)), key=self._terms.__getitem__), dtype=np.int64
            )
        return out

    def sorted_ids(self) -> np.ndarray:
        """Every term id ever seen, in the sorted order of the terms."""
        return self._sorted


def text_matrix(annotations: Sequence[Annotation], terms: TermRows | None = None) -> sp.csr_matrix:
    """Sublinear TF-IDF rows (L2-normalised) over ``Annotation.terms``, columns in term order.

    Sublinear tf (1 + log tf) keeps a long article that repeats a word from outweighing the words
    it shares with a short one; smooth IDF (``ln((1 + n) / (1 + df)) + 1``) keeps every weight
    positive.  Computed in float64, stored as float32.
    """
    terms = terms or TermRows()
    rows = terms.rows(annotations)
    n_docs = len(rows)
    lengths = np.fromiter((len(ids) for ids, _ in rows), dtype=np.int64, count=n_docs)
    if not lengths.sum():
        return sp.csr_matrix((n_docs, 0), dtype=np.float32)
    ids = np.concatenate([ids for ids, _ in rows])
    tf = np.concatenate([tf for _, tf in rows])
    df = np.bincount(ids, minlength=len(terms.sorted_ids()))
    order = terms.sorted_ids()
    order = order[df[order] > 0]
    column = np.full(len(df), -1, dtype=np.int64)
    column[order] = np.arange(len(order))
    idf = np.log((1.0 + n_docs) / (1.0 + df[order])) + 1.0
    indices = column[ids]
    data = tf * idf[indices]
    row_of = np.repeat(np.arange(n_docs), lengths)
    norms = np.sqrt(np.bincount(row_of, weights=data * data, minlength=n_docs))
    data /= norms[row_of]
    indptr = np.concatenate(([0], np.cumsum(lengths)))
    matrix = sp.csr_matrix(
        (data.astype(np.float32), indices.astype(np.int32), indptr.astype(np.int32)),
        shape=(n_docs, len(order)),
    )
    matrix.sort_indices()
    return matrix


@dataclass(frozen=True)
class _TextSplit:
    """The TF-IDF rows split by column: distinctive terms vs the few very common ones."""

    rare: sp.csr_matrix
    rare_t: sp.csr_matrix
    """``rare`` transposed once, in the layout the product wants (CSR @ CSR)."""
    common: sp.csr_matrix
    """The common terms' columns: scored exactly, pair by pair, for candidates only."""
    common_sketch: np.ndarray | None
    """Low-rank stand-in for ``common`` (``sketch @ sketch.T ≈ common @ common.T``), so that
    candidates are ranked with the common terms' share roughly in; None if there are none."""


def _split_text(text: sp.csr_matrix) -> _TextSplit:
    n_docs, n_terms = text.shape
    df = np.bincount(text.indices, minlength=n_terms)
    cutoff = max(FREQUENT_MIN_DOCS, FREQUENT_SHARE * n_docs)
    common_cols = np.flatnonzero(df > cutoff)
    if len(common_cols) > MAX_FREQUENT_TERMS:
        # Keep the most common in the dense block; ties by column for determinism.
        by_df = np.lexsort((common_cols, -df[common_cols]))
        common_cols = np.sort(common_cols[by_df[:MAX_FREQUENT_TERMS]])
    is_common = np.zeros(n_terms, dtype=bool)
    is_common[common_cols] = True
    rare = text[:, np.flatnonzero(~is_common)].tocsr()
    rare.eliminate_zeros()
    common = text[:, common_cols].tocsr()
    sketch = None
    if len(common_cols) > SKETCH_DIMS:
        sketch = _svd(common, SKETCH_DIMS)
    elif len(common_cols):
        sketch = common.toarray()
    return _TextSplit(rare=rare, rare_t=rare.T.tocsr(), common=common, common_sketch=sketch)


def _svd(matrix: sp.csr_matrix | np.ndarray, dims: int) -> np.ndarray:
    """``U·Σ`` of a rank-``dims`` truncated SVD: rows whose dot products approximate the input's.

    Exact (ARPACK), not randomized: a randomized SVD of a matrix one article larger starts from
    a different random projection (the vocabulary grew) and lands on visibly different axes, so
    one new story reshuffled the related lists of 412 of 1,000 briefings, every one of which
    then had to be rendered again.  The exact axes move only as much as the data does (14 of
    1,000 lists changed), for the same time.  A fixed seed for ARPACK's start vector keeps it
    deterministic.
    """
    # Imported here: sklearn.decomposition is slow to import and small sites never need it.
    from sklearn.decomposition import TruncatedSVD

    exact = dims < min(matrix.shape)  # ARPACK needs more rows and columns than components
    svd = TruncatedSVD(
        n_components=dims, algorithm="arpack" if exact else "randomized", random_state=0
    )
    # The matrices here are tall and thin (terms × 40): multi-threaded OpenBLAS spends far more
    # time synchronising than computing on them (QR measured 30× slower with 2 threads than 1).
    with threadpool_limits(limits=1, user_api="blas"):
        return svd.fit_transform(matrix).astype(np.float32)


@dataclass(frozen=True)
class _EntityIndex:
    """Canonical entities per article, with the weights used to score and explain links."""

    sets: list[frozenset[int]]
    """Column indices of the canonical entities each article mentions."""
    ranked: list[tuple[int, ...]]
    """The same, most telling first: people and organisations, then the rarest, then by name."""
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
    if n_cols == 0:  # no article names any entity: nothing to share
        matrix = sp.csr_matrix((n_docs, 0), dtype=np.float32)
    else:
        matrix = normalize(counts @ sp.diags(weight), norm="l2").tocsr().astype(np.float32)
    matrix.eliminate_zeros()
    telling = sorted(range(n_cols), key=lambda c: (-type_weight[c], df[c], by_slug[slugs[c]].name,
                                                   slugs[c]))
    rank = np.empty(n_cols, dtype=np.int64)
    rank[telling] = np.arange(n_cols)
    return _EntityIndex(
        sets=sets,
        ranked=[tuple(sorted(cols_i, key=rank.__getitem__)) for cols_i in sets],
        names=[by_slug[s].name for s in slugs],
        df=df,
        type_weight=type_weight,
        matrix=matrix,
    )


def _row_thresholds(values: np.ndarray, count: int) -> np.ndarray:
    """Per row, a value with at least ``count`` cells at or above it (for top-``count``).

    Exact selection over every row is the slowest step at 10,000 articles, so the threshold is
    first read from every 4th column, at a rank that leaves about twice ``count`` cells above
    it; rows where that leaves too few fall back to exact selection.  Either way the cells at or
    above the threshold include the row's true top ``count`` (ties all kept).
    """
    n_cols = values.shape[1]
    if count >= n_cols:
        return values.min(axis=1)
    stride = 4
    if n_cols < stride * 8 * count:
        return np.partition(values, n_cols - count, axis=1)[:, n_cols - count]
    sample = values[:, ::stride]
    rank = sample.shape[1] - max(1, 2 * count // stride)
    thresholds = np.partition(sample, rank, axis=1)[:, rank]
    short = np.flatnonzero((values >= thresholds[:, None]).sum(axis=1) < count)
    if len(short):
        thresholds[short] = np.partition(values[short], n_cols - count, axis=1)[:, n_cols - count]
    return thresholds


def _pair_dots(common: sp.csr_matrix, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """What the common terms add to the cosine of each pair ``(rows[k], cols[k])``.

    The two sides' rows are gathered and multiplied element-wise as sparse matrices (SciPy's
    compiled loops), so the cost is pairs × terms-per-article, not pairs × common terms.
    """
    if common.shape[1] == 0 or len(rows) == 0:
        return np.zeros(len(rows), dtype=np.float32)
    both = common[rows].multiply(common[cols])
    return np.asarray(both.sum(axis=1), dtype=np.float32).ravel()


def _shared_names(index: _EntityIndex, i: int, j: int) -> tuple[str, ...]:
    """Entities both articles mention, most telling first (see ``_EntityIndex.ranked``)."""
    other = index.sets[j]
    names: list[str] = []
    for col in index.ranked[i]:
        if col in other:
            names.append(index.names[col])
            if len(names) == MAX_SHARED:
                break
    return tuple(names)


def topic_matrix(text: sp.csr_matrix, dims: int = TOPIC_DIMS) -> np.ndarray | None:
    """Rows of ``text`` projected on its first ``dims`` latent topics (LSA), L2-normalised.

    None when the corpus is too small for topics to be more than noise.  A fixed random seed
    makes the randomized SVD deterministic; cosines do not depend on the sign of a component.
    """
    n_docs, n_terms = text.shape
    if n_docs < MIN_TOPIC_DOCS or n_terms <= dims:
        return None
    return normalize(_svd(text, dims)).astype(np.float32)


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
    terms: TermRows | None = None,
) -> RelateResult:
    """Top ``n`` related briefings, duplicates and story threads for every annotation.

    ``score = e·entities + (1 - e)·((1 - t)·tfidf + t·topics)`` with ``e = entity_weight`` and
    ``t = topic_weight``, all cosines (``e = t = 0`` is TF-IDF only, ``e = 1`` entities only:
    the benchmark's ablations).  Deterministic: the articles are processed in slug order and
    every tie is broken by slug.  ``terms`` (kept by ``mkdocs serve``) remembers each
    article's term counts between saves.  Raises ``ValueError`` naming the bad argument.
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

    text = text_matrix(anns, terms)
    topics = topic_matrix(text) if topic_weight > 0 else None
    if topics is None:
        # Too few articles for topics: their share goes back to the words themselves.
        topic_weight = 0.0
    text_weight = (1.0 - entity_weight) * (1.0 - topic_weight)
    topic_weight = (1.0 - entity_weight) * topic_weight
    split = _split_text(text)
    index = _entity_index(anns, maps, entities)
    ent_t = index.matrix.T.tocsr()

    k = max(0, min(n, total - 1))
    # Spare candidates replace links dropped later as duplicates of each other; the margin
    # absorbs the ranking error of the sketched common terms.  Duplicates are found among these
    # candidates too (a copy of a story ranks at its very top), so they are drawn even for n=0.
    per_row = k + SPARE_CANDIDATES
    n_cand = min(per_row + RESCORE_MARGIN, total - 1)
    scale = 10**SCORE_DECIMALS
    min_key = math.ceil(min_score * scale - 1e-9)

    facts = SameFacts(anns, index.sets)
    sink = -2.0 + np.arange(total, dtype=np.float32) / (2.0 * total)
    related_idx: list[list[tuple[int, int, float]]] = [[] for _ in range(total)]
    dup_sets: list[set[int]] = [set() for _ in range(total)]

    def relate_rows(start: int, stop: int) -> None:
        """Candidates, duplicates and ranked links for rows ``start:stop``."""
        rows = np.arange(stop - start)
        rare_cos = (split.rare[start:stop] @ split.rare_t).toarray()
        ent_cos = (index.matrix[start:stop] @ ent_t).toarray()
        # A link needs a reason a reader can see: a distinctive word or a name in common.
        # Latent topics alone (two sports stories about different sports) only reorder those.
        unsupported = rare_cos <= 0
        unsupported &= ent_cos <= 0
        unsupported[rows, rows + start] = True  # no self links

        approx = text_weight * rare_cos + entity_weight * ent_cos
        if split.common_sketch is not None and text_weight > 0:
            sketch = split.common_sketch
            approx += text_weight * (sketch[start:stop] @ sketch.T)
        topic_cos = None
        if topics is not None:
            topic_cos = topics[start:stop] @ topics.T
            approx += topic_weight * topic_cos
        # Cells without support sink below every real candidate.  They get distinct values
        # (not one -1 for all): selection over thousands of equal values is many times slower.
        np.copyto(approx, sink, where=unsupported)
        # Sunk cells are below -1, so a threshold floored at -1 never lets one through.
        floor = np.maximum(_row_thresholds(approx, n_cand), np.float32(-1.0))
        cand_r, cand_c = np.nonzero(approx >= floor[:, None])
        # The threshold lets through about twice n_cand per row: keep each row's n_cand best
        # by the approximate score, ties by column, before paying for exact scores.
        pre = np.lexsort((cand_c, -approx[cand_r, cand_c], cand_r))
        cand_r, cand_c = cand_r[pre], cand_c[pre]
        within = np.arange(len(cand_r)) - np.searchsorted(cand_r, cand_r, side="left")
        cand_r, cand_c = cand_r[within < n_cand], cand_c[within < n_cand]

        # Exact scores of the candidates: the common terms' share added back.
        text_cos = rare_cos[cand_r, cand_c] + _pair_dots(split.common, cand_r + start, cand_c)
        is_dup = text_cos >= duplicate_threshold
        for at in np.flatnonzero(is_dup).tolist():
            r, c = int(cand_r[at]) + start, int(cand_c[at])
            if facts.same(r, c):
                dup_sets[r].add(c)
                dup_sets[c].add(r)
            else:
                is_dup[at] = False
        if k == 0:
            return
        ent_c = ent_cos[cand_r, cand_c]
        score = text_weight * text_cos + entity_weight * ent_c
        if topic_cos is not None:
            score += topic_weight * topic_cos[cand_r, cand_c]
        keys = np.rint(score * scale).astype(np.int64)
        keep = ((text_cos >= MIN_EVIDENCE) | (ent_c >= MIN_EVIDENCE)) & (keys >= min_key)
        keep &= ~is_dup
        cand_r, cand_c, keys, text_cos = cand_r[keep], cand_c[keep], keys[keep], text_cos[keep]
        # Best rounded score first (rounding before ranking makes the order agree with the
        # scores printed), then earlier slug = lower column; the first per_row of each row.
        ranked = np.lexsort((cand_c, -keys, cand_r))
        cand_r, cand_c, keys, text_cos = (cand_r[ranked], cand_c[ranked], keys[ranked],
                                          text_cos[ranked])
        top = (np.arange(len(cand_r)) - np.searchsorted(cand_r, cand_r, side="left")) < per_row
        for r, c, key, tc in zip(cand_r[top].tolist(), cand_c[top].tolist(),
                                 keys[top].tolist(), text_cos[top].tolist(), strict=True):
            related_idx[r + start].append((c, key, tc))

    # Small dense products (rows × 30): one BLAS thread is faster than two here (see _svd).
    starts = range(0, total if n_cand > 0 else 0, CHUNK_ROWS)
    with threadpool_limits(limits=1, user_api="blas"):
        if len(starts) < 2 or _WORKERS < 2:
            for start in starts:
                relate_rows(start, min(start + CHUNK_ROWS, total))
        else:
            # Blocks of rows in parallel threads: the products and selections run in NumPy
            # and SciPy with the GIL released, and each block writes only its own rows
            # (a duplicate pair is added to two sets, in either order: the same sets).
            with ThreadPoolExecutor(_WORKERS) as pool:
                list(pool.map(lambda a: relate_rows(a, min(a + CHUNK_ROWS, total)), starts))

    # Drop i's own duplicates (also those found from the other side: j saw i), and list each
    # republished story once: a copy of a story already listed is the same link twice.
    # The copy listed is the story's first report, not the copy that scored best: copies
    # score within a hundredth of each other, so which one wins moves with every story
    # added (at 10,000 briefings, half the related lists a save changed changed only so).
    first_report = [(a.article.date or "\uffff", pos) for pos, a in enumerate(anns)]
    related_out: list[tuple[Related, ...]] = []
    for i in range(total):
        kept: list[tuple[int, int, float]] = []
        shown: list[tuple[int, int]] = []
        for j, key, tc in related_idx[i]:
            if j in dup_sets[i] or any(j in dup_sets[m] for m, _, _ in kept):
                continue
            story = ({j} | dup_sets[j]) - dup_sets[i] - {i}
            listed = min(story, key=first_report.__getitem__)
            if any(listed == s or listed in dup_sets[s] for s, _ in shown):
                continue
            kept.append((j, key, tc))
            shown.append((listed, key))
            if len(kept) == k:
                break
        related_idx[i] = kept
        related_out.append(tuple(
            Related(slug=slugs[j], score=round(key / scale, SCORE_DECIMALS),
                    shared=_shared_names(index, i, j))
            for j, key in shown
        ))

    threads, thread_idx = _threads(anns, related_idx, dup_sets, index, thread_threshold)

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
