"""Golden files and byte stability of the sample site.

Three builds of the repository's own ``mkdocs.yml`` and ``sources/``, each in a subprocess:
two from an empty cache under different ``PYTHONHASHSEED`` values (set and dict order must not
leak into the output) and one from the first build's warm cache (cached annotations must give
what fresh ones give).  Their sites must be equal byte for byte.  The first build's generated
pages and feed, and ``briefgen inspect --json`` of every sample, are compared with
``tests/golden/``, which changes only when asked: ``pytest --regen-golden`` (or
``BRIEFGEN_REGEN_GOLDEN=1``), then review the change with ``git diff tests/golden``.

The golden set is kept small: every sample's JSON, one page of each kind (a briefing of each
source format, two entity pages, each index) in full, and the SHA-256 of every generated page
so a change anywhere is caught and named.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen.cli import main

pytestmark = pytest.mark.model

REPO = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).resolve().parent / "golden"
#: Any absolute address: with one the build writes feed.xml, which is pinned too.
SITE_URL = "https://briefings.example.org/"
#: Pages kept in full, one of each kind; every other page is pinned by its digest.
PINNED_PAGES = (
    "index.md",
    "briefings/index.md",
    # One briefing per source format: .md, .txt (scraped), .html (saved page).
    "briefings/london-summit-starmer-says-europe-will-build-a-coalition-of-the-willing-for.md",
    "briefings/paris-talks-macron-says-britain-and-france-will-lead-reassurance-force-for.md",
    "briefings/rutte-pushes-allies-towards-a-5-target-as-nato-ministers-meet-in-antalya.md",
    "entities/index.md",
    "entities/a-z/k.md",
    "entities/keir-starmer.md",
    "entities/nato.md",
    "quotes/index.md",
    "quotes/k.md",
    "timeline/index.md",
    "timeline/2025-03.md",
    "map/index.md",
    "feed.xml",
)
#: MkDocs writes each page's build date into the sitemap (``<lastmod>``): a build on another
#: day differs there and nowhere else, so only these files are left out of the comparison.
DATED_FILES = frozenset({"sitemap.xml", "sitemap.xml.gz"})

_BUILD = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config

config_file, site_dir, site_url, cache_dir = sys.argv[1:5]
config = load_config(config_file, site_dir=site_dir, site_url=site_url, strict=True)
config.plugins["briefgen"].config["cache_dir"] = cache_dir
build(config)
"""


@dataclass(frozen=True)
class Build:
    site: Path
    cache: Path


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Build]:
    """``cold-1`` and ``cold-2``: empty caches, two hash seeds; ``warm``: ``cold-1``'s cache."""
    root = tmp_path_factory.mktemp("golden")
    plan = {
        "cold-1": Build(root / "site-1", root / "cache-1"),
        "cold-2": Build(root / "site-2", root / "cache-2"),
        "warm": Build(root / "site-warm", root / "cache-1"),
    }
    seeds = {"cold-1": "1", "cold-2": "4242", "warm": "3"}
    # The warm build needs the first one's cache; the second cold build shares nothing with
    # the warm one, so those two run side by side.
    for batch in (("cold-1",), ("cold-2", "warm")):
        logs = {name: root / f"{name}.log" for name in batch}
        running = [(name, _build(plan[name], seeds[name], logs[name])) for name in batch]
        for name, proc in running:
            proc.wait(timeout=900)
            err = logs[name].read_text(encoding="utf-8", errors="replace")
            assert proc.returncode == 0, f"{name} build failed:\n{err[-4000:]}"
    return plan


def _build(build: Build, seed: str, log: Path) -> subprocess.Popen[bytes]:
    """Start one build; its log goes to a file (a pipe nobody reads could fill and stall it)."""
    env = {**os.environ, "PYTHONHASHSEED": seed, "NO_MKDOCS_2_WARNING": "1"}
    args = [str(REPO / "mkdocs.yml"), str(build.site), SITE_URL, str(build.cache)]
    with log.open("wb") as err:
        return subprocess.Popen(
            [sys.executable, "-c", _BUILD, *args],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=err,
        )


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_builds_are_byte_identical_across_hash_seeds_and_from_a_warm_cache(
    builds: dict[str, Build],
) -> None:
    __tracebackhide__ = True
    first = {k: v for k, v in _tree(builds["cold-1"].site).items() if k not in DATED_FILES}
    assert "feed.xml" in first and any(k.startswith("pagefind/") for k in first)
    for name in ("cold-2", "warm"):
        other = {k: v for k, v in _tree(builds[name].site).items() if k not in DATED_FILES}
        assert sorted(other) == sorted(first), f"{name}: another set of files"
        differ = [k for k in first if first[k] != other[k]]
        if differ:
            pytest.fail(
                f"{name} differs from cold-1 in {len(differ)} files, first {differ[0]}:\n"
                + _diff(first[differ[0]], other[differ[0]], "cold-1", name)
            )


def generated_files(build: Build) -> dict[str, str]:
    """What the briefgen plugin generated in ``build``: its staged pages and the feed."""
    files = {
        rel: data.decode("utf-8") for rel, data in _tree(build.cache / "pages").items()
    }
    files["feed.xml"] = (build.site / "feed.xml").read_text(encoding="utf-8")
    return files


def test_generated_pages_match_the_golden_files(
    builds: dict[str, Build], regen_golden: bool
) -> None:
    files = generated_files(builds["cold-1"])
    missing = [p for p in PINNED_PAGES if p not in files]
    assert not missing, f"pinned pages the build no longer generates: {missing}"
    expected = {rel: files[rel] for rel in PINNED_PAGES}
    digests = "".join(
        f"{hashlib.sha256(text.encode('utf-8')).hexdigest()}  {rel}\n"
        for rel, text in sorted(files.items())
    )
    # The digest list comes last: a pinned page's own diff is the more readable report.
    _check_golden(GOLDEN / "pages", expected, regen_golden)
    _check_golden(GOLDEN, {"pages.sha256": digests}, regen_golden, stale=False)


def test_inspect_json_of_every_sample_matches_the_golden_files(
    builds: dict[str, Build], regen_golden: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)  # sources are named relative to the project, as users run it
    cache = str(builds["cold-1"].cache)
    result = CliRunner().invoke(main, ["inspect", "--json", "--cache-dir", cache, "sources"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert list(payload) == ["briefings"]
    sources = [b["source"] for b in payload["briefings"]]
    assert sources == sorted(sources) and len(sources) == len(set(sources)) == 13
    files = {
        Path(b["source"]).stem + ".json": json.dumps(b, ensure_ascii=False, indent=2) + "\n"
        for b in payload["briefings"]
    }
    _check_golden(GOLDEN / "inspect", files, regen_golden)


def test_export_writes_exactly_what_the_build_publishes(
    builds: dict[str, Build], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build = builds["cold-1"]
    monkeypatch.chdir(REPO)  # export reads this project's mkdocs.yml, as a build does
    out = tmp_path / "export"
    args = ["export", str(out), "--cache-dir", str(build.cache), "--site-url", SITE_URL]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    exported = _tree(out)
    published = {rel: text.encode("utf-8") for rel, text in generated_files(build).items()}
    # The stylesheet and scripts the plugin added, as they landed in the site.
    published |= {
        f"assets/{p.name}": p.read_bytes() for p in (build.site / "assets").glob("briefgen*")
    }
    assert "index.md" in exported and "assets/briefgen.css" in exported
    assert sorted(exported) == sorted(published)
    differ = [rel for rel in published if exported[rel] != published[rel]]
    assert not differ, _diff(published[differ[0]], exported[differ[0]], "build", "export")


def _check_golden(
    folder: Path, actual: dict[str, str], regen: bool, *, stale: bool = True
) -> None:
    """Compare ``actual`` ({path under folder: text}) with the files in ``folder``.

    With ``regen`` the folder is rewritten instead (and, with ``stale``, files no longer
    produced are removed).  A mismatch fails with a unified diff of the first differing file.
    """
    __tracebackhide__ = True  # the report is the diff below, not this function's source
    if regen:
        if stale and folder.is_dir():
            for path in folder.rglob("*"):
                if path.is_file() and path.relative_to(folder).as_posix() not in actual:
                    path.unlink()
        for rel, text in actual.items():
            target = folder / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(text.encode("utf-8"))
        return
    hint = "regenerate with `pytest --regen-golden` if the change is intended"
    for rel in sorted(actual):
        path = folder / rel
        if not path.is_file():
            pytest.fail(f"{path} is missing; {hint}")
        expected = path.read_bytes()
        if expected != actual[rel].encode("utf-8"):
            others = sum(
                (folder / r).is_file() and (folder / r).read_bytes() != actual[r].encode("utf-8")
                for r in actual
            ) - 1
            name = path.relative_to(REPO).as_posix() if path.is_relative_to(REPO) else str(path)
            pytest.fail(
                f"{name} differs from the output ({others} more golden files differ); {hint}\n"
                + _diff(expected, actual[rel].encode("utf-8"), name, "output")
            )
    if stale:
        extra = sorted(
            p.relative_to(folder).as_posix()
            for p in folder.rglob("*")
            if p.is_file() and p.relative_to(folder).as_posix() not in actual
        )
        assert not extra, f"golden files nothing produces any more: {extra}; {hint}"


def test_a_golden_mismatch_fails_with_a_unified_diff_of_the_first_file(tmp_path: Path) -> None:
    folder = tmp_path / "golden"
    pages = {"a.md": "# A\n\nOne.\n", "b/c.md": "# C\n\nTwo.\nThree.\n"}
    _check_golden(folder, pages, regen=True)
    _check_golden(folder, pages, regen=False)  # what was written compares equal
    changed = {"a.md": "# A\n\nOne.\n", "b/c.md": "# C\n\nTwo!\nThree.\n"}
    with pytest.raises(pytest.fail.Exception) as failed:
        _check_golden(folder, changed, regen=False)
    message = str(failed.value)
    assert "b/c.md differs from the output (0 more golden files differ)" in message
    assert "--regen-golden" in message
    assert "\n-Two.\n+Two!\n" in message and "+++ output" in message
    # A file nothing produces any more is reported, and removed by a regeneration.
    with pytest.raises(AssertionError, match="nothing produces any more"):
        _check_golden(folder, {"a.md": pages["a.md"]}, regen=False)
    _check_golden(folder, {"a.md": pages["a.md"]}, regen=True)
    assert sorted(p.name for p in folder.rglob("*.md")) == ["a.md"]


def _diff(expected: bytes, actual: bytes, before: str, after: str, limit: int = 120) -> str:
    """A unified diff of two texts, cut at ``limit`` lines so one bad page stays readable."""
    lines = list(
        difflib.unified_diff(
            expected.decode("utf-8", "replace").splitlines(keepends=True),
            actual.decode("utf-8", "replace").splitlines(keepends=True),
            fromfile=before,
            tofile=after,
        )
    )
    cut = f"... {len(lines) - limit} more diff lines\n" if len(lines) > limit else ""
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines[:limit]) + cut
