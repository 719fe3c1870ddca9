"""Article -> Annotation: one spaCy pass per changed source, everything else from the cache.

The cache is content-addressed: the key hashes the source's bytes, its path, the pipeline's name
and version, the curated glossary and the code of the annotating modules.  Changing any of them
re-annotates; changing nothing costs a JSON read.  Entries are written atomically so a crashed
build never leaves half a file that a later build trusts.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from briefgen import entities as entities_mod
from briefgen import nlp as nlp_mod
from briefgen import quotes as quotes_mod
from briefgen import terms as terms_mod
from briefgen.model import (
    BLOCK_SEPARATOR,
    Annotation,
    Article,
    GlossaryEntry,
    from_jsonable,
    to_jsonable,
)
from briefgen.nlp import installed_model_id, load_pipeline, model_id
from briefgen.validate import validate_annotation

if TYPE_CHECKING:
    from spacy.tokens import Doc

log = logging.getLogger(__name__)

#: Modules whose code decides what an annotation holds; editing one invalidates the cache.
_CODE_MODULES = (entities_mod, nlp_mod, quotes_mod, terms_mod)

#: Sentences shorter than this are headings or fragments, never "At a glance" material.
_MIN_GLANCE_WORDS = 8
#: How many sentences "At a glance" shows.
GLANCE_SIZE = 3


def _code_version() -> str:
    digest = hashlib.sha256()
    for mod in (*_CODE_MODULES, __import__(__name__, fromlist=["_"])):
        digest.update(Path(mod.__file__ or "").read_bytes())
    return digest.hexdigest()[:16]


def glossary_digest(glossary: Sequence[GlossaryEntry]) -> str:
    """Hash of the curated glossary: it changes what the entity layer decides."""
    return hashlib.sha256(
        json.dumps(to_jsonable(list(glossary)), sort_keys=True).encode()
    ).hexdigest()[:16]


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
    quotes = quotes_mod.extract_quotes(doc, mentions, entities)
    sentences = tuple((s.start_char, s.end_char) for s in doc.sents if s.text.strip())
    terms = terms_mod.content_terms(doc)
    return Annotation(
        article=article,
        mentions=tuple(mentions),
        entities=tuple(entities),
        quotes=tuple(quotes),
        sentences=sentences,
        key_sentences=key_sentences(doc, sentences, [(q.start, q.end) for q in quotes]),
        terms=terms,
        model=model,
    )


def key_sentences(
    doc: Doc, sentences: Sequence[tuple[int, int]], quoted: Sequence[tuple[int, int]]
) -> tuple[int, ...]:
    """Pick the "At a glance" sentences: the ones that carry most of the story's own words.

    A sentence scores by how many of the article's frequent content lemmas it holds (a cheap
    centroid summary), plus a bonus for early position because news puts the point first.
    Sentences that are mostly quotation are left out: a glance should be the reporter's summary.
    """
    freq: Counter[str] = Counter(
        t.lemma_.lower() for t in doc if t.is_alpha and not t.is_stop and len(t) > 1
    )
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
        content = {t.lemma_.lower() for t in words if not t.is_stop and len(t) > 1}
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


class Annotator:
    """Annotates articles with one pipeline, through the disk cache and an in-memory memo.

    The memo keeps annotations alive across ``mkdocs serve`` rebuilds, so an unchanged source
    costs nothing at all; the disk cache makes a fresh process as cheap as a JSON read.
    """

    def __init__(
        self,
        model: str = "en_core_web_sm",
        cache_dir: Path | None = None,
        glossary: Sequence[GlossaryEntry] = (),
    ) -> None:
        self.model = model
        self.cache_dir = cache_dir
        self.glossary = tuple(glossary)
        self._memo: dict[str, Annotation] = {}
        self._nlp = None
        self._salt: str | None = None

    @property
    def nlp(self):
        if self._nlp is None:
            self._nlp = load_pipeline(self.model)
        return self._nlp

    def _key(self, article: Article, raw: bytes) -> str:
        if self._salt is None:
            # From package metadata: a fully cached run never loads the pipeline.
            model = installed_model_id(self.model)
            self._salt = "|".join((model, _code_version(), glossary_digest(self.glossary)))
        digest = hashlib.sha256(raw)
        digest.update(b"\0" + article.source.encode() + b"\0" + self._salt.encode())
        # The text the offsets point into, as this version of the readers makes it: a reader
        # or library upgrade that changes it must not reuse offsets made for the old text.
        digest.update(b"\0" + nlp_text(article).encode() + b"\0")
        digest.update((article.dateline or "").encode())
        return digest.hexdigest()

    def _read_cache(self, key: str, stats: AnnotateStats) -> Annotation | None:
        if self.cache_dir is None:
            return None
        path = self.cache_dir / f"{key}.json"
        try:
            ann = from_jsonable(Annotation, json.loads(path.read_text(encoding="utf-8")))
            validate_annotation(ann, nlp_text(ann.article))  # values, not only their types
            return ann
        except FileNotFoundError:
            return None
        except OSError as exc:
            stats.corrupt.append(f"{path}: cannot read cache entry ({exc}); re-annotating")
            return None
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            stats.corrupt.append(f"{path}: corrupt cache entry ({exc}); re-annotating")
            return None

    def _write_cache(self, key: str, annotation: Annotation) -> None:
        if self.cache_dir is None:
            return
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        payload = json.dumps(to_jsonable(annotation), ensure_ascii=False, sort_keys=True)
        fd, tmp = tempfile.mkstemp(dir=self.cache_dir, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(payload)
            os.replace(tmp, self.cache_dir / f"{key}.json")
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def annotate(
        self,
        items: Sequence[tuple[Article, bytes]],
        *,
        progress: Callable[[int], None] | None = None,
        on_start: Callable[[int], None] | None = None,
    ) -> tuple[list[Annotation], AnnotateStats]:
        """Annotations for ``(article, source bytes)`` pairs, in input order.

        Only articles found neither in memory nor on disk go through ``nlp.pipe``, in one batch;
        ``on_start`` hears how many that is (to decide on a progress bar), ``progress`` each one.
        """
        stats = AnnotateStats()
        results: list[Annotation | None] = [None] * len(items)
        todo: list[tuple[int, str]] = []
        keys = [self._key(article, raw) for article, raw in items]
        for i, ((article, _), key) in enumerate(zip(items, keys, strict=True)):
            hit = self._memo.get(key) or self._read_cache(key, stats)
            if hit is not None:
                # The slug may have been de-duplicated differently this time.
                results[i] = hit if hit.article == article else _with_article(hit, article)
                stats.cached += 1
            else:
                todo.append((i, key))
        if todo:
            if on_start is not None:
                on_start(len(todo))
            texts = (nlp_text(items[i][0]) for i, _ in todo)
            mid = model_id(self.nlp)
            for (i, key), doc in zip(todo, self.nlp.pipe(texts, batch_size=32), strict=True):
                ann = annotate_doc(doc, items[i][0], self.glossary, model=mid)
                try:
                    self._write_cache(key, ann)
                except OSError as exc:
                    # The cache is an optimisation: a read-only or full disk costs speed only.
                    stats.corrupt.append(f"{self.cache_dir}: cannot write cache ({exc})")
                results[i] = ann
                stats.annotated += 1
                if progress is not None:
                    progress(1)
        for i, key in enumerate(keys):
            self._memo[key] = results[i]  # type: ignore[assignment]
        live = set(keys)
        for stale in [k for k in self._memo if k not in live]:
            del self._memo[stale]
        return [r for r in results if r is not None], stats


def _with_article(ann: Annotation, article: Article) -> Annotation:
    return replace(ann, article=article)
