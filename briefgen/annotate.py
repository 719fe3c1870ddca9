"""Article -> Annotation: the rules over a spaCy parse, through a two-layer disk cache.

The cache (``cachestore``) keeps the parse of each text apart from the annotation the rules
make of it, so a new or edited source costs a parse and the rules, while a glossary edit or a
rule change costs the rules only.  The work itself (``batch.process_chunk``) runs in this
process, in worker processes beside it (``jobs``) or on a Dask cluster (``scale``), and always
returns the same bytes, which only this process writes into the cache.
"""

from __future__ import annotations

import json
import logging
import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from briefgen import entities as entities_mod
from briefgen import quotes as quotes_mod
from briefgen import terms as terms_mod
from briefgen.batch import (
    LocalRunner,
    Outcome,
    Runner,
    Task,
    choose_processes,
    chunked,
    fingerprint,
)
from briefgen.cachestore import CacheStore, annotation_key, parse_key, rules_salt
from briefgen.cachestore import glossary_digest as glossary_digest
from briefgen.model import BLOCK_SEPARATOR, Annotation, Article, GlossaryEntry, from_jsonable
from briefgen.nlp import installed_model_id, load_pipeline
from briefgen.validate import validate_annotation

if TYPE_CHECKING:
    from spacy.tokens import Doc

log = logging.getLogger(__name__)

#: Sentences shorter than this are headings or fragments, never "At a glance" material.
_MIN_GLANCE_WORDS = 8
#: How many sentences "At a glance" shows.
GLANCE_SIZE = 3


def nlp_text(article: Article) -> str:
    """What the pipeline reads: the body, then the photo caption after a blank line.

    Captions often name the people and things a photo shows and the story does not (the
    aircraft, the operator), so their entities belong in the glossary.  Offsets past the body
    therefore point into the caption; quotes and sentences are kept to the body.
    """
    if article.caption:
        return article.text + BLOCK_SEPARATOR + article.caption
    return article.text


def annotate_doc(
    doc: Doc, article: Article, glossary: Sequence[GlossaryEntry] = (), *, model: str = ""
) -> Annotation:
    """Everything briefgen learns from one parsed article, as plain data."""
    mentions, entities = entities_mod.extract_entities(
        doc, glossary=glossary, dateline=article.dateline
    )
    quotes = quotes_mod.extract_quotes(doc, mentions, entities, dateline=article.dateline)
    sentences = tuple((s.start_char, s.end_char) for s in doc.sents if s.text.strip())
    terms = terms_mod.content_terms(doc)
    return Annotation(
        article=article,
        mentions=tuple(mentions),
        entities=tuple(entities),
        quotes=tuple(quotes),
        sentences=sentences,
        key_sentences=key_sentences(doc, sentences, [(q.start, q.end) for q in quotes], terms),
        terms=terms,
        model=model,
    )


def key_sentences(
    doc: Doc,
    sentences: Sequence[tuple[int, int]],
    quoted: Sequence[tuple[int, int]],
    terms: Sequence[str] | None = None,
) -> tuple[int, ...]:
    """Pick the "At a glance" sentences: the ones that carry most of the story's own words.

    A sentence scores by how many of the article's frequent content lemmas it holds (a cheap
    centroid summary), plus a bonus for early position because news puts the point first.
    Sentences that are mostly quotation are left out: a glance should be the reporter's summary.
    The content lemmas are :func:`terms.content_terms`, the words related stories are scored
    by, so one definition of a story's own words serves both; ``terms`` passes them when the
    caller has them already.
    """
    freq: Counter[str] = Counter(terms_mod.content_terms(doc) if terms is None else terms)
    scored = []
    for i, (start, end) in enumerate(sentences):
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        words = [t for t in span if t.is_alpha]
        if len(words) < _MIN_GLANCE_WORDS:
            continue
        inside = sum(max(0, min(end, qe) - max(start, qs)) for qs, qe in quoted)
        if inside > 0.5 * (end - start):
            continue
        content = set(terms_mod.content_terms(words))
        score = sum(math.log1p(freq[w]) for w in content) / math.sqrt(len(words))
        score += 1.5 / (1 + i)
        scored.append((-score, i))
    best = sorted(scored)[:GLANCE_SIZE]
    return tuple(sorted(i for _, i in best))


@dataclass
class AnnotateStats:
    """What one run did, for the one-line build summary."""

    annotated: int = 0
    cached: int = 0
    corrupt: list[str] = field(default_factory=list)
    parsed: int = 0
    """Texts that went through the pipeline; ``annotated - parsed`` reused a cached parse."""
    processes: int = 0
    """Processes (or Dask workers) that returned work; 0 when everything came from the cache."""


class Annotator:
    """Annotates articles with one pipeline, through the disk cache and an in-memory memo.

    The memo keeps annotations alive across ``mkdocs serve`` rebuilds, so an unchanged source
    costs nothing at all; the disk cache makes a fresh process as cheap as a JSON read.
    ``jobs`` is how many processes may share the work (0: as many as pay off, see
    ``batch.choose_processes``); ``runner`` replaces the local processes altogether (the Dask
    runner of ``scale``).
    """

    def __init__(
        self,
        model: str = "en_core_web_sm",
        cache_dir: Path | None = None,
        glossary: Sequence[GlossaryEntry] = (),
        *,
        jobs: int = 0,
        runner: Runner | None = None,
    ) -> None:
        if jobs < 0:
            raise ValueError(f"jobs must be 0 (automatic) or more, found {jobs}")
        self.model = model
        self.cache_dir = cache_dir
        self.glossary = tuple(glossary)
        self.jobs = jobs
        self.runner = runner
        self._memo: dict[str, Annotation] = {}
        self._nlp = None
        self._salts: tuple[str, str] | None = None

    @property
    def nlp(self):
        if self._nlp is None:
            self._nlp = load_pipeline(self.model)
        return self._nlp

    def keys(self, article: Article) -> tuple[str, str]:
        """``(annotation key, parse key)`` of an article, computed without loading spaCy."""
        if self._salts is None:
            # From package metadata: a fully cached run never loads the pipeline.
            self._salts = (installed_model_id(self.model), rules_salt(self.glossary))
        pipeline, rules = self._salts
        pkey = parse_key(nlp_text(article), pipeline)
        return annotation_key(pkey, rules, article.dateline), pkey

    def _read_annotation(
        self, store: CacheStore, key: str, stats: AnnotateStats
    ) -> Annotation | None:
        if store.root is None:
            return None
        path = store.annotation_path(key)
        try:
            data = store.read_annotation(key)
            if data is None:
                return None
            ann = from_jsonable(Annotation, json.loads(data.decode("utf-8")))
            validate_annotation(ann, nlp_text(ann.article))  # values, not only their types
            return ann
        except OSError as exc:
            stats.corrupt.append(f"{path}: cannot read cache entry ({exc}); re-annotating")
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            stats.corrupt.append(f"{path}: corrupt cache entry ({exc}); re-annotating")
        return None

    def _read_parse(self, store: CacheStore, key: str, stats: AnnotateStats) -> bytes | None:
        try:
            return store.read_parse(key)
        except OSError as exc:
            stats.corrupt.append(f"{store.parse_path(key)}: cannot read ({exc}); re-parsing")
            return None

    def annotate(
        self,
        items: Sequence[tuple[Article, bytes]],
        *,
        progress: Callable[[int], None] | None = None,
        on_start: Callable[[int], None] | None = None,
    ) -> tuple[list[Annotation], AnnotateStats]:
        """Annotations for ``(article, source bytes)`` pairs, in input order.

        Only articles found neither in memory nor on disk are annotated, each text once however
        often it occurs; those with a cached parse skip the pipeline.  ``on_start`` hears how
        many articles that is (to decide on a progress bar), ``progress`` each one done.
        """
        stats = AnnotateStats()
        store = CacheStore(self.cache_dir)
        results: list[Annotation | None] = [None] * len(items)
        keys = [self.keys(article) for article, _ in items]
        todo: dict[str, list[int]] = {}
        for i, ((article, _), (key, _pkey)) in enumerate(zip(items, keys, strict=True)):
            if key in todo:
                todo[key].append(i)
                continue
            hit = self._memo.get(key) or self._read_annotation(store, key, stats)
            if hit is not None:
                # The slug (or the path, the title) may differ from the text's first owner.
                results[i] = hit if hit.article == article else _with_article(hit, article)
                stats.cached += 1
            else:
                todo[key] = [i]
        if todo:
            if on_start is not None:
                on_start(sum(len(idx) for idx in todo.values()))
            tasks = []
            for key, idx in todo.items():
                article = items[idx[0]][0]
                pkey = keys[idx[0]][1]
                tasks.append(
                    Task(
                        article=article,
                        text=nlp_text(article),
                        cached_parse=store.has_parse(pkey),
                        want_parse=store.root is not None,
                        key=key,
                        parse_key=pkey,
                    )
                )

            def prepare(chunk: list[Task]) -> list[Task]:
                return [
                    replace(t, parse=self._read_parse(store, t.parse_key, stats))
                    if t.cached_parse else t
                    for t in chunk
                ]
            write_failed: list[bool] = []
            foreign: set[str] = set()
            workers: set[str] = set()
            ours = fingerprint(self.model)

            def on_done(chunk: list[Task], outcomes: list[Outcome]) -> None:
                for task, out in zip(chunk, outcomes, strict=True):
                    workers.add(out.worker)
                    stats.processes = len(workers)
                    if out.note:
                        stats.corrupt.append(
                            f"{store.parse_path(task.parse_key)}: corrupt parse cache entry "
                            f"({out.note}); re-parsing"
                        )
                    if out.failed:
                        stats.corrupt.append(
                            f"{task.article.source}:1: the annotation rules failed on this "
                            f"source ({out.failed}); it is published without its glossary and "
                            "quotes (please report this)"
                        )
                    try:
                        if out.failed:
                            pass  # never cache a failure: the next build tries again
                        elif out.fingerprint != ours:
                            if out.fingerprint not in foreign:
                                foreign.add(out.fingerprint)
                                stats.corrupt.append(
                                    f"a worker has {out.fingerprint}; this process has "
                                    f"{ours}: its results are used but not cached (install "
                                    "the same briefgen and pipeline everywhere)"
                                )
                        else:
                            if out.parse is not None:
                                store.write_parse(task.parse_key, out.parse)
                            store.write_annotation(task.key, out.annotation)
                    except OSError as exc:
                        # The cache is an optimisation: a read-only or full disk costs speed.
                        if not write_failed:
                            stats.corrupt.append(f"{self.cache_dir}: cannot write cache ({exc})")
                        write_failed.append(True)
                    ann = from_jsonable(Annotation, json.loads(out.annotation.decode("utf-8")))
                    for i in todo[task.key]:
                        article = items[i][0]
                        results[i] = ann if ann.article == article else _with_article(ann, article)
                    stats.annotated += len(todo[task.key])
                    stats.parsed += out.parsed
                    if progress is not None:
                        progress(len(todo[task.key]))

            runner = self.runner or LocalRunner(
                choose_processes(self.jobs, tasks), lambda: self.nlp
            )
            chunks = chunked(tasks, runner.chunk_size)
            stats.corrupt.extend(
                runner.run(self.model, self.glossary, chunks, on_done, prepare)
            )
        missing = [items[i][0].source for i, r in enumerate(results) if r is None]
        if missing:
            raise RuntimeError(f"annotation lost for {', '.join(missing[:3])}")
        for i, (key, _) in enumerate(keys):
            self._memo[key] = results[i]  # type: ignore[assignment]
        live = {key for key, _ in keys}
        for stale in [k for k in self._memo if k not in live]:
            del self._memo[stale]
        return [r for r in results if r is not None], stats


def _with_article(ann: Annotation, article: Article) -> Annotation:
    return replace(ann, article=article)
