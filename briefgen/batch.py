"""One unit of annotation work, and the runner that spreads units over this machine's cores.

:func:`process_chunk` is the whole job for a few articles: parse them (or restore their cached
parse), run briefgen's rules, and return both layers as bytes.  It runs unchanged in the build
process, in a local worker process and on a Dask worker, which is why every path yields the
same bytes: the parent only writes what it gets back into the cache.

A worker process loads the pipeline once (``load_pipeline`` is cached per process) and keeps it
for every chunk it is given.
"""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import os
import socket
import threading
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from briefgen import cachestore
from briefgen.cachestore import PARSE_ATTRS, parse_salt
from briefgen.model import Annotation, Article, GlossaryEntry, to_jsonable
from briefgen.nlp import installed_model_id, load_pipeline, model_id

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

log = logging.getLogger(__name__)

#: Below this much estimated work a single process wins: a worker process needs a few seconds
#: to start and load the pipeline (measured by bench/annotate_scale.py on the 2-core machine:
#: ~3 s, while one process parses ~5,000 words a second).  Rules-only work counts a fifth.
PARALLEL_MIN_WORDS = 20_000
#: Cost of re-running the rules over a cached parse, relative to parsing the same words.
RULES_ONLY_WEIGHT = 0.2
#: Articles per unit of work: small enough that the last units finish close together, large
#: enough that passing them between processes costs nothing measurable.
CHUNK_SIZE = 8
#: ``nlp.pipe`` batch size inside a chunk (spaCy's parse does not depend on it).
PIPE_BATCH = 32

#: One spaCy pipeline is not safe to call from two threads at once; Dask workers may run
#: several tasks in threads of one process.
_PIPELINE_LOCK = threading.Lock()


@dataclass(frozen=True)
class Task:
    """One article to annotate, with its cached parse when there is one."""

    article: Article
    text: str
    """What the pipeline reads (body and caption); kept beside the article so workers agree."""
    parse: bytes | None = None
    """The cached ``DocBin`` bytes, restored instead of parsing when valid."""
    cached_parse: bool = False
    """A parse is in the cache; its bytes are read only when the chunk is sent (``prepare``),
    so a re-run over a big archive never holds every parse in memory at once."""
    want_parse: bool = True
    """Return the parse bytes of a new parse (False when there is no cache to keep them)."""
    key: str = ""
    """The annotation cache key (names the Dask task, tells the parent where to write)."""
    parse_key: str = ""
    """The parse cache key."""


@dataclass(frozen=True)
class Outcome:
    """What a worker hands back for one :class:`Task`."""

    annotation: bytes
    """The annotation as the cache stores it (UTF-8 JSON, sorted keys)."""
    parse: bytes | None
    """``DocBin`` bytes of a parse made now; None when the cached one was used (or unwanted)."""
    parsed: bool
    """Whether the pipeline ran for this article."""
    note: str | None = None
    """Why a cached parse was not used (it could not be decoded or is for another text)."""
    fingerprint: str = ""
    """The worker's :func:`fingerprint`: the parent caches the outcome only if it is its own."""
    worker: str = ""
    """``host:pid`` of the process that made it (how many processes really took part)."""
    failed: str | None = None
    """Why the rules failed on this article (a bug, never the text's fault): the annotation
    is then the bare article, published without glossary or quotes, and never cached."""


def fingerprint(model: str) -> str:
    """What the cache keys assume about the process that made an entry: the pipeline and
    spaCy (the parse salt) and briefgen's rule code.

    A Dask worker with another briefgen or pipeline version, or a worker process started after
    a rule module was edited on disk, differs here; its results must not be filed under keys
    that the parent computed for its own code.
    """
    pipeline = installed_model_id(model)
    parse = hashlib.sha256(parse_salt(pipeline).encode()).hexdigest()[:8]
    return f"pipeline {pipeline}, parse settings {parse}, rule code {cachestore.code_version()}"


def encode_annotation(annotation: object) -> bytes:
    """The cache's byte form of an annotation; one function so every path writes the same."""
    return json.dumps(to_jsonable(annotation), ensure_ascii=False, sort_keys=True).encode()


def encode_parse(doc: Doc) -> bytes:
    """One parsed ``Doc`` as ``DocBin`` bytes (deterministic: spaCy sorts the strings)."""
    from spacy.tokens import DocBin

    return DocBin(attrs=PARSE_ATTRS, store_user_data=True, docs=[doc]).to_bytes()


def decode_parse(data: bytes, nlp: Language, text: str) -> Doc:
    """Restore a cached parse into ``nlp``'s vocabulary; ValueError if it is not ``text``'s.

    The pipeline's own vocabulary matters: the rules read its lexeme flags and the word list
    that ``nlp.share_word_list`` put on it.  zlib's checksum catches damaged bytes.
    """
    from spacy.tokens import DocBin

    try:
        docs = list(DocBin().from_bytes(data).get_docs(nlp.vocab))
    except Exception as exc:  # msgpack, zlib and numpy each raise their own kind
        raise ValueError(f"cannot decode ({type(exc).__name__}: {exc})") from exc
    if len(docs) != 1 or docs[0].text != text:
        raise ValueError("holds another text")
    return docs[0]


def process_chunk(
    model: str,
    glossary: Sequence[GlossaryEntry],
    tasks: Sequence[Task],
    nlp: Language | None = None,
) -> list[Outcome]:
    """Parse (or restore) and annotate ``tasks``; the same result in whatever process it runs."""
    from briefgen.annotate import annotate_doc

    with _PIPELINE_LOCK:
        nlp = nlp if nlp is not None else load_pipeline(model)
        docs: list[Doc | None] = [None] * len(tasks)
        notes: list[str | None] = [None] * len(tasks)
        for i, task in enumerate(tasks):
            if task.parse is not None:
                try:
                    docs[i] = decode_parse(task.parse, nlp, task.text)
                except ValueError as exc:
                    notes[i] = str(exc)
        fresh = [i for i, d in enumerate(docs) if d is None]
        for i, doc in zip(
            fresh, nlp.pipe((tasks[i].text for i in fresh), batch_size=PIPE_BATCH), strict=True
        ):
            docs[i] = doc
        mid = model_id(nlp)
        mark = fingerprint(model)
        me = f"{socket.gethostname()}:{os.getpid()}"
        fresh_set = set(fresh)
        out = []
        for i, (task, doc) in enumerate(zip(tasks, docs, strict=True)):
            assert doc is not None
            failed = None
            try:
                ann = annotate_doc(doc, task.article, glossary, model=mid)
            except Exception as exc:  # one article's rule bug must not stop a build
                failed = f"{type(exc).__name__}: {exc}"
                sentences = tuple((s.start_char, s.end_char) for s in doc.sents if s.text.strip())
                ann = Annotation(article=task.article, sentences=sentences, model=mid)
            new = i in fresh_set
            out.append(
                Outcome(
                    annotation=encode_annotation(ann),
                    parse=encode_parse(doc) if new and task.want_parse else None,
                    parsed=new,
                    note=notes[i],
                    fingerprint=mark,
                    worker=me,
                    failed=failed,
                )
            )
        return out


def chunked(tasks: Sequence[Task], size: int = CHUNK_SIZE) -> list[list[Task]]:
    """``tasks`` in consecutive chunks of at most ``size``."""
    return [list(tasks[i : i + size]) for i in range(0, len(tasks), size)]


def task_cost(task: Task) -> float:
    """Estimated work of a task in words parsed (rules over a cached parse are cheaper)."""
    words = task.text.count(" ") + 1
    rules_only = task.parse is not None or task.cached_parse
    return words * (RULES_ONLY_WEIGHT if rules_only else 1.0)


def usable_cores() -> int:
    """Cores this process may run on (the affinity mask, not the machine's total)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def choose_processes(jobs: int, tasks: Sequence[Task]) -> int:
    """How many processes to annotate ``tasks`` with.

    ``jobs`` 0 means "what is fastest": every usable core when the work outweighs the start-up
    of worker processes, else one.  A positive ``jobs`` is taken as asked (capped by the number
    of chunks, since a process without a chunk would only load the pipeline for nothing).
    """
    chunks = -(-len(tasks) // CHUNK_SIZE)
    if jobs > 0:
        return max(1, min(jobs, chunks))
    if sum(task_cost(t) for t in tasks) < PARALLEL_MIN_WORDS:
        return 1
    return max(1, min(usable_cores(), chunks))


OnDone = Callable[[list[Task], list[Outcome]], None]
#: Turns a chunk into what is sent to a worker (reads its cached parses); called at dispatch.
Prepare = Callable[[list[Task]], list[Task]]


def _as_is(chunk: list[Task]) -> list[Task]:
    return chunk


class Runner(Protocol):
    """Something that runs :func:`process_chunk` over chunks and reports each result."""

    processes: int
    """How many processes (or Dask workers) share the work."""
    chunk_size: int
    """Articles per call of :func:`process_chunk`."""

    def run(
        self, model: str, glossary: tuple[GlossaryEntry, ...], chunks: list[list[Task]],
        on_done: OnDone, prepare: Prepare = _as_is,
    ) -> list[str]:
        """Send ``prepare(chunk)`` for each chunk, call ``on_done(chunk, outcomes)`` with the
        chunk as given; return warnings worth showing."""
        ...


def _warm_worker(model: str) -> None:
    """Pool initializer: load the pipeline while the parent is already busy with a chunk."""
    load_pipeline(model)


class LocalRunner:
    """Runs chunks in this process and in ``processes - 1`` worker processes beside it.

    The parent works too instead of waiting: on a 2-core machine that is one worker process,
    not two, so one pipeline load fewer.  Workers are started with ``spawn`` (a fork of a build
    process that runs a live-reload server's threads could inherit a held lock).  If a worker
    dies, its chunk and the rest are finished here, with a warning.
    """

    chunk_size = CHUNK_SIZE

    def __init__(self, processes: int, nlp: Callable[[], Language]) -> None:
        self.processes = processes
        self._nlp = nlp

    def run(
        self, model: str, glossary: tuple[GlossaryEntry, ...], chunks: list[list[Task]],
        on_done: OnDone, prepare: Prepare = _as_is,
    ) -> list[str]:
        pending = deque(chunks)
        warnings: list[str] = []
        if self.processes > 1 and len(pending) > 1:
            warnings += self._run_pool(model, glossary, pending, on_done, prepare)
        while pending:
            chunk = pending.popleft()
            on_done(chunk, process_chunk(model, glossary, prepare(chunk), self._nlp()))
        return warnings

    def _run_pool(
        self, model: str, glossary: tuple[GlossaryEntry, ...], pending: deque[list[Task]],
        on_done: OnDone, prepare: Prepare,
    ) -> list[str]:
        workers = self.processes - 1
        pool = ProcessPoolExecutor(
            workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_warm_worker,
            initargs=(model,),
        )
        inflight: dict[Future[list[Outcome]], list[Task]] = {}
        try:
            while pending or inflight:
                # Workers take chunks from the back, the parent from the front: the queue
                # drains from both ends and nobody waits on a chunk someone else holds.
                # One queued chunk per worker beyond the one it runs keeps it busy between
                # results; the last pending chunk is always left to the parent, which would
                # otherwise sit idle while a worker that is still starting holds all the work.
                while len(pending) > 1 and len(inflight) < 2 * workers:
                    chunk = pending.pop()
                    inflight[pool.submit(process_chunk, model, glossary, prepare(chunk))] = chunk
                for fut in [f for f in inflight if f.done()]:
                    chunk = inflight.pop(fut)
                    try:
                        outcomes = fut.result()
                    except BrokenProcessPool as exc:
                        pending.extend([chunk, *inflight.values()])
                        inflight.clear()
                        return [f"a worker process stopped ({exc}); finished in this process"]
                    on_done(chunk, outcomes)
                if pending:
                    chunk = pending.popleft()
                    on_done(chunk, process_chunk(model, glossary, prepare(chunk), self._nlp()))
                elif inflight:
                    wait(inflight, return_when=FIRST_COMPLETED)
            return []
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
