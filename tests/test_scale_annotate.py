"""Annotation on several processes and on a Dask cluster: the cache must come out
byte-identical to a single-process run, whatever path made it and whatever died on the way."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen.annotate import Annotator
from briefgen.cli import main
from briefgen.glossary import load_glossary
from briefgen.pipeline import expand, read_all, run
from briefgen.scale import DaskMissingError, DaskRunner, annotate_archive

pytestmark = pytest.mark.model

REPO = Path(__file__).resolve().parents[1]
SOURCES = REPO / "sources"


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
            if p.is_file()}


@pytest.fixture(scope="module")
def samples():
    items, errors, _ = read_all(expand([SOURCES]), REPO)
    assert len(items) == 13 and not errors
    return items, load_glossary(SOURCES / "glossary.yml")


@pytest.fixture(scope="module")
def reference(samples, tmp_path_factory) -> dict[str, bytes]:
    """Both cache layers of the samples as one process writes them."""
    items, glossary = samples
    cache = tmp_path_factory.mktemp("reference")
    _, stats = Annotator(cache_dir=cache, glossary=glossary, jobs=1).annotate(items)
    assert (stats.processes, stats.parsed) == (1, 13)
    files = _files(cache)
    assert len(files) == 26, sorted(files)  # 13 parses + 13 annotations
    return files


@pytest.fixture(scope="module")
def client():
    """Two worker processes of one thread each; every test here shares them (start-up and the
    pipeline load per worker cost seconds)."""
    from distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as c,
    ):
        c.wait_for_workers(2)
        yield c


def test_two_local_processes_write_the_same_bytes(samples, reference, tmp_path: Path) -> None:
    items, glossary = samples
    _, stats = Annotator(cache_dir=tmp_path, glossary=glossary, jobs=2).annotate(items)
    assert (stats.processes, stats.annotated, stats.parsed) == (2, 13, 13)
    assert not stats.corrupt, stats.corrupt
    assert _files(tmp_path) == reference


def test_dask_cluster_writes_the_same_bytes(samples, reference, client, tmp_path) -> None:
    items, glossary = samples
    runner = DaskRunner(client, chunk_size=3)
    annotator = Annotator(cache_dir=tmp_path, glossary=glossary, runner=runner)
    _, stats = annotator.annotate(items)
    assert (stats.processes, stats.annotated, stats.parsed) == (2, 13, 13)
    assert not stats.corrupt, stats.corrupt
    assert annotator._nlp is None, "the client itself never parses"
    assert _files(tmp_path) == reference
    # Both workers loaded the pipeline and took a share of the work.
    loaded = client.run(lambda: "briefgen.nlp" in sys.modules)
    assert list(loaded.values()) == [True, True]


def test_worker_killed_mid_run_loses_and_corrupts_nothing(
    samples, reference, client, tmp_path: Path
) -> None:
    items, glossary = samples
    pids = client.run(os.getpid)
    killed: list[int] = []

    done: list[int] = []

    def kill_a_busy_worker(n: int) -> None:
        done.append(n)
        if killed:
            return
        assert sum(done) < 13, "the kill must come while the run is under way"
        # Prefer a worker that holds a task right now; between two tasks, either will do.
        busy = [addr for addr, keys in client.processing().items() if keys] or sorted(pids)
        killed.append(pids[busy[0]])
        os.kill(pids[busy[0]], signal.SIGKILL)

    runner = DaskRunner(client, chunk_size=1, retries=2)
    annotator = Annotator(cache_dir=tmp_path, glossary=glossary, runner=runner)
    anns, stats = annotator.annotate(items, progress=kill_a_busy_worker)
    assert killed, "no worker was killed"
    assert len(anns) == 13 and stats.annotated == 13
    assert not stats.corrupt, stats.corrupt
    assert _files(tmp_path) == reference
    assert not list(tmp_path.rglob(".tmp-*"))
    # The nanny replaced the dead process; the cluster is whole again for the next test.
    client.wait_for_workers(2, timeout=60)
    assert killed[0] not in client.run(os.getpid).values()


def test_cli_annotate_on_the_cluster_then_a_build_annotates_nothing(
    samples, reference, client, tmp_path: Path, monkeypatch
) -> None:
    # From the project folder, as a user runs it (the cache stores sources' display paths).
    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(
        main,
        ["annotate", "sources", "--scheduler", client.scheduler.address,
         "--cache-dir", str(tmp_path / "cache"), "--chunk-size", "4"],
    )
    assert result.exit_code == 0, result.output
    assert "briefgen: 13 sources, 13 annotated (13 parsed) on 2 workers, 0 from cache, " \
        "0 warnings" in result.stderr
    assert _files(tmp_path / "cache") == reference
    # What `mkdocs build` runs, as the plugin sets it up: every source from the cache.
    _, glossary = samples
    built = run(expand([SOURCES]), Annotator("en_core_web_sm", tmp_path / "cache", glossary),
                glossary=glossary, root=REPO)
    assert built.summary() == "13 sources, 0 annotated, 13 from cache, 0 warnings"


def test_cli_annotate_locally_reports_cache_and_bad_sources(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    src = tmp_path / "src"
    src.mkdir()
    (src / "good.md").write_text(
        "---\ntitle: Ferry fares frozen\ndate: 2025-03-02\n---\n\nHarbour Minister Ana "
        "Lindqvist froze ferry fares on Sunday, the ministry said in Tallinn.\n",
        encoding="utf-8",
    )
    (src / "empty.md").write_text("", encoding="utf-8")
    first = CliRunner().invoke(main, ["annotate", "src", "--jobs", "1", "--cache-dir", "c"])
    assert first.exit_code == 1
    assert "src/empty.md:1: empty file" in first.stderr
    assert "briefgen: 2 sources, 1 annotated (1 parsed) on 1 worker, 0 from cache" \
        in first.stderr
    again = CliRunner().invoke(main, ["annotate", "src", "--cache-dir", "c"])
    assert "briefgen: 2 sources, 0 annotated (0 parsed), 1 from cache" in again.stderr


def test_cli_annotate_rejects_scheduler_with_workers() -> None:
    result = CliRunner().invoke(main, ["annotate", "--scheduler", "tcp://h:1", "--workers", "2"])
    assert result.exit_code == 2
    assert "give --scheduler or --workers, not both" in result.output


def test_missing_dask_says_how_to_install(tmp_path: Path, monkeypatch) -> None:
    # A None entry makes `import distributed` raise ImportError, as on a machine without it.
    monkeypatch.setitem(sys.modules, "distributed", None)
    src = tmp_path / "one.md"
    src.write_text("---\ntitle: One\n---\n\nA short text.\n", encoding="utf-8")
    with pytest.raises(DaskMissingError, match=r"pip install 'briefgen\[dask\]'"):
        annotate_archive([src], model="en_core_web_sm", cache_dir=tmp_path / "c",
                         glossary=(), workers=2)


@pytest.mark.parametrize("case", ["unreachable", "no-workers"])
# Two clusters at once (the module's and this empty one) both ask for the default HTTP port.
@pytest.mark.filterwarnings("ignore:Port 8787 is already in use")
def test_a_scheduler_that_cannot_work_fails_with_a_message(
    case: str, tmp_path: Path, monkeypatch
) -> None:
    from distributed import LocalCluster

    from briefgen import scale
    from briefgen.errors import BriefgenError

    monkeypatch.setattr(scale, "CONNECT_TIMEOUT", 2)
    src = tmp_path / "one.md"
    src.write_text("---\ntitle: One\n---\n\nA short text.\n", encoding="utf-8")

    def attempt(address: str) -> None:
        annotate_archive([src], model="en_core_web_sm", cache_dir=tmp_path / "c", glossary=(),
                         scheduler=address)

    if case == "unreachable":
        # Port 9 on the loopback: nothing listens there.
        with pytest.raises(BriefgenError, match="cannot reach the Dask scheduler at tcp://127"):
            attempt("tcp://127.0.0.1:9")
    else:
        with LocalCluster(n_workers=0, dashboard_address=None) as empty, \
                pytest.raises(BriefgenError, match="has no workers after 2 s; start some"):
            attempt(empty.scheduler_address)
    assert not (tmp_path / "c").exists()
