"""Annotating an archive: every core of this machine, or the workers of a Dask cluster.

``briefgen annotate`` fills the same content-addressed cache that ``mkdocs build`` reads, so
the expensive part of a big site can run anywhere beforehand.  On a cluster, each Dask task is
one :func:`briefgen.batch.process_chunk` call: the worker loads the pipeline once per process
(``load_pipeline`` is cached) and sends back bytes; only this client process writes the cache,
one atomic file per entry as each task finishes.  A task whose worker dies is rescheduled by
the scheduler, a task that raised is retried (``retries``), and nothing from an unfinished task
ever reaches the cache.

Dask is an optional extra (``pip install 'briefgen[dask]'``): it is imported only here, only
when a cluster is asked for.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefgen.annotate import AnnotateStats, Annotator
from briefgen.batch import CHUNK_SIZE, OnDone, Prepare, Task, process_chunk
from briefgen.errors import BriefgenError, SourceError
from briefgen.model import GlossaryEntry
from briefgen.pipeline import expand, read_all

if TYPE_CHECKING:
    from distributed import Client

#: Seconds to wait for a remote scheduler before giving up with a message.
CONNECT_TIMEOUT = 30


class DaskMissingError(BriefgenError):
    """The Dask path needs dask.distributed: pip install 'briefgen[dask]'."""

    def __init__(self) -> None:
        super().__init__(
            "--scheduler and --workers need Dask's distributed scheduler, which is not "
            "installed: pip install 'briefgen[dask]' (or 'dask[distributed]')"
        )


def _distributed() -> Any:
    try:
        import distributed
    except ImportError as exc:
        raise DaskMissingError() from exc
    return distributed


@contextmanager
def dask_client(scheduler: str | None = None, workers: int | None = None) -> Iterator[Client]:
    """A client of the scheduler at ``scheduler``, or of a new local cluster of ``workers``.

    Local workers are processes with one thread each: spaCy holds the GIL while it parses, so
    threads would only queue behind each other.
    """
    distributed = _distributed()
    if scheduler:
        try:
            client = distributed.Client(scheduler, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError) as exc:
            raise BriefgenError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
        with client:
            try:
                # Without a worker the tasks would wait for ever behind a silent progress bar.
                client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
            except TimeoutError as exc:
                raise BriefgenError(
                    f"the Dask scheduler at {scheduler} has no workers after "
                    f"{CONNECT_TIMEOUT} s; start some (dask worker {scheduler} --nthreads 1)"
                ) from exc
            yield client
        return
    with (
        distributed.LocalCluster(
            n_workers=workers or 1,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


class DaskRunner:
    """Runs chunks as Dask tasks, at most ``window`` at a time, and reports each as it lands.

    The window bounds what the client holds in memory (results are written and dropped one
    by one), so an archive of any size streams through.  Task keys are derived from the cache
    keys of their articles: two clients annotating the same texts share the work.
    """

    def __init__(
        self,
        client: Client,
        *,
        chunk_size: int = CHUNK_SIZE,
        retries: int = 3,
        window: int | None = None,
    ) -> None:
        self.client = client
        self.chunk_size = chunk_size
        self.retries = retries
        self.processes = max(1, len(client.scheduler_info().get("workers", {})))
        self.window = window or 4 * self.processes

    def run(
        self,
        model: str,
        glossary: tuple[GlossaryEntry, ...],
        chunks: list[list[Task]],
        on_done: OnDone,
        prepare: Prepare = lambda chunk: chunk,
    ) -> list[str]:
        distributed = _distributed()
        pending = deque(chunks)
        inflight: dict[Any, list[Task]] = {}
        done = distributed.as_completed()

        def submit() -> None:
            chunk = pending.popleft()
            future = self.client.submit(
                process_chunk,
                model,
                glossary,
                prepare(chunk),
                key=f"briefgen-annotate-{chunk[0].key[:24]}-{len(chunk)}",
                retries=self.retries,
                pure=False,
            )
            inflight[future] = chunk
            done.add(future)

        while pending and len(inflight) < self.window:
            submit()
        for future in done:
            chunk = inflight.pop(future)
            try:
                outcomes = future.result()
            except Exception as exc:
                for other in inflight:
                    other.cancel()
                raise BriefgenError(
                    f"a Dask task failed after {self.retries} retries ({type(exc).__name__}: "
                    f"{exc}); what finished is in the cache, run again to resume"
                ) from exc
            future.release()
            on_done(chunk, outcomes)
            while pending and len(inflight) < self.window:
                submit()
        return []


@dataclass
class ArchiveResult:
    """What ``briefgen annotate`` did."""

    sources: int
    stats: AnnotateStats
    errors: list[SourceError] = field(default_factory=list)
    warnings: list[SourceError] = field(default_factory=list)

    def summary(self) -> str:
        s = self.stats
        where = f" on {s.processes} {'workers' if s.processes != 1 else 'worker'}" \
            if s.processes else ""
        problems = len(self.errors) + len(self.warnings) + len(s.corrupt)
        return (
            f"{self.sources} sources, {s.annotated} annotated ({s.parsed} parsed){where}, "
            f"{s.cached} from cache, {problems} warnings"
        )


def annotate_archive(
    paths: Sequence[Path],
    *,
    model: str,
    cache_dir: Path | None,
    glossary: Sequence[GlossaryEntry],
    jobs: int = 0,
    scheduler: str | None = None,
    workers: int | None = None,
    chunk_size: int = CHUNK_SIZE,
    retries: int = 3,
    progress: Callable[[int], None] | None = None,
    on_start: Callable[[int], None] | None = None,
) -> ArchiveResult:
    """Annotate every source under ``paths`` into ``cache_dir``; unreadable ones are reported.

    With neither ``scheduler`` nor ``workers`` the work stays on this machine (``jobs``).
    """
    items, errors, warnings = read_all(expand(paths))
    if scheduler or workers:
        with dask_client(scheduler, workers) as client:
            runner = DaskRunner(client, chunk_size=chunk_size, retries=retries)
            annotator = Annotator(model, cache_dir, glossary, runner=runner)
            _, stats = annotator.annotate(items, progress=progress, on_start=on_start)
    else:
        annotator = Annotator(model, cache_dir, glossary, jobs=jobs)
        _, stats = annotator.annotate(items, progress=progress, on_start=on_start)
    return ArchiveResult(len(items) + len(errors), stats, errors, warnings)
